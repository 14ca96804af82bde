"""Customers (registered and guest) and the JWTs issued to them."""
import secrets
import string

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from shopsite.documents import validate_custom_attributes
from shopsite.lookups import lookup_key
from shopsite.models import Site
from shopsite.validators import validate_name

ID_ALPHABET = string.ascii_letters + string.digits


def new_public_id():
    """26 random URL-safe characters, as OCAPI's ids (``abdtkZzH6sqInJGIHNR1yUw90A``)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(26))


#: The logins of erased customers (customers.services.customer_erase): ``erased-<customer_id>``.
#: Reserved, so no registration can take an erased customer's login before the erasure.
ERASED_LOGIN_PREFIX = "erased-"


class Customer(models.Model):
    """A shopper of one site: a guest, or registered with a login and a password.

    Separate from Django's ``User`` on purpose: staff log into the admin, customers into
    the storefront, and neither can stand in for the other.
    """

    GUEST = "guest"
    REGISTERED = "registered"
    AUTH_TYPES = [(GUEST, "guest"), (REGISTERED, "registered")]
    GENDERS = [(1, "male"), (2, "female")]

    customer_id = models.CharField(max_length=28, unique=True, default=new_public_id, editable=False)
    customer_no = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="customers")
    auth_type = models.CharField(max_length=10, choices=AUTH_TYPES, default=GUEST, db_index=True)

    login = models.CharField(max_length=256, null=True, blank=True)
    # lookup_key(login): unique per site, and the case-insensitive lookup key on every database
    # (casefolding may triple the length: "ß" -> "ss").
    login_key = models.CharField(max_length=1024, null=True, blank=True, editable=False, db_index=True)
    password = models.CharField(max_length=256, blank=True, editable=False)

    birthday = models.DateField(null=True, blank=True)
    company_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    email = models.CharField(max_length=256, blank=True)
    email_key = models.CharField(max_length=1024, blank=True, editable=False, db_index=True)
    fax = models.CharField(max_length=32, blank=True)
    first_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    second_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    last_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    gender = models.PositiveSmallIntegerField(choices=GENDERS, null=True, blank=True)
    job_title = models.CharField(max_length=256, blank=True, validators=[validate_name])
    phone_business = models.CharField(max_length=32, blank=True)
    phone_home = models.CharField(max_length=32, blank=True)
    phone_mobile = models.CharField(max_length=32, blank=True)
    preferred_locale = models.CharField(max_length=32, blank=True)
    salutation = models.CharField(max_length=256, blank=True, validators=[validate_name])
    suffix = models.CharField(max_length=256, blank=True, validators=[validate_name])
    title = models.CharField(max_length=256, blank=True, validators=[validate_name])
    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes",
                              validators=[validate_custom_attributes])

    enabled = models.BooleanField(default=True)
    # Raised by "log out everywhere": storefront sessions carry it (see customers.storefront).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    creation_date = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    last_modified = models.DateTimeField(auto_now=True)
    last_login_time = models.DateTimeField(null=True, blank=True, db_index=True)
    previous_login_time = models.DateTimeField(null=True, blank=True)
    last_visit_time = models.DateTimeField(null=True, blank=True)
    previous_visit_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-creation_date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "login_key"], name="customer_login_unique_per_site"),
            models.CheckConstraint(
                condition=models.Q(auth_type="guest") | models.Q(login_key__isnull=False),
                name="customer_registered_has_login",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "email_key"], name="customer_site_email"),
            # The admin's search (customers.selectors.customer_search): every
            # branch of its OR has an index, so a search never scans the table. login_key and
            # email_key (db_index above) get a LIKE-prefix index on PostgreSQL too.
            models.Index(Upper("last_name"), name="customer_last_name_upper"),
            models.Index(Upper("first_name"), name="customer_first_name_upper"),
            models.Index(fields=["phone_home"], name="customer_phone_home"),
            models.Index(fields=["phone_business"], name="customer_phone_business"),
            models.Index(fields=["phone_mobile"], name="customer_phone_mobile"),
        ]
        permissions = [
            ("create_order_on_behalf_of", "Can act on behalf of a customer (agent tokens)"),
            ("export_customer", "Can export customers' personal data (CSV, GDPR JSON)"),
        ]

    def __str__(self):
        return self.login or f"guest {self.customer_id}"

    def save(self, *args, **kwargs):
        self.login_key = lookup_key(self.login) if self.login else None
        self.email_key = lookup_key(self.email) if self.email else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if "login" in update_fields:
                update_fields.add("login_key")
            if "email" in update_fields:
                update_fields.add("email_key")
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    @property
    def is_guest(self):
        return self.auth_type == self.GUEST

    @property
    def is_locked(self):
        return self.locked_until is not None and self.locked_until > timezone.now()

    def assign_number(self):
        """Registered customers are numbered after their row: ``00001140``."""
        self.customer_no = f"{self.pk:08d}"
        Customer.objects.filter(pk=self.pk).update(customer_no=self.customer_no)

    def set_password(self, raw_password):
        self.password = make_password(raw_password)

    def check_password(self, raw_password):
        return bool(self.password) and check_password(raw_password, self.password)


#: The profile properties a storefront writes (registration, PATCH) -> their length limit
#: (the model's columns, the 20.4 swagger's limits; None: not text).
WRITABLE_PROFILE_FIELDS = {
    name: getattr(Customer._meta.get_field(name), "max_length", None)
    for name in ("birthday", "company_name", "email", "fax", "first_name", "second_name", "last_name", "gender",
                 "job_title", "phone_business", "phone_home", "phone_mobile", "preferred_locale", "salutation",
                 "suffix", "title")
}
#: Its text properties: stored "" when unset (null clears one), left out of documents
#: then, emptied by an erasure.
PROFILE_TEXT_FIELDS = tuple(sorted(name for name, limit in WRITABLE_PROFILE_FIELDS.items() if limit is not None))


class CustomerTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class CustomerToken(models.Model):
    """Every customer JWT issued, by ``jti``: the shared record that makes revocation
    (logout, password change, disabling) hold in every server process at once."""

    GUEST, CREDENTIALS, SESSION, REFRESH, ON_BEHALF = "guest", "credentials", "session", "refresh", "on_behalf"
    #: Issued by ``POST /customers/auth/trustedsystem`` (a trusted server vouching for the login).
    TRUSTED_SYSTEM = "trusted_system"
    KINDS = [(k, k) for k in (GUEST, CREDENTIALS, SESSION, REFRESH, ON_BEHALF, TRUSTED_SYSTEM)]

    jti = models.CharField(max_length=64, unique=True, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tokens")
    client_id = models.CharField(max_length=64, help_text="The API client the token was issued to (iss).")
    kind = models.CharField(max_length=16, choices=KINDS)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="customer_tokens"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CustomerTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["customer", "revoked_at"], name="customertoken_customer_revoked")]

    def __str__(self):
        return f"{self.kind} token of {self.customer}"

    @property
    def site_pk(self):
        """Customer JWTs are valid on the site that issued them only."""
        return self.customer.site_id


class PasswordResetToken(models.Model):
    """A single-use, expiring password reset token; only its SHA-256 is stored.

    A row without a customer is the decoy of a reset that matched nobody: written so that
    such a request does the work of one that matched; it opens nothing and is purged."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    customer = models.ForeignKey(Customer, null=True, on_delete=models.CASCADE, related_name="reset_tokens")
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"reset token of {self.customer}"


class AgentActivity(models.Model):
    """A successful API write done by an agent through an on-behalf token, recorded by
    ``OcapiViewSet.finalize_response`` (see customers.activity) and shown on the
    customer's page in the admin."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="agent_activity")
    token = models.ForeignKey(CustomerToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="agent_activity"
    )
    agent_username = models.CharField(max_length=150, help_text="Kept when the staff user is deleted.")
    client_id = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2048)
    status = models.PositiveSmallIntegerField()
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "agent activity"
        verbose_name_plural = "agent activity"
        indexes = [models.Index(fields=["customer", "-created"], name="agentactivity_customer_created")]

    def __str__(self):
        return f"{self.agent_username}: {self.method} {self.path}"


class UncountedLoginFailures(models.Model):
    """Failed logins that count against no customer (an unknown login, a disabled or a locked
    customer), one row per site. Such a login pays the same UPDATE as one that a customer's
    lockout counts, so its answer takes as long and tells nothing; the merchant reads the
    count in the admin (a sudden rise is someone guessing logins)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="+")
    attempts = models.BigIntegerField(default=0)
    last_attempt = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "failed logins on no customer"

    def __str__(self):
        return f"failed logins on no customer of {self.site}"
