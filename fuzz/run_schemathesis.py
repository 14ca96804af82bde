"""The fuzzing gate: schemathesis against a live server, over the whole OpenAPI schema.

    .venv/bin/python fuzz/run_schemathesis.py [--max-examples 10] [--seed 1] [--max-time 600]
                                              [--versions v16_4,v20_4] [--later-examples N]

Migrates a throw-away SQLite database, seeds the demo data, starts gunicorn (2 workers,
DEBUG off, ``SHOPSITE_THROTTLING=off``) on a free port, then for each version of
``--versions`` (16.4, the contract, and 20.4, the later documents, by default) puts the demo
data back (``seed_demo``: the previous run may have locked jsmith out), logs jsmith in for a
customer JWT and obtains a trusted-server and an agent OAuth token plus a few guest JWTs (for
the logouts), and runs schemathesis over that version's schema
(/dw/shop/vNN_N/openapi.json): every phase (examples, coverage, fuzzing, stateful with the
schema's links). The first version gets ``--max-examples`` per operation and phase, the
others ``--later-examples`` (a fifth of it, at least 5, by default). The checks:

- not_a_server_error: no 5xx, ever;
- status_code_conformance, content_type_conformance, response_headers_conformance,
  response_schema_conformance_with_select (fuzz/hooks.py: schemathesis' schema check, where
  an answer to a ``select`` (2xx, or the 301 of a renamed address) need not hold the properties a
  selection may leave out):
  every response is documented and matches its schema;
- fault_document (fuzz/hooks.py): every 4xx/5xx is a fault document with ``_v`` (the
  version's) and ``fault.type``.

Exits non-zero on any failure, printing the server's error log. `.ci/run` runs it with
few examples; `make fuzz` with more.
"""
import argparse
import base64
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
          "response_schema_conformance_with_select,fault_document")
sys.path.insert(0, str(ROOT))

from customers.checks import DEMO_CUSTOMER  # noqa: E402
from shopsite.checks import DEMO_AGENT, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET  # noqa: E402
from shopsite.servers import gunicorn, production_like_env  # noqa: E402

GUEST_TOKENS = 12


def environment(workdir):
    return production_like_env(workdir, f"sqlite:///{workdir}/fuzz.sqlite3")


def request(url, method="GET", body=None, headers=None, form=False):
    data = None
    headers = dict(headers or {})
    if body is not None:
        if form:
            data = "&".join(f"{key}={value}" for key, value in body.items()).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.headers, json.loads(response.read() or b"null")


def basic(*parts):
    return base64.b64encode(":".join(parts).encode()).decode()


@contextlib.contextmanager
def server_on_free_port(workdir, env):
    """gunicorn (2 workers) on a free port, logging to server.log; yields its base URL."""
    with open(workdir / "server.log", "w") as log, gunicorn(env, workers=2, log=log) as base:
        yield base


def credentials(base, version="v16_4"):
    """The tokens and ids the hooks use (fuzz/hooks.py), as FUZZ_* variables."""
    api = f"{base}/dw/shop/{version}"
    login = f"{api}/customers/auth?client_id={DEMO_CLIENT_ID}"
    headers, customer = request(login, "POST", {"type": "credentials"},
                                {"Authorization": f"Basic {basic(*DEMO_CUSTOMER)}"})
    jwt = headers["Authorization"].split(" ", 1)[1]
    guests = [request(login, "POST", {"type": "guest"})[0]["Authorization"].split(" ", 1)[1]
              for _ in range(GUEST_TOKENS)]
    _, oauth = request(f"{base}/dw/oauth2/access_token", "POST", {"grant_type": "client_credentials"},
                       {"Authorization": f"Basic {basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)}"}, form=True)
    _, agent = request(
        f"{base}/dw/oauth2/access_token?client_id={DEMO_CLIENT_ID}", "POST",
        {"grant_type": "urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken"},
        {"Authorization": f"Basic {basic(*DEMO_AGENT, DEMO_CLIENT_SECRET)}"}, form=True,
    )
    server = {"Authorization": f"Bearer {oauth['access_token']}"}
    _, jdoe = request(f"{api}/customers/auth?client_id={DEMO_CLIENT_ID}", "POST", {"type": "credentials"},
                      {"Authorization": f"Basic {basic('jdoe', DEMO_CUSTOMER[1])}"})
    own = customer["customer_id"]
    _, addresses = request(f"{api}/customers/{own}/addresses", headers=server)
    _, instruments = request(f"{api}/customers/{own}/payment_instruments", headers=server)
    return {
        "FUZZ_CUSTOMER_JWT": jwt,
        "FUZZ_OAUTH_TOKEN": oauth["access_token"],
        "FUZZ_AGENT_TOKEN": agent["access_token"],
        "FUZZ_GUEST_JWTS": ",".join(guests),
        "FUZZ_CLIENT_ID": DEMO_CLIENT_ID,
        "FUZZ_CUSTOMER_BASIC": basic(*DEMO_CUSTOMER),
        "FUZZ_CUSTOMER_IDS": f"{own},{jdoe['customer_id']}",
        "FUZZ_ADDRESS_NAMES": ",".join(item["address_id"] for item in addresses["data"]),
        "FUZZ_PAYMENT_INSTRUMENT_IDS": ",".join(item["payment_instrument_id"] for item in instruments["data"]),
        "FUZZ_API_VERSION": version[1:].replace("_", "."),
        "FUZZ_PRODUCT_LIST_PATHS": json.dumps(product_list_paths(f"{api}/customers/{own}/product_lists", server)),
    }


def product_list_paths(lists_url, headers):
    """The demo customer's product list ids: one {list_id, item_id[, purchase_id]} per item and
    purchase; none in a version before product lists (17.1), no purchases before 18.1."""
    try:
        _, lists = request(lists_url, headers=headers)
    except urllib.error.HTTPError:
        return []
    paths = []
    for product_list in lists["data"]:
        for item in product_list["customer_product_list_items"]:
            ids = {"list_id": product_list["id"], "item_id": item["id"]}
            try:
                _, purchases = request(f"{lists_url}/{ids['list_id']}/items/{ids['item_id']}/purchases",
                                       headers=headers)
            except urllib.error.HTTPError:
                purchases = {"data": []}
            paths += [{**ids, "purchase_id": purchase["id"]} for purchase in purchases["data"]] or [ids]
    return paths


def summarize(report_dir, phases, version="v16_4"):
    """Print the cases run per operation and status; return the problems found.

    Reads the NDJSON report rather than trusting the exit code alone: a crash inside a
    schemathesis worker thread ends its phase early without failing the run.
    """
    cases, statuses, problems = 0, {}, []
    finished = {}
    for path in Path(report_dir).glob("*.ndjson"):
        for line in path.read_text().splitlines():
            event = json.loads(line)
            kind, data = next(iter(event.items()))
            if kind == "PhaseFinished":
                finished[data["phase"]["name"]] = data["status"]
            if kind != "ScenarioFinished":
                continue
            recorder = data["recorder"]
            cases += len(recorder.get("cases", {}))
            for interaction in recorder.get("interactions", {}).values():
                response = interaction.get("response")
                if response:
                    counts = statuses.setdefault(recorder["label"], {})
                    counts[response["status_code"]] = counts.get(response["status_code"], 0) + 1
            for case_id, checks in recorder.get("checks", {}).items():
                for check in checks:
                    if check["status"] == "failure":
                        problems.append(f"{version} {recorder['label']}: {check['name']} failed (case {case_id})")
    for phase in phases:
        if finished.get(phase) != "success":
            problems.append(f"{version} phase {phase} did not complete: {finished.get(phase, 'not run')}")
    print(f"\n{version}\n{'operation':<76} {'cases':>6}  statuses")
    for label, counts in sorted(statuses.items(), key=lambda item: item[0].split()[::-1]):
        spread = " ".join(f"{status}x{count}" for status, count in sorted(counts.items()))
        print(f"{label:<76} {sum(counts.values()):>6}  {spread}")
    print(f"{version}: {cases} test cases, {len(problems)} problems")
    for problem in problems:
        print(f"  - {problem}")
    return problems


def run_version(args, workdir, env, base, version, examples):
    """schemathesis over one version's schema, with fresh credentials of that version."""
    env.update(credentials(base, version))
    env["SCHEMATHESIS_HOOKS"] = "fuzz.hooks"
    command = [
        PYTHON, "-m", "schemathesis.cli", "run", f"{base}/dw/shop/{version}/openapi.json",
        "--url", f"{base}/dw/shop/{version}", "--checks", args.checks, "--phases", args.phases,
        "--max-examples", str(examples), "--seed", str(args.seed), "--workers", args.workers,
        "--request-timeout", "30", "--suppress-health-check", "all", "--no-color",
        "--report", "ndjson", "--report-dir", str(workdir / f"report-{version}"),
    ]
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    print(f"=== schemathesis {version}: {examples} examples per operation and phase", flush=True)
    # Run in the work directory: schemathesis' and Hypothesis' caches stay there.
    return subprocess.run(command, env=env, cwd=workdir, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=10,
                        help="test cases per operation and phase (the first version)")
    parser.add_argument("--versions", default="v16_4,v20_4", help="the API versions whose schemas are fuzzed")
    parser.add_argument("--later-examples", type=int, default=None,
                        help="test cases per operation and phase of the other versions (default: a fifth, >= 5)")
    parser.add_argument("--seed", type=int, default=1, help="Hypothesis seed (reproducible runs)")
    parser.add_argument("--max-time", type=int, default=None, help="time budget of the schemathesis run (s)")
    parser.add_argument("--workers", default="1", help="schemathesis workers")
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    parser.add_argument("--checks", default=CHECKS, help="schemathesis checks (comma-separated)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (database, logs)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="shopsite-fuzz-"))
    env = environment(workdir)
    try:
        manage = [PYTHON, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
            subprocess.run(manage + command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        versions = [name.strip() for name in args.versions.split(",") if name.strip()]
        later = args.later_examples if args.later_examples is not None else max(5, args.max_examples // 5)
        problems, failed = [], False
        started = time.monotonic()
        with server_on_free_port(workdir, env) as base:
            for index, version in enumerate(versions):
                examples = args.max_examples if index == 0 else later
                if index:  # the demo data back (the last run may have locked jsmith out, changed passwords)
                    subprocess.run(manage + ["seed_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
                result = run_version(args, workdir, dict(env), base, version, examples)
                problems += summarize(workdir / f"report-{version}", args.phases.split(","), version)
                failed = failed or result.returncode != 0
                print(f"schemathesis {version} ({examples} examples): exit code {result.returncode}")
        print(f"schemathesis: {time.monotonic() - started:.0f}s, {len(problems)} problems")
        failed = failed or bool(problems)
        if failed:
            print("--- server log ---")
            print((workdir / "server.log").read_text()[-20000:])
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
