"""Throttles of the credential-guessing surfaces (auth and password reset).

DRF's cache-based throttles, so every server sharing the Django cache (Redis in
production) shares the counts. They complement the per-customer lockout, which stays
the security control. ``SHOPSITE_THROTTLING=off`` turns them all off (load tests).
Rates are settings: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, each overridable by
``SHOPSITE_RATE_<SCOPE>`` in the environment (``SHOPSITE_RATE_AUTH_IP=120/min``).
"""
import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from shopsite.authentication import basic_auth_text
from shopsite.lookups import lookup_key


class ShopsiteThrottle(SimpleRateThrottle):
    """A throttle keyed by ``ident_for(request)``; None means "does not apply"."""

    def allow_request(self, request, view):
        if not settings.SHOPSITE_THROTTLING:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = self.ident_for(request)
        if ident is None:
            return None
        digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}

    def ident_for(self, request):
        raise NotImplementedError


class ClientIpThrottle(ShopsiteThrottle):
    """Per client address (``SHOPSITE_TRUSTED_PROXIES`` decides which X-Forwarded-For hop)."""

    def ident_for(self, request):
        return self.get_ident(request)


class ClientIdThrottle(ShopsiteThrottle):
    """Per API client id named by the request."""

    def ident_for(self, request):
        return request.GET.get("client_id") or request.headers.get("x-dw-client-id")


class AuthIpThrottle(ClientIpThrottle):
    scope = "auth_ip"


class AuthClientThrottle(ClientIdThrottle):
    scope = "auth_client"


class AuthLoginThrottle(ShopsiteThrottle):
    """Per login of an ``Authorization: Basic`` header (guessing one account from many IPs)."""

    scope = "auth_login"

    def ident_for(self, request):
        return _name_key((basic_auth_text(request) or "").partition(":")[0])


class PasswordResetIpThrottle(ClientIpThrottle):
    scope = "password_reset_ip"


class PasswordResetIdentificationThrottle(ShopsiteThrottle):
    """Per identification (email or login) asked for: no mail-bombing of one customer."""

    scope = "password_reset_identification"

    def ident_for(self, request):
        identification = request.data.get("identification")  # a malformed body raises its 400 here
        return _name_key(identification) if isinstance(identification, str) else None


class OAuthIpThrottle(ClientIpThrottle):
    scope = "oauth_ip"


class OAuthAgentThrottle(ShopsiteThrottle):
    """Per username of the agent grant (staff passwords guessed from many addresses)."""

    scope = "oauth_agent"

    def ident_for(self, request):
        if request.data.get("grant_type") == "client_credentials":
            return None
        return _name_key((basic_auth_text(request) or "").partition(":")[0])


class RegistrationIpThrottle(ClientIpThrottle):
    """Per client address: each registration hashes a password (Argon2id, ~35 ms of a core)."""

    scope = "registration_ip"


class PasswordChangeThrottle(ShopsiteThrottle):
    """Per calling customer (of the token, not of the URL: nobody spends another's
    budget): each change verifies and hashes; the lockout counts the wrong ones."""

    scope = "password_change"

    def ident_for(self, request):
        customer = getattr(request.auth, "customer", None)
        return customer.customer_id if customer is not None else None


class StorefrontLoginThrottle(AuthLoginThrottle):
    """The login typed into the storefront's login page: counted with the API's logins."""

    def ident_for(self, request):
        return _name_key(request.POST.get("login", ""))


class StaffLoginIpThrottle(ClientIpThrottle):
    """Staff passwords guessed at the admin's login page: counted with the agent grant's."""

    scope = "oauth_ip"


class StaffUsernameThrottle(OAuthAgentThrottle):
    def ident_for(self, request):
        # As the admin's form reads it (stripped): "admin " is the account "admin".
        return _name_key(request.POST.get("username", "").strip())


def _name_key(name):
    """Logins, emails and usernames are counted as they are looked up: case and Unicode
    form variants of one name share one count."""
    return lookup_key(name) if name else None


def page_throttle_wait(request, throttles):
    """For the login forms of plain Django views: None if every throttle lets the POST
    through (each counts it), else the seconds to wait. GETs only show the form."""
    if request.method != "POST":
        return None
    refusing = [throttle for throttle in (cls() for cls in throttles) if not throttle.allow_request(request, None)]
    waits = [throttle.wait() or 1 for throttle in refusing]
    return max(waits) if waits else None


AUTH_THROTTLES = [AuthIpThrottle, AuthClientThrottle, AuthLoginThrottle]
PASSWORD_RESET_THROTTLES = [PasswordResetIpThrottle, PasswordResetIdentificationThrottle]
STOREFRONT_LOGIN_THROTTLES = [AuthIpThrottle, StorefrontLoginThrottle]
STAFF_LOGIN_THROTTLES = [StaffLoginIpThrottle, StaffUsernameThrottle]
