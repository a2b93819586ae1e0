"""补录 per branch for a year: the late entries (township/late.py) of every kind of dated
record, for the dashboard and the annual report (issue 13 item 2).

Usage in a template (the dashboard includes township/_late_entries.html):
    late = late_entries_by_branch(branches, year)   # 1 query per kind of record
    {% include "township/_late_entries.html" with late=late year=year %}
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from branches.models import Branch, Meeting
from finance.models import Disclosure, Handover
from members.models import Appraisal, ContactLog
from plans.models import TaskUpdate
from township.late import annotate_entered_on, late_days, late_q


@dataclass
class LateEntry:
    """One late entry as listed: its record, what it is, the event date, and a link."""

    record: object
    kind: str
    label: str
    url: str

    @property
    def confirmed(self) -> bool:
        return self.record.late_confirmed


@dataclass
class BranchLateEntries:
    branch: Branch | None  # None: the township office's own tasks
    entries: list[LateEntry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def confirmed(self) -> int:
        return sum(1 for e in self.entries if e.confirmed)

    @property
    def unconfirmed(self) -> int:
        return self.total - self.confirmed


def late_meetings(branches, year: int):
    """Recorded meetings of the year entered late, oldest first."""
    meetings = Meeting.objects.filter(
        branch__in=branches, status=Meeting.Status.RECORDED, date__year=year
    )
    return (
        annotate_entered_on(meetings)
        .filter(late_q("date"))
        .select_related("branch", "late_confirmed_by")
        .order_by("date", "pk")
    )


def late_task_updates(branches, year: int, township=None):
    """Progress reports dated in the year and entered late; with `township`, the township
    office's tasks (no branch) are included."""
    scope = Q(task__branch__in=branches)
    if township is not None:
        scope |= Q(task__branch__isnull=True, task__measure__plan__township=township)
    updates = TaskUpdate.objects.filter(scope, on__year=year)
    return (
        annotate_entered_on(updates)
        .filter(late_q("on"))
        .select_related("task", "task__branch", "late_confirmed_by")
        .order_by("on", "pk")
    )


def _late(queryset, event_field: str, *related: str):
    return (
        annotate_entered_on(queryset)
        .filter(late_q(event_field))
        .select_related("late_confirmed_by", *related)
        .order_by(event_field, "pk")
    )


def late_disclosures(branches, year: int):
    disclosures = Disclosure.objects.filter(finance__branch__in=branches, posted_on__year=year)
    return _late(disclosures, "posted_on", "finance__branch")


def late_handovers(branches, year: int):
    handovers = Handover.objects.filter(finance__branch__in=branches, handed_on__year=year)
    return _late(handovers, "handed_on", "finance__branch")


def late_contacts(branches, year: int):
    contacts = ContactLog.objects.filter(member__branch__in=branches, date__year=year)
    return _late(contacts, "date", "member__branch")


def late_appraisals(branches, year: int):
    """An appraisal happens at its year's end (Appraisal.event_date): it belongs to that
    year's list, late when entered more than LATE_ENTRY_DAYS after 31 December."""
    limit = datetime.date(year, 12, 31) + datetime.timedelta(days=late_days())
    return (
        annotate_entered_on(Appraisal.objects.filter(branch__in=branches, year=year))
        .filter(entered_on__gt=limit)
        .select_related("late_confirmed_by", "branch", "member")
        .order_by("branch__position", "member__joined_on", "pk")
    )


@dataclass(frozen=True)
class LateKind:
    """One kind of dated record: its late records of a year (one query), and for each
    record the branch it is listed under, its label and its link."""

    name: str
    records: Callable  # (branches, year, township) -> the late records, in listing order
    branch: Callable
    label: Callable
    url: Callable


#: Every kind of record a late entry can be, in the order the list shows them.
KINDS = (
    LateKind(
        "meeting",
        lambda branches, year, township: late_meetings(branches, year),
        lambda m: m.branch,
        lambda m: f"{m.date:%Y-%m-%d} {m.get_kind_display()}",
        lambda m: reverse("branches:meeting-detail", args=[m.pk]),
    ),
    LateKind(
        "task_update",
        late_task_updates,
        lambda u: u.task.branch,
        lambda u: f"{u.on:%Y-%m-%d} {u.task.title}",
        lambda u: reverse("plans:task", args=[u.task_id]),
    ),
    LateKind(
        "disclosure",
        lambda branches, year, township: late_disclosures(branches, year),
        lambda d: d.finance.branch,
        lambda d: f"{d.posted_on:%Y-%m-%d} {d.get_kind_display()} {d.period_label}",
        lambda d: reverse("finance:detail", args=[d.finance_id]),
    ),
    LateKind(
        "handover",
        lambda branches, year, township: late_handovers(branches, year),
        lambda h: h.finance.branch,
        lambda h: f"{h.handed_on:%Y-%m-%d} {Handover._meta.verbose_name}",
        lambda h: reverse("finance:detail", args=[h.finance_id]),
    ),
    LateKind(
        "contact",
        lambda branches, year, township: late_contacts(branches, year),
        lambda c: c.member.branch,
        lambda c: f"{c.date:%Y-%m-%d} {ContactLog._meta.verbose_name} {c.member.name}",
        lambda c: reverse("members:detail", args=[c.member_id]),
    ),
    LateKind(
        "appraisal",
        lambda branches, year, township: late_appraisals(branches, year),
        lambda a: a.branch,
        lambda a: f"{a.year} {Appraisal._meta.verbose_name} {a.member.name}",
        lambda a: reverse("members:appraisals", args=[a.branch_id]) + f"?year={a.year}",
    ),
)


def late_entries_by_branch(branches, year: int, township=None) -> list[BranchLateEntries]:
    """The branches with late entries in `year`, in branch order, each with its entries
    (meetings, progress updates, disclosures, handovers, contacts with mobile members,
    民主评议 appraisals); one query per kind of record, whatever the number of rows."""
    rows: dict[int | None, BranchLateEntries] = {}
    order = {b.pk: i for i, b in enumerate(branches)}
    for kind in KINDS:
        for record in kind.records(branches, year, township):
            branch = kind.branch(record)
            key = branch.pk if branch is not None else None
            if key not in rows:
                rows[key] = BranchLateEntries(branch)
            rows[key].entries.append(
                LateEntry(record, kind.name, kind.label(record), kind.url(record))
            )
    return sorted(
        rows.values(),
        key=lambda r: order.get(r.branch.pk, len(order)) if r.branch else len(order) + 1,
    )


def unconfirmed_late_entries(rows: list[BranchLateEntries]) -> list[BranchLateEntries]:
    """The same rows keeping only the entries staff have not yet confirmed."""
    kept = [
        BranchLateEntries(row.branch, [e for e in row.entries if not e.confirmed]) for row in rows
    ]
    return [row for row in kept if row.entries]
