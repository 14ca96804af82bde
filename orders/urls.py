"""URL patterns of baskets and orders under /dw/shop/vNN_N/ (and /s/{site_id}/...)."""
from django.urls import path

from orders import views

ID = "<str:customer_id>"

api_patterns = [
    path(f"customers/{ID}/baskets", views.CustomerBasketsViewSet.as_view({"get": "list"}), name="customer-baskets"),
    path(f"customers/{ID}/orders", views.CustomerOrdersViewSet.as_view({"get": "list"}), name="customer-orders"),
]
