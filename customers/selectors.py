"""Reads of customers and what they own, for the services, the views and the admin (the
API's hot reads are prepared queries beside their services). Only reads: nothing here
writes, locks or sends. Keyword-only ``<entity>_<what>`` functions.
"""
from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

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


def customer_search(*, queryset: QuerySet[Customer], search_term: str) -> QuerySet[Customer]:
    """The customers of ``queryset`` a back-office search finds: every word must match
    (``John Smith``), or the whole term (``+1 555 0100``, ``van der Berg``); quotes keep
    words together as in Django's search. A blank term finds everyone."""
    words = [unescape_string_literal(word) if word[:1] in ('"', "'") and word[-1:] == word[:1] and len(word) > 1
             else word for word in smart_split(search_term.strip())]
    words = [word for word in words if word]
    if not words:
        return queryset
    every_word = Q()
    for word in words:
        every_word &= _word_match(word)
    if len(words) > 1:
        every_word |= _word_match(search_term.strip())
    return queryset.filter(every_word)


def _word_match(term):
    """What one search word matches; each branch is served by an index (on PostgreSQL a
    search never scans the table): the customer number (``1140`` finds ``00001140``) or
    id, the beginning of a login or an email (any case), a first or last name (any case),
    a phone number as stored."""
    key = lookup_key(term)
    match = (
        Q(customer_no=term) | Q(customer_id=term)
        | Q(login_key__startswith=key) | Q(email_key__startswith=key)
        | Q(last_name__iexact=term) | Q(first_name__iexact=term)
        | Q(phone_home=term) | Q(phone_business=term) | Q(phone_mobile=term)
    )
    if term.isdigit() and len(term) < 8:
        match |= Q(customer_no=term.zfill(8))
    return match
