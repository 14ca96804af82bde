"""URL patterns of the address book under /dw/shop/vNN_N/ (and /s/{site_id}/...).

The address name is matched with ``path`` so that any id a customer chose (even one
holding ``/``, sent as ``%2F``) can be addressed. The names serve both prefixes:
``reverse()`` picks the ``/s/{site_id}/`` one when given a ``site_id``.
"""
from django.urls import path

from addresses import views

ADDRESSES = "customers/<str:customer_id>/addresses"

api_patterns = [
    path(ADDRESSES, views.AddressListViewSet.as_view({"get": "list", "post": "create"}), name="customer-addresses"),
    path(
        f"{ADDRESSES}/<path:address_name>",
        views.AddressViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name="customer-address",
    ),
]
