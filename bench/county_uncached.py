"""Benchmark: the county comparison uncached (the first /county/ after a write), CPU time,
at several sizes and, optionally, against another checkout of the code, interleaved.

    .venv/bin/python bench/county_uncached.py --sizes 1,20 --db-prefix perf20_bench_
    .venv/bin/python bench/county_uncached.py --sizes 1,20 --before /tmp/before  # A/B
    options: --rounds 3  --calls 5  --pg postgres://postgres@127.0.0.1:5432

Each database `<prefix>N` must exist (built by `load_demo --county N`; see README). A round
runs one child process per (code, size), the order alternating between rounds. A child
measures two things, each once to warm up, then --calls times:

- "cold": overview.county.county_context() with the cache emptied first: every figure of
  every township computed, no template (as after a write to the holiday calendar, which
  every township's figures read);
- "page after a write": the whole /county/ page for the county role (xian), each time just
  after a write to one township (a meeting of the first township rewritten as it is: a real
  UPDATE, the data unchanged). What a reader waits for after anyone wrote anything: since
  per-township data versions (township/stamps.py) the written township's row alone is
  computed again; before them, every row.

Each call's CPU time (time.process_time of the Python process: the ORM, the driver, Python;
PostgreSQL's own work is not in it), wall time and the query count are reported. Prints per
code, mode and size the medians of all calls with the spread of the rounds' medians, and the
ratios to the smallest size. Asserts nothing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pages import PYTHON, bench_env, manage  # noqa: E402


def child(calls: int) -> None:
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from branches.models import Meeting
    from overview.county import county_context
    from township.models import Township, User

    county = Township.objects.values_list("county", flat=True).first()
    townships = Township.objects.filter(county=county).order_by("name")
    client = Client()
    client.force_login(User.objects.get(username="xian"))
    # The write: one meeting of the first township rewritten as it is (a real UPDATE, seen by
    # the data versions; the data stays the same).
    meeting = Meeting.objects.filter(branch__township=townships.first()).values("pk")[:1]

    def write():
        Meeting.objects.filter(pk__in=meeting).update(topic=F("topic"))

    def clear():
        for cache in caches.all():
            cache.clear()

    def page():
        response = client.get(f"/county/?county={county}&year=2016")
        assert response.status_code == 200, response.status_code

    modes = {
        # every township computed: the comparison as it was before per-township versions,
        # and as it is after a write to the holiday calendar (every township's version)
        "cold": (clear, lambda: county_context(county, townships, 2016)),
        # what a reader waits for after anyone wrote anything: the whole page
        "page after a write": (write, page),
    }
    out = {"townships": townships.count()}
    for name, (before, measured) in modes.items():
        before()
        measured()  # warm-up: imports, connections, templates; fills the cache
        cpu, wall = [], []
        for _ in range(calls):
            before()
            c0, w0 = time.process_time(), time.perf_counter()
            measured()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        before()
        with CaptureQueriesContext(connection) as ctx:
            measured()
        out[name] = {"cpu": cpu, "wall": wall, "queries": len(ctx)}
    print(json.dumps(out))


MODES = ("cold", "page after a write")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,20")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--db-prefix", default="township_bench_")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--before", help="another checkout of the code to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.calls)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    codes = {"after": ROOT} if not args.before else {"before": Path(args.before), "after": ROOT}
    pairs = [(code, size) for size in sizes for code in codes]
    got = {pair: [] for pair in pairs}
    # The page is served as in production (DEBUG=0): the hashed static files' manifest.
    manage(bench_env(f"{args.pg}/{args.db_prefix}{sizes[0]}"), "collectstatic", "--noinput", "-v0")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    for round_ in range(args.rounds):
        for code, size in pairs if round_ % 2 == 0 else list(reversed(pairs)):
            print(f"round {round_ + 1}: {code}, {size} townships", file=sys.stderr, flush=True)
            env = bench_env(f"{args.pg}/{args.db_prefix}{size}")
            env["PYTHONPATH"] = str(codes[code])
            out = subprocess.run(
                [PYTHON, str(ROOT / "bench" / "county_uncached.py"), "--child"]
                + ["--calls", str(args.calls)],
                cwd=codes[code],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            got[(code, size)].append(json.loads(out.strip().splitlines()[-1]))
    load_after = os.getloadavg()[0]
    print(
        f"\n{started}; {args.rounds} interleaved rounds × {args.calls} calls; load average "
        f"{load_before:.1f} before, {load_after:.1f} after. ms; CPU of the Python process "
        "(PostgreSQL's own work is in the wall time only)."
    )
    print(
        "\n| code | mode | townships | queries | CPU median [round medians] | wall median "
        "[round medians] | CPU ratio | wall ratio |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for code in codes:
        for mode in MODES:
            base = None
            for size in sizes:
                runs = [r[mode] for r in got[(code, size)] if mode in r]
                if not runs:
                    continue
                cpu = statistics.median([c for r in runs for c in r["cpu"]])
                wall = statistics.median([w for r in runs for w in r["wall"]])
                cpu_rounds = [statistics.median(r["cpu"]) for r in runs]
                wall_rounds = [statistics.median(r["wall"]) for r in runs]
                base = base or (cpu, wall)
                queries = "/".join(str(q) for q in sorted({r["queries"] for r in runs}))
                print(
                    f"| {code} | {mode} | {got[(code, size)][0]['townships']} | {queries} | "
                    f"{cpu:.0f} [{min(cpu_rounds):.0f}–{max(cpu_rounds):.0f}] | {wall:.0f} "
                    f"[{min(wall_rounds):.0f}–{max(wall_rounds):.0f}] | "
                    f"{cpu / base[0]:.2f}× | {wall / base[1]:.2f}× |"
                )


if __name__ == "__main__":
    main()
