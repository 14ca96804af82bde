"""Creating customers and changing their profile: registration, PATCH, guests."""
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from customers import signals
from customers.documents import customer_etag
from customers.models import PROFILE_TEXT_FIELDS, Customer, lookup_key
from customers.request_documents import (
    CUSTOMER_REGISTRATION,
    check_password_policy,
    registration_without_password,
    validate_login,
    validate_profile,
)
from shopsite import faults
from shopsite.documents import limit_custom_attributes, merge_custom_attributes
from shopsite.etags import check_if_match
from shopsite.models import Site
from shopsite.request_documents import check_request_document


def guest_create(*, site: Site) -> Customer:
    """A new guest customer (``POST /customers/auth`` type guest, anonymous sessions)."""
    return Customer.objects.create(site=site, auth_type=Customer.GUEST, preferred_locale="default")


def customer_create(*, site: Site, login: str, email: str, password: str | None = None, **fields: Any) -> Customer:
    """A new registered customer, numbered: the one way one comes to exist (registration,
    the admin, the demo data, the tests' fixture). Without ``password`` it has no usable
    one until it is set or reset; ``fields`` are further model fields (profile, ``custom``,
    ``enabled`` ...). Checks nothing: whoever takes the input checks it first
    (``customer_register`` the API's rules, the admin its form)."""
    customer = Customer(site=site, auth_type=Customer.REGISTERED, login=login, email=email, **fields)
    if password is not None:
        customer.set_password(password)
    else:
        customer.password = make_password(None)
    with transaction.atomic(savepoint=False):  # never a customer without its number
        customer.save()
        customer.assign_number()
    return customer


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _stored_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """Profile values as the model stores them: null clears a text property to ""."""
    return {
        name: "" if value is None and name in PROFILE_TEXT_FIELDS else value
        for name, value in profile.items()
    }


def customer_register(*, site: Site, registration: dict[str, Any], password_required: bool) -> Customer:
    """Register a customer from a CustomerRegistration document.

    ``password_required`` is True for a customer JWT (password mandatory) and False for
    OAuth (a password must not be sent). Raises the faults of the spec's table.
    """
    data = registration.get("customer")
    if data is None or data == "":
        data = {}
    if not isinstance(data, dict):
        raise faults.PropertyConstraintViolationException("Property 'customer' must be a Customer document.")
    check_request_document(registration, CUSTOMER_REGISTRATION)
    if _blank(data.get("login")):
        raise faults.MissingLoginException()
    if _blank(data.get("email")):
        raise faults.MissingEmailException()
    if _blank(data.get("last_name")):
        raise faults.MissingLastNameException()
    login = validate_login(data["login"])
    profile, custom = validate_profile(data, allow_login=True)
    limit_custom_attributes(custom)
    password = registration.get("password")
    if password_required:
        if password in (None, ""):
            raise faults.MissingPasswordException()
        check_password_policy(password)
    elif password is not None:
        raise faults.InvalidPasswordException("A password must not be sent when registering with OAuth.")

    public_registration = registration_without_password(registration)
    if Customer.objects.filter(site=site, login_key=lookup_key(login)).exists():
        raise faults.LoginAlreadyInUseException()
    try:
        with transaction.atomic():
            signals.customer_before_post.run(sender=Customer, registration=public_registration)
            stored = _stored_profile(profile)
            customer = customer_create(site=site, login=login, email=stored.pop("email"), password=password,
                                       custom=custom, **stored)
            signals.customer_after_post.run(sender=Customer, customer=customer, registration=public_registration)
    except IntegrityError:
        # The database decides a race between two registrations of one login.
        if Customer.objects.filter(site=site, login_key=lookup_key(login)).exists():
            raise faults.LoginAlreadyInUseException() from None
        raise
    return customer


def customer_update(*, customer: Customer, changes: dict[str, Any], if_match: str | None = None) -> Customer:
    """Apply a PATCH document to a customer and return it as stored; runs the patch
    extension points. The document is validated first; ``if_match`` (the If-Match header)
    is checked on the locked row before anything changes."""
    profile, custom = validate_profile(changes)
    if not customer.is_guest:
        if "email" in profile and _blank(profile["email"]):
            raise faults.MissingEmailException("A registered customer's email cannot be removed.")
        if "last_name" in profile and _blank(profile["last_name"]):
            raise faults.MissingLastNameException("A registered customer's last name cannot be removed.")
    with transaction.atomic():
        customer = Customer.objects.select_for_update().select_related("site").get(pk=customer.pk)
        check_if_match(if_match, customer_etag(customer))
        signals.customer_before_patch_customer.run(sender=Customer, customer=customer, customer_input=changes)
        for name, value in _stored_profile(profile).items():
            setattr(customer, name, value)
        if custom:
            customer.custom = merge_custom_attributes(customer.custom, custom)
        customer.save()
        signals.customer_after_patch_customer.run(sender=Customer, customer=customer, customer_input=changes)
    return customer
