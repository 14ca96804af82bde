"""Customer JWTs: issued by the four auth types, on behalf of agents and to trusted systems,
revoked by logout."""
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from customers import signals
from customers.models import Customer, CustomerToken
from customers.selectors import customer_with_login
from customers.services.login import customer_check_credentials, customer_record_login
from customers.services.profile import guest_create
from customers.tokens import issue_token
from shopsite import faults
from shopsite.lookups import has_nul
from shopsite.models import ApiClient, Site

TRUSTED_SYSTEM_FAILURE = "Failed to authenticate customer on base of trusted system."


def auth_token_issue(*, customer: Customer, client_id: str, auth_type: str,
                     agent: AbstractBaseUser | None = None) -> str:
    """Issue a customer JWT and run ``afterAuth``; an error Status issues nothing (and,
    inside a caller's transaction, rolls all of it back: no savepoint needed)."""
    with transaction.atomic(savepoint=False):
        raw = issue_token(customer, client_id, kind=auth_type, agent=agent)
        if agent is None:
            signals.auth_after_auth.run(sender=Customer, auth_request_type=auth_type, customer=customer)
    return raw


def auth_login(*, site: Site, client_id: str, auth_type: str, login: str | None = None, password: str | None = None,
               customer: Customer | None = None,
               token_record: CustomerToken | None = None) -> tuple[Customer, str]:
    """``POST /customers/auth``: the customer and a new JWT for one of the four types.

    ``credentials`` takes login and password; ``session`` the session's customer;
    ``refresh`` the record of the presented token, as the access layer let it through
    (verified, live, its agent still one, in the scope of this client and site:
    ``customers.authentication.active_token_record``, ``shopsite.access.check_token_scope``).
    A failed login stays counted (it is checked before the transaction that issues the token).
    """
    if auth_type == "credentials":
        customer = customer_check_credentials(site=site, login=login, password=password)
    agent = None
    if auth_type == "refresh":
        customer, agent = token_record.customer, token_record.agent
        customer.site = site  # the same row, already loaded: the new token names it
    with transaction.atomic():
        if auth_type == "guest":
            customer = guest_create(site=site)
        elif auth_type == "credentials":
            customer_record_login(customer=customer, password=password)
        kind = CustomerToken.ON_BEHALF if agent is not None else auth_type
        raw = auth_token_issue(customer=customer, client_id=client_id, auth_type=kind, agent=agent)
    return customer, raw


def auth_on_behalf(*, customer: Customer, client_id: str, agent: AbstractBaseUser) -> str:
    """``POST /customers/{id}/auth``: a JWT for an agent acting for a registered customer
    (who may act for customers is the access layer's: ``customers.access.ActsForCustomers``)."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("On-behalf tokens are for registered customers only.")
    if not customer.enabled:
        raise faults.InvalidCustomerException("The customer is disabled.")
    return auth_token_issue(customer=customer, client_id=client_id, auth_type=CustomerToken.ON_BEHALF, agent=agent)


def _required_text(document_value: Any, name: str) -> str:
    if not isinstance(document_value, str) or not document_value.strip():
        if name == "login" and (document_value is None or isinstance(document_value, str)):
            raise faults.MissingLoginException("The login is missing from the request.")
        raise faults.PropertyConstraintViolationException(
            f"Property '{name}' must be a non-blank string.", property=name
        )
    return document_value


def auth_trusted_system(*, site: Site, login: Any, client_id: Any) -> tuple[Customer, str]:
    """``POST /customers/auth/trustedsystem``: a JWT of ``client_id`` for the registered customer
    of ``site`` with ``login``, for a trusted system that keeps the customers' credentials
    itself (who may call it is the access layer's: ``shopsite.access.TrustedServerOnly``).

    No password: the system vouches for the customer. It is a real login nonetheless (login
    and visit times shift, failed logins are cleared: ``customer_record_login``), refused as a
    login would be: an unknown login, a disabled or a locked customer ->
    401 AuthenticationFailedException (``credentialType`` "trustedsystem"; nothing is counted,
    nothing guessed). ``client_id`` must name an enabled API client (the storefront the token
    is for, not the OAuth caller's): else 401 InvalidClientIdException. No extension point
    runs: the spec documents none for this operation (``afterAuth`` is the four types').
    """
    login = _required_text(login, "login")
    client_id = _required_text(client_id, "client_id")
    if has_nul(client_id) or not ApiClient.objects.filter(client_id=client_id, enabled=True).exists():
        raise faults.InvalidClientIdException(f"The client id '{client_id[:64]}' of the request document is "
                                              "unknown or disabled.")
    customer = customer_with_login(site=site, login=login)
    if customer is None or not customer.enabled or customer.is_locked:
        raise faults.AuthenticationFailedException(TRUSTED_SYSTEM_FAILURE, credentialType="trustedsystem")
    with transaction.atomic():
        customer_record_login(customer=customer)
        raw = issue_token(customer, client_id, kind=CustomerToken.TRUSTED_SYSTEM)
    return customer, raw


def auth_token_revoke(*, token_record: CustomerToken) -> None:
    """``DELETE /customers/auth``: revoke the presented token, and only it."""
    CustomerToken.objects.filter(pk=token_record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
