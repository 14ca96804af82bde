"""Which customer a request acts on, and the permissions of the customer operations
(the spec's InvalidCustomer / CustomerNotFound rules); the plumbing of access control is
``shopsite.access``."""
from functools import cached_property

from rest_framework.permissions import BasePermission

from customers.agents import may_act_for_customers
from customers.models import Customer, CustomerToken
from shopsite import faults
from shopsite.api import OcapiViewSet


def caller_is_customer(request):
    return isinstance(request.auth, CustomerToken)


def customer_for_request(request, site, customer_id) -> Customer:
    """The customer of the URL, as the caller (authenticated: ``AuthenticatedCaller``) may see it.

    A customer JWT may only name its own customer (400 InvalidCustomerException); an
    OAuth caller may name any customer of the site (404 CustomerNotFoundException).
    """
    if caller_is_customer(request):
        own = request.auth.customer
        if own.customer_id != customer_id:
            raise faults.InvalidCustomerException()
        if own.site_id == site.pk:  # always, after TokenInScope's check of the token's site
            own.site = site  # so that nothing loads it again
        return own
    customer = Customer.objects.select_related("site").filter(site=site, customer_id=customer_id).first()
    if customer is None:
        raise faults.CustomerNotFoundException(
            f"No customer with id '{customer_id[:64]}' found.", customerId=customer_id[:64]
        )
    return customer


class CustomerResourceViewSet(OcapiViewSet):
    """An operation under ``/customers/{customer_id}``: ``self.customer`` is the customer
    of the URL as the caller may see it, looked up once, when the operation first asks for
    it (views ask before they read parameters or the document: access faults come first)."""

    @cached_property
    def customer(self) -> Customer:
        return customer_for_request(self.request, self.site, self.kwargs["customer_id"])


def customer_jwt_only(message: str) -> type[BasePermission]:
    """The permission of an operation only a customer JWT may call (401 with ``message``)."""

    class CustomerJWTOnly(BasePermission):
        def has_permission(self, request, view):
            if not caller_is_customer(request):
                raise faults.InvalidAccessTokenException(message)
            return True

    return CustomerJWTOnly


class RefreshNeedsCustomerJWT(BasePermission):
    """``type: refresh`` exchanges the customer JWT it is sent (``RefreshAuthentication``) for a new one."""

    def has_permission(self, request, view):
        if isinstance(request.data, dict) and request.data.get("type") == "refresh" and not caller_is_customer(request):
            raise faults.InvalidAccessTokenException("Type refresh needs an Authorization:Bearer token.")
        return True


class NotRegisteredYet(BasePermission):
    """Registration with a customer JWT is a guest's (400 CustomerAlreadyRegisteredException)."""

    def has_permission(self, request, view):
        if caller_is_customer(request) and not request.auth.customer.is_guest:
            raise faults.CustomerAlreadyRegisteredException()
        return True


class ActsForCustomers(BasePermission):
    """On-behalf tokens come from an agent's OAuth token, or renew an on-behalf JWT (403)."""

    def has_permission(self, request, view):
        if caller_is_customer(request):
            # "A token nearing its expiration time should be exchanged for a new one by
            # calling this resource once more": an on-behalf JWT renews itself.
            if request.auth.kind != CustomerToken.ON_BEHALF:
                raise faults.InsufficientPermissionsException("A customer token cannot obtain an on-behalf token.")
        elif request.user is None:
            raise faults.InsufficientPermissionsException("Only an agent's token can act on behalf of customers.")
        elif not may_act_for_customers(request.user):
            raise faults.InsufficientPermissionsException("The agent lacks the permission Create_Order_On_Behalf_Of.")
        return True
