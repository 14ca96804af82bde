"""Fixtures of the product list tests: rows straight to the database."""
import pytest

from addresses.models import CustomerAddress
from productlists.models import ProductList, ProductListItem, ProductListItemPurchase


@pytest.fixture
def make_list():
    """make_list(customer, type="wish_list", **fields): a stored product list."""

    def make(customer, type="wish_list", **fields):
        return ProductList.objects.create(customer=customer, type=type, **fields)

    return make


@pytest.fixture
def make_item():
    """make_item(product_list, "P1", **fields): a stored product item (gift certificates: product_id="")."""

    def make(product_list, product_id="P1", **fields):
        fields.setdefault("type", "product" if product_id else "gift_certificate")
        return ProductListItem.objects.create(product_list=product_list, product_id=product_id, **fields)

    return make


@pytest.fixture
def make_purchase():
    def make(item, purchaser_name="Jane Doe", quantity=1, **fields):
        return ProductListItemPurchase.objects.create(item=item, purchaser_name=purchaser_name, quantity=quantity,
                                                      **fields)

    return make


@pytest.fixture
def home(customer):
    """jsmith's address "home" in Woburn."""
    return CustomerAddress.objects.create(customer=customer, address_id="home", first_name="John",
                                          last_name="Smith", address1="10 Presidential Way", city="Woburn",
                                          postal_code="01801", country_code="US", phone="781-555-0100")
