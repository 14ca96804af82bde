"""Every operation of the 20.4 customers swagger that shopsite serves, called at ``v20_4`` with valid
input: its answer validates against the swagger's response document.

The swagger is Salesforce's (``../shared/spec/ocapi-20.4-customers-swagger.json`` beside the
repository, as CI has it; reference material, not copied into the project): where it is absent
the tests skip, saying so. Its definitions are Swagger 2.0 schemas (JSON Schema draft 4 with
``$ref``s to ``#/definitions``); the ``c_*`` names some of them require are custom attributes of
the demo site the swagger was taken from (``c_storePickupEnabled``), not of the API, and are not
required here.
"""
import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve
from jsonschema import Draft4Validator, FormatChecker

from shopsite.testing import api_url

pytestmark = pytest.mark.django_db
SPEC = Path(settings.BASE_DIR).parent / "shared" / "spec" / "ocapi-20.4-customers-swagger.json"
V = "v20_4"


def _swagger():
    if not SPEC.exists():
        return None
    swagger = json.loads(SPEC.read_text())
    for definition in swagger["definitions"].values():
        if "required" in definition:
            definition["required"] = [name for name in definition["required"] if not name.startswith("c_")]
    return swagger


SWAGGER = _swagger()
needs_the_swagger = pytest.mark.skipif(SWAGGER is None, reason=f"the 20.4 swagger is not at {SPEC}")
OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in (SWAGGER or {"paths": {}})["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
)


def swagger_errors(method, path, response):
    """What is wrong with the response by the swagger's description of the operation."""
    responses = SWAGGER["paths"][path][method.lower()]["responses"]
    described = responses.get(str(response.status_code)) or responses.get("default")
    if response.status_code == 204:
        return [] if "204" in responses and not response.content else [f"204 with a body: {response.content[:80]}"]
    if response.status_code != 200 or described is None or "schema" not in described:
        return [f"{response.status_code} is not the documented success: {response.content[:300]}"]
    schema = {**described["schema"], "definitions": SWAGGER["definitions"]}
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(response.json())]


# --- the data every case may use ---------------------------------------------------------------
@pytest.fixture
def shop(api, customer, jwt_for, oauth_token, agent_token, client_app):
    """A registered customer with an address, a payment instrument (with a card token), a basket
    and an order; the tokens to call with."""
    from addresses.services import address_create
    from orders.services import basket_create, order_create
    from payments.services import payment_instrument_create
    from productlists import services as product_lists
    from shopsite.versions import V20_4

    customer.first_name, customer.phone_mobile, customer.birthday = "John", "+1 555 0100", "1980-05-17"
    customer.custom = {"c_familyStatus": "single"}
    customer.save()
    address_create(customer=customer, data={"address_id": "home", "first_name": "John", "last_name": "Smith",
                                            "address1": "1 Main St", "city": "Boston", "postal_code": "02108",
                                            "country_code": "US", "suite": "4B", "preferred": True},
                   edition=V20_4)
    instrument = payment_instrument_create(customer=customer, edition=V20_4, request_document={
        "payment_method_id": "CREDIT_CARD", "bank_routing_number": "123",
        "gift_certificate_code": "GIFT7Q2XK91Z",
        "payment_card": {"card_type": "Visa", "number": "4111111111111111", "holder": "John Smith",
                         "expiration_month": 7, "expiration_year": 2030, "credit_card_token": "tok_1"}})
    lines = {
        "items": [{"product_id": "P1", "product_name": "Tee", "quantity": 2, "base_price": "5.00", "tax_rate": "0.1"}],
        "shipments": [{"shipment_id": "me", "shipping_price": "1.20",
                       "shipping_address": {"first_name": "John", "last_name": "Smith", "address1": "1 Main St",
                                            "city": "Boston", "postal_code": "02108", "country_code": "US"}}],
        "payment_instruments": [{"payment_method_id": "CREDIT_CARD", "card_type": "Visa",
                                 "number": "4111111111111111", "holder": "John Smith",
                                 "expiration_month": 1, "expiration_year": 2030}],
        "email": customer.email,
        "billing_address": {"first_name": "John", "last_name": "Smith", "city": "Boston", "country_code": "US"},
    }
    basket_create(customer=customer, **copy.deepcopy(lines))
    order_create(customer=customer, **copy.deepcopy(lines))
    registry = product_lists.product_list_create(customer=customer, data={
        "type": "gift_registry", "name": "Wedding", "public": True, "event": {"type": "wedding",
                                                                            "date": "2031-06-21T14:00:00Z"},
        "registrant": {"first_name": "John", "last_name": "Smith", "email": "john@example.com", "role": "groom"},
        "shipping_address_link": {"address_id": "home"}})
    item = product_lists.product_list_item_create(customer=customer, list_id=registry.list_id, data={
        "type": "product", "product_id": "P1", "quantity": 2, "public": True})
    purchase = product_lists.product_list_item_purchase_create(
        customer=customer, list_id=registry.list_id, item_id=item.item_id,
        data={"purchaser_name": "Jane Doe", "quantity": 1})
    return {"api": api, "customer": customer, "jwt": jwt_for(customer), "oauth": oauth_token, "agent": agent_token,
            "client_id": client_app.client_id, "instrument": instrument.payment_instrument_id,
            "list": registry.list_id, "item": item.item_id, "purchase": purchase.purchase_id}


def _call(shop, method, segments, token="jwt", body=None, **query):
    api = shop["api"]
    api.credentials(**({"HTTP_AUTHORIZATION": f"Bearer {shop[token]}"} if token else {}))
    return api.generic(method, api_url(*segments, version=V, **query), json.dumps(body) if body is not None else "",
                       content_type="application/json")


def _customer(shop, *more):
    return ("customers", shop["customer"].customer_id, *more)


def _list(shop, *more):
    """The customer's product list, its item ("item") and the item's purchase ("purchase")."""
    return _customer(shop, "product_lists", shop["list"], *(shop.get(name, name) for name in more))


def _public(shop, *more):
    return ("product_lists", shop["list"], *(shop.get(name, name) for name in more))


def _login(shop):
    import base64

    api = shop["api"]
    api.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"jsmith:12345!aBcD").decode())
    return api.post(api_url("customers", "auth", version=V, client_id=shop["client_id"]), {"type": "credentials"},
                    format="json")


def _reset(shop):
    from customers.services import password_reset_token_create

    token = password_reset_token_create(customer=shop["customer"])
    return _call(shop, "POST", ("customers", "password", "actions", "reset"), token=None,
                 body={"reset_token": token, "new_password": "Br4nd-new-pass", "login": "jsmith"},
                 client_id=shop["client_id"])


#: (method, swagger path) -> the call, with valid input, at v20_4.
CASES = {
    ("POST", "/customers"): lambda shop: _call(shop, "POST", ("customers",), token="oauth", body={
        "customer": {"login": "newbie", "email": "newbie@example.com", "last_name": "Newman", "first_name": "Ned",
                     "phone_mobile": "+1 555 0101", "birthday": "1990-01-02", "gender": 1}}),
    ("DELETE", "/customers/auth"): lambda shop: _call(shop, "DELETE", ("customers", "auth")),
    ("POST", "/customers/auth"): _login,
    ("POST", "/customers/password/actions/reset"): _reset,
    ("POST", "/customers/auth/trustedsystem"): lambda shop: _call(
        shop, "POST", ("customers", "auth", "trustedsystem"), token="oauth",
        body={"login": "jsmith", "client_id": shop["client_id"]}),
    ("POST", "/customers/password/actions/create_reset_token"): lambda shop: _call(
        shop, "POST", ("customers", "password", "actions", "create_reset_token"), token="oauth",
        body={"login": "jsmith"}),
    ("POST", "/customers/password_reset"): lambda shop: _call(
        shop, "POST", ("customers", "password_reset"), token=None,
        body={"identification": "jsmith", "type": "login"}, client_id=shop["client_id"]),
    ("GET", "/customers/{customer_id}"): lambda shop: _call(shop, "GET", _customer(shop),
                                                            expand="addresses,paymentinstruments"),
    ("PATCH", "/customers/{customer_id}"): lambda shop: _call(shop, "PATCH", _customer(shop), body={
        "fax": "+49 03641 78393 343", "job_title": "Buyer", "c_origin": "webshop"}),
    ("GET", "/customers/{customer_id}/addresses"): lambda shop: _call(shop, "GET", _customer(shop, "addresses"),
                                                                      start=0, count=5),
    ("POST", "/customers/{customer_id}/addresses"): lambda shop: _call(
        shop, "POST", _customer(shop, "addresses"), body={"address_id": "work", "address1": "5 Wall St",
                                                          "city": "Burlington", "country_code": "US",
                                                          "last_name": "Murphy", "suite": "12", "post_box": "7"}),
    ("DELETE", "/customers/{customer_id}/addresses/{address_name}"): lambda shop: _call(
        shop, "DELETE", _customer(shop, "addresses", "home")),
    ("GET", "/customers/{customer_id}/addresses/{address_name}"): lambda shop: _call(
        shop, "GET", _customer(shop, "addresses", "home")),
    ("PATCH", "/customers/{customer_id}/addresses/{address_name}"): lambda shop: _call(
        shop, "PATCH", _customer(shop, "addresses", "home"), body={"city": "Woburn", "suite": "5"}),
    ("POST", "/customers/{customer_id}/auth"): lambda shop: _call(shop, "POST", _customer(shop, "auth"),
                                                                  token="agent"),
    ("GET", "/customers/{customer_id}/baskets"): lambda shop: _call(shop, "GET", _customer(shop, "baskets")),
    ("GET", "/customers/{customer_id}/orders"): lambda shop: _call(shop, "GET", _customer(shop, "orders")),
    ("PUT", "/customers/{customer_id}/password"): lambda shop: _call(
        shop, "PUT", _customer(shop, "password"), body={"current_password": "12345!aBcD",
                                                        "password": "N3w-passw0rd!"}),
    ("POST", "/customers/{customer_id}/password_reset"): lambda shop: _call(
        shop, "POST", _customer(shop, "password_reset")),
    ("GET", "/customers/{customer_id}/payment_instruments"): lambda shop: _call(
        shop, "GET", _customer(shop, "payment_instruments")),
    ("POST", "/customers/{customer_id}/payment_instruments"): lambda shop: _call(
        shop, "POST", _customer(shop, "payment_instruments"), body={
            "payment_method_id": "CREDIT_CARD", "payment_card": {
                "card_type": "Visa", "number": "5500005555555559", "holder": "J Smith", "expiration_month": 3,
                "expiration_year": 2031, "credit_card_token": "tok_2"}}),
    ("DELETE", "/customers/{customer_id}/payment_instruments/{payment_instrument_id}"): lambda shop: _call(
        shop, "DELETE", _customer(shop, "payment_instruments", shop["instrument"])),
    ("GET", "/customers/{customer_id}/payment_instruments/{payment_instrument_id}"): lambda shop: _call(
        shop, "GET", _customer(shop, "payment_instruments", shop["instrument"])),
    ("GET", "/customers/{customer_id}/product_lists"): lambda shop: _call(shop, "GET", _customer(shop, "product_lists"),
                                                                          expand="product"),
    ("POST", "/customers/{customer_id}/product_lists"): lambda shop: _call(
        shop, "POST", _customer(shop, "product_lists"),
        body={"type": "wish_list", "name": "Birthday", "post_event_shipping_address_link": {"address_id": "home"}}),
    ("GET", "/customers/{customer_id}/product_lists/{list_id}"): lambda shop: _call(shop, "GET", _list(shop)),
    ("PATCH", "/customers/{customer_id}/product_lists/{list_id}"): lambda shop: _call(
        shop, "PATCH", _list(shop), body={"description": "Pots and pans", "co_registrant": {"first_name": "Jane"}}),
    ("DELETE", "/customers/{customer_id}/product_lists/{list_id}"): lambda shop: _call(shop, "DELETE", _list(shop)),
    ("GET", "/customers/{customer_id}/product_lists/{list_id}/items"): lambda shop: _call(
        shop, "GET", _list(shop, "items"), start=0, count=1),
    ("POST", "/customers/{customer_id}/product_lists/{list_id}/items"): lambda shop: _call(
        shop, "POST", _list(shop, "items"), body={"type": "gift_certificate", "priority": 2}),
    ("GET", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}"): lambda shop: _call(
        shop, "GET", _list(shop, "items", "item"), expand="product"),
    ("PATCH", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}"): lambda shop: _call(
        shop, "PATCH", _list(shop, "items", "item"), body={"quantity": 3.5, "public": False}),
    ("DELETE", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}"): lambda shop: _call(
        shop, "DELETE", _list(shop, "items", "item")),
    ("GET", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases"): lambda shop: _call(
        shop, "GET", _list(shop, "items", "item", "purchases")),
    ("POST", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases"): lambda shop: _call(
        shop, "POST", _list(shop, "items", "item", "purchases"), body={"purchaser_name": "Joe", "quantity": 1}),
    ("GET", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases/{purchase_id}"):
        lambda shop: _call(shop, "GET", _list(shop, "items", "item", "purchases", "purchase")),
    ("PATCH", "/customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases/{purchase_id}"):
        lambda shop: _call(shop, "PATCH", _list(shop, "items", "item", "purchases", "purchase"),
                           body={"c_message": "Congratulations"}),
    ("GET", "/product_lists"): lambda shop: _call(shop, "GET", ("product_lists",), token=None,
                                                  client_id=shop["client_id"], email=shop["customer"].email),
    ("GET", "/product_lists/{list_id}"): lambda shop: _call(shop, "GET", _public(shop), token=None,
                                                            client_id=shop["client_id"]),
    ("GET", "/product_lists/{list_id}/items"): lambda shop: _call(shop, "GET", _public(shop, "items"), token=None,
                                                                  client_id=shop["client_id"]),
    ("GET", "/product_lists/{list_id}/items/{item_id}"): lambda shop: _call(
        shop, "GET", _public(shop, "items", "item"), token=None, client_id=shop["client_id"]),
}


def is_served(method, path):
    """Whether shopsite answers the swagger operation at v20_4 (here: on this branch)."""
    sample = path.replace("{customer_id}", "c1").replace("{address_name}", "a1")
    for name in ("payment_instrument_id", "list_id", "item_id", "purchase_id"):
        sample = sample.replace("{" + name + "}", "x1")
    try:
        match = resolve(f"/dw/shop/{V}{sample}")
    except Resolver404:
        return False
    return method.lower() in getattr(match.func, "actions", {})


@needs_the_swagger
def test_the_swagger_is_the_20_4_customers_one():
    assert SWAGGER["info"]["version"] == "20.4"
    assert set(CASES) <= set(OPERATIONS)


@needs_the_swagger
@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_swagger_operation_served_answers_a_valid_document(shop, method, path):
    case = CASES.get((method, path))
    if case is None:
        assert not is_served(method, path), f"{method} {path} is served at {V} but has no case here: add one"
        pytest.skip(f"{method} {path} is not served (yet)")
    response = case(shop)
    assert swagger_errors(method, path, response) == []
    if response.status_code == 200:
        assert response.json()["_v"] == "20.4"


@needs_the_swagger
def test_the_20_4_fields_are_in_the_documents(shop):
    """What 20.4 has beyond 16.4 and shopsite fills, checked once more by name."""
    got = _call(shop, "GET", _customer(shop), expand="addresses,paymentinstruments").json()
    assert got["addresses"][0]["suite"] == "4B"
    instrument = got["payment_instruments"][0]
    assert instrument["masked_gift_certificate_code"] == "********K91Z"
    assert instrument["payment_card"]["credit_card_token"] == "tok_1"
    properties = SWAGGER["definitions"]
    assert {"suite"} <= set(properties["customer_address"]["properties"])
    assert {"masked_gift_certificate_code"} <= set(properties["customer_payment_instrument"]["properties"])
    assert {"credit_card_token"} <= set(properties["payment_card"]["properties"])
