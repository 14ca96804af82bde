"""Personal data (the lists in the export, deleted by the erase), the database's own rules,
the services from the shell, and the demo data."""
import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from customers import services as customer_services
from productlists import services
from productlists.models import ProductList, ProductListItem, ProductListItemPurchase
from productlists.tests.helpers import public_url
from shopsite import faults
from shopsite.checks import DEMO_CLIENT_ID

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_lists_items_and_purchases(customer, make_list, make_item, make_purchase, home):
    wishes = make_list(customer, name="Wishes", registrant_email="me@example.com", shipping_address=home)
    item = make_item(wishes, "P1")
    make_purchase(item, purchaser_name="Aunt May", quantity=2)

    export = customer_services.customer_export(customer=customer)

    json.dumps(export)  # JSON-ready
    [exported] = export["product_lists"]
    assert (exported["_type"], exported["name"], exported["registrant"]["email"]) == (
        "customer_product_list", "Wishes", "me@example.com")
    assert exported["shipping_address_link"] == {"_type": "customer_address_link", "address_id": "home"}  # no URL
    assert exported["customer_product_list_items"][0]["purchased_quantity"] == 2.0
    assert [(entry["purchaser_name"], entry["product_list_item_id"]) for entry in
            export["product_list_item_purchases"]] == [("Aunt May", item.item_id)]


def test_the_erase_deletes_the_lists(customer, make_customer, make_list, make_item, make_purchase):
    make_purchase(make_item(make_list(customer, public=True), "P1"))
    kept = make_list(make_customer("other"))

    customer_services.customer_erase(customer=customer)

    assert list(ProductList.objects.all()) == [kept]
    assert not ProductListItem.objects.exists() and not ProductListItemPurchase.objects.exists()


def test_the_database_keeps_the_rules(customer, make_list, make_item):
    wishes = make_list(customer)
    make_item(wishes, "", type="gift_certificate")
    for fields in ({"product_id": "", "type": "gift_certificate"}, {"product_id": "", "type": "product"},
                   {"product_id": "P", "quantity": -1}, {"product_id": "P", "type": "voucher"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProductListItem.objects.create(product_list=wishes, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductList.objects.create(customer=customer, type="favourites")
    assert make_item(make_list(customer), "", type="gift_certificate")  # one per list


def test_services_work_from_the_shell(customer, home):
    registry = services.product_list_create(customer=customer, data={
        "type": "gift_registry", "shipping_address_link": {"address_id": "home"}})
    item = services.product_list_item_create(customer=customer, list_id=registry.list_id,
                                             data={"type": "product", "product_id": "P1", "quantity": 2})
    services.product_list_item_purchase_create(customer=customer, list_id=registry.list_id, item_id=item.item_id,
                                               data={"purchaser_name": "Jane", "quantity": 1}, order_no="00001234")
    services.product_list_item_update(customer=customer, list_id=registry.list_id, item_id=item.item_id,
                                      changes={"public": True})
    services.product_list_update(customer=customer, list_id=registry.list_id, changes={"public": True})

    assert ProductListItemPurchase.objects.get().order_no == "00001234"
    assert ProductList.objects.get(public=True).items.get(public=True) == item
    services.product_list_item_delete(customer=customer, list_id=registry.list_id, item_id=item.item_id)
    services.product_list_delete(customer=customer, list_id=registry.list_id)
    assert not ProductList.objects.exists()


def test_stores_keep_the_limits_and_the_owners_addresses(customer, make_customer, settings):
    settings.SHOPSITE_MAX_PRODUCT_LISTS = 1
    services.product_list_store(product_list=ProductList(customer=customer, type="wish_list"))
    with pytest.raises(faults.PropertyConstraintViolationException):
        services.product_list_store(product_list=ProductList(customer=customer, type="wish_list"))
    not_theirs = customer.addresses.create(address_id="home")
    with pytest.raises(faults.InvalidProductListAddressException):
        services.product_list_store(product_list=ProductList(customer=make_customer("other"), type="wish_list",
                                                             shipping_address=not_theirs))
    assert ProductList.objects.count() == 1


def test_demo_data_is_idempotent_and_public(api):
    for _ in range(2):
        call_command("seed_demo", stdout=io.StringIO())

    assert ProductList.objects.count() == 2 and ProductListItem.objects.count() == 3
    assert ProductListItemPurchase.objects.count() == 1
    found = api.get(public_url(email="jsmith@example.com", client_id=DEMO_CLIENT_ID)).json()
    assert [entry["name"] for entry in found["data"]] == ["Birthday wishes"]
    wishes = ProductList.objects.get(name="Birthday wishes")
    assert wishes.shipping_address.address_id == "me"
    public = api.get(public_url(wishes.list_id, "items", client_id=DEMO_CLIENT_ID)).json()
    assert public["count"] == 1
