import pytest

pytestmark = pytest.mark.django_db


def test_get_own_customer(as_customer, customer):
    response = as_customer.get(f"/dw/shop/v16_4/customers/{customer.customer_id}")
    assert response.status_code == 200, response.content
    assert response.json()["login"] == "jsmith"


def test_get_customer_as_server(as_server, customer):
    response = as_server.get(f"/dw/shop/v16_4/customers/{customer.customer_id}")
    assert response.status_code == 200, response.content
