"""SHOPSITE_MAX_ADDRESSES: a book holds no more addresses, whoever writes (API, admin, shell)."""
import pytest

from addresses.models import CustomerAddress
from addresses.services import address_store
from addresses.signals import customer_addresses_before_post
from addresses.tests.helpers import addresses_url
from shopsite import faults
from shopsite.testing import admin_form_data, connected, fault_of, hook_fault

pytestmark = pytest.mark.django_db

FULL = {"type": "PropertyConstraintViolationException", "message": "A customer can keep no more than 2 addresses.",
        "arguments": {"property": "addresses"}}


@pytest.fixture
def full_book(settings, customer, make_address):
    settings.SHOPSITE_MAX_ADDRESSES = 2
    return [make_address(customer, "me"), make_address(customer, "work")]


def test_the_default(settings):
    assert settings.SHOPSITE_MAX_ADDRESSES == 100


def test_post_to_a_full_book_is_refused_before_the_hooks(as_customer, customer, full_book):
    with connected(customer_addresses_before_post, hook_fault()) as receiver:
        response = as_customer.post(addresses_url(customer), {"address_id": "third"}, format="json")

    assert fault_of(response, 400) == FULL
    assert sorted(customer.addresses.values_list("address_id", flat=True)) == ["me", "work"]
    assert receiver.calls == []


def test_deleting_makes_room_and_other_books_are_their_own(as_customer, customer, full_book, make_customer,
                                                          make_address):
    make_address(make_customer("other"), "a")
    full_book[0].delete()
    response = as_customer.post(addresses_url(customer), {"address_id": "third"}, format="json")
    assert response.status_code == 200, response.content
    assert customer.addresses.count() == 2


def test_address_store_refuses_a_new_address_but_saves_a_stored_one(customer, full_book):
    with pytest.raises(faults.PropertyConstraintViolationException):
        address_store(address=CustomerAddress(customer=customer, address_id="third"))
    full_book[0].city = "Boston"
    address_store(address=full_book[0])
    assert customer.addresses.count() == 2 and customer.addresses.get(address_id="me").city == "Boston"


def test_the_address_admin_refuses_an_address_for_a_full_book(admin_client, customer, full_book):
    url = "/admin/addresses/customeraddress/add/"
    data = admin_form_data(admin_client.get(url), customer=customer.pk, address_id="third")

    response = admin_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error
    assert "A customer can keep no more than 2 addresses." in str(response.context["adminform"].form.errors)
    assert customer.addresses.count() == 2


def test_the_customer_inline_refuses_a_third_address_unless_one_goes(admin_client, customer, full_book):
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS") and key.startswith("addresses"))
    prefix = prefix.removesuffix("-TOTAL_FORMS")
    data.update({f"{prefix}-TOTAL_FORMS": 3, f"{prefix}-2-address_id": "third", f"{prefix}-2-customer": customer.pk})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "A customer can keep no more than 2 addresses." in response.content.decode()
    assert customer.addresses.count() == 2

    data[f"{prefix}-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert sorted(customer.addresses.values_list("address_id", flat=True)) == ["third", "work"]
