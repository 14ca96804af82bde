"""Throughput and latency of the hot endpoints under gunicorn, beside a bare Django view.

    .venv/bin/python bench/run.py [--sizes 1000,100000] [--duration 10] [--connections 8] [--repeat 1] [--only TEXT]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/shopsite_bench,
recreated) and wrk (`apt-get install wrk`). For each data size it seeds that many
customers, starts gunicorn with 2 workers (DEBUG off, throttling off), and runs wrk
against each endpoint and against /bench/bare (one primary-key SELECT returned as JSON)
side by side (``--repeat N``: N pairs, the one with the median ratio is kept). Prints a
table (requests/s, p50/p99 latency, ratio to the bare view) and writes it to
bench/RESULTS.md with the machine it ran on. Not part of the test suite.
"""
import argparse
import base64
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from shopsite.servers import call, gunicorn, production_like_env  # noqa: E402  (this script runs from anywhere)

PYTHON = sys.executable
SELECT_CUSTOMER = "(login,email,addresses.(address_id,city),payment_instruments[0].(payment_card.(masked_number)))"
SELECT_ADDRESSES = "(count,total,data[?(@.preferred==true || @.city=='Woburn')].(address_id,city))"
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
API = f"{BASE}/dw/shop/v16_4"

LUA_POST = """
wrk.method = "POST"
wrk.body = '%(body)s'
wrk.headers["Content-Type"] = "application/json"
%(headers)s
"""
LUA_NEW_ADDRESS = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "%(auth)s"
counter = 0
init = function(args)
  -- each wrk thread its own sequence (a table's address differs per thread)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%%x+)") or "0", 16) %% 100000)
end
request = function()
  counter = counter + 1
  local id = string.format("bench-%%d-%%d-%%d", os.time(), math.random(1, 1000000000), counter)
  return wrk.format(nil, nil, nil, '{"address_id":"' .. id .. '","address1":"1 Bench St","city":"Testville",' ..
    '"country_code":"US","first_name":"Ben","last_name":"Mark","postal_code":"01801"}')
end
"""


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def recreate_database(database_url):
    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def settle(env):
    """What autovacuum does on a live server, done before each measurement: fresh planner
    statistics after the bulk load, and the previous endpoint's writes (thousands of guests
    and tokens) vacuumed and checkpointed, so no endpoint measures another's clean-up."""
    for sql in ("VACUUM ANALYZE", "CHECKPOINT"):
        subprocess.run(["psql", env["DATABASE_URL"], "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def wrk(url, duration, connections, script=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script or "")
    output = subprocess.run(
        ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "-s", lua.name, url],
        capture_output=True, text=True, check=True,
    ).stdout
    os.unlink(lua.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, latency.get("50", "?"), latency.get("99", "?"), int(errors.group(1)) if errors else 0


def run_size(size, args, env):
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--customers", str(size))
    settle(env)
    with gunicorn(env, port=PORT, workers=2):
        basic = "Basic " + base64.b64encode(b"jsmith:12345!aBcD").decode()
        _status, headers, customer = call("POST", f"{API}/customers/auth?client_id={CID}", {"type": "credentials"},
                                 {"Authorization": basic})
        auth = headers["Authorization"]
        cid = customer["customer_id"]
        # New addresses go to jdoe, so jsmith's book (read above) keeps its demo size.
        basic_jdoe = "Basic " + base64.b64encode(b"jdoe:12345!aBcD").decode()
        _status, headers, jdoe = call("POST", f"{API}/customers/auth?client_id={CID}", {"type": "credentials"},
                             {"Authorization": basic_jdoe})
        auth_jdoe, jdoe_id = headers["Authorization"], jdoe["customer_id"]
        bare_pk = size // 2 or 1
        cases = [
            ("guest auth", f"{API}/customers/auth?client_id={CID}",
             LUA_POST % {"body": '{"type":"guest"}', "headers": ""}),
            ("credentials login", f"{API}/customers/auth?client_id={CID}",
             LUA_POST % {"body": '{"type":"credentials"}', "headers": f'wrk.headers["Authorization"] = "{basic}"'}),
            ("refresh", f"{API}/customers/auth?client_id={CID}",
             LUA_POST % {"body": '{"type":"refresh"}', "headers": f'wrk.headers["Authorization"] = "{auth}"'}),
            ("GET customer?expand=addresses,paymentinstruments",
             f"{API}/customers/{cid}?expand=addresses,paymentinstruments",
             f'wrk.headers["Authorization"] = "{auth}"'),
            # The same reads narrowed by select (shopsite.selection): parsed once per process, applied per request.
            ("GET customer?expand=...&select=(login,addresses.(...),payment_instruments[0].(...))",
             f"{API}/customers/{cid}?expand=addresses,paymentinstruments&select="
             + quote(SELECT_CUSTOMER, safe=""), f'wrk.headers["Authorization"] = "{auth}"'),
            ("GET addresses", f"{API}/customers/{cid}/addresses", f'wrk.headers["Authorization"] = "{auth}"'),
            ("GET addresses?select=(count,data[?(@.preferred==true)].(...))",
             f"{API}/customers/{cid}/addresses?select=" + quote(SELECT_ADDRESSES, safe=""),
             f'wrk.headers["Authorization"] = "{auth}"'),
            ("POST address", f"{API}/customers/{jdoe_id}/addresses", LUA_NEW_ADDRESS % {"auth": auth_jdoe}),
        ]
        rows = []
        for name, url, script in [case for case in cases if args.only in case[0]]:
            settle(env)
            pairs = []
            for _ in range(args.repeat):
                bare = wrk(f"{BASE}/bench/bare?pk={bare_pk}", args.duration, args.connections)
                pairs.append((wrk(url, args.duration, args.connections, script), bare))
            # The pair with the median ratio: one slow moment of the shared machine moves nothing.
            pairs.sort(key=lambda pair: pair[0][0] / pair[1][0])
            measured, bare = pairs[len(pairs) // 2]
            spread = f"{pairs[0][0][0] / pairs[0][1][0]:.2f}-{pairs[-1][0][0] / pairs[-1][1][0]:.2f}"
            rows.append((size, name, measured, bare, spread))
            print(f"{size:>7,} {name:48} {measured[0]:8.0f} rps  p50 {measured[1]:>8}  p99 {measured[2]:>8}"
                  f"  bare {bare[0]:6.0f} rps  ratio {measured[0] / bare[0]:.2f} ({spread})  errors {measured[3]}",
                  flush=True)
        return rows


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, Python {platform.python_version()}, "
            f"{pg}, gunicorn 2 sync workers, wrk -t2 -c{{c}} -d{{d}}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shopsite_bench"))
    parser.add_argument("--repeat", type=int, default=1, help="pairs per endpoint; the median ratio's pair is kept")
    parser.add_argument("--only", default="", help="measure only endpoints whose name contains this text")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="shopsite-bench-")
    env = production_like_env(workdir, args.database_url, SHOPSITE_BENCHMARK_VIEWS="1", DJANGO_CONN_MAX_AGE="600")
    recreate_database(args.database_url)
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        rows.extend(run_size(size, args, env))
    table = ["| customers | endpoint | req/s | p50 | p99 | bare view req/s | ratio to bare | ratios of the runs"
             " | non-2xx |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size, name, (rps, p50, p99, errors), (bare_rps, *_rest), spread in rows:
        table.append(f"| {size:,} | {name} | {rps:.0f} | {p50} | {p99} | {bare_rps:.0f} | {rps / bare_rps:.2f} "
                     f"| {spread} | {errors} |")
    text = "\n".join(table)
    print("\n" + text)
    options = f" --repeat {args.repeat}" if args.repeat > 1 else ""
    options += f" --only '{args.only}'" if args.only else ""
    header = (f"# Benchmark results\n\nCommand: `.venv/bin/python bench/run.py --sizes {args.sizes} --duration "
              f"{args.duration} --connections {args.connections}{options}`\n\nMachine: "
              + machine().format(c=args.connections, d=args.duration)
              + f"\n\nDate: {time.strftime('%Y-%m-%d')}\n\n")
    Path(args.results).write_text(header + text + "\n")


if __name__ == "__main__":
    main()
