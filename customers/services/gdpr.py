"""Personal data (GDPR): export everything stored about a customer, erase what identifies them.

What other apps hold (addresses, payment instruments, baskets, orders) comes in through
the parts they register in ``customers.personal_data``.
"""
import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from customers.documents import EXPANSIONS, customer_document
from customers.models import ERASED_LOGIN_PREFIX, PROFILE_TEXT_FIELDS, Customer, lookup_key
from customers.personal_data import ERASE_PARTS, EXPORT_PARTS
from customers.selectors import customer_agent_activity, customer_tokens_issued, customer_with_site
from customers.services.account import customer_end_all_access
from shopsite.documents import document, format_datetime
from shopsite.versions import NEWEST_EDITION

#: Cleared by customer_erase: every text property of the profile (a person could be
#: recognised by any of them); birthday, gender and custom attributes go too.


def customer_export(*, customer: Customer) -> dict[str, Any]:
    """Everything stored about a customer, as one JSON-ready dict (a GDPR access request):
    the Customer document with every expansion (addresses, payment instruments, masked as
    the API shows them; the newest edition of the documents), the parts other apps register
    (orders and baskets as the API renders them), the tokens issued and the writes agents did
    on the customer's behalf. Read in one transaction."""
    with transaction.atomic():
        customer = customer_with_site(customer=customer)
        export = {
            "_type": "customer_export",
            "exported_at": format_datetime(timezone.now()),
            "site_id": customer.site.site_id,
            # the newest edition of the documents: every property stored (a card token, a suite)
            "customer": customer_document(customer, expand=tuple(EXPANSIONS), edition=NEWEST_EDITION),
        }
        for key, export_part in EXPORT_PARTS.items():
            export[key] = export_part(customer)
        export["tokens"] = [
            document("customer_token", {
                "kind": token.kind, "client_id": token.client_id,
                "agent": token.agent.get_username() if token.agent else None,
                "issued_at": token.issued_at, "expires_at": token.expires_at, "revoked_at": token.revoked_at,
            })
            for token in customer_tokens_issued(customer=customer)
        ]
        export["agent_activity"] = [
            document("agent_activity", {
                "created": entry.created, "agent": entry.agent_username, "method": entry.method,
                "path": entry.path, "status": entry.status,
            })
            for entry in customer_agent_activity(customer=customer)
        ]
        return export


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
    password. The apps' erase parts run first (addresses, saved payment instruments and
    baskets are deleted; orders are kept with their numbers, lines and totals, detached
    from the customer, their customer_info name and email, shipping and billing names,
    street addresses and phones, and card holders cleared); then agent activity is
    deleted and every token and reset link revoked. Deletes happen directly, not through
    the API's extension points: an erasure is not a storefront operation, and no receiver
    may veto it. One transaction, the customer's row locked first. Returns the erased
    customer.
    """
    with transaction.atomic():
        erased = Customer.objects.select_for_update().select_related("site").get(pk=customer.pk)
        for erase_part in ERASE_PARTS.values():
            erase_part(erased)
        erased.agent_activity.all().delete()
        customer_end_all_access(customer=erased)
        if not erased.is_guest:
            erased.login = _erased_login(erased)
        for name in PROFILE_TEXT_FIELDS:
            setattr(erased, name, "")
        erased.birthday = erased.gender = None
        erased.custom = {}
        erased.enabled = False
        erased.failed_login_count, erased.locked_until = 0, None
        erased.password = make_password(None)
        erased.save()
    return erased
