"""Sites, API clients and their OAuth tokens, and the clients' OCAPI settings: what every
resource of the API leans on."""
import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from shopsite.validators import canonical_origin

# Client ids travel in HTTP Basic credentials (``user:password:secret``): no ':' and no spaces.
CLIENT_ID = RegexValidator(r"^[^:\s]+\Z", "A client id has no ':' and no spaces.")
MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME = 60, 24 * 3600


class Site(models.Model):
    """A storefront site; customers, logins and tokens belong to one."""

    site_id = models.CharField(max_length=64, unique=True, help_text="As in /s/{site_id}/dw/shop/v16_4/")
    name = models.CharField(max_length=256, blank=True)

    class Meta:
        ordering = ["site_id"]

    def __str__(self):
        return self.site_id


def default_site():
    return Site.objects.get(site_id=settings.SHOPSITE_DEFAULT_SITE)


class ApiClient(models.Model):
    """A storefront or server application allowed to call the API (OCAPI's client id)."""

    client_id = models.CharField(max_length=64, unique=True, validators=[CLIENT_ID])
    name = models.CharField(max_length=256, blank=True)
    secret_hash = models.CharField(max_length=256, editable=False, help_text="The secret, hashed.")
    enabled = models.BooleanField(default=True)
    token_lifetime = models.PositiveIntegerField(
        default=1800, help_text="Lifetime of OAuth tokens, in seconds.",
        validators=[MinValueValidator(MIN_TOKEN_LIFETIME), MaxValueValidator(MAX_TOKEN_LIFETIME)],
    )
    allowed_origins = models.TextField(
        blank=True, help_text="CORS origins allowed for this client, one per line (https://shop.example.com)."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client_id"]
        verbose_name = "API client"

    def __str__(self):
        return self.name or self.client_id

    def set_secret(self, secret):
        self.secret_hash = make_password(secret)

    def check_secret(self, secret):
        return bool(self.secret_hash) and check_password(secret, self.secret_hash)

    def origins(self):
        """The CORS origins, as browsers send them (``canonical_origin``)."""
        return [canonical_origin(line) for line in self.allowed_origins.split() if line.strip()]


def token_digest(raw):
    """OAuth tokens are 256-bit random strings: a plain SHA-256 is enough to store them."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class OAuthToken(models.Model):
    """An opaque bearer token of a trusted server (no agent) or of an agent (staff user)."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    api_client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="oauth_tokens")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="oauth_tokens"
    )
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "OAuth token"

    def __str__(self):
        who = self.agent.get_username() if self.agent_id else "trusted server"
        return f"{self.api_client.client_id} / {who}"

    @classmethod
    def issue(cls, client, agent=None):
        """Create a token; returns (token, raw) — the raw value is shown once, never stored."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            token_hash=token_digest(raw),
            api_client=client,
            agent=agent,
            expires_at=timezone.now() + datetime.timedelta(seconds=client.token_lifetime),
        )
        return token, raw

    @property
    def client_id(self):
        """The public client id (as a customer JWT's ``iss``)."""
        return self.api_client.client_id

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class OcapiSettings(models.Model):
    """The OCAPI settings document of a context: the global one (no site) or a site's.

    ``text`` is the document as it was given (Business Manager's JSON, validated as a whole
    by ``shopsite.ocapi_settings``); write it through ``ocapi_settings_save``, which keeps
    every version in ``OcapiSettingsVersion``.
    """

    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             help_text="Empty: the global document (every site without its own for the client).")
    text = models.TextField(help_text="The document, JSON as Business Manager writes it.")
    version = models.PositiveIntegerField(editable=False, help_text="The number of this version in the history.")
    changed_at = models.DateTimeField(editable=False)
    changed_by = models.CharField(max_length=150, editable=False)

    class Meta:
        ordering = ["site__site_id"]
        verbose_name = "OCAPI settings"
        verbose_name_plural = "OCAPI settings"
        constraints = [
            models.UniqueConstraint(Coalesce("site", Value(0)), name="shopsite_ocapi_settings_one_per_context"),
        ]

    def __str__(self):
        return context_name(self.site)


class OcapiSettingsVersion(models.Model):
    """One saved version of a context's document (or its removal): the history, never changed."""

    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True, help_text="Empty when the document was removed.")
    removed = models.BooleanField(default=False)
    saved_at = models.DateTimeField()
    saved_by = models.CharField(max_length=150)
    summary = models.TextField(blank=True, help_text="What the change did, client by client.")

    class Meta:
        ordering = ["-saved_at", "-number"]
        verbose_name = "OCAPI settings version"
        constraints = [
            models.UniqueConstraint(Coalesce("site", Value(0)), "number",
                                    name="shopsite_ocapi_settings_version_number"),
        ]

    def __str__(self):
        return f"{context_name(self.site)}, version {self.number}"


def context_name(site):
    return f"site {site.site_id}" if site is not None else "global"
