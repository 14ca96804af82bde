"""GET /customers/{customer_id}/baskets: baskets_result, access control, queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.tests.helpers import BILLING_ADDRESS, BILLING_ADDRESS_DOCUMENT, BILLING_ADDRESS_XML, baskets_url, item

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


def test_baskets_result(as_customer, customer, make_basket):
    basket = make_basket(
        customer, items=[item("P1", quantity=3, base_price="2.50", tax_rate="0.2")], taxation="gross",
        shipments=[{"shipment_id": "me", "shipping_price": "1.20", "shipping_tax_rate": "0.2"}],
        creation_date=datetime.datetime(2024, 2, 1, 8, 0, tzinfo=UTC),
    )
    response = as_customer.get(baskets_url(customer))

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    body = response.json()
    assert (body["_v"], body["_type"], body["total"], len(body["baskets"])) == ("16.4", "baskets_result", 1, 1)
    assert set(body) == {"_v", "_type", "baskets", "total"}  # no paging in 16.4
    doc = body["baskets"][0]
    [product_item] = basket.product_items.all()
    [shipping_item] = basket.shipping_items.all()
    assert doc == {
        "_type": "basket",
        "adjusted_merchandize_total_tax": 1.25,  # gross: 7.50 - 7.50 / 1.2
        "adjusted_shipping_total_tax": 0.2,  # no billing_address: none was given
        "basket_id": basket.basket_id,
        "creation_date": "2024-02-01T08:00:00.000Z",
        "currency": "USD",
        "customer_info": {"_type": "customer_info", "customer_id": customer.customer_id,
                          "customer_name": "Smith", "customer_no": customer.customer_no,
                          "email": "jsmith@example.com"},
        "last_modified": doc["last_modified"],
        "merchandize_total_tax": 1.25,
        "order_total": 8.7,  # gross: the tax is inside the prices
        "payment_instruments": [],
        "product_items": [{
            "_type": "product_item", "adjusted_tax": 1.25, "base_price": 2.5, "item_id": product_item.item_id,
            "item_text": "Product P1", "price": 7.5, "price_after_item_discount": 7.5,
            "price_after_order_discount": 7.5, "product_id": "P1", "product_name": "Product P1",
            "quantity": 3.0, "shipment_id": "me", "tax": 1.25, "tax_basis": 7.5, "tax_rate": 0.2}],
        "product_sub_total": 7.5,
        "product_total": 7.5,
        "shipments": [{"_type": "shipment", "shipment_id": "me"}],
        "shipping_items": [{
            "_type": "shipping_item", "adjusted_tax": 0.2, "base_price": 1.2, "item_id": shipping_item.item_id,
            "item_text": "Shipping", "price": 1.2, "price_after_item_discount": 1.2, "shipment_id": "me",
            "tax": 0.2, "tax_basis": 1.2, "tax_rate": 0.2}],
        "shipping_total": 1.2,
        "shipping_total_tax": 0.2,
        "tax_total": 1.45,
        "taxation": "gross",
    }
    assert len(doc["basket_id"]) == 26


def test_no_baskets(as_customer, customer):
    response = as_customer.get(baskets_url(customer))
    assert response.status_code == 200
    assert response.json() == {"_v": "16.4", "_type": "baskets_result", "baskets": [], "total": 0}


def test_newest_basket_first_and_only_the_customers(as_customer, customer, make_customer, make_basket):
    old = make_basket(customer, creation_date=datetime.datetime(2024, 1, 1, tzinfo=UTC))
    new = make_basket(customer, creation_date=datetime.datetime(2024, 6, 1, tzinfo=UTC), items=[])
    make_basket(make_customer(login="other"))
    body = as_customer.get(baskets_url(customer)).json()
    assert [b["basket_id"] for b in body["baskets"]] == [new.basket_id, old.basket_id]
    assert body["total"] == 2
    assert body["baskets"][0]["product_items"] == []


def test_baskets_in_xml(as_customer, customer, make_basket):
    basket = make_basket(customer)
    response = as_customer.get(baskets_url(customer), HTTP_ACCEPT="application/xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<baskets_result _v="16.4"><baskets><basket>' in body
    assert f"<basket_id>{basket.basket_id}</basket_id>" in body
    assert body.endswith("<total>1</total></baskets_result>")


def test_basket_billing_address_in_json_and_xml(as_customer, customer, make_basket):
    make_basket(customer, billing_address=BILLING_ADDRESS)
    make_basket(customer, billing_address={"city": ""}, creation_date=datetime.datetime(2020, 1, 1, tzinfo=UTC))
    [with_address, blank] = as_customer.get(baskets_url(customer)).json()["baskets"]
    assert with_address["billing_address"] == BILLING_ADDRESS_DOCUMENT
    assert "billing_address" not in blank
    body = as_customer.get(baskets_url(customer) + "?format=xml").content.decode()
    assert body.count("<billing_address>") == 1 and BILLING_ADDRESS_XML in body


def test_guest_sees_own_basket(as_jwt, guest, make_basket):
    basket = make_basket(guest)
    body = as_jwt(guest).get(baskets_url(guest)).json()
    assert [b["basket_id"] for b in body["baskets"]] == [basket.basket_id]
    assert body["baskets"][0]["customer_info"] == {"_type": "customer_info", "customer_id": guest.customer_id}


def test_oauth_reads_any_customers_baskets(as_server, customer, make_basket):
    basket = make_basket(customer)
    body = as_server.get(baskets_url(customer)).json()
    assert [b["basket_id"] for b in body["baskets"]] == [basket.basket_id]


def test_baskets_cost_the_same_queries_whatever_their_size(as_jwt, make_customer, make_basket):
    small, large = make_customer(login="small"), make_customer(login="large")
    make_basket(small)
    for _ in range(4):
        make_basket(large, items=[item(f"P{n}") for n in range(40)],
                    shipments=[{"shipment_id": "me", "shipping_price": "3.00"}],
                    payment_instruments=[{"payment_method_id": "CREDIT_CARD", "number": "4111111111111111"}])

    def queries(customer):
        api = as_jwt(customer)
        api.get(baskets_url(customer))  # warm the per-process site cache
        with CaptureQueriesContext(connection) as context:
            response = api.get(baskets_url(customer))
        assert response.status_code == 200
        return response.json(), len(context.captured_queries)

    (small_body, small_count), (large_body, large_count) = queries(small), queries(large)
    assert (small_body["total"], large_body["total"]) == (1, 4)
    assert small_count == large_count
