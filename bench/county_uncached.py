"""Benchmark: the county comparison uncached (the first /county/ after a write), CPU time,
at several sizes and, optionally, against another checkout of the code, interleaved.

    .venv/bin/python bench/county_uncached.py --sizes 1,20 --db-prefix perf20_bench_
    .venv/bin/python bench/county_uncached.py --sizes 1,20 --before /tmp/before  # A/B
    options: --rounds 3  --calls 5  --pg postgres://postgres@127.0.0.1:5432

Each database `<prefix>N` must exist (built by `load_demo --county N`; see README). A round
runs one child process per (code, size), the order alternating between rounds; a child calls
overview.county.county_context() (what /county/ computes when its cache is stale: every
figure of every township, no template) once to warm up, then --calls times, and reports each
call's CPU time (time.process_time of the Python process: the ORM, the driver, Python;
PostgreSQL's own work is not in it) and wall time, and the query count. Prints per code and
size the median CPU of all calls with the spread of the rounds' medians, and the ratios to
the smallest size. Asserts nothing.
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

from pages import PYTHON, bench_env  # noqa: E402


def child(calls: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from overview.county import county_context
    from township.models import Township

    county = Township.objects.values_list("county", flat=True).first()
    townships = Township.objects.filter(county=county).order_by("name")
    county_context(county, townships, 2016)  # warm-up: imports, connections
    cpu, wall = [], []
    for _ in range(calls):
        c0, w0 = time.process_time(), time.perf_counter()
        county_context(county, townships, 2016)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        county_context(county, townships, 2016)
    print(
        json.dumps({"cpu": cpu, "wall": wall, "queries": len(ctx), "townships": townships.count()})
    )


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
        f"{load_before:.1f} before, {load_after:.1f} after. county_context() uncached, ms."
    )
    print("\n| code | townships | queries | CPU median [round medians] | wall median | CPU ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    base = {}
    for code, size in sorted(pairs, key=lambda p: (list(codes).index(p[0]), p[1])):
        runs = got[(code, size)]
        cpu = statistics.median([c for r in runs for c in r["cpu"]])
        wall = statistics.median([w for r in runs for w in r["wall"]])
        rounds = [statistics.median(r["cpu"]) for r in runs]
        base.setdefault(code, cpu)
        queries = "/".join(str(q) for q in sorted({r["queries"] for r in runs}))
        print(
            f"| {code} | {runs[0]['townships']} | {queries} | {cpu:.0f} "
            f"[{min(rounds):.0f}–{max(rounds):.0f}] | {wall:.0f} | {cpu / base[code]:.2f}× |"
        )


if __name__ == "__main__":
    main()
