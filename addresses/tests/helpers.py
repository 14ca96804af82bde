"""Shared data and URLs of the address book tests."""
from shopsite.testing import api_url

#: The request document of the spec's POST sample.
SAMPLE = {
    "address_id": "home_address",
    "address1": "5 Wall St",
    "address2": "24 Presidential Way",
    "city": "Burlington",
    "company_name": "Salesforce",
    "country_code": "US",
    "first_name": "John",
    "job_title": "Developer",
    "last_name": "Murphy",
    "phone": "408-555-1212",
    "postal_code": "01805",
    "post_box": "12a",
    "preferred": False,
    "salutation": "Mr.",
    "second_name": "Jim",
    "state_code": "MA",
    "title": "Dr.",
}


def addresses_url(customer, name=None, site_id=None):
    names = () if name is None else (name,)
    return api_url("customers", customer.customer_id, "addresses", *names, site=site_id)

