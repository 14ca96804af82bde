"""CORS answered per API client: an origin is allowed when the request's client allows it, or,
where the request names no client and carries no token (a preflight), any enabled client.

The request's client is the one it names (``client_id``, ``x-dw-client-id``), else its bearer
token's: the token authenticated for the request (the view has run when the origin is
checked: no query), else, for a customer JWT that did not authenticate (expired, say: its
401 must still reach the storefront), the JWT's ``iss`` claim read without verifying it. That
only chooses whose origins apply: a forged ``iss`` gains nothing over the any-client rule. An
OAuth token that did not authenticate names no client (any enabled client's origins apply).

A client's origins are those of its entry in the OCAPI settings in effect on the URL's site
(``/s/{site_id}/``: the site's document, else the global one), when that entry has
``allowed_origins``; otherwise the ``ApiClient``'s own. Only enabled clients have any. Origins
are compared as browsers send them (``shopsite.validators.canonical_origin``)."""
import base64
import binascii
import json

from django.core.cache import cache

from shopsite import faults
from shopsite.access import requested_client_id
from shopsite.api import resolve_site
from shopsite.authentication import bearer_token, is_jwt
from shopsite.models import ApiClient
from shopsite.ocapi_settings.runtime import current_settings
from shopsite.validators import canonical_origin

CACHE_KEY = "shopsite:cors-origins"


def _origins_by_client():
    origins = cache.get(CACHE_KEY)
    if origins is None:
        origins = {client.client_id: client.origins() for client in ApiClient.objects.filter(enabled=True)}
        cache.set(CACHE_KEY, origins, 300)
    return origins


def forget_origins(**kwargs):
    cache.delete(CACHE_KEY)


def _site_pk(request, effective):
    """The pk of the URL's site where a site has a document of its own (else None: no lookup)."""
    if not effective.site_documents:
        return None
    parts = request.path_info.split("/", 3)
    site_id = parts[2] if len(parts) > 3 and parts[1] == "s" else None
    try:
        return resolve_site(site_id).pk
    except faults.OcapiFault:  # an unknown site: its 404 comes later
        return None


MAX_JWT_LENGTH = 8192


def unverified_issuer(raw: str) -> str | None:
    """The ``iss`` claim of a JWT, read without verifying anything (None if there is none)."""
    if len(raw) > MAX_JWT_LENGTH:
        return None
    payload = raw.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError, RecursionError):  # not base64, not UTF-8, not JSON, nested too deeply
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) and issuer else None


def request_client_id(request) -> str | None:
    """The client whose origins apply: the named one, else the bearer token's (see above)."""
    named = requested_client_id(request)
    if named is not None:
        return named
    token = getattr(request, "auth", None)  # DRF sets it on the request once the token authenticated
    client_id = getattr(token, "client_id", None)
    if isinstance(client_id, str):
        return client_id
    raw = bearer_token(request)
    if raw is not None and is_jwt(raw):
        return unverified_issuer(raw)
    return None


def origin_allowed(sender, request, **kwargs):
    """django-cors-headers' ``check_request_enabled`` receiver."""
    origin = canonical_origin(request.headers.get("Origin", ""))
    if not origin:
        return False
    by_client = _origins_by_client()
    effective = current_settings()
    site_pk = _site_pk(request, effective)

    def origins_of(client_id):
        rules = effective.client(site_pk, client_id)
        if rules is not None and rules.allowed_origins is not None:
            return rules.allowed_origins
        return by_client.get(client_id, [])

    client_id = request_client_id(request)
    if client_id is not None:
        return client_id in by_client and origin in origins_of(client_id)
    return any(origin in origins_of(client_id) for client_id in by_client)
