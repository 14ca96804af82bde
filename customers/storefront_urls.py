"""Storefront pages under /account/ and /s/{site_id}/account/."""
from django.urls import path

from customers import pages


def patterns(prefix=""):
    return [
        path("", pages.account, name=f"{prefix}storefront-account"),
        path("login/", pages.login, name=f"{prefix}storefront-login"),
        path("logout/", pages.logout, name=f"{prefix}storefront-logout"),
        path("password-reset/<str:token>/", pages.password_reset, name=f"{prefix}storefront-password-reset"),
    ]
