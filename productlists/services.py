"""Product list rules, callable from the API views, the admin and the shell alike.

Every write validates its document first, then runs in one transaction that locks the
customer's row before anything else (as the address book's writes do, so the limits are
counted one write after the other, and an address cannot be deleted while a list starts
to refer to it); the database's constraints have the last word. The 20.4 swagger names no
extension points for product lists, so these functions run none.

    from productlists import services
    wishes = services.product_list_create(customer=jsmith, data={"type": "wish_list", "name": "Birthday"})
    services.product_list_item_create(customer=jsmith, list_id=wishes.list_id,
                                      data={"type": "product", "product_id": "25518704M", "quantity": 2})
"""
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from addresses.models import CustomerAddress
from customers.models import Customer
from customers.services import customer_lock
from productlists import selectors
from productlists.models import (
    ADDRESS_LINKS,
    EVENT_TEXT_FIELDS,
    GIFT_CERTIFICATE,
    ORDER_NO_MAX_LENGTH,
    REGISTRANT_FIELDS,
    REGISTRANTS,
    ProductList,
    ProductListItem,
    ProductListItemPurchase,
)
from productlists.request_documents import Checked, validate_item, validate_product_list, validate_purchase
from shopsite import faults
from shopsite.documents import limit_custom_attributes, merge_custom_attributes


# --- limits -------------------------------------------------------------------------------------
def _check_limit(count: int, setting: str, what: str, property_name: str) -> None:
    limit = getattr(settings, setting)
    if count > limit:
        raise faults.PropertyConstraintViolationException(f"No more than {limit} {what}.", property=property_name)


def check_product_list_count(count: int) -> None:
    """``count`` lists fit a customer (SHOPSITE_MAX_PRODUCT_LISTS), or 400
    PropertyConstraintViolationException naming ``product_lists``, as addresses name ``addresses``."""
    _check_limit(count, "SHOPSITE_MAX_PRODUCT_LISTS", "product lists per customer", "product_lists")


def check_item_count(count: int) -> None:
    """``count`` items fit a list (SHOPSITE_MAX_PRODUCT_LIST_ITEMS); the fault names the
    list document's ``customer_product_list_items``."""
    _check_limit(count, "SHOPSITE_MAX_PRODUCT_LIST_ITEMS", "items per product list", "customer_product_list_items")


def check_purchase_count(count: int) -> None:
    """``count`` purchases fit an item (SHOPSITE_MAX_PRODUCT_LIST_PURCHASES)."""
    _check_limit(count, "SHOPSITE_MAX_PRODUCT_LIST_PURCHASES", "purchases per product list item", "purchases")


def _refuse_guest(customer: Customer) -> None:
    """Guests have no product lists (as they have no address book): they write none."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no product lists.")


# --- lists ------------------------------------------------------------------------------------------
def _address_of(customer, link, property_name):
    """The customer's address a link names by ``address_id``; None clears the reference."""
    if link is None:
        return None
    address = CustomerAddress.objects.filter(customer=customer, address_id=link["address_id"]).first()
    if address is None:
        shown = link["address_id"][:256]
        raise faults.InvalidProductListAddressException(
            f"Property '{property_name}': the customer has no address '{shown}'.", property=property_name,
            addressId=shown)
    return address


def _apply_list(product_list: ProductList, checked: Checked, customer: Customer) -> None:
    """The properties sent; a sub-document sent replaces the stored one (null removes it)."""
    values = checked.values
    for name in ("name", "description"):
        if name in values:
            setattr(product_list, name, values[name] or "")
    if "public" in values:
        product_list.public = bool(values["public"])
    if "event" in values:
        event = values["event"] or {}
        for name in EVENT_TEXT_FIELDS:
            setattr(product_list, f"event_{name}", event.get(name) or "")
        product_list.event_date = event.get("date")
    for prefix, name in REGISTRANTS:
        if name in values:
            registrant = values[name] or {}
            for field in REGISTRANT_FIELDS:
                setattr(product_list, f"{prefix}{field}", registrant.get(field) or "")
    for field, name in ADDRESS_LINKS:
        if name in values:
            setattr(product_list, field, _address_of(customer, values[name], name))
    if checked.custom:
        product_list.custom = merge_custom_attributes(product_list.custom, checked.custom)


def product_list_create(*, customer: Customer, data: dict[str, Any]) -> ProductList:
    """``POST /customers/{id}/product_lists``: a new list from a CustomerProductList document.

    Faults: InvalidCustomerException (a guest), InvalidProductListTypeException,
    InvalidProductListAddressException, the limit, and the document's property faults.
    """
    _refuse_guest(customer)
    checked = validate_product_list(data, creating=True)
    limit_custom_attributes(checked.custom)
    with transaction.atomic():
        customer_lock(customer=customer)
        check_product_list_count(ProductList.objects.filter(customer=customer).count() + 1)
        product_list = ProductList(customer=customer, type=checked.values["type"])
        _apply_list(product_list, checked, customer)
        product_list.save(force_insert=True)
    return product_list


def product_list_update(*, customer: Customer, list_id: str, changes: dict[str, Any]) -> ProductList:
    """``PATCH /customers/{id}/product_lists/{list_id}``: name, description, public, event,
    registrants, address links and ``c_*``; ``type`` is read-only."""
    _refuse_guest(customer)
    checked = validate_product_list(changes, creating=False)
    with transaction.atomic():
        customer_lock(customer=customer)
        product_list = selectors.product_list_get(customer=customer, list_id=list_id, for_update=True)
        _apply_list(product_list, checked, customer)
        product_list.save()
    return product_list


def product_list_delete(*, customer: Customer, list_id: str) -> None:
    """``DELETE /customers/{id}/product_lists/{list_id}``: the list with its items and purchases."""
    _refuse_guest(customer)
    with transaction.atomic():
        customer_lock(customer=customer)
        selectors.product_list_get(customer=customer, list_id=list_id, for_update=True).delete()


def _check_own_addresses(product_list: ProductList) -> None:
    for field, name in ADDRESS_LINKS:
        address = getattr(product_list, field)
        if address is not None and address.customer_id != product_list.customer_id:
            raise faults.InvalidProductListAddressException(
                f"'{field}' is not an address of the list's customer.", property=name, addressId=address.address_id)


def product_list_store(*, product_list: ProductList) -> ProductList:
    """Save a list edited outside the API (admin, shell, demo data), within the customer's
    limit and with addresses of its own customer only."""
    with transaction.atomic():
        customer_lock(customer=product_list.customer)
        lists = ProductList.objects.filter(customer_id=product_list.customer_id)
        if product_list.pk is None or not lists.filter(pk=product_list.pk).exists():
            check_product_list_count(lists.count() + 1)
        _check_own_addresses(product_list)
        product_list.save()
    return product_list


# --- items ------------------------------------------------------------------------------------------
def _gift_certificate_taken(product_list, exclude_pk=None):
    return product_list.items.filter(type=GIFT_CERTIFICATE).exclude(pk=exclude_pk).exists()


def _gift_certificate_fault():
    return faults.ProductListGiftCertificateItemExistsException()


def _apply_item(item: ProductListItem, checked: Checked) -> None:
    values = checked.values
    for name in ("product_id", "quantity", "priority"):
        if name in values:
            setattr(item, name, values[name])
    if "public" in values:
        item.public = values["public"]
    if checked.custom:
        item.custom = merge_custom_attributes(item.custom, checked.custom)


def product_list_item_create(*, customer: Customer, list_id: str, data: dict[str, Any]) -> ProductListItem:
    """``POST .../product_lists/{list_id}/items``: a product (its id stored as given, quantity
    1 unless sent) or the list's one gift certificate.

    Faults: ProductListItemTypeMissingException, ProductListProductIdMissingException,
    ProductListGiftCertificateItemExistsException, CustomerProductListNotFoundException, the
    limit, and the document's property faults. ProductListProductNotFoundException of the
    swagger needs a catalogue: shopsite has none, so it never answers it.
    """
    _refuse_guest(customer)
    checked = validate_item(data, creating=True)
    limit_custom_attributes(checked.custom)
    try:
        with transaction.atomic():
            customer_lock(customer=customer)
            product_list = selectors.product_list_get(customer=customer, list_id=list_id, for_update=True)
            check_item_count(product_list.items.count() + 1)
            item = ProductListItem(product_list=product_list, type=checked.values["type"])
            if item.type == GIFT_CERTIFICATE and _gift_certificate_taken(product_list):
                raise _gift_certificate_fault()
            _apply_item(item, checked)
            item.save(force_insert=True)
    except IntegrityError:
        # Only a write that bypassed the lock gets here; the database's constraint decided.
        if checked.values["type"] == GIFT_CERTIFICATE:
            raise _gift_certificate_fault() from None
        raise
    return item


def product_list_item_update(*, customer: Customer, list_id: str, item_id: str,
                             changes: dict[str, Any]) -> ProductListItem:
    """``PATCH .../items/{item_id}``: priority, public, quantity and ``c_*`` (the swagger's
    considered values); ``type`` and ``product_id`` are read-only."""
    _refuse_guest(customer)
    checked = validate_item(changes, creating=False)
    with transaction.atomic():
        customer_lock(customer=customer)
        product_list = selectors.product_list_get(customer=customer, list_id=list_id, for_update=True)
        item = selectors.product_list_item_get(product_list=product_list, item_id=item_id, for_update=True)
        _apply_item(item, checked)
        item.save()
    return item


def product_list_item_delete(*, customer: Customer, list_id: str, item_id: str) -> None:
    """``DELETE .../items/{item_id}``: the item with its purchases."""
    _refuse_guest(customer)
    with transaction.atomic():
        customer_lock(customer=customer)
        product_list = selectors.product_list_get(customer=customer, list_id=list_id, for_update=True)
        selectors.product_list_item_get(product_list=product_list, item_id=item_id, for_update=True).delete()


def product_list_item_store(*, item: ProductListItem) -> ProductListItem:
    """Save an item edited outside the API, within the list's limit and its one gift certificate."""
    customer = item.product_list.customer
    with transaction.atomic():
        customer_lock(customer=customer)
        items = ProductListItem.objects.filter(product_list_id=item.product_list_id)
        if item.pk is None or not items.filter(pk=item.pk).exists():
            check_item_count(items.count() + 1)
        if item.type == GIFT_CERTIFICATE and _gift_certificate_taken(item.product_list, exclude_pk=item.pk):
            raise _gift_certificate_fault()
        item.save()
    return item


# --- purchases --------------------------------------------------------------------------------------
def product_list_item_purchase_create(*, customer: Customer, list_id: str, item_id: str, data: dict[str, Any],
                                      order_no: str = "") -> ProductListItemPurchase:
    """``POST .../items/{item_id}/purchases``: ``purchaser_name`` and ``quantity`` (both
    required). ``order_no`` is the shop's to set (an order recorded from the shell or the
    admin); the API's document cannot."""
    _refuse_guest(customer)
    checked = validate_purchase(data, creating=True)
    limit_custom_attributes(checked.custom)
    if not isinstance(order_no, str) or len(order_no) > ORDER_NO_MAX_LENGTH:
        raise faults.PropertyConstraintViolationException(
            f"An order number is a string of at most {ORDER_NO_MAX_LENGTH} characters.", property="order_no")
    with transaction.atomic():
        customer_lock(customer=customer)
        product_list = selectors.product_list_get(customer=customer, list_id=list_id, for_update=True)
        item = selectors.product_list_item_get(product_list=product_list, item_id=item_id, for_update=True)
        check_purchase_count(item.purchases.count() + 1)
        purchase = ProductListItemPurchase(item=item, purchaser_name=checked.values["purchaser_name"],
                                           quantity=checked.values["quantity"], order_no=order_no,
                                           custom=checked.custom)
        purchase.save(force_insert=True)
    return purchase


def product_list_item_purchase_update(*, customer: Customer, list_id: str, item_id: str, purchase_id: str,
                                      changes: dict[str, Any]) -> ProductListItemPurchase:
    """``PATCH .../purchases/{purchase_id}``: its ``c_*`` attributes only, as the swagger says."""
    _refuse_guest(customer)
    checked = validate_purchase(changes, creating=False)
    with transaction.atomic():
        customer_lock(customer=customer)
        product_list = selectors.product_list_get(customer=customer, list_id=list_id, for_update=True)
        item = selectors.product_list_item_get(product_list=product_list, item_id=item_id, for_update=True)
        purchase = selectors.purchase_get(item=item, purchase_id=purchase_id, for_update=True)
        if checked.custom:
            purchase.custom = merge_custom_attributes(purchase.custom, checked.custom)
        purchase.save()
    return purchase


def product_list_item_purchase_store(*, purchase: ProductListItemPurchase) -> ProductListItemPurchase:
    """Save a purchase edited outside the API (admin, shell), within the item's limit."""
    with transaction.atomic():
        customer_lock(customer=purchase.item.product_list.customer)
        purchases = ProductListItemPurchase.objects.filter(item_id=purchase.item_id)
        if purchase.pk is None or not purchases.filter(pk=purchase.pk).exists():
            check_purchase_count(purchases.count() + 1)
        purchase.save()
    return purchase
