"""The product list documents of the 20.4 swagger, as plain dicts.

Two families: the owner's (``customer_product_list``, items, purchases: everything stored)
and the public ones (``public_product_list``, its items, the search's links), which hold
only what the swagger's public definitions name: no registrant email, no custom attributes,
no purchases, no owner. ``product`` and ``product_details_link`` need a catalogue: an item's
``product`` holds its id only (always in public items, which have no ``product_id``; with
``expand=product`` in the owner's), and ``product_details_link`` is left out.
"""
from urllib.parse import quote

from django.urls import reverse

from productlists.models import EVENT_TEXT_FIELDS, PRODUCT, REGISTRANT_FIELDS, REGISTRANTS
from shopsite.documents import document
from shopsite.versions import request_version

#: ``expand`` values of the product list operations: named by OCAPI for product details,
#: accepted; only ``product`` changes anything (there is no catalogue for images or availability).
EXPAND_VALUES = ("product", "images", "availability")


class Links:
    """The absolute URLs documents link to, on the URL prefix of the request (``/s/{site_id}/``
    or not, and its version): every keyword argument of the request's URL but the resource's
    own ids is kept."""

    RESOURCE_KWARGS = frozenset({"customer_id", "list_id", "item_id", "purchase_id", "address_name"})

    def __init__(self, request):
        self.request = request
        kwargs = request.resolver_match.kwargs
        self.customer_id = kwargs.get("customer_id")
        self.prefix = {key: value for key, value in kwargs.items() if key not in self.RESOURCE_KWARGS}
        self.prefix["version"] = request_version(request)  # kept out of the URL's kwargs (shopsite.middleware)

    def url(self, name: str, **kwargs) -> str:
        return self.request.build_absolute_uri(reverse(name, kwargs={**self.prefix, **kwargs}))

    def customer_url(self, name: str, **kwargs) -> str:
        return self.url(name, customer_id=self.customer_id, **kwargs)

    def address(self, address_id: str) -> str:
        # One path segment, percent-encoded ("/" as %2F), as the address book's own links.
        return f"{self.customer_url('customer-addresses')}/{quote(address_id, safe='')}"


def _sub_document(_type, fields):
    """A sub-document, or None when none of its values is set."""
    return document(_type, fields) if any(value not in (None, "") for value in fields.values()) else None


def _event(product_list):
    fields = {name: getattr(product_list, f"event_{name}") or None for name in EVENT_TEXT_FIELDS}
    return _sub_document("product_list_event", {**fields, "date": product_list.event_date})


def _registrant(product_list, prefix, _type, names=REGISTRANT_FIELDS):
    return _sub_document(_type, {name: getattr(product_list, f"{prefix}{name}") or None for name in names})


def _own_address(product_list, address):
    """The address, if it is still one of the list owner's (an admin may move addresses)."""
    return address if address is not None and address.customer_id == product_list.customer_id else None


def _address_link(product_list, address, links):
    address = _own_address(product_list, address)
    if address is None:
        return None
    return document("customer_address_link", {"address_id": address.address_id,
                                              "link": links.address(address.address_id) if links else None})


def _abbreviated_address(product_list):
    """``product_list_shipping_address``: what anyone may see of where gifts go now."""
    address = _own_address(product_list, product_list.current_shipping_address)
    if address is None:
        return None
    return document("product_list_shipping_address", {"address_id": address.address_id, "city": address.city or None,
                                                      "first_name": address.first_name or None,
                                                      "last_name": address.last_name or None})


def _common(product_list):
    return {"creation_date": product_list.creation_date, "description": product_list.description or None,
            "event": _event(product_list), "id": product_list.list_id, "last_modified": product_list.last_modified,
            "name": product_list.name or None, "product_list_shipping_address": _abbreviated_address(product_list),
            "public": product_list.public, "type": product_list.type}


# --- the owner's documents --------------------------------------------------------------------
def item_document(item, *, expand=()):
    """A customer_product_list_item; ``item`` carries ``purchased_quantity`` (see
    selectors.items_with_purchased_quantity)."""
    fields = {"id": item.item_id, "priority": item.priority, "public": item.public,
              "purchased_quantity": item.purchased_quantity, "quantity": item.quantity, "type": item.type}
    if item.type == PRODUCT:
        fields["product_id"] = item.product_id
        if "product" in expand:
            fields["product"] = document("product", {"id": item.product_id})
    return document("customer_product_list_item", fields, item.custom)


def product_list_document(product_list, links=None, *, expand=()):
    """A customer_product_list with its items (prefetched with their purchased quantity).
    Without ``links`` (the GDPR export) the documents carry no URLs."""
    fields = _common(product_list)
    for prefix, name in REGISTRANTS:
        fields[name] = _registrant(product_list, prefix, "customer_product_list_registrant")
    fields.update(
        current_shipping_address_link=_address_link(product_list, product_list.current_shipping_address, links),
        customer_product_list_items=[item_document(item, expand=expand) for item in product_list.items.all()],
        post_event_shipping_address_link=_address_link(product_list, product_list.post_event_shipping_address, links),
        shipping_address_link=_address_link(product_list, product_list.shipping_address, links),
    )
    if links:
        fields["items_link"] = document("customer_product_list_item_link", {
            "link": links.customer_url("customer-product-list-items", list_id=product_list.list_id)})
    return document("customer_product_list", fields, product_list.custom)


def purchase_document(purchase, item):
    return document("customer_product_list_item_purchase", {
        "id": purchase.purchase_id, "order_no": purchase.order_no or None, "product_list_item_id": item.item_id,
        "purchaser_name": purchase.purchaser_name, "quantity": purchase.quantity,
    }, purchase.custom)


def result(_type, data):
    """An unpaged result document (count, data, total), as the swagger gives them."""
    return document(_type, {"count": len(data), "data": data, "total": len(data)})


# --- the public documents ---------------------------------------------------------------------
def public_item_document(item):
    fields = {"id": item.item_id, "priority": item.priority, "type": item.type}
    if item.type == PRODUCT:
        fields["product"] = document("product", {"id": item.product_id})
    return document("public_product_list_item", fields)


def public_product_list_document(product_list, links):
    """A public_product_list with its public items (prefetched)."""
    fields = _common(product_list)
    for prefix, name in REGISTRANTS:  # no email: the public registrant has none
        fields[name] = _registrant(product_list, prefix, "product_list_registrant", ("first_name", "last_name", "role"))
    fields["items_link"] = document("product_simple_link", {
        "link": links.url("public-product-list-items", list_id=product_list.list_id)})
    fields["product_list_items"] = [public_item_document(item) for item in product_list.items.all()]
    return document("public_product_list", fields)


def public_list_link_document(product_list, links):
    """An entry of the public search: the list's link, titled by its name."""
    return document("public_product_list_link", {
        "description": product_list.description or None, "link": links.url("public-product-list",
                                                                            list_id=product_list.list_id),
        "name": product_list.name or None, "title": product_list.name or None, "type": product_list.type,
    })
