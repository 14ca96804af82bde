"""A customer's address book in the GDPR erasure (customers.personal_data); the export shows
it as the customer document's ``addresses`` expansion."""
from customers.models import Customer


def erase_address_book(customer: Customer) -> None:
    customer.addresses.all().delete()
