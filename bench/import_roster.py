"""Benchmark: import 10,000 generated roster rows.

    .venv/bin/python bench/import_roster.py [ROWS]

Runs on a fresh SQLite database in a temporary folder (your db.sqlite3 is not touched).
Prints the time and the peak Python memory (tracemalloc) of the real import (parse, validate
every row with Member.full_clean(), bulk create with history) beside a baseline of plain
openpyxl reading plus Member.objects.bulk_create of the same rows, and the process's peak
resident memory at the end.
"""

import datetime
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-roster-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "township.settings")
os.environ.setdefault("TOWNSHIP_TODAY", "2016-12-20")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def build_sheet(branch_names: list[str]) -> bytes:
    import openpyxl

    from members.roster import ROSTER_SPEC
    from township.demo_data import make_id_number

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("党员花名册")
    sheet.append(["青山乡党员花名册（基准测试）"])
    sheet.append([c.header for c in ROSTER_SPEC])
    first = datetime.date(1950, 1, 1)
    for i in range(ROWS):
        birth = first + datetime.timedelta(days=i)
        gender = "M" if i % 3 else "F"
        joined = birth.replace(year=birth.year + 25, day=1)
        sheet.append(
            [
                f"党员{i}",
                "男" if gender == "M" else "女",
                "汉族",
                make_id_number(birth, gender, i),
                birth,
                "高中",
                "农牧渔民",
                branch_names[i % len(branch_names)],
                joined,
                joined.replace(year=joined.year + 1),
                "村民",
                f"138{i:08d}",
                f"青山乡{i % 12}村{i % 7}组",
                "正常",
                "否",
                None,
                "否",
                "",
                None,
                None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def baseline(data: bytes, township) -> int:
    """openpyxl reading + bulk_create, no validation, no history: the floor."""
    import openpyxl

    from members.models import Member
    from members.roster import CATEGORY_LABELS, EDUCATION_LABELS

    branches = dict(township.branches.values_list("name", "pk"))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(min_row=3, values_only=True)
    members = []
    for r in rows:
        members.append(
            Member(
                name=r[0],
                gender="M" if r[1] == "男" else "F",
                ethnicity=r[2],
                id_number=r[3],
                birth_date=r[4].date(),
                education=EDUCATION_LABELS[r[5]],
                category=CATEGORY_LABELS[r[6]],
                branch_id=branches[r[7]],
                joined_on=r[8].date(),
                full_member_on=r[9].date(),
                job=r[10],
                phone=r[11],
                address=r[12],
            )
        )
    book.close()
    Member.objects.bulk_create(members, batch_size=500)
    return len(members)


def ours(data: bytes, township) -> int:
    from members.roster import import_roster

    report = import_roster(data=data, township=township, dry_run=False)
    assert report.ok and report.written, (report.file_error, report.problems[:5])
    return report.new


def reset():
    from members.models import Member

    Member.history.all().delete()
    Member.objects.all().delete()


def measure(label, func, data, township, *, memory: bool):
    """(rows, wall seconds, CPU seconds of this process, peak MB when memory)."""
    reset()
    if memory:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    n = func(data, township)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = 0
    if memory:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return n, elapsed, cpu, peak / 1024 / 1024


def main():
    from branches.models import Branch
    from township.models import Township

    call_command("migrate", verbosity=0)
    township = Township.objects.create(
        name="青山乡", county="云溪县", committee_name="中共青山乡委员会"
    )
    names = []
    for i in range(12):
        b = Branch.objects.create(
            township=township,
            name=f"第{i}村党支部",
            short_name=f"第{i}村",
            kind="village",
            position=i,
        )
        names.append(b.name)
    data = build_sheet(names)
    print(f"{ROWS} rows, file {len(data) / 1024 / 1024:.1f} MB, database {TMP}")
    # Interleaved rounds (baseline, ours, baseline, ours…): machine load hits both alike.
    # CPU time (process_time) is the figure compared; wall time is shown beside it.
    rounds = int(os.environ.get("ROUNDS", "3"))
    runs = {"baseline (openpyxl + bulk_create)": (baseline, []), "import_roster": (ours, [])}
    for _ in range(rounds):
        for label, (func, got) in runs.items():
            got.append(measure(label, func, data, township, memory=False))
    cpu = {}
    for label, (func, got) in runs.items():
        n = got[0][0]
        walls, cpus = [g[1] for g in got], [g[2] for g in got]
        _, _, _, peak = measure(label, func, data, township, memory=True)
        cpu[label] = statistics.median(cpus)
        print(
            f"{label:36s} {n:6d} rows  CPU {cpu[label]:6.2f} s [{min(cpus):.2f}–{max(cpus):.2f}]"
            f"  wall {statistics.median(walls):6.2f} s  peak {peak:7.1f} MB (tracemalloc)"
        )
    base, ours_cpu = cpu.values()
    print(f"ratio (CPU, medians of {rounds} interleaved rounds): {ours_cpu / base:.2f}x")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
