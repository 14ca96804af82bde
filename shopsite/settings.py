"""Settings for shopsite, read from the environment.

Every value a deployment changes comes from an environment variable; the defaults are
for development only and are refused by `manage.py check` when DJANGO_DEBUG is off.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
# Files the server writes for itself (development JWT keys); git-ignored.
VAR_DIR = Path(os.environ.get("SHOPSITE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "django-insecure-shopsite-development-key-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "shopsite.apps.ShopsiteAdminConfig",  # django.contrib.admin, login throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shopsite",
    "customers",
    "addresses",
    "payments",
    "orders",
    "productlists",
    # Django's tasks framework (DEP 14) on the database: after shopsite, whose db_worker
    # extends the backend's own (it takes back the tasks of a worker that died).
    "django_tasks",
    "shopsite.apps.BackgroundTasksConfig",  # django_tasks_db
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shopsite.middleware.OcapiRequestMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shopsite.urls"
WSGI_APPLICATION = "shopsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and one writer side by side (several server processes on one file).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory: tests of concurrency and of a second server process need one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameters let psycopg prepare a statement once a connection has run it
    # five times, so PostgreSQL stops re-parsing and re-planning the reads every request
    # repeats (that costs more than running them). Django's default (None) never prepares.
    # Turn off behind a transaction-pooling PgBouncer: SHOPSITE_PG_PREPARED=off.
    if env_bool("SHOPSITE_PG_PREPARED", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Argon2id with parameters chosen on purpose: OWASP's floor (19 MiB, t=2, p=1) keeps a
# login at tens of milliseconds instead of Django's ~100 MiB per hash.
PASSWORD_HASHERS = [
    "shopsite.hashers.ShopsiteArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The customer password policy (registration, change, reset); same validators by default.
SHOPSITE_PASSWORD_VALIDATORS = AUTH_PASSWORD_VALIDATORS

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds: a mute mail server must not hold a worker

DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "shop@example.com")

# Background tasks (Django's tasks framework, `django-tasks`): rows of the default database,
# run by `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Admin messages live in the session, never in a cookie: a new API client's secret is shown
# once through one.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The storefront session cookie is OCAPI's dwsid (see customers.storefront).
SESSION_COOKIE_NAME = "dwsid"
SESSION_ENGINE = "shopsite.sessions"  # database sessions, keys checked for NUL
SESSION_COOKIE_HTTPONLY = True

# Bodies above 5 MB are answered with 413 (see shopsite.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Behind a load balancer: trust X-Forwarded-Proto / X-Forwarded-For from it.
if env_bool("SHOPSITE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Production hardening; `check --deploy` passes with DJANGO_DEBUG off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["shopsite.formats.OcapiJSONRenderer", "shopsite.formats.OcapiXMLRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "shopsite.formats.OcapiJSONParser",
        "shopsite.formats.OcapiXMLParser",
        "shopsite.formats.OcapiTextXMLParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "shopsite.formats.OcapiContentNegotiation",
    "EXCEPTION_HANDLER": "shopsite.faults.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "customers.authentication.CustomerJWTAuthentication",
        "shopsite.authentication.OAuthTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "shopsite.openapi.OcapiAutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        scope: os.environ.get(f"SHOPSITE_RATE_{scope.upper()}", default)
        for scope, default in {
            "auth_ip": "120/min",
            "auth_client": "6000/min",
            "auth_login": "30/min",
            "password_reset_ip": "20/min",
            "password_reset_identification": "5/hour",
            "oauth_ip": "60/min",
            "oauth_agent": "10/min",
            "registration_ip": "30/min",
            "password_change": "10/min",
        }.items()
    },
    # Which X-Forwarded-For hop is the client: 0 = REMOTE_ADDR (no proxy in front).
    "NUM_PROXIES": int(os.environ.get("SHOPSITE_TRUSTED_PROXIES", "0")),
}

# The OpenAPI description (shopsite.openapi) and its docs pages, served without a CDN.
SPECTACULAR_SETTINGS = {
    # One schema per API version (/dw/shop/vNN_N/openapi.json): shopsite.openapi.finish_schema writes the
    # version into the title, the servers and every _v, and keeps the version's operations.
    "TITLE": "shopsite: OCAPI Shop API, Customers",
    "VERSION": "16.4",
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": r"/dw/shop/\{version\}",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "PATH_CONVERTER_OVERRIDES": {"apiversion": str},
    "PREPROCESSING_HOOKS": ["shopsite.openapi.default_site_only"],
    "POSTPROCESSING_HOOKS": ["shopsite.openapi.finish_schema"],
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SORT_OPERATIONS": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False, "displayOperationId": True},
}

# simplejwt's own settings (our token class reads lifetimes and keys per token).
SIMPLE_JWT = {"TOKEN_TYPE_CLAIM": None, "JTI_CLAIM": "jti", "USER_ID_CLAIM": "sub", "UPDATE_LAST_LOGIN": False}

# CORS: origins come from each API client's allowed origins (shopsite.cors).
CORS_URLS_REGEX = r"^/(s/[^/]+/)?dw/.*\Z"
CORS_ALLOW_HEADERS = [
    "accept", "authorization", "content-type", "if-match", "x-dw-client-id", "x-dw-http-method-override",
    "x-request-id",
]
CORS_EXPOSE_HEADERS = ["Authorization", "ETag", "Location", "X-Request-ID"]

# --- shopsite settings (names fixed by the design) ---
SHOPSITE_DEFAULT_SITE = os.environ.get("SHOPSITE_DEFAULT_SITE", "SiteGenesis")
# The API versions served (shopsite.versions): every supported one (v16_1 ... v23_2), or only those
# named here, comma separated (e.g. "v16_4,v20_4"); manage.py check refuses unknown names.
SHOPSITE_API_VERSIONS = [name.strip() for name in os.environ.get("SHOPSITE_API_VERSIONS", "").split(",")
                         if name.strip()]
SHOPSITE_LOCKOUT_ATTEMPTS = int(os.environ.get("SHOPSITE_LOCKOUT_ATTEMPTS", "6"))
SHOPSITE_LOCKOUT_MINUTES = int(os.environ.get("SHOPSITE_LOCKOUT_MINUTES", "30"))
SHOPSITE_RESET_TOKEN_MINUTES = int(os.environ.get("SHOPSITE_RESET_TOKEN_MINUTES", "30"))
# Background work (emails) runs in `manage.py db_worker`: a failed send is tried again with a
# growing pause for this long, then recorded as failed; a running task's worker renews its
# lease every third of it, and a task whose lease ran out (its worker died) runs again.
SHOPSITE_EMAIL_RETRY_MINUTES = int(os.environ.get("SHOPSITE_EMAIL_RETRY_MINUTES", "1440"))
SHOPSITE_TASK_RETRY_PAUSE_SECONDS = int(os.environ.get("SHOPSITE_TASK_RETRY_PAUSE_SECONDS", "30"))  # doubles, <= 30 min
SHOPSITE_TASK_LEASE_SECONDS = int(os.environ.get("SHOPSITE_TASK_LEASE_SECONDS", "120"))
SHOPSITE_GUEST_RETENTION_DAYS = int(os.environ.get("SHOPSITE_GUEST_RETENTION_DAYS", "30"))
SHOPSITE_JWT_MINUTES = int(os.environ.get("SHOPSITE_JWT_MINUTES", "30"))
# PEM text or a file path; empty means the development key pair under VAR_DIR.
SHOPSITE_JWT_PRIVATE_KEY = os.environ.get("SHOPSITE_JWT_PRIVATE_KEY", "")
SHOPSITE_JWT_PUBLIC_KEY = os.environ.get("SHOPSITE_JWT_PUBLIC_KEY", "")
SHOPSITE_THROTTLING = os.environ.get("SHOPSITE_THROTTLING", "on").strip().lower() not in {"off", "0", "false", "no"}
SHOPSITE_CARD_LUHN_CHECK = env_bool("SHOPSITE_CARD_LUHN_CHECK", False)
# Key for payment fingerprints (HMAC); defaults to one derived from SECRET_KEY.
SHOPSITE_FINGERPRINT_KEY = os.environ.get("SHOPSITE_FINGERPRINT_KEY", "")
# Adds /bench/bare, the baseline of bench/run.py; never on a real server.
SHOPSITE_BENCHMARK_VIEWS = env_bool("SHOPSITE_BENCHMARK_VIEWS", False)
SHOPSITE_STOREFRONT_URL = os.environ.get("SHOPSITE_STOREFRONT_URL", "http://127.0.0.1:8000")
# Limits the spec does not set (a guest token could otherwise store megabytes per object):
# c_* attributes per object and the size of their stored JSON; addresses and saved payment
# instruments per customer.
SHOPSITE_MAX_CUSTOM_ATTRIBUTES = int(os.environ.get("SHOPSITE_MAX_CUSTOM_ATTRIBUTES", "100"))
SHOPSITE_MAX_CUSTOM_BYTES = int(os.environ.get("SHOPSITE_MAX_CUSTOM_BYTES", "65536"))
SHOPSITE_MAX_ADDRESSES = int(os.environ.get("SHOPSITE_MAX_ADDRESSES", "100"))
SHOPSITE_MAX_PAYMENT_INSTRUMENTS = int(os.environ.get("SHOPSITE_MAX_PAYMENT_INSTRUMENTS", "50"))
# Product lists per customer, items per list, purchases per item (none is paged beyond items).
SHOPSITE_MAX_PRODUCT_LISTS = int(os.environ.get("SHOPSITE_MAX_PRODUCT_LISTS", "50"))
SHOPSITE_MAX_PRODUCT_LIST_ITEMS = int(os.environ.get("SHOPSITE_MAX_PRODUCT_LIST_ITEMS", "200"))
SHOPSITE_MAX_PRODUCT_LIST_PURCHASES = int(os.environ.get("SHOPSITE_MAX_PRODUCT_LIST_PURCHASES", "100"))
# How often a process checks whether the OCAPI settings changed (shopsite.ocapi_settings.runtime):
# a change reaches every server process within this many seconds.
SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS = float(os.environ.get("SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS", "2"))

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json_lines": {"format": "%(message)s"},  # the request log's messages are JSON objects
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "formatter": "json_lines"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "shopsite.requests": {"handlers": ["requests"], "level": LOG_LEVEL, "propagate": False},
    },
}
