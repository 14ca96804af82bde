"""Saving OCAPI settings (service, command, seed_demo, check) and how a change reaches every process."""
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopsite.checks import DEMO_CLIENT_ID
from shopsite.models import ApiClient, OcapiSettings, OcapiSettingsVersion
from shopsite.ocapi_settings import (
    InvalidOcapiSettings,
    ocapi_settings_preview,
    ocapi_settings_remove,
    ocapi_settings_save,
    ocapi_settings_text,
    runtime,
)
from shopsite.testing import fault_of
from shopsite.tests.ocapi_settings_support import API, client, document, entry, save

pytestmark = pytest.mark.django_db
TOTAL = 41  # operations served
UNDER_CUSTOMERS = 37  # those under /customers: all but the four public product list reads


def test_a_save_keeps_the_text_as_given_and_every_version(client_app):
    text = '{"_v": "19.5",\n  "clients": [ {"client_id": "x"} ] }'
    first = ocapi_settings_save(site=None, text=text, by="ann")
    assert (first.version, first.changed, first.context) == (1, True, "global")
    assert ocapi_settings_text(site=None) == text
    again = ocapi_settings_save(site=None, text=text, by="bob")
    assert (again.version, again.changed, again.lines()[0]) == (1, False, "OCAPI settings, global: no change.")
    save(document(client("y")), by="bob")
    removed = ocapi_settings_remove(site=None, by="carl")
    assert removed.removed and removed.lines()[0] == "OCAPI settings, global: removed (version 3)."
    assert ocapi_settings_text(site=None) is None and not OcapiSettings.objects.exists()
    assert save(document()).version == 4
    history = list(OcapiSettingsVersion.objects.order_by("number").values_list("number", "saved_by", "removed"))
    assert history == [(1, "ann", False), (2, "bob", False), (3, "carl", True), (4, "test", False)]
    assert OcapiSettingsVersion.objects.get(number=1).text == text


def test_an_invalid_document_changes_nothing(client_app):
    save(document(client(DEMO_CLIENT_ID, entry("/**"))))
    with pytest.raises(InvalidOcapiSettings) as raised:
        ocapi_settings_save(site=None, text=json.dumps(document(client("c", entry("/x", ["fetch"])))), by="x")
    assert [str(error) for error in raised.value.errors] == [
        "clients[0].resources[0].methods: unknown method 'fetch'; known: get, post, put, patch, delete, head, "
        "options"]
    assert OcapiSettings.objects.get().version == 1 and OcapiSettingsVersion.objects.count() == 1


def test_the_preview_says_what_changes_for_which_client(client_app):
    ApiClient.objects.create(client_id="unlisted")
    doc = document(client(DEMO_CLIENT_ID, entry("/customers/*/addresses", ["get", "post"]), entry("/baskets/**"),
                          entry("/products/*", ["get"])),
                   client("not-registered", entry("/customers/auth", ["post"])))
    change = ocapi_settings_preview(site=None, text=json.dumps(doc))
    assert change.version is None and not OcapiSettings.objects.exists()
    every = f"every operation ({TOTAL} of {TOTAL}: no document applies)"
    heads = [line for line in change.lines() if not line.startswith("  ")]
    assert heads == [
        "OCAPI settings, global: preview, nothing saved.",
        f"client {DEMO_CLIENT_ID}: {every} -> 2 of {TOTAL} operations",
        f"client not-registered (not an enabled API client): {every} -> 1 of {TOTAL} operations",
        f"client unlisted: {every} -> 0 of {TOTAL} operations",  # the first document locks it out: said so
        f"not served here (kept, grants nothing): client {DEMO_CLIENT_ID}, clients[0].resources[1] '/baskets/**'",
        f"not served here (kept, grants nothing): client {DEMO_CLIENT_ID}, clients[0].resources[2] '/products/*'",
    ]
    demo, not_registered, unlisted = change.clients
    assert demo.before is None
    assert demo.after == {"GET /customers/{customer_id}/addresses", "POST /customers/{customer_id}/addresses"}
    assert len(demo.removed) == TOTAL - 2 and demo.added == [] and "  - GET /customers/{customer_id}" in change.lines()
    assert (not_registered.registered, not_registered.after) == (False, {"POST /customers/auth"})
    assert unlisted.after == frozenset() and len(unlisted.removed) == TOTAL
    save(doc)
    narrower = document(client(DEMO_CLIENT_ID, entry("/customers/*/addresses", ["get"]), entry("/baskets/**")),
                        client("not-registered", entry("/customers/auth", ["post"])))
    assert ocapi_settings_preview(site=None, text=json.dumps(narrower)).lines()[1:] == [
        f"client {DEMO_CLIENT_ID}: 2 of {TOTAL} operations -> 1 of {TOTAL} operations",
        "  - POST /customers/{customer_id}/addresses",
        f"client not-registered (not an enabled API client): unchanged, 1 of {TOTAL} operations",
        f"not served here (kept, grants nothing): client {DEMO_CLIENT_ID}, clients[0].resources[1] '/baskets/**'",
    ]


def test_a_site_preview_counts_the_global_document(client_app, other_site):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/auth", ["post"]))))
    change = ocapi_settings_preview(site=other_site, text=json.dumps(document(client("someone"))))
    assert change.context == "site OtherSite"
    # the demo client keeps the global entry there: unchanged, not listed; "someone" gets nothing either way
    assert [(c.client_id, c.before, c.after) for c in change.clients] == [("someone", frozenset(), frozenset())]
    replaced = ocapi_settings_preview(site=other_site, text=json.dumps(document(client(DEMO_CLIENT_ID))))
    assert [(c.client_id, c.before, c.after) for c in replaced.clients] == [
        (DEMO_CLIENT_ID, frozenset({"POST /customers/auth"}), frozenset())]


# --- reaching every process ------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch, settings):
    """This process's clock, moved by hand; changes are checked every 2 seconds."""
    settings.SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(runtime, "clock", lambda: now[0])
    runtime.start_empty()
    return now


def guest_auth(api, client_id=DEMO_CLIENT_ID):
    return api.post(f"{API}/customers/auth?client_id={client_id}", {"type": "guest"}, format="json")


def test_a_save_is_seen_by_the_next_request_of_the_process(api, client_app, clock):
    assert guest_auth(api).status_code == 200
    save(document(client("someone-else")))
    assert guest_auth(api).status_code == 403
    ocapi_settings_remove(site=None, by="test")
    assert guest_auth(api).status_code == 200


@pytest.mark.parametrize("shared_cache", [False, True], ids=["database token", "cache token"])
def test_another_process_sees_a_change_within_the_interval(api, client_app, clock, monkeypatch, shared_cache,
                                                           django_capture_on_commit_callbacks):
    monkeypatch.setattr(runtime, "_shared_cache", lambda: shared_cache)
    runtime.start_empty()
    assert guest_auth(api).status_code == 200
    stale = runtime._state  # this process's copy, which another process's save does not touch
    with django_capture_on_commit_callbacks(execute=True):
        save(document(client("someone-else")))  # ... in "another process"
    monkeypatch.setattr(runtime, "_state", stale)
    clock[0] += 1.9
    assert guest_auth(api).status_code == 200  # not checked yet
    clock[0] += 0.2
    assert guest_auth(api).status_code == 403  # checked: the token changed, the documents are read again


@pytest.mark.parametrize("shared_cache, queries", [(False, 1), (True, 0)], ids=["database token", "cache token"])
def test_checking_for_changes_costs(api, client_app, clock, monkeypatch, shared_cache, queries):
    """Between checks nothing; a check: a cache read (Redis) or one small query (process-local cache)."""
    monkeypatch.setattr(runtime, "_shared_cache", lambda: shared_cache)
    runtime.start_empty()
    assert guest_auth(api).status_code == 200

    def settings_queries():
        with CaptureQueriesContext(connection) as captured:
            assert guest_auth(api).status_code == 200
        return len([query for query in captured if "ocapisettings" in query["sql"].lower()])

    assert settings_queries() == 0
    clock[0] += 2.5
    assert settings_queries() == queries
    assert settings_queries() == 0


def test_a_cache_that_lost_the_token_reads_the_database(api, client_app, clock, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(runtime, "_shared_cache", lambda: True)
    save(document(client(DEMO_CLIENT_ID, entry("/customers/auth", ["post"]))))
    cache.clear()  # a restarted Redis
    clock[0] += 3
    assert guest_auth(api).status_code == 200
    assert cache.get(runtime.TOKEN_KEY) == runtime._state.settings.token != ""


def test_a_token_written_out_of_order_heals_itself(api, client_app, clock, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    """Two saves racing can leave the older token last in the cache: a process that read the
    database's token (its own reload) writes it back, and the others see the change."""
    from django.core.cache import cache

    monkeypatch.setattr(runtime, "_shared_cache", lambda: True)
    runtime.start_empty()
    stale = runtime._state  # another process's copy: no documents
    with django_capture_on_commit_callbacks(execute=True):
        save(document(client("someone-else")))
    saving = runtime._state  # the saving process's copy: the new document
    assert cache.get(runtime.TOKEN_KEY) == saving.settings.token == "0:1"
    cache.set(runtime.TOKEN_KEY, "", None)  # the older save's token, written last
    clock[0] += 3
    assert fault_of(guest_auth(api), 403)["type"] == "ClientAccessForbiddenException"  # the saving process checks
    assert cache.get(runtime.TOKEN_KEY) == "0:1"  # ... and wrote the database's token back
    monkeypatch.setattr(runtime, "_state", stale)
    clock[0] += 3
    assert guest_auth(api).status_code == 403  # the other process sees the change


def test_a_change_the_cache_never_heard_of_is_seen_within_fifteen_checks(api, client_app, clock, monkeypatch):
    """A save by a process without REDIS_URL writes no token: every 15th check (30 s) reads the
    database's token instead of the cache's."""
    from django.core.cache import cache

    monkeypatch.setattr(runtime, "_shared_cache", lambda: True)
    runtime.start_empty()
    assert guest_auth(api).status_code == 200
    stale = runtime._state
    save(document(client("someone-else")))  # no on-commit callback: the cache keeps the old token
    monkeypatch.setattr(runtime, "_state", stale)
    statuses = []
    for _ in range(runtime.DATABASE_CHECK_EVERY):
        clock[0] += 2.1
        statuses.append(guest_auth(api).status_code)
    assert statuses == [200] * (runtime.DATABASE_CHECK_EVERY - 1) + [403]
    assert cache.get(runtime.TOKEN_KEY) == "0:1"  # and the cache learnt it


def test_a_stored_document_that_no_longer_validates_grants_nothing(api, client_app, caplog):
    save(document(client(DEMO_CLIENT_ID, entry("/**"))))
    OcapiSettings.objects.update(text='{"_v": "19.5", "clients": "x"}')  # by hand, around the service
    runtime.forget_ocapi_settings()
    assert fault_of(guest_auth(api), 403)["type"] == "ClientAccessForbiddenException"
    assert "are invalid and grant nothing" in caplog.text


# --- the command ------------------------------------------------------------------------------


def test_load_prints_the_change_and_dump_gives_the_document_back(tmp_path, client_app, other_site):
    text = json.dumps(document(client(DEMO_CLIENT_ID, entry("/customers/**"), entry("/baskets/*", ["get"]))),
                      indent=4) + "\n"
    path = tmp_path / "settings.json"
    path.write_text(text)
    out = io.StringIO()
    call_command("ocapi_settings", "load", str(path), "--site", "OtherSite", "--by", "deploy", stdout=out)
    assert out.getvalue().splitlines() == [
        "OCAPI settings, site OtherSite: saved (version 1).",
        f"client {DEMO_CLIENT_ID}: every operation ({TOTAL} of {TOTAL}: no document applies) -> {UNDER_CUSTOMERS} of "
        f"{TOTAL} operations",
        *(f"  - GET {path}" for path in ("/product_lists", "/product_lists/{list_id}", "/product_lists/{list_id}/items",
                                         "/product_lists/{list_id}/items/{item_id}")),
        f"not served here (kept, grants nothing): client {DEMO_CLIENT_ID}, clients[0].resources[1] '/baskets/*'",
    ]
    dumped = io.StringIO()
    call_command("ocapi_settings", "dump", "--site", "OtherSite", stdout=dumped)
    assert dumped.getvalue() == text
    assert OcapiSettingsVersion.objects.get().saved_by == "deploy"
    with pytest.raises(CommandError, match="There is no global document"):
        call_command("ocapi_settings", "dump", stdout=io.StringIO())


@pytest.mark.parametrize("text", ['{"_v": "19.5", "clients": []}', '{"_v": "19.5",\r\n "clients": []}\n\n'],
                         ids=["no final line break", "CR LF and two line breaks"])
def test_dump_is_byte_exact_and_dump_into_load_saves_nothing(client_app, monkeypatch, text):
    ocapi_settings_save(site=None, text=text, by="ann")
    dumped = io.StringIO()
    call_command("ocapi_settings", "dump", stdout=dumped)
    assert dumped.getvalue() == text
    # standard input as a pipe gives it: bytes under a text stream that would translate line breaks
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(dumped.getvalue().encode()), encoding="utf-8"))
    out = io.StringIO()
    call_command("ocapi_settings", "load", "-", stdout=out)
    assert out.getvalue().startswith("OCAPI settings, global: no change.\n")
    assert OcapiSettingsVersion.objects.count() == 1 and ocapi_settings_text(site=None) == text


def test_load_takes_a_file_with_a_byte_order_mark(tmp_path, client_app, monkeypatch):
    text = json.dumps(document(client(DEMO_CLIENT_ID, entry("/customers/**"))), indent=2).replace("\n", "\r\n")
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # as Windows editors save UTF-8
    call_command("ocapi_settings", "load", str(path), stdout=io.StringIO())
    assert ocapi_settings_text(site=None) == text  # as given, its line breaks too, without the mark
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + text.encode()), encoding="utf-8"))
    out = io.StringIO()
    call_command("ocapi_settings", "load", "-", stdout=out)
    assert out.getvalue().startswith("OCAPI settings, global: no change.")


def test_load_refuses_an_invalid_document_and_changes_nothing(tmp_path, client_app):
    path = tmp_path / "bad.json"
    path.write_text('{"_v": "19.5", "clients": [{"client_id": "a", "resources": [{"resource_id": "/x", '
                    '"methods": ["fetch"]}, {"resource_id": "x", "methods": []}]}]}')
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"invalid \(2 error\(s\)\); nothing was changed"):
        call_command("ocapi_settings", "load", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{path}: clients[0].resources[0].methods: unknown method 'fetch'; known: get, post, put, patch, delete, "
        "head, options",
        f"{path}: clients[0].resources[1].resource_id: a resource id begins with '/' (e.g. '/customers/*/addresses')"
        ": 'x'",
    ]
    path.write_text('{"_v": "19.5",\n "clients": [')
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ocapi_settings", "load", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == f"{path}: line 2, column 14: not valid JSON: Expecting value\n"
    assert not OcapiSettings.objects.exists() and not OcapiSettingsVersion.objects.exists()


def test_load_dry_run_unknown_site_and_unreadable_files(tmp_path, client_app):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(document()))
    out = io.StringIO()
    call_command("ocapi_settings", "load", str(path), "--dry-run", stdout=out)
    assert out.getvalue().startswith("OCAPI settings, global: preview, nothing saved.\n")
    assert not OcapiSettings.objects.exists()
    with pytest.raises(CommandError, match="Unknown site 'Nowhere'"):
        call_command("ocapi_settings", "load", str(path), "--site", "Nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("ocapi_settings", "load", str(tmp_path / "missing.json"))
    (tmp_path / "latin1.json").write_bytes(b'{"_v": "19.5", "clients": [], "x": "\xe9"}')
    with pytest.raises(CommandError, match="is not UTF-8"):
        call_command("ocapi_settings", "load", str(tmp_path / "latin1.json"))


# --- compatibility: the check and the demo --------------------------------------------------------


def test_the_check_warns_without_any_document(settings, client_app):
    from shopsite.checks import ocapi_settings

    settings.DEBUG = False
    [warning] = ocapi_settings(None)
    assert (warning.id, warning.level) == ("shopsite.W002", 30)
    assert "every registered API client may call every operation" in warning.msg
    save(document())
    assert ocapi_settings(None) == []
    OcapiSettings.objects.update(text="{}")
    assert [message.id for message in ocapi_settings(None)] == ["shopsite.W003"]
    settings.DEBUG = True
    assert ocapi_settings(None) == []


def test_seed_demo_grants_the_demo_client_the_customers_resource(api):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"global OCAPI settings: the demo's, {DEMO_CLIENT_ID} may call /customers/** with every method" in \
        out.getvalue()
    call_command("seed_demo", stdout=io.StringIO())
    assert OcapiSettingsVersion.objects.count() == 1  # the same document: no new version
    document_text = ocapi_settings_text(site=None)
    rules = json.loads(document_text)["clients"][0]
    assert rules["client_id"] == DEMO_CLIENT_ID and rules["resources"][0]["resource_id"] == "/customers/**"
    assert rules["resources"][0]["methods"] == ["get", "post", "put", "patch", "delete", "head", "options"]
    assert guest_auth(api).status_code == 200
    ApiClient.objects.create(client_id="another")
    assert fault_of(guest_auth(api, "another"), 403)["arguments"]["clientId"] == "another"


def test_seed_demo_keeps_a_global_document_that_exists(client_app):
    text = json.dumps(document(client("the-shops-own", entry("/customers/auth", ["post"]))))
    save(text, by="ann")
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "global OCAPI settings: kept as they are, not replaced by the demo's" in out.getvalue()
    assert ocapi_settings_text(site=None) == text and OcapiSettingsVersion.objects.count() == 1
