"""What may be kept of a payment secret: its masked form, its last characters, a keyed
fingerprint. Full card numbers, gift certificate codes, bank account and licence
numbers never leave the request that brought them.
"""
import hashlib
import hmac

from django.conf import settings

VISIBLE = 4  # characters left in clear at the end of a masked value
FINGERPRINT_LABEL = b"shopsite.payments.fingerprint"


def masked(value):
    """All but the last 4 characters as ``*`` (``1234567`` -> ``***4567``); 4 or fewer: all."""
    if value is None:
        return None
    if len(value) <= VISIBLE:
        return "*" * len(value)
    return "*" * (len(value) - VISIBLE) + value[-VISIBLE:]


def last_digits(value):
    """The last 4 characters, or None when the value is too short to show any."""
    if value is None or len(value) <= VISIBLE:
        return None
    return value[-VISIBLE:]


def fingerprint_key():
    """``SHOPSITE_FINGERPRINT_KEY``, or a key derived from SECRET_KEY under a fixed label
    (so it is stable across processes, and distinct from every other use of SECRET_KEY)."""
    if settings.SHOPSITE_FINGERPRINT_KEY:
        return settings.SHOPSITE_FINGERPRINT_KEY.encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), FINGERPRINT_LABEL, hashlib.sha256).digest()


def fingerprint(kind, value):
    """A keyed HMAC-SHA256 (hex) of a secret, to recognise the same card or account again
    without storing it. ``kind`` keeps a card number and an account number apart."""
    if value is None:
        return ""
    message = f"{kind}:{value}".encode("utf-8")
    return hmac.new(fingerprint_key(), message, hashlib.sha256).hexdigest()


def luhn_valid(number):
    """The Luhn (mod 10) check of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0
