"""Access control of the OCAPI views, in one layer.

- Who the caller is: the authentication classes (customer JWTs:
  ``customers.authentication``; OAuth tokens: ``shopsite.authentication``); ``request.auth``
  is the token, ``None`` for an anonymous caller.
- What it may touch: DRF permission classes that raise OCAPI faults.
  ``OcapiViewSet.permission_classes`` holds those of every operation (a caller, a token in
  scope); ``OcapiViewSet.client_permission_classes`` those no operation goes without, also
  the ones without a caller (registration, auth, password reset): the client's OCAPI settings
  (``ClientAllowedBySettings``); ``OcapiViewSet.action_permissions`` adds those of single
  operations. They run in that order, before the view reads the request's document: a
  refused operation runs nothing, no hook fires. A rule of its own is one more class in one
  of those lists.
- Which customer a request acts on: resolved once per request by the customers app
  (``customers.access.CustomerResourceViewSet.customer``).
"""
from rest_framework.permissions import BasePermission

from shopsite import faults
from shopsite.models import OAuthToken
from shopsite.ocapi_settings.matching import Segment, request_path, resource_as_sent, route_template
from shopsite.ocapi_settings.rules import ALL_PROPERTIES
from shopsite.ocapi_settings.runtime import current_settings
from shopsite.request_documents import ENVELOPE
from shopsite.selection import parse_selector
from shopsite.versions import request_version


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


class TrustedServerOnly(BasePermission):
    """Operations for a trusted server only (``create_reset_token``, ``auth/trustedsystem``): an
    OAuth token of the client credentials grant. A customer JWT is the wrong kind of token (401
    InvalidAccessTokenException, as an OAuth token is where a customer JWT is needed); an agent's
    OAuth token may not (403 InsufficientPermissionsException; ``TokenInScope`` refuses it first
    wherever the view does not take agent tokens)."""

    def has_permission(self, request, view):
        if not isinstance(request.auth, OAuthToken):
            raise faults.InvalidAccessTokenException("This operation needs a trusted server's OAuth token "
                                                     "(grant type client_credentials).")
        if is_agent_oauth_token(request.auth):
            raise faults.InsufficientPermissionsException("An agent's token cannot call this operation.")
        return True


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


def operation_path(request) -> tuple[Segment, ...]:
    """The path of the operation the request resolved to, as ``resource_id`` patterns match it:
    the URL pattern's resource names and the request's parameter values (one segment each,
    an address name holding a ``/`` too)."""
    match = request.resolver_match
    template = route_template(match.route) if match is not None and match.route else None
    if template is None:
        rest = resource_as_sent(request.path_info).strip("/")
        return tuple(Segment(part.lower(), True) for part in rest.split("/") if part)
    return request_path(template, match.kwargs)


#: The methods whose operations take a request document (GET, HEAD, OPTIONS and DELETE take none).
WITH_DOCUMENT = frozenset({"POST", "PUT", "PATCH"})


def _custom_attribute(name):
    return name.startswith("c_")


class ClientWritesAllowedBySettings(BasePermission):
    """A request document sets only what the granting entry's ``write_attributes`` selects
    (``(**)``, the default: everything); another property -> 400 ReadOnlyPropertyException
    naming it, as for a read-only property, and nothing runs. The envelope (``_v``, ``_type``,
    ``_resource_state``) is exempt at the document's own levels (the document and its nested
    objects), not inside a custom attribute's value, which is data. Reads the request's
    document, so it runs after every other permission; operations without a request document
    (GET, HEAD, OPTIONS, DELETE) are not checked, and their body is never read."""

    def has_permission(self, request, view):
        entry = getattr(view, "client_resource", None)
        if entry is None or entry.write_attributes == ALL_PROPERTIES or request.method not in WITH_DOCUMENT:
            return True
        document = request.data
        if not isinstance(document, dict):
            return True  # the operation refuses it as it refuses any malformed body
        refused = parse_selector(entry.write_attributes).dropped_paths(document, envelope=ENVELOPE,
                                                                       opaque=_custom_attribute)
        if refused:
            name = ".".join(refused[0])[:128]
            raise faults.ReadOnlyPropertyException(
                f"Property '{name}' is read-only for this client.", property=name
            )
        return True


class ClientAllowedBySettings(BasePermission):
    """The calling client's OCAPI settings (``shopsite.ocapi_settings``) grant the operation:
    its path and effective method (after a method override) match an entry of the client's
    ``resources`` in force for the request's API version (its ``version_range``) that lists the
    method; else 403 ClientAccessForbiddenException.

    The client is the token's, or the one the request names (``client_id``,
    ``x-dw-client-id``) where there is no token; where documents apply, a request naming no
    client gets 400 MissingClientIdException. Where no document exists (neither the site's
    nor the global one), every client may call everything. The client's entry is kept on the
    view (``client_settings``: its response headers), and the resource entry that decided
    (``client_resource``: its read and write attributes)."""

    def has_permission(self, request, view):
        effective = current_settings()
        site_pk = view.site.pk if view.site is not None else None
        if not effective.governs(site_pk):
            return True
        client_id = request.auth.client_id if request.auth is not None else requested_client_id(request)
        if client_id is None:
            raise faults.MissingClientIdException("The client id is missing: pass client_id or x-dw-client-id.")
        rules = effective.client(site_pk, client_id)
        view.client_settings = rules
        view.client_resource = (rules.entry_for(operation_path(request), request_version(request))
                                if rules is not None else None)
        if view.client_resource is None or not view.client_resource.grants(request.method):
            resource = resource_as_sent(getattr(request, "path_as_sent", None) or request.path_info)[:256]
            client_id = client_id[:64]
            raise faults.ClientAccessForbiddenException(
                f"Unauthorized access to resource '{resource}' using method '{request.method}' by client "
                f"'{client_id}'.",
                method=request.method, resource=resource, clientId=client_id,
            )
        return True
