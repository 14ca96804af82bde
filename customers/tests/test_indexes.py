"""Case-insensitive login and email lookups use indexes (EXPLAIN with sequential scans off)."""
import pytest
from django.db import connection

from customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_seqscan():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = on")
    else:
        yield


def plan_of(queryset):
    return queryset.explain()


@pytest.mark.parametrize("lookup", [{"login_key": "jsmith"}, {"email_key": "jsmith@example.com"}])
def test_login_and_email_lookups_use_an_index(site, customer, make_customer, no_seqscan, lookup):
    for n in range(20):
        make_customer(f"filler{n}")
    plan = plan_of(Customer.objects.filter(site=site, auth_type=Customer.REGISTERED, **lookup))
    if connection.vendor == "postgresql":
        assert "Index" in plan and "Seq Scan" not in plan, plan
    else:
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan


def test_the_lookup_key_is_the_casefolded_login(make_customer):
    customer = make_customer("ÉLodie.Straße")
    assert customer.login_key == "élodie.strasse"
