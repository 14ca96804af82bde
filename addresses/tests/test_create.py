"""POST /customers/{id}/addresses."""
import pytest
from defusedxml import ElementTree

from addresses.models import CustomerAddress
from addresses.tests.helpers import SAMPLE, addresses_url
from shopsite.etags import etag_of
from shopsite.testing import fault_of

pytestmark = pytest.mark.django_db

VOLATILE = {"_v", "creation_date", "last_modified"}


def test_create_answers_the_spec_sample(as_customer, customer):
    response = as_customer.post(addresses_url(customer), SAMPLE, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: v for k, v in body.items() if k not in VOLATILE} == {
        "_type": "customer_address", **SAMPLE, "full_name": "John Jim Murphy",
    }
    assert body["_v"] == "16.4"
    assert body["creation_date"].endswith("Z") and body["last_modified"].endswith("Z")
    assert response["ETag"] == etag_of({k: v for k, v in body.items() if k != "_v"})
    stored = CustomerAddress.objects.get(customer=customer)
    assert (stored.address_id, stored.city, stored.post_box, stored.preferred) == (
        "home_address", "Burlington", "12a", False
    )


def test_create_as_server_for_any_customer(as_server, customer):
    response = as_server.post(addresses_url(customer), {"address_id": "home"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "_v": "16.4", "_type": "customer_address", "address_id": "home", "preferred": False,
        "creation_date": response.json()["creation_date"], "last_modified": response.json()["last_modified"],
    }
    assert customer.addresses.get().address_id == "home"


@pytest.mark.parametrize("body", [{}, {"address_id": None}, {"address_id": ""}, {"address_id": "   "},
                                  {"address_id": "a\nb"}, {"address_id": 12}, {"address_id": "x" * 257}])
def test_missing_or_blank_address_id_is_refused(as_customer, customer, body):
    response = as_customer.post(addresses_url(customer), {**body, "city": "Woburn"}, format="json")

    fault = fault_of(response, 400)
    assert fault["type"] == "InvalidCustomerAddressIdException"
    value = body.get("address_id")
    # addressId is always there, as docs and the spec's table promise: "" when missing or not a string.
    assert fault["arguments"] == {"addressId": value[:256] if isinstance(value, str) else ""}
    assert not CustomerAddress.objects.exists()


def test_address_id_of_256_characters_is_accepted(as_customer, customer):
    response = as_customer.post(addresses_url(customer), {"address_id": "x" * 256}, format="json")
    assert response.status_code == 200, response.content
    assert customer.addresses.get().address_id == "x" * 256


def test_address_id_already_in_use(as_customer, customer, make_address):
    make_address(customer, "home", city="Woburn")

    response = as_customer.post(addresses_url(customer), {"address_id": "home", "city": "Boston"}, format="json")

    assert fault_of(response, 400) == {
        "type": "AddressIdAlreadyInUseException", "message": "Customer address id is already in use."
    }
    assert list(customer.addresses.values_list("address_id", "city")) == [("home", "Woburn")]


def test_address_ids_are_case_sensitive(as_customer, customer, make_address):
    make_address(customer, "home")

    response = as_customer.post(addresses_url(customer), {"address_id": "Home"}, format="json")

    assert response.status_code == 200, response.content
    assert sorted(customer.addresses.values_list("address_id", flat=True)) == ["Home", "home"]


def test_the_same_address_id_for_two_customers(as_customer, customer, make_customer, make_address):
    make_address(make_customer(login="other"), "home")
    response = as_customer.post(addresses_url(customer), {"address_id": "home"}, format="json")
    assert response.status_code == 200, response.content


def test_unicode_round_trip(as_customer, customer):
    body = {"address_id": "Zuhause 🏠", "first_name": "Zoë", "second_name": "李", "last_name": "Ødegård",
            "address1": "Straße 5 — Hinterhaus", "city": "Zürich", "title": "Dr.", "c_note": "ÆØÅ ✓"}

    created = as_customer.post(addresses_url(customer), body, format="json")
    fetched = as_customer.get(addresses_url(customer, "Zuhause 🏠"))

    assert created.status_code == 200, created.content
    assert fetched.status_code == 200, fetched.content
    for response in (created, fetched):
        doc = response.json()
        assert {k: doc[k] for k in body} == body
        assert doc["full_name"] == "Zoë 李 Ødegård"
    assert created["ETag"] == fetched["ETag"]
    assert customer.addresses.get().city == "Zürich"


def test_unicode_round_trip_in_xml(as_customer, customer):
    xml = ("<customer_address><address_id>maison été</address_id><city>Besançon</city>"
           "<postal_code>01801</postal_code><preferred>true</preferred></customer_address>")
    response = as_customer.post(f"{addresses_url(customer)}?format=xml", xml, content_type="application/xml")

    assert response.status_code == 200, response.content
    root = ElementTree.fromstring(response.content)
    assert root.tag == "customer_address"
    assert root.findtext("address_id") == "maison été"
    assert root.findtext("city") == "Besançon"
    assert root.findtext("postal_code") == "01801"
    assert root.findtext("preferred") == "true"
    stored = customer.addresses.get()
    assert (stored.address_id, stored.postal_code, stored.preferred) == ("maison été", "01801", True)


def test_preferred_address_takes_the_flag_from_the_others(as_customer, customer, make_address):
    make_address(customer, "old", preferred=True)

    response = as_customer.post(addresses_url(customer), {"address_id": "new", "preferred": True}, format="json")

    assert response.status_code == 200, response.content
    assert dict(customer.addresses.values_list("address_id", "preferred")) == {"old": False, "new": True}


@pytest.mark.parametrize("name", ["creation_date", "last_modified", "etag"])
def test_read_only_properties_are_refused(as_customer, customer, name):
    response = as_customer.post(addresses_url(customer), {"address_id": "home", name: "x"}, format="json")
    assert fault_of(response, 400) == {
        "type": "ReadOnlyPropertyException", "message": f"Property '{name}' is read-only.",
        "arguments": {"property": name},
    }
    assert not CustomerAddress.objects.exists()


def test_full_name_and_envelope_properties_are_ignored(as_customer, customer):
    body = {"_v": "16.4", "_type": "customer_address", "address_id": "home", "first_name": "Ann",
            "last_name": "Lee", "full_name": "Somebody Else"}
    response = as_customer.post(addresses_url(customer), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "Ann Lee"


@pytest.mark.parametrize("name", ["suite", "nickname", "customer_id"])
def test_unknown_properties_are_refused(as_customer, customer, name):
    response = as_customer.post(addresses_url(customer), {"address_id": "home", name: "x"}, format="json")
    assert fault_of(response, 400) == {
        "type": "UnknownPropertyException", "message": f"Property '{name}' is unknown.",
        "arguments": {"property": name},
    }
    assert not CustomerAddress.objects.exists()


@pytest.mark.parametrize(
    "name, value",
    [
        ("city", 12),
        ("city", ["Woburn"]),
        ("preferred", "true"),
        ("preferred", 1),
        ("country_code", "USA"),
        ("country_code", "us"),
        ("country_code", "U1"),
        ("phone", "1" * 33),
        ("address1", "x" * 257),
    ],
)
def test_wrong_types_and_constraint_violations_are_400(as_customer, customer, name, value):
    response = as_customer.post(addresses_url(customer), {"address_id": "home", name: value}, format="json")
    fault = fault_of(response, 400)
    assert fault["type"] == "PropertyConstraintViolationException"
    assert fault["message"].startswith(f"Property '{name}':")
    assert not CustomerAddress.objects.exists()


def test_any_two_letter_country_code_and_maximum_lengths_are_accepted(as_customer, customer):
    body = {"address_id": "home", "country_code": "DE", "phone": "1" * 32, "address1": "x" * 256}
    response = as_customer.post(addresses_url(customer), body, format="json")
    assert response.status_code == 200, response.content
    stored = customer.addresses.get()
    assert (stored.country_code, stored.phone, stored.address1) == ("DE", "1" * 32, "x" * 256)


def test_custom_attributes_are_stored_as_given(as_customer, customer):
    body = {"address_id": "home", "c_gateCode": 1234, "c_notes": {"dog": True}}
    response = as_customer.post(addresses_url(customer), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["c_gateCode"] == 1234
    assert response.json()["c_notes"] == {"dog": True}
    assert customer.addresses.get().custom == {"c_gateCode": 1234, "c_notes": {"dog": True}}


def test_create_on_a_named_site(as_customer, customer):
    response = as_customer.post(addresses_url(customer, site_id="SiteGenesis"), {"address_id": "home"}, format="json")
    assert response.status_code == 200, response.content
    assert customer.addresses.get().address_id == "home"
