"""Benchmark: the main pages' server time at the county's small and large size (PostgreSQL).

    DEMO_PASSWORD=... .venv/bin/python bench/pages.py            # build both databases, measure
    DEMO_PASSWORD=... .venv/bin/python bench/pages.py --reuse    # reuse databases already built
    options: --sizes 1,20  --repeat 15  --db-prefix township_bench_  --pg postgres://postgres@127.0.0.1:5432

Covers issue 10 ("Performance, measured": the county at 1 and at 20 townships, about 240 and
4,800 members) and issue 8's benchmark (the dashboard's and the annual report's time at the
demo's size and at twenty times it, and the PDF's page count).

For each size N the script builds the database `<prefix>N` (createdb, migrate, `load_demo
--county N`; with --reuse an existing database that already holds N townships is only
migrated, so new index migrations apply). Then, in a child process per size (Django reads its
database once, at start-up), it logs in with the test Client (force_login) as the right demo
user and requests every page --repeat times after two warm-up requests, with DEBUG off
(production settings: manifest static files, no query log), and prints the median server time
(in-process: URL routing, middleware, views, templates, PDF rendering, database round trips;
no network). One further request per page runs under CaptureQueriesContext for the query count.

The pages are those of the seed township (青山乡, the first one), which is the same at every
size: what grows is the rest of the county, which the township pages must not pay for.

Goals (issue 10): paginated pages and the township dashboard within 1.5x of the small size,
the county dashboard within 3x. The script prints the figures and flags misses; it asserts
nothing about wall-clock time.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
YEAR = 2016

# (label, user name, url template, goal ratio or None)
PAGES = [
    ("township dashboard", "lingdao", "/dashboard/?township={tid}&year=2016", 1.5),
    ("county dashboard", "xian", "/county/?year=2016", 3.0),
    ("member list", "zuzhi", "/members/", 1.5),
    ("plan page", "zuzhi", "/plans/2016/", 1.5),
    ("annual report PDF", "zuzhi", "/reports/annual/2016/?township={tid}", None),
    ("secretary home", "shuji01", "/", 1.5),
]


def bench_env(db_url: str) -> dict:
    """Production-like settings for a local run: DEBUG off, plain http on loopback."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        TOWNSHIP_TODAY="2016-12-20",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=env.get("STATIC_ROOT")
        or str(Path(tempfile.gettempdir()) / "township-bench-static"),
        DJANGO_SETTINGS_MODULE="township.settings",
        LOG_LEVEL="WARNING",
    )
    env.setdefault("DEMO_PASSWORD", "bench-password-2016")
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def database_exists(pg: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def township_count(pg: str, name: str) -> int:
    import psycopg

    try:
        with psycopg.connect(f"{pg}/{name}") as conn:
            return conn.execute("SELECT count(*) FROM township_township").fetchone()[0]
    except psycopg.Error:
        return -1


def prepare(pg: str, name: str, size: int, *, reuse: bool) -> None:
    """Create (or reuse) the database of the county at `size` townships."""
    import psycopg

    env = bench_env(f"{pg}/{name}")
    if reuse and database_exists(pg, name) and township_count(pg, name) == size:
        print(f"[{name}] reusing ({size} townships); applying migrations", flush=True)
        manage(env, "migrate", "-v0")
        return
    if reuse:
        print(f"[{name}] not reusable (missing or wrong size): building", flush=True)
    # Connected to "postgres", not template1: CREATE DATABASE copies template1 and refuses
    # while anyone (another build running beside this one) is connected to it.
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    start = time.perf_counter()
    manage(env, "migrate", "-v0")
    manage(env, "load_demo", "--county", str(size))
    print(f"[{name}] built in {time.perf_counter() - start:.0f} s", flush=True)


def measure_child(repeat: int) -> None:
    """Runs inside a child process whose environment names one database; prints JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from members.models import Member
    from township.models import Township, User

    township = Township.objects.order_by("pk").first()
    out = {
        "townships": Township.objects.count(),
        "members": Member.objects.count(),
        "pages": {},
    }
    for label, username, url_t, _goal in PAGES:
        url = url_t.format(tid=township.pk)
        client = Client()
        client.force_login(
            User.objects.get(username=username),
            backend="django.contrib.auth.backends.ModelBackend",
        )

        def get(client=client, url=url, label=label):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
            return response, body

        for _ in range(2):
            get()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            get()
            times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as ctx:
            response, body = get()
        row = {
            "url": url,
            "user": username,
            "median_ms": statistics.median(times) * 1000,
            "min_ms": min(times) * 1000,
            "queries": len(ctx.captured_queries),
            "bytes": len(body),
        }
        if response["Content-Type"].startswith("application/pdf"):
            row["pdf_pages"] = len(PdfReader(io.BytesIO(body)).pages)
        out["pages"][label] = row
    print(json.dumps(out))


def measure(pg: str, name: str, repeat: int) -> dict:
    env = bench_env(f"{pg}/{name}")
    result = subprocess.run(
        [PYTHON, __file__, "--child", "--repeat", str(repeat)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="reuse databases already built")
    parser.add_argument("--sizes", default="1,20", help="two county sizes, small first")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db-prefix", default="township_bench_")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure_child(args.repeat)
        return

    small, large = (int(s) for s in args.sizes.split(","))
    env = bench_env(f"{args.pg}/{args.db_prefix}{small}")
    manage(env, "collectstatic", "--noinput", "-v0")
    results = {}
    for size in (small, large):
        name = f"{args.db_prefix}{size}"
        prepare(args.pg, name, size, reuse=args.reuse)
        print(f"[{name}] measuring ({args.repeat} requests a page)", flush=True)
        results[size] = measure(args.pg, name, args.repeat)

    a, b = results[small], results[large]
    print()
    print(
        f"County at {small}: {a['townships']} townships, {a['members']} members; "
        f"at {large}: {b['townships']} townships, {b['members']} members. "
        f"Median of {args.repeat} requests, milliseconds, DEBUG=0, PostgreSQL."
    )
    head = (
        f"{'page':20s} {'at ' + str(small):>9s} {'at ' + str(large):>9s} {'ratio':>6s} "
        f"{'goal':>5s} {'queries':>9s}  note"
    )
    print(head)
    print("-" * len(head))
    for label, _user, _url, goal in PAGES:
        pa, pb = a["pages"][label], b["pages"][label]
        ratio = pb["median_ms"] / pa["median_ms"]
        note = ""
        if goal is not None:
            note = "ok" if ratio <= goal else "MISSES GOAL"
        if "pdf_pages" in pa:
            note = f"PDF pages {pa['pdf_pages']} / {pb['pdf_pages']}"
        print(
            f"{label:20s} {pa['median_ms']:9.1f} {pb['median_ms']:9.1f} {ratio:5.2f}x "
            f"{(f'{goal:.1f}x' if goal else '-'):>5s} {pa['queries']:>4d}/{pb['queries']:<4d}  {note}"
        )


if __name__ == "__main__":
    main()
