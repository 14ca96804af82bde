"""Fixtures of the orders tests: orders and baskets made through the services."""
import datetime

import pytest

from orders.tests.helpers import item

UTC = datetime.timezone.utc


@pytest.fixture
def make_order():
    """make_order(customer, day=1, items=None, **order_create kwargs) -> Order (created 2024-01-<day>)."""
    from orders.services import order_create

    def make(customer, day=1, items=None, **kwargs):
        kwargs.setdefault("creation_date", datetime.datetime(2024, 1, day, 12, 0, tzinfo=UTC))
        return order_create(customer=customer, items=items or [item()], **kwargs)

    return make


@pytest.fixture
def make_basket():
    from orders.services import basket_create

    def make(customer, **kwargs):
        kwargs.setdefault("items", [item()])
        return basket_create(customer=customer, **kwargs)

    return make


@pytest.fixture
def as_jwt(api, jwt_for):
    """as_jwt(customer): the API client authenticated with that customer's JWT."""
    def authenticate(customer):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
        return api

    return authenticate
