"""Median time of a credentials login and of an authenticated GET, in-process.

    .venv/bin/python bench/auth_timing.py [--requests 200]

Runs on a throw-away SQLite database with the production Argon2id hasher, through
Django's test client (no HTTP server: this times the application, not the network).
Prints a table; not part of the test suite.
"""
import argparse
import base64
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="shopsite-bench-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "shopsite.settings", "DJANGO_DEBUG": "1",
                       "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3", "SHOPSITE_THROTTLING": "off",
                       "DJANGO_LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client

    # Keep one connection open, as a server with persistent connections does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)  # so the query count below sees the request
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    client = Client()
    cid = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    basic = "Basic " + base64.b64encode(b"jsmith:12345!aBcD").decode()
    url = f"/dw/shop/v16_4/customers/auth?client_id={cid}"

    def login():
        return client.post(url, '{"type":"credentials"}', content_type="application/json", HTTP_AUTHORIZATION=basic)

    def timed(call, count):
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            response = call()
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
        return samples

    login()  # warm up
    response = login()
    token = response["Authorization"]
    customer_url = f"/dw/shop/v16_4/customers/{response.json()['customer_id']}"

    def get_customer():
        return client.get(customer_url, HTTP_AUTHORIZATION=token)

    def count_queries(call):
        before = len(connection.queries_log)
        call()
        return len(connection.queries_log) - before

    login_queries, get_queries = count_queries(login), count_queries(get_customer)
    rows = [
        ("POST /customers/auth (credentials)", timed(login, max(20, args.requests // 4)), login_queries),
        ("GET /customers/{id} (JWT)", timed(get_customer, args.requests), get_queries),
    ]
    print(f"{'operation':40} {'n':>5} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    for name, samples, queries in rows:
        median, p90 = statistics.median(samples), percentile(samples, 0.9)
        print(f"{name:40} {len(samples):5d} {median:10.2f} {p90:8.2f} {queries:8d}")


if __name__ == "__main__":
    main()
