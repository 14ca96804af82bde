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


def wait_until_healthy(base_url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before answering /health")
        try:
            urllib.request.urlopen(f"{base_url}/health", timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def production_like_env(workdir, database_url, **overrides):
    """The environment of a DEBUG-off server with throw-away keys (fresh RS256 pair, secret
    key, fingerprint key) and throttling off, for benchmarks and the fuzzing gate."""
    import secrets

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    workdir = Path(workdir)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private, public = workdir / "jwt.pem", workdir / "jwt.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SILENCED_SYSTEM_CHECKS": "shopsite.E003",  # the demo data, on purpose
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SHOPSITE_FINGERPRINT_KEY": secrets.token_urlsafe(32),
        "SHOPSITE_JWT_PRIVATE_KEY": str(private),
        "SHOPSITE_JWT_PUBLIC_KEY": str(public),
        "SHOPSITE_VAR_DIR": str(workdir),
        "SHOPSITE_THROTTLING": "off",
        "PYTHONPATH": str(ROOT),
    })
    env.update(overrides)
    return env


@contextlib.contextmanager
def gunicorn(env, port=None, workers=1, log=None):
    """Serve the project with gunicorn on 127.0.0.1; yields the base URL, stops it after.
    ``log``: a file for the server's output (default: discarded)."""
    port = port or free_port()
    executable = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [executable, "shopsite.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT if log else None,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, server)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


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
