"""Payment instruments in the two editions of the documents (payments.documents.EDITIONS): 16.x
requests get exactly 16.4's, later ones 20.4's (``masked_gift_certificate_code``, no embedded
``uuid``, ``payment_card.credit_card_token``, ``creation_date`` and ``last_modified``)."""
import copy

import pytest

from payments import signals
from payments.models import CustomerPaymentInstrument
from shopsite.documents import format_datetime
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db


def url(customer, *more, version="v20_4", **query):
    return api_url("customers", customer.customer_id, "payment_instruments", *more, version=version, **query)


@pytest.fixture
def token_request(spec_request):
    request = copy.deepcopy(spec_request)
    request["payment_card"]["credit_card_token"] = "tok_4f2Q9x"
    return request


def test_a_20_4_request_saves_and_answers_the_20_4_document(as_customer, customer, token_request):
    response = as_customer.post(url(customer), token_request, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "_v": "20.4",
        "_type": "customer_payment_instrument",
        "bank_routing_number": "bankrouting3776",
        "creation_date": format_datetime(CustomerPaymentInstrument.objects.get().creation_date),
        "last_modified": body["creation_date"],  # an instrument never changes
        "masked_gift_certificate_code": "******ode7",
        "payment_bank_account": {"_type": "payment_bank_account"},
        "payment_card": {
            "_type": "payment_card", "card_type": "MasterCard", "credit_card_expired": False,
            "credit_card_token": "tok_4f2Q9x", "expiration_month": 7, "expiration_year": 2027, "holder": "Joe Doe",
            "issue_number": "i117", "masked_number": "***4567", "number_last_digits": "4567",
            "valid_from_month": 8, "valid_from_year": 2007,
        },
        "payment_method_id": "OCAPI_Payment_Simple",
        "payment_instrument_id": body["payment_instrument_id"],
        "c_strValue": "custom value 7",
    }
    assert CustomerPaymentInstrument.objects.get().card_credit_card_token == "tok_4f2Q9x"
    # the same instrument, read in 16.4: 16.4's names, no token
    old = as_customer.get(url(customer, body["payment_instrument_id"], version="v16_4")).json()
    assert "credit_card_token" not in old["payment_card"] and "masked_gift_certificate_code" not in old
    assert "creation_date" not in old
    assert old["gift_certificate_code_masked"] == "******ode7" and old["_v"] == "16.4"
    listed = as_customer.get(url(customer, version="v18_1")).json()
    assert listed["_v"] == "18.1" and listed["data"][0]["payment_card"]["credit_card_token"] == "tok_4f2Q9x"


def test_16_x_requests_keep_16_4s_request_document(as_customer, customer, token_request):
    for version in ("v16_4", "v16_9"):
        response = as_customer.post(url(customer, version=version), token_request, format="json")
        assert fault_of(response, 400, version=version[1:].replace("_", ".")) == {
            "type": "UnknownPropertyException", "message": "Property 'payment_card.credit_card_token' is unknown.",
            "arguments": {"property": "payment_card.credit_card_token"},
        }
    assert CustomerPaymentInstrument.objects.count() == 0


@pytest.mark.parametrize("document, fault_type, name", [
    ({"gift_certificate_code_masked": "***"}, "UnknownPropertyException", "gift_certificate_code_masked"),
    ({"uuid": "x"}, "UnknownPropertyException", "uuid"),
    ({"masked_gift_certificate_code": "***"}, "ReadOnlyPropertyException", "masked_gift_certificate_code"),
    ({"credit_card_token": "tok"}, "UnknownPropertyException", "credit_card_token"),  # in payment_card only
    ({"payment_card": {"credit_card_token": 7}}, "PropertyConstraintViolationException", None),
])
def test_20_4_request_documents_are_20_4s(as_customer, customer, document, fault_type, name):
    response = as_customer.post(url(customer), {"payment_method_id": "CREDIT_CARD", **document}, format="json")
    fault = fault_of(response, 400, version="20.4")
    assert fault["type"] == fault_type
    if name:
        assert fault["arguments"] == {"property": name}


def test_the_embedded_form_has_uuid_in_16_4_only(as_customer, customer, add_instrument):
    instrument = add_instrument(customer)
    customer_url = api_url("customers", customer.customer_id, expand="paymentinstruments")
    embedded = as_customer.get(customer_url).json()["payment_instruments"][0]
    assert embedded["uuid"] == instrument.payment_instrument_id
    newer = as_customer.get(api_url("customers", customer.customer_id, version="v20_4",
                                    expand="paymentinstruments")).json()["payment_instruments"][0]
    assert "uuid" not in newer and newer["payment_instrument_id"] == instrument.payment_instrument_id


def test_the_hooks_get_the_request_in_the_requests_edition(as_customer, customer, connect, token_request):
    seen = []
    connect(signals.customer_before_post_payment_instrument,
            lambda sender, payment_instrument, **kwargs: seen.append(payment_instrument))
    assert as_customer.post(url(customer), token_request, format="json").status_code == 200
    assert as_customer.post(url(customer, version="v16_4"), {"payment_method_id": "GIFT_CERTIFICATE",
                                                             "gift_certificate_code": "gift_code7"},
                            format="json").status_code == 200
    assert seen[0]["masked_gift_certificate_code"] == "******ode7" and "gift_certificate_code_masked" not in seen[0]
    assert seen[0]["payment_card"]["credit_card_token"] == "tok_4f2Q9x"
    assert seen[1] == {"payment_method_id": "GIFT_CERTIFICATE", "gift_certificate_code_masked": "******ode7"}


def test_xml_of_the_20_4_document(as_customer, customer, token_request):
    from defusedxml import ElementTree

    created = as_customer.post(url(customer), token_request, format="json").json()
    response = as_customer.get(url(customer, created["payment_instrument_id"], format="xml"))
    root = ElementTree.fromstring(response.content)
    assert (root.tag, root.get("_v")) == ("customer_payment_instrument", "20.4")
    assert root.findtext("masked_gift_certificate_code") == "******ode7"
    assert root.findtext("payment_card/credit_card_token") == "tok_4f2Q9x"
