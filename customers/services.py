"""Customer business rules, callable from the API views, the admin and the shell alike.

Writes run in one transaction with their extension points, so an error Status from a
receiver leaves nothing behind. Keyword-only ``<entity>_<action>`` functions.
"""
import datetime
import functools
import logging
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from customers import signals
from customers.agents import may_act_for_customers
from customers.documents import EXPANSIONS, customer_document
from customers.models import (
    ERASED_LOGIN_PREFIX,
    Customer,
    CustomerToken,
    PasswordResetToken,
    UncountedLoginFailures,
    lookup_key,
)
from customers.serializers import check_password_policy, validate_login, validate_profile
from customers.tasks import enqueue_reset_email
from customers.tokens import issue_token, revoke_tokens
from shopsite import faults
from shopsite.documents import document, format_datetime, limit_custom_attributes, merge_custom_attributes
from shopsite.hashers import dummy_password_check
from shopsite.hooks import Status
from shopsite.lookups import has_nul
from shopsite.models import token_digest

logger = logging.getLogger(__name__)

# --- registration and profile -----------------------------------------------------------


def guest_create(*, site):
    """A new guest customer (``POST /customers/auth`` type guest, anonymous sessions)."""
    return Customer.objects.create(site=site, auth_type=Customer.GUEST, preferred_locale="default")


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _stored_profile(profile):
    """Profile values as the model stores them: null clears a text property to ""."""
    return {
        name: "" if value is None and name not in ("birthday", "gender") else value
        for name, value in profile.items()
    }


def customer_register(*, site, registration, password_required):
    """Register a customer from a CustomerRegistration document.

    ``password_required`` is True for a customer JWT (password mandatory) and False for
    OAuth (a password must not be sent). Raises the faults of the spec's table.
    """
    data = registration.get("customer")
    if data is None or data == "":
        data = {}
    if not isinstance(data, dict):
        raise faults.PropertyConstraintViolationException("Property 'customer' must be a Customer document.")
    unknown = set(registration) - {"customer", "password", "_v", "_type"}
    if unknown:
        name = sorted(unknown)[0][:64]
        raise faults.UnknownPropertyException(f"Property '{name}' is unknown.", property=name)
    if _blank(data.get("login")):
        raise faults.MissingLoginException()
    if _blank(data.get("email")):
        raise faults.MissingEmailException()
    if _blank(data.get("last_name")):
        raise faults.MissingLastNameException()
    login = validate_login(data["login"])
    profile, custom = validate_profile(data, allow_login=True)
    limit_custom_attributes(custom)
    password = registration.get("password")
    if password_required:
        if password in (None, ""):
            raise faults.MissingPasswordException()
        check_password_policy(password)
    elif password is not None:
        raise faults.InvalidPasswordException("A password must not be sent when registering with OAuth.")

    public_registration = {k: v for k, v in registration.items() if k != "password"}
    if Customer.objects.filter(site=site, login_key=lookup_key(login)).exists():
        raise faults.LoginAlreadyInUseException()
    try:
        with transaction.atomic():
            signals.customer_before_post.run(sender=Customer, registration=public_registration)
            customer = Customer(
                site=site, auth_type=Customer.REGISTERED, login=login, custom=custom, **_stored_profile(profile)
            )
            if password is not None:
                customer.set_password(password)
            else:
                customer.password = make_password(None)  # unusable until a reset
            customer.save()
            customer.assign_number()
            signals.customer_after_post.run(sender=Customer, customer=customer, registration=public_registration)
    except IntegrityError:
        # The database decides a race between two registrations of one login.
        if Customer.objects.filter(site=site, login_key=lookup_key(login)).exists():
            raise faults.LoginAlreadyInUseException() from None
        raise
    return customer


def customer_update(*, customer, changes):
    """Apply a PATCH document to a (locked) customer; runs the patch extension points."""
    profile, custom = validate_profile(changes)
    if not customer.is_guest:
        if "email" in profile and _blank(profile["email"]):
            raise faults.MissingEmailException("A registered customer's email cannot be removed.")
        if "last_name" in profile and _blank(profile["last_name"]):
            raise faults.MissingLastNameException("A registered customer's last name cannot be removed.")
    with transaction.atomic():
        signals.customer_before_patch_customer.run(sender=Customer, customer=customer, customer_input=changes)
        for name, value in _stored_profile(profile).items():
            setattr(customer, name, value)
        if custom:
            customer.custom = merge_custom_attributes(customer.custom, custom)
        customer.save()
        signals.customer_after_patch_customer.run(sender=Customer, customer=customer, customer_input=changes)
    return customer


def customer_lock(customer):
    """Lock the customer's row until the end of the transaction, so writes to what the
    customer owns (address book, saved payment instruments) happen one after the other
    (no-op on SQLite, whose write transactions are serialised as a whole)."""
    list(Customer.objects.select_for_update().filter(pk=customer.pk).order_by().values_list("pk", flat=True))


def customer_set_enabled(*, customer, enabled):
    """Enable or disable a customer; disabling revokes every token and reset link at once."""
    with transaction.atomic():
        customer.enabled = enabled
        customer.save(update_fields=["enabled", "last_modified"])
        if not enabled:
            _end_all_access(customer)


def customer_log_out_everywhere(*, customer):
    """Revoke every JWT and end every storefront session of the customer; returns how many
    tokens were revoked."""
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(session_epoch=F("session_epoch") + 1)
        customer.refresh_from_db(fields=["session_epoch"])
        return revoke_tokens(customer)


def customer_unlock(*, customer):
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=0, locked_until=None)
    customer.failed_login_count, customer.locked_until = 0, None


def _end_all_access(customer, keep_jti=None):
    """Revoke JWTs (but ``keep_jti``) and unused reset tokens; storefront sessions end by
    themselves, as they carry a hash of the password (see customers.storefront)."""
    revoke_tokens(customer, keep_jti=keep_jti)
    PasswordResetToken.objects.filter(customer=customer, used_at__isnull=True).update(used_at=timezone.now())


# --- login -----------------------------------------------------------------------------


# The two counter UPDATEs that every failed login pays, written once per database as SQL:
# the ORM would build and compile the lockout's CASE expressions on every login (0.7 ms,
# more than the statement itself), and a login that no customer counts must cost what one
# that a customer counts does, or its answer would come sooner.
@functools.cache
def _counter_statements(vendor):
    quote = connection.ops.quote_name

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    count, until = column(Customer, "failed_login_count"), column(Customer, "locked_until")
    lockout = (
        f"UPDATE {quote(Customer._meta.db_table)} SET {count} = CASE WHEN {count} >= %s THEN 0 ELSE {count} + 1 END, "
        f"{until} = CASE WHEN {count} >= %s THEN %s ELSE NULL END "
        f"WHERE {column(Customer, 'id')} = %s AND ({until} IS NULL OR {until} <= %s)"
    )
    attempts = column(UncountedLoginFailures, "attempts")
    uncounted = (
        f"UPDATE {quote(UncountedLoginFailures._meta.db_table)} SET {attempts} = {attempts} + 1, "
        f"{column(UncountedLoginFailures, 'last_attempt')} = %s WHERE {column(UncountedLoginFailures, 'site')} = %s"
    )
    return lockout, uncounted


def _run_counter(index, params):
    with connection.cursor() as cursor:
        cursor.execute(_counter_statements(connection.vendor)[index], params)
        return cursor.rowcount


def _reserve_login_attempt(customer):
    """Count an attempt before the password is verified, in one atomic UPDATE; False when
    the customer is locked. The attempt that reaches the limit locks the customer (a
    success clears it), so parallel guesses can never evaluate more than the limit."""
    now = timezone.now()
    at_limit = settings.SHOPSITE_LOCKOUT_ATTEMPTS - 1
    lock_until = now + datetime.timedelta(minutes=settings.SHOPSITE_LOCKOUT_MINUTES)
    adapt = connection.ops.adapt_datetimefield_value
    return _run_counter(0, [at_limit, at_limit, adapt(lock_until), customer.pk, adapt(now)]) == 1


def _count_uncounted_failure(site_id):
    """The UPDATE that a counted attempt pays, for one that no customer's lockout counts."""
    now = timezone.now()
    if not _run_counter(1, [connection.ops.adapt_datetimefield_value(now), site_id]):
        UncountedLoginFailures.objects.get_or_create(site_id=site_id, defaults={"attempts": 1, "last_attempt": now})


def customer_verify_password(*, customer, password):
    """Check a password under the lockout: the attempt is counted first (it stays counted
    when the password is wrong); a locked or disabled customer always fails, after the
    same work."""
    if not customer.enabled or not _reserve_login_attempt(customer):
        _count_uncounted_failure(customer.site_id)
        return dummy_password_check(password)
    return customer.check_password(password)


def customer_check_credentials(*, site, login, password):
    """The registered customer whose login and password match, or AuthenticationFailed.

    Unknown login, wrong password, disabled and locked all fail alike after the same work:
    one UPDATE of a counter (the customer's lockout, or ``UncountedLoginFailures``) and one
    password verification; attempts are counted in the database, shared by every server.
    """
    customer = None
    if login and not has_nul(login):
        customer = (
            Customer.objects.select_related("site")
            .filter(site=site, login_key=lookup_key(login), auth_type=Customer.REGISTERED)
            .first()
        )
    if customer is None:
        _count_uncounted_failure(site.pk)
        dummy_password_check(password)
    elif customer_verify_password(customer=customer, password=password):
        return customer
    raise faults.AuthenticationFailedException(
        "Failed to authenticate customer on base of Authorization:Basic header.", credentialType="credentials"
    )


def customer_record_login(*, customer, password=None):
    """A real login: shift login and visit times, clear the failure count, upgrade the hash."""
    now = timezone.now()
    customer.previous_login_time, customer.last_login_time = customer.last_login_time, now
    customer.previous_visit_time, customer.last_visit_time = customer.last_visit_time, now
    customer.failed_login_count, customer.locked_until = 0, None
    fields = ["previous_login_time", "last_login_time", "previous_visit_time", "last_visit_time",
              "failed_login_count", "locked_until"]
    if password is not None and _hash_outdated(customer.password):
        customer.set_password(password)
        fields.append("password")
    Customer.objects.filter(pk=customer.pk).update(**{name: getattr(customer, name) for name in fields})


def _hash_outdated(encoded):
    from django.contrib.auth.hashers import identify_hasher

    try:
        return identify_hasher(encoded).must_update(encoded)
    except ValueError:
        return False


def auth_token_issue(*, customer, client_id, auth_type, agent=None):
    """Issue a customer JWT and run ``afterAuth``; an error Status issues nothing (and,
    inside a caller's transaction, rolls all of it back: no savepoint needed)."""
    with transaction.atomic(savepoint=False):
        raw = issue_token(customer, client_id, kind=auth_type, agent=agent)
        if agent is None:
            signals.auth_after_auth.run(sender=Customer, auth_request_type=auth_type, customer=customer)
    return raw


def auth_login(*, site, client_id, auth_type, login=None, password=None, customer=None, token_record=None):
    """``POST /customers/auth``: the customer and a new JWT for one of the four types.

    ``credentials`` takes login and password; ``session`` the session's customer;
    ``refresh`` the verified record of the presented token. A failed login stays counted
    (it is checked before the transaction that issues the token).
    """
    if auth_type == "credentials":
        customer = customer_check_credentials(site=site, login=login, password=password)
    agent = None
    if auth_type == "refresh":
        if token_record.client_id != client_id:
            raise faults.InvalidAccessTokenException("The client id does not match the access token.")
        if token_record.customer.site_id != site.pk:
            raise faults.InvalidAccessTokenException("The access token was issued for another site.")
        customer, agent = token_record.customer, token_record.agent
        customer.site = site  # the same row, already loaded: the new token names it
        if token_record.kind == CustomerToken.ON_BEHALF:
            _check_agent(agent)
    with transaction.atomic():
        if auth_type == "guest":
            customer = guest_create(site=site)
        elif auth_type == "credentials":
            customer_record_login(customer=customer, password=password)
        kind = CustomerToken.ON_BEHALF if agent is not None else auth_type
        raw = auth_token_issue(customer=customer, client_id=client_id, auth_type=kind, agent=agent)
    return customer, raw


def _check_agent(agent):
    if not may_act_for_customers(agent):
        raise faults.InvalidAccessTokenException("The agent of this token may no longer act for customers.")


def auth_on_behalf(*, customer, client_id, agent):
    """``POST /customers/{id}/auth``: a JWT for an agent acting for a registered customer."""
    if not may_act_for_customers(agent):
        raise faults.InsufficientPermissionsException("The agent lacks the permission Create_Order_On_Behalf_Of.")
    if customer.is_guest:
        raise faults.InvalidCustomerException("On-behalf tokens are for registered customers only.")
    if not customer.enabled:
        raise faults.InvalidCustomerException("The customer is disabled.")
    return auth_token_issue(customer=customer, client_id=client_id, auth_type=CustomerToken.ON_BEHALF, agent=agent)


def auth_token_revoke(*, token_record):
    CustomerToken.objects.filter(pk=token_record.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


# --- passwords -------------------------------------------------------------------------

PUT_PASSWORD = "dw.ocapi.shop.customer.putPassword"


def _put_password_failure(code, message=None):
    return faults.HookStatusException(PUT_PASSWORD, Status.error(code, message or code))


def customer_change_password(*, customer, current_password, new_password, keep_jti=None):
    """``PUT /customers/{id}/password``.

    Receivers of putPassword may take the change over (a non-null Status); otherwise the
    default checks the current password under the lockout (wrong guesses count, so a
    stolen token cannot brute-force it) and the policy. Every failure is a
    HookStatusException of putPassword. Success revokes the customer's other tokens.
    """
    request_document = {"current_password": current_password, "password": new_password}
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        status = signals.customer_put_password.run(
            sender=Customer, customer=locked, password_change_request=request_document
        )
        if status is not None:
            _end_all_access(locked, keep_jti=keep_jti)
            return
    # The default implementation: failures must stay counted, so no enclosing transaction.
    if not isinstance(new_password, str) or new_password == "":
        raise _put_password_failure("The new password is empty.")
    if not isinstance(current_password, str) or not customer_verify_password(
        customer=customer, password=current_password
    ):
        raise _put_password_failure("The current password is not correct.")
    try:
        check_password_policy(new_password)
    except faults.InvalidPasswordException as error:
        raise _put_password_failure("The new password is not valid.", error.message) from None
    _store_new_password(customer, new_password, keep_jti=keep_jti)


def customer_set_password(*, customer, password):
    """A password set by staff (the admin's "set password" form): the customer password
    policy applies (InvalidPasswordException); like a completed reset it clears the
    lockout and ends every other way in (tokens, sessions, reset links)."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no login to set a password for.")
    check_password_policy(password)
    _store_new_password(customer, password)


def _store_new_password(customer, password, keep_jti=None):
    """Set a new password under a row lock, clear the lockout, and end every other way in
    (tokens but ``keep_jti``, storefront sessions, reset links)."""
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        locked.set_password(password)
        locked.failed_login_count, locked.locked_until = 0, None
        locked.save(update_fields=["password", "failed_login_count", "locked_until", "last_modified"])
        _end_all_access(locked, keep_jti=keep_jti)
    customer.password, customer.failed_login_count, customer.locked_until = locked.password, 0, None


def password_reset_token_create(*, customer: Customer | None) -> str:
    """A new single-use reset token; returns the raw token (stored hashed only). ``None``
    writes the decoy of a reset that matched nobody (see PasswordResetToken)."""
    raw = secrets.token_urlsafe(32)
    PasswordResetToken.objects.create(
        token_hash=token_digest(raw),
        customer=customer,
        expires_at=timezone.now() + datetime.timedelta(minutes=settings.SHOPSITE_RESET_TOKEN_MINUTES),
    )
    return raw


def password_reset_start(*, site, identification, identification_type):
    """``POST /customers/password_reset``: the hook runs only when exactly one registered
    customer matches; the caller answers 204 either way (no enumeration). Either way a
    token row and an email task are written in one transaction, so a match and a miss cost
    the request the same work; for a miss, the token is a decoy with no customer, and the
    worker finds nothing to send."""
    if identification_type not in ("email", "login"):
        raise faults.PropertyConstraintViolationException(
            "Property 'type' must be 'email' or 'login'.", property="type"
        )
    if not isinstance(identification, str) or not identification or has_nul(identification):
        raise faults.PropertyConstraintViolationException(
            "Property 'identification' must be a non-empty string.", property="identification"
        )
    key = "email_key" if identification_type == "email" else "login_key"
    matches = list(
        Customer.objects.filter(
            site=site, auth_type=Customer.REGISTERED, enabled=True, **{key: lookup_key(identification)}
        )[:2]
    )
    if len(matches) > 1:
        logger.warning("A password reset by email matched several customers of site %s (%s and more): "
                       "nothing was sent, as the API specifies; see the admin filter 'shares its email'.",
                       site.site_id, matches[0].customer_no)
    customer = matches[0] if len(matches) == 1 else None
    with transaction.atomic():
        raw = password_reset_token_create(customer=customer)
        if customer is None:
            enqueue_reset_email(reset_token=raw)
        else:
            signals.customers_password_reset_after_post.run(sender=Customer, customer=customer, reset_token=raw)
    return customer


def password_reset_for_customer(*, customer):
    """``POST /customers/{id}/password_reset``."""
    if customer.is_guest:
        raise faults.InvalidCustomerException("A guest customer has no password to reset.")
    with transaction.atomic():
        raw = password_reset_token_create(customer=customer)
        signals.customer_password_reset_after_post.run(sender=Customer, customer=customer, reset_token=raw)
    return raw


def password_reset_complete(*, site, reset_token, new_password, login=None):
    """Use a reset token once: set the password, end every other way in (tokens, sessions,
    older reset links), clear the lockout."""
    if not isinstance(reset_token, str) or not reset_token:
        raise faults.InvalidResetTokenException()
    check_password_policy(new_password)
    with transaction.atomic():
        token = (
            PasswordResetToken.objects.select_for_update()
            .select_related("customer")
            .filter(token_hash=token_digest(reset_token), used_at__isnull=True, expires_at__gt=timezone.now(),
                    customer__isnull=False)
            .first()
        )
        if token is None or token.customer.site_id != site.pk or not token.customer.enabled:
            raise faults.InvalidResetTokenException()
        customer = token.customer
        if login is not None and (not isinstance(login, str) or lookup_key(login) != customer.login_key):
            raise faults.InvalidResetTokenException()
        _store_new_password(customer, new_password)
    return customer


# --- personal data (GDPR) ------------------------------------------------------------

#: Cleared by customer_erase: every profile field a person could be recognised by.
ERASED_TEXT_FIELDS = (
    "company_name", "email", "fax", "first_name", "job_title", "last_name", "phone_business", "phone_home",
    "phone_mobile", "preferred_locale", "salutation", "second_name", "suffix", "title",
)
#: Cleared in the shipping and billing addresses of the customer's orders; country and state stay
#: (tax records).
ERASED_ADDRESS_FIELDS = ("first_name", "last_name", "company_name", "address1", "address2", "city",
                         "postal_code", "phone")


def customer_export(*, customer):
    """Everything stored about a customer, as one JSON-ready dict (a GDPR access request):
    the Customer document with every expansion (addresses, payment instruments, masked as
    the API shows them), the orders and baskets as the API renders them, the tokens issued
    and the writes agents did on the customer's behalf. Read in one transaction."""
    from orders.documents import basket_document, order_document
    from orders.selectors import with_lines

    with transaction.atomic():
        customer = Customer.objects.select_related("site").get(pk=customer.pk)
        orders = with_lines(customer.orders.select_related("site").order_by("creation_date", "order_no"))
        baskets = with_lines(customer.baskets.order_by("creation_date", "id"))
        tokens = customer.tokens.select_related("agent").order_by("issued_at", "id")
        activity = customer.agent_activity.order_by("created", "id")
        return {
            "_type": "customer_export",
            "exported_at": format_datetime(timezone.now()),
            "site_id": customer.site.site_id,
            "customer": customer_document(customer, expand=tuple(EXPANSIONS)),
            "orders": [order_document(order) for order in orders],
            "baskets": [basket_document(basket) for basket in baskets],
            "tokens": [
                document("customer_token", {
                    "kind": token.kind, "client_id": token.client_id,
                    "agent": token.agent.get_username() if token.agent else None,
                    "issued_at": token.issued_at, "expires_at": token.expires_at, "revoked_at": token.revoked_at,
                })
                for token in tokens
            ],
            "agent_activity": [
                document("agent_activity", {
                    "created": entry.created, "agent": entry.agent_username, "method": entry.method,
                    "path": entry.path, "status": entry.status,
                })
                for entry in activity
            ],
        }


def _erased_login(customer: Customer) -> str:
    """``erased-<customer_id>``, or that with a random suffix while another customer of the
    site holds it (registration refuses the prefix, older data may not have)."""
    others = Customer.objects.filter(site_id=customer.site_id).exclude(pk=customer.pk)
    login = f"{ERASED_LOGIN_PREFIX}{customer.customer_id}"
    while others.filter(login_key=lookup_key(login)).exists():
        login = f"{ERASED_LOGIN_PREFIX}{customer.customer_id}-{secrets.token_hex(4)}"
    return login


def customer_erase(*, customer):
    """Erase a customer's personal data (GDPR) and keep the records the shop must keep.

    The row stays (numbers, dates and order links resolve), anonymised: login
    ``erased-<customer_id>``, profile and custom attributes cleared, disabled, no usable
    password. Addresses, saved payment instruments, baskets and agent activity are
    deleted; every token and reset link is revoked. Orders are kept with their numbers,
    lines and totals, detached from the customer, their customer_info name and email,
    shipping and billing names, street addresses and phones, and card holders cleared.
    Deletes happen directly, not through the API's extension points: an erasure is not a
    storefront operation, and no receiver may veto it. Returns the erased customer.
    """
    from orders.models import BILLING_PREFIX, Order, OrderPaymentInstrument, Shipment

    with transaction.atomic():
        erased = Customer.objects.select_for_update().select_related("site").get(pk=customer.pk)
        erased.addresses.all().delete()
        erased.payment_instruments.all().delete()
        erased.baskets.all().delete()
        erased.agent_activity.all().delete()
        orders = Order.objects.filter(customer=erased)
        Shipment.objects.filter(order__in=orders).update(**dict.fromkeys(ERASED_ADDRESS_FIELDS, ""))
        OrderPaymentInstrument.objects.filter(order__in=orders).update(holder="")
        orders.update(customer=None, customer_name="", customer_email="", last_modified=timezone.now(),
                      **{BILLING_PREFIX + name: "" for name in ERASED_ADDRESS_FIELDS})
        _end_all_access(erased)
        if not erased.is_guest:
            erased.login = _erased_login(erased)
        for name in ERASED_TEXT_FIELDS:
            setattr(erased, name, "")
        erased.birthday = erased.gender = None
        erased.custom = {}
        erased.enabled = False
        erased.failed_login_count, erased.locked_until = 0, None
        erased.password = make_password(None)
        erased.save()
    return erased


# --- housekeeping ----------------------------------------------------------------------


def customers_purge_expired(*, now=None, batch_size=1000):
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
