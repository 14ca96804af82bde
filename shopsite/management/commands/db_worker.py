"""``manage.py db_worker``: the database backend's worker, which also takes back what a
dead worker left.

- A worker renews the lease of the task it runs (its ``started_at``) every third of
  ``SHOPSITE_TASK_LEASE_SECONDS``; a task whose lease ran out (its worker was killed, or
  its machine went away) goes back to the queue: at start, then every half lease.
- A task interrupted by a forced stop (Ctrl-C twice) goes back to the queue instead of
  being recorded as failed.

Everything else (options, locking of rows, graceful stop on the first Ctrl-C or SIGTERM)
is the backend's own (``django_tasks_db``).
"""
import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from shopsite.background import requeue_abandoned

logger = logging.getLogger("shopsite.background")
INTERRUPTED = {"builtins.SystemExit", "builtins.KeyboardInterrupt"}


class Worker(db_worker.Worker):
    def run(self) -> None:
        requeue_abandoned()
        if not self.batch:
            threading.Thread(target=self._take_back_abandoned, name="shopsite-requeue", daemon=True).start()
        super().run()

    def _take_back_abandoned(self) -> None:
        while True:
            time.sleep(max(settings.SHOPSITE_TASK_LEASE_SECONDS / 2, 0.5))
            with _own_connection():
                requeue_abandoned()

    def run_task(self, db_task_result) -> None:
        """Run the task while renewing its lease (``started_at``) every third of it, so that
        only a task whose worker died is taken back, however long it runs."""
        done = threading.Event()
        heartbeat = threading.Thread(target=self._renew_lease, args=(db_task_result.pk, done), daemon=True)
        heartbeat.start()
        try:
            super().run_task(db_task_result)
        finally:
            done.set()
            heartbeat.join()
        if not self.running and db_task_result.exception_class_path in INTERRUPTED:
            type(db_task_result).objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback=""
            )
            logger.warning("Task %s was interrupted by the stop: back in the queue.", db_task_result.pk)

    @staticmethod
    def _renew_lease(task_id, done: threading.Event) -> None:
        while not done.wait(max(settings.SHOPSITE_TASK_LEASE_SECONDS / 3, 0.2)):
            with _own_connection():
                running = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING)
                running.update(started_at=timezone.now())


@contextlib.contextmanager
def _own_connection():
    """A helper thread's database work: its own connection, closed after; a database away
    for a while is logged and tried again next time."""
    try:
        close_old_connections()
        yield
    except Exception:
        logger.exception("A background bookkeeping query failed; it runs again later.")
    finally:
        connection.close()


class Command(db_worker.Command):
    help = db_worker.Command.help + " (abandoned and interrupted tasks go back to the queue)"

    def handle(self, *args, **options) -> None:
        # The backend's handle() (django-tasks-db 0.13) builds its worker from this module
        # name; pointing it at the subclass is the one change, for this process's command.
        db_worker.Worker = Worker
        super().handle(*args, **options)
