"""Every address write locks the customer's row before it reads the address book.

The concurrency tests cannot see a missing lock on SQLite (its write transactions are
serialised as a whole), so this test reads the SQL itself; it runs on every backend and
checks the lock wherever ``SELECT ... FOR UPDATE`` exists (CI runs it on PostgreSQL).
"""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses import services
from addresses.models import CustomerAddress
from addresses.tests.helpers import addresses_url
from customers.models import Customer

pytestmark = pytest.mark.django_db


# Each returns the write to watch, ready to run.
def _post(api, customer):
    return lambda: api.post(addresses_url(customer), {"address_id": "work", "preferred": True}, format="json")


def _patch(api, customer):
    return lambda: api.patch(addresses_url(customer, "home"), {"preferred": True}, format="json")


def _delete(api, customer):
    return lambda: api.delete(addresses_url(customer, "home"))


def _admin_store(api, customer):
    """What the admin's save runs."""
    address = CustomerAddress.objects.select_related("customer").get(customer=customer, address_id="home")
    address.preferred = True
    return lambda: services.address_store(address=address)


def _lock_of(customer):
    """A pattern of the SELECT ... FOR UPDATE of this customer's row."""
    quote = connection.ops.quote_name
    table, pk = quote(Customer._meta.db_table), quote(Customer._meta.pk.column)
    return re.compile(rf"^SELECT .*FROM {re.escape(table)} WHERE {re.escape(f'{table}.{pk}')} = {customer.pk}\b.*"
                      r"FOR UPDATE", re.DOTALL)


@pytest.mark.parametrize("write", [_post, _patch, _delete, _admin_store], ids=lambda write: write.__name__[1:])
def test_writes_lock_the_customer_row_before_touching_addresses(as_customer, customer, make_address, write):
    make_address(customer, "home")
    run = write(as_customer, customer)

    with CaptureQueriesContext(connection) as queries:
        response = run()

    assert getattr(response, "status_code", 200) in (200, 204), response.content
    if not connection.features.has_select_for_update:
        pytest.skip(f"{connection.vendor} has no SELECT ... FOR UPDATE (it serialises write transactions "
                    "as a whole); the row lock is checked on PostgreSQL")
    statements = [query["sql"] for query in queries.captured_queries]
    locks = [index for index, sql in enumerate(statements) if _lock_of(customer).search(sql)]
    address_table = connection.ops.quote_name(CustomerAddress._meta.db_table)
    first_address_query = next(index for index, sql in enumerate(statements) if address_table in sql)
    assert locks, "\n".join(statements)
    assert locks[0] < first_address_query, "\n".join(statements)
