"""SHOPSITE_MAX_PAYMENT_INSTRUMENTS: a customer saves no more instruments, through the API or the shell."""
import pytest

from payments.signals import customer_before_post_payment_instrument
from payments.tests.helpers import card_request, instruments_url, stored_count
from shopsite import faults
from shopsite.testing import fault_of

pytestmark = pytest.mark.django_db

FULL = {"type": "PropertyConstraintViolationException",
        "message": "A customer can keep no more than 2 saved payment instruments.",
        "arguments": {"property": "payment_instruments"}}


@pytest.fixture
def two_saved(settings, customer, add_instrument):
    settings.SHOPSITE_MAX_PAYMENT_INSTRUMENTS = 2
    return [add_instrument(customer), add_instrument(customer)]


def test_the_default(settings):
    assert settings.SHOPSITE_MAX_PAYMENT_INSTRUMENTS == 50


def test_post_beyond_the_limit_is_refused_before_the_hooks(as_customer, customer, two_saved, connect):
    calls = []
    connect(customer_before_post_payment_instrument, lambda **kwargs: calls.append(kwargs))

    response = as_customer.post(instruments_url(customer), card_request(), format="json")

    assert fault_of(response, 400) == FULL
    assert stored_count() == 2 and calls == []


def test_the_service_is_limited_and_deleting_makes_room(as_customer, customer, two_saved, add_instrument,
                                                       make_customer):
    with pytest.raises(faults.PropertyConstraintViolationException):
        add_instrument(customer)
    add_instrument(make_customer("other"))  # another customer's instruments are their own
    two_saved[0].delete()
    response = as_customer.post(instruments_url(customer), card_request(), format="json")
    assert response.status_code == 200, response.content
    assert customer.payment_instruments.count() == 2
