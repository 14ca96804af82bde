"""``python manage.py purge_expired_tokens``: drop records nobody can use any more.

Safe to run from cron while serving: expired tokens are refused by their ``exp`` before
any lookup, and old guests go in small batches.
"""
from django.core.management.base import BaseCommand

from customers.services import customers_purge_expired
from shopsite.services import oauth_tokens_purge_expired


class Command(BaseCommand):
    help = ("Delete expired customer JWT records, OAuth tokens and password reset tokens, and guests "
            "older than SHOPSITE_GUEST_RETENTION_DAYS.")

    def handle(self, *args, **options):
        counts = customers_purge_expired()
        counts["OAuth tokens"] = oauth_tokens_purge_expired()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()) + " deleted")
