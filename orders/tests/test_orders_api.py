"""GET /customers/{customer_id}/orders: document, paging, sorting, cross-sites, access, queries."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.tests.helpers import BILLING_ADDRESS, BILLING_ADDRESS_DOCUMENT, BILLING_ADDRESS_XML, item, orders_url
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db


def order_numbers(response):
    assert response.status_code == 200, response.content
    return [order["order_no"] for order in response.json()["data"]]


# --- the document ----------------------------------------------------------------------------


def test_order_document_as_the_spec_shows(as_customer, customer, make_order):
    customer.first_name = "John"
    customer.save()
    order = make_order(
        customer,
        items=[item("P1", quantity=2, base_price="5.00", tax_rate="0.1", item_text="Tee, red"),
               item("P2", quantity=1, base_price="6.49", tax_rate="0.1")],
        shipments=[{"shipment_id": "me", "shipping_method_id": "001", "shipping_method_name": "Ground",
                    "shipping_price": "0.01", "shipping_address": {"first_name": "John", "last_name": "Smith",
                                                                   "address1": "1 Main St", "city": "Boston",
                                                                   "postal_code": "02108", "country_code": "US"}}],
        payment_instruments=[{"payment_method_id": "CREDIT_CARD", "card_type": "Visa",
                              "number": "4111111111111111", "holder": "John Smith",
                              "expiration_month": 1, "expiration_year": 2030}],
        status="new", payment_status="paid", confirmation_status="confirmed", currency="EUR",
        custom={"c_channel": "web"}, billing_address=BILLING_ADDRESS,
    )

    response = as_customer.get(orders_url(customer))

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    body = response.json()
    assert {key: body[key] for key in ("_v", "_type", "count", "start", "total")} == {
        "_v": "16.4", "_type": "customer_order_result", "count": 1, "start": 0, "total": 1}
    assert "next" not in body and "previous" not in body
    doc = body["data"][0]
    [p1, p2] = order.product_items.all()
    [payment] = order.payment_instruments.all()
    [shipping_item] = order.shipping_items.all()
    assert doc == {
        "_type": "order",
        "adjusted_merchandize_total_tax": 1.65,
        "adjusted_shipping_total_tax": 0.0,
        "billing_address": BILLING_ADDRESS_DOCUMENT,  # every field of the order_address, and full_name
        "confirmation_status": "confirmed",
        "created_by": "Customer",
        "creation_date": "2024-01-01T12:00:00.000Z",
        "currency": "EUR",
        "customer_info": {"_type": "customer_info", "customer_id": customer.customer_id,
                          "customer_name": "John Smith", "customer_no": customer.customer_no,
                          "email": "jsmith@example.com"},
        "last_modified": doc["last_modified"],
        "merchandize_total_tax": 1.65,  # no promotions: as adjusted_merchandize_total_tax
        "order_no": order.order_no,
        "order_total": 18.15,
        "payment_status": "paid",
        "payment_instruments": [{
            "_type": "order_payment_instrument", "amount": 18.15,
            "payment_card": {"_type": "payment_card", "card_type": "Visa", "expiration_month": 1,
                             "expiration_year": 2030, "holder": "John Smith",
                             "masked_number": "************1111", "number_last_digits": "1111"},
            "payment_instrument_id": payment.payment_instrument_id, "payment_method_id": "CREDIT_CARD"}],
        "product_items": [
            {"_type": "product_item", "adjusted_tax": 1.0, "base_price": 5.0, "item_id": p1.item_id,
             "item_text": "Tee, red", "price": 10.0, "price_after_item_discount": 10.0,
             "price_after_order_discount": 10.0, "product_id": "P1", "product_name": "Product P1",
             "quantity": 2.0, "shipment_id": "me", "tax": 1.0, "tax_basis": 10.0, "tax_rate": 0.1},
            {"_type": "product_item", "adjusted_tax": 0.65, "base_price": 6.49, "item_id": p2.item_id,
             "item_text": "Product P2", "price": 6.49, "price_after_item_discount": 6.49,
             "price_after_order_discount": 6.49, "product_id": "P2", "product_name": "Product P2",
             "quantity": 1.0, "shipment_id": "me", "tax": 0.65, "tax_basis": 6.49, "tax_rate": 0.1},
        ],
        "product_sub_total": 16.49,
        "product_total": 16.49,
        "shipments": [{
            "_type": "shipment", "shipment_id": "me",
            "shipping_address": {"_type": "order_address", "address1": "1 Main St", "city": "Boston",
                                 "country_code": "US", "first_name": "John", "full_name": "John Smith",
                                 "last_name": "Smith", "postal_code": "02108"},
            "shipping_method": {"_type": "shipping_method", "id": "001", "name": "Ground"}}],
        "shipping_items": [{
            "_type": "shipping_item", "adjusted_tax": 0.0, "base_price": 0.01, "item_id": shipping_item.item_id,
            "item_text": "Shipping", "price": 0.01, "price_after_item_discount": 0.01, "shipment_id": "me",
            "tax": 0.0, "tax_basis": 0.01, "tax_rate": 0.0}],
        "shipping_status": "not_shipped",  # the default
        "shipping_total": 0.01,
        "shipping_total_tax": 0.0,
        "site_id": "SiteGenesis",
        "status": "new",
        "tax_total": 1.65,
        "taxation": "net",
        "c_channel": "web",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", doc["last_modified"])
    assert re.fullmatch(r"\d{8}", order.order_no)


def test_money_is_rendered_as_json_numbers(as_customer, customer, make_order):
    make_order(customer, items=[item(base_price="16.49")])
    raw = as_customer.get(orders_url(customer)).content.decode()
    assert '"product_total":16.49' in raw
    assert '"tax_total":0.0' in raw


def test_no_orders_is_an_empty_result(as_customer, customer):
    response = as_customer.get(orders_url(customer))
    assert response.status_code == 200
    assert response.json() == {"_v": "16.4", "_type": "customer_order_result", "count": 0, "data": [],
                               "start": 0, "total": 0}


def test_orders_in_xml(as_customer, customer, make_order):
    order = make_order(customer)
    response = as_customer.get(orders_url(customer) + "?format=xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?><customer_order_result _v="16.4">')
    assert "<data><order><adjusted_merchandize_total_tax>0.0</adjusted_merchandize_total_tax>" in body
    assert f"<order_no>{order.order_no}</order_no>" in body
    assert "<product_items><product_item>" in body


def test_billing_address_in_xml(as_customer, customer, make_order):
    make_order(customer, billing_address=BILLING_ADDRESS)
    body = as_customer.get(orders_url(customer) + "?format=xml").content.decode()
    assert "</adjusted_shipping_total_tax>" + BILLING_ADDRESS_XML + "<confirmation_status>" in body


@pytest.mark.parametrize("billing_address, expected", [
    (None, None),
    ({}, None),
    (dict.fromkeys(BILLING_ADDRESS, ""), None),  # every field blank: no document
    ({"last_name": "Doe"}, {"_type": "order_address", "full_name": "Doe", "last_name": "Doe"}),
    ({"city": "Paris", "first_name": ""}, {"_type": "order_address", "city": "Paris"}),  # no name, no full_name
])
def test_billing_address_leaves_out_blank_values(as_customer, customer, make_order, billing_address, expected):
    make_order(customer, billing_address=billing_address)
    response = as_customer.get(orders_url(customer))
    assert response.json()["data"][0].get("billing_address") == expected
    assert ("<billing_address>" in as_customer.get(orders_url(customer) + "?format=xml").content.decode()) == (
        expected is not None)


def test_resource_names_are_case_insensitive(as_customer, customer, make_order):
    order = make_order(customer)
    response = as_customer.get(f"/dw/shop/v16_4/Customers/{customer.customer_id}/Orders")
    assert order_numbers(response) == [order.order_no]


# --- sorting and paging ------------------------------------------------------------------------


def test_newest_first_then_higher_order_no(as_customer, customer, make_order):
    oldest = make_order(customer, day=1)
    tie_a = make_order(customer, day=5)
    tie_b = make_order(customer, day=5)
    middle = make_order(customer, day=3)
    response = as_customer.get(orders_url(customer))
    assert order_numbers(response) == [tie_b.order_no, tie_a.order_no, middle.order_no, oldest.order_no]


def test_default_page_is_ten_without_links(as_customer, customer, make_order):
    orders = [make_order(customer, day=day) for day in range(1, 13)]
    body = as_customer.get(orders_url(customer)).json()
    assert body["count"] == 10 and body["total"] == 12 and body["start"] == 0
    assert [o["order_no"] for o in body["data"]] == [o.order_no for o in reversed(orders)][:10]
    assert "next" not in body and "previous" not in body  # no paging was asked


def test_paging_with_next_and_previous_links(as_customer, customer, make_order):
    orders = [make_order(customer, day=day) for day in range(1, 6)]
    newest_first = [o.order_no for o in reversed(orders)]
    url = orders_url(customer)

    body = as_customer.get(url + "?start=0&count=2").json()
    assert [o["order_no"] for o in body["data"]] == newest_first[:2]
    assert body["next"] == f"http://testserver{url}?start=2&count=2"
    assert "previous" not in body

    body = as_customer.get(url + "?start=2&count=2").json()
    assert [o["order_no"] for o in body["data"]] == newest_first[2:4]
    assert body["next"] == f"http://testserver{url}?start=4&count=2"
    assert body["previous"] == f"http://testserver{url}?start=0&count=2"

    body = as_customer.get(url + "?start=4&count=2").json()
    assert (body["count"], body["start"], body["total"]) == (1, 4, 5)
    assert [o["order_no"] for o in body["data"]] == newest_first[4:]
    assert "next" not in body
    assert body["previous"] == f"http://testserver{url}?start=2&count=2"


def test_links_keep_the_cross_sites_parameter(as_server, customer, make_order):
    make_order(customer, day=1)
    make_order(customer, day=2)
    url = orders_url(customer)
    body = as_server.get(url + "?cross-sites=true&count=1").json()
    assert body["next"] == f"http://testserver{url}?cross-sites=true&count=1&start=1"


def test_start_has_no_upper_bound(as_customer, customer, make_order):
    make_order(customer)
    body = as_customer.get(orders_url(customer) + "?start=5000").json()
    assert (body["count"], body["data"], body["start"], body["total"]) == (0, [], 5000, 1)
    assert body["previous"].endswith("?start=0&count=10")  # the last page that exists


def test_previous_of_an_empty_list_is_absent(as_customer, customer):
    body = as_customer.get(orders_url(customer) + "?start=20").json()
    assert body["total"] == 0 and "previous" not in body and "next" not in body


def test_start_beyond_what_a_database_offsets_is_a_parameter_fault(as_customer, customer):
    fault = fault_of(as_customer.get(orders_url(customer) + "?start=99999999999999999999"), 400)
    assert fault["type"] == "ParameterConstraintViolationException"


def test_access_is_checked_before_the_parameters(as_customer, make_customer):
    other = make_customer("other")
    response = as_customer.get(orders_url(other) + "?count=0&cross-sites=maybe")
    assert fault_of(response, 400)["type"] == "InvalidCustomerException"


def test_cross_sites_is_not_read_for_a_jwt(as_customer, customer, make_order):
    make_order(customer)
    assert as_customer.get(orders_url(customer) + "?cross-sites=maybe").status_code == 200


@pytest.mark.parametrize("query, parameter, value", [
    ("start=-1", "start", "-1"),
    ("start=abc", "start", "abc"),
    ("count=0", "count", "0"),
    ("count=201", "count", "201"),
    ("count=1.5", "count", "1.5"),
])
def test_bad_paging_is_a_parameter_fault(as_customer, customer, query, parameter, value):
    fault = fault_of(as_customer.get(orders_url(customer) + "?" + query), 400)
    assert fault["type"] == "ParameterConstraintViolationException"
    assert fault["arguments"] == {"parameter": parameter, "value": value}


def test_count_of_200_is_allowed(as_customer, customer, make_order):
    make_order(customer)
    assert as_customer.get(orders_url(customer) + "?count=200").json()["count"] == 1


# --- sites and cross-sites -----------------------------------------------------------------------


@pytest.fixture
def orders_on_two_sites(customer, other_site, make_order):
    """The customer's order on its own site (day 1) and one imported from OtherSite (day 2)."""
    return make_order(customer, day=1), make_order(customer, day=2, site=other_site)


def test_oauth_cross_sites_true_lists_the_orders_of_every_site(as_server, customer, orders_on_two_sites):
    home, imported = orders_on_two_sites
    body = as_server.get(orders_url(customer) + "?cross-sites=true").json()
    assert [(o["order_no"], o["site_id"]) for o in body["data"]] == [
        (imported.order_no, "OtherSite"), (home.order_no, "SiteGenesis")]
    assert body["total"] == 2


@pytest.mark.parametrize("query", ["", "?cross-sites=false", "?cross-sites=FALSE"])
def test_oauth_without_cross_sites_lists_the_request_site_only(as_server, customer, orders_on_two_sites, query):
    home, _ = orders_on_two_sites
    body = as_server.get(orders_url(customer) + query).json()
    assert [o["order_no"] for o in body["data"]] == [home.order_no]
    assert body["total"] == 1


def test_cross_sites_is_case_insensitive(as_server, customer, orders_on_two_sites):
    assert as_server.get(orders_url(customer) + "?cross-sites=True").json()["total"] == 2


def test_jwt_ignores_cross_sites(as_customer, customer, orders_on_two_sites):
    home, _ = orders_on_two_sites
    response = as_customer.get(orders_url(customer) + "?cross-sites=true")
    assert order_numbers(response) == [home.order_no]
    assert response.json()["total"] == 1


@pytest.mark.parametrize("value", ["yes", "1", "", "truee"])
def test_bad_cross_sites_value_is_a_parameter_fault(as_server, customer, value):
    fault = fault_of(as_server.get(orders_url(customer) + f"?cross-sites={value}"), 400)
    assert fault == {"type": "ParameterConstraintViolationException",
                     "message": "Query parameter 'cross-sites' must be true or false.",
                     "arguments": {"parameter": "cross-sites", "value": value}}


def test_site_url_lists_that_sites_orders(api, make_customer, other_site, make_order, jwt_for):
    shopper = make_customer(login="other", site=other_site)
    order = make_order(shopper)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(shopper)}")
    response = api.get(orders_url(shopper, site="OtherSite"))
    assert order_numbers(response) == [order.order_no]


# --- access control ----------------------------------------------------------------------------


def test_oauth_sees_any_customer_of_the_site(as_server, customer, make_order):
    order = make_order(customer)
    assert order_numbers(as_server.get(orders_url(customer))) == [order.order_no]


def test_agent_sees_the_customers_orders_through_an_on_behalf_token(api, agent_token, customer, make_order):
    order = make_order(customer)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert fault_of(api.get(orders_url(customer)), 403)["type"] == "InsufficientPermissionsException"
    on_behalf = api.post(api_url("customers", customer.customer_id, "auth"))["Authorization"]
    api.credentials(HTTP_AUTHORIZATION=on_behalf)
    assert order_numbers(api.get(orders_url(customer))) == [order.order_no]


def test_other_customers_orders_are_not_listed(as_customer, customer, make_customer, make_order):
    mine = make_order(customer)
    make_order(make_customer(login="other"))
    assert order_numbers(as_customer.get(orders_url(customer))) == [mine.order_no]


def test_guest_sees_own_orders(as_jwt, guest, make_order):
    order = make_order(guest, email="guest@example.com")
    response = as_jwt(guest).get(orders_url(guest))
    assert order_numbers(response) == [order.order_no]
    assert response.json()["data"][0]["customer_info"] == {
        "_type": "customer_info", "customer_id": guest.customer_id, "email": "guest@example.com"}


def test_detached_order_is_no_longer_listed_but_still_renders(customer, make_order):
    from orders.documents import order_document
    from orders.models import Order

    order = make_order(customer)
    customer_id, customer_no = customer.customer_id, customer.customer_no
    customer.delete()  # a future GDPR erase: the order stays, detached
    order = Order.objects.select_related("site").get(pk=order.pk)
    assert order.customer is None
    assert order_document(order)["customer_info"] == {
        "_type": "customer_info", "customer_id": customer_id, "customer_name": "Smith",
        "customer_no": customer_no, "email": "jsmith@example.com"}


# --- queries --------------------------------------------------------------------------------------


def _queries_of(api, url):
    api.get(url)  # warm the per-process site cache, so both measurements start alike
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"] for query in context.captured_queries]


def test_a_page_costs_the_same_queries_whatever_its_size(as_jwt, make_customer, make_order):
    small, large = make_customer(login="small"), make_customer(login="large")
    make_order(small)
    payments = [{"payment_method_id": "GIFT_CERTIFICATE", "amount": "1.00"},
                {"payment_method_id": "CREDIT_CARD", "amount": "2.00", "number": "4111111111111111"}]
    shipments = [{"shipment_id": "me", "shipping_price": "1.00", "shipping_method_id": "001"},
                 {"shipment_id": "gift", "shipping_price": "2.00",
                  "shipping_address": {"last_name": "Doe", "city": "Paris"}}]
    for day in range(1, 11):
        make_order(large, day=day, shipments=shipments, payment_instruments=payments,
                   items=[item(f"P{n}", shipment_id="gift" if n % 2 else "me") for n in range(50)])

    small_body, small_queries = _queries_of(as_jwt(small), orders_url(small))
    large_body, large_queries = _queries_of(as_jwt(large), orders_url(large))

    assert (small_body["count"], len(small_body["data"][0]["product_items"])) == (1, 1)
    assert large_body["count"] == 10
    assert all(len(order["product_items"]) == 50 for order in large_body["data"])
    assert len(small_queries) == len(large_queries)
    # count, the page of orders (site joined), then one query per kind of line
    order_queries = [sql for sql in large_queries if '"orders_' in sql]
    assert len(order_queries) == 6


def test_cross_sites_page_costs_the_same_queries(as_server, customer, other_site, make_order):
    make_order(customer)
    _, few = _queries_of(as_server, orders_url(customer) + "?cross-sites=true")
    for day in range(2, 12):
        make_order(customer, day=day, site=other_site, items=[item(f"P{n}") for n in range(20)])
    body, many = _queries_of(as_server, orders_url(customer) + "?cross-sites=true")
    assert body["count"] == 10
    assert len(few) == len(many)
