"""Site-wide endpoints: the landing page, the API root, health, the JWKS, and the fault
for unknown API routes."""
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from shopsite import OCAPI_VERSION, faults, keys
from shopsite.api import resolve_site
from shopsite.documents import document
from shopsite.formats import render_document, requested_format
from shopsite.versions import V16_4, V20_4, request_version, served_range, version_named, version_segment

#: The resources served under each API root, as the API root document lists them.
API_RESOURCES = ["customers"]


def landing(request):
    """``/``: a plain HTML page linking the API root, the API docs, the admin and the storefront."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render(request, "landing.html", {"version": OCAPI_VERSION, "v16_4": V16_4, "v20_4": V20_4,
                                            "served": served_range()})


@csrf_exempt
def api_root(request, site_id=None):
    """``/dw/shop/vNN_N/`` and ``/s/{site_id}/dw/shop/vNN_N/``: what this API (in that version) is
    and where its parts are. No client id and no token needed; JSON, or XML when asked for."""
    if request.method not in ("GET", "HEAD"):
        return faults.fault_response(
            request, faults.MethodNotAllowedException(f"The HTTP method '{request.method}' is not allowed here.")
        )
    try:
        requested_format(request)  # a bad ?format= is a fault, as on every other API path
        site = resolve_site(site_id)
    except faults.OcapiFault as fault:
        return faults.fault_response(request, fault)
    version = request_version(request)
    root = reverse("api-root", kwargs={"site_id": site_id, "version": version} if site_id else {"version": version})
    docs = {"version": version}

    def link(path):
        return request.build_absolute_uri(path)

    doc = document("api_root", {
        "api": "shop",
        "version": version.dotted,
        "site_id": site.site_id,
        "link": link(root),
        "resources": [document("resource", {"name": name, "link": link(root + name)}) for name in API_RESOURCES],
        # The OpenAPI description and its pages describe the default site's paths; other
        # sites' paths are the schema's second server entry.
        "docs": link(reverse("api-docs", kwargs=docs)),
        "redoc": link(reverse("api-redoc", kwargs=docs)),
        "openapi": link(reverse("openapi-json", kwargs=docs)),
        "openapi_yaml": link(reverse("openapi-yaml", kwargs=docs)),
        "oauth_token": link(reverse("oauth-access-token")),
        "jwks": link(reverse("jwks")),
    })
    response = render_document(request, doc)
    patch_vary_headers(response, ["Accept"])
    return response


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
    """Unknown routes under /dw/: a NotFoundException fault in every DEBUG mode; under /dw/shop/,
    a version that is not served is named with the served range."""
    segment = version_segment(request.path_info)
    if segment is not None and version_named(segment) is None:
        fault = faults.NotFoundException(f"Version '{segment[:32]}' is not supported: {served_range()}.")
    else:
        fault = faults.no_resource_at(request.path)
    return faults.fault_response(request, fault)
