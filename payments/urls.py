"""URL patterns of the payment instruments resource under /dw/shop/v16_4/ (and /s/{site_id}/...)."""
from django.urls import path

from payments.views import PaymentInstrumentViewSet

BASE = "customers/<str:customer_id>/payment_instruments"

api_patterns = [
    path(BASE, PaymentInstrumentViewSet.as_view({"get": "list", "post": "create"})),
    path(
        f"{BASE}/<str:payment_instrument_id>",
        PaymentInstrumentViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
    ),
]
