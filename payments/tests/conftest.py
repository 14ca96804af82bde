"""Fixtures of the payments tests: a fixed clock, the spec's sample request, saved instruments."""
import copy

import pytest

from payments.tests.helpers import NOW, SPEC_REQUEST, card_request


@pytest.fixture(autouse=True)
def fixed_clock(time_machine):
    """Every payments test runs on 2026-06-15 (before any token is issued), so
    ``credit_card_expired`` is predictable."""
    time_machine.move_to(NOW)


@pytest.fixture
def spec_request():
    return copy.deepcopy(SPEC_REQUEST)


@pytest.fixture
def add_instrument():
    """Save an instrument through the service: add_instrument(customer, request_document)."""
    from payments.services import payment_instrument_create

    def add(customer, request_document=None):
        return payment_instrument_create(customer=customer, request_document=request_document or card_request())

    return add

