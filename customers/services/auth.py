"""Customer JWTs: issued by the four auth types and on behalf of agents, revoked by logout."""
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from customers import signals
from customers.models import Customer, CustomerToken
from customers.services.login import customer_check_credentials, customer_record_login
from customers.services.profile import guest_create
from customers.tokens import issue_token
from shopsite import faults
from shopsite.models import Site


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


def auth_token_revoke(*, token_record: CustomerToken) -> None:
    """``DELETE /customers/auth``: revoke the presented token, and only it."""
    CustomerToken.objects.filter(pk=token_record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
