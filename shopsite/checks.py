"""System checks that refuse development secrets and demo data outside DEBUG."""
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError

DEMO_CLIENT_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
DEMO_CLIENT_SECRET = "demo-client-secret"
DEMO_ADMIN = ("admin", "admin-demo-password")
DEMO_AGENT = ("agent", "agent-demo-password")
#: Apps add functions that name their demo records still holding a demo password.
DEMO_CREDENTIAL_FINDERS: list = []
CONSOLE_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register()
def development_keys(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        errors.append(Error(
            "DJANGO_SECRET_KEY is the development default.",
            hint="Set DJANGO_SECRET_KEY to a long random value, or DJANGO_DEBUG=1 for development.",
            id="shopsite.E001",
        ))
    if not settings.SHOPSITE_JWT_PRIVATE_KEY or not settings.SHOPSITE_JWT_PUBLIC_KEY:
        errors.append(Error(
            "The customer JWT keys are the development key pair.",
            hint="Set SHOPSITE_JWT_PRIVATE_KEY and SHOPSITE_JWT_PUBLIC_KEY (PEM or file path).",
            id="shopsite.E002",
        ))
    if not settings.SHOPSITE_FINGERPRINT_KEY:
        errors.append(Error(
            "Payment fingerprints would be keyed by a key derived from DJANGO_SECRET_KEY.",
            hint="Set SHOPSITE_FINGERPRINT_KEY to a long random value kept apart from the web servers' other "
                 "secrets (with the database and it, card numbers could be brute-forced from fingerprints).",
            id="shopsite.E005",
        ))
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        errors.append(Warning(
            "The cache is local to each process: throttles count per worker and CORS origins refresh per "
            "worker.",
            hint="Set REDIS_URL when more than one server process serves (token revocations and lockouts are "
                 "in the database either way).",
            id="shopsite.W001",
        ))
    if settings.EMAIL_BACKEND in CONSOLE_EMAIL_BACKENDS:
        errors.append(Error(
            "The email backend prints or keeps emails, password reset links included.",
            hint="Set DJANGO_EMAIL_BACKEND (and EMAIL_HOST etc.) to a real backend, e.g. "
                 "django.core.mail.backends.smtp.EmailBackend.",
            id="shopsite.E004",
        ))
    return errors


@register()
def demo_credentials(app_configs, **kwargs):
    """The README's demo logins must never work on a production server."""
    if settings.DEBUG:
        return []
    found = []
    try:
        from django.contrib.auth import get_user_model

        from shopsite.models import ApiClient

        client = ApiClient.objects.filter(client_id=DEMO_CLIENT_ID).first()
        if client and client.check_secret(DEMO_CLIENT_SECRET):
            found.append(f"API client {DEMO_CLIENT_ID} with the demo secret")
        admin = get_user_model().objects.filter(username=DEMO_ADMIN[0]).first()
        if admin and admin.check_password(DEMO_ADMIN[1]):
            found.append("admin user with the demo password")
        agent = get_user_model().objects.filter(username=DEMO_AGENT[0]).first()
        if agent and agent.check_password(DEMO_AGENT[1]):
            found.append("agent user with the demo password")
        for finder in DEMO_CREDENTIAL_FINDERS:
            found.extend(finder())
    except DatabaseError:
        return []  # not migrated yet: nothing to refuse
    return [
        Error(
            f"Demo credentials are present: {what}.",
            hint="Delete the demo data or change these credentials before serving with DJANGO_DEBUG off.",
            id="shopsite.E003",
        )
        for what in found
    ]


@register()
def ocapi_settings(app_configs, **kwargs):
    """Without any OCAPI settings document every registered client may call every operation:
    fine for the demo, worth a word in production. A stored document that no longer
    validates grants nothing."""
    if settings.DEBUG:
        return []
    try:
        from shopsite.models import OcapiSettings
        from shopsite.ocapi_settings import validate_ocapi_settings

        documents = list(OcapiSettings.objects.select_related("site"))
    except DatabaseError:
        return []  # not migrated yet
    if not documents:
        return [Warning(
            "No OCAPI settings exist: every registered API client may call every operation.",
            hint="Load the shop's Open Commerce API Settings with `manage.py ocapi_settings load FILE.json` "
                 "(or in the admin, Shop API › OCAPI settings); see the README, OCAPI settings.",
            id="shopsite.W002",
        )]
    found = []
    for document in documents:
        validation = validate_ocapi_settings(document.text)
        if not validation.valid:
            found.append(Warning(
                f"The stored OCAPI settings ({document}) are invalid and grant nothing: {validation.errors[0]}",
                hint="Save a valid document for that context (manage.py ocapi_settings load).",
                id="shopsite.W003",
            ))
    return found


@register()
def api_versions(app_configs, **kwargs):
    """``SHOPSITE_API_VERSIONS`` names supported versions only (in DEBUG too: a typo would stop
    serving a version without a word)."""
    from shopsite.versions import SUPPORTED, unknown_version_names

    names = getattr(settings, "SHOPSITE_API_VERSIONS", None) or []
    unknown = unknown_version_names(names)
    if unknown:
        return [Error(
            f"SHOPSITE_API_VERSIONS names versions that are not supported: {', '.join(repr(n) for n in unknown)}.",
            hint=f"Name versions as in URLs, comma separated, from {SUPPORTED[0].name} to {SUPPORTED[-1].name} "
                 "(e.g. v16_4,v20_4); leave it empty to serve every one.",
            id="shopsite.E006",
        )]
    return []
