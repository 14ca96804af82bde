"""Address book rules, callable from the API views, the admin and the shell alike.

Every write runs in one transaction with its extension points, so an error Status from
a receiver leaves nothing behind. Writes lock the customer's row first: changes to one
address book (and so the "one preferred address" rule) happen one after the other on
every database, and locks are always taken customer first, address second.
"""
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from addresses import signals
from addresses.documents import address_etags
from addresses.models import TEXT_FIELDS, CustomerAddress
from addresses.request_documents import validate_address
from addresses.selectors import address_get
from customers.models import Customer
from customers.services import customer_lock
from shopsite import faults
from shopsite.documents import merge_custom_attributes
from shopsite.etags import check_if_match
from shopsite.versions import V16_4, ApiVersion


def check_address_book_size(count: int) -> None:
    """The one rule of the book's size: ``count`` addresses fit, or a 400 fault.

    PropertyConstraintViolationException naming the Customer document's ``addresses``: no
    other fault of the API says "too many" (InvalidCustomerException is about who the
    customer is, AddressIdAlreadyInUseException about a name), and the book is a property
    of the customer whose size the shop bounds (SHOPSITE_MAX_ADDRESSES).
    """
    limit = settings.SHOPSITE_MAX_ADDRESSES
    if count > limit:
        raise faults.PropertyConstraintViolationException(
            f"A customer can keep no more than {limit} addresses.", property="addresses"
        )


def _check_room_for(address):
    """An address joining a book (new, or moved from another customer) must fit in it."""
    book = CustomerAddress.objects.filter(customer_id=address.customer_id)
    if address.pk is None or not book.filter(pk=address.pk).exists():
        check_address_book_size(book.count() + 1)


def address_clear_other_preferred(*, address: CustomerAddress) -> None:
    """Making ``address`` preferred takes the flag from the customer's other addresses."""
    CustomerAddress.objects.filter(customer_id=address.customer_id, preferred=True).exclude(pk=address.pk).update(
        preferred=False, last_modified=timezone.now()
    )


def address_store(*, address: CustomerAddress) -> CustomerAddress:
    """Save an address edited outside the API (admin, shell, demo data), keeping the
    one-preferred rule and the size of the book. Runs no extension points: those belong to the API."""
    with transaction.atomic():
        customer_lock(customer=address.customer)
        _check_room_for(address)
        if address.preferred:
            address_clear_other_preferred(address=address)
        address.save()
    return address


def _apply(address, changes, custom):
    for name, value in changes.items():
        if name == "preferred":
            address.preferred = bool(value)
        elif name in TEXT_FIELDS:
            setattr(address, name, value or "")
    if custom:
        address.custom = merge_custom_attributes(address.custom, custom)


def _refuse_guest(customer):
    """Guests have no address book: they write none (they read an empty one)."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no address book.")


def _address_id_taken(customer, address_id):
    return CustomerAddress.objects.filter(customer=customer, address_id=address_id).exists()


def address_create(*, customer: Customer, data: dict[str, Any], edition: ApiVersion = V16_4) -> CustomerAddress:
    """``POST /customers/{id}/addresses``: a new address from a CustomerAddress document of that
    edition of the documents (shopsite.versions.DOCUMENT_EDITIONS; 20.4's has ``suite``).

    Faults: InvalidCustomerAddressIdException (missing or blank id),
    AddressIdAlreadyInUseException, and the document's property faults.
    """
    _refuse_guest(customer)
    address_id, changes, custom = validate_address(data, creating=True, edition=edition)
    try:
        with transaction.atomic():
            customer_lock(customer=customer)
            if _address_id_taken(customer, address_id):
                raise faults.AddressIdAlreadyInUseException()
            check_address_book_size(CustomerAddress.objects.filter(customer=customer).count() + 1)
            signals.customer_addresses_before_post.run(
                sender=CustomerAddress, customer=customer, address_name=address_id, customer_address=data
            )
            address = CustomerAddress(customer=customer, address_id=address_id)
            _apply(address, changes, custom)
            if address.preferred:
                address_clear_other_preferred(address=address)
            address.save()
            signals.customer_addresses_after_post.run(
                sender=CustomerAddress, customer=customer, address_name=address_id, customer_address=data
            )
    except IntegrityError:
        # Only a write that bypassed the lock can get here; the database decides.
        if _address_id_taken(customer, address_id):
            raise faults.AddressIdAlreadyInUseException() from None
        raise
    return address


def _check_if_match(address, if_match):
    """The If-Match precondition, on the locked address, against the ETag its document carries
    (in any edition of the document)."""
    check_if_match(if_match, *address_etags(address))


def address_update(
    *, customer: Customer, address_name: str, changes: dict[str, Any], if_match: str | None = None,
    edition: ApiVersion = V16_4,
) -> CustomerAddress:
    """``PATCH /customers/{id}/addresses/{address_name}``: apply the properties sent.

    The document is validated first; ``if_match`` (the If-Match header) is checked on the
    locked address before anything changes. A new ``address_id`` renames the address (the
    caller answers 301); an id in use by another address -> AddressIdAlreadyInUseException.
    ``beforePATCH`` gets the name the address had, ``afterPATCH`` the name it has now.
    """
    _refuse_guest(customer)
    new_id, values, custom = validate_address(changes, creating=False, edition=edition)
    try:
        with transaction.atomic():
            customer_lock(customer=customer)
            address = address_get(customer=customer, address_name=address_name, for_update=True)
            _check_if_match(address, if_match)
            renamed = new_id is not None and new_id != address.address_id
            if renamed and _address_id_taken(customer, new_id):
                raise faults.AddressIdAlreadyInUseException()
            signals.customer_address_before_patch.run(
                sender=CustomerAddress, customer=customer, address_name=address.address_id, customer_address=changes
            )
            if renamed:
                address.address_id = new_id
            _apply(address, values, custom)
            if address.preferred:
                address_clear_other_preferred(address=address)
            address.save()
            signals.customer_address_after_patch.run(
                sender=CustomerAddress, customer=customer, address_name=address.address_id, customer_address=changes
            )
    except IntegrityError:
        if new_id is not None and _address_id_taken(customer, new_id):
            raise faults.AddressIdAlreadyInUseException() from None
        raise
    return address


def address_delete(*, customer: Customer, address_name: str, if_match: str | None = None) -> None:
    """``DELETE /customers/{id}/addresses/{address_name}``; ``if_match`` as in address_update."""
    _refuse_guest(customer)
    with transaction.atomic():
        customer_lock(customer=customer)
        address = address_get(customer=customer, address_name=address_name, for_update=True)
        _check_if_match(address, if_match)
        signals.customer_address_before_delete.run(
            sender=CustomerAddress, customer=customer, address_name=address.address_id
        )
        address.delete()
        signals.customer_address_after_delete.run(
            sender=CustomerAddress, customer=customer, address_name=address_name
        )
