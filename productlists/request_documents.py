"""The request documents of product lists, items and purchases (POST and PATCH): their
properties (``shopsite.request_documents``), types and bounds.

What a PATCH may change follows the 20.4 swagger's "considered values"; a list's PATCH
also takes its event, registrants and address links, as OCAPI 16.2 listed them.
"""
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.validators import EmailValidator
from rest_framework import serializers

from productlists.models import (
    DESCRIPTION_MAX_LENGTH,
    INT32,
    ITEM_TYPES,
    LIST_TYPES,
    PRODUCT_ID_MAX_LENGTH,
    QUANTITY_MAX,
    TEXT_MAX_LENGTH,
)
from shopsite import faults
from shopsite.fields import StrictBooleanField, StrictDateTimeField, StrictDecimalField, StrictIntegerField, text
from shopsite.request_documents import RequestShape, check_request_document
from shopsite.validators import validate_name

EVENT = RequestShape(writable=frozenset({"city", "country", "date", "state", "type"}), custom=False)
REGISTRANT = RequestShape(writable=frozenset({"email", "first_name", "last_name", "role"}), custom=False)
# A link names the address by its id; its URL and title are the response's: accepted and ignored.
ADDRESS_LINK = RequestShape(writable=frozenset({"address_id"}), ignored=frozenset({"link", "title"}), custom=False)

_LIST_NESTED = {"event": EVENT, "registrant": REGISTRANT, "co_registrant": REGISTRANT,
                "shipping_address_link": ADDRESS_LINK, "post_event_shipping_address_link": ADDRESS_LINK}
NEW_PRODUCT_LIST = RequestShape(
    writable=frozenset({"type", "name", "description", "public", *_LIST_NESTED}),
    read_only=frozenset({"id", "creation_date", "last_modified", "items_link", "customer_product_list_items"}),
    # Derived from the address links and the event date: accepted and ignored, as storefronts echo documents back.
    ignored=frozenset({"current_shipping_address_link", "product_list_shipping_address"}),
    nested=_LIST_NESTED,
)
PRODUCT_LIST_CHANGES = RequestShape(
    writable=NEW_PRODUCT_LIST.writable - {"type"}, read_only=NEW_PRODUCT_LIST.read_only | {"type"},
    ignored=NEW_PRODUCT_LIST.ignored, nested=_LIST_NESTED,
)
_ITEM_READ_ONLY = frozenset({"id", "purchased_quantity", "product", "product_details_link"})
NEW_ITEM = RequestShape(writable=frozenset({"type", "product_id", "quantity", "priority", "public"}),
                        read_only=_ITEM_READ_ONLY)
ITEM_CHANGES = RequestShape(writable=frozenset({"quantity", "priority", "public"}),
                            read_only=_ITEM_READ_ONLY | {"type", "product_id"})
_PURCHASE_READ_ONLY = frozenset({"id", "order_no", "product_list_item_id"})
NEW_PURCHASE = RequestShape(writable=frozenset({"purchaser_name", "quantity"}), read_only=_PURCHASE_READ_ONLY)
PURCHASE_CHANGES = RequestShape(writable=frozenset(), read_only=_PURCHASE_READ_ONLY | {"purchaser_name", "quantity"})


def quantity_field(**kwargs):
    return StrictDecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=QUANTITY_MAX, **kwargs)


class EventSerializer(serializers.Serializer):
    type = text(TEXT_MAX_LENGTH, validators=[validate_name])
    date = StrictDateTimeField(required=False, allow_null=True)
    city = text(TEXT_MAX_LENGTH, validators=[validate_name])
    state = text(TEXT_MAX_LENGTH, validators=[validate_name])
    country = text(TEXT_MAX_LENGTH, validators=[validate_name])


class RegistrantSerializer(serializers.Serializer):
    first_name = text(TEXT_MAX_LENGTH, validators=[validate_name])
    last_name = text(TEXT_MAX_LENGTH, validators=[validate_name])
    email = text(TEXT_MAX_LENGTH, validators=[EmailValidator()])
    role = text(TEXT_MAX_LENGTH, validators=[validate_name])


class AddressLinkSerializer(serializers.Serializer):
    address_id = text(256, allow_blank=False, allow_null=False, required=True)


class ProductListSerializer(serializers.Serializer):
    name = text(TEXT_MAX_LENGTH, validators=[validate_name])
    description = text(DESCRIPTION_MAX_LENGTH)
    public = StrictBooleanField(required=False, allow_null=True)
    event = EventSerializer(required=False, allow_null=True)
    registrant = RegistrantSerializer(required=False, allow_null=True)
    co_registrant = RegistrantSerializer(required=False, allow_null=True)
    shipping_address_link = AddressLinkSerializer(required=False, allow_null=True)
    post_event_shipping_address_link = AddressLinkSerializer(required=False, allow_null=True)


class ItemSerializer(serializers.Serializer):
    type = serializers.ChoiceField(ITEM_TYPES, required=False)
    quantity = quantity_field(required=False)
    priority = StrictIntegerField(required=False, min_value=INT32[0], max_value=INT32[1])
    public = StrictBooleanField(required=False)


class PurchaseSerializer(serializers.Serializer):
    purchaser_name = text(TEXT_MAX_LENGTH, allow_blank=False, allow_null=False, validators=[validate_name])
    quantity = quantity_field(required=False)


@dataclass(frozen=True)
class Checked:
    """A request document that passed: the properties sent (typed) and its ``c_*`` attributes."""

    values: dict[str, Any]
    custom: dict[str, Any] = field(default_factory=dict)


def _typed(regular, custom, serializer_class):
    serializer = serializer_class(data=regular)
    serializer.is_valid(raise_exception=True)
    return Checked(values=_plain(serializer.validated_data), custom=custom)


def _checked(data, shape, serializer_class):
    regular, custom = check_request_document(data, shape)
    return regular, _typed(regular, custom, serializer_class)


def _plain(value):
    """DRF's OrderedDicts of nested serializers as plain dicts."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def validate_product_list(data: dict, *, creating: bool) -> Checked:
    """A CustomerProductList document: ``type`` (one of LIST_TYPES) is required on POST and
    read-only on PATCH; a missing or unknown type -> InvalidProductListTypeException."""
    regular, checked = _checked(data, NEW_PRODUCT_LIST if creating else PRODUCT_LIST_CHANGES, ProductListSerializer)
    if creating:
        list_type = regular.get("type")
        if not isinstance(list_type, str) or list_type not in LIST_TYPES:
            raise faults.InvalidProductListTypeException(
                f"Property 'type' must be one of {', '.join(LIST_TYPES)}.",
                type=list_type[:64] if isinstance(list_type, str) else None,
            )
        checked.values["type"] = list_type
    return checked


def validate_product_id(value: object) -> str:
    """1-100 characters, not blank, no control characters (stored as given: no catalogue)."""
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > PRODUCT_ID_MAX_LENGTH
        or any(unicodedata.category(char) == "Cc" for char in value)
    ):
        raise faults.PropertyConstraintViolationException(
            f"Property 'product_id' must be 1 to {PRODUCT_ID_MAX_LENGTH} characters, not blank.", property="product_id"
        )
    return value


def validate_item(data: dict, *, creating: bool) -> Checked:
    """A CustomerProductListItem document. On POST ``type`` is required
    (ProductListItemTypeMissingException); a product item needs ``product_id``
    (ProductListProductIdMissingException), a gift certificate item takes none."""
    regular, custom = check_request_document(data, NEW_ITEM if creating else ITEM_CHANGES)
    if creating and regular.get("type") is None:
        raise faults.ProductListItemTypeMissingException()
    checked = _typed(regular, custom, ItemSerializer)
    if not creating:
        return checked
    product_id = regular.get("product_id")
    if checked.values["type"] == "product":
        if product_id is None:
            raise faults.ProductListProductIdMissingException()
        checked.values["product_id"] = validate_product_id(product_id)
    elif product_id is not None:
        raise faults.PropertyConstraintViolationException(
            "A gift certificate item has no product id.", property="product_id"
        )
    return checked


def validate_purchase(data: dict, *, creating: bool) -> Checked:
    """A CustomerProductListItemPurchase document: ``purchaser_name`` and ``quantity`` are
    required on POST; a PATCH changes ``c_*`` attributes only (the swagger's considered values)."""
    if not creating:
        _, checked = _checked(data, PURCHASE_CHANGES, PurchaseSerializer)
        return checked
    regular, checked = _checked(data, NEW_PURCHASE, PurchaseSerializer)
    for name in ("purchaser_name", "quantity"):
        if regular.get(name) is None:
            raise faults.PropertyConstraintViolationException(f"Property '{name}' is required.", property=name)
    if not checked.values["purchaser_name"].strip():
        raise faults.PropertyConstraintViolationException(
            "Property 'purchaser_name' must not be blank.", property="purchaser_name"
        )
    return checked
