"""``python manage.py purge_expired_tokens``: drop records nobody can use any more.

Safe to run from cron while serving: each delete is one statement on rows that no
request can accept (expired tokens are refused by their ``exp`` before any lookup).
"""
from django.core.management.base import BaseCommand

from customers.services import tokens_purge_expired


class Command(BaseCommand):
    help = ("Delete expired customer JWT records, OAuth tokens and password reset tokens, and guests "
            "older than SHOPSITE_GUEST_RETENTION_DAYS.")

    def handle(self, *args, **options):
        counts = tokens_purge_expired()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()) + " deleted")
