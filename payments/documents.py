"""CustomerPaymentInstrument documents as plain dicts, shaped as the spec's samples:
``payment_card`` and ``payment_bank_account`` are always present, masked values only."""
from shopsite.documents import document


def payment_card_document(instrument):
    return document(
        "payment_card",
        {
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
        },
    )


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


def payment_instrument_document(instrument, *, with_uuid=False):
    """The CustomerPaymentInstrument document; ``with_uuid`` adds ``uuid`` (= the id), as
    the Get Customer sample shows in its embedded form."""
    fields = {
        "bank_routing_number": instrument.bank_routing_number or None,
        "gift_certificate_code_masked": instrument.gift_certificate_code_masked or None,
        "payment_bank_account": payment_bank_account_document(instrument),
        "payment_card": payment_card_document(instrument),
        "payment_method_id": instrument.payment_method_id,
        "payment_instrument_id": instrument.payment_instrument_id,
    }
    if with_uuid:
        fields["uuid"] = instrument.payment_instrument_id
    return document("customer_payment_instrument", fields, instrument.custom)


def payment_instrument_result(instruments):
    """``customer_payment_instrument_result`` (not paged: count and total as in the sample)."""
    data = [payment_instrument_document(instrument) for instrument in instruments]
    return {"_type": "customer_payment_instrument_result", "count": len(data), "data": data, "total": len(data)}


def embedded_payment_instrument_document(instrument):
    """An item of ``GET /customers/{id}?expand=paymentinstruments``: with ``uuid``."""
    return payment_instrument_document(instrument, with_uuid=True)
