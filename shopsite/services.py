"""Business rules of API clients and their OAuth tokens."""
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from shopsite.models import ApiClient, OAuthToken


def api_client_set_enabled(*, client: ApiClient, enabled: bool) -> None:
    """Enable or disable a client; disabling revokes its OAuth tokens (and, through the
    ``post_save`` receiver of the customers app, the customer JWTs issued to it)."""
    with transaction.atomic():
        client.enabled = enabled
        client.save(update_fields=["enabled"])
        if not enabled:
            OAuthToken.objects.filter(api_client=client, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_client_rotate_secret(*, client: ApiClient) -> str:
    """A new secret (returned once, stored hashed); tokens got with the old one are revoked,
    as a secret is rotated because it may have leaked."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        client.set_secret(secret)
        client.save(update_fields=["secret_hash"])
        OAuthToken.objects.filter(api_client=client, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return secret


def oauth_tokens_purge_expired(*, now: datetime | None = None) -> int:
    """Delete expired OAuth tokens; returns how many."""
    return OAuthToken.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


