"""Reads of address books: the spec's order, the hot reads prepared once, the guest rule."""
from django.db.models import QuerySet

from addresses.models import ADDRESS_ID_MAX_LENGTH, CustomerAddress
from customers.models import Customer
from shopsite import faults
from shopsite.paging import Paging, counted
from shopsite.prepared import PreparedQuery


def addresses_of_pk(customer_pk: int) -> QuerySet[CustomerAddress]:
    """The address book in the spec's order: the preferred address first, then by id."""
    return CustomerAddress.objects.filter(customer_id=customer_pk).order_by("-preferred", "address_id")


# The two hot reads of address books, prepared once (see shopsite.prepared):
# GET /customers/{id}?expand=addresses (the whole book) and GET .../addresses (a page with its total).
ADDRESS_BOOK = PreparedQuery(lambda customer_pk: addresses_of_pk(customer_pk), -7_000_000_001)
_ADDRESS_PAGE = PreparedQuery(lambda customer_pk: counted(addresses_of_pk(customer_pk)), -7_000_000_003)


def address_page(*, customer: Customer, paging: Paging) -> tuple[list[CustomerAddress], int]:
    """(the addresses of this page, the size of the book): one query while the page has rows.
    Guests have no address book: an empty page, without a query."""
    if customer.is_guest:
        return [], 0
    return paging.fetch(_ADDRESS_PAGE, customer.pk)


def address_get(*, customer: Customer, address_name: str, for_update: bool = False) -> CustomerAddress:
    """The address named ``address_name`` (case-sensitive), or 404 CustomerAddressNotFoundException.

    Guests have no address book (the list and ``expand`` show none): an address stored
    for a guest anyway (admin, shell) is not found either.
    """
    address = None
    if not customer.is_guest and len(address_name) <= ADDRESS_ID_MAX_LENGTH:
        addresses = CustomerAddress.objects.filter(customer=customer, address_id=address_name)
        if for_update:
            addresses = addresses.select_for_update()
        address = addresses.first()
    if address is None:
        shown = address_name[:ADDRESS_ID_MAX_LENGTH]
        raise faults.CustomerAddressNotFoundException(
            f"Customer address '{shown}' not found.",
            addressId=shown,
            customerNo=customer.customer_no,
            siteId=customer.site.site_id,
        )
    return address
