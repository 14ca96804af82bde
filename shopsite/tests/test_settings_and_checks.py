"""Deployment checks: development secrets and demo credentials are refused without DEBUG."""
import io

import pytest
from django.core.management import call_command

from shopsite.checks import demo_credentials, development_keys


def test_development_keys_are_refused_without_debug(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.SHOPSITE_JWT_PRIVATE_KEY = ""
    assert {error.id for error in development_keys(None)} == {"shopsite.E001", "shopsite.E002"}


def test_development_keys_are_fine_in_debug(settings):
    settings.DEBUG = True
    assert development_keys(None) == []


def test_real_keys_pass(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 60
    settings.SHOPSITE_JWT_PRIVATE_KEY = "/etc/shopsite/jwt.pem"
    settings.SHOPSITE_JWT_PUBLIC_KEY = "/etc/shopsite/jwt.pub"
    assert development_keys(None) == []


@pytest.mark.django_db
def test_demo_credentials_are_refused_without_debug(settings):
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    messages = " ".join(error.msg for error in demo_credentials(None))
    assert "API client" in messages and "admin" in messages and "agent" in messages and "jsmith" in messages


@pytest.mark.django_db
def test_no_demo_data_no_error(settings):
    settings.DEBUG = False
    assert demo_credentials(None) == []


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    from shopsite.models import ApiClient

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert ApiClient.objects.count() == 1


@pytest.mark.django_db
def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_jwks_publishes_the_public_key_with_kid(client):
    from shopsite import keys

    body = client.get("/.well-known/jwks.json").json()
    (key,) = body["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["kid"] == keys.key_id()
    assert "d" not in key  # never the private part
