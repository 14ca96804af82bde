"""Reset emails leave after the response, from a mail thread: the mail server's speed or
failure must not tell a caller whether an account exists."""
import threading

import pytest
from django.core.mail.backends.base import BaseEmailBackend

pytestmark = pytest.mark.django_db
RESET = "/dw/shop/v16_4/customers/password_reset"
released, sent = threading.Event(), []


class HeldBackend(BaseEmailBackend):
    """A mail server that answers only once the test releases it."""

    def send_messages(self, messages):
        assert released.wait(10)
        sent.extend(messages)
        return len(messages)


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def background(settings):
    settings.SHOPSITE_EMAIL_IN_BACKGROUND = True
    released.clear()
    sent.clear()
    return settings


def test_the_answer_does_not_wait_for_the_mail_server(api, customer, background,
                                                      django_capture_on_commit_callbacks):
    from customers import receivers

    background.EMAIL_BACKEND = f"{__name__}.HeldBackend"
    futures = []
    real_deliver = receivers.deliver
    receivers.deliver = lambda *args: futures.append(real_deliver(*args))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(RESET, {"identification": "jsmith", "type": "login"}, format="json")
    finally:
        receivers.deliver = real_deliver
    assert response.status_code == 204 and sent == []  # answered while the mail server still holds
    released.set()
    futures[0].result(timeout=10)
    assert [message.to for message in sent] == [[customer.email]]


def test_a_mail_server_failure_is_logged_not_answered(api, customer, background, caplog,
                                                      django_capture_on_commit_callbacks):
    from customers import receivers

    background.SHOPSITE_EMAIL_IN_BACKGROUND = False  # in the request, to read the log at once
    background.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        known = api.post(RESET, {"identification": "jsmith", "type": "login"}, format="json")
    unknown = api.post(RESET, {"identification": "nobody", "type": "login"}, format="json")
    assert known.status_code == unknown.status_code == 204
    [record] = [r for r in caplog.records if r.name == receivers.__name__]
    assert customer.customer_id in record.getMessage()
    assert "password-reset/" not in caplog.text  # the link (a secret) is never logged


def test_emails_waiting_for_a_slow_mail_server_are_bounded(background, monkeypatch, caplog):
    """A mute mail server holds the mail threads: what waits beyond the bound is dropped, logged."""
    import threading

    from customers import receivers

    background.EMAIL_BACKEND = f"{__name__}.HeldBackend"
    monkeypatch.setattr(receivers, "_waiting", threading.BoundedSemaphore(3))
    futures = [receivers.deliver("Password reset", "body", "a@example.com", f"c{n}") for n in range(5)]
    assert [future is None for future in futures] == [False, False, False, True, True]
    assert "Too many emails wait" in caplog.text and "c4" in caplog.text
    released.set()
    for future in futures[:3]:
        future.result(timeout=10)
    assert len(sent) == 3
    assert receivers.deliver("Password reset", "body", "a@example.com", "c5").result(timeout=10) is None
