"""Which customer a request may act on (the spec's InvalidCustomer / CustomerNotFound rules)."""
from customers.models import Customer, CustomerToken
from shopsite import faults


def caller_is_customer(request):
    return isinstance(request.auth, CustomerToken)


def customer_for_request(request, site, customer_id, *, for_update=False):
    """The customer of the URL, as the caller may see it.

    A customer JWT may only name its own customer (400 InvalidCustomerException); an
    OAuth caller may name any customer of the site (404 CustomerNotFoundException).
    ``for_update`` locks the row (call inside a transaction).
    """
    if caller_is_customer(request):
        own = request.auth.customer
        if own.customer_id != customer_id:
            raise faults.InvalidCustomerException()
        if not for_update:
            if own.site_id == site.pk:  # always, after OcapiViewSet.initial's check of the token's site
                own.site = site  # so that nothing loads it again
            return own
        return Customer.objects.select_for_update().select_related("site").get(pk=own.pk)
    if request.auth is None:
        raise faults.InvalidAccessTokenException()
    customers = Customer.objects.select_related("site")
    if for_update:
        customers = customers.select_for_update()
    customer = customers.filter(site=site, customer_id=customer_id).first()
    if customer is None:
        raise faults.CustomerNotFoundException(
            f"No customer with id '{customer_id[:64]}' found.", customerId=customer_id[:64]
        )
    return customer


def registered_customer_for_request(request, site, customer_id, **kwargs):
    """As customer_for_request, refusing guests (no address book, no saved instruments)."""
    customer = customer_for_request(request, site, customer_id, **kwargs)
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no address book or saved payment instruments.")
    return customer
