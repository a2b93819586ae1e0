"""The yearly screening (排查) of weak and lax branches (软弱涣散).

Each year the township screens every branch against the usual criteria and designates a
typical 5-10% of them for rectification (DOMAIN.md, "Grading"). The criteria, each computed
from the records, live here in one place; people decide, the system only finds the reasons.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from township.dates import today
from township.figures import percent

from .models import Branch, BranchGrade, CommitteePosition, Rectification, Screening

#: A secretary post vacant longer than this in the year is a reason (about three months).
VACANT_DAYS = 90
#: No member admitted in this many years (the screened one included) is a reason.
YEARS_WITHOUT_NEW_MEMBERS = 2
#: A branch missing at least this share of its required meetings has not held them.
MISSED_MEETINGS_SHARE = Decimal("0.25")
#: The usual share of branches designated each year.
TYPICAL_SHARE = (Decimal("5"), Decimal("10"))


class ScreeningError(Exception):
    """A rule of the screening was broken; the message is for the user."""


class ScreeningConflict(ScreeningError):
    """Someone decided on the branch after the page was loaded."""


@dataclass
class ScreeningRow:
    branch: Branch
    reasons: list[str] = field(default_factory=list)
    grade: BranchGrade | None = None
    screening: Screening | None = None
    rectification: Rectification | None = None

    @property
    def version(self) -> int:
        """The version the decision form carries: 0 while nothing is decided."""
        return self.screening.version if self.screening else 0


@dataclass
class ScreeningList:
    year: int
    rows: list[ScreeningRow]

    @property
    def flagged(self) -> list[ScreeningRow]:
        return [r for r in self.rows if r.reasons]

    @property
    def designated(self) -> int:
        return sum(1 for r in self.rows if r.screening and r.screening.designated)

    @property
    def designated_percent(self) -> Decimal:
        return percent(self.designated, len(self.rows))

    @property
    def share_unusual(self) -> bool:
        """Designations decided and outside the usual 5-10%."""
        low, high = TYPICAL_SHARE
        decided = any(r.screening for r in self.rows)
        return decided and not low <= self.designated_percent <= high


def _vacant_days(intervals: list[tuple[datetime.date, datetime.date | None]], start, end) -> int:
    """Days in [start, end] not covered by any secretary's term."""
    covered: set[int] = set()
    for began, left in intervals:
        first = max(began, start)
        last = min(left - datetime.timedelta(days=1) if left else end, end)
        if first <= last:
            covered.update(range(first.toordinal(), last.toordinal() + 1))
    return (end - start).days + 1 - len(covered)


def screening_list(branches: QuerySet[Branch], year: int) -> ScreeningList:
    """Every active branch with the reasons found in `year`, its grade, the decision and the
    rectification. A constant number of queries however many branches."""
    from finance.models import VillageFinance
    from members.models import Member

    from .selectors import org_life_compliance

    branch_list = list(branches.active().select_related("township").order_by("position", "pk"))
    ids = [b.pk for b in branch_list]
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today())

    secretaries: dict[int, list] = {}
    for branch_id, began, left in CommitteePosition.objects.filter(
        branch__in=ids, position=CommitteePosition.Position.SECRETARY, term_start__lte=end
    ).values_list("branch_id", "term_start", "left_on"):
        secretaries.setdefault(branch_id, []).append((began, left))
    first_year = year - YEARS_WITHOUT_NEW_MEMBERS + 1
    admitting = set(
        Member.objects.filter(
            branch__in=ids, joined_on__year__gte=first_year, joined_on__year__lte=year
        ).values_list("branch_id", flat=True)
    )
    compliance = {
        c.branch.pk: c for c in org_life_compliance(Branch.objects.filter(pk__in=ids), year)
    }
    finances = set(
        VillageFinance.objects.filter(branch__in=ids, year=year).values_list("branch_id", flat=True)
    )
    grades = {g.branch_id: g for g in BranchGrade.objects.filter(branch__in=ids, year=year)}
    decisions = {
        s.branch_id: s
        for s in Screening.objects.filter(branch__in=ids, year=year).select_related("rectification")
    }
    rectifications = {
        r.branch_id: r
        for r in Rectification.objects.filter(branch__in=ids, year=year).order_by("pk")
    }

    rows = []
    for branch in branch_list:
        row = ScreeningRow(
            branch=branch,
            grade=grades.get(branch.pk),
            screening=decisions.get(branch.pk),
        )
        row.rectification = (
            row.screening.rectification if row.screening and row.screening.rectification else None
        ) or rectifications.get(branch.pk)
        if start <= end:
            vacant = _vacant_days(secretaries.get(branch.pk, []), start, end)
            if vacant > VACANT_DAYS:
                row.reasons.append(
                    _("The secretary post was vacant for about %(months)s months of the year.")
                    % {"months": round(vacant / 30)}
                )
        if branch.pk not in admitting:
            row.reasons.append(
                _("No new member admitted in %(first)s–%(last)s.")
                % {"first": first_year, "last": year}
            )
        life = compliance.get(branch.pk)
        if life is not None:
            missed = sum(len(k.missed) for k in life.kinds)
            needed = sum(k.required for k in life.kinds)
            if needed and Decimal(missed) >= MISSED_MEETINGS_SHARE * needed:
                row.reasons.append(
                    _(
                        "Organisational life not held as required: %(missed)s of %(needed)s "
                        "required meetings missed."
                    )
                    % {"missed": missed, "needed": needed}
                )
        if branch.pk in finances:
            row.reasons.append(
                _("Village finances in disorder (a lagging village under rectification).")
            )
        if row.grade and row.grade.grade == BranchGrade.Grade.POOR:
            row.reasons.append(_("Graded poor."))
        rows.append(row)
    return ScreeningList(year=year, rows=rows)


@transaction.atomic
def decide_screening(
    *,
    branch: Branch,
    year: int,
    decision: str,
    note: str,
    version: int,
    reasons: list[str],
) -> Screening:
    """Record the decision on one branch (designate or not, with a note). `version` is the
    one the page showed (0 when nothing was decided): a decision made in between is refused.
    A grade of that year follows the decision (its weak-and-lax flag); a designated branch is
    linked to its rectification of the year, when there is one."""
    if decision not in Screening.Decision.values:
        raise ScreeningError(_("Choose whether to designate the branch."))
    note = note.strip()
    if not note:
        raise ScreeningError(_("Write a note on the decision."))
    designate = decision == Screening.Decision.DESIGNATE
    grade = BranchGrade.objects.select_for_update().filter(branch=branch, year=year).first()
    if (
        designate
        and grade is not None
        and grade.grade in (BranchGrade.Grade.GOOD, BranchGrade.Grade.FAIRLY_GOOD)
    ):
        raise ScreeningError(
            _(
                "A branch graded good or fairly good cannot be weak and lax in the same year: "
                "grade it average or poor, or clear the flag."
            )
        )
    rectification = (
        Rectification.objects.filter(branch=branch, year=year).order_by("pk").first()
        if designate
        else None
    )
    values = {
        "decision": decision,
        "note": note,
        "reasons": "\n".join(reasons),
        "decided_on": today(),
        "rectification": rectification,
    }
    existing = Screening.objects.select_for_update().filter(branch=branch, year=year).first()
    if existing is None:
        if version != 0:
            raise ScreeningConflict(_("The decision was withdrawn meanwhile; look again."))
        try:
            with transaction.atomic():
                screening = Screening.objects.create(branch=branch, year=year, **values)
        except IntegrityError:
            raise ScreeningConflict(
                _("Someone else decided on this branch after you opened the page; look again.")
            ) from None
    else:
        if existing.version != version:
            raise ScreeningConflict(
                _("Someone else decided on this branch after you opened the page; look again.")
            )
        for name, value in values.items():
            setattr(existing, name, value)
        # The row is locked (select_for_update above): a plain increment is safe, and
        # history records a value rather than an expression.
        existing.version += 1
        existing.save()
        screening = existing
    if grade is not None and grade.weak_and_lax != designate:
        grade.weak_and_lax = designate
        grade.save(update_fields=["weak_and_lax"])
    return screening
