"""URL patterns of product lists under /dw/shop/vNN_N/ (and /s/{site_id}/...), from 17.1 on.

Every pattern is named: the names serve both prefixes (``reverse()`` picks the
``/s/{site_id}/`` one when given a ``site_id``), the documents' links, and the table that
tells which API version introduced each operation.
"""
from django.urls import path

from productlists import views

LISTS = "customers/<str:customer_id>/product_lists"
LIST = f"{LISTS}/<str:list_id>"
ITEMS = f"{LIST}/items"
ITEM = f"{ITEMS}/<str:item_id>"
PURCHASES = f"{ITEM}/purchases"
PUBLIC_LIST = "product_lists/<str:list_id>"

api_patterns = [
    path(LISTS, views.ProductListsViewSet.as_view({"get": "list", "post": "create"}), name="customer-product-lists"),
    path(LIST, views.ProductListViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
         name="customer-product-list"),
    path(ITEMS, views.ProductListItemsViewSet.as_view({"get": "list", "post": "create"}),
         name="customer-product-list-items"),
    path(ITEM, views.ProductListItemViewSet.as_view({"get": "retrieve", "patch": "partial_update",
                                                     "delete": "destroy"}),
         name="customer-product-list-item"),
    path(PURCHASES, views.PurchasesViewSet.as_view({"get": "list", "post": "create"}),
         name="customer-product-list-item-purchases"),
    path(f"{PURCHASES}/<str:purchase_id>", views.PurchaseViewSet.as_view({"get": "retrieve",
                                                                        "patch": "partial_update"}),
         name="customer-product-list-item-purchase"),
    path("product_lists", views.PublicProductListViewSet.as_view({"get": "search"}), name="public-product-lists"),
    path(PUBLIC_LIST, views.PublicProductListViewSet.as_view({"get": "retrieve"}), name="public-product-list"),
    path(f"{PUBLIC_LIST}/items", views.PublicProductListViewSet.as_view({"get": "items"}),
         name="public-product-list-items"),
    path(f"{PUBLIC_LIST}/items/<str:item_id>", views.PublicProductListViewSet.as_view({"get": "item"}),
         name="public-product-list-item"),
]
