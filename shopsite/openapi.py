"""The OpenAPI 3.1 description of the API, written in one place (drf-spectacular).

The views build plain-dict documents, so nothing here is guessed from serializers: the
documents are JSON Schemas written from the 20.4 swagger's definitions with 16.4's names
where they differ (``gift_certificate_code_masked``), the length limits come from the
request validators themselves, the fault types from ``shopsite.faults``. ``annotate_views()``
(called by ``ShopsiteConfig.ready``) puts one ``extend_schema`` on each operation's view
method (the viewsets' actions have OCAPI's names, which ``extend_schema_view`` cannot see);
the hooks below keep the default-site paths only and add the components.

Served at ``/dw/shop/v16_4/openapi.json`` (and ``.yaml``), with Swagger UI at
``/dw/shop/v16_4/docs/`` and ReDoc at ``/dw/shop/v16_4/redoc/``.
"""
from dataclasses import dataclass, field

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from shopsite import OCAPI_VERSION, faults
from shopsite.documents import CUSTOM_ATTRIBUTE_SCHEMA_PATTERN
from shopsite.hooks import EXTENSION_POINTS
from shopsite.paging import MAX_COUNT, MAX_START

API_PREFIX = "/dw/shop/v16_4"
DEMO_CLIENT_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

DESCRIPTION = f"""\
The **Customers** resource of the Salesforce Commerce Cloud **OCAPI Shop API {OCAPI_VERSION}**, as served
by shopsite.

**Sites.** The paths below serve the default site (`SiteGenesis`). Every operation is also served
for a named site under `/s/{{site_id}}/dw/shop/v16_4/...` (the second server entry): the same
operations, so they are not listed twice. A token is valid only on the site that issued it.

**Authentication.** Storefronts get a customer JWT from `POST /customers/auth` (type `guest`,
`credentials` with `Authorization: Basic login:password`, `session`, or `refresh`; the token comes
back in the `Authorization` response header and is sent as `Authorization: Bearer ...`). Trusted
servers use an OAuth token from `POST /dw/oauth2/access_token` (`grant_type=client_credentials`,
`Authorization: Basic client_id:secret`) and may act on any customer of the site; with a customer
JWT an operation on another customer answers `400 InvalidCustomerException`. The client id is
passed as `client_id` query parameter or `x-dw-client-id` header (required by `POST /customers/auth`).
Agents (staff users) obtain OAuth tokens with the agent grant and act only through on-behalf
tokens (`POST /customers/{{customer_id}}/auth`).

**Documents.** JSON by default; XML with `format=xml` or `Accept: application/xml` (requests too,
with `Content-Type: application/xml`), the root element named by `_type`. Every response document
carries `_v` ("{OCAPI_VERSION}") and `_type`; unset values are omitted, never `null`. Date-times are
UTC with milliseconds (`2015-09-09T15:50:53.142Z`). Custom attributes are any `c_*` property, stored
and returned as given (`null` in a PATCH removes one). A POST with `x-dw-http-method-override:
PATCH|PUT|DELETE` runs as that method. Customer data is sent with
`Cache-Control: no-cache,no-store,must-revalidate`.

**Faults.** Every error is a fault document `{{"_v": "{OCAPI_VERSION}", "_type": "fault", "fault":
{{"type", "message", "arguments"}}}}`. Each operation lists the fault types it answers, by status.
Bodies over 5 MB get `413`; throttled operations `429` with `Retry-After`.
"""


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


# --- JSON Schema building blocks --------------------------------------------------------
DATE_TIME = {
    "type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
    "description": "UTC with milliseconds, e.g. 2015-09-09T15:50:53.142Z.", "readOnly": True,
}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
MONEY = {"type": "number"}
CUSTOM_ATTRIBUTES = {CUSTOM_ATTRIBUTE_SCHEMA_PATTERN: {"description": "A custom attribute: any JSON value."}}


def string(max_length=None, description=None, **extra):
    schema = {"type": "string", **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    if description:
        schema["description"] = description
    return schema


def nullable(schema):
    """A request property that may be sent as null (which clears the value)."""
    return {**schema, "type": [schema["type"], "null"]}


def document(_type, description, properties, required=(), custom=False, example=None):
    """A response document: ``_type`` fixed, ``_v`` on top-level documents, nothing undeclared."""
    schema = {
        "type": "object",
        "description": description,
        "properties": {
            "_v": {"type": "string", "const": OCAPI_VERSION, "description": "The API version (top level only)."},
            "_type": {"type": "string", "const": _type},
            **dict(sorted(properties.items())),
        },
        "required": ["_type", *required],
        "additionalProperties": False,
    }
    if custom:
        schema["patternProperties"] = CUSTOM_ATTRIBUTES
    if example:
        schema["examples"] = [example]
    return schema


def request_document(description, properties, required=(), custom=False, example=None, strict=True):
    """A request document: unknown properties are 400 faults (``strict``; the small action documents
    ignore them instead), ``c_*`` accepted where documents have them."""
    schema = {"type": "object", "description": description, "properties": dict(sorted(properties.items()))}
    if strict:
        schema["additionalProperties"] = False
    else:
        schema["description"] += " Other properties are ignored."
    if required:
        schema["required"] = list(required)
    if custom:
        schema["patternProperties"] = CUSTOM_ATTRIBUTES
    if example:
        schema["examples"] = [example]
    return schema


def top_level(name):
    """A document as the response body: ``_v`` is present at the top level."""
    return {"allOf": [ref(name), {"required": ["_v"]}]}


def password_min_length():
    """The shortest password the configured policy accepts (MinimumLengthValidator), or 1."""
    from django.conf import settings

    for validator in settings.SHOPSITE_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith(".MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 1


def build_components():
    """Every document of the API as a JSON Schema (OpenAPI 3.1)."""
    from addresses.models import TEXT_FIELDS as ADDRESS_TEXT
    from addresses.models import CustomerAddress
    from customers.documents import EXPANSIONS
    from customers.serializers import PROFILE_FIELDS
    from orders.models import ORDER_ADDRESS_FIELDS, Order

    profile_text = {name: string(limit) for name, limit in PROFILE_FIELDS.items() if limit is not None}
    profile_text["email"] = string(PROFILE_FIELDS["email"], "The customer's email address.")
    gender = {"type": "integer", "enum": [1, 2], "description": "1 = male, 2 = female."}
    customer_properties = {
        **profile_text,
        "addresses": {"type": "array", "items": ref("customer_address"),
                      "description": "The address book (with `expand=addresses`)."},
        "auth_type": {"type": "string", "enum": ["guest", "registered"]},
        "birthday": DATE,
        "creation_date": DATE_TIME,
        "customer_id": string(28, "The customer's id (guests and registered customers).", readOnly=True),
        "customer_no": string(100, "The customer number (registered customers only).", readOnly=True),
        "enabled": {"type": "boolean", "readOnly": True},
        "gender": gender,
        "last_login_time": DATE_TIME,
        "last_modified": DATE_TIME,
        "last_visit_time": DATE_TIME,
        "login": string(256, "The customer's login.", readOnly=True),
        "payment_instruments": {"type": "array", "items": ref("customer_payment_instrument"),
                                "description": "The saved payment instruments (with `expand=paymentinstruments`)."},
        "previous_login_time": DATE_TIME,
        "previous_visit_time": DATE_TIME,
    }
    writable_profile = {name: nullable(schema) for name, schema in profile_text.items()}
    writable_profile["email"] = nullable(string(PROFILE_FIELDS["email"], "The email address (null clears it, "
                                                "for guests only).", format="email"))
    new_password = string(4096, f"The new password: at least {password_min_length()} characters, not all digits, "
                                "not a very common one (the configured policy).", minLength=password_min_length())
    writable_profile["birthday"] = nullable(DATE)
    writable_profile["gender"] = {**gender, "type": ["integer", "null"], "enum": [1, 2, None]}

    address_text = {name: string(CustomerAddress._meta.get_field(name).max_length) for name in ADDRESS_TEXT}
    address_text["country_code"] = string(2, "ISO 3166-1 alpha-2, upper case.", pattern="^[A-Z]{2}$")
    address_id = string(256, "The address name chosen by the customer (1-256 characters, not blank).",
                        minLength=1, pattern=r"\S")
    writable_address = {name: nullable(schema) for name, schema in address_text.items()}
    writable_address["country_code"] = nullable(string(2, "ISO 3166-1 alpha-2, upper case.",
                                                       pattern="^([A-Z]{2})?$"))
    writable_address["preferred"] = {"type": ["boolean", "null"],
                                     "description": "Making one address preferred clears the flag of the others."}

    masked = "All but the last 4 characters replaced by `*` (a value of 4 characters or fewer entirely)."
    month = {"type": ["integer", "null"], "minimum": 1, "maximum": 12}
    year = {"type": ["integer", "null"], "minimum": 1000, "maximum": 9999}
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
    paging = {
        "count": {"type": "integer", "minimum": 0, "description": "The number of documents returned."},
        "next": string(description="The URL of the next page (only when paging was asked for)."),
        "previous": string(description="The URL of the previous page (only when paging was asked for)."),
        "start": {"type": "integer", "minimum": 0, "description": "The index of the first document returned."},
        "total": {"type": "integer", "minimum": 0, "description": "The total number of documents."},
    }

    address_input = request_document(
        "CustomerAddress as a request: `address_id` is mandatory on POST; a PATCH changes only the "
        "properties sent, and a new `address_id` renames the address (301).",
        {**writable_address, "address_id": address_id,
         "full_name": string(256, "Derived from the names: accepted and ignored.")},
        custom=True,
        example={"address_id": "home_address", "address1": "5 Wall St", "city": "Burlington",
                 "country_code": "US", "first_name": "John", "last_name": "Murphy",
                 "postal_code": "01805", "preferred": False, "state_code": "MA"},
    )

    return {
        "customer": document(
            "customer", "A customer, guest or registered. Guests have only `auth_type`, `customer_id` and "
            f"`preferred_locale`. Expansions: {', '.join(sorted(EXPANSIONS))}.",
            customer_properties, required=("auth_type", "customer_id"), custom=True,
            example={"_v": OCAPI_VERSION, "_type": "customer", "auth_type": "registered",
                     "creation_date": "2015-09-09T15:50:53.142Z", "customer_id": "ada5ZiobJRE4Ma1fSaAogMDKgI",
                     "customer_no": "00001140", "email": "jsmith@example.com", "last_name": "Smith",
                     "login": "jsmith", "c_origin": "webshop"},
        ),
        "customer_input": request_document(
            "The properties of a Customer document to change (PATCH). Read-only properties are answered "
            "with 400 ReadOnlyPropertyException, unknown ones with 400 UnknownPropertyException; `null` "
            "clears a value (email and last name of a registered customer cannot be cleared).",
            writable_profile, custom=True,
            example={"email": "jsmith@example.com", "fax": "+49 03641 78393 343", "c_origin": "webshop"},
        ),
        "customer_registration": request_document(
            "CustomerRegistration: the customer (login, email and last_name mandatory) and, with a "
            "customer JWT, the password. With OAuth no password may be sent.",
            {
                "customer": request_document(
                    "The registered customer's profile: login, email and last name are mandatory.",
                    {**writable_profile,
                     "email": string(PROFILE_FIELDS["email"], "The email address.", minLength=1, format="email"),
                     "last_name": string(PROFILE_FIELDS["last_name"], minLength=1, pattern=r"\S"),
                     "login": string(256, "1-256 characters, no surrounding whitespace, no control characters, "
                                          "no ':'.", minLength=1,
                                     pattern=r"^[^\s:\x00-\x1f\x7f](?:[^:\x00-\x1f\x7f]*[^\s:\x00-\x1f\x7f])?$")},
                    required=("login", "email", "last_name"), custom=True,
                ),
                "password": {**new_password, "description": "Mandatory with a customer JWT, not allowed with "
                                                            "OAuth. " + new_password["description"]},
            },
            required=("customer",),
            example={"password": "12345!aBcD",
                     "customer": {"login": "jsmith2", "email": "jsmith@example.com", "last_name": "Smith"}},
        ),
        "auth_request": request_document(
            "AuthRequest: which kind of token to obtain.",
            {"type": {"type": "string", "enum": ["guest", "credentials", "session", "refresh"],
                      "description": "`credentials` needs `Authorization: Basic`, `refresh` "
                                     "`Authorization: Bearer`, `session` the storefront's cookies."}},
            required=("type",), example={"type": "guest"}, strict=False,
        ),
        "password_reset": request_document(
            "PasswordReset: whom to send a reset token (204 whether or not a customer matched).",
            {"identification": string(description="The customer's email or login, by `type`.", minLength=1),
             "type": {"type": "string", "enum": ["email", "login"]}},
            required=("identification", "type"), example={"identification": "jsmith@example.com", "type": "email"},
            strict=False,
        ),
        "reset_password_request": request_document(
            "Completes a password reset with the token sent to the customer (beyond 16.4, as 20.4).",
            {"reset_token": string(description="The token of the reset email.", minLength=1),
             "new_password": new_password,
             "login": string(256, "Optional: the customer's login, checked against the token's customer.")},
            required=("reset_token", "new_password"), strict=False,
        ),
        "password_change_request": request_document(
            "PasswordChangeRequest: every failure is 400 HookStatusException of "
            "`dw.ocapi.shop.customer.putPassword`.",
            {"current_password": string(4096, minLength=1), "password": new_password},
            required=("current_password", "password"), strict=False,
            example={"current_password": "12345!aBcD", "password": "n3w-Passw0rd!"},
        ),
        "customer_address": document(
            "customer_address", "An address of the customer's address book. In lists each address carries "
            "its `etag`.",
            {**address_text, "address_id": address_id, "creation_date": DATE_TIME,
             "etag": string(description="The address's ETag (list items only).", readOnly=True),
             "full_name": string(description="First, second and last name.", readOnly=True),
             "last_modified": DATE_TIME, "preferred": {"type": "boolean"}},
            required=("address_id",), custom=True,
        ),
        "customer_address_input": address_input,
        "new_customer_address": {**address_input, "required": ["address_id"],
                                 "description": "CustomerAddress as a request to create one: `address_id` is "
                                                "mandatory."},
        "customer_address_result": document(
            "customer_address_result", "A page of the address book: preferred first, then by address id.",
            {**paging, "data": {"type": "array", "items": ref("customer_address")}},
            required=("count", "data", "start", "total"),
        ),
        "payment_card": document(
            "payment_card", "A payment card, masked: the number is never stored nor returned in clear.",
            {"card_type": string(256), "credit_card_expired": {"type": "boolean", "readOnly": True},
             "expiration_month": month, "expiration_year": year, "holder": string(256),
             "issue_number": string(256), "masked_number": string(19, masked, pattern=r"^\*+[0-9]{0,4}$"),
             "number_last_digits": string(4, pattern="^[0-9]{1,4}$"), "valid_from_month": month,
             "valid_from_year": year},
        ),
        "payment_bank_account": document(
            "payment_bank_account", "A bank account, masked: the account and driver's licence numbers are "
            "never stored nor returned in clear.",
            {"drivers_license_last_digits": string(4), "drivers_license_state_code": string(256),
             "holder": string(256), "masked_drivers_license": string(256, masked),
             "masked_number": string(256, masked), "number_last_digits": string(4)},
        ),
        "customer_payment_instrument": document(
            "customer_payment_instrument", "A saved payment instrument; `payment_card` and "
            "`payment_bank_account` are always present, with masked values only.",
            {"bank_routing_number": string(256),
             "gift_certificate_code_masked": string(256, "The gift certificate code, masked. " + masked),
             "payment_bank_account": ref("payment_bank_account"), "payment_card": ref("payment_card"),
             "payment_instrument_id": string(description="The payment instrument's id."),
             "payment_method_id": string(256),
             "uuid": string(description="The id again (embedded instruments of `expand=paymentinstruments`).")},
            required=("payment_bank_account", "payment_card", "payment_instrument_id", "payment_method_id"),
            custom=True,
        ),
        "customer_payment_instrument_result": document(
            "customer_payment_instrument_result", "The customer's payment instruments (not paged).",
            {"count": paging["count"], "total": paging["total"],
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
            {"baskets": {"type": "array", "items": ref("basket")}, "total": paging["total"]},
            required=("baskets", "total"),
        ),
        "customer_order_result": document(
            "customer_order_result", "A page of the customer's orders, newest first.",
            {**paging, "data": {"type": "array", "items": ref("order")}},
            required=("count", "data", "start", "total"),
        ),
        "fault": {
            "type": "object",
            "description": "The fault document every error answers with.",
            "properties": {
                "_v": {"type": "string", "const": OCAPI_VERSION},
                "_type": {"type": "string", "const": "fault"},
                "fault": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": sorted(FAULTS), "description": "The fault type."},
                        "message": {"type": "string"},
                        "arguments": {"type": "object", "description": "Values naming what caused the fault."},
                    },
                    "required": ["type", "message"],
                    "additionalProperties": False,
                },
            },
            "required": ["_v", "_type", "fault"],
            "additionalProperties": False,
        },
    }


# --- faults -------------------------------------------------------------------------------
#: Every fault type, by name: the classes of shopsite.faults (name = type, status_code, meaning).
FAULTS = {
    cls.__name__: cls
    for cls in vars(faults).values()
    if isinstance(cls, type) and issubclass(cls, faults.OcapiFault) and cls is not faults.OcapiFault
}

EVERY_OPERATION = ("ParameterConstraintViolationException", "NotFoundException", "MethodNotAllowedException",
                   "RequestEntityTooLargeException")
WITH_BODY = ("MalformedDocumentException", "PropertyConstraintViolationException", "UnsupportedMediaTypeException")
WITH_TOKEN = ("InvalidAccessTokenException", "ExpiredTokenException", "InsufficientPermissionsException")
FOR_CUSTOMER = ("InvalidCustomerException", "CustomerNotFoundException")
THROTTLED = ("TooManyRequestsException",)
IF_MATCH = ("InvalidIfMatchException",)
HOOKS = ("HookStatusException",)


def fault_responses(types):
    """The operation's fault responses, by status, each naming its fault types and what they mean."""
    by_status = {}
    for name in dict.fromkeys(types):
        by_status.setdefault(FAULTS[name].status_code, []).append(name)
    responses = {}
    for status, names in sorted(by_status.items()):
        names.sort()
        table = "\n".join(f"| `{name}` | {FAULTS[name].meaning} |" for name in names)
        schema = {"allOf": [ref("fault"), {"properties": {"fault": {"properties": {"type": {"enum": names}}}}}]}
        responses[status] = OpenApiResponse(schema, description=f"A fault document.\n\n| Fault type | Meaning |\n"
                                                                f"|---|---|\n{table}")
    return responses


# --- parameters and headers -------------------------------------------------------------
def path_parameter(name, description, max_length=None):
    schema = string(max_length, minLength=1)
    return OpenApiParameter(name, schema, OpenApiParameter.PATH, required=True, description=description)


CUSTOMER_ID = path_parameter("customer_id", "The customer's id.")
ADDRESS_NAME = path_parameter("address_name", "The address name (its `address_id`).", 256)
PAYMENT_INSTRUMENT_ID = path_parameter("payment_instrument_id", "The payment instrument's id.")
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match", string(), OpenApiParameter.HEADER,
    description="The ETag of the version to change (bare or quoted, or `*`); another one gives 412.",
)
CLIENT_ID_PARAMETERS = [
    OpenApiParameter("client_id", string(), OpenApiParameter.QUERY,
                     description=f"The API client id (or the `x-dw-client-id` header). Demo: `{DEMO_CLIENT_ID}`."),
    OpenApiParameter("x-dw-client-id", string(), OpenApiParameter.HEADER,
                     description="The API client id, when there is no `client_id` parameter (which wins)."),
]


def start_parameter(maximum):
    schema = {"type": "integer", "minimum": 0, "default": 0}
    if maximum is not None:
        schema["maximum"] = maximum
    return OpenApiParameter("start", schema, OpenApiParameter.QUERY,
                            description="The index of the first document to return.")


COUNT_PARAMETER = OpenApiParameter(
    "count", {"type": "integer", "minimum": 1, "maximum": MAX_COUNT, "default": 10}, OpenApiParameter.QUERY,
    description="The number of documents per page.",
)


def header(description, required=True):
    return {"schema": string(), "description": description, "required": required}


ETAG = {"ETag": header("The strong ETag of the representation (bare hex), for If-Match.")}
TOKEN = {"Authorization": header("`Bearer <JWT>`: the customer's token.")}


# --- operations -----------------------------------------------------------------------------
JWT = {"customerJWT": []}
OAUTH = {"oauthToken": []}
BASIC = {"credentialsBasic": []}
NO_AUTH = {}


@dataclass
class Operation:
    view: str
    action: str
    operation_id: str
    summary: str
    tag: str
    security: list
    ok: dict  # status -> (schema or None, description, headers)
    faults: tuple = ()
    parameters: list = field(default_factory=list)
    request: str = None
    hooks: tuple = ()
    description: str = ""


def _ok(schema=None, description="", headers=None):
    return (top_level(schema) if schema else None, description, headers or {})


OPERATIONS = [
    Operation(
        "customers.views.CustomerViewSet", "register", "postCustomers", "Register a customer", "customers",
        [JWT, OAUTH], {200: _ok("customer", "The registered customer.", ETAG)},
        ("CustomerAlreadyRegisteredException", "MissingEmailException", "MissingLastNameException",
         "MissingLoginException", "LoginAlreadyInUseException", "InvalidLoginException", "InvalidPasswordException",
         "MissingPasswordException", "InvalidEmailException", "ReadOnlyPropertyException",
         "UnknownPropertyException", *WITH_BODY, *WITH_TOKEN, *THROTTLED, *HOOKS),
        request="customer_registration",
        hooks=("dw.ocapi.shop.customer.beforePost", "dw.ocapi.shop.customer.afterPost"),
        description="The mandatory data are the login, last name and email. With a customer JWT (a guest's) the "
                    "password is required; with OAuth it must not be sent. Returns the new customer (no token: "
                    "log in with `credentials` next).",
    ),
    Operation(
        "customers.views.CustomerAuthViewSet", "logout", "deleteCustomersAuth", "Invalidate the customer JWT",
        "auth", [JWT], {204: _ok(description="The token is revoked (only that one).")}, WITH_TOKEN,
    ),
    Operation(
        "customers.views.CustomerAuthViewSet", "obtain_token", "postCustomersAuth", "Get or refresh a customer JWT",
        "auth", [NO_AUTH, BASIC, JWT], {200: _ok("customer", "The customer; the JWT is in the `Authorization` "
                                                             "response header.", {**TOKEN, **ETAG})},
        ("AuthorizationBasicMissingException", "MissingClientIdException", "InvalidClientIdException",
         "AuthenticationFailedException", "InvalidAccessTokenException", "ExpiredTokenException", *WITH_BODY,
         *THROTTLED, *HOOKS),
        parameters=CLIENT_ID_PARAMETERS, request="auth_request", hooks=("dw.ocapi.shop.auth.afterAuth",),
        description="Type `guest` creates a guest and returns its token; `credentials` logs in with "
                    "`Authorization: Basic base64(login:password)` (6 failures lock the account for 30 minutes); "
                    "`session` hands over the storefront session of the `dwsid` and `dwsecuretoken_*` cookies; "
                    "`refresh` exchanges a valid `Authorization: Bearer` JWT of the same client for a new one. "
                    "JWTs last 30 minutes.",
    ),
    Operation(
        "customers.views.PasswordResetViewSet", "start", "postCustomersPasswordReset", "Start a password reset",
        "password", [NO_AUTH], {204: _ok(description="Accepted, whether or not a customer matched.")},
        (*WITH_BODY, *THROTTLED, *HOOKS), request="password_reset",
        hooks=("dw.ocapi.shop.customers.password_reset.afterPOST",),
        description="When exactly one registered customer matches the email or login, a single-use reset token "
                    "is created and passed with the customer to the afterPOST extension point (by default it "
                    "emails a link to the storefront's reset page).",
    ),
    Operation(
        "customers.views.PasswordResetViewSet", "complete", "postCustomersPasswordActionsReset",
        "Complete a password reset (beyond 16.4)", "password", [NO_AUTH],
        {204: _ok(description="The password is set; every token and session of the customer ends.")},
        ("InvalidResetTokenException", "InvalidPasswordException", *WITH_BODY, *THROTTLED),
        request="reset_password_request",
        description="Sets a new password with the token of a reset email, as later OCAPI versions do.",
    ),
    Operation(
        "customers.views.CustomerViewSet", "retrieve", "getCustomersByID", "Get a customer", "customers",
        [JWT, OAUTH], {200: _ok("customer", "The customer (with the requested expansions).", ETAG)},
        (*FOR_CUSTOMER, *WITH_TOKEN),
        parameters=[CUSTOMER_ID, OpenApiParameter(
            "expand", {"type": "array", "items": {"type": "string", "enum": ["addresses", "paymentinstruments"]},
                       "uniqueItems": True},
            OpenApiParameter.QUERY, style="form", explode=False,
            description="Comma-separated: `addresses`, `paymentinstruments`.",
        )],
    ),
    Operation(
        "customers.views.CustomerViewSet", "partial_update", "patchCustomersByID", "Update a customer", "customers",
        [JWT, OAUTH], {200: _ok("customer", "The updated customer.", ETAG)},
        ("InvalidEmailException", "MissingEmailException", "MissingLastNameException", "ReadOnlyPropertyException",
         "UnknownPropertyException", *FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN, *IF_MATCH, *HOOKS),
        parameters=[CUSTOMER_ID, IF_MATCH_HEADER], request="customer_input",
        hooks=("dw.ocapi.shop.customer.beforePatchCustomer", "dw.ocapi.shop.customer.afterPatchCustomer"),
    ),
    Operation(
        "addresses.views.AddressListViewSet", "list", "getCustomersByIDAddresses", "Get the address book",
        "addresses", [JWT, OAUTH], {200: _ok("customer_address_result", "A page of addresses.")},
        (*FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID, start_parameter(MAX_START), COUNT_PARAMETER],
        description="Sorted with the preferred address first, then by address id; 10 per page by default. "
                    "Guests have an empty address book.",
    ),
    Operation(
        "addresses.views.AddressListViewSet", "create", "postCustomersByIDAddresses", "Create an address",
        "addresses", [JWT, OAUTH], {200: _ok("customer_address", "The new address.", ETAG)},
        ("InvalidCustomerAddressIdException", "AddressIdAlreadyInUseException", "ReadOnlyPropertyException",
         "UnknownPropertyException", *FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN, *HOOKS),
        parameters=[CUSTOMER_ID], request="new_customer_address",
        hooks=("dw.ocapi.shop.customer.addresses.beforePOST", "dw.ocapi.shop.customer.addresses.afterPOST"),
    ),
    Operation(
        "addresses.views.AddressViewSet", "retrieve", "getCustomersByIDAddressesByID", "Get an address",
        "addresses", [JWT, OAUTH], {200: _ok("customer_address", "The address.", ETAG)},
        ("CustomerAddressNotFoundException", *FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID, ADDRESS_NAME],
    ),
    Operation(
        "addresses.views.AddressViewSet", "partial_update", "patchCustomersByIDAddressesByID", "Update an address",
        "addresses", [JWT, OAUTH],
        {200: _ok("customer_address", "The updated address.", ETAG),
         301: _ok("customer_address", "Renamed: the address, now at the URL of `Location`.",
                  {**ETAG, "Location": header("The URL of the renamed address.")})},
        ("InvalidCustomerAddressIdException", "AddressIdAlreadyInUseException", "CustomerAddressNotFoundException",
         "ReadOnlyPropertyException", "UnknownPropertyException", *FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN,
         *IF_MATCH, *HOOKS),
        parameters=[CUSTOMER_ID, ADDRESS_NAME, IF_MATCH_HEADER], request="customer_address_input",
        hooks=("dw.ocapi.shop.customer.address.beforePATCH", "dw.ocapi.shop.customer.address.afterPATCH"),
    ),
    Operation(
        "addresses.views.AddressViewSet", "destroy", "deleteCustomersByIDAddressesByID", "Delete an address",
        "addresses", [JWT, OAUTH], {204: _ok(description="Deleted.")},
        ("CustomerAddressNotFoundException", *FOR_CUSTOMER, *WITH_TOKEN, *IF_MATCH, *HOOKS),
        parameters=[CUSTOMER_ID, ADDRESS_NAME, IF_MATCH_HEADER],
        hooks=("dw.ocapi.shop.customer.address.beforeDELETE", "dw.ocapi.shop.customer.address.afterDELETE"),
    ),
    Operation(
        "customers.views.OnBehalfViewSet", "create", "postCustomersByIDAuth", "Get an agent's on-behalf token",
        "auth", [JWT, OAUTH],
        {200: _ok("customer", "The customer; the on-behalf JWT is in the `Authorization` response header.",
                  {**TOKEN, **ETAG})},
        (*FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID],
        description="For an agent's OAuth token (staff user with the permission "
                    "`customers.create_order_on_behalf_of`) and a registered customer, or for an on-behalf "
                    "JWT of that customer, which is exchanged for a new one (renewal). Other tokens get 403.",
    ),
    Operation(
        "orders.views.CustomerBasketsViewSet", "list", "getCustomersByIDBaskets", "Get the customer's baskets",
        "orders", [JWT, OAUTH], {200: _ok("baskets_result", "The baskets of the site.")},
        (*FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID],
    ),
    Operation(
        "orders.views.CustomerOrdersViewSet", "list", "getCustomersByIDOrders", "Get the customer's orders",
        "orders", [JWT, OAUTH], {200: _ok("customer_order_result", "A page of orders, newest first.")},
        (*FOR_CUSTOMER, *WITH_TOKEN),
        parameters=[CUSTOMER_ID, start_parameter(None), COUNT_PARAMETER, OpenApiParameter(
            "cross-sites", bool, OpenApiParameter.QUERY,
            description="All sites' orders (OAuth only; ignored with a customer JWT). Default false.",
        )],
    ),
    Operation(
        "customers.views.PasswordViewSet", "change", "putCustomersByIDPassword", "Change the password", "password",
        [JWT], {204: _ok(description="Changed; every other token of the customer is revoked.")},
        (*FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN, *THROTTLED, *HOOKS), parameters=[CUSTOMER_ID],
        request="password_change_request", hooks=("dw.ocapi.shop.customer.putPassword",),
        description="Needs the customer's own JWT (OAuth tokens get 401).",
    ),
    Operation(
        "customers.views.PasswordViewSet", "reset_for_customer", "postCustomersByIDPasswordReset",
        "Start a password reset for a customer", "password", [JWT, OAUTH],
        {204: _ok(description="A reset token was created and passed to the afterPOST extension point.")},
        (*FOR_CUSTOMER, *WITH_TOKEN, *HOOKS), parameters=[CUSTOMER_ID],
        hooks=("dw.ocapi.shop.customer.password_reset.afterPOST",),
    ),
    Operation(
        "payments.views.PaymentInstrumentViewSet", "list", "getCustomersByIDPaymentInstruments",
        "Get the payment instruments", "payment instruments", [JWT, OAUTH],
        {200: _ok("customer_payment_instrument_result", "The instruments (guests have none).")},
        (*FOR_CUSTOMER, *WITH_TOKEN),
        parameters=[CUSTOMER_ID, OpenApiParameter(
            "payment_method_id", string(256), OpenApiParameter.QUERY,
            description="Only the instruments of this payment method (exact); all when empty.",
        )],
    ),
    Operation(
        "payments.views.PaymentInstrumentViewSet", "create", "postCustomersByIDPaymentInstruments",
        "Add a payment instrument", "payment instruments", [JWT, OAUTH],
        {200: _ok("customer_payment_instrument", "The saved instrument, masked.")},
        ("ReadOnlyPropertyException", "UnknownPropertyException", *FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN, *HOOKS),
        parameters=[CUSTOMER_ID], request="customer_payment_instrument_request",
        hooks=("dw.ocapi.shop.customer.beforePostPaymentInstrument",
               "dw.ocapi.shop.customer.afterPostPaymentInstrument"),
    ),
    Operation(
        "payments.views.PaymentInstrumentViewSet", "retrieve", "getCustomersByIDPaymentInstrumentsByID",
        "Get a payment instrument", "payment instruments", [JWT, OAUTH],
        {200: _ok("customer_payment_instrument", "The instrument, masked.")},
        ("PaymentInstrumentNotFoundException", *FOR_CUSTOMER, *WITH_TOKEN),
        parameters=[CUSTOMER_ID, PAYMENT_INSTRUMENT_ID],
    ),
    Operation(
        "payments.views.PaymentInstrumentViewSet", "destroy", "deleteCustomersByIDPaymentInstrumentsByID",
        "Delete a payment instrument", "payment instruments", [JWT, OAUTH], {204: _ok(description="Deleted.")},
        ("PaymentInstrumentNotFoundException", *FOR_CUSTOMER, *WITH_TOKEN, *HOOKS),
        parameters=[CUSTOMER_ID, PAYMENT_INSTRUMENT_ID],
        hooks=("dw.ocapi.shop.customer.beforeDeletePaymentInstrument",
               "dw.ocapi.shop.customer.afterDeletePaymentInstrument"),
    ),
]

#: Stateful links: after a creating operation, the operations on what it created.
LINKS = {
    ("postCustomersByIDAddresses", 200): {
        op: {"operationId": op, "parameters": {"customer_id": "$request.path.customer_id",
                                               "address_name": "$response.body#/address_id"}}
        for op in ("getCustomersByIDAddressesByID", "patchCustomersByIDAddressesByID",
                   "deleteCustomersByIDAddressesByID")
    },
    ("patchCustomersByIDAddressesByID", 301): {
        "getCustomersByIDAddressesByID": {
            "operationId": "getCustomersByIDAddressesByID",
            "parameters": {"customer_id": "$request.path.customer_id", "address_name": "$response.body#/address_id"},
        },
    },
    ("postCustomersByIDPaymentInstruments", 200): {
        op: {"operationId": op, "parameters": {"customer_id": "$request.path.customer_id",
                                               "payment_instrument_id": "$response.body#/payment_instrument_id"}}
        for op in ("getCustomersByIDPaymentInstrumentsByID", "deleteCustomersByIDPaymentInstrumentsByID")
    },
    ("postCustomers", 200): {
        "getCustomersByID": {"operationId": "getCustomersByID",
                             "parameters": {"customer_id": "$response.body#/customer_id"}},
    },
    ("postCustomersAuth", 200): {
        op: {"operationId": op, "parameters": {"customer_id": "$response.body#/customer_id"}}
        for op in ("getCustomersByID", "getCustomersByIDAddresses", "getCustomersByIDPaymentInstruments")
    },
}


def _description(operation):
    parts = [operation.description] if operation.description else []
    if operation.hooks:
        for name in operation.hooks:
            assert name in EXTENSION_POINTS, name
        parts.append("Extension points: " + ", ".join(f"`{name}`" for name in operation.hooks) + ".")
    return "\n\n".join(parts)


REQUEST_MEDIA_TYPES = ("application/json", "application/xml")


def _extend(operation):
    all_faults = (*operation.faults, *EVERY_OPERATION)
    responses = {}
    for status, (schema, description, _headers) in operation.ok.items():
        responses[status] = OpenApiResponse(schema, description=description)
    responses.update(fault_responses(all_faults))
    return extend_schema(
        operation_id=operation.operation_id,
        summary=operation.summary,
        description=_description(operation),
        tags=[operation.tag],
        auth=operation.security,
        parameters=operation.parameters,
        request=({media_type: ref(operation.request) for media_type in REQUEST_MEDIA_TYPES}
                 if operation.request else None),
        responses=responses,
    )


def _view_class(dotted):
    from importlib import import_module

    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


_annotated = False


def annotate_views():
    """Put each operation's ``extend_schema`` on its view class (once, from AppConfig.ready)."""
    global _annotated
    if _annotated:
        return
    for operation in OPERATIONS:
        view = _view_class(operation.view)
        assert operation.action in vars(view), f"{operation.view}.{operation.action} is not defined there"
        _extend(operation)(getattr(view, operation.action))
    _annotated = True


# --- drf-spectacular plumbing ------------------------------------------------------------
class OcapiAutoSchema(AutoSchema):
    """Our documents are never bare lists: no list wrapping for ``list`` actions."""

    def _is_list_view(self, serializer=None):
        return False


class CustomerJWTScheme(OpenApiAuthenticationExtension):
    target_class = "customers.authentication.CustomerJWTAuthentication"
    name = "customerJWT"

    def get_security_definition(self, auto_schema):
        return SECURITY_SCHEMES["customerJWT"]


class OAuthTokenScheme(OpenApiAuthenticationExtension):
    target_class = "shopsite.authentication.OAuthTokenAuthentication"
    name = "oauthToken"

    def get_security_definition(self, auto_schema):
        return SECURITY_SCHEMES["oauthToken"]


SECURITY_SCHEMES = {
    "customerJWT": {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "A customer JWT from `POST /customers/auth` (RS256, 30 minutes; public keys at "
                       "`/.well-known/jwks.json`), or an agent's on-behalf JWT.",
    },
    "oauthToken": {
        "type": "oauth2",
        "description": "An OAuth token of `POST /dw/oauth2/access_token`: `grant_type=client_credentials` "
                       "with `Authorization: Basic base64(client_id:secret)` for a trusted server (any customer "
                       "of the site), or the agent grant `urn:demandware:params:oauth:grant-type:client-id:"
                       "dwsid:dwsecuretoken` with `?client_id=` and `Authorization: Basic "
                       "base64(username:password:client_secret)` for a customer-service agent.",
        "flows": {"clientCredentials": {"tokenUrl": "/dw/oauth2/access_token", "scopes": {}}},
    },
    "credentialsBasic": {
        "type": "http", "scheme": "basic",
        "description": "`POST /customers/auth` with type `credentials`: the customer's login and password.",
    },
}


def default_site_only(endpoints):
    """PREPROCESSING_HOOK: the API's operations under /dw/shop/v16_4/ only.

    The same operations under /s/{site_id}/dw/shop/v16_4/ are described by the second
    server entry; the OAuth endpoint and the docs views are not operations of this API.
    """
    from shopsite.api import OcapiViewSet

    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(API_PREFIX + "/") and issubclass(getattr(callback, "cls", object), OcapiViewSet)
    ]


def finish_schema(result, generator, request, public):
    """POSTPROCESSING_HOOK: the document components, security schemes, links and description."""
    result["info"]["description"] = DESCRIPTION
    components = result.setdefault("components", {})
    components["schemas"] = {**build_components(), **components.get("schemas", {})}
    components["securitySchemes"] = SECURITY_SCHEMES
    by_id = {}
    for path_item in result["paths"].values():
        for operation in path_item.values():
            by_id[operation["operationId"]] = operation
    for operation in OPERATIONS:
        responses = by_id[operation.operation_id]["responses"]
        if operation.request and operation.action != "partial_update":  # a PATCH may change nothing
            by_id[operation.operation_id]["requestBody"]["required"] = True
        for status, (_, _, headers) in operation.ok.items():
            if headers:
                responses[str(status)]["headers"] = headers
        if "429" in responses:
            responses["429"]["headers"] = {"Retry-After": header("Seconds to wait before retrying.")}
        if "401" in responses:
            responses["401"]["headers"] = {"WWW-Authenticate": header('`Bearer realm="shopsite"`.')}
    for (operation_id, status), links in LINKS.items():
        by_id[operation_id]["responses"][str(status)]["links"] = links
    return result
