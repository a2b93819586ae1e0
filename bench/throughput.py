"""Benchmark: requests per second of the dashboards under concurrent clients (issue 20, item 5).

    .venv/bin/python bench/throughput.py                       # wt_perf20, 10 clients, 30 s a page
    .venv/bin/python bench/throughput.py --db township_bench_20 --clients 10 --duration 30 --workers 2
    options: --pages dashboard,county,home  --pg postgres://postgres@127.0.0.1:5432

Starts gunicorn (in requirements.txt) with --workers processes on loopback, DEBUG=0 and
collected, hashed static files, against a database built by bench/pages.py or bench/walk.py
(`load_demo --county N`). Logs in by creating sessions in the database (what login() stores)
for the staff member zuzhi (/dashboard/ of the seed township, year 2016) and the county user
xian (/county/?year=2016), and then, page by page, runs --clients threads that each request
the page in a loop over a kept-alive HTTP connection for --duration seconds after a warm-up.

Prints per page: requests per second, the median and 95th percentile latency, errors (any
answer other than 200), and the CPU the gunicorn workers spent per request (utime + stime
from /proc, the figure that does not depend on what else the machine runs), with the load
average before and after. The clients are threads of this process: on a machine with few
cores they take CPU from the server, which makes req/s pessimistic. Asserts nothing.

Issue 20's goal: the dashboard ≥ 60 req/s with p95 ≤ 250 ms (2 workers, 10 clients).
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pages import PYTHON, bench_env, manage  # noqa: E402

PAGES = {
    "dashboard": ("zuzhi", "/dashboard/?township={tid}&year=2016"),
    "county": ("xian", "/county/?year=2016"),
    "home": ("shuji01", "/"),
}

SESSIONS = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from township.models import Township, User

def session(username):
    user = User.objects.get(username=username)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key

print(Township.objects.order_by("pk").first().pk, *(session(u) for u in {users!r}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_cpu(master: int) -> float:
    """CPU seconds (user + system) of the gunicorn master's children so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = subprocess.run(
        ["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True
    ).stdout.split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def hammer(port, path, cookie, clients, duration):
    """(latencies in seconds, errors) of `clients` threads requesting `path` in a loop for
    `duration` seconds; requests still running at the end are not counted."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        mine, bad = [], 0
        while True:
            began = time.perf_counter()
            if began >= stop_at:
                break
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                ok = False
            ended = time.perf_counter()
            if ended <= stop_at:
                mine.append(ended - began)
                bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="wt_perf20")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--pages", default="dashboard,county")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    args = parser.parse_args()

    env = bench_env(f"{args.pg}/{args.db}")
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    env.setdefault("CONN_MAX_AGE", "60")
    manage(env, "collectstatic", "--noinput", "-v0")
    pages = [p for p in args.pages.split(",") if p]
    users = [PAGES[p][0] for p in pages]
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", SESSIONS.format(users=users)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    township, sessions = out[0], out[1:]

    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "township.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        print(
            f"{started}; database {args.db}; gunicorn {args.workers} workers; "
            f"{args.clients} clients; {args.duration:.0f} s a page after {args.warmup:.0f} s "
            "warm-up; DEBUG=0",
            flush=True,
        )
        print(
            "\n| page | user | req/s | median ms | p95 ms | errors | worker CPU ms/request "
            "| load before / after |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---|")
        for page, session in zip(pages, sessions, strict=True):
            user, path = PAGES[page]
            path = path.format(tid=township)
            cookie = f"sessionid={session}"
            # Warm-up: every worker answers the page a few times (imports, caches).
            # (the first answers wait for gunicorn's workers to boot under load).
            warm: list[float] = []
            while len(warm) < args.workers * 2:
                more, _ = hammer(port, path, cookie, args.workers * 2, args.warmup)
                warm += more
            load_before = os.getloadavg()[0]
            cpu_before = worker_cpu(gunicorn.pid)
            latencies, errors = hammer(port, path, cookie, args.clients, args.duration)
            cpu = worker_cpu(gunicorn.pid) - cpu_before
            load_after = os.getloadavg()[0]
            n = len(latencies)
            rate = n / args.duration
            total = n
            if n:
                ordered = sorted(latencies)
                median = statistics.median(ordered) * 1000
                p95 = ordered[min(n - 1, int(0.95 * n))] * 1000
            else:
                median = p95 = float("nan")
            print(
                f"| {path} | {user} | {rate:.1f} | {median:.0f} | {p95:.0f} | {errors} "
                f"| {cpu / total * 1000 if total else float('nan'):.1f} "
                f"| {load_before:.1f} / {load_after:.1f} |",
                flush=True,
            )
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
