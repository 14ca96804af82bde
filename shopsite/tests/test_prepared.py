"""PreparedQuery: the same rows as the queryset, SQL compiled once."""
import pytest
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
