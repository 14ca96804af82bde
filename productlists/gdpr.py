"""A customer's product lists in the GDPR export and erasure (customers.personal_data).

The export holds the lists as the API renders them (without links: an export has no
request), items included, and every purchase recorded against their items. The erasure
deletes the lists with their items and purchases. Purchases a customer made on other
customers' lists name the purchaser as free text (``purchaser_name``), not as a customer,
so they are not this customer's records and stay with those lists.
"""
from typing import Any

from django.db.models import Prefetch

from customers.models import Customer
from productlists.documents import product_list_document, purchase_document
from productlists.models import ProductList, ProductListItemPurchase
from productlists.selectors import items_with_purchased_quantity


def export_product_lists(customer: Customer) -> list[dict[str, Any]]:
    lists = (ProductList.objects.filter(customer=customer).select_related("shipping_address",
                                                                          "post_event_shipping_address")
             .prefetch_related(Prefetch("items", queryset=items_with_purchased_quantity()))
             .order_by("creation_date", "id"))
    return [product_list_document(product_list) for product_list in lists]


def export_purchases(customer: Customer) -> list[dict[str, Any]]:
    purchases = (ProductListItemPurchase.objects.filter(item__product_list__customer=customer)
                 .select_related("item").order_by("creation_date", "id"))
    return [purchase_document(purchase, purchase.item) for purchase in purchases]


def erase_product_lists(customer: Customer) -> None:
    ProductList.objects.filter(customer=customer).delete()
