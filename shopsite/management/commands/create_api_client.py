"""``python manage.py create_api_client CLIENT_ID --secret SECRET``: prints the client id."""
import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shopsite.models import ApiClient
from shopsite.services import api_client_set_enabled

MIN_SECRET_LENGTH = 12


class Command(BaseCommand):
    help = "Create (or update) an API client; the secret is stored hashed."

    def add_arguments(self, parser):
        parser.add_argument("client_id")
        parser.add_argument("--secret", help="The client secret (a random one is generated and printed if omitted).")
        parser.add_argument("--name", default="")
        parser.add_argument("--origins", default="", help="Allowed CORS origins, comma separated.")
        parser.add_argument("--token-lifetime", type=int, default=None, help="OAuth token lifetime in seconds.")
        parser.add_argument("--disabled", action="store_true")

    def handle(self, *args, client_id, secret, name, origins, token_lifetime, disabled, **options):
        generated = secret is None
        if generated:
            secret = secrets.token_urlsafe(32)
        elif ":" in secret or len(secret) < MIN_SECRET_LENGTH:
            raise CommandError(f"The secret must have at least {MIN_SECRET_LENGTH} characters and no ':'.")
        client = ApiClient.objects.filter(client_id=client_id).first() or ApiClient(client_id=client_id)
        was_enabled = client.pk is None or client.enabled
        client.set_secret(secret)
        client.name = name or client.name
        if origins:
            client.allowed_origins = "\n".join(o.strip() for o in origins.split(",") if o.strip())
        if token_lifetime is not None:
            client.token_lifetime = token_lifetime
        try:
            client.full_clean(exclude=["secret_hash"])  # the admin's rules, from the model
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
        client.save()
        if disabled and was_enabled:
            api_client_set_enabled(client=client, enabled=False)  # revokes its tokens
        self.stdout.write(client.client_id)
        if generated:
            self.stderr.write(f"Generated secret (shown once): {secret}")
