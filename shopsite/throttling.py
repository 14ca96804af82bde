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
        login = (basic_auth_text(request) or "").partition(":")[0]
        return login.casefold() or None


class PasswordResetIpThrottle(ClientIpThrottle):
    scope = "password_reset_ip"


class PasswordResetIdentificationThrottle(ShopsiteThrottle):
    """Per identification (email or login) asked for: no mail-bombing of one customer."""

    scope = "password_reset_identification"

    def ident_for(self, request):
        identification = request.data.get("identification")  # a malformed body raises its 400 here
        return identification.casefold() if isinstance(identification, str) and identification else None


class OAuthIpThrottle(ClientIpThrottle):
    scope = "oauth_ip"


class OAuthAgentThrottle(ShopsiteThrottle):
    """Per username of the agent grant (staff passwords guessed from many addresses)."""

    scope = "oauth_agent"

    def ident_for(self, request):
        username = (basic_auth_text(request) or "").partition(":")[0]
        return username.casefold() if username and request.data.get("grant_type") != "client_credentials" else None


AUTH_THROTTLES = [AuthIpThrottle, AuthClientThrottle, AuthLoginThrottle]
PASSWORD_RESET_THROTTLES = [PasswordResetIpThrottle, PasswordResetIdentificationThrottle]
