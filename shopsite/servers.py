"""Starting real gunicorn servers of this project: for the multi-server tests, the
benchmarks and the fuzzing gate (never imported by the application itself)."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base_url, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/health", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def gunicorn(env, port=None, workers=1, quiet=True):
    """Serve the project with gunicorn on 127.0.0.1; yields the base URL, stops it after."""
    port = port or free_port()
    executable = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [executable, "shopsite.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL if quiet else None,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def call(method, url, body=None, headers=None):
    """(status, headers, parsed JSON body or None) of one request; HTTP errors included."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, dict(error.headers), error.read()
    return status, headers, json.loads(raw) if raw else None
