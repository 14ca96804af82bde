"""The state of a customer's account: enabled or not, locked out or not, who is logged in."""
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from customers.models import Customer, PasswordResetToken
from customers.tokens import revoke_tokens


def customer_lock(*, customer: Customer) -> None:
    """Lock the customer's row until the end of the transaction, so writes to what the
    customer owns (address book, saved payment instruments) happen one after the other
    (no-op on SQLite, whose write transactions are serialised as a whole)."""
    list(Customer.objects.select_for_update().filter(pk=customer.pk).order_by().values_list("pk", flat=True))


def customer_set_enabled(*, customer: Customer, enabled: bool) -> None:
    """Enable or disable a customer; disabling revokes every token and reset link at once."""
    with transaction.atomic():
        customer.enabled = enabled
        customer.save(update_fields=["enabled", "last_modified"])
        if not enabled:
            customer_end_all_access(customer=customer)


def customer_log_out_everywhere(*, customer: Customer) -> int:
    """Revoke every JWT and end every storefront session of the customer; returns how many
    tokens were revoked."""
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(session_epoch=F("session_epoch") + 1)
        customer.refresh_from_db(fields=["session_epoch"])
        return revoke_tokens(customer)


def customer_unlock(*, customer: Customer) -> None:
    """Clear the failed logins and the lockout (the admin's Unlock)."""
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=0, locked_until=None)
    customer.failed_login_count, customer.locked_until = 0, None


def customer_end_all_access(*, customer: Customer, keep_jti: str | None = None) -> None:
    """Revoke JWTs (but ``keep_jti``) and unused reset tokens; storefront sessions end by
    themselves, as they carry a hash of the password (see customers.storefront)."""
    revoke_tokens(customer, keep_jti=keep_jti)
    PasswordResetToken.objects.filter(customer=customer, used_at__isnull=True).update(used_at=timezone.now())
