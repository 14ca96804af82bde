"""The address book resource: thin views over addresses.services."""
from urllib.parse import quote

from rest_framework.response import Response

from addresses import services
from addresses.documents import address_document, address_etag
from customers.access import customer_for_request, registered_customer_for_request
from shopsite.api import OcapiViewSet, document_response
from shopsite.etags import check_if_match, etag_of
from shopsite.paging import Paging

RESULT_TYPE = "customer_address_result"


def _address_response(address, status=200, headers=None):
    doc = address_document(address)
    return document_response(doc, status=status, etag=etag_of(doc), headers=headers)


def _if_match(request):
    """The If-Match precondition, checked by the services on the locked address."""
    return lambda address: check_if_match(request, address_etag(address))


class AddressListViewSet(OcapiViewSet):
    """GET and POST /customers/{customer_id}/addresses."""

    def list(self, request, customer_id):
        customer = customer_for_request(request, self.site, customer_id)
        paging = Paging.from_request(request, default_count=10)
        if customer.is_guest:  # guests have no address book: an empty result
            return document_response(paging.result(request, RESULT_TYPE, [], 0))
        addresses = services.addresses_of(customer)
        total = addresses.count()
        data = [address_document(address, with_etag=True) for address in paging.slice(addresses)]
        return document_response(paging.result(request, RESULT_TYPE, data, total))

    def create(self, request, customer_id):
        customer = registered_customer_for_request(request, self.site, customer_id)
        address = services.address_create(customer=customer, data=request.data)
        return _address_response(address)


class AddressViewSet(OcapiViewSet):
    """GET, PATCH and DELETE /customers/{customer_id}/addresses/{address_name}."""

    def retrieve(self, request, customer_id, address_name):
        customer = customer_for_request(request, self.site, customer_id)
        return _address_response(services.address_get(customer=customer, address_name=address_name))

    def partial_update(self, request, customer_id, address_name):
        customer = registered_customer_for_request(request, self.site, customer_id)
        address = services.address_update(
            customer=customer, address_name=address_name, changes=request.data, check=_if_match(request)
        )
        if address.address_id == address_name:
            return _address_response(address)
        # Renamed: the address now lives at another URL.
        base = request.path[: len(request.path) - len(address_name)]
        location = request.build_absolute_uri(quote(base) + quote(address.address_id, safe=""))
        return _address_response(address, status=301, headers={"Location": location})

    def destroy(self, request, customer_id, address_name):
        customer = registered_customer_for_request(request, self.site, customer_id)
        services.address_delete(customer=customer, address_name=address_name, check=_if_match(request))
        return Response(status=204)
