"""Checking a login and password under the lockout, and recording a real login.

Unknown logins, wrong passwords, disabled and locked customers must fail alike after the
same work (one counter UPDATE, one password verification), or the time of the answer
would tell whether an account exists: ``bench/timing_parity.py`` measures it,
``customers/tests/test_auth.py`` counts the statements.
"""
import datetime
import functools

from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.db import connection
from django.utils import timezone

from customers.models import Customer, UncountedLoginFailures
from customers.selectors import customer_with_login
from shopsite import faults
from shopsite.hashers import dummy_password_check
from shopsite.models import Site


# The two counter UPDATEs that every failed login pays, written once per database as SQL:
# the ORM would build and compile the lockout's CASE expressions on every login (0.7 ms,
# more than the statement itself), and a login that no customer counts must cost what one
# that a customer counts does, or its answer would come sooner.
@functools.cache
def _counter_statements(vendor: str) -> tuple[str, str]:
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


def _run_counter(index: int, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_counter_statements(connection.vendor)[index], params)
        return cursor.rowcount


def _reserve_login_attempt(customer: Customer) -> bool:
    """Count an attempt before the password is verified, in one atomic UPDATE; False when
    the customer is locked. The attempt that reaches the limit locks the customer (a
    success clears it), so parallel guesses can never evaluate more than the limit."""
    now = timezone.now()
    at_limit = settings.SHOPSITE_LOCKOUT_ATTEMPTS - 1
    lock_until = now + datetime.timedelta(minutes=settings.SHOPSITE_LOCKOUT_MINUTES)
    adapt = connection.ops.adapt_datetimefield_value
    return _run_counter(0, [at_limit, at_limit, adapt(lock_until), customer.pk, adapt(now)]) == 1


def _count_uncounted_failure(site_id: int) -> None:
    """The UPDATE that a counted attempt pays, for one that no customer's lockout counts."""
    now = timezone.now()
    if not _run_counter(1, [connection.ops.adapt_datetimefield_value(now), site_id]):
        UncountedLoginFailures.objects.get_or_create(site_id=site_id, defaults={"attempts": 1, "last_attempt": now})


def customer_verify_password(*, customer: Customer, password: str) -> bool:
    """Check a password under the lockout: the attempt is counted first (it stays counted
    when the password is wrong); a locked or disabled customer always fails, after the
    same work."""
    if not customer.enabled or not _reserve_login_attempt(customer):
        _count_uncounted_failure(customer.site_id)
        return dummy_password_check(password)
    return customer.check_password(password)


def customer_check_credentials(*, site: Site, login: str | None, password: str) -> Customer:
    """The registered customer whose login and password match, or AuthenticationFailed.

    Unknown login, wrong password, disabled and locked all fail alike after the same work:
    one UPDATE of a counter (the customer's lockout, or ``UncountedLoginFailures``) and one
    password verification; attempts are counted in the database, shared by every server.
    """
    customer = customer_with_login(site=site, login=login)
    if customer is None:
        _count_uncounted_failure(site.pk)
        dummy_password_check(password)
    elif customer_verify_password(customer=customer, password=password):
        return customer
    raise faults.AuthenticationFailedException(
        "Failed to authenticate customer on base of Authorization:Basic header.", credentialType="credentials"
    )


def customer_record_login(*, customer: Customer, password: str | None = None) -> None:
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


def _hash_outdated(encoded: str) -> bool:
    try:
        return identify_hasher(encoded).must_update(encoded)
    except ValueError:
        return False
