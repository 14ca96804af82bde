"""The address book resource: thin views over addresses.services."""
from urllib.parse import quote

from django.urls import reverse
from rest_framework.response import Response

from addresses import selectors, services, signals
from addresses.documents import address_document
from addresses.models import ADDRESS_ID_MAX_LENGTH, CustomerAddress
from customers.access import CustomerResourceViewSet
from shopsite import faults, hooks
from shopsite.api import document_response
from shopsite.etags import etag_of
from shopsite.paging import Paging
from shopsite.versions import request_edition, request_version

RESULT_TYPE = "customer_address_result"


def _address_response(request, address, status=200, headers=None, modify=None, **arguments):
    """The address's document in the request's edition with its ETag (the stored address's), as
    ``modify``, a ``modify…Response`` extension point, leaves it where the request's version has it."""
    doc = address_document(address, edition=request_edition(request))
    etag = etag_of(doc)
    if modify is not None:
        doc = hooks.modified_response(modify, request, doc, sender=CustomerAddress, address_name=address.address_id,
                                      **arguments)
    return document_response(doc, status=status, etag=etag, headers=headers)


def _checked_address_name(address_name):
    """The URL's address name within the spec's path constraint (1..256 characters)."""
    if len(address_name) > ADDRESS_ID_MAX_LENGTH:
        raise faults.ParameterConstraintViolationException(
            f"Path parameter 'address_name' must be at most {ADDRESS_ID_MAX_LENGTH} characters.",
            parameter="address_name", value=address_name[:64],
        )
    return address_name


def _address_url(request, address_id):
    """The absolute URL of an address, on the request's URL prefix (``/s/{site_id}/...``
    or not). The id is appended percent-encoded as one path segment (``/`` as ``%2F``),
    which ``reverse()`` would leave as a ``/``."""
    kwargs = {key: value for key, value in request.resolver_match.kwargs.items() if key != "address_name"}
    kwargs["version"] = request_version(request)
    return request.build_absolute_uri(f"{reverse('customer-addresses', kwargs=kwargs)}/{quote(address_id, safe='')}")


class AddressListViewSet(CustomerResourceViewSet):
    """GET and POST /customers/{customer_id}/addresses."""

    def list(self, request, customer_id):
        customer = self.customer
        paging = Paging.from_request(request, default_count=10)
        addresses, total = selectors.address_page(customer=customer, paging=paging)
        edition = request_edition(request)
        data = [address_document(address, with_etag=True, edition=edition) for address in addresses]
        return document_response(paging.result(request, RESULT_TYPE, data, total))

    def create(self, request, customer_id):
        modify = signals.customer_address_modify_post_response
        with hooks.answering(modify, request):
            address = services.address_create(customer=self.customer, data=request.data,
                                              edition=request_edition(request))
            return _address_response(request, address, modify=modify, customer=self.customer,
                                     customer_address=request.data)


class AddressViewSet(CustomerResourceViewSet):
    """GET, PATCH and DELETE /customers/{customer_id}/addresses/{address_name}."""

    def retrieve(self, request, customer_id, address_name):
        address = selectors.address_get(customer=self.customer, address_name=_checked_address_name(address_name))
        return _address_response(request, address)

    def partial_update(self, request, customer_id, address_name):
        modify = signals.customer_address_modify_patch_response
        with hooks.answering(modify, request):
            address = services.address_update(
                customer=self.customer, address_name=_checked_address_name(address_name), changes=request.data,
                if_match=request.headers.get("If-Match"), edition=request_edition(request),
            )
            answer = {"modify": modify, "customer": self.customer, "customer_address": request.data}
            if address.address_id == address_name:
                return _address_response(request, address, **answer)
            # Renamed: the address now lives at another URL.
            return _address_response(request, address, status=301, **answer,
                                     headers={"Location": _address_url(request, address.address_id)})

    def destroy(self, request, customer_id, address_name):
        services.address_delete(
            customer=self.customer, address_name=_checked_address_name(address_name),
            if_match=request.headers.get("If-Match"),
        )
        return Response(status=204)
