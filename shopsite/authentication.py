"""Reading credentials from requests, and authentication of OAuth bearer tokens."""
import base64
import binascii

from rest_framework.authentication import BaseAuthentication

from shopsite import faults
from shopsite.lookups import has_nul
from shopsite.models import OAuthToken, token_digest


def bearer_token(request):
    """The raw value of ``Authorization: Bearer ...``, or None."""
    scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def basic_auth_text(request):
    """The decoded text of ``Authorization: Basic ...``: None without such a header, "" when
    it cannot be decoded or holds a NUL (no database can look that up)."""
    scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        text = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""
    return "" if has_nul(text) else text


def is_jwt(raw):
    """A bearer with two dots is a customer JWT; anything else an OAuth token."""
    return raw.count(".") == 2


class OAuthTokenAuthentication(BaseAuthentication):
    """``request.user`` is the agent (a staff User) or None for a trusted server;
    ``request.auth`` the OAuthToken."""

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None or is_jwt(raw):
            return None
        token = (
            OAuthToken.objects.select_related("api_client", "agent")
            .filter(token_hash=token_digest(raw))
            .first()
        )
        if token is None or token.revoked_at is not None or not token.api_client.enabled:
            raise faults.InvalidAccessTokenException("The access token is invalid or has been revoked.")
        if not token.is_active:
            raise faults.ExpiredTokenException()
        if token.agent_id is not None and not token.agent.is_active:
            raise faults.InvalidAccessTokenException("The agent is disabled.")
        return token.agent, token

    def authenticate_header(self, request):
        return 'Bearer realm="shopsite"'
