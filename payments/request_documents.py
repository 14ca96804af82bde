"""The CustomerPaymentInstrumentRequest document: properties (``shopsite.request_documents``),
types and bounds.

Checks run before anything is stored or passed to a hook: a card ``security_code`` is
refused wherever it appears (and never echoed), read-only and unknown properties are
400 faults, values are typed and bounded. Error messages never contain the values.
"""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from rest_framework import serializers

from payments.documents import EDITIONS
from payments.masking import luhn_valid
from shopsite import faults
from shopsite.fields import StrictCharField, StrictIntegerField, text
from shopsite.request_documents import RequestShape, check_request_document
from shopsite.versions import V16_4, ApiVersion

CARD_NUMBER = re.compile(r"[0-9]{1,19}")
ALPHANUMERIC = re.compile(r"[A-Za-z0-9]{1,256}")
SECURITY_CODE = "security_code"

# Read-only: the properties of the response document. What differs between the editions of the
# documents (16.4's, 20.4's: payments.documents.EDITIONS) is the masked gift certificate code's
# name, the embedded ``uuid`` and ``payment_card.credit_card_token`` (20.4: writable).
PAYMENT_BANK_ACCOUNT = RequestShape(
    writable=frozenset({"holder", "number", "drivers_license", "drivers_license_state_code"}),
    read_only=frozenset({"masked_number", "number_last_digits", "masked_drivers_license",
                         "drivers_license_last_digits"}),
    custom=False,
)


def _request_shape(edition):
    differs = EDITIONS[edition]
    card = RequestShape(
        writable=frozenset({"card_type", "holder", "issue_number", "number", "expiration_month", "expiration_year",
                            "valid_from_month", "valid_from_year",
                            *(["credit_card_token"] if differs.credit_card_token else [])}),
        read_only=frozenset({"masked_number", "number_last_digits", "credit_card_expired"}),
        custom=False,
    )
    return RequestShape(
        writable=frozenset({"payment_method_id", "payment_card", "payment_bank_account", "gift_certificate_code",
                            "bank_routing_number"}),
        read_only=frozenset({"payment_instrument_id", differs.masked_gift_certificate_code, "creation_date",
                             "last_modified", *(["uuid"] if differs.embedded_uuid else [])}),
        nested={"payment_card": card, "payment_bank_account": PAYMENT_BANK_ACCOUNT},
    )


#: The CustomerPaymentInstrumentRequest of each edition of the documents.
PAYMENT_INSTRUMENT_REQUEST = {edition: _request_shape(edition) for edition in EDITIONS}


def _secret(max_length, validator):
    """An optional secret string: exact (not trimmed), checked by ``validator``."""
    return StrictCharField(required=False, allow_null=True, allow_blank=False, trim_whitespace=False,
                           max_length=max_length, validators=[validator])


def _month():
    return StrictIntegerField(required=False, allow_null=True, min_value=1, max_value=12)


def _year():
    return StrictIntegerField(required=False, allow_null=True, min_value=1000, max_value=9999)


def validate_card_number(value):
    """The card number rule of the API and of ``orders.services`` alike. Raises Django's
    ValidationError, which the serializer fields turn into their own."""
    if not isinstance(value, str) or not CARD_NUMBER.fullmatch(value):
        raise ValidationError("A card number is 1 to 19 digits 0-9, without spaces or separators.")
    if settings.SHOPSITE_CARD_LUHN_CHECK and not luhn_valid(value):
        raise ValidationError("The card number fails the Luhn check.")


def validate_alphanumeric(value):
    if not ALPHANUMERIC.fullmatch(value):
        raise serializers.ValidationError("Only 1 to 256 letters A-Z and digits 0-9 are allowed.")


def validate_code(value):
    if not value.strip() or any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise serializers.ValidationError("The code must be printable and not blank.")


class PaymentCardRequestSerializer(serializers.Serializer):
    card_type = text(256)
    holder = text(256)
    issue_number = text(256)
    number = _secret(19, validate_card_number)
    expiration_month = _month()
    expiration_year = _year()
    valid_from_month = _month()
    valid_from_year = _year()
    credit_card_token = text(256)  # 20.4's (refused before, as unknown, in 16.4's edition)


class PaymentBankAccountRequestSerializer(serializers.Serializer):
    holder = text(256)
    number = _secret(256, validate_alphanumeric)
    drivers_license = _secret(256, validate_alphanumeric)
    drivers_license_state_code = text(256)


class PaymentInstrumentRequestSerializer(serializers.Serializer):
    payment_method_id = StrictCharField(max_length=256, trim_whitespace=False)
    bank_routing_number = text(256)
    gift_certificate_code = _secret(256, validate_code)
    payment_card = PaymentCardRequestSerializer(required=False, allow_null=True)
    payment_bank_account = PaymentBankAccountRequestSerializer(required=False, allow_null=True)

    def validate_payment_method_id(self, value):
        if not value.strip():
            raise serializers.ValidationError("The payment method id must not be blank.")
        return value


def parse_payment_instrument_request(document: object, *, edition: ApiVersion = V16_4) -> tuple[dict, dict]:
    """(validated properties, c_* custom attributes) of a request document of that edition of the
    documents, or a 400 fault."""
    if not isinstance(document, dict):
        raise faults.MalformedDocumentException("The request body must be a CustomerPaymentInstrumentRequest.")
    _refuse_security_code(document)
    regular, custom = check_request_document(document, PAYMENT_INSTRUMENT_REQUEST[edition])
    serializer = PaymentInstrumentRequestSerializer(data=regular)
    serializer.is_valid(raise_exception=True)
    return _plain(serializer.validated_data), custom


def _refuse_security_code(document):
    """A security code may never be stored: refuse the whole request, without echoing it."""
    places = [("", document)] + [
        (f"{name}.", document[name])
        for name in ("payment_card", "payment_bank_account")
        if isinstance(document.get(name), dict)
    ]
    for prefix, data in places:
        if SECURITY_CODE in data:
            name = f"{prefix}{SECURITY_CODE}"
            raise faults.PropertyConstraintViolationException(
                f"Property '{name}' is not accepted: card security codes are never stored.", property=name
            )


def _plain(data):
    """validated_data as plain dicts (nested OrderedDicts/ReturnDicts included)."""
    return {key: _plain(value) if isinstance(value, dict) else value for key, value in data.items()}
