"""The read and write attributes of OCAPI settings: what a client may read of the documents
(before the request's own select) and which properties its request documents may set."""
import pytest

from addresses.models import CustomerAddress
from addresses.services import address_create
from customers.models import Customer
from payments.models import CustomerPaymentInstrument
from shopsite.checks import DEMO_CLIENT_ID
from shopsite.ocapi_settings import InvalidOcapiSettings
from shopsite.testing import api_url, fault_of
from shopsite.tests.ocapi_settings_support import client, document, entry, save

pytestmark = pytest.mark.django_db


def grant(**attributes):
    """A global document granting the demo client the whole resource, with these attributes."""
    save(document(client(DEMO_CLIENT_ID, entry("/customers/**", **attributes))))


def read_only_fault(response, name):
    assert fault_of(response, 400) == {
        "type": "ReadOnlyPropertyException",
        "message": f"Property '{name}' is read-only for this client.",
        "arguments": {"property": name},
    }


@pytest.mark.parametrize("key", ["read_attributes", "write_attributes"])
@pytest.mark.parametrize("value, position", [("(a,,b)", 3), ("(**", 3), ("name", 0), ("(a.(b)", 6)])
def test_an_invalid_selector_is_refused_with_its_place(key, value, position):
    with pytest.raises(InvalidOcapiSettings) as refused:
        grant(**{key: value})
    messages = [str(error) for error in refused.value.errors]
    assert any(f"clients[0].resources[0].{key}" in message and f"position {position}" in message
               for message in messages), messages


def test_read_attributes_narrow_the_document_before_the_requests_select(as_customer, customer):
    Customer.objects.filter(pk=customer.pk).update(first_name="John", last_name="Smith")
    grant(read_attributes="(customer_id,first_name,last_name)")
    url = api_url("customers", customer.customer_id, client_id=DEMO_CLIENT_ID)
    body = as_customer.get(url).json()
    assert set(body) == {"_v", "_type", "customer_id", "first_name", "last_name"}
    selected = as_customer.get(f"{url}&select=(first_name,email)").json()
    assert set(selected) == {"_v", "_type", "first_name"}  # email was never readable


def test_read_attributes_apply_to_result_documents_and_xml(as_customer, customer):
    address_create(customer=customer, data={"address_id": "home", "city": "Burlington", "last_name": "Smith"})
    grant(read_attributes="(count,data.(address_id))")
    url = api_url("customers", customer.customer_id, "addresses", client_id=DEMO_CLIENT_ID)
    body = as_customer.get(url).json()
    assert body["count"] == 1 and body["data"] == [{"_type": "customer_address", "address_id": "home"}]
    assert "total" not in body
    xml = as_customer.get(f"{url}&format=xml").content.decode()
    assert "<address_id>home</address_id>" in xml and "Burlington" not in xml


def test_faults_are_never_narrowed(as_customer, customer):
    grant(read_attributes="(customer_id)")
    response = as_customer.get(api_url("customers", customer.customer_id, "addresses", "nowhere",
                                       client_id=DEMO_CLIENT_ID))
    assert fault_of(response, 404)["type"] == "CustomerAddressNotFoundException"


def test_write_attributes_refuse_another_property_and_store_nothing(as_customer, customer):
    grant(write_attributes="(first_name,c_loyalty)")
    url = api_url("customers", customer.customer_id, client_id=DEMO_CLIENT_ID)
    read_only_fault(as_customer.patch(url, {"first_name": "Jo", "last_name": "Other"}, format="json"), "last_name")
    assert Customer.objects.get(pk=customer.pk).first_name == customer.first_name
    response = as_customer.patch(url, {"_v": "16.4", "_type": "customer", "first_name": "Jo", "c_loyalty": "gold"},
                                 format="json")
    assert response.status_code == 200, response.content
    stored = Customer.objects.get(pk=customer.pk)
    assert stored.first_name == "Jo" and stored.custom == {"c_loyalty": "gold"}


def test_write_attributes_on_the_address_document(as_customer, customer):
    grant(write_attributes="(address_id,city,last_name)")
    url = api_url("customers", customer.customer_id, "addresses", client_id=DEMO_CLIENT_ID)
    read_only_fault(as_customer.post(url, {"address_id": "home", "city": "X", "phone": "1"}, format="json"), "phone")
    assert not CustomerAddress.objects.exists()
    response = as_customer.post(url, {"address_id": "home", "city": "X", "last_name": "Smith"}, format="json")
    assert response.status_code == 200, response.content


def test_write_attributes_name_a_nested_property_of_a_payment_instrument(as_customer, customer):
    grant(write_attributes="(payment_method_id,payment_card.(card_type,number,holder))")
    url = api_url("customers", customer.customer_id, "payment_instruments", client_id=DEMO_CLIENT_ID)
    card = {"card_type": "Visa", "number": "4111111111111111", "holder": "J Smith"}
    refused = {"payment_method_id": "CREDIT_CARD", "payment_card": {**card, "expiration_month": 1}}
    read_only_fault(as_customer.post(url, refused, format="json"), "payment_card.expiration_month")
    assert not CustomerPaymentInstrument.objects.exists()
    response = as_customer.post(url, {"payment_method_id": "CREDIT_CARD", "payment_card": card}, format="json")
    assert response.status_code == 200, response.content


def test_the_default_write_attributes_allow_everything(as_customer, customer):
    grant()
    url = api_url("customers", customer.customer_id, client_id=DEMO_CLIENT_ID)
    assert as_customer.patch(url, {"first_name": "Jo", "last_name": "Other"}, format="json").status_code == 200


def add_instrument(customer):
    from payments.services import payment_instrument_create

    return payment_instrument_create(customer=customer, request_document={
        "payment_method_id": "CREDIT_CARD",
        "payment_card": {"card_type": "Visa", "number": "4111111111111111", "holder": "J Smith"}})


def test_read_attributes_narrow_payment_instruments_single_and_listed(as_customer, customer):
    instrument = add_instrument(customer)
    grant(read_attributes="(count,data.(payment_instrument_id),payment_instrument_id,payment_card.(card_type))")
    base = api_url("customers", customer.customer_id, "payment_instruments")
    one = as_customer.get(f"{base}/{instrument.payment_instrument_id}?client_id={DEMO_CLIENT_ID}").json()
    assert one == {"_v": "16.4", "_type": "customer_payment_instrument",
                   "payment_instrument_id": instrument.payment_instrument_id,
                   "payment_card": {"_type": "payment_card", "card_type": "Visa"}}
    listed = as_customer.get(f"{base}?client_id={DEMO_CLIENT_ID}").json()
    assert listed == {"_v": "16.4", "_type": "customer_payment_instrument_result", "count": 1,
                      "data": [{"_type": "customer_payment_instrument",
                                "payment_instrument_id": instrument.payment_instrument_id}]}


def test_read_attributes_narrow_a_single_address(as_customer, customer):
    address_create(customer=customer, data={"address_id": "home", "city": "Burlington", "last_name": "Smith"})
    grant(read_attributes="(address_id,city)")
    body = as_customer.get(api_url("customers", customer.customer_id, "addresses", "home",
                                   client_id=DEMO_CLIENT_ID)).json()
    assert body == {"_v": "16.4", "_type": "customer_address", "address_id": "home", "city": "Burlington"}


def test_write_attributes_apply_to_xml_request_documents(as_customer, customer):
    grant(write_attributes="(first_name,c_allowed)")
    url = api_url("customers", customer.customer_id, client_id=DEMO_CLIENT_ID)

    def patch(xml):
        return as_customer.generic("PATCH", url, xml, content_type="application/xml")

    read_only_fault(patch("<customer><last_name>Evil</last_name></customer>"), "last_name")
    read_only_fault(patch('<customer><property name="c_x">Evil</property></customer>'), "c_x")
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.last_name, stored.custom) == (customer.last_name, {})
    response = patch('<customer><first_name>Jo</first_name><property name="c_allowed">yes</property></customer>')
    assert response.status_code == 200, response.content
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.first_name, stored.custom) == ("Jo", {"c_allowed": "yes"})


def test_the_envelope_is_exempt_at_the_documents_levels_not_inside_custom_attributes(as_customer, customer):
    grant(write_attributes="(payment_method_id,payment_card.(card_type,number,holder),c_x.(a))")
    customer_url = api_url("customers", customer.customer_id, client_id=DEMO_CLIENT_ID)
    for inside in ({"_v": "anything"}, {"_type": {"big": "object"}}, {"_resource_state": "x"}):
        name = next(iter(inside))
        read_only_fault(as_customer.patch(customer_url, {"c_x": {"a": 1, **inside}}, format="json"), f"c_x.{name}")
    assert Customer.objects.get(pk=customer.pk).custom == {}
    response = as_customer.patch(customer_url, {"_v": "16.4", "_type": "customer", "_resource_state": "x",
                                                "c_x": {"a": 1}}, format="json")
    assert response.status_code == 200, response.content
    card = {"_type": "payment_card", "_resource_state": "y", "card_type": "Visa", "number": "4111111111111111",
            "holder": "J Smith"}
    instrument = {"_v": "16.4", "_type": "customer_payment_instrument", "payment_method_id": "CREDIT_CARD",
                  "payment_card": card}
    response = as_customer.post(api_url("customers", customer.customer_id, "payment_instruments",
                                        client_id=DEMO_CLIENT_ID), instrument, format="json")
    assert response.status_code == 200, response.content


def test_write_attributes_never_read_the_body_of_a_delete(as_customer, customer):
    grant(write_attributes="(city)")
    for body, content_type in (('{"reason": "x"}', "application/json"), ("x", "text/plain")):
        address_create(customer=customer, data={"address_id": "home", "city": "X", "last_name": "Smith"})
        url = api_url("customers", customer.customer_id, "addresses", "home", client_id=DEMO_CLIENT_ID)
        response = as_customer.generic("DELETE", url, body, content_type=content_type)
        assert response.status_code == 204, response.content
    assert not CustomerAddress.objects.exists()
