"""The limits and the one gift certificate under concurrent writes, with real transactions:
each write locks the customer's row first, so they count one after the other."""
import pytest

from addresses.tests.test_concurrency import client_with, run_together
from productlists.models import ProductList, ProductListItem
from productlists.tests.helpers import lists_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 6


def test_concurrent_creations_stop_at_the_limit(customer, jwt_for, settings):
    settings.SHOPSITE_MAX_PRODUCT_LISTS = 3
    token = jwt_for(customer)

    def create():
        return client_with(token).post(lists_url(customer), {"type": "wish_list"}, format="json")

    results = run_together([create] * THREADS)

    assert sorted(results) == [200] * 3 + [400] * (THREADS - 3)
    assert ProductList.objects.filter(customer=customer).count() == 3


def test_concurrent_gift_certificates_leave_one(customer, jwt_for):
    product_list = ProductList.objects.create(customer=customer, type="gift_registry")
    token = jwt_for(customer)

    def add():
        return client_with(token).post(lists_url(customer, product_list.list_id, "items"),
                                       {"type": "gift_certificate"}, format="json")

    results = run_together([add] * THREADS)

    assert sorted(results) == [200] + [400] * (THREADS - 1)
    assert ProductListItem.objects.filter(product_list=product_list).count() == 1
