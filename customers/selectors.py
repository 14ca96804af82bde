"""Reads of customers for the back office (the API's hot reads are the prepared queries
of ``customers.services``). Only reads: nothing here writes, locks or sends.
"""
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from customers.models import lookup_key


def customer_search(*, queryset, search_term):
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
