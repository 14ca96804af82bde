"""PATCH and DELETE /customers/{id}/addresses/{address_name}."""
import pytest

from addresses.models import CustomerAddress
from addresses.tests.helpers import SAMPLE, addresses_url
from shopsite.testing import fault_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(customer, as_customer):
    """The spec's sample address, created through the API."""
    response = as_customer.post(addresses_url(customer), SAMPLE, format="json")
    assert response.status_code == 200, response.content
    return CustomerAddress.objects.get(customer=customer, address_id="home_address")


def stored(address):
    address.refresh_from_db()
    return address


# --- PATCH ---------------------------------------------------------------------------
def test_patch_changes_only_what_is_sent(as_customer, customer, home):
    response = as_customer.patch(addresses_url(customer, "home_address"),
                                 {"address1": "6 Wall St", "post_box": "12b"}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["address1"], body["post_box"], body["address2"], body["full_name"]) == (
        "6 Wall St", "12b", "24 Presidential Way", "John Jim Murphy"
    )
    assert (stored(home).address1, home.post_box, home.city) == ("6 Wall St", "12b", "Burlington")


def test_patch_the_spec_sample(as_customer, customer, home):
    body = {**SAMPLE, "address1": "6 Wall St", "address2": "26 Presidential Way", "post_box": "12b"}
    response = as_customer.patch(addresses_url(customer, "home_address"), body, format="json")

    assert response.status_code == 200, response.content
    document = {k: v for k, v in response.json().items() if k not in ("_v", "creation_date", "last_modified")}
    assert document == {"_type": "customer_address", **body, "full_name": "John Jim Murphy"}


def test_patch_null_clears_a_value_and_a_custom_attribute(as_customer, customer, home):
    as_customer.patch(addresses_url(customer, "home_address"), {"c_gate": "42"}, format="json")
    response = as_customer.patch(addresses_url(customer, "home_address"),
                                 {"second_name": None, "c_gate": None, "preferred": None}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert "second_name" not in body and "c_gate" not in body
    assert body["full_name"] == "John Murphy"
    assert (stored(home).second_name, home.custom, home.preferred) == ("", {}, False)


def test_patch_returns_the_etag_get_returns(as_customer, customer, home):
    patched = as_customer.patch(addresses_url(customer, "home_address"), {"city": "Boston"}, format="json")
    fetched = as_customer.get(addresses_url(customer, "home_address"))
    assert patched["ETag"] == fetched["ETag"]


def test_patch_with_a_matching_if_match(as_customer, customer, home):
    etag = as_customer.get(addresses_url(customer, "home_address"))["ETag"]
    response = as_customer.patch(addresses_url(customer, "home_address"), {"city": "Boston"}, format="json",
                                 HTTP_IF_MATCH=f'"{etag}"')
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert stored(home).city == "Boston"


def test_patch_with_a_stale_if_match_writes_nothing(as_customer, customer, home):
    etag = as_customer.get(addresses_url(customer, "home_address"))["ETag"]
    as_customer.patch(addresses_url(customer, "home_address"), {"city": "Boston"}, format="json")

    response = as_customer.patch(addresses_url(customer, "home_address"),
                                 {"city": "Chicago", "address_id": "renamed"}, format="json", HTTP_IF_MATCH=etag)

    assert fault_of(response, 412)["type"] == "InvalidIfMatchException"
    assert (stored(home).city, home.address_id) == ("Boston", "home_address")


def test_patch_rename_answers_301_with_location_and_body(as_customer, customer, home):
    response = as_customer.patch(addresses_url(customer, "home_address"), {"address_id": "old_home_address"},
                                 format="json")

    assert response.status_code == 301, response.content
    assert response["Location"] == (
        f"http://testserver/dw/shop/v16_4/customers/{customer.customer_id}/addresses/old_home_address"
    )
    body = response.json()
    assert (body["address_id"], body["address1"], body["full_name"]) == (
        "old_home_address", "5 Wall St", "John Jim Murphy"
    )
    assert response["ETag"] == as_customer.get(addresses_url(customer, "old_home_address"))["ETag"]
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["old_home_address"]
    assert stored(home).address_id == "old_home_address"  # the same address, renamed
    assert fault_of(as_customer.get(addresses_url(customer, "home_address")), 404)


def test_rename_location_keeps_the_site_prefix_and_escapes_the_id(as_customer, customer, home):
    url = addresses_url(customer, "home_address", site_id="SiteGenesis")
    response = as_customer.patch(url, {"address_id": "ma maison/1"}, format="json")

    assert response.status_code == 301, response.content
    location = response["Location"]
    assert location == (
        f"http://testserver/s/SiteGenesis/dw/shop/v16_4/customers/{customer.customer_id}/addresses/ma%20maison%2F1"
    )
    assert as_customer.get(location).json()["address_id"] == "ma maison/1"


@pytest.mark.parametrize("site_id", [None, "SiteGenesis"])
def test_rename_location_is_the_new_address_url_on_either_prefix(as_customer, customer, home, site_id):
    new_id = "a/b?c%d #e"
    response = as_customer.patch(addresses_url(customer, "home_address", site_id=site_id), {"address_id": new_id},
                                 format="json")

    assert response.status_code == 301, response.content
    assert response["Location"] == "http://testserver" + addresses_url(customer, new_id, site_id=site_id)
    assert as_customer.get(response["Location"]).json()["address_id"] == new_id


def test_patch_with_the_same_address_id_is_no_rename(as_customer, customer, home):
    response = as_customer.patch(addresses_url(customer, "home_address"),
                                 {"address_id": "home_address", "city": "Boston"}, format="json")
    assert response.status_code == 200, response.content
    assert "Location" not in response


def test_rename_only_by_case(as_customer, customer, home):
    response = as_customer.patch(addresses_url(customer, "home_address"), {"address_id": "Home_Address"},
                                 format="json")
    assert response.status_code == 301, response.content
    assert stored(home).address_id == "Home_Address"


def test_rename_onto_an_existing_id_is_refused(as_customer, customer, home, make_address):
    make_address(customer, "work")

    response = as_customer.patch(addresses_url(customer, "home_address"),
                                 {"address_id": "work", "city": "Boston"}, format="json")

    assert fault_of(response, 400) == {
        "type": "AddressIdAlreadyInUseException", "message": "Customer address id is already in use."
    }
    assert (stored(home).address_id, home.city) == ("home_address", "Burlington")


@pytest.mark.parametrize("value", [None, "", "  ", "x" * 257])
def test_rename_to_a_blank_id_is_refused(as_customer, customer, home, value):
    response = as_customer.patch(addresses_url(customer, "home_address"), {"address_id": value}, format="json")
    assert fault_of(response, 400)["type"] == "InvalidCustomerAddressIdException"
    assert stored(home).address_id == "home_address"


def test_making_an_address_preferred_clears_the_others(as_customer, customer, home, make_address):
    work = make_address(customer, "work", preferred=True)
    work_etag = as_customer.get(addresses_url(customer, "work"))["ETag"]

    response = as_customer.patch(addresses_url(customer, "home_address"), {"preferred": True}, format="json")

    assert response.json()["preferred"] is True
    assert (stored(home).preferred, stored(work).preferred) == (True, False)
    assert as_customer.get(addresses_url(customer, "work"))["ETag"] != work_etag
    listed = as_customer.get(addresses_url(customer)).json()["data"]
    assert [(a["address_id"], a["preferred"]) for a in listed] == [("home_address", True), ("work", False)]


@pytest.mark.parametrize(
    "body, fault_type",
    [
        ({"creation_date": "2020-01-01T00:00:00.000Z"}, "ReadOnlyPropertyException"),
        ({"etag": "abc"}, "ReadOnlyPropertyException"),
        ({"suite": "3"}, "UnknownPropertyException"),
        ({"city": 5}, "PropertyConstraintViolationException"),
        ({"preferred": "yes"}, "PropertyConstraintViolationException"),
    ],
)
def test_bad_patch_writes_nothing(as_customer, customer, home, body, fault_type):
    response = as_customer.patch(addresses_url(customer, "home_address"), {"city": "Boston", **body},
                                 format="json")
    assert fault_of(response, 400)["type"] == fault_type
    assert stored(home).city == "Burlington"


def test_patch_unknown_address(as_customer, customer):
    response = as_customer.patch(addresses_url(customer, "home_address"), {"city": "Boston"}, format="json")
    assert fault_of(response, 404) == {
        "type": "CustomerAddressNotFoundException", "message": "Customer address 'home_address' not found.",
        "arguments": {"addressId": "home_address", "customerNo": customer.customer_no, "siteId": "SiteGenesis"},
    }


def test_patch_as_server_and_by_method_override(as_server, customer, make_address):
    address = make_address(customer, "home")
    response = as_server.post(addresses_url(customer, "home"), {"city": "Boston"}, format="json",
                              HTTP_X_DW_HTTP_METHOD_OVERRIDE="PATCH")
    assert response.status_code == 200, response.content
    assert stored(address).city == "Boston"


def test_patch_in_xml(as_customer, customer, home):
    xml = "<customer_address><postal_code>02110</postal_code><preferred>true</preferred></customer_address>"
    response = as_customer.patch(addresses_url(customer, "home_address"), xml, content_type="text/xml")
    assert response.status_code == 200, response.content
    assert (stored(home).postal_code, home.preferred) == ("02110", True)


# --- DELETE --------------------------------------------------------------------------
def test_delete(as_customer, customer, home, make_address):
    make_address(customer, "work")

    response = as_customer.delete(addresses_url(customer, "home_address"))

    assert response.status_code == 204
    assert response.content == b""
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["work"]


def test_delete_unknown_address(as_customer, customer):
    response = as_customer.delete(addresses_url(customer, "home_address"))
    assert fault_of(response, 404)["type"] == "CustomerAddressNotFoundException"


def test_delete_with_a_stale_if_match_deletes_nothing(as_customer, customer, home):
    response = as_customer.delete(addresses_url(customer, "home_address"), HTTP_IF_MATCH="0" * 64)
    assert fault_of(response, 412)["type"] == "InvalidIfMatchException"
    assert customer.addresses.filter(pk=home.pk).exists()


def test_delete_with_a_matching_if_match(as_customer, customer, home):
    etag = as_customer.get(addresses_url(customer, "home_address"))["ETag"]
    response = as_customer.delete(addresses_url(customer, "home_address"), HTTP_IF_MATCH=etag)
    assert response.status_code == 204
    assert not customer.addresses.exists()


def test_delete_as_server(as_server, customer, make_address):
    make_address(customer, "home")
    assert as_server.delete(addresses_url(customer, "home")).status_code == 204
    assert not customer.addresses.exists()


def test_deleting_the_customer_deletes_the_address_book(customer, make_address):
    make_address(customer, "home")
    customer.delete()
    assert not CustomerAddress.objects.exists()
