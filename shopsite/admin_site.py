"""The admin site: Django's, with its login form throttled and NUL-safe lookups.

Its own module (not ``shopsite/admin.py``): ``admin.site`` is built from this class when
first used, and a module that also registers models on it would be imported twice over.
"""
from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponse, HttpResponseRedirect

from shopsite.lookups import has_nul
from shopsite.throttling import STAFF_LOGIN_THROTTLES, page_throttle_wait


class ShopsiteAdminSite(admin.AdminSite):
    """Django's admin site (``admin.site``), its login form throttled per address and per
    username together with the agent grant: staff passwords open every customer's data."""

    def admin_view(self, view, cacheable=False):
        """Every admin page (each ModelAdmin's lists, filters, searches, autocompletes and
        forms, Django's own included): a query string holding a NUL, which no database
        can look up (see shopsite.lookups), is answered as Django answers a list's invalid
        lookup: the page again, with ``?e=1`` only."""

        def refuse_nul(request, *args, **kwargs):
            if any(has_nul(value) for _, values in request.GET.lists() for value in values):
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(refuse_nul, view), cacheable)

    def login(self, request, extra_context=None):
        wait = page_throttle_wait(request, STAFF_LOGIN_THROTTLES)
        if wait is not None:
            response = HttpResponse("Too many login attempts; try again later.", status=429,
                                    content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(int(wait + 0.999))
            return response
        return super().login(request, extra_context)
