"""Access control of saved payment instruments: the shared cases of customers/tests/access_cases.py."""
from customers.tests.access_cases import CustomerResourceAccessCases, Operation
from payments.services import payment_instrument_create
from payments.tests.helpers import card_request

GUEST_SAVES_NONE = (400, "InvalidCustomerException")


def saved(customer):
    instrument = payment_instrument_create(customer=customer, request_document=card_request())
    return {"instrument": instrument.payment_instrument_id}


class TestPaymentInstrumentAccess(CustomerResourceAccessCases):
    operations = [
        Operation("get", "payment_instruments", setup=saved),
        Operation("post", "payment_instruments", body=card_request, answers={"guest": GUEST_SAVES_NONE}),
        Operation("get", "payment_instruments/{instrument}", setup=saved,
                  answers={"guest": (404, "PaymentInstrumentNotFoundException")}),
        Operation("delete", "payment_instruments/{instrument}", setup=saved, succeeds=204,
                  answers={"guest": GUEST_SAVES_NONE}),
    ]
