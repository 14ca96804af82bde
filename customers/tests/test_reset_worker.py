"""A real ``manage.py db_worker`` process, a real SMTP server on loopback: a reset email
queued while the mail server is down arrives once it is up, and once only; a worker killed
in the middle of a send leaves the task to the next worker."""
import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from customers.services import password_reset_for_customer
from shopsite.servers import ROOT, free_port
from shopsite.testing import database_url

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


class Inbox:
    def __init__(self, pause=0.0):
        self.messages, self.pause = [], pause

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.pause)  # a slow mail server keeps each worker busy a while
        self.messages.append(envelope)
        return "250 OK"


def wait_for(condition, timeout=30, what="the condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def start_worker(smtp_port, **env):
    environment = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1",
                   "SHOPSITE_VAR_DIR": str(settings.VAR_DIR),
                   "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                   "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_TIMEOUT": "5",
                   "SHOPSITE_TASK_RETRY_PAUSE_SECONDS": "1", **env}
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def stop_afterwards():
    processes = []
    yield processes.append
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture
def queued_reset(customer, database_tasks):
    password_reset_for_customer(customer=customer)
    return customer


def test_an_email_queued_while_the_mail_server_is_down_arrives_once(queued_reset, stop_afterwards):
    port = free_port()
    stop_afterwards(start_worker(port))
    wait_for(lambda: DBTaskResult.objects.filter(return_value="retry scheduled").exists(),
             what="a failed first attempt")
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        wait_for(lambda: inbox.messages, what="the email")
        time.sleep(2)  # a second copy would arrive meanwhile
    finally:
        controller.stop()
    [message] = inbox.messages
    assert message.rcpt_tos == [queued_reset.email]
    assert DBTaskResult.objects.filter(return_value="sent").count() == 1


def test_a_worker_killed_mid_send_leaves_the_task_to_the_next(queued_reset, stop_afterwards):
    mute = socket.socket()  # accepts, never greets: the send hangs until the worker is killed
    mute.bind(("127.0.0.1", 0))
    mute.listen()
    port = mute.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(mute.accept()), daemon=True).start()
    try:
        first = start_worker(port, EMAIL_TIMEOUT="60")
        stop_afterwards(first)
        wait_for(lambda: accepted, what="the worker's connection")
        assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        mute.close()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        stop_afterwards(start_worker(controller.port, SHOPSITE_TASK_LEASE_SECONDS="1"))
        wait_for(lambda: inbox.messages, what="the email")
        time.sleep(2)
    finally:
        controller.stop()
    assert [message.rcpt_tos for message in inbox.messages] == [[queued_reset.email]]
    assert DBTaskResult.objects.get().return_value == "sent"


def test_a_long_send_keeps_its_lease_and_runs_once(queued_reset, stop_afterwards):
    """A send that takes longer than the lease is not taken back while its worker lives:
    the worker renews the lease as it runs."""
    mute = socket.socket()
    mute.bind(("127.0.0.1", 0))
    mute.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(mute.accept()), daemon=True).start()
    try:
        worker = start_worker(mute.getsockname()[1], EMAIL_TIMEOUT="60", SHOPSITE_TASK_LEASE_SECONDS="1")
        stop_afterwards(worker)
        wait_for(lambda: accepted, what="the worker's connection")
        time.sleep(3)  # three leases
        task = DBTaskResult.objects.get()
        assert task.status == TaskResultStatus.RUNNING and len(task.worker_ids) == 1  # claimed once
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        mute.close()


def test_two_workers_send_each_email_once(customer, make_customer, database_tasks, stop_afterwards):
    customers = [make_customer(f"shopper{n}", email=f"shopper{n}@example.com") for n in range(12)]
    for each in customers:
        password_reset_for_customer(customer=each)
    inbox = Inbox(pause=0.3)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        stop_afterwards(start_worker(controller.port))
        stop_afterwards(start_worker(controller.port))
        wait_for(lambda: len(inbox.messages) >= 12, what="twelve emails")
        time.sleep(2)
    finally:
        controller.stop()
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == sorted(c.email for c in customers)
    assert len({tuple(task.worker_ids) for task in DBTaskResult.objects.all()}) == 2  # both took a share
