"""Housekeeping run from cron (``manage.py purge_expired_tokens``): what has run out goes."""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from customers.models import Customer, CustomerToken, PasswordResetToken


def customers_purge_expired(*, now: datetime.datetime | None = None, batch_size: int = 1000) -> dict[str, int]:
    """Delete expired customer tokens and reset tokens, and guests older than
    ``SHOPSITE_GUEST_RETENTION_DAYS`` that hold no live token; returns counts by kind.

    Guests go in small batches, each its own transaction, so a cron run never holds
    long locks on a serving database.
    """
    now = now or timezone.now()
    counts = {
        "customer tokens": CustomerToken.objects.filter(expires_at__lte=now).delete()[0],
        # A reset token's email may still be retried (its link then lives on): kept as long.
        "password reset tokens": PasswordResetToken.objects.filter(
            expires_at__lte=now - datetime.timedelta(minutes=settings.SHOPSITE_EMAIL_RETRY_MINUTES)
        ).delete()[0],
        "guests": 0,
    }
    cutoff = now - datetime.timedelta(days=settings.SHOPSITE_GUEST_RETENTION_DAYS)
    old_guests = Customer.objects.filter(auth_type=Customer.GUEST, creation_date__lt=cutoff).exclude(
        tokens__expires_at__gt=now
    )
    while True:
        batch = list(old_guests.values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            # The condition again: a guest refreshed meanwhile keeps its new token.
            old_guests.filter(pk__in=batch).delete()
        counts["guests"] += len(batch)
    return counts
