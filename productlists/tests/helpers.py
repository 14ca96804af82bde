"""Shared constants and URLs of the product list tests."""
from shopsite.testing import api_url

#: The API version the product list tests call: the 20.4 swagger's (product lists came with 17.1,
#: purchases with 18.1, shopsite.versions.INTRODUCED); this one line moves every test of this app.
PRODUCT_LISTS_VERSION = "v20_4"
#: The ``_v`` of documents and faults answered to PRODUCT_LISTS_VERSION ("v20_4" -> "20.4").
DOCUMENT_VERSION = PRODUCT_LISTS_VERSION[1:].replace("_", ".")
BASE = "http://testserver"


def lists_url(customer, *segments, site=None, **query):
    """``/customers/{id}/product_lists/...`` of ``customer`` (segments after ``product_lists``)."""
    return api_url("customers", customer.customer_id, "product_lists", *segments, site=site,
                   version=PRODUCT_LISTS_VERSION, **query)


def public_url(*segments, site=None, **query):
    """``/product_lists/...`` (segments after ``product_lists``)."""
    return api_url("product_lists", *segments, site=site, version=PRODUCT_LISTS_VERSION, **query)


def absolute(path):
    return BASE + path


def fault(response, status):
    """The fault of a JSON fault document, after checking its status and envelope."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert (body["_v"], body["_type"]) == (DOCUMENT_VERSION, "fault")
    return body["fault"]


def without_dates(document):
    """A document (and its sub-documents) without ``_v`` and the volatile date-times."""
    if isinstance(document, list):
        return [without_dates(item) for item in document]
    if not isinstance(document, dict):
        return document
    return {key: without_dates(value) for key, value in document.items()
            if key not in ("_v", "creation_date", "last_modified")}
