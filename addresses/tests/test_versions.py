"""The address book in the two editions of the documents (addresses.documents.EDITION_TEXT_FIELDS):
16.x requests get exactly 16.4's document, later ones 20.4's, which has ``suite``."""
import pytest

from addresses.models import CustomerAddress
from addresses.tests.helpers import SAMPLE
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db


def url(customer, *more, version="v20_4", **query):
    return api_url("customers", customer.customer_id, "addresses", *more, version=version, **query)


def test_a_20_4_request_writes_and_reads_the_suite(as_customer, customer):
    response = as_customer.post(url(customer), {**SAMPLE, "suite": "Suite 300"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["suite"] == "Suite 300" and response.json()["_v"] == "20.4"
    assert CustomerAddress.objects.get().suite == "Suite 300"
    assert as_customer.get(url(customer, "home_address", version="v17_1")).json()["suite"] == "Suite 300"
    listed = as_customer.get(url(customer)).json()["data"][0]
    assert listed["suite"] == "Suite 300"
    expanded = as_customer.get(api_url("customers", customer.customer_id, version="v20_4", expand="addresses"))
    assert expanded.json()["addresses"][0]["suite"] == "Suite 300"


def test_16_x_requests_neither_see_nor_write_the_suite(as_customer, customer, make_address):
    make_address(customer, "home", suite="Suite 300")
    body = as_customer.get(url(customer, "home", version="v16_4")).json()
    assert "suite" not in body and body["_v"] == "16.4"
    assert "suite" not in as_customer.get(url(customer, version="v16_1")).json()["data"][0]
    response = as_customer.patch(url(customer, "home", version="v16_4"), {"suite": "1"}, format="json")
    assert fault_of(response, 400) == {"type": "UnknownPropertyException", "message": "Property 'suite' is unknown.",
                                       "arguments": {"property": "suite"}}


def test_the_suite_is_bounded_by_20_4s_limit(as_customer, customer):
    response = as_customer.post(url(customer), {**SAMPLE, "suite": "x" * 33}, format="json")
    assert fault_of(response, 400, version="20.4")["type"] == "PropertyConstraintViolationException"
    assert not CustomerAddress.objects.exists()


def test_if_match_takes_the_etag_of_either_edition(as_customer, customer, make_address):
    make_address(customer, "home", suite="Suite 300")
    old = as_customer.get(url(customer, "home", version="v16_4"))["ETag"]
    new = as_customer.get(url(customer, "home"))["ETag"]
    assert old != new  # the documents differ (suite)
    assert as_customer.patch(url(customer, "home"), {"city": "Boston"}, format="json",
                             HTTP_IF_MATCH=old).status_code == 200
    current = as_customer.get(url(customer, "home"))["ETag"]
    assert as_customer.patch(url(customer, "home", version="v16_4"), {"city": "Woburn"}, format="json",
                             HTTP_IF_MATCH=current).status_code == 200
    stale = as_customer.patch(url(customer, "home"), {"city": "Salem"}, format="json", HTTP_IF_MATCH=new)
    assert fault_of(stale, 412, version="20.4")["type"] == "InvalidIfMatchException"


def test_a_rename_points_at_the_new_url_in_the_requests_version(as_customer, customer, make_address):
    make_address(customer, "home")
    response = as_customer.patch(url(customer, "home", version="v18_2"), {"address_id": "new/home"}, format="json")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{url(customer, 'new/home', version='v18_2')}"
    site = as_customer.patch(api_url("customers", customer.customer_id, "addresses", "new/home", version="v20_4",
                                     site="SiteGenesis"), {"address_id": "home"}, format="json")
    assert site["Location"] == ("http://testserver"
                                + api_url("customers", customer.customer_id, "addresses", "home", version="v20_4",
                                          site="SiteGenesis"))
