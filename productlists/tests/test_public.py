"""The public reads: GET /product_lists (search), /product_lists/{list_id}, .../items, .../items/{item_id}.

Only lists marked public, only their public items, and of the owner nothing but what the
public documents name.
"""
import json

import pytest

from customers.services import customer_set_enabled
from productlists.tests.helpers import DOCUMENT_VERSION, absolute, fault, public_url, without_dates
from shopsite.checks import DEMO_CLIENT_ID

pytestmark = pytest.mark.django_db
CLIENT = {"client_id": DEMO_CLIENT_ID}


@pytest.fixture
def shop(customer, client_app, home, make_list, make_item, make_purchase):
    """jsmith's public registry (a public and a private item, a purchase) and private wish list."""
    customer.first_name = "John"
    customer.save()
    registry = make_list(customer, "gift_registry", name="Our wedding", description="Pots", public=True,
                         event_type="wedding", registrant_first_name="John", registrant_last_name="Smith",
                         registrant_email="secret@example.com", registrant_role="groom", shipping_address=home,
                         custom={"c_secret": "owner only"})
    shown = make_item(registry, "P-public", public=True, priority=2, custom={"c_note": "private note"})
    hidden = make_item(registry, "P-private", public=False)
    make_purchase(shown, purchaser_name="Aunt May")
    private = make_list(customer, "wish_list", name="Private wishes", public=False)
    make_item(private, "P-wish", public=True)
    return {"registry": registry, "shown": shown, "hidden": hidden, "private": private}


def test_search_by_email_finds_only_public_lists(api, shop):
    response = api.get(public_url(email="JSMITH@example.com", **CLIENT))

    assert response.status_code == 200, response.content
    registry = shop["registry"]
    assert response.json() == {
        "_v": DOCUMENT_VERSION, "_type": "public_product_list_result", "count": 1, "total": 1,
        "data": [{"_type": "public_product_list_link", "description": "Pots",
                  "link": absolute(public_url(registry.list_id)), "name": "Our wedding", "title": "Our wedding",
                  "type": "gift_registry"}],
    }


@pytest.mark.parametrize("query, found", [
    ({"firstname": "john", "lastname": "SMITH"}, 1),
    ({"email": "jsmith@example.com", "lastname": "Smith"}, 1),
    ({"email": "jsmith@example.com", "lastname": "Doe"}, 0),
    ({"firstname": "Jo", "lastname": "Smith"}, 0),
    ({"email": "nobody@example.com"}, 0),
])
def test_search_terms_must_all_match(api, shop, query, found):
    body = api.get(public_url(**query, **CLIENT)).json()
    assert (body["count"], body["total"]) == (found, found)


@pytest.mark.parametrize("query", [{}, {"firstname": "John"}, {"lastname": "Smith"}, {"email": "  "},
                                   {"firstname": "John", "lastname": ""}])
def test_a_proper_search_term_is_required(api, shop, query):
    assert fault(api.get(public_url(**query, **CLIENT)), 400) == {
        "type": "ProductListSearchTermException",
        "message": "No proper search term: give an email, or a first and a last name."}


def test_a_public_list_shows_what_the_public_document_names_only(api, shop, customer):
    registry, shown = shop["registry"], shop["shown"]

    response = api.get(public_url(registry.list_id, **CLIENT))

    assert response.status_code == 200, response.content
    assert without_dates(response.json()) == {
        "_type": "public_product_list", "id": registry.list_id, "type": "gift_registry", "name": "Our wedding",
        "description": "Pots", "public": True,
        "event": {"_type": "product_list_event", "type": "wedding"},
        "registrant": {"_type": "product_list_registrant", "first_name": "John", "last_name": "Smith",
                       "role": "groom"},
        "product_list_shipping_address": {"_type": "product_list_shipping_address", "address_id": "home",
                                          "city": "Woburn", "first_name": "John", "last_name": "Smith"},
        "items_link": {"_type": "product_simple_link", "link": absolute(public_url(registry.list_id, "items"))},
        "product_list_items": [{"_type": "public_product_list_item", "id": shown.item_id, "type": "product",
                                "priority": 2, "product": {"_type": "product", "id": "P-public"}}],
    }
    text = response.content.decode()
    for private in ("secret@example.com", "owner only", "private note", "Aunt May", "P-private", customer.customer_id,
                    customer.login, "10 Presidential Way", "01801", "781-555-0100", "/customers/"):
        assert private not in text


def test_public_items(api, shop):
    registry, shown, hidden = shop["registry"], shop["shown"], shop["hidden"]

    items = api.get(public_url(registry.list_id, "items", expand="product", **CLIENT)).json()
    assert without_dates(items) == {
        "_type": "public_product_list_item_result", "count": 1, "total": 1,
        "data": [{"_type": "public_product_list_item", "id": shown.item_id, "type": "product", "priority": 2,
                  "product": {"_type": "product", "id": "P-public"}}]}
    assert api.get(public_url(registry.list_id, "items", shown.item_id, **CLIENT)).json()["id"] == shown.item_id
    assert fault(api.get(public_url(registry.list_id, "items", hidden.item_id, **CLIENT)), 404) == {
        "type": "ProductListItemNotFoundException", "message": f"Product list item '{hidden.item_id}' not found.",
        "arguments": {"listId": registry.list_id, "itemId": hidden.item_id}}
    assert fault(api.get(public_url(registry.list_id, "items", "x" * 40, **CLIENT)), 404)["type"] == (
        "ProductListItemNotFoundException")


def test_a_private_list_is_not_found_as_if_it_did_not_exist(api, shop):
    private = shop["private"]
    for segments in ((private.list_id,), (private.list_id, "items"),
                     (private.list_id, "items", private.items.get().item_id)):
        answered = fault(api.get(public_url(*segments, **CLIENT)), 404)
        assert answered == {"type": "ProductListNotFoundException",
                            "message": f"Product list '{private.list_id}' not found.",
                            "arguments": {"listId": private.list_id}}
    unknown = fault(api.get(public_url("nosuchlist", **CLIENT)), 404)
    assert unknown["message"] == "Product list 'nosuchlist' not found."


def test_lists_of_disabled_customers_and_of_other_sites_are_not_public(api, shop, customer, other_site, client_app):
    registry = shop["registry"]
    assert fault(api.get(public_url(registry.list_id, site="OtherSite", **CLIENT)), 404)["type"] == (
        "ProductListNotFoundException")
    assert api.get(public_url(email="jsmith@example.com", site="OtherSite", **CLIENT)).json()["total"] == 0

    customer_set_enabled(customer=customer, enabled=False)
    assert fault(api.get(public_url(registry.list_id, **CLIENT)), 404)["type"] == "ProductListNotFoundException"
    assert api.get(public_url(email="jsmith@example.com", **CLIENT)).json()["total"] == 0


def test_a_client_id_is_needed_a_token_is_not(api, shop, jwt_for, customer, oauth_token, agent_token):
    registry = shop["registry"]
    url = public_url(registry.list_id)
    assert fault(api.get(url), 400)["type"] == "MissingClientIdException"
    assert fault(api.get(public_url(registry.list_id, client_id="unknown")), 401)["type"] == (
        "InvalidClientIdException")
    assert api.get(url, HTTP_X_DW_CLIENT_ID=DEMO_CLIENT_ID).status_code == 200

    # A token names its client; one sent is checked as everywhere.
    for token in (jwt_for(customer), oauth_token):
        assert api.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert fault(api.get(url, HTTP_AUTHORIZATION="Bearer not-a-token"), 401)["type"] == "InvalidAccessTokenException"
    other = public_url(registry.list_id, client_id="b" * 30)
    assert fault(api.get(other, HTTP_AUTHORIZATION=f"Bearer {oauth_token}"), 401)["type"] == (
        "InvalidAccessTokenException")
    assert fault(api.get(url, HTTP_AUTHORIZATION=f"Bearer {agent_token}"), 403)["type"] == (
        "InsufficientPermissionsException")


def test_public_reads_are_reads_only(api, shop):
    url = public_url(shop["registry"].list_id, **CLIENT)
    for method in ("post", "patch", "delete"):
        assert fault(getattr(api, method)(url, {}, format="json"), 405)["type"] == "MethodNotAllowedException"
    assert fault(api.post(public_url(**CLIENT), {"type": "wish_list"}, format="json"), 405)


def test_public_documents_in_xml(api, shop):
    from defusedxml import ElementTree

    root = ElementTree.fromstring(api.get(public_url(shop["registry"].list_id, format="xml", **CLIENT)).content)
    assert (root.tag, root.get("_v")) == ("public_product_list", DOCUMENT_VERSION)
    assert root.findtext("product_list_items/public_product_list_item/product/id") == "P-public"
    assert "secret@example.com" not in json.dumps([element.text for element in root.iter()])


def test_public_reads_take_constant_queries(api, shop, make_item):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    registry = shop["registry"]

    def queries():
        counts = []
        for url in (public_url(registry.list_id, **CLIENT), public_url(registry.list_id, "items", **CLIENT),
                    public_url(email="jsmith@example.com", **CLIENT)):
            with CaptureQueriesContext(connection) as captured:
                assert api.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    for number in range(5):
        make_item(registry, f"P{number}", public=True)
    assert queries() == few
