"""Access control of the OCAPI views, in one layer.

- Who the caller is: the authentication classes (customer JWTs:
  ``customers.authentication``; OAuth tokens: ``shopsite.authentication``); ``request.auth``
  is the token, ``None`` for an anonymous caller.
- What it may touch: DRF permission classes that raise OCAPI faults.
  ``OcapiViewSet.permission_classes`` holds those of every operation (a caller, a token in
  scope); ``OcapiViewSet.action_permissions`` adds those of single operations. A rule of
  its own (a client's OCAPI settings, say) is one more class in one of those lists.
- Which customer a request acts on: resolved once per request by the customers app
  (``customers.access.CustomerResourceViewSet.customer``).
"""
from rest_framework.permissions import BasePermission

from shopsite import faults
from shopsite.models import OAuthToken


def requested_client_id(request):
    """The client id named by the request (query parameter wins over the header), or None."""
    value = request.GET.get("client_id") or request.headers.get("x-dw-client-id")
    return value.strip() if value and value.strip() else None


def check_token_scope(*, request, token, site) -> None:
    """A token serves the client it was issued to, and a customer JWT the site it was
    issued on: 401 InvalidAccessTokenException when the request names another."""
    named = requested_client_id(request)
    if named is not None and named != token.client_id:
        raise faults.InvalidAccessTokenException("The client id does not match the access token.")
    token_site = getattr(token, "site_pk", None)
    if token_site is not None and token_site != site.pk:
        raise faults.InvalidAccessTokenException("The access token was issued for another site.")


def is_agent_oauth_token(token) -> bool:
    return isinstance(token, OAuthToken) and token.agent_id is not None


class AuthenticatedCaller(BasePermission):
    """Protected operations need a customer JWT or an OAuth token (401 otherwise)."""

    def has_permission(self, request, view):
        return request.auth is not None


class TokenInScope(BasePermission):
    """The token is the requested client's and, for a JWT, the URL's site's; an agent's
    OAuth token is taken only where the view says so (``accepts_agent_tokens``): agents act
    for customers through on-behalf tokens."""

    def has_permission(self, request, view):
        if request.auth is None:
            return True
        check_token_scope(request=request, token=request.auth, site=view.site)
        if is_agent_oauth_token(request.auth) and not getattr(view, "accepts_agent_tokens", False):
            raise faults.InsufficientPermissionsException(
                "An agent acts for a customer through an on-behalf token (POST /customers/{id}/auth)."
            )
        return True
