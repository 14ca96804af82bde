"""The four payment instrument extension points: arguments, moment, and rollback."""
import pytest

from payments import signals
from payments.models import CustomerPaymentInstrument
from payments.tests.helpers import card_request, instruments_url, stored_count
from shopsite.testing import fault_of, hook_fault

pytestmark = pytest.mark.django_db

MASKED_SPEC_REQUEST = {
    "payment_card": {
        "expiration_year": 2027,
        "expiration_month": 7,
        "valid_from_month": 8,
        "valid_from_year": 2007,
        "issue_number": "i117",
        "masked_number": "***4567",
        "number_last_digits": "4567",
        "holder": "Joe Doe",
        "card_type": "MasterCard",
    },
    "gift_certificate_code_masked": "******ode7",
    "payment_method_id": "OCAPI_Payment_Simple",
    "bank_routing_number": "bankrouting3776",
    "c_strValue": "custom value 7",
}


def test_post_hooks_get_the_customer_and_the_masked_request(as_customer, customer, spec_request, connect):
    calls = []

    def before(sender, customer, payment_instrument, **kwargs):
        calls.append(("before", sender, customer, payment_instrument, stored_count()))

    def after(sender, customer, payment_instrument, **kwargs):
        stored = CustomerPaymentInstrument.objects.filter(
            payment_instrument_id=payment_instrument["payment_instrument_id"]
        ).exists()
        calls.append(("after", sender, customer, payment_instrument, stored))

    connect(signals.customer_before_post_payment_instrument, before)
    connect(signals.customer_after_post_payment_instrument, after)

    response = as_customer.post(instruments_url(customer), spec_request, format="json")

    assert response.status_code == 200, response.content
    instrument_id = response.json()["payment_instrument_id"]
    assert calls == [
        ("before", CustomerPaymentInstrument, customer, MASKED_SPEC_REQUEST, 0),
        ("after", CustomerPaymentInstrument, customer, {**MASKED_SPEC_REQUEST, "payment_instrument_id": instrument_id},
         True),
    ]


def test_post_hooks_see_bank_account_numbers_masked(as_customer, customer, connect):
    seen = []
    connect(signals.customer_before_post_payment_instrument,
            lambda sender, payment_instrument, **kwargs: seen.append(payment_instrument))

    as_customer.post(instruments_url(customer), {
        "payment_method_id": "X",
        "payment_bank_account": {"holder": "Joe Doe", "number": "bankaccount111", "drivers_license": "license0e111",
                                 "drivers_license_state_code": "MA"},
    }, format="json")

    assert seen == [{
        "payment_method_id": "X",
        "payment_bank_account": {"holder": "Joe Doe", "masked_number": "**********t111", "number_last_digits": "t111",
                                 "masked_drivers_license": "********e111", "drivers_license_last_digits": "e111",
                                 "drivers_license_state_code": "MA"},
    }]


@pytest.mark.parametrize("point", ["before", "after"])
def test_an_error_status_of_a_post_hook_stores_nothing(as_customer, customer, connect, point):
    signal = {"before": signals.customer_before_post_payment_instrument,
              "after": signals.customer_after_post_payment_instrument}[point]
    refuse = connect(signal, hook_fault())

    response = as_customer.post(instruments_url(customer), card_request(), format="json")

    assert fault_of(response, 400) == refuse.fault(signal)
    assert stored_count() == 0


def test_post_hooks_do_not_run_for_an_invalid_document(as_customer, customer, connect):
    calls = []
    connect(signals.customer_before_post_payment_instrument, lambda **kwargs: calls.append(kwargs))
    response = as_customer.post(instruments_url(customer), card_request("not a number"), format="json")
    assert response.status_code == 400
    assert calls == []


def test_delete_hooks_get_the_customer_and_the_instrument_id(as_customer, customer, add_instrument, connect):
    instrument_id = add_instrument(customer).payment_instrument_id
    calls = []

    def record(moment):
        def receiver(sender, customer, payment_instrument_id, **kwargs):
            still_there = CustomerPaymentInstrument.objects.filter(payment_instrument_id=payment_instrument_id).exists()
            calls.append((moment, sender, customer, payment_instrument_id, still_there))
        return receiver

    connect(signals.customer_before_delete_payment_instrument, record("before"))
    connect(signals.customer_after_delete_payment_instrument, record("after"))

    assert as_customer.delete(instruments_url(customer, instrument_id)).status_code == 204
    assert calls == [
        ("before", CustomerPaymentInstrument, customer, instrument_id, True),
        ("after", CustomerPaymentInstrument, customer, instrument_id, False),
    ]


@pytest.mark.parametrize("point", ["before", "after"])
def test_an_error_status_of_a_delete_hook_keeps_the_instrument(as_customer, customer, add_instrument, connect,
                                                              point):
    instrument_id = add_instrument(customer).payment_instrument_id
    signal = {"before": signals.customer_before_delete_payment_instrument,
              "after": signals.customer_after_delete_payment_instrument}[point]
    refuse = connect(signal, hook_fault())

    response = as_customer.delete(instruments_url(customer, instrument_id))

    assert fault_of(response, 400) == refuse.fault(signal)
    assert customer.payment_instruments.filter(payment_instrument_id=instrument_id).exists()


def test_delete_hooks_do_not_run_for_an_unknown_instrument(as_customer, customer, connect):
    calls = []
    connect(signals.customer_before_delete_payment_instrument, lambda **kwargs: calls.append(kwargs))
    assert as_customer.delete(instruments_url(customer, "cdmh6iWbObcXUaaadkPA7ydxnr")).status_code == 404
    assert calls == []


def test_a_receiver_changing_its_document_changes_nothing_stored(as_customer, customer, spec_request, connect):
    seen_after = []

    def meddle(sender, payment_instrument, **kwargs):
        payment_instrument["payment_method_id"] = "CHANGED"
        payment_instrument["payment_card"]["masked_number"] = "changed"
        payment_instrument["c_list"].append("added")

    connect(signals.customer_before_post_payment_instrument, meddle)
    connect(signals.customer_after_post_payment_instrument,
            lambda sender, payment_instrument, **kwargs: seen_after.append(payment_instrument))
    body = as_customer.post(instruments_url(customer), {**spec_request, "c_list": [1]}, format="json").json()

    assert (body["payment_method_id"], body["payment_card"]["masked_number"]) == ("OCAPI_Payment_Simple", "***4567")
    assert body["c_list"] == [1] and customer.payment_instruments.get().custom["c_list"] == [1]
    assert seen_after[0]["payment_card"]["masked_number"] == "***4567" and seen_after[0]["c_list"] == [1]
