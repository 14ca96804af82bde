"""Reads of saved payment instruments: the hot read prepared once, the guest rule, the list filter."""
from django.http import QueryDict

from customers.models import Customer
from payments.filters import filter_payment_instruments
from payments.models import CustomerPaymentInstrument
from shopsite import faults
from shopsite.prepared import PreparedQuery

# GET /customers/{id}?expand=paymentinstruments is a hot path: its read is prepared once.
INSTRUMENTS_OF = PreparedQuery(
    lambda customer_pk: CustomerPaymentInstrument.objects.filter(customer_id=customer_pk), -7_000_000_002
)


def payment_instruments_listed(*, customer: Customer, query_params: QueryDict) -> list[CustomerPaymentInstrument]:
    """The customer's instruments narrowed by the list's filters; guests have none (an empty list)."""
    if customer.is_guest:
        return []
    return list(filter_payment_instruments(query_params, customer.payment_instruments.all()))


def payment_instrument_get(*, customer: Customer, payment_instrument_id: str) -> CustomerPaymentInstrument:
    """The customer's instrument, or 404 PaymentInstrumentNotFoundException (guests have none)."""
    instrument = None
    if not customer.is_guest:
        instrument = customer.payment_instruments.filter(payment_instrument_id=payment_instrument_id).first()
    if instrument is None:
        raise instrument_not_found(payment_instrument_id)
    return instrument


def instrument_not_found(payment_instrument_id: str) -> faults.PaymentInstrumentNotFoundException:
    shown = payment_instrument_id[:64]
    return faults.PaymentInstrumentNotFoundException(
        f"The payment instrument with uuid '{shown}' was not found.", paymentInstrumentId=shown
    )
