"""``manage.py db_worker``: the database backend's worker, which also takes back what a
dead worker left.

- Tasks that another worker has been running for longer than ``SHOPSITE_TASK_LEASE_SECONDS``
  (it was killed, or its machine went away) go back to the queue: at start, then every
  half lease.
- A task interrupted by a forced stop (Ctrl-C twice) goes back to the queue instead of
  being recorded as failed.

Everything else (options, locking of rows, graceful stop on the first Ctrl-C or SIGTERM)
is the backend's own (``django_tasks_db``).
"""
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker

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
        pause = max(settings.SHOPSITE_TASK_LEASE_SECONDS / 2, 1)
        stopped = threading.Event()
        while not stopped.wait(pause):
            try:
                close_old_connections()
                requeue_abandoned()
            except Exception:  # noqa: BLE001  (the database may be away for a while: try again later)
                logger.exception("Could not look for abandoned tasks.")
            finally:
                connection.close()

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if not self.running and db_task_result.exception_class_path in INTERRUPTED:
            type(db_task_result).objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback=""
            )
            logger.warning("Task %s was interrupted by the stop: back in the queue.", db_task_result.pk)


class Command(db_worker.Command):
    help = db_worker.Command.help + " (abandoned and interrupted tasks go back to the queue)"

    def handle(self, *args, **options) -> None:
        db_worker.Worker = Worker  # the backend's command builds its worker by this name
        super().handle(*args, **options)
