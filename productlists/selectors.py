"""Reads of product lists: a customer's own (the guest rule: none), and the public ones
anyone may read. Each read is a constant number of queries, whatever the list holds."""
from decimal import Decimal

from django.db.models import DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from customers.models import Customer
from productlists.models import ID_MAX_LENGTH, ProductList, ProductListItem, ProductListItemPurchase
from shopsite import faults
from shopsite.lookups import lookup_key
from shopsite.models import Site
from shopsite.paging import MAX_COUNT, Paging

#: The addresses a list document shows (its links and abbreviated shipping address).
_ADDRESSES = ("shipping_address", "post_event_shipping_address")


def items_with_purchased_quantity(queryset: QuerySet[ProductListItem] | None = None) -> QuerySet[ProductListItem]:
    """Items in list order, each with ``purchased_quantity``: the sum of its purchases' quantities."""
    queryset = ProductListItem.objects.all() if queryset is None else queryset
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))
    return queryset.annotate(purchased_quantity=Coalesce(Sum("purchases__quantity"), zero)).order_by(
        "creation_date", "id")


def _lists_of(customer: Customer) -> QuerySet[ProductList]:
    return (ProductList.objects.filter(customer=customer).select_related(*_ADDRESSES)
            .prefetch_related(Prefetch("items", queryset=items_with_purchased_quantity()))
            .order_by("creation_date", "id"))


def product_lists_of(*, customer: Customer) -> list[ProductList]:
    """The customer's lists, oldest first, with their items. Guests have none (no query):
    lists stored for a guest anyway (admin, shell) are not shown, as with addresses."""
    return [] if customer.is_guest else list(_lists_of(customer))


def _list_not_found(list_id):
    shown = list_id[:ID_MAX_LENGTH]
    return faults.CustomerProductListNotFoundException(f"Product list '{shown}' not found.", listId=shown)


def product_list_get(*, customer: Customer, list_id: str, for_update: bool = False,
                     with_items: bool = False) -> ProductList:
    """The customer's list ``list_id``, or 404 CustomerProductListNotFoundException (a
    guest's lists are never found). ``with_items``: items prefetched for its document."""
    found = None
    if not customer.is_guest and len(list_id) <= ID_MAX_LENGTH:
        lists = _lists_of(customer) if with_items else ProductList.objects.filter(customer=customer)
        lists = lists.filter(list_id=list_id)
        found = (lists.select_for_update() if for_update else lists).first()
    if found is None:
        raise _list_not_found(list_id)
    return found


def _item_not_found(product_list, item_id, fault=faults.CustomerProductListItemNotFoundException):
    shown = item_id[:ID_MAX_LENGTH]
    return fault(f"Product list item '{shown}' not found.", listId=product_list.list_id, itemId=shown)


def product_list_item_page(*, product_list: ProductList, paging: Paging) -> tuple[list[ProductListItem], int]:
    """(this page of the list's items, how many it has): two queries."""
    items = product_list.items.all()
    return list(paging.slice(items_with_purchased_quantity(items))), items.count()


def product_list_item_get(*, product_list: ProductList, item_id: str, for_update: bool = False) -> ProductListItem:
    """The item ``item_id`` of the list, with ``purchased_quantity`` (unless locked for a
    write), or 404 CustomerProductListItemNotFoundException."""
    found = None
    if len(item_id) <= ID_MAX_LENGTH:
        items = product_list.items.filter(item_id=item_id)
        found = (items.select_for_update() if for_update else items_with_purchased_quantity(items)).first()
    if found is None:
        raise _item_not_found(product_list, item_id)
    return found


def purchases_of(*, item: ProductListItem) -> list[ProductListItemPurchase]:
    """Every purchase of the item, oldest first (a bounded number: SHOPSITE_MAX_PRODUCT_LIST_PURCHASES)."""
    return list(item.purchases.order_by("creation_date", "id"))


def purchase_get(*, item: ProductListItem, purchase_id: str, for_update: bool = False) -> ProductListItemPurchase:
    """The purchase ``purchase_id`` of the item, or 404 CustomerProductListItemPurchaseNotFoundException."""
    found = None
    if len(purchase_id) <= ID_MAX_LENGTH:
        purchases = item.purchases.filter(purchase_id=purchase_id)
        found = (purchases.select_for_update() if for_update else purchases).first()
    if found is None:
        shown = purchase_id[:ID_MAX_LENGTH]
        raise faults.CustomerProductListItemPurchaseNotFoundException(
            f"Product list item purchase '{shown}' not found.", itemId=item.item_id, purchaseId=shown
        )
    return found


# --- public reads -----------------------------------------------------------------------------
def _public_lists(site: Site) -> QuerySet[ProductList]:
    """Lists anyone may read: public, of an enabled registered customer of the site."""
    return ProductList.objects.filter(public=True, customer__site=site, customer__enabled=True,
                                      customer__auth_type=Customer.REGISTERED)


def public_product_lists_search(*, site: Site, email: str | None, first_name: str | None,
                                last_name: str | None) -> tuple[list[ProductList], int]:
    """(the public lists of the customers matching every term given, the number found):
    at most MAX_COUNT lists, oldest first. Email compares as logins do (any case, NFKC),
    names in any case; an email, or a first and a last name, must be given
    (ProductListSearchTermException otherwise)."""
    email, first_name, last_name = (term.strip() if term and term.strip() else None
                                    for term in (email, first_name, last_name))
    if email is None and (first_name is None or last_name is None):
        raise faults.ProductListSearchTermException()
    lists = _public_lists(site)
    if email is not None:
        lists = lists.filter(customer__email_key=lookup_key(email))
    if first_name is not None:
        lists = lists.filter(customer__first_name__iexact=first_name)
    if last_name is not None:
        lists = lists.filter(customer__last_name__iexact=last_name)
    lists = lists.order_by("creation_date", "id")
    return list(lists[:MAX_COUNT]), lists.count()


def public_product_list_get(*, site: Site, list_id: str, with_items: bool = False) -> ProductList:
    """A public list of the site, or 404 ProductListNotFoundException (a private list is
    not found either: nothing tells it exists). ``with_items``: its public items prefetched."""
    found = None
    if len(list_id) <= ID_MAX_LENGTH:
        lists = _public_lists(site).filter(list_id=list_id).select_related(*_ADDRESSES)
        if with_items:
            lists = lists.prefetch_related(
                Prefetch("items", queryset=ProductListItem.objects.filter(public=True).order_by("creation_date", "id")))
        found = lists.first()
    if found is None:
        shown = list_id[:ID_MAX_LENGTH]
        raise faults.ProductListNotFoundException(f"Product list '{shown}' not found.", listId=shown)
    return found


def public_items_of(*, product_list: ProductList) -> list[ProductListItem]:
    """The list's public items, in list order."""
    return list(product_list.items.filter(public=True).order_by("creation_date", "id"))


def public_item_get(*, product_list: ProductList, item_id: str) -> ProductListItem:
    """A public item of the public list, or 404 ProductListItemNotFoundException."""
    found = None
    if len(item_id) <= ID_MAX_LENGTH:
        found = product_list.items.filter(public=True, item_id=item_id).first()
    if found is None:
        raise _item_not_found(product_list, item_id, faults.ProductListItemNotFoundException)
    return found
