"""Names checked by regular expressions are checked to their very end: in Python "$" also
matches before a final newline, so "c_name\\n" passed as a custom attribute name."""
import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError

from customers.models import Customer
from shopsite.documents import document, validate_custom_attributes
from shopsite.formats import to_xml
from shopsite.models import ApiClient
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db
NAME_FAULT = {"type": "PropertyConstraintViolationException",
              "message": "Custom attribute name 'c_name\n' is not valid.", "arguments": {"property": "c_name\n"}}


def test_a_custom_attribute_name_ending_in_a_newline_is_refused_in_json(as_customer, customer):
    url = api_url("customers", customer.customer_id)
    response = as_customer.patch(url, {"c_name\n": "x", "fax": "1"}, format="json")
    assert fault_of(response, 400) == NAME_FAULT
    stored = Customer.objects.get(pk=customer.pk)
    assert stored.custom == {} and stored.fax == ""


def test_a_custom_attribute_name_ending_in_a_newline_is_refused_in_xml(as_customer, customer):
    url = api_url("customers", customer.customer_id)
    body = '<customer><fax>1</fax><property name="c_name&#10;">x</property></customer>'
    response = as_customer.patch(url, body, content_type="application/xml")
    assert fault_of(response, 400) == NAME_FAULT
    stored = Customer.objects.get(pk=customer.pk)
    assert stored.custom == {} and stored.fax == ""


def test_registration_refuses_it_too(as_guest):
    body = {"password": "12345!aBcD",
            "customer": {"login": "newbie", "email": "n@example.com", "last_name": "N", "c_name\n": 1}}
    assert fault_of(as_guest.post(api_url("customers"), body, format="json"), 400) == NAME_FAULT
    assert not Customer.objects.filter(login="newbie").exists()


def test_the_admins_validator_and_the_documents_refuse_it():
    with pytest.raises(ValidationError):
        validate_custom_attributes({"c_name\n": 1})
    assert document("thing", {}, {"c_name\n": 1, "c_ok": 2}) == {"_type": "thing", "c_ok": 2}


def test_an_xml_element_is_never_named_with_a_final_newline():
    root = ElementTree.fromstring(to_xml({"_type": "echo", "c_obj": {"ab\n": 1}}))
    assert root.find("c_obj/property").get("name") == "ab\n"


def test_a_request_id_ending_in_a_newline_is_replaced(api, site):
    response = api.get(api_url("customers", "nobody"), HTTP_X_REQUEST_ID="abc\n")
    assert response.status_code == 401
    assert response["X-Request-ID"] != "abc\n" and len(response["X-Request-ID"]) == 32


def test_a_client_id_ending_in_a_newline_is_refused():
    client = ApiClient(client_id="new-client\n", name="New")
    client.set_secret("a-long-enough-secret-for-tests")
    with pytest.raises(ValidationError) as raised:
        client.full_clean()
    assert list(raised.value.message_dict) == ["client_id"]
