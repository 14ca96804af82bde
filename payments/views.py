"""The payment instruments resource: thin views over payments.services."""
from rest_framework.response import Response

from customers.access import CustomerResourceViewSet
from payments import selectors, services
from payments.documents import payment_instrument_document, payment_instrument_result
from shopsite.api import document_response
from shopsite.versions import request_edition


class PaymentInstrumentViewSet(CustomerResourceViewSet):
    """/customers/{customer_id}/payment_instruments[/{payment_instrument_id}]."""

    def list(self, request, customer_id):
        instruments = selectors.payment_instruments_listed(customer=self.customer, query_params=request.query_params)
        return document_response(payment_instrument_result(instruments, edition=request_edition(request)))

    def create(self, request, customer_id):
        customer = self.customer
        edition = request_edition(request)
        instrument = services.payment_instrument_create(customer=customer, request_document=request.data,
                                                        edition=edition)
        return document_response(payment_instrument_document(instrument, edition=edition))

    def retrieve(self, request, customer_id, payment_instrument_id):
        customer = self.customer
        instrument = selectors.payment_instrument_get(customer=customer, payment_instrument_id=payment_instrument_id)
        return document_response(payment_instrument_document(instrument, edition=request_edition(request)))

    def destroy(self, request, customer_id, payment_instrument_id):
        customer = self.customer
        services.payment_instrument_delete(customer=customer, payment_instrument_id=payment_instrument_id)
        return Response(status=204)
