"""Party groups (党小组) and their meetings: 党小组会 is counted per group, monthly (the
frequency of the "group" kind in settings.ORG_LIFE_FREQUENCIES), not per branch."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from township.dates import today

from .models import Branch, Meeting, PartyGroup


@dataclass
class GroupCompliance:
    group: PartyGroup
    held: int
    missed: list[str]
    pending: int


def group_compliance(branches: QuerySet[Branch], year: int) -> list[GroupCompliance]:
    """Each active group of the branches against one recorded 党小组会 a month in `year`
    (a month still running is pending, not missed). Two queries."""
    groups = list(
        PartyGroup.objects.filter(branch__in=branches, dissolved_on__isnull=True)
        .select_related("branch", "leader")
        .annotate(member_count=Count("memberships"))
        .order_by("branch__position", "name")
    )
    held: dict[int, set[int]] = {}
    for group_id, month in (
        Meeting.objects.filter(
            party_group__in=[g.pk for g in groups],
            kind=Meeting.Kind.GROUP,
            status=Meeting.Status.RECORDED,
            date__year=year,
        )
        .annotate(month=ExtractMonth("date"))
        .values_list("party_group_id", "month")
        .distinct()
    ):
        held.setdefault(group_id, set()).add(month)
    day = today()
    rows = []
    for g in groups:
        months = held.get(g.pk, set())
        missed, pending = [], 0
        for month in range(1, 13):
            if month in months:
                continue
            first = datetime.date(year, month, 1)
            if g.founded_on and g.founded_on > first:
                continue
            last_day = (
                datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
            ) - datetime.timedelta(days=1)
            if last_day < day:
                missed.append(_("%(m)s month") % {"m": month})
            elif first <= day:
                pending += 1
        rows.append(GroupCompliance(group=g, held=len(months), missed=missed, pending=pending))
    return rows
