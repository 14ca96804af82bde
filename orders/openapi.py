"""The baskets' and orders' part of the OpenAPI description (read-only documents)."""
from drf_spectacular.utils import OpenApiParameter

from customers.openapi import CUSTOMER_ID, FOR_CUSTOMER, JWT
from orders.models import ORDER_ADDRESS_FIELDS, Order
from orders.views import CustomerBasketsViewSet, CustomerOrdersViewSet
from shopsite.openapi import OAUTH, WITH_TOKEN, Operation, register_app_description, success
from shopsite.openapi_blocks import (
    COUNT_PARAMETER,
    DATE_TIME,
    MONEY,
    PAGING_PROPERTIES,
    document,
    ref,
    start_parameter,
    string,
)


def components():
    """The baskets' and orders' documents as JSON Schemas (OpenAPI 3.1); their payment cards are
    the payments app's ``payment_card``."""
    order_line = {"adjusted_tax": MONEY, "base_price": MONEY, "item_id": string(), "item_text": string(),
                  "price": MONEY, "price_after_item_discount": MONEY, "shipment_id": string(), "tax": MONEY,
                  "tax_basis": MONEY, "tax_rate": MONEY}
    container = {
        "adjusted_merchandize_total_tax": MONEY, "adjusted_shipping_total_tax": MONEY,
        "billing_address": ref("order_address"), "merchandize_total_tax": MONEY,
        "creation_date": DATE_TIME, "currency": string(3, "ISO 4217 currency code."),
        "customer_info": ref("customer_info"), "last_modified": DATE_TIME, "order_total": MONEY,
        "payment_instruments": {"type": "array", "items": ref("order_payment_instrument")},
        "product_items": {"type": "array", "items": ref("product_item")},
        "product_sub_total": MONEY, "product_total": MONEY,
        "shipments": {"type": "array", "items": ref("shipment")},
        "shipping_items": {"type": "array", "items": ref("shipping_item")},
        "shipping_total": MONEY, "shipping_total_tax": MONEY, "tax_total": MONEY,
        "taxation": {"type": "string", "enum": ["gross", "net"]},
    }
    return {
        "customer_info": document(
            "customer_info", "The customer of a basket or order, as it was then.",
            {"customer_id": string(100), "customer_name": string(), "customer_no": string(100), "email": string()},
        ),
        "product_item": document(
            "product_item", "A product line of a basket or order.",
            {**order_line, "price_after_order_discount": MONEY, "product_id": string(100),
             "product_name": string(), "quantity": {"type": "number"}},
        ),
        "shipping_item": document("shipping_item", "A shipping line of a basket or order.", order_line),
        "order_address": document(
            "order_address", "A shipping or billing address of a basket or order.",
            {name: string() for name in sorted([*ORDER_ADDRESS_FIELDS, "full_name"])},
        ),
        "shipping_method": document("shipping_method", "A shipping method.",
                                    {"id": string(256), "name": string()}, required=("id",)),
        "shipment": document(
            "shipment", "A shipment of a basket or order.",
            {"shipment_id": string(), "shipping_address": ref("order_address"),
             "shipping_method": ref("shipping_method")},
        ),
        "order_payment_instrument": document(
            "order_payment_instrument", "A payment instrument of a basket or order (masked).",
            {"amount": MONEY, "payment_card": ref("payment_card"), "payment_instrument_id": string(),
             "payment_method_id": string(256)},
        ),
        "basket": document("basket", "A basket of the customer.", {**container, "basket_id": string()},
                           required=("basket_id",), custom=True),
        "order": document(
            "order", "An order of the customer.",
            {**container, "created_by": string(), "order_no": string(),
             "site_id": string(description="The site the order was placed on (see `cross-sites`)."),
             "status": {"type": "string", "enum": list(Order.Status.values)},
             "payment_status": {"type": "string", "enum": list(Order.PaymentStatus.values)},
             "shipping_status": {"type": "string", "enum": list(Order.ShippingStatus.values)},
             "confirmation_status": {"type": "string", "enum": list(Order.ConfirmationStatus.values)}},
            required=("order_no",), custom=True,
        ),
        "baskets_result": document(
            "baskets_result", "The customer's baskets of the site.",
            {"baskets": {"type": "array", "items": ref("basket")}, "total": PAGING_PROPERTIES["total"]},
            required=("baskets", "total"),
        ),
        "customer_order_result": document(
            "customer_order_result", "A page of the customer's orders, newest first.",
            {**PAGING_PROPERTIES, "data": {"type": "array", "items": ref("order")}},
            required=("count", "data", "start", "total"),
        ),
    }


def operations():
    """The baskets' and orders' operations, in the order of the spec's table."""
    return [
        Operation(
            view=CustomerBasketsViewSet, action="list", operation_id="getCustomersByIDBaskets",
            summary="Get the customer's baskets", tag="orders", security=[JWT, OAUTH],
            responses={200: success(component="baskets_result", description="The baskets of the site.")},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID],
        ),
        Operation(
            view=CustomerOrdersViewSet, action="list", operation_id="getCustomersByIDOrders",
            summary="Get the customer's orders", tag="orders", security=[JWT, OAUTH],
            responses={200: success(component="customer_order_result",
                                    description="A page of orders, newest first.")},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN),
            parameters=[CUSTOMER_ID, start_parameter(None), COUNT_PARAMETER, OpenApiParameter(
                "cross-sites", bool, OpenApiParameter.QUERY,
                description="All sites' orders (OAuth only; ignored with a customer JWT). Default false.",
            )],
        ),
    ]


register_app_description(app_label="orders", operations=operations, components=components)
