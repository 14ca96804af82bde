"""The product list documents as JSON Schemas (OpenAPI 3.1), for productlists.openapi:
the 20.4 swagger's definitions, with what shopsite fills of them."""
from django.conf import settings

from productlists.documents import EXPAND_VALUES
from productlists.models import (
    DESCRIPTION_MAX_LENGTH,
    ID_MAX_LENGTH,
    INT32,
    ITEM_TYPES,
    LIST_TYPES,
    PRODUCT_ID_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)
from shopsite.openapi_blocks import DATE_TIME, PAGING_PROPERTIES, document, nullable, ref, request_document, string

ID = string(ID_MAX_LENGTH, "The id (26 random characters).", minLength=1, readOnly=True)
TEXT = string(TEXT_MAX_LENGTH)
LIST_TYPE = {"type": "string", "enum": list(LIST_TYPES), "description": "The type of the product list."}
ITEM_TYPE = {"type": "string", "enum": list(ITEM_TYPES), "description": "The type of the item."}
QUANTITY = {"type": "number", "minimum": 0, "maximum": 999, "description": "At most two decimals."}
PRIORITY = {"type": "integer", "minimum": INT32[0], "maximum": INT32[1], "description": "Lower is more urgent."}
LINK = string(description="An absolute URL.")
EVENT_DATE = {key: value for key, value in DATE_TIME.items() if key != "readOnly"}
EXPAND_NOTE = ("`expand=" + ",".join(EXPAND_VALUES) + "` (any of them) is accepted; there is no product catalogue, "
             "so only `product` changes the answer (an item's `product` holds its id).")


def _array(component, description):
    return {"type": "array", "items": ref(component), "description": description}


def _result(_type, item, description, paged=False):
    properties = {"count": PAGING_PROPERTIES["count"], "data": _array(item, "The documents."),
                  "total": PAGING_PROPERTIES["total"]}
    if paged:
        properties.update(PAGING_PROPERTIES)
        properties["data"] = _array(item, "The documents of this page.")
    return document(_type, description, properties, required=("count", "data", "total"))


def _list_properties(registrant):
    return {
        "creation_date": DATE_TIME, "description": string(DESCRIPTION_MAX_LENGTH), "event": ref("product_list_event"),
        "id": ID, "last_modified": DATE_TIME, "name": TEXT,
        "product_list_shipping_address": ref("product_list_shipping_address"), "public": {"type": "boolean"},
        "registrant": ref(registrant), "co_registrant": ref(registrant), "type": LIST_TYPE,
    }


def response_components():
    limits = (settings.SHOPSITE_MAX_PRODUCT_LISTS, settings.SHOPSITE_MAX_PRODUCT_LIST_ITEMS,
              settings.SHOPSITE_MAX_PRODUCT_LIST_PURCHASES)
    address_link = ref("customer_address_link")
    return {
        "customer_product_list": document(
            "customer_product_list", f"A product list of the customer (at most {limits[0]}), with its items.",
            {**_list_properties("customer_product_list_registrant"),
             "current_shipping_address_link": {**address_link, "description": "Where gifts go now: after the "
                                               "event date the post-event address, if there is one."},
             "customer_product_list_items": _array("customer_product_list_item",
                                                   f"Every item of the list (at most {limits[1]})."),
             "items_link": ref("customer_product_list_item_link"),
             "post_event_shipping_address_link": address_link, "shipping_address_link": address_link},
            required=("id", "type", "public"), custom=True),
        "customer_product_list_result": _result("customer_product_list_result", "customer_product_list",
                                                "The customer's lists, oldest first (not paged)."),
        "customer_product_list_item": document(
            "customer_product_list_item", "An item of a customer's product list. `product_details_link` needs a "
            "catalogue and is never present.",
            {"id": ID, "priority": PRIORITY, "product": ref("product"),
             "product_id": string(PRODUCT_ID_MAX_LENGTH, "Stored as given (product items only).", minLength=1),
             "public": {"type": "boolean"}, "purchased_quantity": {"type": "number", "minimum": 0, "readOnly": True,
                                                                   "description": "The sum of the purchases."},
             "quantity": QUANTITY, "type": ITEM_TYPE},
            required=("id", "type", "priority", "public", "quantity", "purchased_quantity"), custom=True),
        "customer_product_list_item_result": _result(
            "customer_product_list_item_result", "customer_product_list_item",
            "A page of the list's items, in the order they were added.", paged=True),
        "customer_product_list_item_purchase": document(
            "customer_product_list_item_purchase", "A purchase recorded against an item.",
            {"id": ID, "order_no": string(100, "The order, where the shop recorded one.", readOnly=True),
             "product_list_item_id": ID, "purchaser_name": TEXT, "quantity": QUANTITY},
            required=("id", "product_list_item_id", "purchaser_name", "quantity"), custom=True),
        "customer_product_list_item_purchase_result": _result(
            "customer_product_list_item_purchase_result", "customer_product_list_item_purchase",
            f"Every purchase of the item, oldest first (not paged; at most {limits[2]})."),
        "customer_product_list_registrant": document(
            "customer_product_list_registrant", "A registrant of the list (a bride, a groom).",
            {"email": TEXT, "first_name": TEXT, "last_name": TEXT, "role": TEXT}),
        "product_list_registrant": document(
            "product_list_registrant", "A registrant as anyone may see it: no email.",
            {"first_name": TEXT, "last_name": TEXT, "role": TEXT}),
        "product_list_event": document(
            "product_list_event", "The event of the list.",
            {"city": TEXT, "country": TEXT, "date": EVENT_DATE, "state": TEXT, "type": TEXT}),
        "customer_address_link": document(
            "customer_address_link", "One of the customer's addresses, by its name.",
            {"address_id": string(256, minLength=1), "link": LINK}, required=("address_id",)),
        "customer_product_list_item_link": document(
            "customer_product_list_item_link", "The list's items resource.", {"link": LINK}, required=("link",)),
        "product_list_shipping_address": document(
            "product_list_shipping_address", "What anyone may see of the current shipping address.",
            {"address_id": string(256, minLength=1), "city": string(256), "first_name": string(256),
             "last_name": string(256)}, required=("address_id",)),
        "product": document("product", "The product of an item: its id (there is no catalogue).",
                            {"id": string(PRODUCT_ID_MAX_LENGTH, minLength=1)}, required=("id",)),
        "product_simple_link": document("product_simple_link", "A link.", {"link": LINK}, required=("link",)),
        "public_product_list": document(
            "public_product_list", "A public product list with its public items.",
            {**_list_properties("product_list_registrant"), "items_link": ref("product_simple_link"),
             "product_list_items": _array("public_product_list_item", "The public items.")},
            required=("id", "type", "public")),
        "public_product_list_item": document(
            "public_product_list_item", "A public item: its product (by id) and priority.",
            {"id": ID, "priority": PRIORITY, "product": ref("product"), "type": ITEM_TYPE},
            required=("id", "type", "priority")),
        "public_product_list_item_result": _result(
            "public_product_list_item_result", "public_product_list_item", "The public items of the list."),
        "public_product_list_link": document(
            "public_product_list_link", "A public list found by the search.",
            {"description": string(DESCRIPTION_MAX_LENGTH), "link": LINK, "name": TEXT, "title": TEXT,
             "type": LIST_TYPE}, required=("link", "type")),
        "public_product_list_result": document(
            "public_product_list_result", "The public lists found, oldest first; `data` holds at most 200, "
            "`total` counts them all.",
            {"count": PAGING_PROPERTIES["count"], "data": _array("public_product_list_link", "The lists found."),
             "total": PAGING_PROPERTIES["total"]}, required=("count", "data", "total")),
    }


def _nullable_text(max_length=TEXT_MAX_LENGTH):
    return nullable(string(max_length))


def request_components():
    event = request_document("The event; sent whole (what is not sent is cleared).", {
        "city": _nullable_text(), "country": _nullable_text(), "state": _nullable_text(), "type": _nullable_text(),
        "date": {"type": ["string", "null"], "format": "date-time", "description": "ISO 8601; UTC without offset."},
    })
    registrant = request_document("A registrant; sent whole (what is not sent is cleared).", {
        "email": {**_nullable_text(), "format": "email"}, "first_name": _nullable_text(),
        "last_name": _nullable_text(), "role": _nullable_text()})
    address_link = request_document("One of the customer's addresses, by its `address_id` (`link` and `title` are "
                                    "ignored).", {"address_id": string(256, minLength=1), "link": string(),
                                                  "title": string()}, required=("address_id",))
    nullable_ref = {"product_list_event_input": event, "customer_product_list_registrant_input": registrant,
                    "customer_address_link_input": address_link}

    def maybe(component):
        return {"oneOf": [ref(component), {"type": "null"}], "description": "null removes it."}

    list_properties = {
        "name": _nullable_text(), "description": _nullable_text(DESCRIPTION_MAX_LENGTH),
        "public": {"type": ["boolean", "null"]}, "event": maybe("product_list_event_input"),
        "registrant": maybe("customer_product_list_registrant_input"),
        "co_registrant": maybe("customer_product_list_registrant_input"),
        "shipping_address_link": maybe("customer_address_link_input"),
        "post_event_shipping_address_link": maybe("customer_address_link_input"),
        "current_shipping_address_link": {"description": "Derived: accepted and ignored."},
        "product_list_shipping_address": {"description": "Derived: accepted and ignored."},
    }
    return {
        **nullable_ref,
        "new_customer_product_list": request_document(
            "A product list to create: `type` is mandatory.", {**list_properties, "type": LIST_TYPE},
            required=("type",), custom=True,
            example={"type": "wish_list", "name": "Birthday", "public": True}),
        "customer_product_list_input": request_document(
            "Changes of a product list (only the properties sent; `type` is read-only).", list_properties,
            custom=True, example={"name": "Wedding", "public": False}),
        "new_customer_product_list_item": request_document(
            "An item to add: `type` is mandatory, `product_id` for product items (stored as given).",
            {"type": ITEM_TYPE, "product_id": string(PRODUCT_ID_MAX_LENGTH, minLength=1, pattern=r"\S"),
             "quantity": QUANTITY, "priority": PRIORITY, "public": {"type": "boolean"}},
            required=("type",), custom=True,
            example={"type": "product", "product_id": "25518704M", "quantity": 2, "priority": 1, "public": True}),
        "customer_product_list_item_input": request_document(
            "Changes of an item: priority, public, quantity (`type` and `product_id` are read-only).",
            {"quantity": QUANTITY, "priority": PRIORITY, "public": {"type": "boolean"}}, custom=True),
        "new_customer_product_list_item_purchase": request_document(
            "A purchase to record: `purchaser_name` and `quantity` are mandatory.",
            {"purchaser_name": string(TEXT_MAX_LENGTH, minLength=1, pattern=r"\S"), "quantity": QUANTITY},
            required=("purchaser_name", "quantity"), custom=True,
            example={"purchaser_name": "Jane Doe", "quantity": 1}),
        "customer_product_list_item_purchase_input": request_document(
            "Changes of a purchase: its custom attributes only.", {}, custom=True),
    }


def components():
    return {**response_components(), **request_components()}
