"""Helpers for the tests of every app."""


def fault_of(response, status=None):
    """The fault of a JSON fault document, after checking the envelope (and status)."""
    if status is not None:
        assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["_v"] == "16.4"
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
