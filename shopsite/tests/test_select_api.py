"""``select`` on the API: every operation that answers a document, JSON and XML; result
documents carry their select; faults are never selected; the ETag stays the resource's."""
import itertools
from urllib.parse import urlencode

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses.services import address_create
from customers.services import customer_record_login
from orders.services import basket_create, order_create
from payments.services import payment_instrument_create
from productlists import services as product_lists
from productlists.models import ProductList
from productlists.tests.helpers import PRODUCT_LISTS_VERSION
from shopsite.checks import DEMO_CLIENT_ID
from shopsite.openapi import OPERATIONS, answers_a_document
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db
API = api_url()  # the API root; paths below it are appended
API_20_4 = api_url(version="v20_4")  # for the operations later versions brought
#: Product lists came after 16.4: their URLs name the version their tests call.
LISTS_API = api_url(version=PRODUCT_LISTS_VERSION)
ITEMS = [{"product_id": "P1", "product_name": "Thing", "quantity": 1, "base_price": "9.99"}]
_unique = itertools.count()


@pytest.fixture
def shopper(customer):
    """jsmith with two addresses (``work`` preferred), two cards, two orders and a basket."""
    address_create(customer=customer, data={"address_id": "home", "city": "Woburn", "postal_code": "01801"})
    address_create(customer=customer, data={"address_id": "work", "city": "Boston", "preferred": True})
    for number in ("4111111111111111", "5555555555554444"):
        payment_instrument_create(customer=customer, request_document={
            "payment_method_id": "CREDIT_CARD",
            "payment_card": {"card_type": "Visa", "number": number, "holder": "J Smith",
                             "expiration_month": 1, "expiration_year": 2040}})
    for _ in range(2):
        order_create(customer=customer, items=ITEMS)
    basket_create(customer=customer, items=ITEMS)
    wishes = product_lists.product_list_create(customer=customer, data={"type": "wish_list", "name": "Wishes",
                                                                        "public": True})
    item = product_lists.product_list_item_create(customer=customer, list_id=wishes.list_id, data={
        "type": "product", "product_id": "P1", "public": True})
    product_lists.product_list_item_purchase_create(customer=customer, list_id=wishes.list_id, item_id=item.item_id,
                                                    data={"purchaser_name": "Jane Doe", "quantity": 1})
    return customer


def _customer(shopper):
    return f"{API}/customers/{shopper.customer_id}"


def _instrument_id(shopper):
    return shopper.payment_instruments.order_by("pk").first().payment_instrument_id


def _wishes(shopper, *segments):
    """The shopper's wish list, its item (``"item"``) and the item's purchase (``"purchase"``)."""
    wishes = ProductList.objects.get(customer=shopper, name="Wishes")
    item = wishes.items.order_by("pk").first()
    ids = {"item": item.item_id, "purchase": item.purchases.order_by("pk").first().purchase_id}
    return "/".join([f"{LISTS_API}/customers/{shopper.customer_id}/product_lists/{wishes.list_id}",
                     *(ids.get(segment, segment) for segment in segments)])


def _public(shopper, *segments):
    """The shopper's wish list, as anyone reads it (``"item"``: its first item)."""
    wishes = ProductList.objects.get(customer=shopper, name="Wishes")
    item_id = wishes.items.order_by("pk").first().item_id
    path = "/".join([f"{LISTS_API}/product_lists/{wishes.list_id}",
                     *(item_id if segment == "item" else segment for segment in segments)])
    return f"{path}?client_id={DEMO_CLIENT_ID}"


def document_version(url):
    """The ``_v`` answered to a URL: its version with a dot (``/dw/shop/v16_4/...`` -> ``16.4``)."""
    return url.split("/dw/shop/v", 1)[1].split("/", 1)[0].replace("_", ".")


def _logged_in(shopper, url):
    """``url``, once the shopper has logged in before (so each login answers the same properties)."""
    if shopper.previous_login_time is None:
        customer_record_login(customer=shopper)
        customer_record_login(customer=shopper)
    return url


#: operation id -> (who calls, method, URL of the shopper, body): every operation that answers
#: a document (a test below checks the list against the OpenAPI description).
DOCUMENT_OPERATIONS = {
    "postCustomers": ("server", "post", lambda s: f"{API}/customers", lambda: {
        "customer": {"login": f"new{next(_unique)}", "email": "new@example.com", "last_name": "New"}}),
    "postCustomersAuth": ("nobody", "post", lambda s: f"{API}/customers/auth?client_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                          lambda: {"type": "guest"}),
    "postCustomersAuthTrustedsystem": (
        "server", "post", lambda s: _logged_in(s, f"{API_20_4}/customers/auth/trustedsystem"),
        lambda: {"login": "jsmith", "client_id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
    "postCustomersPasswordActionsCreateResetToken": (
        "server", "post", lambda s: f"{API_20_4}/customers/password/actions/create_reset_token",
        lambda: {"login": "jsmith"}),
    "getCustomersByID": ("customer", "get", lambda s: _customer(s) + "?expand=addresses,paymentinstruments", None),
    "patchCustomersByID": ("customer", "patch", _customer, lambda: {"first_name": "Jo"}),
    "postCustomersByIDAuth": ("agent", "post", lambda s: _customer(s) + "/auth", None),
    "getCustomersByIDAddresses": ("customer", "get", lambda s: _customer(s) + "/addresses", None),
    "postCustomersByIDAddresses": ("customer", "post", lambda s: _customer(s) + "/addresses",
                                   lambda: {"address_id": f"new{next(_unique)}", "city": "Salem"}),
    "getCustomersByIDAddressesByID": ("customer", "get", lambda s: _customer(s) + "/addresses/home", None),
    "patchCustomersByIDAddressesByID": ("customer", "patch", lambda s: _customer(s) + "/addresses/home",
                                        lambda: {"city": "Lowell"}),
    "getCustomersByIDPaymentInstruments": ("customer", "get", lambda s: _customer(s) + "/payment_instruments", None),
    "postCustomersByIDPaymentInstruments": ("customer", "post", lambda s: _customer(s) + "/payment_instruments",
                                            lambda: {"payment_method_id": "CREDIT_CARD", "payment_card": {
                                                "card_type": "Visa", "number": "4012888888881881"}}),
    "getCustomersByIDPaymentInstrumentsByID": (
        "customer", "get", lambda s: _customer(s) + f"/payment_instruments/{_instrument_id(s)}", None),
    "getCustomersByIDBaskets": ("customer", "get", lambda s: _customer(s) + "/baskets", None),
    "getCustomersByIDOrders": ("customer", "get", lambda s: _customer(s) + "/orders", None),
    "getCustomersByIDProductLists": ("customer", "get", lambda s: _wishes(s).rsplit("/", 1)[0], None),
    "postCustomersByIDProductLists": ("customer", "post", lambda s: _wishes(s).rsplit("/", 1)[0],
                                      lambda: {"type": "shopping_list"}),
    "getCustomersByIDProductListsByID": ("customer", "get", _wishes, None),
    "patchCustomersByIDProductListsByID": ("customer", "patch", _wishes, lambda: {"description": "Mine"}),
    "getCustomersByIDProductListsByIDItems": ("customer", "get", lambda s: _wishes(s, "items"), None),
    "postCustomersByIDProductListsByIDItems": ("customer", "post", lambda s: _wishes(s, "items"),
                                               lambda: {"type": "product", "product_id": "P2"}),
    "getCustomersByIDProductListsByIDItemsByID": ("customer", "get", lambda s: _wishes(s, "items", "item"), None),
    "patchCustomersByIDProductListsByIDItemsByID": ("customer", "patch", lambda s: _wishes(s, "items", "item"),
                                                    lambda: {"quantity": 2}),
    "getCustomersByIDProductListsByIDItemsByIDPurchases": (
        "customer", "get", lambda s: _wishes(s, "items", "item", "purchases"), None),
    "postCustomersByIDProductListsByIDItemsByIDPurchases": (
        "customer", "post", lambda s: _wishes(s, "items", "item", "purchases"),
        lambda: {"purchaser_name": "Joe", "quantity": 1}),
    "getCustomersByIDProductListsByIDItemsByIDPurchasesByID": (
        "customer", "get", lambda s: _wishes(s, "items", "item", "purchases", "purchase"), None),
    "patchCustomersByIDProductListsByIDItemsByIDPurchasesByID": (
        "customer", "patch", lambda s: _wishes(s, "items", "item", "purchases", "purchase"),
        lambda: {"c_note": "thanks"}),
    "getProductLists": ("nobody", "get", lambda s: f"{LISTS_API}/product_lists?client_id={DEMO_CLIENT_ID}"
                                                   "&email=jsmith@example.com", None),
    "getProductListsByID": ("nobody", "get", lambda s: _public(s), None),
    "getProductListsByIDItems": ("nobody", "get", lambda s: _public(s, "items"), None),
    "getProductListsByIDItemsByID": ("nobody", "get", lambda s: _public(s, "items", "item"), None),
}
PAGED = {"getCustomersByIDAddresses", "getCustomersByIDOrders", "getCustomersByIDProductListsByIDItems"}


@pytest.fixture
def call(api, shopper, jwt_for, oauth_token, agent_token):
    """call(operation_id, query): the operation on the shopper, by the caller it needs."""
    tokens = {"customer": jwt_for(shopper), "server": oauth_token, "agent": agent_token}

    def send(operation_id, query="", *, select=None, **headers):
        who, method, url, body = DOCUMENT_OPERATIONS[operation_id]
        api.credentials(**({"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"} if who in tokens else {}))
        if select is not None:  # percent-encoded, as a browser sends it ("&&", and "?" which DRF's client splits at)
            query = "&".join(part for part in (query, urlencode({"select": select})) if part)
        target = url(shopper)
        target += ("&" if "?" in target else "?") + query if query else ""
        return getattr(api, method)(target, body() if body else None, format="json", **headers)

    return send


def test_the_table_holds_every_operation_that_answers_a_document():
    assert set(DOCUMENT_OPERATIONS) == {operation.operation_id for operation in OPERATIONS
                                        if answers_a_document(operation)}


def test_the_openapi_description_has_select_on_every_operation_that_answers_a_document(api):
    spec = api.get(f"{API_20_4}/openapi.json").json()  # the version that has every operation
    with_select = {operation["operationId"] for item in spec["paths"].values() for operation in item.values()
                   if any(parameter["name"] == "select" for parameter in operation.get("parameters", ()))}
    assert with_select == set(DOCUMENT_OPERATIONS)
    schemas = spec["components"]["schemas"]
    assert "select" in schemas["customer_address_result"]["properties"]
    assert "select" in schemas["customer_order_result"]["properties"]
    assert "select" not in schemas["customer_payment_instrument_result"]["properties"]


@pytest.mark.parametrize("operation_id", DOCUMENT_OPERATIONS)
def test_select_applies_to_every_document_in_json(call, shopper, operation_id):
    whole = call(operation_id)
    assert whole.status_code == 200, whole.content[:300]
    selected = call(operation_id, select="(_type)")
    assert selected.status_code == 200
    expected = {"_v": whole.json()["_v"], "_type": whole.json()["_type"]}
    assert whole.json()["_v"] == document_version(DOCUMENT_OPERATIONS[operation_id][2](shopper))
    if operation_id in PAGED:
        expected["select"] = "(_type)"
    assert selected.json() == expected
    everything = call(operation_id, select="(**)").json()
    assert set(everything) - {"select"} == set(whole.json())


@pytest.mark.parametrize("operation_id", DOCUMENT_OPERATIONS)
def test_select_applies_to_every_document_in_xml(call, shopper, operation_id):
    whole = ElementTree.fromstring(call(operation_id, "format=xml").content)
    selected = ElementTree.fromstring(call(operation_id, "format=xml", select="(*)").content)
    version = document_version(DOCUMENT_OPERATIONS[operation_id][2](shopper))
    assert (selected.tag, selected.get("_v")) == (whole.tag, version)
    kept = [child.tag for child in selected]
    assert kept and set(kept) < {child.tag for child in whole} | {"select"}
    assert all(len(child) == 0 for child in selected)  # (*) keeps no object nor array


def test_customer_with_expansions_selected(call):
    body = call("getCustomersByID", select="(login,addresses.(address_id),payment_instruments[1].(payment_card.("
                                    "masked_number)))").json()
    assert body == {
        "_v": "16.4", "_type": "customer",
        "addresses": [{"_type": "customer_address", "address_id": "work"},  # preferred first
                      {"_type": "customer_address", "address_id": "home"}],
        "login": "jsmith",
        "payment_instruments": [{"_type": "customer_payment_instrument", "payment_card": {
            "_type": "payment_card", "masked_number": "************4444"}}]}


def test_customer_with_expansions_selected_in_xml(call):
    xml = call("getCustomersByID", "format=xml", select="(login,addresses[?(@.preferred==true)].(city))").content
    assert xml.decode().endswith('<customer _v="16.4"><addresses><customer_address><city>Boston</city>'
                                 "</customer_address></addresses><login>jsmith</login></customer>")


def test_patch_answers_the_selection_and_writes_everything(call, shopper):
    response = call("patchCustomersByID", select="(first_name,last_name)")
    assert response.json() == {"_v": "16.4", "_type": "customer", "first_name": "Jo", "last_name": "Smith"}
    shopper.refresh_from_db()
    assert shopper.first_name == "Jo"


def test_a_malformed_select_on_a_write_writes_nothing(call, shopper):
    fault = fault_of(call("patchCustomersByID", select="(first_name"), 400)
    assert fault == {"type": "ParameterConstraintViolationException",
                     "message": "Query parameter 'select' is malformed at position 11: expected ',' or ')', "
                                "found the end.",
                     "arguments": {"parameter": "select", "position": 11, "value": "(first_name"}}
    shopper.refresh_from_db()
    assert shopper.first_name == ""
    assert fault_of(call("postCustomersByIDAddresses", select="(**,"), 400)["arguments"]["position"] == 4
    assert shopper.addresses.count() == 2


def test_the_etag_stays_the_whole_resources_and_if_match_works_with_it(call, api):
    whole = call("getCustomersByID")
    selected = call("getCustomersByID", select="(login)")
    assert selected["ETag"] == whole["ETag"]
    patched = call("patchCustomersByID", select="(first_name)", HTTP_IF_MATCH=selected["ETag"])
    assert patched.status_code == 200 and patched.json() == {"_v": "16.4", "_type": "customer", "first_name": "Jo"}
    assert patched["ETag"] == call("getCustomersByID", "expand=")["ETag"]  # the new version's, whole
    address = call("getCustomersByIDAddressesByID", select="(city)")
    assert address["ETag"] == call("getCustomersByIDAddressesByID")["ETag"]
    patched = call("patchCustomersByIDAddressesByID", select="(city)", HTTP_IF_MATCH=address["ETag"])
    assert patched.status_code == 200 and patched.json() == {"_v": "16.4", "_type": "customer_address",
                                                             "city": "Lowell"}


def test_a_renamed_address_answers_301_with_the_selection(api, shopper, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(shopper)}")
    response = api.patch(f"{API}/customers/{shopper.customer_id}/addresses/home?select=(address_id)",
                         {"address_id": "house"}, format="json")
    assert response.status_code == 301 and response["Location"].endswith("/addresses/house")
    assert response.json() == {"_v": "16.4", "_type": "customer_address", "address_id": "house"}


def test_paged_results_carry_their_select_in_alphabetical_place(call):
    body = call("getCustomersByIDAddresses", "count=1", select="(data.(address_id),count,total,next)").json()
    assert list(body.items()) == [
        ("_v", "16.4"), ("_type", "customer_address_result"), ("count", 1),
        ("data", [{"_type": "customer_address", "address_id": "work"}]),
        ("next", body["next"]), ("select", "(data.(address_id),count,total,next)"), ("total", 2)]
    assert "select=%28data.%28address_id%29%2Ccount%2Ctotal%2Cnext%29" in body["next"]  # the next page selects too
    whole = call("getCustomersByIDAddresses", "count=1").json()
    assert list(whole) == ["_v", "_type", "count", "data", "next", "start", "total"]  # no select asked, none given


def test_paged_results_select_filters_and_ranges(call):
    preferred = call("getCustomersByIDAddresses", select="(data[?(@.preferred==true)].(address_id))").json()
    assert preferred["data"] == [{"_type": "customer_address", "address_id": "work"}]
    orders = call("getCustomersByIDOrders", select="(count,data[0:0].(order_no,customer_info.(email)))").json()
    assert orders["count"] == 2 and len(orders["data"]) == 1
    assert set(orders["data"][0]) == {"_type", "order_no", "customer_info"}
    assert orders["data"][0]["customer_info"] == {"_type": "customer_info", "email": "jsmith@example.com"}
    assert orders["select"] == "(count,data[0:0].(order_no,customer_info.(email)))"


def test_paged_results_in_xml_carry_select(call):
    root = ElementTree.fromstring(call("getCustomersByIDOrders", "format=xml", select="(total)").content)
    assert [(child.tag, child.text) for child in root] == [("select", "(total)"), ("total", "2")]


def test_results_that_are_not_paged_have_no_select(call):
    baskets = call("getCustomersByIDBaskets", select="(baskets.(product_items.(product_id)))").json()
    assert baskets == {"_v": "16.4", "_type": "baskets_result", "baskets": [
        {"_type": "basket", "product_items": [{"_type": "product_item", "product_id": "P1"}]}]}
    instruments = call("getCustomersByIDPaymentInstruments", select="(data[1].(payment_card.(holder)))").json()
    assert instruments == {"_v": "16.4", "_type": "customer_payment_instrument_result", "data": [
        {"_type": "customer_payment_instrument", "payment_card": {"_type": "payment_card", "holder": "J Smith"}}]}


def test_auth_answers_the_selection_with_its_token(call):
    response = call("postCustomersAuth", select="(auth_type)")
    assert response.json() == {"_v": "16.4", "_type": "customer", "auth_type": "guest"}
    assert response["Authorization"].startswith("Bearer ")


def test_faults_are_never_selected(api, call, customer, jwt_for):
    response = api.get(f"{API}/customers/{customer.customer_id}?select=(count)")  # no token
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"
    response = api.get(f"{API}/customers/{customer.customer_id}?select=(")  # access comes first
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    fault = fault_of(api.get(f"{API}/customers/{customer.customer_id}/addresses/nope?select=(_type)"), 404)
    assert fault["type"] == "CustomerAddressNotFoundException" and fault["arguments"]["addressId"] == "nope"
    response = call("getCustomersByIDOrders", "start=x", select="(total)")
    assert fault_of(response, 400)["arguments"]["parameter"] == "start"


def test_a_malformed_select_in_xml(call):
    response = call("getCustomersByID", "format=xml", select="(addresses[?(@.preferred=true)])")
    assert response.status_code == 400
    root = ElementTree.fromstring(response.content)
    assert root.tag == "fault" and root.findtext("type") == "ParameterConstraintViolationException"
    assert root.findtext("arguments/parameter") == "select" and root.findtext("arguments/position") == "24"


def test_an_empty_select_is_ignored(call):
    assert call("getCustomersByIDAddresses", select="").json() == call("getCustomersByIDAddresses").json()
    assert "select" not in call("getCustomersByIDAddresses", select=" ").json()


def test_select_costs_no_query(call):
    counts = []
    for select in (None, "(login,addresses.(city))"):
        call("getCustomersByID", select=select)
        with CaptureQueriesContext(connection) as queries:
            assert call("getCustomersByID", select=select).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
