"""Fixtures shared by every app's tests."""
import pytest
from rest_framework.test import APIClient

from shopsite.checks import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_hashing(settings, request):
    """Tests hash with MD5 unless marked `real_hashing` (the tests of hashing itself)."""
    if "real_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def test_server_settings(settings):
    """Plain HTTP test client, outbox email, no throttling unless a test turns it on."""
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def api():
    """A DRF test client (JSON by default)."""
    return APIClient()


@pytest.fixture
def site(db):
    from shopsite.models import Site

    return Site.objects.get(site_id="SiteGenesis")


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
