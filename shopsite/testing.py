"""Helpers for the tests of every app."""


def fault_of(response, status=None):
    """The fault of a JSON fault document, after checking the envelope (and status)."""
    if status is not None:
        assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["_v"] == "16.4"
    assert body["_type"] == "fault"
    return body["fault"]
