"""Deployment checks: development secrets and demo credentials are refused without DEBUG."""
import io

import pytest
from django.core.management import call_command

from shopsite.checks import demo_credentials, development_keys


def test_development_keys_are_refused_without_debug(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.SHOPSITE_JWT_PRIVATE_KEY = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SHOPSITE_FINGERPRINT_KEY = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert {error.id for error in development_keys(None)} == {
        "shopsite.E001", "shopsite.E002", "shopsite.E004", "shopsite.E005", "shopsite.W001"}


def test_development_keys_are_fine_in_debug(settings):
    settings.DEBUG = True
    assert development_keys(None) == []


def test_real_keys_pass(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 60
    settings.SHOPSITE_JWT_PRIVATE_KEY = "/etc/shopsite/jwt.pem"
    settings.SHOPSITE_JWT_PUBLIC_KEY = "/etc/shopsite/jwt.pub"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.SHOPSITE_FINGERPRINT_KEY = "f" * 40
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0"}}
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


def test_production_settings_pass_check_deploy(tmp_path):
    """`check --deploy` passes with real secrets and DEBUG off (a separate process: settings at import)."""
    import os
    import subprocess
    import sys

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.conf import settings

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "jwt.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (tmp_path / "jwt.pub").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "q8Zr!x0pLm-" * 4,
        "DJANGO_ALLOWED_HOSTS": "shop.example.com",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SHOPSITE_FINGERPRINT_KEY": "fingerprint-" * 4,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "SHOPSITE_JWT_PRIVATE_KEY": str(tmp_path / "jwt.pem"),
        "SHOPSITE_JWT_PUBLIC_KEY": str(tmp_path / "jwt.pub"),
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
