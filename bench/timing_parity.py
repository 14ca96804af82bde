"""Does an answer's timing tell whether an account exists? Medians of pairs of cases.

    .venv/bin/python bench/timing_parity.py [--requests 200] [--postgres URL] [--fast-hash]

- credentials login: a known login with a wrong password / an unknown login / a disabled
  customer / a locked one (each must cost one counter UPDATE and one Argon2id verification);
- password reset by email: a registered email / an unknown one (each must queue one task).

In-process (Django's test client: this times the application, not the network), DEBUG off,
the production Argon2id hasher, the database task backend, throttling off, on a throw-away
SQLite database (or the PostgreSQL database given, dropped and created again). The cases
alternate request by request, each round starting with the next case, so that neither drift
of the machine nor the order favours one. The aim: the
medians of each pair within 0.5 ms. ``--fast-hash`` swaps Argon2id (23-34 ms, varying by
several ms) for MD5, to show the work around the hash without its noise. Prints a table;
not part of the test suite.
"""
import argparse
import base64
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from shopsite.servers import production_like_env  # noqa: E402  (this script runs from anywhere)

CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
API = "/dw/shop/v16_4"


def recreate_postgres(url):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per case (default 200)")
    parser.add_argument("--postgres", metavar="URL", help="e.g. postgres://postgres@127.0.0.1:5432/shopsite_timing")
    parser.add_argument("--fast-hash", action="store_true", help="MD5 instead of Argon2id (the work around the hash)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="shopsite-timing-")
    url = args.postgres or f"sqlite:///{workdir}/timing.sqlite3"
    if args.postgres:
        recreate_postgres(url)
    os.environ.update(production_like_env(workdir, url, DJANGO_LOG_LEVEL="ERROR",
                                          SHOPSITE_LOCKOUT_ATTEMPTS="1000000",  # wrong guesses never lock
                                          DJANGO_SETTINGS_MODULE="shopsite.settings",
                                          DJANGO_ALLOWED_HOSTS="testserver"))
    import django

    django.setup()
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections
    from django.test import Client

    signals.request_started.disconnect(close_old_connections)  # one connection, as a server keeps
    signals.request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm, make_password
    from django.utils import timezone

    from customers.models import Customer
    from customers.services import customer_register, customer_set_enabled
    from shopsite.models import default_site

    if args.fast_hash:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        get_hashers.cache_clear()
        get_hashers_by_algorithm.cache_clear()
        Customer.objects.update(password=make_password("12345!aBcD"))
    customer_set_enabled(customer=Customer.objects.get(login="jdoe"), enabled=False)
    locked = customer_register(site=default_site(), password_required=True, registration={
        "password": "12345!aBcD",
        "customer": {"login": "jlocked", "email": "jlocked@example.com", "last_name": "Lock"}})
    Customer.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + datetime.timedelta(days=1))
    client = Client()

    def login(name):
        basic = "Basic " + base64.b64encode(f"{name}:wrong-password".encode()).decode()
        return lambda: client.post(f"{API}/customers/auth?client_id={CID}", '{"type":"credentials"}',
                                   content_type="application/json", HTTP_AUTHORIZATION=basic)

    def reset(email):
        return lambda: client.post(f"{API}/customers/password_reset", f'{{"identification":"{email}","type":"email"}}',
                                   content_type="application/json")

    groups = [
        ("credentials login, wrong password", 401,
         {"known login": login("jsmith"), "unknown login": login("nobody-here"), "disabled customer": login("jdoe"),
          "locked customer": login("jlocked")}),
        ("password reset by email", 204,
         {"registered email": reset("jsmith@example.com"), "unknown email": reset("nobody@example.com")}),
    ]
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}, {args.requests} requests per case, alternating,"
          f" {'MD5' if args.fast_hash else 'Argon2id'}")
    print(f"{'operation':36} {'case':20} {'median ms':>10} {'p90 ms':>8} {'vs first':>9}")
    for operation, status, cases in groups:
        samples = {name: [] for name in cases}
        for call in cases.values():  # warm up: the first request of a kind pays for imports and caches
            call()
        names = list(cases)
        for round_ in range(args.requests):
            for name in names[round_ % len(names):] + names[:round_ % len(names)]:  # each case first in turn
                call = cases[name]
                started = time.perf_counter()
                response = call()
                samples[name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == status, (name, response.status_code, response.content[:300])
        first = statistics.median(next(iter(samples.values())))
        for name, values in samples.items():
            median = statistics.median(values)
            print(f"{operation:36} {name:20} {median:10.2f} {percentile(values, 0.9):8.2f} {median - first:+9.2f}")


if __name__ == "__main__":
    main()
