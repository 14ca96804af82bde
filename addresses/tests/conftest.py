"""Fixtures of the address book tests."""
import pytest

from addresses.models import CustomerAddress


@pytest.fixture
def make_address():
    """make_address(customer, "home", **fields): a stored address, straight to the database."""

    def make(customer, address_id, **fields):
        fields.setdefault("first_name", "John")
        fields.setdefault("last_name", "Smith")
        return CustomerAddress.objects.create(customer=customer, address_id=address_id, **fields)

    return make
