"""``manage.py seed_demo`` gives the demo customers saved cards, once."""
import io

import pytest
from django.core.management import call_command

from customers.models import Customer
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db


def masked_numbers(login):
    customer = Customer.objects.get(login_key=login)
    return [(p.payment_method_id, p.card_masked_number, p.bank_account_masked_number)
            for p in customer.payment_instruments.all()]


def test_seed_demo_saves_masked_instruments_of_jsmith_and_jdoe_once(client_app):
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert masked_numbers("jsmith") == [("CREDIT_CARD", "************1111", "")]
    assert masked_numbers("jdoe") == [("CREDIT_CARD", "************4444", ""),
                                      ("OCAPI_Payment_Simple", "", "***********0111")]
    assert "payment instruments of jsmith and jdoe (0 added)" in out.getvalue()


def test_the_demo_cards_are_listed_for_jsmith(client_app, api):
    call_command("seed_demo", stdout=io.StringIO())
    from customers.tokens import issue_token

    jsmith = Customer.objects.get(login_key="jsmith")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(jsmith, client_app.client_id, kind='credentials')}")
    body = api.get(api_url("customers", jsmith.customer_id, "payment_instruments")).json()

    assert body["total"] == 1
    assert body["data"][0]["payment_card"] == {
        "_type": "payment_card", "card_type": "Visa", "credit_card_expired": False, "expiration_month": 2,
        "expiration_year": 2030, "holder": "John Smith", "masked_number": "************1111",
        "number_last_digits": "1111",
    }
