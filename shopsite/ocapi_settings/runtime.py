"""The effective OCAPI settings of this process: compiled once, re-checked every few seconds.

Each process keeps every document compiled in memory (``current_settings()``); a request
reads that copy and issues no query. The copy carries a *token* naming the versions it was
read from (``"0:3,2:1"``: global document version 3, site pk 2 version 1; ``""``: none). At
most every ``SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS`` (2 s) a request compares it with the
current token:

- with a shared cache (Redis: ``REDIS_URL``), the token in the Django cache: one cache read,
  no query; a change (any save or removal, from any process: admin, command, shell) writes
  the new token there once its transaction commits. Every ``DATABASE_CHECK_EVERY``-th check
  (about every 30 s) reads the database's token instead (one small query), so a change made
  by a process without ``REDIS_URL`` is seen too;
- with a process-local cache (LocMem: development, one process), the token of the database
  rows: one small query.

A token that differs reloads every document (one query). A saving process also drops its
own copy at once, so its next request sees the change. Saving or removing a document in
any way (``post_save``/``post_delete`` of ``OcapiSettings``) invalidates. The cached token
heals itself: whenever a process has read the database's token (a reload, the periodic
check) and the cache holds another, it writes the database's there (two saves racing could
otherwise leave the older token last, and nobody would reload).
"""
import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from shopsite.models import OcapiSettings
from shopsite.ocapi_settings.document import validate_ocapi_settings
from shopsite.ocapi_settings.rules import ClientRules, SettingsDocument

logger = logging.getLogger("shopsite.ocapi_settings")
TOKEN_KEY = "shopsite:ocapi-settings:token"
#: With a shared cache, every this many checks compare with the database's token instead
#: (every 30 s at the default interval): a change the cache never heard of is seen too.
DATABASE_CHECK_EVERY = 15
#: The process's clock (tests move it).
clock = time.monotonic


@dataclass(frozen=True)
class EffectiveSettings:
    """Every document of the database, compiled: the global one and the sites' (by site pk)."""

    token: str = ""
    global_document: SettingsDocument | None = None
    site_documents: dict[int, SettingsDocument] = field(default_factory=dict)
    #: The contexts whose stored document does not validate (site pks; None: the global one):
    #: such a document grants nothing to any client where it applies (it fails closed).
    invalid: frozenset = frozenset()

    @property
    def any(self) -> bool:
        return self.global_document is not None or bool(self.site_documents)

    def governs(self, site_pk: int | None) -> bool:
        """Whether requests on the site follow documents (else: every client may call everything)."""
        return self.global_document is not None or site_pk in self.site_documents

    def client(self, site_pk: int | None, client_id: str | None) -> ClientRules | None:
        """The client's entry in effect on the site: the site document's if it lists the client,
        else the global one's; None when neither lists it. Where the document that applies is
        invalid, every client gets an entry granting nothing (no resource, no origin): an
        invalid site document never falls back to the global one."""
        if client_id is None:
            return None
        site_document = self.site_documents.get(site_pk)
        if site_document is not None:
            if site_pk in self.invalid:
                return denied(client_id)
            if client_id in site_document.clients:
                return site_document.clients[client_id]
        if self.global_document is not None:
            if None in self.invalid:
                return denied(client_id)
            return self.global_document.clients.get(client_id)
        return None


def denied(client_id: str) -> ClientRules:
    """The entry of a client where the document in effect is invalid: nothing at all."""
    return ClientRules(client_id=client_id, path="", allowed_origins=(), response_headers=(), resources=())


@dataclass(frozen=True)
class _State:
    settings: EffectiveSettings
    checked_at: float
    checks: int = 0  # checks made so far (every DATABASE_CHECK_EVERY-th reads the database)


_state: _State | None = None
_lock = threading.Lock()
NO_DOCUMENTS = EffectiveSettings()


def current_settings() -> EffectiveSettings:
    """The settings in effect (this process's copy, checked at most every few seconds)."""
    interval = settings.SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS
    state = _state
    now = clock()
    if state is not None and now - state.checked_at < interval:
        return state.settings
    with _lock:  # one thread of the process checks; the others wait for its answer
        state = _state
        if state is not None and now - state.checked_at < interval:
            return state.settings
        return _refresh(state, now)


def _refresh(state, now):
    global _state
    checks = state.checks + 1 if state is not None else 0
    shared = _shared_cache()
    if state is not None:
        from_database = not shared or checks % DATABASE_CHECK_EVERY == 0
        current = _database_token() if from_database else cache.get(TOKEN_KEY)
        if current == state.settings.token:
            if shared and from_database:
                _heal(current)
            _state = _State(state.settings, now, checks)
            return state.settings
    loaded = load_settings()
    if shared:
        _heal(loaded.token)
    _state = _State(loaded, now, checks)
    return loaded


def _heal(token):
    """The shared cache holds the token of the database: written when it does not (a cache
    restarted, a change made without REDIS_URL, or two saves whose tokens were written in the
    wrong order), so the other processes see what this one read."""
    if cache.get(TOKEN_KEY) != token:
        cache.set(TOKEN_KEY, token, None)


def _shared_cache():
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _database_token():
    return _token(OcapiSettings.objects.order_by().values_list("site_id", "version"))


def _token(rows):
    return ",".join(f"{site or 0}:{version}" for site, version in sorted(rows, key=lambda row: row[0] or 0))


def load_settings() -> EffectiveSettings:
    """Every stored document, compiled (one query). A stored document that no longer validates
    (it was written by hand, or the rules grew stricter) grants nothing: it is logged, and
    ``manage.py check`` names it."""
    global_document, site_documents, rows, invalid = None, {}, [], set()
    for site_pk, version, text in OcapiSettings.objects.order_by().values_list("site_id", "version", "text"):
        rows.append((site_pk, version))
        validation = validate_ocapi_settings(text)
        document = validation.document
        if document is None:
            logger.error("The stored OCAPI settings (site pk %s, version %s) are invalid and grant nothing: %s",
                         site_pk, version, "; ".join(str(error) for error in validation.errors[:5]))
            document = SettingsDocument(version="", clients={})
            invalid.add(site_pk)
        if site_pk is None:
            global_document = document
        else:
            site_documents[site_pk] = document
    return EffectiveSettings(token=_token(rows), global_document=global_document, site_documents=site_documents,
                             invalid=frozenset(invalid))


def forget_ocapi_settings(**kwargs) -> None:
    """Drop this process's copy: the next request reads the documents again."""
    global _state
    _state = None


def publish_change() -> None:
    """After a change committed: this process reads it at once, the others at their next check."""
    global _state
    loaded = load_settings()
    if _shared_cache():
        cache.set(TOKEN_KEY, loaded.token, None)
    _state = _State(loaded, clock())


def settings_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` receiver of OcapiSettings."""
    forget_ocapi_settings()
    transaction.on_commit(publish_change, robust=True)


def start_empty() -> None:
    """For tests: a database without documents, as a fresh test database is (no query)."""
    global _state
    if _shared_cache():
        cache.set(TOKEN_KEY, "", None)
    _state = _State(NO_DOCUMENTS, clock())
