"""Reads of baskets and orders, shaped for rendering a page in a constant number of queries."""
from django.db.models import Prefetch, QuerySet

from customers.models import Customer
from orders.models import Basket, Order, OrderPaymentInstrument, ProductItem, Shipment, ShippingItem
from shopsite.models import Site


def with_lines(queryset: QuerySet) -> QuerySet:
    """Fetch every line of the containers in one query per kind of line (4), whatever their number."""
    return queryset.prefetch_related(
        Prefetch("product_items", queryset=ProductItem.objects.order_by("id")),
        Prefetch("shipments", queryset=Shipment.objects.order_by("id")),
        Prefetch("shipping_items", queryset=ShippingItem.objects.order_by("id")),
        Prefetch("payment_instruments", queryset=OrderPaymentInstrument.objects.order_by("id")),
    )


def customer_baskets(*, customer: Customer, site: Site) -> QuerySet[Basket]:
    """The customer's baskets on ``site``, newest first."""
    return with_lines(Basket.objects.filter(customer=customer, site=site).order_by("-creation_date", "-id"))


def customer_orders(*, customer: Customer, site: Site, all_sites: bool = False) -> QuerySet[Order]:
    """The customer's orders, newest first (ties: higher order number first).

    Orders are the customer's by the customer link; ``site`` limits them to the orders
    placed on that site unless ``all_sites`` (OAuth ``cross-sites=true``).
    """
    orders = Order.objects.filter(customer=customer)
    if not all_sites:
        orders = orders.filter(site=site)
    return with_lines(orders.select_related("site").order_by("-creation_date", "-order_no"))
