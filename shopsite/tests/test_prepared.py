"""PreparedQuery: the same rows as the queryset, SQL compiled once."""
import pytest
from django.db import connection
from django.db.models import F

from customers.models import Customer
from shopsite.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


def test_runs_the_querysets_sql_with_new_arguments(make_customer):
    make_customer("b-one")
    make_customer("a-two")
    make_customer("c-three", last_name="Other")
    by_last_name = PreparedQuery(lambda name: Customer.objects.filter(last_name=name).order_by("login"), "\x1fname")
    assert [c.login for c in by_last_name("Smith")] == ["a-two", "b-one"]
    assert [c.login for c in by_last_name("Other")] == ["c-three"]
    assert by_last_name("Nobody") == []


def test_instances_carry_converted_fields_and_annotations(make_customer, jwt_for):
    customer = make_customer("annotated", custom={"c_x": [1, 2]})
    jwt_for(customer)
    query = PreparedQuery(
        lambda pk: Customer.objects.filter(pk=pk).annotate(token_kind=F("tokens__kind")), -7_000_000_009
    )
    (found,) = query(customer.pk)
    assert found.custom == {"c_x": [1, 2]} and found.creation_date == customer.creation_date
    assert found.token_kind == "credentials"


def test_compiles_once(make_customer, django_assert_num_queries, monkeypatch):
    customer = make_customer("once")
    query = PreparedQuery(lambda pk: Customer.objects.filter(pk=pk), -7_000_000_010)
    query(customer.pk)
    from django.db.models.sql import compiler

    monkeypatch.setattr(compiler.SQLCompiler, "as_sql", lambda *a, **k: pytest.fail("compiled again"))
    with django_assert_num_queries(1):
        assert query(customer.pk)[0].login == "once"


def test_a_placeholder_missing_from_the_query_is_an_error(site):
    query = PreparedQuery(lambda name: Customer.objects.filter(last_name="fixed"), "\x1fname")
    with pytest.raises(ValueError):
        query("x")


def test_limit_and_offset_page_the_same_sql(make_customer):
    for login in ("p-a", "p-b", "p-c"):
        make_customer(login, last_name="Paged")
    query = PreparedQuery(lambda name: Customer.objects.filter(last_name=name).order_by("login"), "\x1fname")
    assert [c.login for c in query("Paged", limit=2, offset=0)] == ["p-a", "p-b"]
    assert [c.login for c in query("Paged", limit=2, offset=2)] == ["p-c"]
    with pytest.raises(ValueError):
        PreparedQuery(lambda name: Customer.objects.filter(last_name=name)[:2], "\x1fname")("Paged")


def test_paging_fetch_counts_in_the_same_query(make_customer, django_assert_num_queries):
    from shopsite.paging import Paging, counted

    for n in range(5):
        make_customer(f"f-{n}", last_name="Fetched")
    query = PreparedQuery(lambda name: counted(Customer.objects.filter(last_name=name).order_by("login")), "\x1fn")
    with django_assert_num_queries(1):
        rows, total = Paging(start=2, count=2, requested=True).fetch(query, "Fetched")
    assert ([c.login for c in rows], total) == (["f-2", "f-3"], 5)
    with django_assert_num_queries(2):  # past the end: the total on its own
        assert Paging(start=9, count=2, requested=True).fetch(query, "Fetched") == ([], 5)
    assert Paging(start=0, count=2, requested=False).fetch(query, "Nobody") == ([], 0)


def test_run_together_gives_what_each_call_gives(make_customer):
    from shopsite.prepared import run_together

    first, second = make_customer("t-one", last_name="One"), make_customer("t-two", last_name="Two")
    by_pk = PreparedQuery(lambda pk: Customer.objects.filter(pk=pk), -7_000_000_011)
    by_name = PreparedQuery(lambda name: Customer.objects.filter(last_name=name), "\x1fname")
    together = run_together((by_pk, (first.pk,)), (by_name, ("Two",)), (by_name, ("Nobody",)))
    assert [[c.login for c in rows] for rows in together] == [["t-one"], ["t-two"], []]
    assert together[0][0].custom == first.custom and together[1][0].pk == second.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")
def test_run_together_is_one_pipeline_on_postgresql(make_customer, monkeypatch):
    from shopsite.prepared import run_together

    customer = make_customer("piped")
    by_pk = PreparedQuery(lambda pk: Customer.objects.filter(pk=pk), -7_000_000_013)
    connection.ensure_connection()
    pipelines = []
    real_pipeline = type(connection.connection).pipeline

    def counting_pipeline(self, *args, **kwargs):
        pipelines.append(1)
        return real_pipeline(self, *args, **kwargs)

    monkeypatch.setattr(type(connection.connection), "pipeline", counting_pipeline)
    assert [[c.login for c in rows] for rows in run_together((by_pk, (customer.pk,)), (by_pk, (-1,)))] == [
        ["piped"], []]
    assert pipelines == [1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")
def test_an_error_in_a_pipeline_is_a_django_database_error(make_customer):
    from django.db import DatabaseError, transaction

    from shopsite.prepared import run_together

    customer = make_customer("broken-pipe")
    by_pk = PreparedQuery(lambda pk: Customer.objects.filter(pk=pk), -7_000_000_014)
    failing = PreparedQuery(
        lambda pk: Customer.objects.filter(pk=pk).extra(where=["1 / (%s - %s) = 1"], params=[5, 5]), -7_000_000_015
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        run_together((by_pk, (customer.pk,)), (failing, (customer.pk,)))
    assert by_pk(customer.pk)[0].login == "broken-pipe"  # the connection still serves


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("prepare_threshold"),
    reason="server-side prepared statements (off with SHOPSITE_PG_PREPARED=off)",
)
def test_postgresql_prepares_repeated_reads(make_customer):
    customer = make_customer("prepared")
    query = PreparedQuery(lambda pk: Customer.objects.filter(pk=pk), -7_000_000_012)
    for _ in range(6):
        query(customer.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "customers_customer"' in statement for statement in statements)
