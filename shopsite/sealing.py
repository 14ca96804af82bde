"""Secrets that must wait in the database (a reset token in a queued email task) are sealed:
encrypted and authenticated with a key derived from SECRET_KEY, so the tasks table, a
backup of it or the admin's task queue never shows them. Keys in SECRET_KEY_FALLBACKS still
open what they sealed."""
import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

KEY_SALT = "shopsite.sealing"


class SealBroken(Exception):
    """Sealed with a key no longer configured, or altered."""


def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    keys = [base64.urlsafe_b64encode(salted_hmac(KEY_SALT, "", secret, algorithm="sha256").digest())
            for secret in secrets]
    return MultiFernet([Fernet(key) for key in keys])


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError, TypeError, AttributeError):
        raise SealBroken("The sealed value cannot be opened with the configured secret keys.") from None
