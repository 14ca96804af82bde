"""CORS answered per API client: an origin is allowed when the named client (or, for a
preflight that names none, any enabled client) lists it."""
from django.core.cache import cache

from shopsite.models import ApiClient

CACHE_KEY = "shopsite:cors-origins"


def _origins_by_client():
    origins = cache.get(CACHE_KEY)
    if origins is None:
        origins = {client.client_id: client.origins() for client in ApiClient.objects.filter(enabled=True)}
        cache.set(CACHE_KEY, origins, 300)
    return origins


def forget_origins(**kwargs):
    cache.delete(CACHE_KEY)


def origin_allowed(sender, request, **kwargs):
    """django-cors-headers' ``check_request_enabled`` receiver."""
    origin = request.headers.get("Origin", "").rstrip("/")
    if not origin:
        return False
    by_client = _origins_by_client()
    client_id = request.GET.get("client_id") or request.headers.get("x-dw-client-id")
    if client_id:
        return origin in by_client.get(client_id, [])
    return any(origin in origins for origins in by_client.values())
