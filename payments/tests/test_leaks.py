"""The full numbers posted appear nowhere: not in any response, any database row, any
SQL statement, nor any log record of the run (DEBUG level, SQL logging on)."""
import logging

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments import signals
from payments.models import CustomerPaymentInstrument
from payments.tests.helpers import instruments_url
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db

VISA, MASTERCARD, SPEC_CARD, NOT_LUHN = "4111111111111111", "5500005555555559", "1234567", "4111111111111112"
ACCOUNT, LICENCE = "DE89370400440532013000", "LIC9081726354"
SPEC_GIFT_CODE, GIFT_CODE = "gift_code7", "GIFT7Q2XK91Z"
SECRETS = [VISA, MASTERCARD, SPEC_CARD, NOT_LUHN, ACCOUNT, LICENCE, SPEC_GIFT_CODE, GIFT_CODE]

XML_REQUEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<customer_payment_instrument_request>
  <payment_method_id>CREDIT_CARD</payment_method_id>
  <payment_card><card_type>MasterCard</card_type><number>{MASTERCARD}</number>
    <expiration_month>11</expiration_month><expiration_year>2028</expiration_year></payment_card>
</customer_payment_instrument_request>""".encode()

receiver_log = logging.getLogger("payments.tests.receiver")


def log_everything(sender, **kwargs):
    """A careless receiver: logs every argument it gets."""
    receiver_log.debug("extension point called with %r", kwargs)


def crash_on_gift_codes(sender, payment_instrument, **kwargs):
    """A buggy receiver: its exception (500) carries the document into the error log."""
    if "gift_certificate_code_masked" in payment_instrument and payment_instrument["payment_method_id"] == "CRASH":
        raise RuntimeError(f"receiver failed on {payment_instrument!r}")


def database_dump():
    """Every value of every row of every table."""
    return "\n".join(repr(row) for model in apps.get_models() for row in model.objects.values_list())


def test_full_numbers_appear_in_no_response_row_statement_or_log(as_customer, customer, spec_request, connect,
                                                                 caplog, settings):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")  # Django's default config holds its loggers at INFO
    for signal in (signals.customer_before_post_payment_instrument, signals.customer_after_post_payment_instrument):
        connect(signal, log_everything)
    connect(signals.customer_before_post_payment_instrument, crash_on_gift_codes)
    url = instruments_url(customer)
    responses = []

    def call(method, path, data=None, **kwargs):
        response = getattr(as_customer, method)(path, data, **kwargs)
        responses.append(response)
        return response

    with CaptureQueriesContext(connection) as queries:  # also turns on django.db.backends DEBUG logging
        # saved: the spec's sample, a card with a bank account and a gift certificate, a card in XML
        assert call("post", url, spec_request, format="json").status_code == 200
        assert call("post", url, {
            "payment_method_id": "OCAPI_Payment_Simple", "gift_certificate_code": GIFT_CODE,
            "payment_card": {"card_type": "Visa", "number": VISA, "expiration_month": 1, "expiration_year": 2030},
            "payment_bank_account": {"holder": "Joe Doe", "number": ACCOUNT, "drivers_license": LICENCE},
        }, format="json").status_code == 200
        assert call("post", url + "?format=xml", XML_REQUEST, content_type="application/xml").status_code == 200
        # refused: a security code, a bad month, a Luhn failure, a receiver's crash
        assert call("post", url, {"payment_method_id": "X", "payment_card": {"number": VISA, "security_code": "1"}},
                    format="json").status_code == 400
        assert call("post", url, {"payment_method_id": "X", "payment_card": {"number": VISA, "expiration_month": 13},
                                  "payment_bank_account": {"number": ACCOUNT, "drivers_license": LICENCE}},
                    format="json").status_code == 400
        settings.SHOPSITE_CARD_LUHN_CHECK = True
        assert call("post", url, {"payment_method_id": "X", "payment_card": {"number": NOT_LUHN}},
                    format="json").status_code == 400
        assert call("post", url, {"payment_method_id": "CRASH", "gift_certificate_code": GIFT_CODE,
                                  "payment_card": {"number": VISA}}, format="json").status_code == 500
        # read back in every form, then delete one
        listed = call("get", url).json()["data"]
        call("get", url, HTTP_ACCEPT="application/xml")
        for item in listed:
            call("get", instruments_url(customer, item["payment_instrument_id"]))
            call("get", instruments_url(customer, item["payment_instrument_id"]) + "?format=xml")
        call("get", api_url("customers", customer.customer_id, expand="paymentinstruments"))
        assert call("delete", instruments_url(customer, listed[0]["payment_instrument_id"])).status_code == 204

    bodies = "\n".join(
        response.content.decode() + "\n" + "\n".join(f"{name}: {value}" for name, value in response.items())
        for response in responses
    )
    logs = caplog.text + "\n".join(f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records)
    statements = "\n".join(query["sql"] for query in queries.captured_queries)
    rows = database_dump()

    # The places searched do hold what was posted, masked: the search looks where it matters.
    assert "***4567" in bodies and "******ode7" in bodies and "************1111" in bodies
    assert "******************3000" in rows and "*********6354" in rows and "********K91Z" in rows
    assert "INSERT INTO" in logs and "payments_customerpaymentinstrument" in statements
    assert "extension point called with" in logs and "receiver failed on" in logs
    assert "********K91Z" in logs  # the crashing receiver's document, masked
    for secret in SECRETS:
        for place, text in (("responses", bodies), ("logs", logs), ("SQL", statements), ("database", rows)):
            assert secret not in text, f"{secret} found in the {place}"
    # fingerprints stay in the database
    for fingerprint in CustomerPaymentInstrument.objects.values_list("card_number_fingerprint", flat=True):
        assert fingerprint and fingerprint not in bodies
    assert CustomerPaymentInstrument.objects.count() == 2
