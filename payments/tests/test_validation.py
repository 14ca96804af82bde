"""Bad request documents are 400 faults that store nothing and echo no secret."""
import json

import pytest

from payments.tests.helpers import card_request, instruments_url, stored_count
from shopsite.testing import fault_of

pytestmark = pytest.mark.django_db

CARD_NUMBER_RULE = "A card number is 1 to 19 digits 0-9, without spaces or separators."
ALPHANUMERIC_RULE = "Only 1 to 256 letters A-Z and digits 0-9 are allowed."


def post(client, customer, document):
    return client.post(instruments_url(customer), document, format="json")


def constraint(message):
    return {"type": "PropertyConstraintViolationException", "message": message}


@pytest.mark.parametrize("number", ["1", "1234567", "4111111111111111", "1" * 19, "0000"])
def test_card_numbers_of_1_to_19_digits_are_accepted(as_customer, customer, number):
    response = post(as_customer, customer, card_request(number))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "number, message",
    [
        ("4111 1111 1111 1111", CARD_NUMBER_RULE),
        ("4111-1111-1111-1111", CARD_NUMBER_RULE),
        ("1" * 20, CARD_NUMBER_RULE),
        ("４１１１１１", CARD_NUMBER_RULE),  # full-width digits are not digits 0-9
        ("411111111111111a", CARD_NUMBER_RULE),
        (" 4111111111111111", CARD_NUMBER_RULE),
        ("", "This field may not be blank."),
        (4111111111111111, "Not a valid string."),
    ],
)
def test_card_numbers_must_be_1_to_19_digits(as_customer, customer, number, message):
    response = post(as_customer, customer, card_request(number))
    assert fault_of(response, 400) == constraint(f"Property 'payment_card.number': {message}")
    assert stored_count() == 0


def test_the_luhn_check_is_off_by_default(as_customer, customer):
    assert post(as_customer, customer, card_request("4111111111111112")).status_code == 200


def test_the_luhn_check_when_the_setting_asks_for_it(as_customer, customer, settings):
    settings.SHOPSITE_CARD_LUHN_CHECK = True

    refused = post(as_customer, customer, card_request("4111111111111112"))
    accepted = post(as_customer, customer, card_request("4111111111111111"))

    assert fault_of(refused, 400) == constraint("Property 'payment_card.number': The card number fails the Luhn check.")
    assert accepted.status_code == 200
    assert stored_count() == 1


@pytest.mark.parametrize(
    "card, message",
    [
        ({"expiration_month": 0}, "Property 'payment_card.expiration_month': Ensure this value is greater than or "
                                  "equal to 1."),
        ({"expiration_month": 13}, "Property 'payment_card.expiration_month': Ensure this value is less than or "
                                   "equal to 12."),
        ({"valid_from_month": 13}, "Property 'payment_card.valid_from_month': Ensure this value is less than or "
                                   "equal to 12."),
        ({"expiration_month": "7"}, "Property 'payment_card.expiration_month': A valid integer is required."),
        ({"expiration_month": 7.0}, "Property 'payment_card.expiration_month': A valid integer is required."),
        ({"expiration_month": True}, "Property 'payment_card.expiration_month': A valid integer is required."),
        ({"expiration_year": 27}, "Property 'payment_card.expiration_year': Ensure this value is greater than or "
                                  "equal to 1000."),
        ({"valid_from_year": 10000}, "Property 'payment_card.valid_from_year': Ensure this value is less than or "
                                     "equal to 9999."),
        ({"expiration_year": "2027"}, "Property 'payment_card.expiration_year': A valid integer is required."),
        ({"holder": "x" * 257}, "Property 'payment_card.holder': Ensure this field has no more than 256 characters."),
        ({"card_type": 1}, "Property 'payment_card.card_type': Not a valid string."),
    ],
)
def test_card_properties_are_typed_and_bounded(as_customer, customer, card, message):
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", "payment_card": card})
    assert fault_of(response, 400) == constraint(message)
    assert stored_count() == 0


@pytest.mark.parametrize("month", [1, 12])
def test_months_1_and_12_are_months(as_customer, customer, month):
    card = {"expiration_month": month, "valid_from_month": month, "expiration_year": 2030}
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", "payment_card": card})
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "account, message",
    [
        ({"number": "DE89 3704"}, "Property 'payment_bank_account.number': " + ALPHANUMERIC_RULE),
        ({"number": "DE89-3704"}, "Property 'payment_bank_account.number': " + ALPHANUMERIC_RULE),
        ({"number": "ÄB1234"}, "Property 'payment_bank_account.number': " + ALPHANUMERIC_RULE),
        ({"number": "A" * 257}, "Property 'payment_bank_account.number': " + ALPHANUMERIC_RULE),
        ({"drivers_license": "D123-456"}, "Property 'payment_bank_account.drivers_license': " + ALPHANUMERIC_RULE),
        ({"drivers_license": 123456}, "Property 'payment_bank_account.drivers_license': Not a valid string."),
    ],
)
def test_bank_account_and_licence_numbers_are_alphanumeric(as_customer, customer, account, message):
    response = post(as_customer, customer, {"payment_method_id": "X", "payment_bank_account": account})
    assert fault_of(response, 400) == constraint(message)
    assert stored_count() == 0


@pytest.mark.parametrize(
    "document, message",
    [
        ({}, "Property 'payment_method_id': This field is required."),
        ({"payment_method_id": None}, "Property 'payment_method_id': This field may not be null."),
        ({"payment_method_id": ""}, "Property 'payment_method_id': This field may not be blank."),
        ({"payment_method_id": "   "}, "Property 'payment_method_id': The payment method id must not be blank."),
        ({"payment_method_id": "x" * 257}, "Property 'payment_method_id': Ensure this field has no more than 256 "
                                           "characters."),
        ({"payment_method_id": 7}, "Property 'payment_method_id': Not a valid string."),
        ({"payment_method_id": "X", "payment_card": "4111111111111111"},
         "Property 'payment_card': Invalid data. Expected a dictionary, but got str."),
        ({"payment_method_id": "X", "payment_bank_account": []},
         "Property 'payment_bank_account': Invalid data. Expected a dictionary, but got list."),
        ({"payment_method_id": "X", "gift_certificate_code": ""},
         "Property 'gift_certificate_code': This field may not be blank."),
        ({"payment_method_id": "X", "gift_certificate_code": "gift\ncode"},
         "Property 'gift_certificate_code': The code must be printable and not blank."),
        ({"payment_method_id": "X", "bank_routing_number": "x" * 257},
         "Property 'bank_routing_number': Ensure this field has no more than 256 characters."),
    ],
)
def test_instrument_properties_are_typed_and_bounded(as_customer, customer, document, message):
    assert fault_of(post(as_customer, customer, document), 400) == constraint(message)
    assert stored_count() == 0


def test_payment_method_id_of_256_characters_and_null_sub_documents_are_fine(as_customer, customer):
    response = post(as_customer, customer, {"payment_method_id": "x" * 256, "payment_card": None,
                                            "payment_bank_account": None, "gift_certificate_code": None,
                                            "_v": "16.4", "_type": "customer_payment_instrument_request"})
    assert response.status_code == 200, response.content
    assert response.json()["payment_card"] == {"_type": "payment_card", "credit_card_expired": False}


@pytest.mark.parametrize(
    "document, name",
    [
        ({"security_code": "737"}, "security_code"),
        ({"payment_card": {"number": "4111111111111111", "security_code": "737"}}, "payment_card.security_code"),
        ({"payment_card": {"security_code": None}}, "payment_card.security_code"),
        ({"payment_bank_account": {"security_code": "737"}}, "payment_bank_account.security_code"),
        # refused before anything else is looked at, so even a broken document does not echo it
        ({"payment_card": {"security_code": "737", "expiration_month": 13}, "unknown": 1},
         "payment_card.security_code"),
    ],
)
def test_a_security_code_is_refused_and_never_echoed(as_customer, customer, document, name):
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", **document})

    assert fault_of(response, 400) == {
        "type": "PropertyConstraintViolationException",
        "message": f"Property '{name}' is not accepted: card security codes are never stored.",
        "arguments": {"property": name},
    }
    assert b"737" not in response.content
    assert stored_count() == 0


@pytest.mark.parametrize(
    "document, name",
    [
        ({"cvv": "737"}, "cvv"),
        ({"credit_card_token": "tok"}, "credit_card_token"),  # 20.4 only; 16.4 wins
        ({"masked_gift_certificate_code": "***"}, "masked_gift_certificate_code"),  # 20.4's name
        ({"payment_card": {"cvn": "737"}}, "payment_card.cvn"),
        ({"payment_card": {"c_note": "x"}}, "payment_card.c_note"),
        ({"payment_bank_account": {"iban": "DE89"}}, "payment_bank_account.iban"),
    ],
)
def test_unknown_properties_are_refused(as_customer, customer, document, name):
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", **document})
    assert fault_of(response, 400) == {
        "type": "UnknownPropertyException",
        "message": f"Property '{name}' is unknown.",
        "arguments": {"property": name},
    }
    assert stored_count() == 0


@pytest.mark.parametrize(
    "document, name",
    [
        ({"payment_instrument_id": "cdOLciWbOsYl6aaadkwcsx9xHH"}, "payment_instrument_id"),
        ({"gift_certificate_code_masked": "******ode7"}, "gift_certificate_code_masked"),
        ({"payment_card": {"masked_number": "***4567"}}, "payment_card.masked_number"),
        ({"payment_card": {"credit_card_expired": False}}, "payment_card.credit_card_expired"),
        ({"payment_bank_account": {"masked_drivers_license": "**e111"}}, "payment_bank_account.masked_drivers_license"),
    ],
)
def test_read_only_properties_of_the_document_are_refused(as_customer, customer, document, name):
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", **document})
    assert fault_of(response, 400) == {
        "type": "ReadOnlyPropertyException",
        "message": f"Property '{name}' is read-only.",
        "arguments": {"property": name},
    }


def test_custom_attributes_are_stored_as_given(as_customer, customer):
    custom = {"c_text": "x", "c_number": 7, "c_flag": True, "c_list": [1, "a"], "c_object": {"k": None}}
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", **custom})

    assert response.status_code == 200, response.content
    assert {key: value for key, value in response.json().items() if key.startswith("c_")} == custom
    assert customer.payment_instruments.get().custom == custom


def test_a_malformed_custom_attribute_name_is_refused(as_customer, customer):
    response = post(as_customer, customer, {"payment_method_id": "CREDIT_CARD", "c_": 1})
    assert fault_of(response, 400) == {
        "type": "PropertyConstraintViolationException",
        "message": "Custom attribute name 'c_' is not valid.",
        "arguments": {"property": "c_"},
    }


@pytest.mark.parametrize("body", [b"[]", b"{", b'"4111111111111111"'])
def test_a_body_that_is_not_a_json_object_is_malformed(as_customer, customer, body):
    response = as_customer.post(instruments_url(customer), body, content_type="application/json")
    fault = fault_of(response, 400)
    assert fault["type"] == "MalformedDocumentException"
    assert b"4111" not in response.content


def test_validation_failures_never_echo_the_numbers(as_customer, customer, settings):
    settings.SHOPSITE_CARD_LUHN_CHECK = True
    for document in [
        card_request("4111111111111112"),
        card_request("4111111111111111", expiration_month=13),
        {"payment_method_id": "", "payment_card": {"number": "4111111111111111"}},
        {"payment_method_id": "X", "payment_bank_account": {"number": "DE893704004405320130", "drivers_license": "-"}},
        {"payment_method_id": "X", "gift_certificate_code": "GIFTCODE7Q2X\x01"},
    ]:
        response = as_customer.post(instruments_url(customer), json.dumps(document), content_type="application/json")
        assert response.status_code == 400
        for secret in (b"4111111111111111", b"4111111111111112", b"DE893704004405320130", b"GIFTCODE7Q2X"):
            assert secret not in response.content
    assert stored_count() == 0
