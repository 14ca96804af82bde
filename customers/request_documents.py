"""The customer request documents (CustomerRegistration, Customer): their properties
(``shopsite.request_documents``), types, bounds and the login and password rules."""
import unicodedata

from django.conf import settings
from django.contrib.auth.password_validation import get_password_validators, validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from rest_framework import serializers

from customers.models import ERASED_LOGIN_PREFIX, WRITABLE_PROFILE_FIELDS, lookup_key
from shopsite import faults
from shopsite.fields import StrictDateField, StrictIntegerField, text
from shopsite.request_documents import RequestShape, check_request_document
from shopsite.validators import NAME_FIELDS, validate_name

CUSTOMER = RequestShape(
    writable=frozenset(WRITABLE_PROFILE_FIELDS),
    read_only=frozenset({
        "auth_type", "creation_date", "customer_id", "customer_no", "enabled", "last_login_time", "last_modified",
        "last_visit_time", "previous_login_time", "previous_visit_time", "login", "addresses",
        "payment_instruments", "note",
    }),
)
REGISTERED_CUSTOMER = CUSTOMER.allowing("login")
CUSTOMER_REGISTRATION = RequestShape(writable=frozenset({"customer", "password"}), custom=False)


def registration_without_password(registration: dict) -> dict:
    """The CustomerRegistration document as the extension points get it: without the password."""
    return {key: value for key, value in registration.items() if key != "password"}


class ProfileSerializer(serializers.Serializer):
    birthday = StrictDateField(required=False, allow_null=True)
    gender = StrictIntegerField(required=False, allow_null=True, min_value=1, max_value=2)

    def get_fields(self):
        fields = super().get_fields()
        for name, max_length in WRITABLE_PROFILE_FIELDS.items():
            if max_length is not None:
                fields[name] = text(max_length, validators=[validate_name] if name in NAME_FIELDS else [])
        return fields


def validate_profile(data: dict, *, allow_login: bool = False) -> tuple[dict, dict]:
    """Check a Customer document's properties; returns (profile changes, custom attributes).

    Read-only properties -> ReadOnlyPropertyException, unknown ones ->
    UnknownPropertyException, wrong types or lengths -> PropertyConstraintViolationException,
    a bad email -> InvalidEmailException.
    """
    regular, custom = check_request_document(data, REGISTERED_CUSTOMER if allow_login else CUSTOMER)
    regular.pop("login", None)
    serializer = ProfileSerializer(data=regular)
    serializer.is_valid(raise_exception=True)
    changes = dict(serializer.validated_data)
    email = changes.get("email")
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise faults.InvalidEmailException(
                f"The email address '{email[:256]}' is not valid.", email=email[:256]
            ) from None
    return changes, custom


def validate_login(login: object) -> str:
    """1–256 characters, no surrounding whitespace, no control characters, no ':' (HTTP
    Basic could not carry it: the login ends at the first colon), and not beginning with
    ``erased-`` in any case or form (the logins of erased customers)."""
    if not isinstance(login, str):
        raise faults.InvalidLoginException("The login must be a string.")
    if (
        not login
        or len(login) > 256
        or login != login.strip()
        or ":" in login
        or any(unicodedata.category(char).startswith("C") for char in login)
        or lookup_key(login).startswith(ERASED_LOGIN_PREFIX)
    ):
        raise faults.InvalidLoginException()
    return login


def check_password_policy(password: object) -> str:
    """The customer password policy of the settings; violations -> InvalidPasswordException."""
    if not isinstance(password, str) or not password:
        raise faults.InvalidPasswordException("The password must be a non-empty string.")
    if len(password) > 4096:
        raise faults.InvalidPasswordException("The password is longer than 4096 characters.")
    try:
        validate_password(
            password, user=None, password_validators=get_password_validators(settings.SHOPSITE_PASSWORD_VALIDATORS)
        )
    except DjangoValidationError as error:
        raise faults.InvalidPasswordException(" ".join(error.messages)) from None
    return password
