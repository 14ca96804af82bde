"""Helpers of the payments tests (the fixtures are in conftest.py)."""
import datetime

from payments.models import CustomerPaymentInstrument
from shopsite.testing import api_url

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.timezone.utc)

# The request of the spec's "Add Payment Instrument for Customer" sample.
SPEC_REQUEST = {
    "payment_card": {
        "expiration_year": 2027,
        "expiration_month": 7,
        "valid_from_month": 8,
        "valid_from_year": 2007,
        "issue_number": "i117",
        "number": "1234567",
        "holder": "Joe Doe",
        "card_type": "MasterCard",
    },
    "gift_certificate_code": "gift_code7",
    "payment_method_id": "OCAPI_Payment_Simple",
    "bank_routing_number": "bankrouting3776",
    "c_strValue": "custom value 7",
}


def instruments_url(customer_or_id, instrument_id=None, site_id=None):
    customer_id = getattr(customer_or_id, "customer_id", customer_or_id)
    ids = (instrument_id,) if instrument_id else ()
    return api_url("customers", customer_id, "payment_instruments", *ids, site=site_id)


def card_request(number="4111111111111111", method="CREDIT_CARD", **card):
    return {"payment_method_id": method, "payment_card": {"card_type": "Visa", "number": number, **card}}


def stored_count():
    return CustomerPaymentInstrument.objects.count()
