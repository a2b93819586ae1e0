"""EXPLAIN (ANALYZE, BUFFERS) of the queries the main pages make, on PostgreSQL.

    .venv/bin/python bench/explain.py                 # the 20-township database, key plans
    .venv/bin/python bench/explain.py --all           # every SELECT's plan
    .venv/bin/python bench/explain.py --db township_bench_1

Run bench/pages.py first (it builds township_bench_20). The script requests each page of
bench/pages.py once as its user (test Client, force_login) under CaptureQueriesContext, then
runs EXPLAIN (ANALYZE, BUFFERS) on every SELECT it made, in a transaction rolled back at the
end. Per page it prints one line per query (execution time, the largest table it reads with
a sequential scan) and the full plan of the "key" queries: those that read a large table
(--large rows or more, from pg_class after ANALYZE) with a sequential scan, and the page's
slowest query. A sequential scan of a small table is normal (PostgreSQL prefers it); one of a
large table filtered down to a few rows is what an index fixes.
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="township_bench_20")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--all", action="store_true", help="print every query's plan")
    parser.add_argument("--large", type=int, default=4000, help="rows that make a table large")
    parser.add_argument("--page", help="only pages whose label contains this")
    args = parser.parse_args()

    from pages import PAGES, bench_env

    os.environ.update(bench_env(f"{args.pg}/{args.db}"))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from township.models import Township, User

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        rows = dict(cursor.fetchall())
    print(f"database {args.db}; largest tables (rows):")
    for name, n in sorted(rows.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {name:45s} {n:>9d}")

    township = Township.objects.order_by("pk").first()
    seq = re.compile(r"Seq Scan on (\w+)")
    for label, username, url_t, _goal in PAGES:
        if args.page and args.page not in label:
            continue
        url = url_t.format(tid=township.pk)
        client = Client()
        client.force_login(
            User.objects.get(username=username),
            backend="django.contrib.auth.backends.ModelBackend",
        )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        print(f"\n=== {label}: {url} as {username}: {len(ctx.captured_queries)} queries")
        plans = []
        with transaction.atomic(), connection.cursor() as cursor:
            for i, q in enumerate(ctx.captured_queries, 1):
                sql = q["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    print(f"  #{i:<3d} (not a SELECT) {sql[:90]}")
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(r[0] for r in cursor.fetchall())
                ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
                scanned = [t for t in seq.findall(plan) if rows.get(t, 0) >= args.large]
                plans.append((i, sql, plan, ms, scanned))
            transaction.set_rollback(True)
        slowest = max(plans, key=lambda p: p[3])[0] if plans else None
        flagged = sum(1 for p in plans if p[4])
        print(
            f"  database execution time, all SELECTs: {sum(p[3] for p in plans):.2f} ms; "
            f"queries with a sequential scan of a large table: {flagged}"
        )
        for i, sql, _plan, ms, scanned in plans:
            flag = f"SEQ SCAN of large {', '.join(sorted(set(scanned)))}" if scanned else ""
            print(f"  #{i:<3d} {ms:8.2f} ms  {flag:45s} {sql[:70]}")
        for i, sql, plan, ms, scanned in plans:
            if args.all or scanned or i == slowest:
                print(f"\n--- {label} #{i} ({ms:.2f} ms)\n{sql}\n{plan}")


if __name__ == "__main__":
    main()
