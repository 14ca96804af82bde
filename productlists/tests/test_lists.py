"""GET/POST /customers/{id}/product_lists and GET/PATCH/DELETE .../product_lists/{list_id}."""
import datetime

import pytest
import time_machine
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from addresses.services import address_delete, address_update
from productlists.models import ProductList, ProductListItem
from productlists.tests.helpers import (
    DOCUMENT_VERSION,
    PRODUCT_LISTS_VERSION,
    absolute,
    fault,
    lists_url,
    without_dates,
)
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db

GIFT_REGISTRY = {
    "type": "gift_registry", "name": "Our wedding", "description": "Pots and pans", "public": True,
    "event": {"type": "wedding", "date": "2031-06-21T14:00:00.000Z", "city": "Boston", "state": "MA",
              "country": "US"},
    "registrant": {"first_name": "John", "last_name": "Smith", "email": "john@example.com", "role": "groom"},
    "co_registrant": {"first_name": "Jane", "last_name": "Doe", "role": "bride"},
    "shipping_address_link": {"address_id": "home"}, "c_theme": "blue",
}


def test_create_a_gift_registry_answers_the_whole_list(as_customer, customer, home):
    response = as_customer.post(lists_url(customer), GIFT_REGISTRY, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    stored = ProductList.objects.get(customer=customer)
    list_url = absolute(lists_url(customer, stored.list_id))
    home_link = {"_type": "customer_address_link", "address_id": "home",
                 "link": absolute(api_url("customers", customer.customer_id, "addresses", "home",
                                     version=PRODUCT_LISTS_VERSION))}
    assert body["_v"] == DOCUMENT_VERSION
    assert without_dates(body) == {
        "_type": "customer_product_list", "id": stored.list_id, "type": "gift_registry", "name": "Our wedding",
        "description": "Pots and pans", "public": True, "c_theme": "blue",
        "event": {"_type": "product_list_event", "type": "wedding", "date": "2031-06-21T14:00:00.000Z",
                  "city": "Boston", "state": "MA", "country": "US"},
        "registrant": {"_type": "customer_product_list_registrant", "first_name": "John", "last_name": "Smith",
                       "email": "john@example.com", "role": "groom"},
        "co_registrant": {"_type": "customer_product_list_registrant", "first_name": "Jane", "last_name": "Doe",
                          "role": "bride"},
        "shipping_address_link": home_link, "current_shipping_address_link": home_link,
        "product_list_shipping_address": {"_type": "product_list_shipping_address", "address_id": "home",
                                          "city": "Woburn", "first_name": "John", "last_name": "Smith"},
        "customer_product_list_items": [],
        "items_link": {"_type": "customer_product_list_item_link", "link": f"{list_url}/items"},
    }
    assert body["creation_date"].endswith("Z") and body["last_modified"].endswith("Z")
    assert (stored.type, stored.registrant_role, stored.shipping_address, stored.custom) == (
        "gift_registry", "groom", home, {"c_theme": "blue"})


def test_the_smallest_list(as_server, customer):
    response = as_server.post(lists_url(customer), {"type": "wish_list"}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert without_dates(body) == {
        "_type": "customer_product_list", "id": body["id"], "type": "wish_list", "public": False,
        "customer_product_list_items": [],
        "items_link": {"_type": "customer_product_list_item_link",
                       "link": absolute(lists_url(customer, body["id"], "items"))},
    }
    assert len(body["id"]) == 26


@pytest.mark.parametrize("body, shown", [({}, None), ({"type": None}, None), ({"type": "wishlist"}, "wishlist"),
                                         ({"type": 1}, None), ({"type": "WISH_LIST"}, "WISH_LIST")])
def test_a_missing_or_unknown_type_is_refused(as_customer, customer, body, shown):
    answered = fault(as_customer.post(lists_url(customer), {**body, "name": "x"}, format="json"), 400)

    assert answered["type"] == "InvalidProductListTypeException"
    assert answered.get("arguments", {}).get("type") == shown
    assert not ProductList.objects.exists()


@pytest.mark.parametrize("body, fault_type", [
    ({"id": "mine"}, "ReadOnlyPropertyException"),
    ({"customer_product_list_items": []}, "ReadOnlyPropertyException"),
    ({"colour": "red"}, "UnknownPropertyException"),
    ({"event": {"venue": "x"}}, "UnknownPropertyException"),
    ({"name": "x" * 257}, "PropertyConstraintViolationException"),
    ({"name": "two\nlines"}, "PropertyConstraintViolationException"),
    ({"description": "x" * 4001}, "PropertyConstraintViolationException"),
    ({"public": "yes"}, "PropertyConstraintViolationException"),
    ({"event": "wedding"}, "PropertyConstraintViolationException"),
    ({"event": {"date": "tomorrow"}}, "PropertyConstraintViolationException"),
    ({"event": {"date": "9999-12-31T23:00:00-14:00"}}, "PropertyConstraintViolationException"),
    ({"registrant": {"email": "not an email"}}, "PropertyConstraintViolationException"),
    ({"shipping_address_link": {}}, "PropertyConstraintViolationException"),
    ({"shipping_address_link": {"address_id": 7}}, "PropertyConstraintViolationException"),
    ({"c_": 1}, "PropertyConstraintViolationException"),
])
def test_bad_documents_are_refused_and_nothing_is_stored(as_customer, customer, body, fault_type):
    answered = fault(as_customer.post(lists_url(customer), {"type": "wish_list", **body}, format="json"), 400)

    assert answered["type"] == fault_type
    assert not ProductList.objects.exists()


def test_an_address_link_must_name_an_address_of_the_customer(as_customer, customer, make_customer):
    other = make_customer("other")
    other.addresses.create(address_id="elsewhere", city="Salem")
    body = {"type": "wish_list", "post_event_shipping_address_link": {"address_id": "elsewhere"}}

    assert fault(as_customer.post(lists_url(customer), body, format="json"), 400) == {
        "type": "InvalidProductListAddressException",
        "message": "Property 'post_event_shipping_address_link': the customer has no address 'elsewhere'.",
        "arguments": {"property": "post_event_shipping_address_link", "addressId": "elsewhere"},
    }
    assert not ProductList.objects.exists()


def test_derived_properties_sent_back_are_ignored(as_customer, customer, home):
    created = as_customer.post(lists_url(customer), GIFT_REGISTRY, format="json").json()
    echoed = {key: value for key, value in created.items()
              if key not in ("id", "creation_date", "last_modified", "items_link", "customer_product_list_items",
                             "type")}

    response = as_customer.patch(lists_url(customer, created["id"]), echoed, format="json")

    assert response.status_code == 200, response.content
    assert without_dates(response.json()) == without_dates(created)


def test_list_the_customers_lists_oldest_first_with_their_items(as_customer, customer, make_list, make_item,
                                                                 make_purchase):
    first = make_list(customer, name="First")
    second = make_list(customer, "shopping_list", name="Second", creation_date=first.creation_date
                       + datetime.timedelta(seconds=1))
    item = make_item(second, "P1", quantity=3)
    make_purchase(item, quantity=2)
    make_purchase(item, quantity="0.5")

    response = as_customer.get(lists_url(customer))

    assert response.status_code == 200
    body = response.json()
    assert (body["_type"], body["count"], body["total"]) == ("customer_product_list_result", 2, 2)
    assert [entry["name"] for entry in body["data"]] == ["First", "Second"]
    assert without_dates(body["data"][1]["customer_product_list_items"]) == [{
        "_type": "customer_product_list_item", "id": item.item_id, "type": "product", "product_id": "P1",
        "quantity": 3.0, "purchased_quantity": 2.5, "priority": 0, "public": False,
    }]
    assert "start" not in body and "next" not in body


def test_reads_take_constant_queries(as_customer, customer, make_list, make_item, make_purchase):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert as_customer.get(lists_url(customer)).status_code == 200
        return len(captured)

    product_list = make_list(customer)
    make_item(product_list)
    few = queries()
    for number in range(5):
        other = make_list(customer, name=f"L{number}")
        make_purchase(make_item(other, f"P{number}"))
        make_item(other, "", type="gift_certificate")
    assert queries() == few


def test_get_patch_and_delete_one_list(as_customer, customer, make_list, make_item, home):
    product_list = make_list(customer, name="Old", custom={"c_keep": 1, "c_drop": 2})
    make_item(product_list, "P1")

    got = as_customer.get(lists_url(customer, product_list.list_id))
    assert got.status_code == 200 and got.json()["name"] == "Old"
    assert [item["product_id"] for item in got.json()["customer_product_list_items"]] == ["P1"]

    patched = as_customer.patch(lists_url(customer, product_list.list_id), {
        "name": "New", "description": None, "public": True, "c_drop": None, "c_add": "x",
        "registrant": {"first_name": "Jo"}, "shipping_address_link": {"address_id": "home"},
    }, format="json")
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["name"], body["public"], body["c_keep"], body["c_add"]) == ("New", True, 1, "x")
    assert "c_drop" not in body and "description" not in body
    assert body["registrant"] == {"_type": "customer_product_list_registrant", "first_name": "Jo"}
    assert body["shipping_address_link"]["address_id"] == "home"

    cleared = as_customer.patch(lists_url(customer, product_list.list_id),
                                {"registrant": None, "shipping_address_link": None}, format="json").json()
    assert "registrant" not in cleared and "shipping_address_link" not in cleared

    assert as_customer.delete(lists_url(customer, product_list.list_id)).status_code == 204
    assert not ProductList.objects.exists() and not ProductListItem.objects.exists()


def test_the_type_of_a_list_is_read_only(as_customer, customer, make_list):
    product_list = make_list(customer)
    answered = fault(as_customer.patch(lists_url(customer, product_list.list_id), {"type": "wish_list"},
                                       format="json"), 400)
    assert answered == {"type": "ReadOnlyPropertyException", "message": "Property 'type' is read-only.",
                        "arguments": {"property": "type"}}


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_unknown_lists(as_customer, customer, make_customer, make_list, method):
    elsewhere = make_list(make_customer("other"))
    for list_id in ("nosuchlist", elsewhere.list_id):
        response = getattr(as_customer, method)(lists_url(customer, list_id), {}, format="json")
        assert fault(response, 404) == {
            "type": "CustomerProductListNotFoundException", "message": f"Product list '{list_id}' not found.",
            "arguments": {"listId": list_id}}
    assert ProductList.objects.count() == 1


def test_a_list_id_longer_than_the_swagger_allows(as_customer, customer):
    answered = fault(as_customer.get(lists_url(customer, "x" * 29)), 400)
    assert (answered["type"], answered["arguments"]["parameter"]) == ("ParameterConstraintViolationException",
                                                                      "list_id")


def test_deleting_the_address_clears_the_link_and_keeps_the_list(as_customer, customer, home, make_list):
    product_list = make_list(customer, shipping_address=home, post_event_shipping_address=home)

    address_delete(customer=customer, address_name="home")

    body = as_customer.get(lists_url(customer, product_list.list_id)).json()
    for name in ("shipping_address_link", "post_event_shipping_address_link", "current_shipping_address_link",
                 "product_list_shipping_address"):
        assert name not in body
    product_list.refresh_from_db()
    assert (product_list.shipping_address, product_list.post_event_shipping_address) == (None, None)


def test_a_renamed_address_is_still_linked(as_customer, customer, home, make_list):
    product_list = make_list(customer, shipping_address=home)
    address_update(customer=customer, address_name="home", changes={"address_id": "house"})

    body = as_customer.get(lists_url(customer, product_list.list_id)).json()
    assert body["shipping_address_link"]["address_id"] == "house"
    assert body["shipping_address_link"]["link"].endswith("/addresses/house")


def test_an_address_moved_to_another_customer_is_not_shown(as_customer, customer, home, make_list, make_customer):
    product_list = make_list(customer, shipping_address=home)
    home.customer = make_customer("other")
    home.save()
    assert "shipping_address_link" not in as_customer.get(lists_url(customer, product_list.list_id)).json()


def test_after_the_event_the_post_event_address_is_current(as_customer, customer, home, make_list):
    work = customer.addresses.create(address_id="work/2", city="Boston", first_name="J")
    event = timezone.now() + datetime.timedelta(minutes=5)  # the JWT lasts 30 minutes
    product_list = make_list(customer, event_date=event, shipping_address=home, post_event_shipping_address=work)

    before = as_customer.get(lists_url(customer, product_list.list_id)).json()
    assert before["current_shipping_address_link"]["address_id"] == "home"
    with time_machine.travel(event + datetime.timedelta(minutes=5)):
        after = as_customer.get(lists_url(customer, product_list.list_id)).json()
    assert after["current_shipping_address_link"] == {
        "_type": "customer_address_link", "address_id": "work/2",
        "link": absolute(api_url("customers", customer.customer_id, "addresses", "work/2",
                                 version=PRODUCT_LISTS_VERSION))}
    assert after["product_list_shipping_address"] == {"_type": "product_list_shipping_address",
                                                      "address_id": "work/2", "city": "Boston", "first_name": "J"}


def test_guests_have_no_lists(as_guest, guest, make_list):
    make_list(guest, name="stored by the shell")  # shown nowhere, as a guest's addresses
    body = as_guest.get(lists_url(guest)).json()
    assert (body["count"], body["total"], body["data"]) == (0, 0, [])
    stored = ProductList.objects.get()
    assert fault(as_guest.get(lists_url(guest, stored.list_id)), 404)["type"] == "CustomerProductListNotFoundException"
    assert fault(as_guest.post(lists_url(guest), {"type": "wish_list"}, format="json"), 400) == {
        "type": "InvalidCustomerException", "message": "A guest customer has no product lists."}


def test_the_number_of_lists_is_bounded(as_customer, customer, make_list, settings):
    settings.SHOPSITE_MAX_PRODUCT_LISTS = 2
    make_list(customer)
    assert as_customer.post(lists_url(customer), {"type": "wish_list"}, format="json").status_code == 200

    assert fault(as_customer.post(lists_url(customer), {"type": "wish_list"}, format="json"), 400) == {
        "type": "PropertyConstraintViolationException", "message": "No more than 2 product lists per customer.",
        "arguments": {"property": "product_lists"}}
    assert ProductList.objects.count() == 2


def test_on_a_named_site_links_keep_the_site(api, make_customer, other_site, jwt_for):
    shopper = make_customer("shopper", site=other_site)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(shopper)}")

    body = api.post(lists_url(shopper, site="OtherSite"), {"type": "wish_list"}, format="json").json()

    assert body["items_link"]["link"] == absolute(lists_url(shopper, body["id"], "items", site="OtherSite"))
    assert body["items_link"]["link"].startswith("http://testserver/s/OtherSite/dw/shop/")


def test_resource_names_are_case_insensitive_ids_are_not(as_customer, customer, make_list, make_item):
    product_list = make_list(customer)
    item = make_item(product_list)
    path = lists_url(customer, product_list.list_id, "items", item.item_id)
    shouted = path.replace("/customers/", "/Customers/").replace("/product_lists/", "/Product_Lists/").replace(
        "/items/", "/ITEMS/")

    assert as_customer.get(shouted).status_code == 200
    assert as_customer.get(path.replace(item.item_id, item.item_id.swapcase())).status_code == 404


def test_select_and_xml(as_customer, customer, make_list, make_item):
    product_list = make_list(customer, name="Wishes", public=True)
    make_item(product_list, "01801", quantity="1.50")

    selected = as_customer.get(lists_url(customer, product_list.list_id,
                                         select="(name,customer_product_list_items.(product_id))"))
    assert selected.json() == {"_v": DOCUMENT_VERSION, "_type": "customer_product_list", "name": "Wishes",
                               "customer_product_list_items": [{"_type": "customer_product_list_item",
                                                                "product_id": "01801"}]}
    root = ElementTree.fromstring(as_customer.get(lists_url(customer, product_list.list_id, format="xml")).content)
    assert (root.tag, root.get("_v"), root.findtext("public")) == ("customer_product_list", DOCUMENT_VERSION, "true")
    item = root.find("customer_product_list_items/customer_product_list_item")
    assert (item.findtext("product_id"), item.findtext("quantity")) == ("01801", "1.5")


def test_xml_request_bodies(as_customer, customer, home):
    body = (b"<customer_product_list><type>gift_registry</type><public>true</public><event><type>wedding</type>"
            b"<date>2031-06-21T14:00:00Z</date></event><shipping_address_link><address_id>home</address_id>"
            b"</shipping_address_link></customer_product_list>")
    response = as_customer.generic("POST", lists_url(customer), body, content_type="application/xml")

    assert response.status_code == 200, response.content
    stored = ProductList.objects.get()
    assert (stored.public, stored.event_type, stored.shipping_address) == (True, "wedding", home)


def test_the_versions_that_have_product_lists_and_purchases(api, as_customer, customer, make_list, make_item,
                                                            client_app):
    product_list = make_list(customer, public=True)
    item = make_item(product_list, public=True)

    def get(version, *segments, **query):
        return as_customer.get(api_url("customers", customer.customer_id, "product_lists", *segments,
                                       version=version, **query))

    assert get("v16_9").status_code == 404
    assert get("v16_4", product_list.list_id).status_code == 404
    listed = get("v17_1")
    assert (listed.status_code, listed.json()["_v"]) == (200, "17.1")
    assert listed.json()["data"][0]["items_link"]["link"].startswith("http://testserver/dw/shop/v17_1/")
    assert get("v17_8", product_list.list_id, "items", item.item_id, "purchases").status_code == 404
    assert get("v18_1", product_list.list_id, "items", item.item_id, "purchases").json()["_v"] == "18.1"
    public = api.get(api_url("product_lists", product_list.list_id, version="v16_4", client_id=client_app.client_id))
    assert public.status_code == 404
    assert api.get(api_url("product_lists", product_list.list_id, version="v23_2",
                           client_id=client_app.client_id)).json()["_v"] == "23.2"
