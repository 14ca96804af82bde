"""GET /customers/{id}?expand=addresses, and query counts that do not grow with the book."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses.models import CustomerAddress
from addresses.tests.helpers import addresses_url
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db


def test_expand_embeds_the_address_book(as_customer, customer, make_address):
    make_address(customer, "work", city="Boston")
    make_address(customer, "me", city="Woburn", preferred=True)
    listed = as_customer.get(addresses_url(customer)).json()["data"]

    response = as_customer.get(api_url("customers", customer.customer_id, expand="addresses"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["addresses"] == listed
    assert [a["address_id"] for a in body["addresses"]] == ["me", "work"]
    assert body["login"] == "jsmith"


def test_expand_does_not_change_the_customers_etag(as_customer, customer, make_address):
    url = api_url("customers", customer.customer_id)
    plain = as_customer.get(url)
    make_address(customer, "me")
    expanded = as_customer.get(f"{url}?expand=addresses")
    assert "addresses" not in plain.json()
    assert expanded["ETag"] == plain["ETag"]


def test_expand_for_a_customer_without_addresses(as_server, customer):
    body = as_server.get(api_url("customers", customer.customer_id, expand="addresses")).json()
    assert body["addresses"] == []


def test_expand_for_a_guest(api, guest, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    body = api.get(api_url("customers", guest.customer_id, expand="addresses")).json()
    assert body["addresses"] == []


def fill(customer, size):
    CustomerAddress.objects.bulk_create(
        CustomerAddress(customer=customer, address_id=f"address-{n:03d}", first_name="Ann", city="Woburn",
                        preferred=(n == 7))
        for n in range(size)
    )


def queries_of(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.json()


@pytest.mark.parametrize("auth", ["jwt", "oauth"])
def test_list_costs_the_same_queries_for_3_and_150_addresses(api, auth, make_customer, jwt_for, oauth_token):
    small, large = make_customer(login="small"), make_customer(login="large")
    fill(small, 3)
    fill(large, 150)

    def list_all(customer):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer) if auth == 'jwt' else oauth_token}")
        return queries_of(api, f"{addresses_url(customer)}?count=200")

    small_queries, small_body = list_all(small)
    large_queries, large_body = list_all(large)

    assert (small_body["count"], large_body["count"]) == (3, 150)
    assert large_body["data"][0]["address_id"] == "address-007"  # the preferred one
    assert small_queries == large_queries <= 4


def test_expand_costs_the_same_queries_for_3_and_150_addresses(as_server, customer, make_customer):
    other = make_customer(login="other")
    fill(customer, 3)
    fill(other, 150)

    small, small_body = queries_of(as_server, api_url("customers", customer.customer_id, expand="addresses"))
    large, large_body = queries_of(as_server, api_url("customers", other.customer_id, expand="addresses"))

    assert (len(small_body["addresses"]), len(large_body["addresses"])) == (3, 150)
    assert small == large
