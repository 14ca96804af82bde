"""CustomerPaymentInstrument documents as plain dicts, shaped as the spec's samples:
``payment_card`` and ``payment_bank_account`` are always present, masked values only.

What differs between the editions of the documents (``shopsite.versions.DOCUMENT_EDITIONS``:
16.4 for 16.x requests, 20.4 for later ones) is ``EDITIONS``, and nothing else."""
from dataclasses import dataclass

from shopsite.documents import document
from shopsite.versions import V16_4, V20_4, ApiVersion


@dataclass(frozen=True)
class InstrumentEdition:
    #: The name of the masked gift certificate code.
    masked_gift_certificate_code: str
    #: The embedded form (``expand=paymentinstruments``) repeats the id as ``uuid`` (16.4's sample).
    embedded_uuid: bool
    #: ``payment_card.credit_card_token`` is a property (requests and documents).
    credit_card_token: bool
    #: ``creation_date`` and ``last_modified`` (an instrument never changes: its creation) are shown.
    dates: bool


EDITIONS = {
    V16_4: InstrumentEdition("gift_certificate_code_masked", embedded_uuid=True, credit_card_token=False,
                             dates=False),
    V20_4: InstrumentEdition("masked_gift_certificate_code", embedded_uuid=False, credit_card_token=True,
                             dates=True),
}


def payment_card_document(instrument, *, edition: ApiVersion = V16_4):
    fields = {
        "card_type": instrument.card_type or None,
        "credit_card_expired": instrument.credit_card_expired,
        "expiration_month": instrument.card_expiration_month,
        "expiration_year": instrument.card_expiration_year,
        "holder": instrument.card_holder or None,
        "issue_number": instrument.card_issue_number or None,
        "masked_number": instrument.card_masked_number or None,
        "number_last_digits": instrument.card_number_last_digits or None,
        "valid_from_month": instrument.card_valid_from_month,
        "valid_from_year": instrument.card_valid_from_year,
    }
    if EDITIONS[edition].credit_card_token:
        fields["credit_card_token"] = instrument.card_credit_card_token or None
    return document("payment_card", fields)


def payment_bank_account_document(instrument):
    return document(
        "payment_bank_account",
        {
            "drivers_license_last_digits": instrument.bank_account_drivers_license_last_digits or None,
            "drivers_license_state_code": instrument.bank_account_drivers_license_state_code or None,
            "holder": instrument.bank_account_holder or None,
            "masked_drivers_license": instrument.bank_account_masked_drivers_license or None,
            "masked_number": instrument.bank_account_masked_number or None,
            "number_last_digits": instrument.bank_account_number_last_digits or None,
        },
    )


def payment_instrument_document(instrument, *, with_uuid=False, edition: ApiVersion = V16_4):
    """The CustomerPaymentInstrument document of that edition; ``with_uuid`` adds ``uuid`` (= the
    id), as the 16.4 Get Customer sample shows in its embedded form (20.4's has none)."""
    differs = EDITIONS[edition]
    fields = {
        "bank_routing_number": instrument.bank_routing_number or None,
        differs.masked_gift_certificate_code: instrument.gift_certificate_code_masked or None,
        "payment_bank_account": payment_bank_account_document(instrument),
        "payment_card": payment_card_document(instrument, edition=edition),
        "payment_method_id": instrument.payment_method_id,
        "payment_instrument_id": instrument.payment_instrument_id,
    }
    if with_uuid and differs.embedded_uuid:
        fields["uuid"] = instrument.payment_instrument_id
    if differs.dates:
        fields["creation_date"] = fields["last_modified"] = instrument.creation_date
    return document("customer_payment_instrument", fields, instrument.custom)


def payment_instrument_result(instruments, *, edition: ApiVersion = V16_4):
    """``customer_payment_instrument_result`` (not paged: count and total as in the sample)."""
    data = [payment_instrument_document(instrument, edition=edition) for instrument in instruments]
    return {"_type": "customer_payment_instrument_result", "count": len(data), "data": data, "total": len(data)}


def embedded_payment_instrument_document(instrument, *, edition: ApiVersion = V16_4):
    """An item of ``GET /customers/{id}?expand=paymentinstruments``: with ``uuid`` (16.4)."""
    return payment_instrument_document(instrument, with_uuid=True, edition=edition)
