"""URL layout: the API under /dw/shop/v16_4/ and /s/{site_id}/dw/shop/v16_4/.

Resource names are matched case-insensitively by OcapiRequestMiddleware, which
lower-cases them before these patterns see the path.
"""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
    SpectacularYAMLAPIView,
)

from addresses.urls import api_patterns as address_patterns
from customers import storefront_urls
from customers.urls import api_patterns as customer_patterns
from orders.urls import api_patterns as order_patterns
from payments.urls import api_patterns as payment_patterns
from productlists.urls import api_patterns as product_list_patterns
from shopsite import views
from shopsite.oauth import AccessTokenView

api_patterns = [
    *customer_patterns,
    *address_patterns,
    *payment_patterns,
    *order_patterns,
    *product_list_patterns,
    path("", views.api_root, name="api-root"),
    re_path(r"^.*$", views.api_not_found),
]

# The OpenAPI description (shopsite.openapi) and its docs pages, default site only.
docs_patterns = [
    path("dw/shop/v16_4/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    path("dw/shop/v16_4/openapi.yaml", SpectacularYAMLAPIView.as_view(), name="openapi-yaml"),
    path("dw/shop/v16_4/docs/", SpectacularSwaggerView.as_view(url_name="openapi-json"), name="api-docs"),
    path(
        "dw/shop/v16_4/redoc/",
        SpectacularRedocView.as_view(url_name="openapi-json", template_name="openapi/redoc.html"),
        name="api-redoc",
    ),
    re_path(r"^dw/shop/v16_4/(?P<page>docs|redoc)$", RedirectView.as_view(url="/dw/shop/v16_4/%(page)s/")),
]

urlpatterns = [
    path("", views.landing, name="landing"),
    *docs_patterns,
    path("dw/shop/v16_4/", include(api_patterns)),
    path("s/<str:site_id>/dw/shop/v16_4/", include(api_patterns)),
    path("dw/shop/v16_4", views.api_root),  # the API root without its slash
    path("s/<str:site_id>/dw/shop/v16_4", views.api_root),
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
