"""Every document the product list operations answer holds to Salesforce's 20.4 swagger: its
definition's types, enums and bounds, and (stricter than shopsite/tests/test_swagger_20_4.py) no
property it does not name, at any level (but ``_v``, ``_type`` and ``c_*`` custom attributes)."""
import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft4Validator

from productlists.tests.helpers import lists_url, public_url
from shopsite.checks import DEMO_CLIENT_ID

pytestmark = pytest.mark.django_db
#: Beside the repository, as CI has it (shopsite/tests/test_swagger_20_4.py reads the same file).
SWAGGER = Path(settings.BASE_DIR).parent / "shared" / "spec" / "ocapi-20.4-customers-swagger.json"
ENVELOPE = {"^(_v|_type)$": {"type": "string"}, "^c_": {}}


@pytest.fixture(scope="module")
def definitions():
    if not SWAGGER.exists():
        pytest.skip(f"the 20.4 swagger is not at {SWAGGER}")
    closed = copy.deepcopy(json.loads(SWAGGER.read_text())["definitions"])
    for definition in closed.values():  # nothing the swagger does not name
        definition["additionalProperties"] = False
        definition["patternProperties"] = {**ENVELOPE, **definition.get("patternProperties", {})}
    return closed


def check(definitions, name, document):
    validator = Draft4Validator({"$ref": f"#/definitions/{name}", "definitions": definitions})
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in validator.iter_errors(document)]
    assert errors == [], name
    assert document["_type"] == name


@pytest.fixture
def shop(customer, home, make_list, make_item, make_purchase):
    registry = make_list(customer, "gift_registry", name="Wedding", description="Pots", public=True,
                         event_type="wedding", event_city="Boston", event_state="MA", event_country="US",
                         registrant_first_name="John", registrant_last_name="Smith", registrant_email="j@example.com",
                         registrant_role="groom", co_registrant_first_name="Jane", shipping_address=home,
                         post_event_shipping_address=home, custom={"c_theme": "blue"})
    product = make_item(registry, "P1", public=True, quantity="2.50", priority=3, custom={"c_size": "M"})
    make_item(registry, "", type="gift_certificate", public=True)
    for number in range(3):
        make_item(registry, f"P{number + 2}")
    purchase = make_purchase(product, quantity="1.25", order_no="00001234", custom={"c_note": "x"})
    return registry, product, purchase


def test_the_owners_documents(definitions, as_customer, customer, shop):
    registry, product, purchase = shop
    item_path = (registry.list_id, "items", product.item_id)
    documents = {
        "customer_product_list_result": lists_url(customer, expand="product"),
        "customer_product_list": lists_url(customer, registry.list_id),
        "customer_product_list_item_result": lists_url(customer, registry.list_id, "items", start=1, count=2,
                                                       expand="product"),
        "customer_product_list_item": lists_url(customer, *item_path, expand="product"),
        "customer_product_list_item_purchase_result": lists_url(customer, *item_path, "purchases"),
        "customer_product_list_item_purchase": lists_url(customer, *item_path, "purchases", purchase.purchase_id),
    }
    for name, url in documents.items():
        response = as_customer.get(url)
        assert response.status_code == 200, (url, response.content)
        check(definitions, name, response.json())
    page = as_customer.get(documents["customer_product_list_item_result"]).json()
    assert "next" in page and "previous" in page  # the links are checked too


def test_the_answers_of_writes(definitions, as_customer, customer, home):
    created = as_customer.post(lists_url(customer), {"type": "wish_list", "name": "Mine",
                                                     "shipping_address_link": {"address_id": "home"}}, format="json")
    check(definitions, "customer_product_list", created.json())
    item = as_customer.post(lists_url(customer, created.json()["id"], "items"),
                            {"type": "product", "product_id": "P1"}, format="json")
    check(definitions, "customer_product_list_item", item.json())
    purchase = as_customer.post(lists_url(customer, created.json()["id"], "items", item.json()["id"], "purchases"),
                                {"purchaser_name": "Jane", "quantity": 1}, format="json")
    check(definitions, "customer_product_list_item_purchase", purchase.json())


def test_the_public_documents(definitions, api, client_app, shop):
    registry, product, _ = shop
    documents = {
        "public_product_list_result": public_url(email="jsmith@example.com"),
        "public_product_list": public_url(registry.list_id),
        "public_product_list_item_result": public_url(registry.list_id, "items"),
        "public_product_list_item": public_url(registry.list_id, "items", product.item_id),
    }
    for name, url in documents.items():
        response = api.get(url, HTTP_X_DW_CLIENT_ID=DEMO_CLIENT_ID)
        assert response.status_code == 200, (url, response.content)
        check(definitions, name, response.json())


def test_the_check_refuses_what_the_swagger_does_not_name(definitions):
    with pytest.raises(AssertionError):
        check(definitions, "public_product_list_item", {"_type": "public_product_list_item", "id": "x",
                                                        "product_id": "P1"})
    with pytest.raises(AssertionError):
        check(definitions, "customer_product_list", {"_type": "customer_product_list", "type": "wishlist"})
