"""Background work on Django's tasks framework (``django-tasks``, database backend).

Tasks take ids and strings, never objects, and may run more than once (a worker killed
mid-run leaves its task to be taken back): each checks that its work is still to be done.

- ``enqueue_with_transaction``: the task row is written in the transaction of the write that
  causes it (task rows live in the default database, as every model of the project), so it
  commits with that write or not at all: a failed request enqueues nothing, and no crash
  between a commit and a callback can lose it. Backends outside the database (the
  immediate backend of the tests) enqueue on commit.
- ``retry_later``: a failed attempt runs again after a growing pause until the task's retry
  window is over, then ``GaveUp`` records the task as failed.
- ``requeue_abandoned``: tasks whose lease (``started_at``, renewed by their worker) is older
  than ``SHOPSITE_TASK_LEASE_SECONDS`` (their worker died) go back to the queue;
  ``manage.py db_worker`` renews leases and takes back abandoned tasks as it runs.
"""
import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

#: The pause before attempt n + 1 is SHOPSITE_TASK_RETRY_PAUSE_SECONDS * 2 ** (n - 1), at most this.
LONGEST_PAUSE = 30 * 60


class GaveUp(Exception):
    """The retry window of a task is over: it is recorded as failed (the admin can retry it)."""


def enqueue_with_transaction(task: Task, **kwargs) -> None:
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, **kwargs))


def retry_later(task: Task, *, kwargs: dict, attempt: int, first_attempt_at: str | None,
                window: datetime.timedelta, what: str, error: BaseException) -> None:
    """Enqueue attempt ``attempt + 1`` of ``task`` (same ``kwargs``) after a pause, or raise
    GaveUp once ``window`` has passed since the first attempt. ``what`` names the work in the
    log (never a secret); of ``error`` only the class is logged (a message may quote data)."""
    now = timezone.now()
    first = datetime.datetime.fromisoformat(first_attempt_at) if first_attempt_at else now
    if now - first >= window:
        logger.error("%s failed %d times since %s (last: %s); given up.",
                     what, attempt, first.isoformat(timespec="seconds"), type(error).__name__)
        raise GaveUp(f"{what}: failed {attempt} times, the last with {type(error).__name__}.") from None
    pause = min(settings.SHOPSITE_TASK_RETRY_PAUSE_SECONDS * 2 ** (attempt - 1), LONGEST_PAUSE)
    task.using(run_after=now + datetime.timedelta(seconds=pause)).enqueue(
        **kwargs, attempt=attempt + 1, first_attempt_at=first.isoformat()
    )
    logger.warning("%s failed (%s, attempt %d); next attempt in %d s.", what, type(error).__name__, attempt, pause)


def requeue_abandoned(*, now: datetime.datetime | None = None) -> int:
    """Put tasks back in the queue whose lease ran out (their worker was killed, or its
    machine went away); returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SHOPSITE_TASK_LEASE_SECONDS)
    abandoned = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    ids = list(abandoned.values_list("pk", flat=True))
    if ids:
        count = abandoned.filter(pk__in=ids).update(status=TaskResultStatus.READY)
        logger.warning("%d task(s) abandoned by their worker put back in the queue: %s",
                       count, ", ".join(str(pk) for pk in ids))
        return count
    return 0


def requeue(task_ids) -> int:
    """Run failed tasks again (the admin's *Retry*): each goes back to the queue in place,
    its attempts counted afresh; returns how many. A task is taken back only while it is
    failed, in one UPDATE each, so two clicks (or two merchants) queue it once."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    queued = 0
    for result in DBTaskResult.objects.failed().filter(pk__in=task_ids):
        kwargs = {name: value for name, value in result.args_kwargs["kwargs"].items()
                  if name not in ("attempt", "first_attempt_at")}
        queued += DBTaskResult.objects.failed().filter(pk=result.pk).update(
            status=TaskResultStatus.READY, run_after=get_date_max(), started_at=None, finished_at=None,
            exception_class_path="", traceback="", return_value=None,
            args_kwargs={"args": result.args_kwargs["args"], "kwargs": kwargs},
        )
    return queued
