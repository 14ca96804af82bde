"""GET /customers/{customer_id}/baskets and /orders: thin views over orders.selectors."""
from customers.access import CustomerResourceViewSet, caller_is_customer
from orders.documents import basket_document, order_document
from orders.selectors import customer_baskets, customer_orders
from shopsite.api import document_response
from shopsite.paging import Paging, boolean_parameter


class CustomerBasketsViewSet(CustomerResourceViewSet):
    """GET /customers/{customer_id}/baskets -> baskets_result (no paging in 16.4)."""

    def list(self, request, customer_id):
        customer = self.customer
        baskets = [basket_document(basket) for basket in customer_baskets(customer=customer, site=self.site)]
        return document_response({"_type": "baskets_result", "baskets": baskets, "total": len(baskets)})


class CustomerOrdersViewSet(CustomerResourceViewSet):
    """GET /customers/{customer_id}/orders -> customer_order_result, newest first.

    ``cross-sites=true`` lists the customer's orders of every site for OAuth callers; a
    customer JWT only ever sees the orders of the request's site (the flag is ignored).
    """

    def list(self, request, customer_id):
        customer = self.customer  # access faults come first
        paging = Paging.from_request(request, default_count=10, max_start=None)
        # The flag means nothing to a customer JWT, so only OAuth callers have it read.
        all_sites = not caller_is_customer(request) and boolean_parameter(request, "cross-sites")
        orders = customer_orders(customer=customer, site=self.site, all_sites=all_sites)
        total = orders.count()
        data = [order_document(order) for order in paging.slice(orders)]
        return document_response(paging.result(request, "customer_order_result", data, total))
