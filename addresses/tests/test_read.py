"""GET /customers/{id}/addresses and GET /customers/{id}/addresses/{address_name}."""
import pytest
from defusedxml import ElementTree

from addresses.tests.helpers import addresses_url
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(customer, make_address):
    """Four addresses; 'zeta' is preferred."""
    for name in ("beta", "alpha", "gamma"):
        make_address(customer, name, city=name.title())
    make_address(customer, "zeta", preferred=True)
    return customer


def ids(response):
    return [item["address_id"] for item in response.json()["data"]]


# --- the list ------------------------------------------------------------------------
def test_list_preferred_first_then_by_id(as_customer, book):
    response = as_customer.get(addresses_url(book))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["_type"] == "customer_address_result"
    assert (body["count"], body["start"], body["total"]) == (4, 0, 4)
    assert ids(response) == ["zeta", "alpha", "beta", "gamma"]
    assert "next" not in body and "previous" not in body
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"


def test_list_items_carry_the_etag_get_sends(as_customer, book):
    listed = {item["address_id"]: item for item in as_customer.get(addresses_url(book)).json()["data"]}
    single = as_customer.get(addresses_url(book, "alpha"))

    assert listed["alpha"]["etag"] == single["ETag"]
    assert {k: v for k, v in listed["alpha"].items() if k != "etag"} == {
        k: v for k, v in single.json().items() if k != "_v"
    }


def test_list_default_page_is_10(as_customer, customer, make_address):
    for number in range(12):
        make_address(customer, f"a{number:02d}")
    body = as_customer.get(addresses_url(customer)).json()
    assert (body["count"], body["total"]) == (10, 12)
    assert "next" not in body  # no paging asked, no links


def test_paging_links_only_when_asked_and_a_page_exists(as_customer, book):
    url = addresses_url(book)

    first = as_customer.get(f"{url}?start=0&count=1").json()
    middle = as_customer.get(f"{url}?start=1&count=2").json()
    last = as_customer.get(f"{url}?start=2&count=2").json()

    assert (first["count"], first["data"][0]["address_id"], first["total"]) == (1, "zeta", 4)
    assert first["next"] == f"http://testserver{url}?start=1&count=1"
    assert "previous" not in first
    assert [d["address_id"] for d in middle["data"]] == ["alpha", "beta"]
    assert middle["next"] == f"http://testserver{url}?start=3&count=2"
    assert middle["previous"] == f"http://testserver{url}?start=0&count=2"
    assert [d["address_id"] for d in last["data"]] == ["beta", "gamma"]
    assert "next" not in last


def test_start_beyond_the_end_is_an_empty_page(as_customer, book):
    body = as_customer.get(f"{addresses_url(book)}?start=10&count=5").json()
    assert (body["count"], body["data"], body["total"], body["start"]) == (0, [], 4, 10)


@pytest.mark.parametrize("query", ["start=-1", "start=1000", "count=0", "count=201", "count=ten", "start="])
def test_paging_out_of_bounds_is_400(as_customer, book, query):
    fault = fault_of(as_customer.get(f"{addresses_url(book)}?{query}"), 400)
    name, _, value = query.partition("=")
    assert fault["type"] == "ParameterConstraintViolationException"
    assert fault["arguments"] == {"parameter": name, "value": value}


def test_paging_at_the_bounds(as_customer, book):
    assert as_customer.get(f"{addresses_url(book)}?start=999&count=200").status_code == 200


def test_list_of_a_customer_without_addresses(as_customer, customer):
    body = as_customer.get(addresses_url(customer)).json()
    assert body == {"_v": "16.4", "_type": "customer_address_result", "count": 0, "data": [], "start": 0, "total": 0}


def test_a_guest_has_an_empty_address_book(api, guest, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    response = api.get(addresses_url(guest))
    assert response.status_code == 200, response.content
    assert response.json()["data"] == [] and response.json()["total"] == 0


def test_list_as_server(as_server, book):
    response = as_server.get(addresses_url(book))
    assert ids(response) == ["zeta", "alpha", "beta", "gamma"]


def test_list_does_not_show_other_customers_addresses(as_customer, customer, make_customer, make_address):
    make_address(make_customer(login="other"), "theirs")
    make_address(customer, "mine")
    assert ids(as_customer.get(addresses_url(customer))) == ["mine"]


def test_list_in_xml(as_customer, book):
    response = as_customer.get(addresses_url(book), HTTP_ACCEPT="application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "customer_address_result"
    assert [item.findtext("address_id") for item in root.find("data")] == ["zeta", "alpha", "beta", "gamma"]
    assert root.find("data")[0].findtext("preferred") == "true"


def test_resource_names_are_case_insensitive(as_customer, book):
    url = f"/dw/shop/v16_4/Customers/{book.customer_id}/Addresses/alpha"
    assert as_customer.get(url).json()["address_id"] == "alpha"


# --- one address ---------------------------------------------------------------------
def test_get_one(as_customer, customer, make_address):
    make_address(customer, "home", address1="10 Presidential Way", postal_code="01801", country_code="US",
                 second_name="", custom={"c_floor": 3})

    response = as_customer.get(addresses_url(customer, "home"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: v for k, v in body.items() if k not in ("creation_date", "last_modified")} == {
        "_v": "16.4", "_type": "customer_address", "address_id": "home", "address1": "10 Presidential Way",
        "country_code": "US", "first_name": "John", "full_name": "John Smith", "last_name": "Smith",
        "postal_code": "01801", "preferred": False, "c_floor": 3,
    }
    assert len(response["ETag"]) == 64


def test_get_unknown_address(as_customer, customer):
    response = as_customer.get(addresses_url(customer, "home_address"))
    assert fault_of(response, 404) == {
        "type": "CustomerAddressNotFoundException",
        "message": "Customer address 'home_address' not found.",
        "arguments": {"addressId": "home_address", "customerNo": customer.customer_no, "siteId": "SiteGenesis"},
    }


def test_address_ids_in_urls_are_case_sensitive(as_customer, customer, make_address):
    make_address(customer, "home")
    fault = fault_of(as_customer.get(addresses_url(customer, "HOME")), 404)
    assert fault["type"] == "CustomerAddressNotFoundException"


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_address_name_over_256_characters_breaks_the_path_constraint(as_customer, customer, make_address, method):
    make_address(customer, "x" * 256)

    response = getattr(as_customer, method)(addresses_url(customer, "x" * 257), {}, format="json")

    assert fault_of(response, 400) == {  # the spec's address_name: maxLength=256
        "type": "ParameterConstraintViolationException",
        "message": "Path parameter 'address_name' must be at most 256 characters.",
        "arguments": {"parameter": "address_name", "value": "x" * 64},
    }
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["x" * 256]
    assert as_customer.get(addresses_url(customer, "x" * 256)).status_code == 200  # 256 is within


def test_long_address_name_of_another_customer_is_refused_for_the_customer_first(
    as_customer, make_customer
):
    other = make_customer(login="other")
    fault = fault_of(as_customer.get(addresses_url(other, "x" * 257)), 400)
    assert fault["type"] == "InvalidCustomerException"  # access is checked before parameters


def test_address_ids_with_a_slash_are_addressable(as_customer, customer, make_address):
    make_address(customer, "home/2nd floor")
    response = as_customer.get(addresses_url(customer, "home/2nd floor"))  # .../home%2F2nd%20floor
    assert response.json()["address_id"] == "home/2nd floor"


def test_get_as_server_and_unknown_customer(as_server, customer, make_address):
    make_address(customer, "home")
    assert as_server.get(addresses_url(customer, "home")).json()["address_id"] == "home"
    fault = fault_of(as_server.get(api_url("customers", "nobody", "addresses", "home")), 404)
    assert fault["type"] == "CustomerNotFoundException"


def test_get_for_a_guest_is_not_found(api, guest, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    fault = fault_of(api.get(addresses_url(guest, "home")), 404)
    assert fault == {
        "type": "CustomerAddressNotFoundException", "message": "Customer address 'home' not found.",
        "arguments": {"addressId": "home", "siteId": "SiteGenesis"},
    }


def test_an_address_stored_for_a_guest_is_not_found(api, as_server, guest, jwt_for, make_address):
    """Guests have no address book: one added for a guest anyway (admin, shell) is not
    readable either, as the list and expand show none."""
    make_address(guest, "home")
    not_found = {
        "type": "CustomerAddressNotFoundException", "message": "Customer address 'home' not found.",
        "arguments": {"addressId": "home", "siteId": "SiteGenesis"},
    }
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")

    assert fault_of(api.get(addresses_url(guest, "home")), 404) == not_found
    assert fault_of(as_server.get(addresses_url(guest, "home")), 404) == not_found
    assert api.get(addresses_url(guest)).json()["total"] == 0


def test_get_one_in_xml(as_customer, customer, make_address):
    make_address(customer, "home", postal_code="01801")
    response = as_customer.get(f"{addresses_url(customer, 'home')}?format=xml")
    root = ElementTree.fromstring(response.content)
    assert (root.tag, root.get("_v"), root.findtext("postal_code"), root.findtext("preferred")) == (
        "customer_address", "16.4", "01801", "false"
    )
