"""Personal data (GDPR): export everything stored about a customer, erase what identifies them."""
import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from customers.documents import EXPANSIONS, customer_document
from customers.models import ERASED_LOGIN_PREFIX, Customer, lookup_key
from customers.selectors import customer_agent_activity, customer_tokens_issued, customer_with_site
from customers.services.account import customer_end_all_access
from shopsite.documents import document, format_datetime

#: Cleared by customer_erase: every profile field a person could be recognised by.
ERASED_TEXT_FIELDS = (
    "company_name", "email", "fax", "first_name", "job_title", "last_name", "phone_business", "phone_home",
    "phone_mobile", "preferred_locale", "salutation", "second_name", "suffix", "title",
)
#: Cleared in the shipping and billing addresses of the customer's orders; country and state stay
#: (tax records).
ERASED_ADDRESS_FIELDS = ("first_name", "last_name", "company_name", "address1", "address2", "city",
                         "postal_code", "phone")


def customer_export(*, customer: Customer) -> dict[str, Any]:
    """Everything stored about a customer, as one JSON-ready dict (a GDPR access request):
    the Customer document with every expansion (addresses, payment instruments, masked as
    the API shows them), the orders and baskets as the API renders them, the tokens issued
    and the writes agents did on the customer's behalf. Read in one transaction."""
    from orders.documents import basket_document, order_document
    from orders.selectors import with_lines

    with transaction.atomic():
        customer = customer_with_site(customer=customer)
        orders = with_lines(customer.orders.select_related("site").order_by("creation_date", "order_no"))
        baskets = with_lines(customer.baskets.order_by("creation_date", "id"))
        tokens = customer_tokens_issued(customer=customer)
        activity = customer_agent_activity(customer=customer)
        return {
            "_type": "customer_export",
            "exported_at": format_datetime(timezone.now()),
            "site_id": customer.site.site_id,
            "customer": customer_document(customer, expand=tuple(EXPANSIONS)),
            "orders": [order_document(order) for order in orders],
            "baskets": [basket_document(basket) for basket in baskets],
            "tokens": [
                document("customer_token", {
                    "kind": token.kind, "client_id": token.client_id,
                    "agent": token.agent.get_username() if token.agent else None,
                    "issued_at": token.issued_at, "expires_at": token.expires_at, "revoked_at": token.revoked_at,
                })
                for token in tokens
            ],
            "agent_activity": [
                document("agent_activity", {
                    "created": entry.created, "agent": entry.agent_username, "method": entry.method,
                    "path": entry.path, "status": entry.status,
                })
                for entry in activity
            ],
        }


def _erased_login(customer: Customer) -> str:
    """``erased-<customer_id>``, or that with a random suffix while another customer of the
    site holds it (registration refuses the prefix, older data may not have)."""
    others = Customer.objects.filter(site_id=customer.site_id).exclude(pk=customer.pk)
    login = f"{ERASED_LOGIN_PREFIX}{customer.customer_id}"
    while others.filter(login_key=lookup_key(login)).exists():
        login = f"{ERASED_LOGIN_PREFIX}{customer.customer_id}-{secrets.token_hex(4)}"
    return login


def customer_erase(*, customer: Customer) -> Customer:
    """Erase a customer's personal data (GDPR) and keep the records the shop must keep.

    The row stays (numbers, dates and order links resolve), anonymised: login
    ``erased-<customer_id>``, profile and custom attributes cleared, disabled, no usable
    password. Addresses, saved payment instruments, baskets and agent activity are
    deleted; every token and reset link is revoked. Orders are kept with their numbers,
    lines and totals, detached from the customer, their customer_info name and email,
    shipping and billing names, street addresses and phones, and card holders cleared.
    Deletes happen directly, not through the API's extension points: an erasure is not a
    storefront operation, and no receiver may veto it. Returns the erased customer.
    """
    from orders.models import BILLING_PREFIX, Order, OrderPaymentInstrument, Shipment

    with transaction.atomic():
        erased = Customer.objects.select_for_update().select_related("site").get(pk=customer.pk)
        erased.addresses.all().delete()
        erased.payment_instruments.all().delete()
        erased.baskets.all().delete()
        erased.agent_activity.all().delete()
        orders = Order.objects.filter(customer=erased)
        Shipment.objects.filter(order__in=orders).update(**dict.fromkeys(ERASED_ADDRESS_FIELDS, ""))
        OrderPaymentInstrument.objects.filter(order__in=orders).update(holder="")
        orders.update(customer=None, customer_name="", customer_email="", last_modified=timezone.now(),
                      **{BILLING_PREFIX + name: "" for name in ERASED_ADDRESS_FIELDS})
        customer_end_all_access(customer=erased)
        if not erased.is_guest:
            erased.login = _erased_login(erased)
        for name in ERASED_TEXT_FIELDS:
            setattr(erased, name, "")
        erased.birthday = erased.gender = None
        erased.custom = {}
        erased.enabled = False
        erased.failed_login_count, erased.locked_until = 0, None
        erased.password = make_password(None)
        erased.save()
    return erased
