"""Business rules of API clients and their OAuth tokens."""
from django.db import transaction
from django.utils import timezone

from shopsite.models import OAuthToken


def api_client_set_enabled(*, client, enabled):
    """Enable or disable a client; disabling revokes its OAuth tokens (and, through the
    ``post_save`` receiver of the customers app, the customer JWTs issued to it)."""
    with transaction.atomic():
        client.enabled = enabled
        client.save(update_fields=["enabled"])
        if not enabled:
            OAuthToken.objects.filter(api_client=client, revoked_at__isnull=True).update(revoked_at=timezone.now())


def oauth_tokens_purge_expired(*, now=None):
    """Delete expired OAuth tokens; returns how many."""
    return OAuthToken.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


