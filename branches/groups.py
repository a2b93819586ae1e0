"""Party groups (党小组) and their meetings: 党小组会 is counted per group, at the frequency of
the "group" kind in settings.ORG_LIFE_FREQUENCIES (monthly), not per branch. A branch with
groups is 按要求 for 党小组会 only when every group is; a branch without groups keeps the
per-branch count (branches/selectors.py, org_life_compliance)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Branch, PartyGroup


@dataclass
class GroupCompliance:
    group: PartyGroup
    #: Periods in which the group held a 党小组会 counting as held.
    held: int
    missed: list[str]
    pending: int

    @property
    def ok(self) -> bool:
        return not self.missed

    @property
    def owed(self) -> int:
        return self.held + len(self.missed) + self.pending

    def __str__(self) -> str:
        return f"{self.group.name} {self.held}/{self.owed}"


def groups_in_year(branch_ids, year: int, *, details: bool = True) -> dict[int, list[PartyGroup]]:
    """{branch id: its groups that existed during `year`} (one query), with member_count,
    leader and branch; with details=False only the dates a count needs (owes())."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    groups = (
        PartyGroup.objects.filter(branch_id__in=branch_ids)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start))
        .order_by("name")
    )
    if details:
        groups = groups.select_related("leader", "branch").annotate(
            member_count=Count("memberships")
        )
    else:
        groups = groups.only("branch_id", "founded_on", "dissolved_on")
    result: dict[int, list[PartyGroup]] = {}
    for g in groups:
        result.setdefault(g.branch_id, []).append(g)
    return result


def owes(group: PartyGroup, months, end: datetime.date) -> bool:
    """A group owes a period it existed through: founded by the period's first day (a group
    founded on the 1st owes that month), not dissolved before its last day."""
    first = end.replace(month=min(months), day=1)
    if group.founded_on and group.founded_on > first:
        return False
    return not (group.dissolved_on and group.dissolved_on < end)


def group_rows(groups, held: dict[int, set[int]], slots, day) -> list[GroupCompliance]:
    """Each group against the periods (`slots`: label, months, end) it owes; `held` maps a
    group id to the months it met in. A period still running is pending, not missed."""
    rows = []
    for g in groups:
        months_held = held.get(g.pk, set())
        n_held, missed, pending = 0, [], 0
        for label, months, end in slots:
            if not months.isdisjoint(months_held):
                n_held += 1
            elif not owes(g, months, end):
                continue
            elif end < day:
                missed.append(label)
            else:
                pending += 1
        rows.append(GroupCompliance(group=g, held=n_held, missed=missed, pending=pending))
    return rows


def group_compliance(branches: QuerySet[Branch], year: int) -> list[GroupCompliance]:
    """Each group of the branches that existed in `year` against its 党小组会: the rows
    org_life_compliance() counts the branch's 党小组会 by (one rule, one place)."""
    from .models import Meeting
    from .selectors import org_life_compliance

    rows = []
    for branch in org_life_compliance(branches, year):
        for kind in branch.kinds:
            if kind.kind == Meeting.Kind.GROUP and kind.groups:
                rows.extend(kind.groups)
    return rows
