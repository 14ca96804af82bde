"""The single preferred address under concurrent writes, with real transactions."""
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from addresses import signals
from addresses.models import CustomerAddress
from addresses.tests.helpers import addresses_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

THREADS = 6


class Rendezvous:
    """A receiver that holds each request until all have arrived or ``patience`` passed.

    Requests that the code lets run side by side meet here and go on together, which
    turns a rare race into a certain one; requests the code serialises (as it should)
    each lose only the patience.
    """

    def __init__(self, parties, patience=0.1):
        self.parties, self.patience, self.arrived = parties, patience, 0
        self.condition = threading.Condition()

    def __call__(self, **kwargs):
        with self.condition:
            self.arrived += 1
            self.condition.notify_all()
            self.condition.wait_for(lambda: self.arrived >= self.parties, timeout=self.patience)


@pytest.fixture
def rendezvous(connect):
    """Connect a Rendezvous of THREADS parties to the POST and PATCH extension points."""
    receiver = Rendezvous(THREADS)
    for signal in (signals.customer_addresses_before_post, signals.customer_address_before_patch):
        connect(signal, receiver)
    return receiver


def run_together(requests):
    """Start every request at once (one thread each); return their status codes."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def worker(index, send):
        try:
            barrier.wait(timeout=10)
            results[index] = send().status_code
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, send)) for index, send in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def client_with(token):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_concurrent_patches_leave_one_preferred_address(customer, jwt_for, rendezvous):
    names = [f"address-{n}" for n in range(THREADS)]
    for name in names:
        CustomerAddress.objects.create(customer=customer, address_id=name, preferred=(name == "address-0"))
    token = jwt_for(customer)

    def make_preferred(name):
        return lambda: client_with(token).patch(addresses_url(customer, name), {"preferred": True}, format="json")

    results = run_together([make_preferred(name) for name in names])

    assert results == [200] * THREADS
    assert CustomerAddress.objects.filter(customer=customer, preferred=True).count() == 1
    assert CustomerAddress.objects.filter(customer=customer).count() == THREADS


def test_concurrent_preferred_creations_leave_one_preferred_address(
    customer, jwt_for, rendezvous
):
    token = jwt_for(customer)

    def create(number):
        body = {"address_id": f"new-{number}", "preferred": True}
        return lambda: client_with(token).post(addresses_url(customer), body, format="json")

    results = run_together([create(number) for number in range(THREADS)])

    assert results == [200] * THREADS
    assert CustomerAddress.objects.filter(customer=customer).count() == THREADS
    assert CustomerAddress.objects.filter(customer=customer, preferred=True).count() == 1


def test_concurrent_creations_of_one_address_id(customer, jwt_for, rendezvous):
    token = jwt_for(customer)

    def create():
        return client_with(token).post(addresses_url(customer), {"address_id": "home"}, format="json")

    results = run_together([create] * THREADS)

    assert sorted(results) == [200] + [400] * (THREADS - 1)
    assert CustomerAddress.objects.filter(customer=customer, address_id="home").count() == 1
