"""GET /customers/{customer_id}/baskets and /orders: thin views over orders.selectors."""
from customers.access import caller_is_customer, customer_for_request
from orders.documents import basket_document, order_document
from orders.selectors import customer_baskets, customer_orders
from shopsite import faults
from shopsite.api import OcapiViewSet, document_response
from shopsite.paging import Paging


def cross_sites_flag(request):
    """The ``cross-sites`` query parameter: true/false in any case, default false; else 400."""
    raw = request.query_params.get("cross-sites")
    if raw is None:
        return False
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise faults.ParameterConstraintViolationException(
            "Query parameter 'cross-sites' must be true or false.", parameter="cross-sites", value=raw[:64]
        )
    return value == "true"


class CustomerBasketsViewSet(OcapiViewSet):
    """GET /customers/{customer_id}/baskets -> baskets_result (no paging in 16.4)."""

    def list(self, request, customer_id):
        customer = customer_for_request(request, self.site, customer_id)
        baskets = [basket_document(basket) for basket in customer_baskets(customer=customer, site=self.site)]
        return document_response({"_type": "baskets_result", "baskets": baskets, "total": len(baskets)})


class CustomerOrdersViewSet(OcapiViewSet):
    """GET /customers/{customer_id}/orders -> customer_order_result, newest first.

    ``cross-sites=true`` lists the customer's orders of every site for OAuth callers; a
    customer JWT only ever sees the orders of the request's site (the flag is ignored).
    """

    def list(self, request, customer_id):
        paging = Paging.from_request(request, default_count=10, max_start=None)
        all_sites = cross_sites_flag(request) and not caller_is_customer(request)
        customer = customer_for_request(request, self.site, customer_id)
        orders = customer_orders(customer=customer, site=self.site, all_sites=all_sites)
        total = orders.count()
        data = [order_document(order) for order in paging.slice(orders)]
        return document_response(paging.result(request, "customer_order_result", data, total))
