"""Masks, fingerprints, the Luhn check and the computed expiry flag."""
import datetime
import hashlib
import hmac

import pytest

from payments.masking import FINGERPRINT_LABEL, fingerprint, last_digits, luhn_valid, masked
from payments.models import CustomerPaymentInstrument


@pytest.mark.parametrize(
    "value, mask, digits",
    [
        ("1234567", "***4567", "4567"),  # the spec's sample
        ("gift_code7", "******ode7", "ode7"),
        ("12345", "*2345", "2345"),
        ("1234", "****", None),  # 4 characters or fewer: masked entirely
        ("1", "*", None),
        ("", "", None),
        (None, None, None),
    ],
)
def test_all_but_the_last_four_characters_are_masked(value, mask, digits):
    assert masked(value) == mask
    assert last_digits(value) == digits


def test_a_fingerprint_is_a_keyed_hmac_of_kind_and_value(settings):
    settings.SHOPSITE_FINGERPRINT_KEY = "fingerprint-key"
    expected = hmac.new(b"fingerprint-key", b"card:4111111111111111", hashlib.sha256).hexdigest()

    assert fingerprint("card", "4111111111111111") == expected
    assert fingerprint("card", "4111111111111111") != hashlib.sha256(b"4111111111111111").hexdigest()
    assert fingerprint("bank_account", "4111111111111111") != expected
    assert fingerprint("card", None) == ""


def test_without_a_fingerprint_key_one_is_derived_from_the_secret_key(settings):
    settings.SHOPSITE_FINGERPRINT_KEY = ""
    settings.SECRET_KEY = "secret-one"
    derived = hmac.new(b"secret-one", FINGERPRINT_LABEL, hashlib.sha256).digest()
    first = fingerprint("card", "4111111111111111")

    assert first == hmac.new(derived, b"card:4111111111111111", hashlib.sha256).hexdigest()
    assert first != hmac.new(b"secret-one", b"card:4111111111111111", hashlib.sha256).hexdigest()
    settings.SECRET_KEY = "secret-two"
    assert fingerprint("card", "4111111111111111") != first


@pytest.mark.parametrize(
    "number, valid",
    [("4111111111111111", True), ("5555555555554444", True), ("79927398713", True), ("0", True),
     ("4111111111111112", False), ("79927398710", False), ("1234567", False)],
)
def test_luhn(number, valid):
    assert luhn_valid(number) is valid


@pytest.mark.parametrize(
    "month, year, expired",
    [
        (5, 2026, True),
        (6, 2026, False),  # valid through the end of its month
        (7, 2026, False),
        (12, 2025, True),
        (1, 2027, False),
        (None, 2025, True),
        (None, 2026, False),
        (12, None, False),
        (None, None, False),
    ],
)
def test_credit_card_expired_is_computed_against_the_current_month(month, year, expired):
    # the payments tests run on 2026-06-15 (conftest.fixed_clock)
    instrument = CustomerPaymentInstrument(card_expiration_month=month, card_expiration_year=year)
    assert instrument.credit_card_expired is expired


def test_credit_card_expired_changes_when_the_month_ends(time_machine):
    instrument = CustomerPaymentInstrument(card_expiration_month=6, card_expiration_year=2026)
    time_machine.move_to(datetime.datetime(2026, 6, 30, 23, 59, tzinfo=datetime.timezone.utc))
    assert instrument.credit_card_expired is False
    time_machine.move_to(datetime.datetime(2026, 7, 1, 0, 0, tzinfo=datetime.timezone.utc))
    assert instrument.credit_card_expired is True


@pytest.mark.django_db
def test_the_same_card_has_the_same_fingerprint_for_every_customer(make_customer, add_instrument):
    first = add_instrument(make_customer(login="first"))
    second = add_instrument(make_customer(login="second"))
    other_card = add_instrument(make_customer(login="third"), {"payment_method_id": "CREDIT_CARD",
                                                               "payment_card": {"number": "5555555555554444"}})

    assert first.card_number_fingerprint == second.card_number_fingerprint == fingerprint("card", "4111111111111111")
    assert other_card.card_number_fingerprint != first.card_number_fingerprint
    assert first.bank_account_number_fingerprint == first.gift_certificate_code_fingerprint == ""


@pytest.mark.django_db
def test_the_database_refuses_impossible_months(customer):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerPaymentInstrument.objects.create(customer=customer, payment_method_id="X", card_expiration_month=13)
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerPaymentInstrument.objects.create(customer=customer, payment_method_id="X", card_valid_from_month=0)
