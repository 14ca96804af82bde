"""Access control of a customer's baskets and orders: the shared cases of customers/tests/access_cases.py."""
from customers.tests.access_cases import CustomerResourceAccessCases, Operation
from orders.services import basket_create, order_create
from orders.tests.helpers import item


def shopped(customer):
    """A basket and an order, there to be seen."""
    basket_create(customer=customer, items=[item()])
    order_create(customer=customer, items=[item()])
    return {}


class TestBasketAndOrderAccess(CustomerResourceAccessCases):
    operations = [
        Operation("get", "baskets", setup=shopped),
        Operation("get", "orders", setup=shopped),
    ]
