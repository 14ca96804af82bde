"""What the database guarantees, the services outside the API, and the demo data."""
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from addresses import services
from addresses.models import CustomerAddress

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_preferred_address(customer, make_address):
    make_address(customer, "me", preferred=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_address(customer, "work", preferred=True)
    make_address(customer, "work", preferred=False)  # any number of others
    make_address(customer, "cottage", preferred=False)


def test_other_customers_have_their_own_preferred_address(customer, make_customer, make_address):
    make_address(customer, "me", preferred=True)
    make_address(make_customer(login="other"), "me", preferred=True)
    assert CustomerAddress.objects.filter(preferred=True).count() == 2


def test_the_database_refuses_a_duplicate_or_blank_address_id(customer, make_address):
    make_address(customer, "me")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_address(customer, "me")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_address(customer, "")
    make_address(customer, "Me")  # case-sensitive
    assert sorted(customer.addresses.values_list("address_id", flat=True)) == ["Me", "me"]


@pytest.mark.parametrize(
    "names, full_name",
    [(("John", "Jim", "Murphy"), "John Jim Murphy"), (("John", "", "Murphy"), "John Murphy"),
     (("", "", "Murphy"), "Murphy"), ((" John ", " ", "Murphy"), "John Murphy"), (("", "", ""), "")],
)
def test_full_name_is_derived(names, full_name):
    first, second, last = names
    assert CustomerAddress(first_name=first, second_name=second, last_name=last).full_name == full_name


def test_services_work_from_the_shell(customer):
    services.address_create(customer=customer, data={"address_id": "me", "preferred": True})
    address = services.address_create(customer=customer, data={"address_id": "work", "city": "Boston"})
    services.address_update(customer=customer, address_name="work", changes={"preferred": True})
    services.address_delete(customer=customer, address_name="me")
    address.refresh_from_db()
    assert (address.address_id, address.preferred, address.city) == ("work", True, "Boston")
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["work"]


def test_address_store_keeps_one_preferred_address(customer, make_address):
    me = make_address(customer, "me", preferred=True)
    work = make_address(customer, "work")
    work.preferred = True
    services.address_store(address=work)
    me.refresh_from_db()
    assert (me.preferred, work.preferred) == (False, True)


def test_demo_customers_get_addresses_and_seeding_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    books = {
        login: list(CustomerAddress.objects.filter(customer__login=login).values_list("address_id", "preferred"))
        for login in ("jsmith", "jdoe")
    }
    assert books == {"jsmith": [("me", True), ("work", False)], "jdoe": [("home", True)]}
    assert CustomerAddress.objects.get(address_id="me").full_name == "John Smith"
