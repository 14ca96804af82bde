"""URL layout: the API under /dw/shop/vNN_N/ and /s/{site_id}/dw/shop/vNN_N/, for every served version.

The version segment is the ``apiversion`` converter (``shopsite.versions.VersionConverter``):
any ``vNN_N`` of the served versions resolves, anything else falls through to the API's
not-found view, which names the served range. OcapiRequestMiddleware puts the version on the
request (``request.api_version``) and keeps it out of the views' arguments; which operation a
version has is ``shopsite.versions.INTRODUCED``, by the names given here.

Resource names are matched case-insensitively by OcapiRequestMiddleware, which
lower-cases them before these patterns see the path.
"""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter

from addresses.urls import api_patterns as address_patterns
from customers import storefront_urls
from customers.urls import api_patterns as customer_patterns
from orders.urls import api_patterns as order_patterns
from payments.urls import api_patterns as payment_patterns
from productlists.urls import api_patterns as product_list_patterns
from shopsite import openapi_views, views
from shopsite.oauth import AccessTokenView
from shopsite.versions import VersionConverter

register_converter(VersionConverter, "apiversion")
VERSION = "<apiversion:version>"

api_patterns = [
    *customer_patterns,
    *address_patterns,
    *payment_patterns,
    *order_patterns,
    *product_list_patterns,
    path("", views.api_root, name="api-root"),
    re_path(r"^.*$", views.api_not_found),
]

# The OpenAPI description of each version (shopsite.openapi) and its docs pages, default site only.
docs_patterns = [
    path("openapi.json", openapi_views.SchemaJSONView.as_view(), name="openapi-json"),
    path("openapi.yaml", openapi_views.SchemaYAMLView.as_view(), name="openapi-yaml"),
    path("docs/", openapi_views.SwaggerView.as_view(), name="api-docs"),
    path("redoc/", openapi_views.RedocView.as_view(), name="api-redoc"),
    re_path(r"^(?:docs|redoc)$", openapi_views.with_slash),
]

urlpatterns = [
    path("", views.landing, name="landing"),
    path(f"dw/shop/{VERSION}/", include(docs_patterns)),
    path(f"dw/shop/{VERSION}/", include(api_patterns)),
    path(f"s/<str:site_id>/dw/shop/{VERSION}/", include(api_patterns)),
    path(f"dw/shop/{VERSION}", views.api_root),  # the API root without its slash
    path(f"s/<str:site_id>/dw/shop/{VERSION}", views.api_root),
    path("dw/oauth2/access_token", AccessTokenView.as_view(), name="oauth-access-token"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("health", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("account/", include(storefront_urls.patterns())),
    path("s/<str:site_id>/account/", include(storefront_urls.patterns("site-"))),
    re_path(r"^(?:s/[^/]+/)?dw/", views.api_not_found),
    re_path(r"^\.well-known/", views.api_not_found),
]

if settings.SHOPSITE_BENCHMARK_VIEWS:
    from customers.bench import bare_customer

    urlpatterns.insert(0, path("bench/bare", bare_customer))

handler400 = "shopsite.faults.bad_request"
handler403 = "shopsite.faults.permission_denied"
handler404 = "shopsite.faults.page_not_found"
handler500 = "shopsite.faults.server_error"
