"""Storefront pages (plain Django views): log in, log out, set a new password.

Every response sets the ``dwsid`` / ``dwsecuretoken_*`` cookies, so the session can be
exchanged for a JWT with ``POST /customers/auth {"type": "session"}``.
"""
from django import forms
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from customers import services, storefront
from shopsite import faults
from shopsite.api import resolve_site
from shopsite.throttling import STOREFRONT_LOGIN_THROTTLES, page_throttle_wait


class LoginForm(forms.Form):
    login = forms.CharField(max_length=256, strip=False)
    password = forms.CharField(max_length=4096, strip=False, widget=forms.PasswordInput)


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(max_length=4096, strip=False, widget=forms.PasswordInput, label="New password")


def _site(site_id):
    try:
        return resolve_site(site_id)
    except faults.NotFoundException:
        raise Http404("Unknown site") from None


def _page(request, site, template, context, status=200):
    context = {"site": site, "customer": storefront.session_customer(request.session, site), **context}
    response = render(request, template, context, status=status)
    return storefront.set_storefront_cookies(request, response, site)


@require_http_methods(["GET", "POST"])
def account(request, site_id=None):
    site = _site(site_id)
    return _page(request, site, "storefront/account.html", {})


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request, site_id=None):
    site = _site(site_id)
    form = LoginForm(request.POST or None)
    error = None
    wait = page_throttle_wait(request, STOREFRONT_LOGIN_THROTTLES)  # counted with the API's logins
    if wait is not None:
        error = f"Too many attempts: try again in {int(wait + 0.999)} seconds."
        response = _page(request, site, "storefront/login.html", {"form": form, "error": error}, 429)
        response["Retry-After"] = str(int(wait + 0.999))
        return response
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_check_credentials(
                site=site, login=form.cleaned_data["login"], password=form.cleaned_data["password"]
            )
        except faults.AuthenticationFailedException:
            error = "The login or the password is not correct, or the account is locked."
        else:
            with transaction.atomic():
                services.customer_record_login(customer=customer, password=form.cleaned_data["password"])
            storefront.session_log_in(request.session, customer)
            return storefront.set_storefront_cookies(request, redirect("../"), site)  # the account page
    return _page(request, site, "storefront/login.html", {"form": form, "error": error}, 401 if error else 200)


@require_http_methods(["GET", "POST"])
def logout(request, site_id=None):
    site = _site(site_id)
    if request.method == "POST":
        storefront.session_log_out(request.session)
    return _page(request, site, "storefront/logout.html", {"logged_out": request.method == "POST"})


@sensitive_post_parameters("new_password")
@require_http_methods(["GET", "POST"])
def password_reset(request, token, site_id=None):
    site = _site(site_id)
    form = NewPasswordForm(request.POST or None)
    error, done = None, False
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_complete(site=site, reset_token=token,
                                             new_password=form.cleaned_data["new_password"])
            done = True
        except faults.InvalidPasswordException as fault:
            error = fault.message
        except faults.InvalidResetTokenException as fault:
            error = fault.message
    return _page(request, site, "storefront/password_reset.html", {"form": form, "error": error, "done": done},
                 400 if error else 200)
