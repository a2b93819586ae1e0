"""Reads about branches that the branch pages, the dashboard and the reports share."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from township.dates import today
from township.figures import percent

from .models import (
    COMMITTEE_FROM_FULL_MEMBERS,
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
    if branch.member_count > MAX_MEMBERS:
        warnings.append(_("More than %(n)s members.") % {"n": MAX_MEMBERS})
    if branch.full_count >= COMMITTEE_FROM_FULL_MEMBERS and branch.committee_count < 3:
        warnings.append(
            _("%(n)s or more full members but no committee of 3 to 5.")
            % {"n": COMMITTEE_FROM_FULL_MEMBERS}
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
