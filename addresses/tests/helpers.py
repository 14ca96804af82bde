"""Shared data and URLs of the address book tests."""
from urllib.parse import quote

API = "/dw/shop/v16_4"

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
    prefix = f"/s/{site_id}/dw/shop/v16_4" if site_id else API
    url = f"{prefix}/customers/{customer.customer_id}/addresses"
    return url if name is None else f"{url}/{quote(name, safe='')}"

