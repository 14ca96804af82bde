"""What other apps add to the customer's admin page, so that the customers app imports none of them.

The apps that own a customer's address book, payment instruments, baskets and orders
register here from their own ``admin.py``; the admin's autodiscovery imports those after
``customers.admin`` (INSTALLED_APPS order), so ``CustomerAdmin`` reads these lists each
time it builds a page, never when its class is defined. Page order is registration order.
"""
from typing import Callable, NamedTuple

#: Inlines of the customer's own records, shown in this order before the customer's tokens.
CUSTOMER_ADMIN_INLINES = []


class Summary(NamedTuple):
    """A read-only block of the change page, in the fieldset titled ``section`` (summaries
    of one section share it). ``render(customer)`` returns the HTML; decorate it with
    ``admin.display(description=...)`` for its label; its ``__name__`` names the field."""

    section: str
    render: Callable


#: Summaries of related records, their sections shown after the customer's dates.
CUSTOMER_ADMIN_SUMMARIES = []


class EraseCount(NamedTuple):
    """A column of the erase confirmation: how many of ``rows()`` (a queryset of a model
    with a ``customer`` foreign key) each selected customer has, under ``label``."""

    name: str
    label: str
    rows: Callable


#: What an erase deletes or detaches, counted per customer before the customer's tokens.
CUSTOMER_ERASE_COUNTS = []


def register_inline(inline):
    if inline not in CUSTOMER_ADMIN_INLINES:
        CUSTOMER_ADMIN_INLINES.append(inline)


def register_summary(section, render):
    summary = Summary(section, render)
    if summary not in CUSTOMER_ADMIN_SUMMARIES:
        CUSTOMER_ADMIN_SUMMARIES.append(summary)


def register_erase_count(name, label, rows):
    """``rows`` is called when the page is built (a queryset may depend on the time: active tokens)."""
    if all(count.name != name for count in CUSTOMER_ERASE_COUNTS):
        CUSTOMER_ERASE_COUNTS.append(EraseCount(name, label, rows))
