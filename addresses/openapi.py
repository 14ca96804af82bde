"""The address book's part of the OpenAPI description (and its place in the customer document)."""
from addresses.documents import EDITION_TEXT_FIELDS
from addresses.models import CustomerAddress
from addresses.views import AddressListViewSet, AddressViewSet
from customers.openapi import CUSTOMER_ID, FOR_CUSTOMER, JWT, describe_expansion
from shopsite import faults
from shopsite.openapi import (
    HOOKS,
    IF_MATCH,
    OAUTH,
    WITH_BODY,
    WITH_TOKEN,
    Link,
    Operation,
    register_app_description,
    success,
)
from shopsite.openapi_blocks import (
    COUNT_PARAMETER,
    DATE_TIME,
    ETAG,
    IF_MATCH_HEADER,
    PAGING_PROPERTIES,
    document,
    header,
    nullable,
    path_parameter,
    ref,
    request_document,
    start_parameter,
    string,
)
from shopsite.paging import MAX_START
from shopsite.versions import V16_4

ADDRESS_NAME = path_parameter("address_name", "The address name (its `address_id`).", 256)


def components(edition=V16_4):
    """The address book's documents as JSON Schemas (OpenAPI 3.1), in that edition of the documents
    (what differs: addresses.documents.EDITION_TEXT_FIELDS)."""
    address_text = {name: string(CustomerAddress._meta.get_field(name).max_length)
                    for name in EDITION_TEXT_FIELDS[edition]}
    address_text["country_code"] = string(2, "ISO 3166-1 alpha-2, upper case.", pattern="^[A-Z]{2}$")
    address_id = string(256, "The address name chosen by the customer (1-256 characters, not blank).",
                        minLength=1, pattern=r"\S")
    writable_address = {name: nullable(schema) for name, schema in address_text.items()}
    writable_address["country_code"] = nullable(string(2, "ISO 3166-1 alpha-2, upper case.",
                                                       pattern="^([A-Z]{2})?$"))
    writable_address["preferred"] = {"type": ["boolean", "null"],
                                     "description": "Making one address preferred clears the flag of the others."}
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
            {**PAGING_PROPERTIES, "data": {"type": "array", "items": ref("customer_address")}},
            required=("count", "data", "start", "total"),
        ),
    }


def operations():
    """The address book's operations, in the order of the spec's table."""
    return [
        Operation(
            view=AddressListViewSet, action="list", operation_id="getCustomersByIDAddresses",
            summary="Get the address book", tag="addresses", security=[JWT, OAUTH],
            responses={200: success(component="customer_address_result", description="A page of addresses.")},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID, start_parameter(MAX_START), COUNT_PARAMETER],
            description="Sorted with the preferred address first, then by address id; 10 per page by default. "
                        "Guests have an empty address book.",
        ),
        Operation(
            view=AddressListViewSet, action="create", operation_id="postCustomersByIDAddresses",
            summary="Create an address", tag="addresses", security=[JWT, OAUTH],
            responses={200: success(component="customer_address", description="The new address.", headers=ETAG)},
            faults=(faults.InvalidCustomerAddressIdException, faults.AddressIdAlreadyInUseException,
                    faults.ReadOnlyPropertyException, faults.UnknownPropertyException, *FOR_CUSTOMER, *WITH_BODY,
                    *WITH_TOKEN, *HOOKS),
            parameters=[CUSTOMER_ID], request="new_customer_address",
            hooks=("dw.ocapi.shop.customer.addresses.beforePOST", "dw.ocapi.shop.customer.addresses.afterPOST",
                   "dw.ocapi.shop.customer.address.modifyPOSTResponse"),
        ),
        Operation(
            view=AddressViewSet, action="retrieve", operation_id="getCustomersByIDAddressesByID",
            summary="Get an address", tag="addresses", security=[JWT, OAUTH],
            responses={200: success(component="customer_address", description="The address.", headers=ETAG)},
            faults=(faults.CustomerAddressNotFoundException, *FOR_CUSTOMER, *WITH_TOKEN),
            parameters=[CUSTOMER_ID, ADDRESS_NAME],
        ),
        Operation(
            view=AddressViewSet, action="partial_update", operation_id="patchCustomersByIDAddressesByID",
            summary="Update an address", tag="addresses", security=[JWT, OAUTH],
            responses={
                200: success(component="customer_address", description="The updated address.", headers=ETAG),
                301: success(component="customer_address",
                             description="Renamed: the address, now at the URL of `Location`.",
                             headers={**ETAG, "Location": header("The URL of the renamed address.")}),
            },
            faults=(faults.InvalidCustomerAddressIdException, faults.AddressIdAlreadyInUseException,
                    faults.CustomerAddressNotFoundException, faults.ReadOnlyPropertyException,
                    faults.UnknownPropertyException, *FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN, *IF_MATCH, *HOOKS),
            parameters=[CUSTOMER_ID, ADDRESS_NAME, IF_MATCH_HEADER], request="customer_address_input",
            hooks=("dw.ocapi.shop.customer.address.beforePATCH", "dw.ocapi.shop.customer.address.afterPATCH",
                   "dw.ocapi.shop.customer.address.modifyPATCHResponse"),
        ),
        Operation(
            view=AddressViewSet, action="destroy", operation_id="deleteCustomersByIDAddressesByID",
            summary="Delete an address", tag="addresses", security=[JWT, OAUTH],
            responses={204: success(description="Deleted.")},
            faults=(faults.CustomerAddressNotFoundException, *FOR_CUSTOMER, *WITH_TOKEN, *IF_MATCH, *HOOKS),
            parameters=[CUSTOMER_ID, ADDRESS_NAME, IF_MATCH_HEADER],
            hooks=("dw.ocapi.shop.customer.address.beforeDELETE", "dw.ocapi.shop.customer.address.afterDELETE"),
        ),
    ]


_CREATED = {"customer_id": "$request.path.customer_id", "address_name": "$response.body#/address_id"}
LINKS = (
    *(Link(source="postCustomersByIDAddresses", status=200, target=target, parameters=_CREATED)
      for target in ("getCustomersByIDAddressesByID", "patchCustomersByIDAddressesByID",
                     "deleteCustomersByIDAddressesByID")),
    Link(source="patchCustomersByIDAddressesByID", status=301, target="getCustomersByIDAddressesByID",
         parameters=_CREATED),
    Link(source="postCustomersAuth", status=200, target="getCustomersByIDAddresses",
         parameters={"customer_id": "$response.body#/customer_id"}),
)

describe_expansion(value="addresses", property_name="addresses", item_component="customer_address",
                   description="The address book (with `expand=addresses`).")
register_app_description(app_label="addresses", operations=operations, components=components, links=LINKS)
