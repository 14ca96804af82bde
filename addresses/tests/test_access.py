"""Access control of the address book: the shared cases of customers/tests/access_cases.py."""
from addresses.models import CustomerAddress
from customers.tests.access_cases import CustomerResourceAccessCases, Operation

GUEST_HAS_NO_BOOK = (400, "InvalidCustomerException")


def home(customer):
    CustomerAddress.objects.create(customer=customer, address_id="home", last_name="Smith", city="Woburn")
    return {"address": "home"}


class TestAddressAccess(CustomerResourceAccessCases):
    operations = [
        Operation("get", "addresses", setup=home),
        Operation("post", "addresses", body=lambda: {"address_id": "new", "city": "Boston"},
                  answers={"guest": GUEST_HAS_NO_BOOK}),
        Operation("get", "addresses/{address}", setup=home,
                  answers={"guest": (404, "CustomerAddressNotFoundException")}),
        Operation("patch", "addresses/{address}", body=lambda: {"city": "Boston"}, setup=home,
                  answers={"guest": GUEST_HAS_NO_BOOK}),
        Operation("delete", "addresses/{address}", setup=home, succeeds=204, answers={"guest": GUEST_HAS_NO_BOOK}),
    ]
