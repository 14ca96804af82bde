"""Every read endpoint costs the same number of queries for small and large data."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses.services import address_create
from orders.services import basket_create, order_create
from payments.services import payment_instrument_create
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db


def fill(customer, size):
    for n in range(size):
        address_create(customer=customer, data={"address_id": f"a{n:03d}", "city": "Woburn", "preferred": n == 0})
        payment_instrument_create(customer=customer, request_document={
            "payment_method_id": "CREDIT_CARD" if n % 2 else "GIFT_CERTIFICATE",
            "payment_card": {"number": f"41111111111{n:04d}", "expiration_month": 1, "expiration_year": 2030},
        })
        items = [{"product_id": f"p{i}", "product_name": "Thing", "quantity": 1, "base_price": "9.99",
                  "tax_rate": "0.05"} for i in range(3)]
        order_create(customer=customer, items=items, billing_address={"city": "Woburn"})
        basket_create(customer=customer, items=items, billing_address={"city": "Woburn"})


# endpoint -> its queries (the token with its customer is the first of each)
ENDPOINTS = {
    "{id}?expand=addresses,paymentinstruments": 3,  # + address book, + instruments
    "{id}/addresses?count=200": 2,  # + the page with its total (COUNT(*) OVER ())
    "{id}/addresses?start=20": 3,  # past the end: + the total on its own
    "{id}/payment_instruments": 2,
    "{id}/orders?count=200": 7,  # + count, + page, + one per line kind (items, shipments, shipping items, payments)
    "{id}/baskets": 6,  # + baskets, + one per line kind
}


@pytest.mark.parametrize("endpoint,expected", ENDPOINTS.items())
def test_read_queries_do_not_grow_with_the_data(api, make_customer, jwt_for, endpoint, expected):
    counts = []
    for size in (1, 12):
        customer = make_customer(f"size{size}")
        fill(customer, size)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
        url = api_url("customers") + "/" + endpoint.format(id=customer.customer_id)
        api.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected], [query["sql"][:80] for query in queries]


@pytest.mark.parametrize("endpoint,expected", ENDPOINTS.items())
def test_ocapi_settings_add_no_query(api, make_customer, jwt_for, endpoint, expected):
    """With OCAPI settings in force, each request costs what it costs without: the documents
    are compiled in the process and re-checked every few seconds, not per request."""
    from shopsite.ocapi_settings import ocapi_settings_save

    ocapi_settings_save(site=None, by="test", text='{"_v": "19.5", "clients": [{"client_id": '
                        '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "resources": [{"resource_id": "/customers/**", '
                        '"methods": ["get"]}]}]}')
    customer = make_customer("settings")
    fill(customer, 3)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    url = api_url("customers") + "/" + endpoint.format(id=customer.customer_id)
    api.get(url)  # warm per-process caches (the documents among them)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    assert len(queries) == expected, [query["sql"][:80] for query in queries]


def test_login_queries_do_not_grow_with_the_customers(api, client_app, make_customer):
    import base64

    counts = []
    for extra in (0, 40):
        for n in range(extra):
            make_customer(f"other{n}")
        basic = "Basic " + base64.b64encode(b"jsmith:12345!aBcD").decode()
        with CaptureQueriesContext(connection) as queries:
            response = api.post(api_url("customers", "auth", client_id=client_app.client_id), {"type": "credentials"},
                                format="json", HTTP_AUTHORIZATION=basic)
            assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.fixture(autouse=True)
def jsmith(make_customer):
    return make_customer("jsmith")


def test_refresh_costs_three_queries(api, client_app, jsmith, jwt_for):
    """The client, the token with its customer, the new token's row (the site is the request's)."""
    url = api_url("customers", "auth", client_id=client_app.client_id)
    api.post(url, {"type": "guest"}, format="json")  # warm caches
    token = jwt_for(jsmith)
    with CaptureQueriesContext(connection) as queries:
        response = api.post(url, {"type": "refresh"}, format="json", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, response.content
    statements = [query["sql"] for query in queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 3, [sql[:80] for sql in statements]  # (the test's transaction adds savepoints)
