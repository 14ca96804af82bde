"""GET/POST .../product_lists/{list_id}/items and GET/PATCH/DELETE .../items/{item_id}."""
import pytest

from productlists import services
from productlists.models import ProductListItem, ProductListItemPurchase
from productlists.tests.helpers import DOCUMENT_VERSION, absolute, fault, lists_url, without_dates
from shopsite import faults

pytestmark = pytest.mark.django_db


@pytest.fixture
def wishes(customer, make_list):
    return make_list(customer, name="Wishes")


def items_url(customer, product_list, *segments, **query):
    return lists_url(customer, product_list.list_id, "items", *segments, **query)


def test_add_a_product(as_customer, customer, wishes):
    response = as_customer.post(items_url(customer, wishes), {
        "type": "product", "product_id": "25518704M", "quantity": 2, "priority": 1, "public": True, "c_size": "M",
    }, format="json")

    assert response.status_code == 200, response.content
    item = ProductListItem.objects.get()
    assert response.json() == {
        "_v": DOCUMENT_VERSION, "_type": "customer_product_list_item", "id": item.item_id, "type": "product",
        "product_id": "25518704M", "quantity": 2.0, "priority": 1, "public": True, "purchased_quantity": 0.0,
        "c_size": "M",
    }
    assert (item.product_list, item.product_id, item.custom) == (wishes, "25518704M", {"c_size": "M"})


def test_defaults_and_a_gift_certificate(as_server, customer, wishes):
    product = as_server.post(items_url(customer, wishes), {"type": "product", "product_id": " any id, as given "},
                             format="json").json()
    assert (product["quantity"], product["priority"], product["public"], product["product_id"]) == (
        1.0, 0, False, " any id, as given ")

    gift = as_server.post(items_url(customer, wishes), {"type": "gift_certificate", "quantity": 1}, format="json")
    assert gift.status_code == 200, gift.content
    assert "product_id" not in gift.json() and gift.json()["type"] == "gift_certificate"

    again = as_server.post(items_url(customer, wishes), {"type": "gift_certificate"}, format="json")
    assert fault(again, 400) == {"type": "ProductListGiftCertificateItemExistsException",
                                 "message": "The product list already has a gift certificate item."}
    assert wishes.items.count() == 2


def test_the_database_keeps_one_gift_certificate_per_list(customer, wishes, make_item, monkeypatch):
    """A write that got past the check (a race) meets the constraint, and answers the same fault."""
    make_item(wishes, "", type="gift_certificate")
    monkeypatch.setattr(services, "_gift_certificate_taken", lambda *args, **kwargs: False)
    with pytest.raises(faults.ProductListGiftCertificateItemExistsException):
        services.product_list_item_create(customer=customer, list_id=wishes.list_id,
                                          data={"type": "gift_certificate"})
    assert wishes.items.count() == 1


@pytest.mark.parametrize("body, expected", [
    ({"product_id": "P1"}, ("ProductListItemTypeMissingException", None)),
    ({"type": None, "product_id": "P1"}, ("ProductListItemTypeMissingException", None)),
    ({"type": "product"}, ("ProductListProductIdMissingException", None)),
    ({"type": "product", "product_id": None}, ("ProductListProductIdMissingException", None)),
    ({"type": "sku", "product_id": "P1"}, ("PropertyConstraintViolationException", "type")),
    ({"type": "product", "product_id": ""}, ("PropertyConstraintViolationException", "product_id")),
    ({"type": "product", "product_id": "   "}, ("PropertyConstraintViolationException", "product_id")),
    ({"type": "product", "product_id": "x" * 101}, ("PropertyConstraintViolationException", "product_id")),
    ({"type": "product", "product_id": "a\tb"}, ("PropertyConstraintViolationException", "product_id")),
    ({"type": "product", "product_id": 25518704}, ("PropertyConstraintViolationException", "product_id")),
    ({"type": "gift_certificate", "product_id": "P1"}, ("PropertyConstraintViolationException", "product_id")),
    ({"type": "product", "product_id": "P1", "quantity": -1}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "quantity": 1000}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "quantity": 0.001}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "quantity": "2"}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "quantity": True}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "priority": 2**31}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "priority": 1.5}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "public": 1}, ("PropertyConstraintViolationException", None)),
    ({"type": "product", "product_id": "P1", "purchased_quantity": 3}, ("ReadOnlyPropertyException", None)),
    ({"type": "product", "product_id": "P1", "product": {"id": "P1"}}, ("ReadOnlyPropertyException", None)),
    ({"type": "product", "product_id": "P1", "sku": "P1"}, ("UnknownPropertyException", None)),
])
def test_bad_items_are_refused_and_nothing_is_stored(as_customer, customer, wishes, body, expected):
    answered = fault(as_customer.post(items_url(customer, wishes), body, format="json"), 400)

    assert answered["type"] == expected[0]
    if expected[1]:
        # Named in the arguments (shopsite's checks) or the message (type and bound checks).
        assert answered.get("arguments", {}).get("property") == expected[1] or answered["message"].startswith(
            f"Property '{expected[1]}'")
    assert not ProductListItem.objects.exists()


def test_quantities_at_their_bounds(as_customer, customer, wishes):
    for quantity in (0, 999, 0.01, 12.5):
        response = as_customer.post(items_url(customer, wishes), {"type": "product", "product_id": "P",
                                                                  "quantity": quantity}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["quantity"] == quantity


def test_items_are_paged(as_customer, customer, wishes, make_item):
    items = [make_item(wishes, f"P{number}") for number in range(12)]

    first = as_customer.get(items_url(customer, wishes))
    body = first.json()
    assert (body["_type"], body["count"], body["start"], body["total"]) == ("customer_product_list_item_result",
                                                                            10, 0, 12)
    assert [item["id"] for item in body["data"]] == [item.item_id for item in items[:10]]
    assert "next" not in body  # links only when paging was asked for

    page = as_customer.get(items_url(customer, wishes, start=10, count=5)).json()
    assert [item["product_id"] for item in page["data"]] == ["P10", "P11"]
    assert page["previous"] == absolute(items_url(customer, wishes, start=5, count=5))
    assert fault(as_customer.get(items_url(customer, wishes, count=201)), 400)["type"] == (
        "ParameterConstraintViolationException")


def test_get_patch_and_delete_an_item(as_customer, customer, wishes, make_item, make_purchase):
    item = make_item(wishes, "P1", quantity=2, custom={"c_colour": "red"})
    make_purchase(item, quantity=1)

    got = as_customer.get(items_url(customer, wishes, item.item_id))
    assert without_dates(got.json())["purchased_quantity"] == 1.0

    patched = as_customer.patch(items_url(customer, wishes, item.item_id),
                                {"quantity": 4, "priority": -3, "public": True, "c_colour": None}, format="json")
    assert patched.status_code == 200, patched.content
    assert without_dates(patched.json()) == {
        "_type": "customer_product_list_item", "id": item.item_id, "type": "product", "product_id": "P1",
        "quantity": 4.0, "priority": -3, "public": True, "purchased_quantity": 1.0}

    for read_only in ({"product_id": "P2"}, {"type": "gift_certificate"}, {"id": "x"}):
        assert fault(as_customer.patch(items_url(customer, wishes, item.item_id), read_only, format="json"),
                     400)["type"] == "ReadOnlyPropertyException"

    assert as_customer.delete(items_url(customer, wishes, item.item_id)).status_code == 204
    assert not ProductListItem.objects.exists() and not ProductListItemPurchase.objects.exists()


def test_expand_product_adds_what_is_known_of_the_product(as_customer, customer, wishes, make_item):
    item = make_item(wishes, "P1")
    make_item(wishes, "", type="gift_certificate")

    page = as_customer.get(items_url(customer, wishes, expand="product,images,availability")).json()
    assert page["data"][0]["product"] == {"_type": "product", "id": "P1"}
    assert "product" not in page["data"][1]
    assert "product" not in as_customer.get(items_url(customer, wishes, item.item_id)).json()
    one = as_customer.get(items_url(customer, wishes, item.item_id, expand="Product")).json()
    assert one["product"] == {"_type": "product", "id": "P1"}
    listed = as_customer.get(lists_url(customer, expand="product")).json()
    assert listed["data"][0]["customer_product_list_items"][0]["product"]["id"] == "P1"

    answered = fault(as_customer.get(items_url(customer, wishes, expand="variations")), 400)
    assert answered == {"type": "ParameterConstraintViolationException",
                        "message": "Unknown expand value 'variations'; allowed: product, images, availability.",
                        "arguments": {"parameter": "expand"}}


def test_unknown_items(as_customer, customer, wishes, make_list, make_item):
    elsewhere = make_item(make_list(customer, name="Other"), "P9")
    for method in ("get", "patch", "delete"):
        response = getattr(as_customer, method)(items_url(customer, wishes, elsewhere.item_id), {}, format="json")
        assert fault(response, 404) == {
            "type": "CustomerProductListItemNotFoundException",
            "message": f"Product list item '{elsewhere.item_id}' not found.",
            "arguments": {"listId": wishes.list_id, "itemId": elsewhere.item_id}}
    assert fault(as_customer.get(items_url(customer, wishes, "y" * 29)), 400)["arguments"]["parameter"] == "item_id"
    missing_list = lists_url(customer, "nosuchlist", "items")
    assert fault(as_customer.post(missing_list, {"type": "product", "product_id": "P"}, format="json"),
                 404)["type"] == "CustomerProductListNotFoundException"
    assert ProductListItem.objects.count() == 1


def test_the_number_of_items_is_bounded(as_customer, customer, wishes, make_item, settings):
    settings.SHOPSITE_MAX_PRODUCT_LIST_ITEMS = 1
    make_item(wishes)
    assert fault(as_customer.post(items_url(customer, wishes), {"type": "product", "product_id": "P"},
                                  format="json"), 400) == {
        "type": "PropertyConstraintViolationException", "message": "No more than 1 items per product list.",
        "arguments": {"property": "customer_product_list_items"}}
    assert wishes.items.count() == 1


def test_custom_attributes_are_bounded(as_customer, customer, wishes, settings):
    settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES = 1
    answered = fault(as_customer.post(items_url(customer, wishes), {"type": "product", "product_id": "P",
                                                                    "c_a": 1, "c_b": 2}, format="json"), 400)
    assert answered["type"] == "PropertyConstraintViolationException"
    assert not ProductListItem.objects.exists()


def test_xml_numbers(as_customer, customer, wishes):
    body = (b"<customer_product_list_item><type>product</type><product_id>007</product_id>"
            b"<quantity>2.5</quantity><priority>3</priority><public>true</public></customer_product_list_item>")
    response = as_customer.generic("POST", items_url(customer, wishes), body, content_type="application/xml")

    assert response.status_code == 200, response.content
    item = ProductListItem.objects.get()
    assert (item.product_id, str(item.quantity), item.priority, item.public) == ("007", "2.50", 3, True)
