"""Demo orders and a basket of jsmith (see docs/orders.md); idempotent."""
import datetime

from customers.checks import DEMO_CUSTOMER
from customers.models import Customer, lookup_key
from orders.models import Order
from orders.services import basket_create, order_create
from shopsite.models import default_site

UTC = datetime.timezone.utc
ADDRESS = {"first_name": "John", "last_name": "Smith", "address1": "10 Main Street", "city": "Burlington",
           "postal_code": "01803", "state_code": "MA", "country_code": "US", "phone": "123450003"}
SHIPMENT = {
    "shipment_id": "me", "shipping_method_id": "001", "shipping_method_name": "Ground", "shipping_price": "5.99",
    "shipping_tax_rate": "0.05", "shipping_address": ADDRESS,
}
VISA = {"payment_method_id": "CREDIT_CARD", "card_type": "Visa", "number": "4111111111111111",
        "holder": "John Smith", "expiration_month": 12, "expiration_year": 2030}
CONFIRMED = {"confirmation_status": Order.ConfirmationStatus.CONFIRMED, "payment_status": Order.PaymentStatus.PAID}
DELIVERED = {**CONFIRMED, "shipping_status": Order.ShippingStatus.SHIPPED}
DEMO_ORDERS = [
    {"creation_date": datetime.datetime(2024, 1, 15, 9, 30, tzinfo=UTC), "status": Order.Status.COMPLETED, **DELIVERED,
     "items": [{"product_id": "25518823M", "product_name": "Long Sleeve Cowl Neck Top", "quantity": 1,
                "base_price": "39.99", "tax_rate": "0.05"}]},
    {"creation_date": datetime.datetime(2024, 3, 2, 14, 5, tzinfo=UTC), "status": Order.Status.COMPLETED, **DELIVERED,
     "items": [{"product_id": "25604455M", "product_name": "Pleated Skirt", "quantity": 2, "base_price": "49.00",
                "tax_rate": "0.05"},
               {"product_id": "25592581M", "product_name": "Leather Belt", "quantity": 1, "base_price": "19.50",
                "tax_rate": "0.05"}]},
    {"creation_date": datetime.datetime(2024, 5, 20, 18, 45, tzinfo=UTC), "status": Order.Status.NEW, **CONFIRMED,
     "items": [{"product_id": "25589227M", "product_name": "Straight Leg Trousers", "quantity": 1,
                "base_price": "59.00", "tax_rate": "0.05"}]},
]


def seed(stdout):
    site = default_site()
    jsmith = Customer.objects.get(site=site, login_key=lookup_key(DEMO_CUSTOMER[0]))
    if not jsmith.orders.exists():
        for data in DEMO_ORDERS:
            order_create(customer=jsmith, shipments=[SHIPMENT], payment_instruments=[VISA], billing_address=ADDRESS,
                         **data)
    if not jsmith.baskets.exists():
        basket_create(customer=jsmith, shipments=[SHIPMENT], billing_address=ADDRESS, items=[
            {"product_id": "25518823M", "product_name": "Long Sleeve Cowl Neck Top", "quantity": 2,
             "base_price": "39.99", "tax_rate": "0.05"},
        ])
    numbers = ", ".join(jsmith.orders.order_by("order_no").values_list("order_no", flat=True))
    baskets = jsmith.baskets.count()
    stdout.write(f"  orders {numbers} and {baskets} basket{'s' if baskets != 1 else ''} of {DEMO_CUSTOMER[0]}")
