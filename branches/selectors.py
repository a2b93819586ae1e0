"""Reads about branches that the branch pages, the dashboard and the reports share."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from township.dates import today
from township.figures import percent
from township.late import annotate_entered_on, late_q

from .models import (
    COMMITTEE_FROM_FULL_MEMBERS,
    COMMITTEE_MAX,
    COMMITTEE_USUAL_MAX,
    LARGE_BRANCH_MEMBERS,
    MAX_MEMBERS,
    MIN_FULL_MEMBERS,
    Branch,
    BranchGrade,
    CommitteePosition,
)


def _count(model, filters: Q) -> Coalesce:
    """A correlated COUNT subquery: unlike joins, several of them do not multiply."""
    sub = (
        model.objects.filter(filters, branch=OuterRef("pk"))
        .order_by()
        .values("branch")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def branches_with_figures(branches: QuerySet[Branch]) -> QuerySet[Branch]:
    """Branches annotated with what the rule checks and the branch list need."""
    from members.models import Member

    day = today()
    current = Q(left_on__isnull=True)
    return branches.select_related("township").annotate(
        member_count=_count(Member, current),
        full_count=_count(Member, current & Q(full_member_on__isnull=False)),
        committee_count=_count(CommitteePosition, current),
        secretary_count=_count(CommitteePosition, current & Q(position="secretary")),
        expired_terms=_count(CommitteePosition, current & Q(term_end__lt=day)),
    )


def rule_warnings(branch: Branch) -> list[str]:
    """DOMAIN.md's set-up rules as warnings for staff; they never block data entry.

    Needs a branch from branches_with_figures()."""
    warnings = []
    if not branch.is_joint and branch.full_count < MIN_FULL_MEMBERS:
        warnings.append(
            _("Fewer than %(n)s full members: should join a joint branch.")
            % {"n": MIN_FULL_MEMBERS}
        )
    if branch.is_joint and branch.full_count < MIN_FULL_MEMBERS:
        warnings.append(
            _("A joint branch too needs at least %(n)s full members.") % {"n": MIN_FULL_MEMBERS}
        )
    if branch.member_count > MAX_MEMBERS:
        warnings.append(_("More than %(n)s members.") % {"n": MAX_MEMBERS})
    if branch.full_count >= COMMITTEE_FROM_FULL_MEMBERS and branch.committee_count < 3:
        warnings.append(
            _("%(n)s or more full members but no committee of 3 to 5.")
            % {"n": COMMITTEE_FROM_FULL_MEMBERS}
        )
    largest = COMMITTEE_MAX if branch.member_count >= LARGE_BRANCH_MEMBERS else COMMITTEE_USUAL_MAX
    if branch.committee_count > largest:
        warnings.append(
            _(
                "A committee of %(n)s: the rules allow 3 to %(usual)s, at most %(max)s for a "
                "branch of %(large)s or more members."
            )
            % {
                "n": branch.committee_count,
                "usual": COMMITTEE_USUAL_MAX,
                "max": COMMITTEE_MAX,
                "large": LARGE_BRANCH_MEMBERS,
            }
        )
    if branch.expired_terms:
        warnings.append(_("The committee's term has ended: an election is due."))
    if not branch.secretary_count:
        warnings.append(_("The secretary post is vacant."))
    return warnings


@dataclass(frozen=True)
class GradeRow:
    key: str
    label: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class GradeDistribution:
    year: int
    total: int
    rows: list[GradeRow]
    weak: GradeRow


def grade_distribution(branches: QuerySet[Branch], year: int) -> GradeDistribution:
    """Counts and percentages of each grade in `year`, and of weak-and-lax branches.

    One query. The 2016 demo gives 好 2 (16.7%), 较好 9 (75.0%), 软弱涣散 1 (8.3%)."""
    grades = BranchGrade.objects.filter(branch__in=branches, year=year)
    aggregates = {f"n_{key}": Count("pk", filter=Q(grade=key)) for key in BranchGrade.Grade.values}
    figures = grades.aggregate(
        total=Count("pk"), weak=Count("pk", filter=Q(weak_and_lax=True)), **aggregates
    )
    total = figures["total"]
    rows = [
        GradeRow(key, label, figures[f"n_{key}"], percent(figures[f"n_{key}"], total))
        for key, label in BranchGrade.Grade.choices
    ]
    weak = GradeRow("weak", _("weak and lax"), figures["weak"], percent(figures["weak"], total))
    return GradeDistribution(year, total, rows, weak)


def graded_years(branches: QuerySet[Branch]) -> list[int]:
    return list(
        BranchGrade.objects.filter(branch__in=branches)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- Organisational life -------------------------------------------------------------


def meeting_years(branches, *, year: int | None = None) -> list[int]:
    """The years with recorded meetings of the branches, newest first, for year menus
    (plus `year`, the one shown, so the menu can show it selected). One query."""
    from django.db.models.functions import ExtractYear

    from .models import Meeting

    years = set(
        Meeting.objects.filter(branch__in=branches, status=Meeting.Status.RECORDED)
        .annotate(y=ExtractYear("date"))
        .order_by()
        .values_list("y", flat=True)
        .distinct()
    )
    if year is not None:
        years.add(year)
    return sorted(years, reverse=True)


QUARTER_MONTHS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}


def _attendance_count(filters: Q) -> Coalesce:
    from .models import Attendance

    sub = (
        Attendance.objects.filter(filters, meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def meetings_with_attendance(meetings: QuerySet) -> QuerySet:
    """Meetings with their attendance counted (one query however many rows): the quorum of
    a members' meeting counts the voting (full) members present."""
    return annotate_entered_on(
        meetings.select_related(
            "branch", "host", "recorder", "party_group", "late_confirmed_by"
        ).annotate(
            present_count=_attendance_count(Q(present=True)),
            absent_count=_attendance_count(Q(present=False)),
            voting_total=_attendance_count(Q(voting=True)),
            voting_present=_attendance_count(Q(voting=True, present=True)),
        )
    )


def valid_meetings(meetings: QuerySet) -> QuerySet:
    """Recorded meetings that count as held: a kind deciding by vote below quorum (more than
    half of the voting members present) is recorded but does not count (DOMAIN.md).

    One subquery per meeting of a voting kind: the voting members present minus those
    absent, which is above 0 exactly when more than half are present (none recorded: 0, no
    quorum). Counting the two apart took two subqueries a meeting: half the county's
    organisational-life tally (issue 20)."""
    from django.db.models import Case, Sum, When

    from .models import Attendance, Meeting

    margin = (
        Attendance.objects.filter(meeting=OuterRef("pk"), voting=True)
        .order_by()
        .values("meeting")
        .annotate(m=Sum(Case(When(present=True, then=Value(1)), default=Value(-1))))
        .values("m")
    )
    return (
        meetings.filter(status=Meeting.Status.RECORDED)
        .annotate(q_majority=Coalesce(Subquery(margin, output_field=IntegerField()), Value(0)))
        .exclude(Q(kind__in=Meeting.VOTING_KINDS) & Q(q_majority__lte=0))
    )


def quorum_of(meeting) -> bool | None:
    """True/False for a recorded members' meeting (annotated), None where it does not apply."""
    if not (meeting.needs_quorum and meeting.is_recorded):
        return None
    return meeting.quorate(meeting.voting_total, meeting.voting_present)


@dataclass
class KindCompliance:
    kind: str
    label: str
    frequency: str
    required: int
    held: int
    missed: list[str]
    pending: int
    #: Of `held`: entered late (补录), and of those confirmed by staff.
    late: int = 0
    late_confirmed: int = 0
    #: 党小组会 of a branch with Party groups: one row per group (branches/groups.py); the
    #: kind is met only when every group is. None for every other kind or branch.
    groups: list | None = None

    @property
    def groups_ok(self) -> int:
        return sum(1 for g in self.groups or [] if g.ok)

    @property
    def groups_summary(self) -> str:
        """ "2/3 个党小组按要求"."""
        if not self.groups:
            return ""
        return _("%(ok)s/%(n)s Party groups as required") % {
            "ok": self.groups_ok,
            "n": len(self.groups),
        }

    @property
    def groups_detail(self) -> str:
        """Each group's count: "第一党小组 12/12、第二党小组 1/12"."""
        return "、".join(str(g) for g in self.groups or [])

    @property
    def on_time(self) -> int:
        return self.held - self.late

    @property
    def ok(self) -> bool:
        return not self.missed

    @property
    def state(self) -> str:
        """The one word (township/states.py): 未开展 when a period ended with nothing valid
        held, 待开展 while nothing is due yet, 按期推进 while periods are still open, 已完成
        when every period is held. Never a tick for nothing held."""
        from township.states import State

        if not self.required:
            return ""
        if self.missed:
            return State.NOT_HELD
        if self.pending == self.required:
            return State.PENDING
        if self.pending:
            return State.ON_TRACK
        return State.DONE


@dataclass
class BranchCompliance:
    branch: Branch
    kinds: list[KindCompliance]

    @property
    def missed(self) -> list[KindCompliance]:
        return [k for k in self.kinds if k.missed]


def _slots(frequency: str, year: int, quarter: int | None):
    """The periods a requirement covers within the year or quarter: (label, months, end)."""
    import calendar
    import datetime

    months = QUARTER_MONTHS[quarter] if quarter else tuple(range(1, 13))

    def end_of(month: int) -> datetime.date:
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    if frequency == "month":
        return [(_("%(m)s month") % {"m": m}, (m,), end_of(m)) for m in months]
    if frequency == "quarter":
        quarters = [quarter] if quarter else [1, 2, 3, 4]
        return [
            (_("quarter %(q)s") % {"q": q}, QUARTER_MONTHS[q], end_of(QUARTER_MONTHS[q][-1]))
            for q in quarters
        ]
    # Yearly meetings fall due at the year's end: a quarter view shows them in Q4 only.
    if quarter and quarter != 4:
        return []
    return [(_("the year"), tuple(range(1, 13)), end_of(12))]


def org_life_compliance(
    branches: Iterable[Branch], year: int, quarter: int | None = None
) -> list[BranchCompliance]:
    """Each branch's recorded meetings against settings.ORG_LIFE_FREQUENCIES for a year or
    one quarter of it. A period still running without its meeting is pending, not missed.

    党小组会 of a branch with Party groups is counted per group (branches/groups.py): each
    group owes the periods itself, and a period a group missed is missed as "group: period".

    Three queries whatever the number of branches."""
    from django.conf import settings
    from django.db.models.functions import ExtractMonth

    from .groups import group_rows, groups_in_year
    from .models import Meeting

    branch_list = list(branches)
    held: dict[tuple[int, str], dict[int, int]] = {}
    group_held: dict[int, set[int]] = {}
    late: dict[tuple[int, str], dict[int, tuple[int, int]]] = {}
    meetings = valid_meetings(
        Meeting.objects.filter(branch__in=[b.pk for b in branch_list], date__year=year)
    )
    late_filter = late_q("date")
    rows = (
        annotate_entered_on(meetings)
        .annotate(month=ExtractMonth("date"))
        .order_by()
        .values("branch_id", "kind", "month", "party_group_id")
        .annotate(
            n=Count("pk"),
            n_late=Count("pk", filter=late_filter),
            n_confirmed=Count("pk", filter=late_filter & Q(late_confirmed_at__isnull=False)),
        )
        .values_list("branch_id", "kind", "month", "party_group_id", "n", "n_late", "n_confirmed")
    )
    for branch_id, kind, month, group_id, n, n_late, n_confirmed in rows:
        by_month = held.setdefault((branch_id, kind), {})
        by_month[month] = by_month.get(month, 0) + n
        late_by_month = late.setdefault((branch_id, kind), {})
        was_late, was_confirmed = late_by_month.get(month, (0, 0))
        late_by_month[month] = (was_late + n_late, was_confirmed + n_confirmed)
        if group_id is not None and kind == Meeting.Kind.GROUP:
            group_held.setdefault(group_id, set()).add(month)
    groups = groups_in_year([b.pk for b in branch_list], year)
    frequencies = settings.ORG_LIFE_FREQUENCIES
    day = today()
    window = QUARTER_MONTHS[quarter] if quarter else range(1, 13)
    # The periods (and their translated labels) are the same for every branch: work them out
    # once, not per branch — the county compares hundreds of branches.
    required = []
    for kind, label in Meeting.Kind.choices:
        frequency = frequencies.get(kind)
        slots = _slots(frequency, year, quarter) if frequency else []
        if slots:
            slots = [(str(slot_label), frozenset(months), end) for slot_label, months, end in slots]
            required.append((kind, str(label), frequency, slots))
    window = frozenset(window)
    result = []
    for branch in branch_list:
        kinds = []
        for kind, label, frequency, slots in required:
            months_held = held.get((branch.pk, kind), {})
            months_late = late.get((branch.pk, kind), {})
            held_in = months_held.keys()  # months with at least one meeting
            missed, pending, per_group = [], 0, None
            if kind == Meeting.Kind.GROUP and groups.get(branch.pk):
                per_group = group_rows(groups[branch.pk], group_held, slots, day)
                missed = [f"{g.group.name}{m}" for g in per_group for m in g.missed]
                pending = max(g.pending for g in per_group)
            for slot_label, months, end in [] if per_group else slots:
                if not months.isdisjoint(held_in):
                    continue
                if end < day:
                    missed.append(slot_label)
                else:
                    pending += 1
            kinds.append(
                KindCompliance(
                    kind=kind,
                    label=label,
                    frequency=frequency,
                    required=len(slots),
                    held=sum(n for m, n in months_held.items() if m in window),
                    missed=missed,
                    pending=pending,
                    late=sum(n for m, (n, _c) in months_late.items() if m in window),
                    late_confirmed=sum(c for m, (_n, c) in months_late.items() if m in window),
                    groups=per_group,
                )
            )
        result.append(BranchCompliance(branch, kinds))
    return result


@dataclass(frozen=True)
class OrgLifeTally:
    """One branch's organisational life for a year as numbers only: the periods owed (every
    kind; a branch with Party groups owes its 党小组会 periods once, as on the branch page),
    missed and still pending. The totals org_life_compliance() gives, counted in the
    database."""

    township_id: int
    required: int
    missed: int
    pending: int

    @property
    def held(self) -> int:
        return self.required - self.missed - self.pending


def org_life_tally(
    branches: QuerySet[Branch], year: int, quarter: int | None = None
) -> dict[int, OrgLifeTally]:
    """{branch id: OrgLifeTally} for `branches` in `year` (or one `quarter` of it, as
    org_life_compliance() counts a quarter), by org_life_compliance()'s rule
    (one rule: a meeting counts as held when valid_meetings() keeps it; a period is held
    when a meeting of its kind fell in one of its months; a period still running is pending,
    never missed; 党小组会 of a branch with Party groups are owed per group, by
    branches/groups.py).

    Every branch owes the same periods, so the database only counts, per branch, the
    distinct periods held among those elapsed and those still running: one row per branch,
    no meeting reaches Python (issue 20 item 4: the county compares ~12,000 meetings). Four
    queries, whatever the number of branches and whether they have Party groups."""
    from django.conf import settings
    from django.db.models import Case, F, When
    from django.db.models.functions import Cast, ExtractMonth

    from .groups import group_rows, groups_in_year
    from .models import Meeting

    day = today()
    branch_rows = list(branches.order_by().values_list("pk", "township_id"))
    # The branches as a subquery, not a list of ids: the county passes a thousand, as many
    # parameters to prepare in each query (issue 20).
    scope = branches.order_by().values("pk")
    groups = groups_in_year(scope, year, details=False)
    # The periods split the months they cover into equal runs aligned on January (a month,
    # a quarter, the year), so a meeting's period is (month - 1) // size, and the elapsed
    # periods are those up to a month: one condition per kind, not one per period (the
    # query is built for every secretary's home page; issue 20). 党小组会 are counted
    # apart: a branch with groups owes them per group (below), the others as any kind.
    month = Cast(ExtractMonth("date"), IntegerField())
    # {(group kind or not, elapsed or not): [When(kind and months, then=the period's code)]}
    whens: dict[tuple[bool, bool], list] = {
        (is_group, is_elapsed): [] for is_group in (False, True) for is_elapsed in (False, True)
    }
    group_slots = []
    required = elapsed = running = elapsed_group = running_group = 0
    for kind_index, (kind, _label) in enumerate(Meeting.Kind.choices):
        frequency = settings.ORG_LIFE_FREQUENCIES.get(kind)
        slots = _slots(frequency, year, quarter) if frequency else []
        if not slots:
            continue
        is_group = kind == Meeting.Kind.GROUP
        size, first = len(slots[0][1]), slots[0][1][0]
        if (first - 1) % size or any(
            months != tuple(range(first + i * size, first + (i + 1) * size))
            for i, (_l, months, _e) in enumerate(slots)
        ):
            raise ValueError(f"periods of {frequency!r} are not aligned runs of months")
        n_elapsed = sum(1 for _l, _m, end in slots if end < day)
        required += len(slots)
        elapsed += n_elapsed
        running += len(slots) - n_elapsed
        if is_group:
            group_slots = [(str(label), frozenset(months), end) for label, months, end in slots]
            elapsed_group, running_group = n_elapsed, len(slots) - n_elapsed
        code = Value(kind_index * 100) + (F("month") - 1) / size
        last_elapsed = first + n_elapsed * size - 1  # the last month of the elapsed periods
        last = first + len(slots) * size - 1
        if n_elapsed:
            whens[(is_group, True)].append(
                When(Q(kind=kind, month__gte=first, month__lte=last_elapsed), then=code)
            )
        if n_elapsed < len(slots):
            whens[(is_group, False)].append(
                When(Q(kind=kind, month__gt=last_elapsed, month__lte=last), then=code)
            )

    def slot_of(conditions: list):
        """The period code of a meeting meeting one of `conditions`, else NULL."""
        if not conditions:
            return Value(None, output_field=IntegerField())
        return Case(*conditions, output_field=IntegerField())

    # branch id: periods held (elapsed, running) of the other kinds, then of 党小组会
    held: dict[int, tuple[int, int, int, int]] = {}
    if required:
        per_branch = (
            valid_meetings(Meeting.objects.filter(branch_id__in=scope, date__year=year))
            .annotate(month=month)
            .annotate(
                slot_elapsed=slot_of(whens[(False, True)]),
                slot_running=slot_of(whens[(False, False)]),
                group_elapsed=slot_of(whens[(True, True)]),
                group_running=slot_of(whens[(True, False)]),
            )
            .order_by()
            .values("branch_id")
            .annotate(
                n_elapsed=Count("slot_elapsed", distinct=True),
                n_running=Count("slot_running", distinct=True),
                n_group_elapsed=Count("group_elapsed", distinct=True),
                n_group_running=Count("group_running", distinct=True),
            )
            .values_list(
                "branch_id", "n_elapsed", "n_running", "n_group_elapsed", "n_group_running"
            )
        )
        held = {branch_id: tuple(counts) for branch_id, *counts in per_branch}
    # Per branch with groups: each group against its periods. One more query, run whether
    # or not a branch has groups (over all the branches), so the count never depends on
    # the data (the dashboard asserts it).
    group_counts: dict[int, tuple[int, int]] = {}  # branch id: (missed, pending)
    if group_slots:
        group_held: dict[int, set[int]] = {}
        for group_id, month in (
            valid_meetings(
                Meeting.objects.filter(
                    branch_id__in=scope,
                    kind=Meeting.Kind.GROUP,
                    date__year=year,
                ).exclude(party_group=None)
            )
            .annotate(month=ExtractMonth("date"))
            .order_by()
            .values_list("party_group_id", "month")
            .distinct()
        ):
            group_held.setdefault(group_id, set()).add(month)
        for branch_id, branch_groups in groups.items():
            rows = group_rows(branch_groups, group_held, group_slots, day)
            group_counts[branch_id] = (
                sum(len(r.missed) for r in rows),
                max(r.pending for r in rows),
            )
    result = {}
    for branch_id, township_id in branch_rows:
        held_elapsed, held_running, group_elapsed, group_running = held.get(branch_id, (0, 0, 0, 0))
        if branch_id in group_counts:
            group_missed, group_pending = group_counts[branch_id]
            missed = elapsed - elapsed_group - held_elapsed + group_missed
            pending = running - running_group - held_running + group_pending
        else:
            missed = elapsed - held_elapsed - group_elapsed
            pending = running - held_running - group_running
        result[branch_id] = OrgLifeTally(township_id, required, missed, pending)
    return result
