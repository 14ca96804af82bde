"""Two gunicorn servers on one database: nothing that must be shared is process-local."""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from shopsite.testing import database_url

# real_hashing: the servers only know the production hashers.
pytestmark = [pytest.mark.concurrency, pytest.mark.real_hashing, pytest.mark.django_db(transaction=True)]
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(client_app, customer):
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1", "SHOPSITE_THROTTLING": "off",
           "DJANGO_SETTINGS_MODULE": "shopsite.settings", "SHOPSITE_VAR_DIR": str(settings.VAR_DIR)}
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen([gunicorn, "shopsite.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                          "--log-level", "warning"], cwd=settings.BASE_DIR, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}/dw/shop/v16_4" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def call(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def login(base, password):
    basic = "Basic " + base64.b64encode(f"jsmith:{password}".encode()).decode()
    return call("POST", f"{base}/customers/auth?client_id={CID}", {"type": "credentials"},
                {"Authorization": basic})


def test_token_revoked_on_one_server_is_refused_by_the_other(two_servers, customer):
    first, second = two_servers
    status, headers, _ = login(first, "12345!aBcD")
    assert status == 200
    auth = {"Authorization": headers["Authorization"]}
    customer_url = f"/customers/{customer.customer_id}"
    assert call("GET", second + customer_url, headers=auth)[0] == 200
    assert call("DELETE", f"{first}/customers/auth", headers=auth)[0] == 204
    status, _, body = call("GET", second + customer_url, headers=auth)
    assert status == 401 and json.loads(body)["fault"]["type"] == "InvalidAccessTokenException"


def test_failed_logins_spread_over_both_servers_lock_the_account(two_servers, customer):
    first, second = two_servers
    for attempt in range(6):
        assert login(two_servers[attempt % 2], "wrong")[0] == 401
    customer.refresh_from_db()
    assert customer.is_locked
    assert login(first, "12345!aBcD")[0] == 401 and login(second, "12345!aBcD")[0] == 401
