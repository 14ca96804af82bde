"""Site-wide endpoints: health, the JWKS, and the fault for unknown API routes."""
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from shopsite import faults, keys


def health(request):
    """200 when the database and the cache answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001  (any failure means unhealthy)
        checks["database"] = "unavailable"
    try:
        cache.set("shopsite:health", "ok", 5)
        checks["cache"] = "ok" if cache.get("shopsite:health") == "ok" else "unavailable"
    except Exception:  # noqa: BLE001
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


@csrf_exempt
def jwks(request):
    """The public keys that verify customer JWTs (``kid`` in each token's header)."""
    if request.method not in ("GET", "HEAD"):
        return faults.fault_response(request, faults.MethodNotAllowedException())
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Unknown routes under /dw/: a NotFoundException fault in every DEBUG mode."""
    return faults.fault_response(request, faults.NotFoundException(f"No resource at '{request.path[:200]}'."))


def bare_customer(request):
    """Benchmark baseline (only with SHOPSITE_BENCHMARK_VIEWS=1): one primary-key SELECT as JSON."""
    from customers.models import Customer

    row = Customer.objects.filter(pk=request.GET.get("pk", 1)).values("customer_id", "login", "email").first()
    return JsonResponse(row or {})
