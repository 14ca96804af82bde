"""The saved payment instruments' part of the OpenAPI description (and their place in the customer
document). ``payment_card`` is also what an order's payment instrument carries."""
from drf_spectacular.utils import OpenApiParameter

from customers.openapi import CUSTOMER_ID, FOR_CUSTOMER, JWT, describe_expansion
from payments.documents import EDITIONS
from payments.views import PaymentInstrumentViewSet
from shopsite import faults
from shopsite.openapi import (
    HOOKS,
    OAUTH,
    WITH_BODY,
    WITH_TOKEN,
    Link,
    Operation,
    register_app_description,
    success,
)
from shopsite.openapi_blocks import (
    DATE_TIME,
    PAGING_PROPERTIES,
    document,
    nullable,
    path_parameter,
    ref,
    request_document,
    string,
)
from shopsite.versions import V16_4

PAYMENT_INSTRUMENT_ID = path_parameter("payment_instrument_id", "The payment instrument's id.")
MASKED = "All but the last 4 characters replaced by `*` (a value of 4 characters or fewer entirely)."


def components(edition=V16_4):
    """The payment instruments' documents as JSON Schemas (OpenAPI 3.1), in that edition of the
    documents (what differs: payments.documents.EDITIONS)."""
    differs = EDITIONS[edition]
    month = {"type": ["integer", "null"], "minimum": 1, "maximum": 12}
    year = {"type": ["integer", "null"], "minimum": 1000, "maximum": 9999}
    token = {"credit_card_token": string(256, "A token store's reference to the card, as given.")} \
        if differs.credit_card_token else {}
    uuid = {"uuid": string(description="The id again (embedded instruments of `expand=paymentinstruments`).")} \
        if differs.embedded_uuid else {}
    dates = {"creation_date": DATE_TIME,
             "last_modified": {**DATE_TIME, "description": "As `creation_date`: an instrument never changes."}} \
        if differs.dates else {}
    return {
        "payment_card": document(
            "payment_card", "A payment card, masked: the number is never stored nor returned in clear.",
            {"card_type": string(256), "credit_card_expired": {"type": "boolean", "readOnly": True},
             "expiration_month": month, "expiration_year": year, "holder": string(256),
             "issue_number": string(256), "masked_number": string(19, MASKED, pattern=r"^\*+[0-9]{0,4}$"),
             "number_last_digits": string(4, pattern="^[0-9]{1,4}$"), "valid_from_month": month,
             "valid_from_year": year, **token},
        ),
        "payment_bank_account": document(
            "payment_bank_account", "A bank account, masked: the account and driver's licence numbers are "
            "never stored nor returned in clear.",
            {"drivers_license_last_digits": string(4), "drivers_license_state_code": string(256),
             "holder": string(256), "masked_drivers_license": string(256, MASKED),
             "masked_number": string(256, MASKED), "number_last_digits": string(4)},
        ),
        "customer_payment_instrument": document(
            "customer_payment_instrument", "A saved payment instrument; `payment_card` and "
            "`payment_bank_account` are always present, with masked values only.",
            {"bank_routing_number": string(256),
             differs.masked_gift_certificate_code: string(256, "The gift certificate code, masked. " + MASKED),
             "payment_bank_account": ref("payment_bank_account"), "payment_card": ref("payment_card"),
             "payment_instrument_id": string(description="The payment instrument's id."),
             "payment_method_id": string(256), **uuid, **dates},
            required=("payment_bank_account", "payment_card", "payment_instrument_id", "payment_method_id"),
            custom=True,
        ),
        "customer_payment_instrument_result": document(
            "customer_payment_instrument_result", "The customer's payment instruments (not paged).",
            {"count": PAGING_PROPERTIES["count"], "total": PAGING_PROPERTIES["total"],
             "data": {"type": "array", "items": ref("customer_payment_instrument")}},
            required=("count", "data", "total"),
        ),
        "customer_payment_instrument_request": request_document(
            "CustomerPaymentInstrumentRequest. A card `security_code` is refused wherever it appears.",
            {
                "bank_routing_number": nullable(string(256)),
                "gift_certificate_code": nullable(string(256, "Printable, not blank; stored masked.",
                                                         minLength=1, pattern=r"^[^\x00-\x1f\x7f]*\S")),
                "payment_method_id": string(256, "Mandatory, not blank.", pattern=r"\S"),
                "payment_card": {
                    **request_document("The card (its number is stored masked).", {
                        "card_type": nullable(string(256)), "expiration_month": month, "expiration_year": year,
                        "holder": nullable(string(256)), "issue_number": nullable(string(256)),
                        "number": nullable(string(19, "1-19 digits.", pattern="^[0-9]{1,19}$")),
                        "valid_from_month": month, "valid_from_year": year,
                        **{name: nullable(schema) for name, schema in token.items()},
                    }),
                    "type": ["object", "null"],
                },
                "payment_bank_account": {
                    **request_document("The bank account (its numbers are stored masked).", {
                        "drivers_license": nullable(string(256, "Letters and digits.", pattern="^[A-Za-z0-9]+$")),
                        "drivers_license_state_code": nullable(string(256)), "holder": nullable(string(256)),
                        "number": nullable(string(256, "Letters and digits.", pattern="^[A-Za-z0-9]+$")),
                    }),
                    "type": ["object", "null"],
                },
            },
            required=("payment_method_id",), custom=True,
            example={"payment_method_id": "CREDIT_CARD",
                     "payment_card": {"card_type": "Visa", "number": "4111111111111111", "holder": "John Smith",
                                      "expiration_month": 7, "expiration_year": 2030}},
        ),
    }


def operations():
    """The payment instruments' operations, in the order of the spec's table."""
    return [
        Operation(
            view=PaymentInstrumentViewSet, action="list", operation_id="getCustomersByIDPaymentInstruments",
            summary="Get the payment instruments", tag="payment instruments", security=[JWT, OAUTH],
            responses={200: success(component="customer_payment_instrument_result",
                                    description="The instruments (guests have none).")},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN),
            parameters=[CUSTOMER_ID, OpenApiParameter(
                "payment_method_id", string(256), OpenApiParameter.QUERY,
                description="Only the instruments of this payment method (exact); all when empty.",
            )],
        ),
        Operation(
            view=PaymentInstrumentViewSet, action="create", operation_id="postCustomersByIDPaymentInstruments",
            summary="Add a payment instrument", tag="payment instruments", security=[JWT, OAUTH],
            responses={200: success(component="customer_payment_instrument",
                                    description="The saved instrument, masked.")},
            faults=(faults.ReadOnlyPropertyException, faults.UnknownPropertyException, *FOR_CUSTOMER, *WITH_BODY,
                    *WITH_TOKEN, *HOOKS),
            parameters=[CUSTOMER_ID], request="customer_payment_instrument_request",
            hooks=("dw.ocapi.shop.customer.beforePostPaymentInstrument",
                   "dw.ocapi.shop.customer.afterPostPaymentInstrument"),
        ),
        Operation(
            view=PaymentInstrumentViewSet, action="retrieve", operation_id="getCustomersByIDPaymentInstrumentsByID",
            summary="Get a payment instrument", tag="payment instruments", security=[JWT, OAUTH],
            responses={200: success(component="customer_payment_instrument", description="The instrument, masked.")},
            faults=(faults.PaymentInstrumentNotFoundException, *FOR_CUSTOMER, *WITH_TOKEN),
            parameters=[CUSTOMER_ID, PAYMENT_INSTRUMENT_ID],
        ),
        Operation(
            view=PaymentInstrumentViewSet, action="destroy", operation_id="deleteCustomersByIDPaymentInstrumentsByID",
            summary="Delete a payment instrument", tag="payment instruments", security=[JWT, OAUTH],
            responses={204: success(description="Deleted.")},
            faults=(faults.PaymentInstrumentNotFoundException, *FOR_CUSTOMER, *WITH_TOKEN, *HOOKS),
            parameters=[CUSTOMER_ID, PAYMENT_INSTRUMENT_ID],
            hooks=("dw.ocapi.shop.customer.beforeDeletePaymentInstrument",
                   "dw.ocapi.shop.customer.afterDeletePaymentInstrument"),
        ),
    ]


_CREATED = {"customer_id": "$request.path.customer_id",
            "payment_instrument_id": "$response.body#/payment_instrument_id"}
LINKS = (
    *(Link(source="postCustomersByIDPaymentInstruments", status=200, target=target, parameters=_CREATED)
      for target in ("getCustomersByIDPaymentInstrumentsByID", "deleteCustomersByIDPaymentInstrumentsByID")),
    Link(source="postCustomersAuth", status=200, target="getCustomersByIDPaymentInstruments",
         parameters={"customer_id": "$response.body#/customer_id"}),
)

describe_expansion(value="paymentinstruments", property_name="payment_instruments",
                   item_component="customer_payment_instrument",
                   description="The saved payment instruments (with `expand=paymentinstruments`).")
register_app_description(app_label="payments", operations=operations, components=components, links=LINKS)
