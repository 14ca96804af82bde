"""Fixtures shared by every app's tests."""
import contextlib
import importlib.util
import os

import pytest
from rest_framework.test import APIClient

from shopsite.checks import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from shopsite.testing import connected

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = os.environ.get("SHOPSITE_CHROMIUM", "/usr/bin/chromium")


def browser_missing():
    """Why the browser tests cannot run here, or None (they need Debian's chromium and Playwright)."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (install Debian's package: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_configure(config):
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)  # holds the file-backed SQLite test database


def pytest_collection_modifyitems(config, items):
    """Browser tests are skipped, with the reason, where Chromium or Playwright is missing."""
    reason = browser_missing()
    if reason:
        skip = pytest.mark.skip(reason=f"browser test skipped: {reason}")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    reason = browser_missing()
    skipped = [report for report in terminalreporter.stats.get("skipped", []) if "browser" in report.keywords]
    if reason and skipped:
        terminalreporter.write_line(f"{len(skipped)} browser tests skipped: {reason}.", yellow=True)


@pytest.fixture(autouse=True)
def fast_hashing(settings, request):
    """Tests hash with MD5 unless marked `real_hashing` (the tests of hashing itself)."""
    if "real_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def test_server_settings(settings):
    """Plain HTTP test client; tasks run as their transaction commits (the immediate
    backend), so a test reads the outbox at once. Tests of the queue itself use the
    database backend (``database_tasks``)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Tasks are rows of the database, run by nobody unless the test runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def api():
    """A DRF test client (JSON by default)."""
    return APIClient()


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counters and cached CORS origins live in the cache: start each test afresh."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_site_cache():
    """Each test starts with an empty per-process site cache (rolled-back renames must not
    linger); the `site` fixture warms it again."""
    from shopsite.api import forget_cached_sites

    forget_cached_sites()


@pytest.fixture(autouse=True)
def no_ocapi_settings(empty_cache, settings):
    """Each test starts without OCAPI settings, as its database does, and without a query to
    learn it (shopsite.ocapi_settings.runtime); a save in the test is seen at once. The check
    for changes made by other processes waits an hour here: tests of it set the interval."""
    from shopsite.ocapi_settings.runtime import start_empty

    settings.SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS = 3600
    start_empty()


@pytest.fixture
def site(db):
    """The default site, re-created after a transactional test truncated the tables (saving a
    Site clears the per-process site cache, so no stale primary key survives)."""
    from shopsite.api import resolve_site
    from shopsite.models import Site

    site = Site.objects.get_or_create(site_id="SiteGenesis", defaults={"name": "Site Genesis"})[0]
    resolve_site(site.site_id)  # warm the per-process site cache, so query counts see requests only
    return site


@pytest.fixture
def other_site(db):
    from shopsite.models import Site

    return Site.objects.create(site_id="OtherSite", name="Other")


@pytest.fixture
def client_app(db):
    """The demo API client (client id and secret as in the README)."""
    from shopsite.models import ApiClient

    client = ApiClient(client_id=DEMO_CLIENT_ID, name="Demo storefront", allowed_origins="https://shop.example.com")
    client.set_secret(DEMO_CLIENT_SECRET)
    client.save()
    return client


@pytest.fixture
def make_customer(site):
    """Create a registered customer: make_customer(login="x", password="...", **profile),
    as the application does (customers.services.customer_create)."""
    from customers.services import customer_create

    def make(login="jsmith", password="12345!aBcD", site=site, **fields):
        fields.setdefault("email", f"{login}@example.com")
        fields.setdefault("last_name", "Smith")
        return customer_create(site=site, login=login, password=password, **fields)

    return make


@pytest.fixture
def customer(make_customer):
    return make_customer()


@pytest.fixture
def guest(site):
    from customers.services import guest_create

    return guest_create(site=site)


@pytest.fixture
def jwt_for(client_app):
    """An encoded customer JWT of the demo client: jwt_for(customer)."""
    from customers.tokens import issue_token

    def make(customer, kind="credentials", agent=None):
        return issue_token(customer, client_app.client_id, kind=kind, agent=agent)

    return make


@pytest.fixture
def as_customer(api, customer, jwt_for):
    """The API client authenticated as `customer` (a customer JWT)."""
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    return api


@pytest.fixture
def as_guest(api, guest, jwt_for):
    """The API client authenticated as `guest` (a guest JWT)."""
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    return api


@pytest.fixture
def oauth_token(client_app):
    """A raw trusted-server OAuth token (client credentials)."""
    from shopsite.models import OAuthToken

    return OAuthToken.issue(client_app)[1]


@pytest.fixture
def as_server(api, oauth_token):
    """The API client authenticated with a trusted-server OAuth token."""
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {oauth_token}")
    return api


@pytest.fixture
def agent_user(db):
    """A staff user holding customers.create_order_on_behalf_of."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("agent", "agent@example.com", "agent-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="create_order_on_behalf_of"))
    return user


@pytest.fixture
def agent_token(client_app, agent_user):
    from shopsite.models import OAuthToken

    return OAuthToken.issue(client_app, agent=agent_user)[1]


@pytest.fixture
def connect():
    """connect(signal, receiver): connected until the test ends (``shopsite.testing.connected``,
    for receivers a whole test needs)."""
    with contextlib.ExitStack() as stack:
        yield lambda signal, receiver, **kwargs: stack.enter_context(connected(signal, receiver, **kwargs))


@pytest.fixture
def hash_work(monkeypatch):
    """What the production password hasher is asked to do: a list of "encode"/"verify"."""
    from shopsite.hashers import ShopsiteArgon2PasswordHasher

    work = []
    for name in ("encode", "verify"):
        original = getattr(ShopsiteArgon2PasswordHasher, name)

        def recorded(self, *args, _name=name, _original=original, **kwargs):
            work.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(ShopsiteArgon2PasswordHasher, name, recorded)
    return work


@pytest.fixture
def hooks_at_version(monkeypatch):
    """hooks_at_version("20.4"): the extension points see every request as one of that API version
    (``ExtensionPoint.fires_for``), whatever URL served it, so the later versions' points can be
    tested through the API before those versions are routed; nothing else sees the version."""
    from shopsite.hooks import ExtensionPoint
    from shopsite.versions import ApiVersion

    def at(version):
        parsed = ApiVersion.parse(version)
        monkeypatch.setattr(ExtensionPoint, "fires_for", lambda point, request: point.fires_at(parsed))
        return parsed

    return at
