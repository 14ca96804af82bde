"""A customer's baskets and orders in the GDPR export and erasure (customers.personal_data)."""
from typing import Any

from django.utils import timezone

from customers.models import Customer
from orders.documents import basket_document, order_document
from orders.models import BILLING_PREFIX, Order, OrderPaymentInstrument, Shipment
from orders.selectors import with_lines

#: Cleared in the shipping and billing addresses of an erased customer's orders; country and
#: state stay (tax records).
ERASED_ADDRESS_FIELDS = ("first_name", "last_name", "company_name", "address1", "address2", "city",
                         "postal_code", "phone")


def export_orders(customer: Customer) -> list[dict[str, Any]]:
    """The customer's orders as the API renders them, oldest first."""
    orders = with_lines(customer.orders.select_related("site").order_by("creation_date", "order_no"))
    return [order_document(order) for order in orders]


def export_baskets(customer: Customer) -> list[dict[str, Any]]:
    """The customer's baskets as the API renders them, oldest first."""
    baskets = with_lines(customer.baskets.order_by("creation_date", "id"))
    return [basket_document(basket) for basket in baskets]


def erase_baskets_and_orders(customer: Customer) -> None:
    """Delete the baskets; keep the orders (numbers, lines, totals: the shop's records) but
    detach them from the customer and clear who they name: customer_info name and email,
    shipping and billing names, street addresses and phones, card holders."""
    customer.baskets.all().delete()
    orders = Order.objects.filter(customer=customer)
    Shipment.objects.filter(order__in=orders).update(**dict.fromkeys(ERASED_ADDRESS_FIELDS, ""))
    OrderPaymentInstrument.objects.filter(order__in=orders).update(holder="")
    orders.update(customer=None, customer_name="", customer_email="", last_modified=timezone.now(),
                  **{BILLING_PREFIX + name: "" for name in ERASED_ADDRESS_FIELDS})
