"""The product list resources: thin views over productlists.services and selectors.

``/customers/{customer_id}/product_lists...`` serve a customer's own lists (a customer
JWT for its own customer, an OAuth token of a trusted server for any customer of the
site, on-behalf JWTs; customers.access). ``/product_lists...`` serve the public lists to
anyone who names a client (no token needed; a token sent is checked as everywhere).
"""
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from customers.access import CustomerResourceViewSet
from productlists import selectors, services
from productlists.documents import (
    EXPAND_VALUES,
    Links,
    item_document,
    product_list_document,
    public_item_document,
    public_list_link_document,
    public_product_list_document,
    purchase_document,
    result,
)
from productlists.models import ID_MAX_LENGTH
from shopsite import faults
from shopsite.access import TokenInScope
from shopsite.api import OcapiViewSet, document_response, resolve_client
from shopsite.paging import Paging


def parse_expand(request) -> tuple[str, ...]:
    """The ``expand`` values (EXPAND_VALUES, any case, comma-separated); another is a 400 fault."""
    raw = request.query_params.get("expand") or ""
    values = [value.strip().lower() for value in raw.split(",") if value.strip()]
    unknown = [value for value in values if value not in EXPAND_VALUES]
    if unknown:
        raise faults.ParameterConstraintViolationException(
            f"Unknown expand value '{unknown[0][:64]}'; allowed: {', '.join(EXPAND_VALUES)}.", parameter="expand")
    return tuple(dict.fromkeys(values))


def checked_id(value: str, parameter: str) -> str:
    """A path id within the swagger's bound (1..28 characters)."""
    if len(value) > ID_MAX_LENGTH:
        raise faults.ParameterConstraintViolationException(
            f"Path parameter '{parameter}' must be at most {ID_MAX_LENGTH} characters.", parameter=parameter,
            value=value[:64])
    return value


class ProductListResource(CustomerResourceViewSet):
    """Reads the URL's list (and item) of ``self.customer``, after access is granted."""

    def product_list(self, *, with_items=False):
        customer = self.customer  # access faults first
        list_id = checked_id(self.kwargs["list_id"], "list_id")
        return selectors.product_list_get(customer=customer, list_id=list_id, with_items=with_items)

    def item(self):
        item_id = checked_id(self.kwargs["item_id"], "item_id")
        return selectors.product_list_item_get(product_list=self.product_list(), item_id=item_id)

    def ids(self, *names):
        return {name: checked_id(self.kwargs[name], name) for name in names}

    def list_response(self, list_id, status=200):
        product_list = selectors.product_list_get(customer=self.customer, list_id=list_id, with_items=True)
        return document_response(product_list_document(product_list, Links(self.request)), status=status)

    def item_response(self, list_id, item_id):
        """The item as stored now, with its purchased quantity."""
        product_list = selectors.product_list_get(customer=self.customer, list_id=list_id)
        item = selectors.product_list_item_get(product_list=product_list, item_id=item_id)
        return document_response(item_document(item))


class ProductListsViewSet(ProductListResource):
    """GET and POST /customers/{customer_id}/product_lists."""

    def list(self, request, customer_id):
        customer = self.customer
        expand = parse_expand(request)
        links = Links(request)
        data = [product_list_document(product_list, links, expand=expand)
                for product_list in selectors.product_lists_of(customer=customer)]
        return document_response(result("customer_product_list_result", data))

    def create(self, request, customer_id):
        product_list = services.product_list_create(customer=self.customer, data=request.data)
        return self.list_response(product_list.list_id)


class ProductListViewSet(ProductListResource):
    """GET, PATCH and DELETE /customers/{customer_id}/product_lists/{list_id}."""

    def retrieve(self, request, customer_id, list_id):
        product_list = self.product_list(with_items=True)
        return document_response(product_list_document(product_list, Links(request), expand=parse_expand(request)))

    def partial_update(self, request, customer_id, list_id):
        services.product_list_update(customer=self.customer, changes=request.data, **self.ids("list_id"))
        return self.list_response(list_id)

    def destroy(self, request, customer_id, list_id):
        services.product_list_delete(customer=self.customer, **self.ids("list_id"))
        return Response(status=204)


class ProductListItemsViewSet(ProductListResource):
    """GET (paged, 10 by default) and POST /customers/{customer_id}/product_lists/{list_id}/items."""

    def list(self, request, customer_id, list_id):
        product_list = self.product_list()
        expand = parse_expand(request)
        paging = Paging.from_request(request, default_count=10)
        items, total = selectors.product_list_item_page(product_list=product_list, paging=paging)
        data = [item_document(item, expand=expand) for item in items]
        return document_response(paging.result(request, "customer_product_list_item_result", data, total))

    def create(self, request, customer_id, list_id):
        item = services.product_list_item_create(customer=self.customer, data=request.data, **self.ids("list_id"))
        return self.item_response(list_id, item.item_id)


class ProductListItemViewSet(ProductListResource):
    """GET, PATCH and DELETE /customers/{customer_id}/product_lists/{list_id}/items/{item_id}."""

    def retrieve(self, request, customer_id, list_id, item_id):
        item = self.item()
        return document_response(item_document(item, expand=parse_expand(request)))

    def partial_update(self, request, customer_id, list_id, item_id):
        services.product_list_item_update(customer=self.customer, changes=request.data,
                                          **self.ids("list_id", "item_id"))
        return self.item_response(list_id, item_id)

    def destroy(self, request, customer_id, list_id, item_id):
        services.product_list_item_delete(customer=self.customer, **self.ids("list_id", "item_id"))
        return Response(status=204)


class PurchasesViewSet(ProductListResource):
    """GET and POST /customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases."""

    def list(self, request, customer_id, list_id, item_id):
        item = self.item()
        data = [purchase_document(purchase, item) for purchase in selectors.purchases_of(item=item)]
        return document_response(result("customer_product_list_item_purchase_result", data))

    def create(self, request, customer_id, list_id, item_id):
        purchase = services.product_list_item_purchase_create(customer=self.customer, data=request.data,
                                                              **self.ids("list_id", "item_id"))
        return document_response(purchase_document(purchase, purchase.item))


class PurchaseViewSet(ProductListResource):
    """GET and PATCH .../product_lists/{list_id}/items/{item_id}/purchases/{purchase_id}."""

    def retrieve(self, request, customer_id, list_id, item_id, purchase_id):
        item = self.item()
        purchase = selectors.purchase_get(item=item, purchase_id=checked_id(purchase_id, "purchase_id"))
        return document_response(purchase_document(purchase, item))

    def partial_update(self, request, customer_id, list_id, item_id, purchase_id):
        purchase = services.product_list_item_purchase_update(
            customer=self.customer, changes=request.data, **self.ids("list_id", "item_id", "purchase_id"))
        return document_response(purchase_document(purchase, purchase.item))


# --- public --------------------------------------------------------------------------------------
class NamesAClient(BasePermission):
    """Without a token, the request names an enabled client (400 MissingClientIdException,
    401 InvalidClientIdException), as ``POST /customers/auth`` does."""

    def has_permission(self, request, view):
        if request.auth is None:
            resolve_client(request)
        return True


class PublicProductListViewSet(OcapiViewSet):
    """GET /product_lists (search), /product_lists/{list_id}, .../items, .../items/{item_id}:
    public lists of the site and their public items, for anybody."""

    permission_classes = [NamesAClient, TokenInScope]

    def public_list(self, *, with_items=False):
        list_id = checked_id(self.kwargs["list_id"], "list_id")
        return selectors.public_product_list_get(site=self.site, list_id=list_id, with_items=with_items)

    def search(self, request):
        params = request.query_params
        lists, total = selectors.public_product_lists_search(
            site=self.site, email=params.get("email"), first_name=params.get("firstname"),
            last_name=params.get("lastname"))
        links = Links(request)
        data = [public_list_link_document(product_list, links) for product_list in lists]
        return document_response({"_type": "public_product_list_result", "count": len(data), "data": data,
                                  "total": total})

    def retrieve(self, request, list_id):
        parse_expand(request)
        return document_response(public_product_list_document(self.public_list(with_items=True), Links(request)))

    def items(self, request, list_id):
        parse_expand(request)
        data = [public_item_document(item) for item in selectors.public_items_of(product_list=self.public_list())]
        return document_response(result("public_product_list_item_result", data))

    def item(self, request, list_id, item_id):
        parse_expand(request)
        item = selectors.public_item_get(product_list=self.public_list(), item_id=item_id)
        return document_response(public_item_document(item))
