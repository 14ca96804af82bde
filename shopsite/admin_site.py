"""The admin site: Django's, with its login form throttled and lookups kept safe.

Its own module (not ``shopsite/admin.py``): ``admin.site`` is built from this class when
first used, and a module that also registers models on it would be imported twice over.
"""
from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect

from shopsite.lookups import has_nul
from shopsite.throttling import STAFF_LOGIN_THROTTLES, page_throttle_wait

# Fields that hold secrets (hashes of passwords, tokens and client secrets): never a lookup.
SECRET_FIELDS = {"password", "token_hash", "secret_hash"}


def _primary_keys(model_admin, values):
    """Whether every value reads as a primary key of the ModelAdmin's model."""
    if not values or not isinstance(model_admin, admin.ModelAdmin):
        return True
    try:
        for value in values:
            model_admin.model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True


class ShopsiteAdminSite(admin.AdminSite):
    """Django's admin site (``admin.site``), its login form throttled per address and per
    username together with the agent grant: staff passwords open every customer's data."""

    def admin_view(self, view, cacheable=False):
        """Every admin page (each ModelAdmin's lists, filters, searches, autocompletes,
        actions and forms, Django's own included):

        - a query string holding a NUL, which no database can look up (see
          shopsite.lookups), or a lookup on a secret (a password or token hash: an
          oracle, character by character, for whoever may view the list) is answered as
          Django answers a list's invalid lookup: the page again, with ``?e=1`` only;
        - a posted value holding a NUL, or ids an action cannot read (``_selected_action``
          that is no primary key), is a 400, never a 500.
        """

        model_admin = getattr(view, "__self__", None)  # the ModelAdmin of its list and forms

        def guarded(request, *args, **kwargs):
            if any(has_nul(value) for _, values in request.GET.lists() for value in values) or any(
                part in SECRET_FIELDS for key in request.GET for part in key.split("__")
            ):
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            if request.method == "POST" and any(
                has_nul(value) for _, values in request.POST.lists() for value in values
            ):
                return HttpResponseBadRequest("The form holds a NUL character.", content_type="text/plain")
            if request.method == "POST" and not _primary_keys(model_admin, request.POST.getlist(ACTION_CHECKBOX_NAME)):
                return HttpResponseBadRequest("The action names records by invalid ids.", content_type="text/plain")
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(guarded, view), cacheable)

    def login(self, request, extra_context=None):
        wait = page_throttle_wait(request, STAFF_LOGIN_THROTTLES)
        if wait is not None:
            response = HttpResponse("Too many login attempts; try again later.", status=429,
                                    content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(int(wait + 0.999))
            return response
        return super().login(request, extra_context)
