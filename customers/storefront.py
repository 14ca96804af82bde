"""The storefront session: Django's session as ``dwsid`` plus ``dwsecuretoken_<site hash>``.

A shopper who logs in on the storefront pages can be handed to a headless client: the
client posts ``{"type": "session"}`` to ``/customers/auth`` with both cookies and gets a
JWT for the session's customer (a guest, created lazily, for an anonymous session).
"""
import hashlib
import hmac

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string

from customers.models import Customer

SESSION_CUSTOMER = "shopsite_customer"
SESSION_SITE = "shopsite_site"
SESSION_AUTH_HASH = "shopsite_auth_hash"


def session_auth_hash(customer):
    """Derived from the password hash and the session epoch: a password change, a reset or
    "log out everywhere" ends every session."""
    value = f"{customer.session_epoch}:{customer.password}"
    return salted_hmac("shopsite.storefront.session", value, algorithm="sha256").hexdigest()


def _session_still_valid(data, customer):
    if customer.is_guest:
        return True
    return constant_time_compare(data.get(SESSION_AUTH_HASH, ""), session_auth_hash(customer))


def secure_token_cookie_name(site):
    return "dwsecuretoken_" + hashlib.sha256(site.site_id.encode()).hexdigest()[:32]


def secure_token(session_key):
    """An HMAC of the session key: proves the cookie pair came from this server."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"dwsecuretoken:{session_key}".encode(), hashlib.sha256)
    return digest.hexdigest()


def _session_store(session_key):
    engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
    return engine(session_key)


def customer_from_storefront_session(request, site):
    """The customer of the request's storefront session, or None (unknown, expired,
    forged token, disabled or locked). An anonymous session gets a guest lazily."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    presented = request.COOKIES.get(secure_token_cookie_name(site))
    if not session_key or not presented or not constant_time_compare(presented, secure_token(session_key)):
        return None
    session = _session_store(session_key)
    data = session.load()
    if session.session_key is None or data.get(SESSION_SITE, site.site_id) != site.site_id:
        return None
    customer_pk = data.get(SESSION_CUSTOMER)
    if customer_pk is None:
        from customers.services import guest_create

        customer = guest_create(site=site)
        session[SESSION_CUSTOMER] = customer.pk
        session[SESSION_SITE] = site.site_id
        session.save()
        return customer
    customer = Customer.objects.select_related("site").filter(pk=customer_pk, site=site).first()
    if customer is None or not customer.enabled or customer.is_locked or not _session_still_valid(data, customer):
        return None
    return customer


def session_log_in(session: SessionBase, customer):
    session.cycle_key()  # a new session id on login (no fixation)
    session[SESSION_CUSTOMER] = customer.pk
    session[SESSION_SITE] = customer.site.site_id
    session[SESSION_AUTH_HASH] = session_auth_hash(customer)


def session_customer(session, site):
    """The registered customer logged in on this storefront session, or None."""
    customer_pk = session.get(SESSION_CUSTOMER)
    if customer_pk is None or session.get(SESSION_SITE) != site.site_id:
        return None
    customer = Customer.objects.filter(pk=customer_pk, site=site, auth_type=Customer.REGISTERED).first()
    if customer is None or not customer.enabled or not _session_still_valid(session, customer):
        return None
    return customer


def session_log_out(session):
    session.flush()


def set_storefront_cookies(request, response, site):
    """Every storefront response carries ``dwsid`` and its ``dwsecuretoken_*`` partner."""
    session = request.session
    if session.session_key is None:
        session[SESSION_SITE] = site.site_id
        session.save()
    response.set_cookie(
        settings.SESSION_COOKIE_NAME,
        session.session_key,
        max_age=settings.SESSION_COOKIE_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
    response.set_cookie(
        secure_token_cookie_name(site),
        secure_token(session.session_key),
        max_age=settings.SESSION_COOKIE_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
    return response
