"""Passwords: changed by the customer, set by staff, reset through a single-use token.

A reset answers alike whether or not it matched a customer: either way it writes a token
row and queues an email task in one transaction (for a miss, a decoy token that opens
nothing, and a task that finds nothing to send).
"""
import datetime
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from customers import signals
from customers.models import Customer, PasswordResetToken, lookup_key
from customers.request_documents import check_password_policy
from customers.selectors import customer_with_login, customers_identified_by
from customers.services.account import customer_end_all_access
from customers.services.login import customer_verify_password
from customers.tasks import enqueue_reset_email
from shopsite import faults
from shopsite.hooks import Status
from shopsite.lookups import has_nul
from shopsite.models import Site, token_digest

# The logger of the services before they became a package: logging set up for it still applies.
logger = logging.getLogger("customers.services")

PUT_PASSWORD = "dw.ocapi.shop.customer.putPassword"


def _put_password_failure(code: str, message: str | None = None) -> faults.HookStatusException:
    return faults.HookStatusException(PUT_PASSWORD, Status.error(code, message or code))


def customer_change_password(*, customer: Customer, current_password: Any, new_password: Any,
                             keep_jti: str | None = None) -> None:
    """``PUT /customers/{id}/password``.

    Receivers of putPassword may take the change over (a non-null Status); otherwise the
    default checks the current password under the lockout (wrong guesses count, so a
    stolen token cannot brute-force it) and the policy. Every failure is a
    HookStatusException of putPassword. Success revokes the customer's other tokens.
    """
    if customer.is_guest:
        # A guest has no password: refused at once, as a reset is, before any hook and
        # without counting a failed login (six would lock the guest's session out).
        raise faults.InvalidCustomerException("A guest customer has no password to change.")
    request_document = {"current_password": current_password, "password": new_password}
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        status = signals.customer_put_password.run(
            sender=Customer, customer=locked, password_change_request=request_document
        )
        if status is not None:
            customer_end_all_access(customer=locked, keep_jti=keep_jti)
            return
    # The default implementation: failures must stay counted, so no enclosing transaction.
    if not isinstance(new_password, str) or new_password == "":
        raise _put_password_failure("The new password is empty.")
    if not isinstance(current_password, str) or not customer_verify_password(
        customer=customer, password=current_password
    ):
        raise _put_password_failure("The current password is not correct.")
    try:
        check_password_policy(new_password)
    except faults.InvalidPasswordException as error:
        raise _put_password_failure("The new password is not valid.", error.message) from None
    _store_new_password(customer, new_password, keep_jti=keep_jti)


def customer_set_password(*, customer: Customer, password: str) -> None:
    """A password set by staff (the admin's "set password" form): the customer password
    policy applies (InvalidPasswordException); like a completed reset it clears the
    lockout and ends every other way in (tokens, sessions, reset links)."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no login to set a password for.")
    check_password_policy(password)
    _store_new_password(customer, password)


def _store_new_password(customer: Customer, password: str, keep_jti: str | None = None) -> None:
    """Set a new password under a row lock, clear the lockout, and end every other way in
    (tokens but ``keep_jti``, storefront sessions, reset links)."""
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        locked.set_password(password)
        locked.failed_login_count, locked.locked_until = 0, None
        locked.save(update_fields=["password", "failed_login_count", "locked_until", "last_modified"])
        customer_end_all_access(customer=locked, keep_jti=keep_jti)
    customer.password, customer.failed_login_count, customer.locked_until = locked.password, 0, None


def password_reset_token_create(*, customer: Customer | None) -> str:
    """A new single-use reset token; returns the raw token (stored hashed only). ``None``
    writes the decoy of a reset that matched nobody (see PasswordResetToken)."""
    raw = secrets.token_urlsafe(32)
    PasswordResetToken.objects.create(
        token_hash=token_digest(raw),
        customer=customer,
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.SHOPSITE_RESET_TOKEN_MINUTES),
    )
    return raw


@dataclass(frozen=True)
class IssuedResetToken:
    """A reset token handed to a trusted server (``password_reset_token_issue``): a secret, shown once."""

    customer: Customer
    reset_token: str
    expires_in_minutes: int

    def __repr__(self):  # never the token, wherever the object is printed or logged
        return (f"IssuedResetToken(customer={self.customer!r}, reset_token=<secret>, "
                f"expires_in_minutes={self.expires_in_minutes})")


def password_reset_token_issue(*, site: Site, login: Any) -> IssuedResetToken:
    """``POST /customers/password/actions/create_reset_token``: a new single-use reset token for
    the registered customer of ``site`` with ``login``, returned to the caller (a trusted server,
    which sends the email from its own system) instead of handed to an extension point: no hook
    runs and no email is sent, as the spec says. ``password_reset_complete`` takes the token.

    Faults: a missing or blank login -> MissingLoginException; not a string or over 256
    characters -> PropertyConstraintViolationException; no registered customer of the site has
    the login -> 400 CustomerNotFoundException; a disabled customer -> InvalidCustomerException
    (its token could not be used). A locked customer gets a token: a reset clears the lockout.
    """
    if login is None or (isinstance(login, str) and not login.strip()):
        raise faults.MissingLoginException("The login is missing from the request.")
    if not isinstance(login, str) or len(login) > 256:
        raise faults.PropertyConstraintViolationException(
            "Property 'login' must be a string of at most 256 characters.", property="login"
        )
    customer = customer_with_login(site=site, login=login)
    if customer is None:
        raise faults.CustomerNotFoundByLoginException(f"No customer with login '{login[:64]}' found.",
                                                      login=login[:64])
    if not customer.enabled:
        raise faults.InvalidCustomerException("The customer is disabled.")
    return IssuedResetToken(customer=customer, reset_token=password_reset_token_create(customer=customer),
                            expires_in_minutes=settings.SHOPSITE_RESET_TOKEN_MINUTES)


def password_reset_start(*, site: Site, identification: Any, identification_type: Any) -> Customer | None:
    """``POST /customers/password_reset``: the hook runs only when exactly one registered
    customer matches; the caller answers 204 either way (no enumeration). Either way a
    token row and an email task are written in one transaction, so a match and a miss cost
    the request the same work; for a miss, the token is a decoy with no customer, and the
    worker finds nothing to send."""
    if identification_type not in ("email", "login"):
        raise faults.PropertyConstraintViolationException(
            "Property 'type' must be 'email' or 'login'.", property="type"
        )
    if not isinstance(identification, str) or not identification or has_nul(identification):
        raise faults.PropertyConstraintViolationException(
            "Property 'identification' must be a non-empty string.", property="identification"
        )
    matches = customers_identified_by(site=site, identification=identification,
                                      identification_type=identification_type)
    if len(matches) > 1:
        logger.warning("A password reset by email matched several customers of site %s (%s and more): "
                       "nothing was sent, as the API specifies; see the admin filter 'shares its email'.",
                       site.site_id, matches[0].customer_no)
    customer = matches[0] if len(matches) == 1 else None
    with transaction.atomic():
        raw = password_reset_token_create(customer=customer)
        if customer is None:
            enqueue_reset_email(reset_token=raw)
        else:
            signals.customers_password_reset_after_post.run(sender=Customer, customer=customer, reset_token=raw)
    return customer


def password_reset_for_customer(*, customer: Customer) -> str:
    """``POST /customers/{id}/password_reset``."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no password to reset.")
    with transaction.atomic():
        raw = password_reset_token_create(customer=customer)
        signals.customer_password_reset_after_post.run(sender=Customer, customer=customer, reset_token=raw)
    return raw


def password_reset_complete(*, site: Site, reset_token: Any, new_password: Any,
                            login: Any = None) -> Customer:
    """Use a reset token once: set the password, end every other way in (tokens, sessions,
    older reset links), clear the lockout."""
    if not isinstance(reset_token, str) or not reset_token:
        raise faults.InvalidResetTokenException()
    check_password_policy(new_password)
    with transaction.atomic():
        token = (
            PasswordResetToken.objects.select_for_update()
            .select_related("customer")
            .filter(token_hash=token_digest(reset_token), used_at__isnull=True, expires_at__gt=timezone.now(),
                    customer__isnull=False)
            .first()
        )
        if token is None or token.customer.site_id != site.pk or not token.customer.enabled:
            raise faults.InvalidResetTokenException()
        customer = token.customer
        if login is not None and (not isinstance(login, str) or lookup_key(login) != customer.login_key):
            raise faults.InvalidResetTokenException()
        _store_new_password(customer, new_password)
    return customer
