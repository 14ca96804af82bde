"""Helpers for the tests of every app (the plumbing's: they import no app)."""
import contextlib
from urllib.parse import quote, urlencode

from shopsite.hooks import Status


def api_url(*segments, site=None, version="v16_4", **query):
    """The path of a Shop API resource: ``api_url("customers", customer_id, "addresses")``
    is ``/dw/shop/v16_4/customers/<id>/addresses``, ``/s/<site>/dw/shop/...`` with ``site``.
    Each segment is one path segment, quoted whole (an address name may hold ``/``); the
    query is urlencoded (``**{"cross-sites": "true"}`` for names Python cannot spell)."""
    path = "/".join([f"/s/{site}/dw/shop/{version}" if site else f"/dw/shop/{version}",
                     *(quote(str(segment), safe="") for segment in segments)])
    return f"{path}?{urlencode(query)}" if query else path


@contextlib.contextmanager
def connected(signal, receiver, **connect_kwargs):
    """``receiver`` connected to ``signal`` for the block only, also when the block fails
    (held strongly: a lambda or a local function would otherwise be collected)."""
    signal.connect(receiver, weak=False, **connect_kwargs)
    try:
        yield receiver
    finally:
        signal.disconnect(receiver, sender=connect_kwargs.get("sender"),
                          dispatch_uid=connect_kwargs.get("dispatch_uid"))


class HookFault:
    """A receiver that refuses: it answers ``Status.error(code, message)``, which ends the
    chain and rolls the operation back (``shopsite.hooks``); ``calls`` holds the keyword
    arguments of each call, and ``fault(point)`` the fault document the API then answers."""

    def __init__(self, code, message):
        self.code, self.message, self.calls = code, message, []

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)
        return Status.error(self.code, self.message)

    def fault(self, point):
        name = getattr(point, "name", point)
        return {
            "type": "HookStatusException",
            "message": f"Error in ExtensionPoint '{name}'!",
            "arguments": {"extensionPoint": name, "statusCode": self.code, "statusMessage": self.message},
        }


def hook_fault(code="REFUSED", message="Refused by a receiver."):
    """A refusing receiver: ``with connected(signals.customer_before_post, hook_fault()):``."""
    return HookFault(code, message)


def fault_of(response, status=None, version="16.4"):
    """The fault of a JSON fault document, after checking the envelope (``_v``: ``version``, the
    request's) and status."""
    if status is not None:
        assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["_v"] == version
    assert body["_type"] == "fault"
    return body["fault"]


def database_url():
    """A DATABASE_URL for the test database, for a second process (server, shell) to use."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def admin_form_data(response, **changes):
    """The POST data an admin add/change page would submit unchanged (main form and every
    inline formset, management forms included), with ``changes`` applied."""
    data = {}

    def add_form(form):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [getattr(item, "pk", item) for item in value]
            elif isinstance(value, dict):
                import json

                data[key] = json.dumps(value)
            else:
                data[key] = getattr(value, "pk", value)

    add_form(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = value
        for form in formset.initial_forms:
            add_form(form)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def run_queued_tasks():
    """Run every task that is due, as ``manage.py db_worker --batch`` would (without
    installing its signal handlers in the test process, nor closing the test's connection,
    which lives in the test's transaction)."""
    from unittest import mock

    from shopsite.management.commands.db_worker import Worker

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
