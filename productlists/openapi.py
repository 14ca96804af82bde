"""The product lists' part of the OpenAPI description: the 20.4 swagger's operations on
``/customers/{customer_id}/product_lists...`` and the public ``/product_lists...`` reads.
The documents are in productlists.schemas. The swagger names no extension points for them."""
from drf_spectacular.utils import OpenApiParameter

from customers.openapi import CUSTOMER_ID, FOR_CUSTOMER, JWT
from productlists.documents import EXPAND_VALUES
from productlists.models import ID_MAX_LENGTH
from productlists.schemas import EXPAND_NOTE, components
from productlists.views import (
    ProductListItemsViewSet,
    ProductListItemViewSet,
    ProductListsViewSet,
    ProductListViewSet,
    PublicProductListViewSet,
    PurchasesViewSet,
    PurchaseViewSet,
)
from shopsite import faults
from shopsite.openapi import NO_AUTH, OAUTH, WITH_BODY, WITH_TOKEN, Link, Operation, register_app_description, success
from shopsite.openapi_blocks import (
    CLIENT_ID_PARAMETERS,
    COUNT_PARAMETER,
    path_parameter,
    start_parameter,
    string,
)
from shopsite.paging import MAX_START

LIST_ID = path_parameter("list_id", "The product list's id.", ID_MAX_LENGTH)
ITEM_ID = path_parameter("item_id", "The item's id.", ID_MAX_LENGTH)
PURCHASE_ID = path_parameter("purchase_id", "The purchase's id.", ID_MAX_LENGTH)
PUBLIC_ITEM_ID = path_parameter("item_id", "The item's id.")
EXPAND = OpenApiParameter(
    "expand", {"type": "array", "items": {"type": "string", "enum": list(EXPAND_VALUES)}, "uniqueItems": True},
    OpenApiParameter.QUERY, style="form", explode=False, description="Comma-separated. " + EXPAND_NOTE,
)
SEARCH = [OpenApiParameter(name, string(), OpenApiParameter.QUERY, description=description) for name, description in (
    ("email", "The email of the customer the lists belong to (any case)."),
    ("firstname", "The first name of the customer the lists belong to (any case; with `lastname`)."),
    ("lastname", "The last name of the customer the lists belong to (any case; with `firstname`)."),
)]

OWNER = [JWT, OAUTH]
ANYONE = [NO_AUTH, JWT, OAUTH]
ON_CUSTOMER = (*FOR_CUSTOMER, *WITH_TOKEN)
WRITE = (faults.ReadOnlyPropertyException, faults.UnknownPropertyException, *WITH_BODY)
LIST_404 = (faults.CustomerProductListNotFoundException,)
ITEM_404 = (*LIST_404, faults.CustomerProductListItemNotFoundException)
PURCHASE_404 = (*ITEM_404, faults.CustomerProductListItemPurchaseNotFoundException)
PUBLIC = (faults.MissingClientIdException, faults.InvalidClientIdException, *WITH_TOKEN)
GUESTS = "Guests have no product lists: their reads find none, their writes are `400 InvalidCustomerException`."
NO_HOOKS = "The 20.4 swagger names no extension points for this operation; shopsite runs none."


def _operation(view, action, operation_id, summary, response, *, description="", tag="product lists",
               security=OWNER, status=200, **kwargs):
    responses = {status: success(component=response, description=summary + ".")} if response else {
        204: success(description="Done.")}
    description = " ".join(filter(None, (description, NO_HOOKS)))
    return Operation(view=view, action=action, operation_id=operation_id, summary=summary, tag=tag,
                     security=security, responses=responses, description=description, **kwargs)


def operations():
    """The swagger's product list operations, in its order of paths."""
    ids = [CUSTOMER_ID]
    in_list, in_item = [*ids, LIST_ID], [*ids, LIST_ID, ITEM_ID]
    return [
        _operation(ProductListsViewSet, "list", "getCustomersByIDProductLists", "The customer's product lists",
                   "customer_product_list_result", faults=ON_CUSTOMER, parameters=[*ids, EXPAND],
                   description="Every list with its items, oldest first (not paged in 20.4). " + GUESTS),
        _operation(ProductListsViewSet, "create", "postCustomersByIDProductLists", "Create a product list",
                   "customer_product_list", request="new_customer_product_list", parameters=ids,
                   faults=(faults.InvalidProductListTypeException, faults.InvalidProductListAddressException,
                           *WRITE, *ON_CUSTOMER),
                   description="Address links name one of the customer's addresses by `address_id`; deleting "
                               "the address later clears the link. " + GUESTS),
        _operation(ProductListViewSet, "retrieve", "getCustomersByIDProductListsByID", "A product list",
                   "customer_product_list", parameters=[*in_list, EXPAND], faults=(*LIST_404, *ON_CUSTOMER)),
        _operation(ProductListViewSet, "partial_update", "patchCustomersByIDProductListsByID",
                   "Change a product list", "customer_product_list", request="customer_product_list_input",
                   parameters=in_list,
                   faults=(*LIST_404, faults.InvalidProductListAddressException, *WRITE, *ON_CUSTOMER),
                   description="Name, description, public, and (as OCAPI 16.2 allowed) the event, the "
                               "registrants and the address links; a sub-document sent replaces the stored one."),
        _operation(ProductListViewSet, "destroy", "deleteCustomersByIDProductListsByID", "Delete a product list",
                   None, parameters=in_list, faults=(*LIST_404, *ON_CUSTOMER),
                   description="With its items and their purchases."),
        _operation(ProductListItemsViewSet, "list", "getCustomersByIDProductListsByIDItems", "The list's items",
                   "customer_product_list_item_result", faults=(*LIST_404, *ON_CUSTOMER),
                   parameters=[*in_list, EXPAND, start_parameter(MAX_START), COUNT_PARAMETER],
                   description="In the order they were added; 10 per page by default."),
        _operation(ProductListItemsViewSet, "create", "postCustomersByIDProductListsByIDItems", "Add an item",
                   "customer_product_list_item", request="new_customer_product_list_item", parameters=in_list,
                   faults=(faults.ProductListItemTypeMissingException, faults.ProductListProductIdMissingException,
                           faults.ProductListGiftCertificateItemExistsException, *LIST_404, *WRITE, *ON_CUSTOMER),
                   description="`product_id` is stored as given: there is no catalogue, so the swagger's "
                               "ProductListProductNotFoundException never happens. A list holds one gift "
                               "certificate item at most."),
        _operation(ProductListItemViewSet, "retrieve", "getCustomersByIDProductListsByIDItemsByID", "An item",
                   "customer_product_list_item", parameters=[*in_item, EXPAND], faults=(*ITEM_404, *ON_CUSTOMER)),
        _operation(ProductListItemViewSet, "partial_update", "patchCustomersByIDProductListsByIDItemsByID",
                   "Change an item", "customer_product_list_item", request="customer_product_list_item_input",
                   parameters=in_item, faults=(*ITEM_404, *WRITE, *ON_CUSTOMER)),
        _operation(ProductListItemViewSet, "destroy", "deleteCustomersByIDProductListsByIDItemsByID",
                   "Remove an item", None, parameters=in_item, faults=(*ITEM_404, *ON_CUSTOMER),
                   description="With its purchases."),
        _operation(PurchasesViewSet, "list", "getCustomersByIDProductListsByIDItemsByIDPurchases",
                   "The item's purchases", "customer_product_list_item_purchase_result", parameters=in_item,
                   faults=(*ITEM_404, *ON_CUSTOMER)),
        _operation(PurchasesViewSet, "create", "postCustomersByIDProductListsByIDItemsByIDPurchases",
                   "Record a purchase", "customer_product_list_item_purchase", parameters=in_item,
                   request="new_customer_product_list_item_purchase", faults=(*ITEM_404, *WRITE, *ON_CUSTOMER)),
        _operation(PurchaseViewSet, "retrieve", "getCustomersByIDProductListsByIDItemsByIDPurchasesByID",
                   "A purchase", "customer_product_list_item_purchase", parameters=[*in_item, PURCHASE_ID],
                   faults=(*PURCHASE_404, *ON_CUSTOMER)),
        _operation(PurchaseViewSet, "partial_update", "patchCustomersByIDProductListsByIDItemsByIDPurchasesByID",
                   "Change a purchase", "customer_product_list_item_purchase", parameters=[*in_item, PURCHASE_ID],
                   request="customer_product_list_item_purchase_input", faults=(*PURCHASE_404, *WRITE, *ON_CUSTOMER),
                   description="Its custom attributes only (the swagger's considered values)."),
        _operation(PublicProductListViewSet, "search", "getProductLists", "Search public product lists",
                   "public_product_list_result", tag="public product lists", security=ANYONE,
                   parameters=[*SEARCH, *CLIENT_ID_PARAMETERS],
                   faults=(faults.ProductListSearchTermException, *PUBLIC),
                   description="The public lists of the registered customers of the site matching every term "
                               "given: an email, or a first and a last name (names and email in any case). No "
                               "token needed, a client id is."),
        _operation(PublicProductListViewSet, "retrieve", "getProductListsByID", "A public product list",
                   "public_product_list", tag="public product lists", security=ANYONE,
                   parameters=[LIST_ID, EXPAND, *CLIENT_ID_PARAMETERS],
                   faults=(faults.ProductListNotFoundException, *PUBLIC),
                   description="Only lists marked public, with their public items; no registrant email, no "
                               "custom attributes. A private list is not found."),
        _operation(PublicProductListViewSet, "items", "getProductListsByIDItems", "A public list's items",
                   "public_product_list_item_result", tag="public product lists", security=ANYONE,
                   parameters=[LIST_ID, EXPAND, *CLIENT_ID_PARAMETERS],
                   faults=(faults.ProductListNotFoundException, *PUBLIC), description="The public items only."),
        _operation(PublicProductListViewSet, "item", "getProductListsByIDItemsByID", "A public list's item",
                   "public_product_list_item", tag="public product lists", security=ANYONE,
                   parameters=[LIST_ID, PUBLIC_ITEM_ID, EXPAND, *CLIENT_ID_PARAMETERS],
                   faults=(faults.ProductListNotFoundException, faults.ProductListItemNotFoundException, *PUBLIC)),
    ]


_LIST = {"customer_id": "$request.path.customer_id", "list_id": "$response.body#/id"}
_ITEM = {"customer_id": "$request.path.customer_id", "list_id": "$request.path.list_id",
         "item_id": "$response.body#/id"}
_PURCHASE = {**_ITEM, "item_id": "$request.path.item_id", "purchase_id": "$response.body#/id"}
LINKS = (
    *(Link(source="postCustomersByIDProductLists", status=200, target=target, parameters=_LIST)
      for target in ("getCustomersByIDProductListsByID", "patchCustomersByIDProductListsByID",
                     "getCustomersByIDProductListsByIDItems", "postCustomersByIDProductListsByIDItems")),
    *(Link(source="postCustomersByIDProductListsByIDItems", status=200, target=target, parameters=_ITEM)
      for target in ("getCustomersByIDProductListsByIDItemsByID", "patchCustomersByIDProductListsByIDItemsByID",
                     "postCustomersByIDProductListsByIDItemsByIDPurchases")),
    Link(source="postCustomersByIDProductListsByIDItemsByIDPurchases", status=200,
         target="getCustomersByIDProductListsByIDItemsByIDPurchasesByID", parameters=_PURCHASE),
)

register_app_description(app_label="productlists", operations=operations, components=components, links=LINKS)
