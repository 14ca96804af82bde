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
