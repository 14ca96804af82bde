"""The admin site: Django's, with its login form throttled.

Its own module (not ``shopsite/admin.py``): ``admin.site`` is built from this class when
first used, and a module that also registers models on it would be imported twice over.
"""
from django.contrib import admin
from django.http import HttpResponse

from shopsite.throttling import STAFF_LOGIN_THROTTLES, page_throttle_wait


class ShopsiteAdminSite(admin.AdminSite):
    """Django's admin site (``admin.site``), its login form throttled per address and per
    username together with the agent grant: staff passwords open every customer's data."""

    def login(self, request, extra_context=None):
        wait = page_throttle_wait(request, STAFF_LOGIN_THROTTLES)
        if wait is not None:
            response = HttpResponse("Too many login attempts; try again later.", status=429,
                                    content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(int(wait + 0.999))
            return response
        return super().login(request, extra_context)
