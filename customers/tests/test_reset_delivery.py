"""Reset emails are tasks of the database queue, sent by the worker: the answer never waits
for the mail server, a failed send is tried again, and a reset that matched nobody costs the
request the same work (one task, which the worker finds nothing to send for)."""
import datetime
import json
import re

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from customers.models import PasswordResetToken
from shopsite.testing import api_url, connected, hook_fault, run_queued_tasks

pytestmark = pytest.mark.django_db
RESET = api_url("customers", "password_reset")


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def reset(api, identification="jsmith", type="login"):
    return api.post(RESET, {"identification": identification, "type": type}, format="json")


def link_token(message):
    return re.search(r"/account/password-reset/([^/]+)/", message.body).group(1)


def test_the_answer_does_not_wait_for_the_mail_server(api, customer, database_tasks):
    assert reset(api).status_code == 204
    assert mail.outbox == []  # nothing sent in the request
    [queued] = DBTaskResult.objects.all()
    assert queued.status == TaskResultStatus.READY and queued.task_path == "customers.tasks.send_password_reset_email"
    run_queued_tasks()
    [message] = mail.outbox
    assert message.to == [customer.email]
    assert DBTaskResult.objects.get().return_value == "sent"


def test_the_queued_task_holds_the_token_sealed(api, customer, database_tasks):
    reset(api)
    stored = json.dumps(DBTaskResult.objects.get().args_kwargs)
    run_queued_tasks()
    token = link_token(mail.outbox[0])
    assert token not in stored and PasswordResetToken.objects.get().token_hash not in stored


@pytest.mark.parametrize("identification", ["nobody", "shared"])
def test_a_reset_that_matches_nobody_queues_one_task_that_sends_nothing(api, make_customer, database_tasks,
                                                                       identification):
    make_customer("a", email="shared@example.com")
    make_customer("b", email="shared@example.com")
    response = reset(api, identification=f"{identification}@example.com", type="email")
    assert response.status_code == 204
    [queued] = DBTaskResult.objects.all()  # the same work as a match: a task and a token row,
    [decoy] = PasswordResetToken.objects.all()  # which belongs to nobody
    assert decoy.customer is None
    run_queued_tasks()
    queued.refresh_from_db()
    assert queued.return_value == "nothing to send" and mail.outbox == []


def test_a_decoy_token_opens_nothing(api, customer, database_tasks):
    from shopsite.sealing import unseal

    reset(api, identification="nobody")
    decoy = unseal(DBTaskResult.objects.get().args_kwargs["kwargs"]["sealed_token"])
    response = api.post(api_url("customers", "password", "actions", "reset"),
                        {"reset_token": decoy, "new_password": "Br4nd-new-pass"}, format="json")
    assert response.status_code == 400 and response.json()["fault"]["type"] == "InvalidResetTokenException"


def test_a_shared_email_is_logged_for_the_merchant(api, make_customer, caplog):
    make_customer("a", email="shared@example.com")
    make_customer("b", email="shared@example.com")
    reset(api, identification="shared@example.com", type="email")
    [record] = [r for r in caplog.records if r.name == "customers.services"]
    assert record.levelname == "WARNING" and "several customers" in record.getMessage()


def test_a_failed_request_queues_nothing(api, customer, database_tasks):
    from customers.signals import customers_password_reset_after_post

    with connected(customers_password_reset_after_post, hook_fault("NO", "No.")):
        assert reset(api).status_code == 400
    assert not DBTaskResult.objects.exists() and not PasswordResetToken.objects.exists()


def test_a_failed_send_is_tried_again_later_and_logged_without_the_link(api, customer, database_tasks, settings,
                                                                        caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    reset(api)
    run_queued_tasks()
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.SUCCESSFUL and first.return_value == "retry scheduled"
    assert second.status == TaskResultStatus.READY and second.args_kwargs["kwargs"]["attempt"] == 2
    assert second.run_after - timezone.now() > datetime.timedelta(seconds=20)  # after a pause
    assert customer.customer_id in caplog.text and "ConnectionRefusedError" in caplog.text
    assert "password-reset/" not in caplog.text and "sealed" not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):  # the mail server is back
        run_queued_tasks()
        [message] = mail.outbox
        token = PasswordResetToken.objects.get()
        assert token.expires_at > timezone.now() + datetime.timedelta(minutes=29)  # valid from delivery on
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2, minutes=25)):
        response = api.post(api_url("customers", "password", "actions", "reset"),
                            {"reset_token": link_token(message), "new_password": "Br4nd-new-pass"}, format="json")
    assert response.status_code == 204  # long after the token's first expiry, within 30 min of delivery


def test_a_send_failing_for_the_whole_window_is_recorded_failed(api, customer, database_tasks, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    settings.SHOPSITE_EMAIL_RETRY_MINUTES = 60
    reset(api)
    moment = timezone.now()
    for _ in range(12):
        with time_machine.travel(moment):
            run_queued_tasks()
        moment += datetime.timedelta(minutes=31)
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "shopsite.background.GaveUp"
    assert "ConnectionRefusedError" in failed.traceback and "the mail server is down" not in failed.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert "given up" in caplog.text and "password-reset/" not in caplog.text


def test_a_link_used_before_its_email_left_is_not_sent(api, customer, database_tasks):
    from customers.services import customer_set_password

    reset(api)
    customer_set_password(customer=customer, password="An0ther-pass!")  # ends every reset link
    run_queued_tasks()
    assert mail.outbox == [] and DBTaskResult.objects.get().return_value == "nothing to send"


def test_reset_by_id_and_the_admin_action_queue_the_same_task(as_customer, customer, database_tasks):
    assert as_customer.post(api_url("customers", customer.customer_id, "password_reset")).status_code == 204
    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == "customers.tasks.send_password_reset_email"
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[customer.email]]


def test_every_reset_writes_a_token_and_a_task_whatever_matched(api, make_customer, database_tasks):
    """A match with an email, a match without one and a miss: the same INSERTs, so the
    answer's timing tells none of them apart (the worker sends the one email)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_customer("withmail", email="withmail@example.com")
    make_customer("nomail", email="")

    def inserts(login):
        with CaptureQueriesContext(connection) as queries:
            assert reset(api, identification=login).status_code == 204
        return sorted(q["sql"].split('"')[1] for q in queries if q["sql"].startswith("INSERT"))

    assert inserts("withmail") == inserts("nomail") == inserts("nobody") == [
        "customers_passwordresettoken", "django_tasks_database_dbtaskresult"]
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["withmail@example.com"]]
