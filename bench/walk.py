"""Benchmark: every page for every role, at the county's small and large size, interleaved.

    DEMO_PASSWORD=... .venv/bin/python bench/walk.py --reuse                 # 1 and 20 townships
    .venv/bin/python bench/walk.py --reuse --only 'county|dashboard|export'  # a subset
    .venv/bin/python bench/walk.py --reuse --county-pages --sizes 1,20,100  # issue 20 item 5
    options: --sizes 1,20  --rounds 2  --repeat 2  --db-prefix township_bench_  --roles staff,…
             --pg postgres://postgres@127.0.0.1:5432  --json out.json

Any number of sizes: each is a database `<prefix>N` built by `load_demo --county N` when
missing (20 townships take minutes on a quiet machine; 100 about five times that), and the
table has a column pair and a ratio to the smallest for each. --county-pages walks only the
county department's pages (the county summary and PDF, the dashboards, the lists and exports
that span every township).

Walks the pages the way tests/test_query_walk.py does: every named URL of the permission
table (tests/<app>/routes.py), with the arguments its row gives, for every role whose row says
200 (staff zuzhi, leadership lingdao, the secretary of branch 1 shuji01, the secretary of
branch 2 shuji02), and the county department (xian) wherever it gets 200. The arguments are
built on the demo's first township (青山乡, the same at every size); a route whose arguments
need new rows is measured inside a transaction that is rolled back (the benchmark database is
left unchanged; caches keyed on the data version are then off for it), the others as
production serves them. Sessions are the only rows written.

Interleaved: each round runs one child process per size (the order alternating between
rounds), so a change of machine load hits both sizes alike. A page's figure is the median of
all its timed requests over the rounds; the spread is the lowest and highest of the rounds'
medians. The first request of each page in a child is a warm-up (its time is kept apart as
"first": the page before any cache, e.g. a PDF's first render). DEBUG=0, manifest static files, query
count from one more request under CaptureQueriesContext. Each timed request's wall time and
the child process's CPU time (time.process_time: Python, templates, PDF rendering, the
driver; not PostgreSQL's own work, which the query count and bench/explain.py cover) are
kept: under a loaded machine the CPU figure is the one that compares. Prints a table;
asserts nothing.
"""

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pages import PYTHON, bench_env, manage, prepare  # noqa: E402

ROLES = {
    "staff": "zuzhi",
    "leader": "lingdao",
    "secretary_a": "shuji01",
    "secretary_b": "shuji02",
    "county": "xian",
}


#: The pages the county department reads across every township (issue 20, items 4 and 5).
COUNTY_PAGES = (
    r"^(county|reports:county|home|dashboard|members:list|members:mobile|members:export"
    r"|branches:list|branches:compliance|branches:compliance-meetings-export)$"
)


def _world():
    """The permission table's `world`, from the demo's first township."""
    from types import SimpleNamespace

    from branches.models import Branch
    from members.models import Member
    from township.models import Role, Township, User

    township = Township.objects.order_by("pk").first()
    other = Township.objects.exclude(pk=township.pk).order_by("pk").first()
    users = {role: User.objects.get(username=name) for role, name in ROLES.items()}
    branch_a = Role.objects.get(user=users["secretary_a"], kind="secretary").branch
    branch_b = Role.objects.get(user=users["secretary_b"], kind="secretary").branch
    branch_x = Branch.objects.filter(township=other).order_by("pk").first() if other else None

    def first_member(branch):
        return Member.objects.filter(branch=branch).current().order_by("pk").first()

    return SimpleNamespace(
        township=township,
        other_township=other or township,
        branch_a=branch_a,
        branch_b=branch_b,
        branch_x=branch_x or branch_b,
        member_a=first_member(branch_a),
        member_b=first_member(branch_b),
        member_x=first_member(branch_x) if branch_x else first_member(branch_b),
        staff=users["staff"],
        leader=users["leader"],
        secretary_a=users["secretary_a"],
        secretary_b=users["secretary_b"],
        county=users["county"],
        nobody=users["staff"],  # not measured; no row is written to make one
        other_staff=User.objects.filter(username="t02zuzhi").first() or users["staff"],
    )


def _build(kwargs_of, base):
    """(the route's URL arguments, None), built in a savepoint on a copy of the world, or
    (None, the error) when its rows cannot be made on the demo."""
    from types import SimpleNamespace

    from django.db import transaction

    try:
        with transaction.atomic():
            return kwargs_of(SimpleNamespace(**vars(base))), None
    except Exception as error:  # noqa: BLE001 - returned to be reported, not hidden
        return None, error


def _demo_row(name: str, base) -> dict | None:
    """The URL arguments of one of the demo's own rows, for a route whose test rows collide
    with the demo's (the same measure number, letter, campaign or transfer number): its page
    is measured on that row instead. None when the demo has no such row."""
    from members.models import Campaign
    from plans.models import Measure, ResponsibilityLetter, Task
    from transfers.models import TransferOut

    rows = {
        "plans:task": lambda: Task.objects.filter(branch=base.branch_a),
        # The tests' task makes a measure whose number comes from a factory sequence: it
        # collides with the demo's measures or not, depending on the routes built before.
        "plans:tasks-new": lambda: Measure.objects.filter(plan__township=base.township),
        "plans:letter-edit": lambda: ResponsibilityLetter.objects.filter(branch=base.branch_a),
        "members:campaign": lambda: Campaign.objects.filter(township=base.township),
    }
    for page in ("transfers:out", "transfers:out-pdf", "transfers:out-docx"):
        rows[page] = lambda: TransferOut.objects.filter(township=base.township)
    row = rows[name]().order_by("pk").first() if name in rows else None
    return None if row is None else {"pk": row.pk}


def measure_child(repeat: int, only: str, roles: list[str]) -> None:
    """Runs in a child whose environment names one database; prints one JSON line."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from members.models import Member
    from tests.test_permission_matrix import ROUTES
    from township.models import Township

    out = {
        "townships": Township.objects.count(),
        "members": Member.objects.count(),
        "pages": {},
        "skipped": {},
        "demo_rows": [],
    }
    pattern = re.compile(only) if only else None

    def get(client, url):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    from township.dataversion import _pending

    base = _world()
    clients = {}
    for role in roles:
        clients[role] = Client()
        clients[role].force_login(
            getattr(base, role), backend="django.contrib.auth.backends.ModelBackend"
        )

    def walk(name, url, expected):
        for role in roles:
            if role != "county" and expected.get(role) != 200:
                continue
            client = clients[role]
            # The garbage of the pages before (a PDF's render leaves ~250,000 objects) is
            # collected here, not in this page's timed requests: a full collection took
            # 100-290 ms and landed on whichever page came next (a 22 ms list measured 69).
            gc.collect()
            start = time.perf_counter()
            response = get(client, url)
            first = time.perf_counter() - start
            if response.status_code != 200:
                continue  # the county role outside its pages
            times, cpus = [], []
            for _ in range(repeat):
                start, cpu = time.perf_counter(), time.process_time()
                get(client, url)
                times.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)
            with CaptureQueriesContext(connection) as ctx:
                get(client, url)
            out["pages"][f"{name} {role}"] = {
                "url": url,
                "first_ms": first * 1000,
                "times_ms": [t * 1000 for t in times],
                "cpu_ms": [t * 1000 for t in cpus],
                "queries": len(ctx.captured_queries),
                "kind": response["Content-Type"].split(";")[0],
            }

    for name, (kwargs_of, expected) in sorted(ROUTES.items()):
        if pattern and not pattern.search(name):
            continue
        # A route whose arguments need new rows (a decided round, a task…) is measured in a
        # transaction rolled back afterwards, so caches keyed on the data version are off
        # for it; the others are measured as production serves them (caches on).
        if not any(status in (200, 403) for status in expected.values()):
            continue  # a POST-only route (405): no page to read for any role
        with transaction.atomic():
            kwargs, error = _build(kwargs_of, base)
            if kwargs is None and "award_round" in str(error):
                # The awards routes open a 2017 round; the demo has one: build them again
                # without the demo's rounds of that township, in this transaction, which is
                # rolled back below.
                from awards.models import Nomination, Round

                rounds = Round.objects.filter(township=base.township)
                Nomination.objects.filter(round__in=rounds).delete()
                rounds.delete()
                kwargs, error = _build(kwargs_of, base)
            if kwargs is None:
                # The test routes' rows are made for the tests' small world; on the demo one
                # may break a rule (a number already taken): the demo's own row is measured
                # instead, and without one the route is listed as not walked.
                kwargs = _demo_row(name, base)
                if kwargs is None:
                    out["skipped"][name] = f"{type(error).__name__}: {error}"
                    transaction.set_rollback(True)
                    continue
                out["demo_rows"].append(name)
            url = reverse(name, kwargs=kwargs)
            wrote = _pending(connection)  # rows made for this route: caches off
            if wrote:
                walk(name, url, expected)
            transaction.set_rollback(True)
        if not wrote:
            walk(name, url, expected)
    print(json.dumps(out))


def run_child(pg, name, repeat, only, roles) -> dict:
    env = bench_env(f"{pg}/{name}")
    result = subprocess.run(
        [PYTHON, __file__, "--child", "--repeat", str(repeat), "--only", only, "--roles", roles],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    """{page: {"median", "low", "high", "first", "queries", "url", "kind"}} over the rounds."""
    pages = {}
    for run in runs:
        for page, row in run["pages"].items():
            got = pages.setdefault(
                page, {**row, "all": [], "cpu": [], "rounds": [], "first": [], "queries": set()}
            )
            got["all"] += row["times_ms"]
            got["cpu"] += row.get("cpu_ms", [])
            got["rounds"].append(statistics.median(row["times_ms"]))
            got["first"].append(row["first_ms"])
            got["queries"].add(row["queries"])
    for got in pages.values():
        got["median"] = statistics.median(got["all"])
        got["cpu_median"] = statistics.median(got["cpu"]) if got["cpu"] else float("nan")
        got["low"], got["high"] = min(got["rounds"]), max(got["rounds"])
        got["first"] = statistics.median(got["first"])
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="reuse databases already built")
    parser.add_argument("--sizes", default="1,20")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="timed requests a page a round")
    parser.add_argument("--only", default="", help="a regular expression on URL names")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--db-prefix", default="township_bench_")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--json", help="also write the summary here")
    parser.add_argument(
        "--county-pages",
        action="store_true",
        help="only the county role's pages (issue 20's 100-township bench: --sizes 1,20,100)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure_child(args.repeat, args.only, args.roles.split(","))
        return

    if args.county_pages:
        args.roles = "county"
        args.only = args.only or COUNTY_PAGES
    sizes = [int(s) for s in args.sizes.split(",")]
    manage(bench_env(f"{args.pg}/{args.db_prefix}{sizes[0]}"), "collectstatic", "--noinput", "-v0")
    for size in sizes:
        prepare(args.pg, f"{args.db_prefix}{size}", size, reuse=args.reuse)
    runs = {size: [] for size in sizes}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    for round_ in range(args.rounds):
        order = sizes if round_ % 2 == 0 else list(reversed(sizes))
        for size in order:
            print(f"round {round_ + 1}: {size} townships", file=sys.stderr, flush=True)
            runs[size].append(
                run_child(args.pg, f"{args.db_prefix}{size}", args.repeat, args.only, args.roles)
            )
    load_after = os.getloadavg()[0]
    summary = {size: summarise(runs[size]) for size in sizes}
    small, large = sizes[0], sizes[-1]
    print(
        f"\n{started}; {args.rounds} interleaved rounds × {args.repeat} timed requests a page; "
        f"load average {load_before:.1f} before, {load_after:.1f} after; "
        + " / ".join(str(runs[n][0]["townships"]) for n in sizes)
        + " townships, "
        + " / ".join(str(runs[n][0]["members"]) for n in sizes)
        + " members. Milliseconds: wall median [lowest–highest round median]; CPU: the "
        "Django process's CPU time (time.process_time), median; SQL runs in PostgreSQL "
        "and is not in it (the query count is)."
    )
    at = " | ".join(f"at {n} wall | at {n} CPU" for n in sizes)
    ratios = "".join(f" ratio {n}/{small} |" for n in sizes[1:])
    print(
        f"\n| page | role | queries {' / '.join(map(str, sizes))} | {at} |{ratios} "
        f"first at {large} |"
    )
    print("|---|---|---:|" + "---:|" * (2 * len(sizes) + len(sizes) - 1) + "---:|")
    slow = []
    for page in sorted(set().union(*(summary[n] for n in sizes))):
        rows = [summary[n].get(page) for n in sizes]
        if not all(rows):
            continue
        name, role = page.rsplit(" ", 1)
        queries = " / ".join("/".join(map(str, sorted(r["queries"]))) for r in rows)
        cells = []
        for r in rows:
            cells.append(f"{r['median']:.0f} [{r['low']:.0f}–{r['high']:.0f}]")
            cells.append(f"{r['cpu_median']:.0f}")
        base = rows[0]["median"]
        ratio_cells = [f"{r['median'] / base:.2f}×" if base else "–" for r in rows[1:]]
        if rows[-1]["median"] > 500:
            slow.append(page)
            cells[-2] += " **>500 ms**"
        print(
            f"| {name} | {role} | {queries} | {' | '.join(cells)} |"
            + "".join(f" {r} |" for r in ratio_cells)
            + f" {rows[-1]['first']:.0f} |"
        )
    print(f"\nOver 500 ms at {large}: {', '.join(slow) if slow else 'none'}")
    demo_rows = sorted({name for run in runs[small] for name in run.get("demo_rows", [])})
    if demo_rows:
        print(f"Measured on the demo's own row (the tests' rows collide): {', '.join(demo_rows)}")
    skipped = {name: why for run in runs[small] for name, why in run.get("skipped", {}).items()}
    for name, why in sorted(skipped.items()):
        print(f"Not walked: {name} (its arguments could not be built on the demo: {why})")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    str(k): {p: {**v, "queries": sorted(v["queries"])} for p, v in s.items()}
                    for k, s in summary.items()
                },
                ensure_ascii=False,
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
