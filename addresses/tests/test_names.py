"""Address names hold no line breaks, on every way in (see customers/tests/test_names.py)."""
import pytest

from addresses.models import CustomerAddress
from addresses.tests.helpers import SAMPLE, addresses_url
from shopsite.testing import admin_form_data
from shopsite.validators import NAME_FIELDS

pytestmark = pytest.mark.django_db
MESSAGE = "A name cannot contain control characters or line breaks."


def name_fault(name):
    return {"_v": "16.4", "_type": "fault", "fault": {
        "type": "PropertyConstraintViolationException", "message": f"Property '{name}': {MESSAGE}"}}


@pytest.mark.parametrize("name", NAME_FIELDS)
def test_create_refuses_names_with_line_breaks(as_customer, customer, name):
    response = as_customer.post(addresses_url(customer), {**SAMPLE, name: "John\nMurphy"}, format="json")
    assert response.status_code == 400
    assert response.json() == name_fault(name)
    assert not CustomerAddress.objects.exists()


def test_patch_refuses_names_with_line_breaks(as_customer, customer, make_address):
    make_address(customer, "home")
    response = as_customer.patch(addresses_url(customer, "home"), {"last_name": "Smith\u2029", "city": "Boston"},
                                 format="json")
    assert response.status_code == 400
    assert response.json() == name_fault("last_name")
    stored = CustomerAddress.objects.get()
    assert (stored.last_name, stored.city) == ("Smith", "")


def test_the_address_admin_form_refuses_them(admin_client, customer, make_address):
    address = make_address(customer, "home")
    url = f"/admin/addresses/customeraddress/{address.pk}/change/"
    response = admin_client.post(url, admin_form_data(admin_client.get(url), first_name="John\r\nMurphy"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["first_name"] == [MESSAGE]
    assert CustomerAddress.objects.get().first_name == "John"


def test_the_address_book_inline_refuses_them(admin_client, customer, make_address):
    make_address(customer, "home")
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    [key] = [key for key, value in data.items() if key.endswith("-address_id") and value == "home"]
    prefix = key[: -len("address_id")]
    data[prefix + "company_name"] = "ACME\tInc."
    response = admin_client.post(url, data)
    assert response.status_code == 200
    [formset] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is CustomerAddress]
    assert formset.errors == [{"company_name": [MESSAGE]}]
    assert CustomerAddress.objects.get().company_name == ""
