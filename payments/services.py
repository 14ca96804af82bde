"""Payment instrument rules, callable from the API views, the admin and the shell alike.

The full numbers of a request exist only between parsing and masking: what is stored
and what the extension points receive is the masked form. Functions holding full numbers
are ``sensitive_variables``, so Django's error reports do not show their locals.
"""
import copy
from typing import Any

from django.conf import settings
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from customers.models import Customer
from customers.services import customer_lock
from payments import signals
from payments.documents import EDITIONS
from payments.masking import fingerprint, last_digits, masked
from payments.models import CustomerPaymentInstrument
from payments.request_documents import parse_payment_instrument_request
from payments.selectors import instrument_not_found
from shopsite import faults
from shopsite.documents import limit_custom_attributes
from shopsite.versions import V16_4, ApiVersion


@sensitive_variables()
def payment_instrument_create(
    *, customer: Customer, request_document: object, edition: ApiVersion = V16_4
) -> CustomerPaymentInstrument:
    """Save a CustomerPaymentInstrumentRequest for a registered customer, masked. ``edition``: the
    documents' (shopsite.versions.DOCUMENT_EDITIONS) the request is one of (the API passes the
    request's; 20.4's has ``payment_card.credit_card_token``).

    A customer keeps at most SHOPSITE_MAX_PAYMENT_INSTRUMENTS (checked under the customer's
    row lock). Runs beforePostPaymentInstrument and afterPostPaymentInstrument in the
    write's transaction; both get the request document with the numbers masked, the after hook
    also the stored ``payment_instrument_id``. Each gets its own copy: what a receiver
    changes in it changes nothing stored.
    """
    _refuse_guest(customer)
    data, custom = parse_payment_instrument_request(request_document, edition=edition)
    limit_custom_attributes(custom)
    instrument = _masked_instrument(customer, data, custom)
    hook_document = masked_request_document(data, custom, edition=edition)
    with transaction.atomic():
        customer_lock(customer=customer)
        _check_room(customer)
        signals.customer_before_post_payment_instrument.run(
            sender=CustomerPaymentInstrument, customer=customer, payment_instrument=copy.deepcopy(hook_document)
        )
        instrument.save(force_insert=True)
        signals.customer_after_post_payment_instrument.run(
            sender=CustomerPaymentInstrument,
            customer=customer,
            payment_instrument={
                **copy.deepcopy(hook_document), "payment_instrument_id": instrument.payment_instrument_id
            },
        )
    return instrument


def _check_room(customer):
    """At most SHOPSITE_MAX_PAYMENT_INSTRUMENTS per customer, counted under the customer's
    row lock. PropertyConstraintViolationException naming the Customer document's
    ``payment_instruments``, as addresses.services.check_address_book_size does for the
    address book: no fault of the API fits "too many" better."""
    limit = settings.SHOPSITE_MAX_PAYMENT_INSTRUMENTS
    if customer.payment_instruments.count() >= limit:
        raise faults.PropertyConstraintViolationException(
            f"A customer can keep no more than {limit} saved payment instruments.", property="payment_instruments"
        )


def payment_instrument_delete(*, customer: Customer, payment_instrument_id: str) -> None:
    """Delete a registered customer's instrument between the two delete extension points."""
    _refuse_guest(customer)
    with transaction.atomic():
        instrument = (
            customer.payment_instruments.select_for_update()
            .filter(payment_instrument_id=payment_instrument_id)
            .first()
        )
        if instrument is None:
            raise instrument_not_found(payment_instrument_id)
        signals.customer_before_delete_payment_instrument.run(
            sender=CustomerPaymentInstrument, customer=customer, payment_instrument_id=payment_instrument_id
        )
        instrument.delete()
        signals.customer_after_delete_payment_instrument.run(
            sender=CustomerPaymentInstrument, customer=customer, payment_instrument_id=payment_instrument_id
        )


def _refuse_guest(customer: Customer) -> None:
    """Guests have no saved payment instruments: they write none (they read an empty list)."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no saved payment instruments.")


@sensitive_variables()
def _masked_instrument(customer, data, custom):
    """An unsaved instrument holding nothing of the secrets but masks, last digits, fingerprints."""
    card = data.get("payment_card") or {}
    account = data.get("payment_bank_account") or {}
    card_number, account_number = card.get("number"), account.get("number")
    licence, gift_code = account.get("drivers_license"), data.get("gift_certificate_code")
    return CustomerPaymentInstrument(
        customer=customer,
        payment_method_id=data["payment_method_id"],
        bank_routing_number=data.get("bank_routing_number") or "",
        gift_certificate_code_masked=masked(gift_code) or "",
        gift_certificate_code_fingerprint=fingerprint("gift_certificate", gift_code),
        custom=custom,
        card_type=card.get("card_type") or "",
        card_holder=card.get("holder") or "",
        card_masked_number=masked(card_number) or "",
        card_number_last_digits=last_digits(card_number) or "",
        card_number_fingerprint=fingerprint("card", card_number),
        card_expiration_month=card.get("expiration_month"),
        card_expiration_year=card.get("expiration_year"),
        card_valid_from_month=card.get("valid_from_month"),
        card_valid_from_year=card.get("valid_from_year"),
        card_issue_number=card.get("issue_number") or "",
        card_credit_card_token=card.get("credit_card_token") or "",
        bank_account_holder=account.get("holder") or "",
        bank_account_masked_number=masked(account_number) or "",
        bank_account_number_last_digits=last_digits(account_number) or "",
        bank_account_number_fingerprint=fingerprint("bank_account", account_number),
        bank_account_masked_drivers_license=masked(licence) or "",
        bank_account_drivers_license_last_digits=last_digits(licence) or "",
        bank_account_drivers_license_state_code=account.get("drivers_license_state_code") or "",
    )


def _masked_as(edition):
    """request property -> (masked property, last-digits property) in the hooks' document."""
    return {
        "number": ("masked_number", "number_last_digits"),
        "drivers_license": ("masked_drivers_license", "drivers_license_last_digits"),
        "gift_certificate_code": (EDITIONS[edition].masked_gift_certificate_code, None),
    }


@sensitive_variables()
def masked_request_document(data: dict[str, Any], custom: dict[str, Any], *,
                            edition: ApiVersion = V16_4) -> dict[str, Any]:
    """The request as sent (null values left out), each secret replaced by its masked
    form under the names of the response document of that edition (``number`` ->
    ``masked_number``, ``gift_certificate_code`` -> 16.4's ``gift_certificate_code_masked``,
    20.4's ``masked_gift_certificate_code``)."""
    masked_as = _masked_as(edition)

    def mask_level(values):
        result = {}
        for name, value in values.items():
            if value is None:
                continue
            if isinstance(value, dict):
                result[name] = mask_level(value)
            elif name in masked_as:
                masked_name, digits_name = masked_as[name]
                result[masked_name] = masked(value)
                if digits_name and last_digits(value) is not None:
                    result[digits_name] = last_digits(value)
            else:
                result[name] = value
        return result

    return {**mask_level(data), **custom}
