"""The task plumbing: sealed secrets, retries, abandoned and interrupted tasks, and the
task queue in the admin."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from customers.tasks import enqueue_reset_email, send_password_reset_email
from shopsite.background import requeue_abandoned
from shopsite.sealing import SealBroken, seal, unseal

pytestmark = pytest.mark.django_db
TASKS_URL = "/admin/django_tasks_database/dbtaskresult/"


def test_sealed_text_opens_with_the_secret_key_and_its_fallbacks_only(settings):
    sealed = seal("a reset token")
    assert "reset" not in sealed and unseal(sealed) == "a reset token"
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key" * 6, [settings.SECRET_KEY]
    assert unseal(sealed) == "a reset token"  # a rotated key still opens it
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(SealBroken):
        unseal(sealed)
    with pytest.raises(SealBroken):
        unseal("not sealed at all")


def queued(status, started_minutes_ago=None, **kwargs):
    enqueue_reset_email(reset_token="a-token-of-no-row")
    task = DBTaskResult.objects.latest("enqueued_at")
    started = None if started_minutes_ago is None else timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    DBTaskResult.objects.filter(pk=task.pk).update(status=status, started_at=started, **kwargs)
    return task.pk


def test_tasks_held_longer_than_the_lease_go_back_to_the_queue(database_tasks, settings):
    settings.SHOPSITE_TASK_LEASE_SECONDS = 600
    dead = queued(TaskResultStatus.RUNNING, started_minutes_ago=11)
    alive = queued(TaskResultStatus.RUNNING, started_minutes_ago=9)
    done = queued(TaskResultStatus.SUCCESSFUL, started_minutes_ago=60)
    assert requeue_abandoned() == 1
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {dead: TaskResultStatus.READY, alive: TaskResultStatus.RUNNING,
                        done: TaskResultStatus.SUCCESSFUL}


def test_a_task_interrupted_by_a_forced_stop_goes_back_to_the_queue(database_tasks, monkeypatch):
    from shopsite.management.commands.db_worker import Worker

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="w", excluded_queue_names=[])

    def stopped_twice(task, *args, **kwargs):
        worker.running = False
        raise SystemExit(1)  # what the worker's second Ctrl-C raises inside the task

    monkeypatch.setattr(type(send_password_reset_email), "call", stopped_twice)
    enqueue_reset_email(reset_token="a-token-of-no-row")
    task = DBTaskResult.objects.get()
    task.claim("w")
    worker.run_task(task)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.traceback == ""


@pytest.fixture
def failed_task(database_tasks):
    return queued(TaskResultStatus.FAILED, started_minutes_ago=5, finished_at=timezone.now(),
                  exception_class_path="shopsite.background.GaveUp", traceback="GaveUp: failed 3 times")


def test_the_admin_lists_failed_tasks_and_retries_them(admin_client, failed_task):
    DBTaskResult.objects.filter(pk=failed_task).update(
        args_kwargs={"args": [], "kwargs": {"sealed_token": "gAAAA-sealed", "attempt": 7,
                                            "first_attempt_at": "2026-01-01T00:00:00+00:00"}})
    page = admin_client.get(TASKS_URL + "?state=failed")
    assert [task.pk for task in page.context["cl"].result_list] == [failed_task]
    detail = admin_client.get(f"{TASKS_URL}{failed_task}/change/").content.decode()
    assert "GaveUp: failed 3 times" in detail and "(secret)" in detail and "gAAAA-sealed" not in detail
    response = admin_client.post(TASKS_URL, {"action": "retry", "_selected_action": [failed_task]}, follow=True)
    assert "1 task(s) queued again." in response.content.decode()
    [again] = DBTaskResult.objects.all()  # in place
    assert again.pk == failed_task and again.status == TaskResultStatus.READY and again.traceback == ""
    assert again.args_kwargs["kwargs"] == {"sealed_token": "gAAAA-sealed"}  # attempts counted afresh
    response = admin_client.post(TASKS_URL, {"action": "retry", "_selected_action": [failed_task]}, follow=True)
    assert "0 task(s) queued again." in response.content.decode()  # a second click queues nothing more
    assert DBTaskResult.objects.count() == 1


def test_agents_see_the_queue_but_cannot_retry(client, failed_task):
    from customers.agents import agent_group

    agent = get_user_model().objects.create_user("helpdesk", password="helpdesk-pass-1", is_staff=True)
    agent.groups.add(agent_group())
    client.force_login(agent)
    page = client.get(TASKS_URL)
    assert page.status_code == 200 and [task.pk for task in page.context["cl"].result_list] == [failed_task]
    assert page.context["action_form"] is None  # no action at all
    client.post(TASKS_URL, {"action": "retry", "_selected_action": [failed_task]})
    assert DBTaskResult.objects.count() == 1
    assert client.get(f"{TASKS_URL}{failed_task}/change/").status_code == 200  # a read-only page
    assert client.post(f"{TASKS_URL}{failed_task}/change/", {}).status_code == 403
