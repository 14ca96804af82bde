"""SHOPSITE_MAX_CUSTOM_ATTRIBUTES and SHOPSITE_MAX_CUSTOM_BYTES: every writer of a ``custom``
field (API, admin, shell) is held to them; the API answers PropertyConstraintViolationException
naming the attribute that crossed the line, and stores nothing."""
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from addresses.models import CustomerAddress
from addresses.tests.helpers import addresses_url
from customers.models import Customer
from orders.models import Basket
from orders.services import basket_create
from payments.tests.helpers import instruments_url, stored_count
from shopsite.documents import merge_custom_attributes
from shopsite.testing import admin_form_data, api_url, fault_of

pytestmark = pytest.mark.django_db

MODELS_WITH_CUSTOM = ["customers.Customer", "addresses.CustomerAddress", "payments.CustomerPaymentInstrument",
                      "orders.Basket", "orders.Order"]


def customer_url(customer):
    return api_url("customers", customer.customer_id)


def constraint(property, message):
    return {"type": "PropertyConstraintViolationException", "message": message, "arguments": {"property": property}}


def too_many(limit, name):
    return constraint(name, f"No more than {limit} custom attributes can be stored ('{name}' is one too many).")


def too_large(limit, name):
    return constraint(name, f"Custom attributes can take no more than {limit} bytes ('{name}' crosses the line).")


def test_the_defaults():
    from django.conf import settings

    assert (settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES, settings.SHOPSITE_MAX_CUSTOM_BYTES) == (100, 65536)


def test_a_guest_cannot_grow_its_customer_patch_after_patch(as_guest, guest, settings):
    """The review's case: each PATCH adds a large attribute; the one crossing the line is refused."""
    settings.SHOPSITE_MAX_CUSTOM_BYTES = 1000
    for n in range(3):
        response = as_guest.patch(customer_url(guest), {f"c_blob{n}": "x" * 300}, format="json")
        assert response.status_code == 200, response.content

    response = as_guest.patch(customer_url(guest), {"c_blob3": "x" * 300}, format="json")

    assert fault_of(response, 400) == too_large(1000, "c_blob3")
    guest.refresh_from_db()
    assert sorted(guest.custom) == ["c_blob0", "c_blob1", "c_blob2"]


def test_the_stored_size_is_the_compact_json_in_utf8(as_customer, customer, settings):
    value = "é" * 10
    exact = len(json.dumps({"c_a": value}, separators=(",", ":"), ensure_ascii=False).encode())
    settings.SHOPSITE_MAX_CUSTOM_BYTES = exact
    assert as_customer.patch(customer_url(customer), {"c_a": value}, format="json").status_code == 200
    response = as_customer.patch(customer_url(customer), {"c_a": value + "x"}, format="json")
    assert fault_of(response, 400) == too_large(exact, "c_a")
    customer.refresh_from_db()
    assert customer.custom == {"c_a": value}


def test_patch_counts_the_stored_attributes_and_names_a_new_one(as_customer, customer, settings):
    settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES = 2
    Customer.objects.filter(pk=customer.pk).update(custom={"c_a": 1, "c_b": 2})

    response = as_customer.patch(customer_url(customer), {"c_c": 3, "first_name": "Jo"}, format="json")

    assert fault_of(response, 400) == too_many(2, "c_c")
    customer.refresh_from_db()
    assert (customer.custom, customer.first_name) == ({"c_a": 1, "c_b": 2}, "")
    # Removing one makes room in the same PATCH.
    response = as_customer.patch(customer_url(customer), {"c_a": None, "c_c": 3}, format="json")
    assert response.status_code == 200, response.content
    customer.refresh_from_db()
    assert customer.custom == {"c_b": 2, "c_c": 3}


def test_register_is_limited(as_guest, settings):
    settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES = 1
    registration = {"customer": {"login": "newbie", "email": "n@example.com", "last_name": "New",
                                 "c_a": 1, "c_b": 2}, "password": "12345!aBcD"}

    response = as_guest.post(api_url("customers"), registration, format="json")

    assert fault_of(response, 400) == too_many(1, "c_b")
    assert not Customer.objects.filter(login="newbie").exists()


def test_address_post_and_patch_are_limited(as_customer, customer, settings):
    settings.SHOPSITE_MAX_CUSTOM_BYTES = 100
    response = as_customer.post(addresses_url(customer), {"address_id": "home", "c_note": "x" * 100}, format="json")
    assert fault_of(response, 400) == too_large(100, "c_note")
    assert not CustomerAddress.objects.exists()

    response = as_customer.post(addresses_url(customer), {"address_id": "home", "c_note": "x"}, format="json")
    assert response.status_code == 200, response.content
    response = as_customer.patch(addresses_url(customer, "home"), {"c_more": "y" * 100}, format="json")
    assert fault_of(response, 400) == too_large(100, "c_more")
    assert CustomerAddress.objects.get().custom == {"c_note": "x"}


def test_payment_instrument_post_is_limited(as_customer, customer, settings):
    settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES = 3
    document = {"payment_method_id": "CREDIT_CARD", **{f"c_x{n}": n for n in range(4)}}

    response = as_customer.post(instruments_url(customer), document, format="json")

    assert fault_of(response, 400) == too_many(3, "c_x3")
    assert stored_count() == 0


@pytest.mark.parametrize("label", MODELS_WITH_CUSTOM)
def test_every_custom_field_refuses_too_many_or_too_large(label, settings):
    settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES, settings.SHOPSITE_MAX_CUSTOM_BYTES = 2, 50
    field = apps.get_model(label)._meta.get_field("custom")
    assert field.clean({"c_a": 1, "c_b": "x" * 30}, None) == {"c_a": 1, "c_b": "x" * 30}
    with pytest.raises(ValidationError, match="No more than 2 custom attributes"):
        field.clean({"c_a": 1, "c_b": 2, "c_c": 3}, None)
    with pytest.raises(ValidationError, match="no more than 50 bytes"):
        field.clean({"c_a": "x" * 50}, None)


def test_the_address_admin_refuses_too_large_custom_attributes(admin_client, customer, settings):
    settings.SHOPSITE_MAX_CUSTOM_BYTES = 50
    work = CustomerAddress.objects.create(customer=customer, address_id="work", custom={"c_floor": 2})
    url = f"/admin/addresses/customeraddress/{work.pk}/change/"

    response = admin_client.post(url, admin_form_data(admin_client.get(url), custom=json.dumps({"c_x": "y" * 50})))

    assert response.status_code == 200  # the form again, with the error
    assert "no more than 50 bytes" in response.context["adminform"].form.errors["custom"][0]
    work.refresh_from_db()
    assert work.custom == {"c_floor": 2}


def test_shell_services_are_limited(customer, settings):
    settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES = 1
    with pytest.raises(ValidationError, match="No more than 1 custom attributes"):
        basket_create(customer=customer, custom={"c_a": 1, "c_b": 2})
    assert not Basket.objects.exists()
    from shopsite import faults

    with pytest.raises(faults.PropertyConstraintViolationException):
        merge_custom_attributes({"c_a": 1}, {"c_b": 2})
