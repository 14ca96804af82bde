"""URL patterns of the payment instruments resource under /dw/shop/vNN_N/ (and /s/{site_id}/...)."""
from django.urls import path

from payments.views import PaymentInstrumentViewSet

BASE = "customers/<str:customer_id>/payment_instruments"

api_patterns = [
    path(BASE, PaymentInstrumentViewSet.as_view({"get": "list", "post": "create"}),
         name="customer-payment-instruments"),
    path(
        f"{BASE}/<str:payment_instrument_id>",
        PaymentInstrumentViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="customer-payment-instrument",
    ),
]
