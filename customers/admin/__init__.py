"""The customer back office: find a customer, look after them, answer GDPR requests.

Every write goes through ``customers.services`` (the API's rules) and every action is
recorded in the admin log. Actions run on a selection from the list and, one customer at
a time, from the buttons of the customer's page (``<pk>/actions/<name>/``), through the
same code. Search and list are built for large tables: one query per page whatever its
length, and every search branch has an index (``customers.selectors.customer_search``).

By concern: ``customer`` (the customer admin), ``actions``, ``exports`` (CSV, GDPR JSON),
``forms``, ``filters``, ``display`` (HTML pieces), ``records`` (agent activity, failed
logins on no customer) and ``registry``, where the addresses, payments and orders apps
add their inlines, summaries and erase counts: this app imports none of them.
"""
# Imported for their @admin.register (the admin's autodiscovery imports this package only).
from customers.admin import customer, records  # noqa: F401
