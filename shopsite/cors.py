"""CORS answered per API client: an origin is allowed when the named client (or, for a
preflight that names none, any enabled client) allows it.

A client's origins are those of its entry in the OCAPI settings in effect on the URL's site
(``/s/{site_id}/``: the site's document, else the global one), when that entry has
``allowed_origins``; otherwise the ``ApiClient``'s own. Only enabled clients have any."""
from django.core.cache import cache

from shopsite import faults
from shopsite.api import resolve_site
from shopsite.models import ApiClient
from shopsite.ocapi_settings.runtime import current_settings

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


def origin_allowed(sender, request, **kwargs):
    """django-cors-headers' ``check_request_enabled`` receiver."""
    origin = request.headers.get("Origin", "").rstrip("/")
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

    client_id = request.GET.get("client_id") or request.headers.get("x-dw-client-id")
    if client_id:
        return client_id in by_client and origin in origins_of(client_id)
    return any(origin in origins_of(client_id) for client_id in by_client)
