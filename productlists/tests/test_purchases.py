"""GET/POST .../items/{item_id}/purchases and GET/PATCH .../purchases/{purchase_id}."""
import pytest

from productlists import services
from productlists.models import ProductListItemPurchase
from productlists.tests.helpers import DOCUMENT_VERSION, fault, lists_url, without_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(customer, make_list, make_item):
    return make_item(make_list(customer, "gift_registry"), "P1", quantity=3)


def purchases_url(customer, item, *segments):
    return lists_url(customer, item.product_list.list_id, "items", item.item_id, "purchases", *segments)


def test_record_and_read_purchases(as_customer, customer, item):
    response = as_customer.post(purchases_url(customer, item), {"purchaser_name": "Jane Doe", "quantity": 2,
                                                                "c_message": "Congratulations!"}, format="json")

    assert response.status_code == 200, response.content
    purchase = ProductListItemPurchase.objects.get()
    assert response.json() == {
        "_v": DOCUMENT_VERSION, "_type": "customer_product_list_item_purchase", "id": purchase.purchase_id,
        "product_list_item_id": item.item_id, "purchaser_name": "Jane Doe", "quantity": 2.0,
        "c_message": "Congratulations!"}

    services.product_list_item_purchase_create(customer=customer, list_id=item.product_list.list_id,
                                               item_id=item.item_id, data={"purchaser_name": "Joe", "quantity": 0.5},
                                               order_no="00001234")
    listed = as_customer.get(purchases_url(customer, item)).json()
    assert (listed["_type"], listed["count"], listed["total"]) == ("customer_product_list_item_purchase_result", 2, 2)
    assert [(entry["purchaser_name"], entry.get("order_no")) for entry in listed["data"]] == [
        ("Jane Doe", None), ("Joe", "00001234")]
    got = as_customer.get(purchases_url(customer, item, purchase.purchase_id))
    assert without_dates(got.json()) == without_dates(response.json())
    item_document = as_customer.get(lists_url(customer, item.product_list.list_id, "items", item.item_id)).json()
    assert item_document["purchased_quantity"] == 2.5


@pytest.mark.parametrize("body, fault_type", [
    ({"quantity": 1}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "Jane"}, "PropertyConstraintViolationException"),
    ({"purchaser_name": None, "quantity": 1}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "  ", "quantity": 1}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "Jane\r\nBcc: x", "quantity": 1}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "J" * 257, "quantity": 1}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "Jane", "quantity": -0.5}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "Jane", "quantity": None}, "PropertyConstraintViolationException"),
    ({"purchaser_name": "Jane", "quantity": 1, "order_no": "1"}, "ReadOnlyPropertyException"),
    ({"purchaser_name": "Jane", "quantity": 1, "product_list_item_id": "x"}, "ReadOnlyPropertyException"),
    ({"purchaser_name": "Jane", "quantity": 1, "message": "hi"}, "UnknownPropertyException"),
])
def test_bad_purchases_are_refused(as_customer, customer, item, body, fault_type):
    assert fault(as_customer.post(purchases_url(customer, item), body, format="json"), 400)["type"] == fault_type
    assert not ProductListItemPurchase.objects.exists()


def test_a_patch_changes_custom_attributes_only(as_customer, customer, item, make_purchase):
    purchase = make_purchase(item, custom={"c_a": 1})
    url = purchases_url(customer, item, purchase.purchase_id)

    patched = as_customer.patch(url, {"c_a": None, "c_b": "thanks"}, format="json")
    assert patched.status_code == 200, patched.content
    assert (patched.json()["c_b"], "c_a" in patched.json()) == ("thanks", False)

    for read_only in ({"quantity": 3}, {"purchaser_name": "Someone"}, {"order_no": "1"}):
        assert fault(as_customer.patch(url, read_only, format="json"), 400) == {
            "type": "ReadOnlyPropertyException", "message": f"Property '{next(iter(read_only))}' is read-only.",
            "arguments": {"property": next(iter(read_only))}}
    purchase.refresh_from_db()
    assert (purchase.purchaser_name, purchase.quantity, purchase.custom) == ("Jane Doe", 1, {"c_b": "thanks"})


def test_unknown_purchases_and_methods(as_customer, customer, item, make_item, make_purchase):
    other = make_purchase(make_item(item.product_list, "P2"))
    url = purchases_url(customer, item, other.purchase_id)
    for method in ("get", "patch"):
        assert fault(getattr(as_customer, method)(url, {}, format="json"), 404) == {
            "type": "CustomerProductListItemPurchaseNotFoundException",
            "message": f"Product list item purchase '{other.purchase_id}' not found.",
            "arguments": {"itemId": item.item_id, "purchaseId": other.purchase_id}}
    assert fault(as_customer.delete(url), 405)["type"] == "MethodNotAllowedException"
    assert fault(as_customer.get(lists_url(customer, item.product_list.list_id, "items", "nosuchitem", "purchases")),
                 404)["type"] == "CustomerProductListItemNotFoundException"


def test_the_number_of_purchases_is_bounded(as_customer, customer, item, make_purchase, settings):
    settings.SHOPSITE_MAX_PRODUCT_LIST_PURCHASES = 1
    make_purchase(item)
    assert fault(as_customer.post(purchases_url(customer, item), {"purchaser_name": "J", "quantity": 1},
                                  format="json"), 400)["arguments"] == {"property": "purchases"}
    assert item.purchases.count() == 1
