"""Reads of customers and what they own, for the services, the views and the admin.

Keyword-only ``<entity>_<what>`` functions; the writes are in ``customers.services``.
"""
from django.db.models import QuerySet

from customers.models import AgentActivity, Customer, CustomerToken, lookup_key
from shopsite.lookups import has_nul
from shopsite.models import Site


def customer_with_login(*, site: Site, login: str | None) -> Customer | None:
    """The registered customer of ``site`` with ``login`` (compared as logins are), with its
    site loaded; None for no login, or one with NUL (no database could store it)."""
    if not login or has_nul(login):
        return None
    return (
        Customer.objects.select_related("site")
        .filter(site=site, login_key=lookup_key(login), auth_type=Customer.REGISTERED)
        .first()
    )


def customers_identified_by(*, site: Site, identification: str, identification_type: str) -> list[Customer]:
    """The enabled registered customers of ``site`` whose email (``identification_type``
    "email") or login ("login") is ``identification``: at most two, enough to tell one
    match from several (emails are not unique)."""
    key = "email_key" if identification_type == "email" else "login_key"
    return list(
        Customer.objects.filter(
            site=site, auth_type=Customer.REGISTERED, enabled=True, **{key: lookup_key(identification)}
        )[:2]
    )


def customer_with_site(*, customer: Customer) -> Customer:
    """The customer read afresh, with its site."""
    return Customer.objects.select_related("site").get(pk=customer.pk)


def customer_tokens_issued(*, customer: Customer) -> QuerySet[CustomerToken]:
    """Every JWT issued to the customer, oldest first, with the agent of on-behalf ones."""
    return customer.tokens.select_related("agent").order_by("issued_at", "id")


def customer_agent_activity(*, customer: Customer) -> QuerySet[AgentActivity]:
    """What agents wrote on the customer's behalf, oldest first."""
    return customer.agent_activity.order_by("created", "id")
