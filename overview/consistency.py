"""Contradictions between records (issue 13, item 7): what `manage.py check_data` and the
staff section of /dashboard/ list, each with a link to the record to fix.

Each check is one or two queries over the whole township, whatever its size. The rules are
DOMAIN.md's: a lost-contact or 不合格 member is not 优秀; a branch named 软弱涣散 is not
graded 好 and has its rectification; a handover needs three signatures; a task is not done
while the records that measure it are incomplete; a rectification that began after its
measure's deadline shows its task late; 先进基层党组织 does not go to a branch graded 较差
or 软弱涣散.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Nomination
from branches.models import BranchGrade, Rectification
from finance.models import ChecklistItem, Handover, VillageFinance
from members.models import Appraisal, CampaignMember, CampaignResult
from plans.models import Task, TaskStatus, Tie
from plans.ties import apply_ties
from township.dates import today


@dataclass(frozen=True)
class Contradiction:
    kind: str  # a stable code, for tests and scripts
    label: str  # what is wrong, for people
    record: str  # which record
    url: str


def _excellent_but_not_eligible(township) -> list[Contradiction]:
    out = []
    unqualified = Appraisal.objects.filter(
        member=OuterRef("member"),
        year=OuterRef("campaign__year"),
        result=Appraisal.Result.UNQUALIFIED,
    )
    rows = (
        CampaignMember.objects.filter(campaign__township=township, result=CampaignResult.EXCELLENT)
        .annotate(unqualified=Exists(unqualified))
        .filter(Q(member__is_lost_contact=True) | Q(unqualified=True))
        .select_related("member", "campaign")
        .order_by("campaign__year", "member_id")
    )
    for row in rows:
        out.append(
            Contradiction(
                "excellent_not_eligible",
                _("Rated excellent in a campaign while lost contact or appraised unqualified"),
                f"{row.campaign} · {row.member.name}",
                reverse("members:campaign", args=[row.campaign_id]),
            )
        )
    appraisals = (
        Appraisal.objects.filter(
            branch__township=township,
            result=Appraisal.Result.EXCELLENT,
            member__is_lost_contact=True,
        )
        .select_related("member")
        .order_by("year", "member_id")
    )
    for row in appraisals:
        out.append(
            Contradiction(
                "excellent_not_eligible",
                _("Appraised excellent while lost contact"),
                f"{row.year} · {row.member.name}",
                reverse("members:detail", args=[row.member_id]),
            )
        )
    return out


def _weak_branches(township) -> list[Contradiction]:
    out = []
    rectified = Rectification.objects.filter(branch=OuterRef("branch"), year=OuterRef("year"))
    grades = (
        BranchGrade.objects.filter(branch__township=township, weak_and_lax=True)
        .annotate(rectified=Exists(rectified))
        .select_related("branch")
        .order_by("year", "branch__position")
    )
    for grade in grades:
        url = reverse("branches:detail", args=[grade.branch_id])
        record = f"{grade.year} · {grade.branch.name}"
        if grade.grade == BranchGrade.Grade.GOOD:
            out.append(
                Contradiction("good_and_weak", _("Graded good and named weak and lax"), record, url)
            )
        if not grade.rectified:
            out.append(
                Contradiction(
                    "weak_without_rectification",
                    _("Named weak and lax without a rectification that year"),
                    record,
                    url,
                )
            )
    return out


def _handovers(township) -> list[Contradiction]:
    incomplete = Handover.objects.filter(Handover.INCOMPLETE, finance=OuterRef("finance"))
    any_handover = Handover.objects.filter(finance=OuterRef("finance"))
    items = (
        ChecklistItem.objects.filter(
            finance__branch__township=township,
            kind=ChecklistItem.Kind.HANDOVER,
            status=ChecklistItem.Status.DONE,
        )
        .annotate(incomplete=Exists(incomplete), any_handover=Exists(any_handover))
        .filter(Q(incomplete=True) | Q(any_handover=False))
        .select_related("finance__branch")
        .order_by("finance__year", "finance__branch__position")
    )
    return [
        Contradiction(
            "handover_unsigned",
            _("Handover item marked done while a handover lacks one of its three signatures"),
            str(item.finance),
            reverse("finance:detail", args=[item.finance_id]),
        )
        for item in items
    ]


def _tasks(township, on: datetime.date) -> list[Contradiction]:
    out = []
    tasks = apply_ties(
        Task.objects.filter(measure__plan__township=township)
        .exclude(tie="")
        .select_related("measure__plan", "branch")
        .order_by("pk"),
        on=on,
    )
    finances = {
        (f.branch_id, f.year): f
        for f in VillageFinance.objects.filter(branch__township=township).only(
            "branch_id", "year", "started_on"
        )
    }
    for task in tasks:
        url = reverse("plans:task", args=[task.pk])
        record = f"{task.measure.numeral} {task.title} · {task.branch.name}"
        result = task.tie_result
        # Marked done by hand (before it was tied, or in the back office) while its records
        # say otherwise.
        if task.is_done and result is not None and not result.done:
            out.append(
                Contradiction(
                    "done_records_incomplete",
                    _("Task marked done while its records are incomplete"),
                    record,
                    url,
                )
            )
        deadline = task.measure.deadline if not task.measure.is_recurring else None
        finance = finances.get((task.branch_id, task.measure.plan.year))
        if task.tie == Tie.FINANCE and finance and deadline and finance.started_on > deadline:
            status = task.status(on)
            late_done = status == TaskStatus.DONE and result and result.done_on
            if status != TaskStatus.OVERDUE and not (late_done and result.done_on > deadline):
                out.append(
                    Contradiction(
                        "started_after_deadline",
                        _(
                            "Rectification started after its measure's deadline, task not shown late"
                        ),
                        record,
                        url,
                    )
                )
    return out


def _commended_weak_branches(township) -> list[Contradiction]:
    bad = BranchGrade.objects.filter(
        branch=OuterRef("branch"), year=OuterRef("round__year")
    ).filter(Q(grade=BranchGrade.Grade.POOR) | Q(weak_and_lax=True))
    rows = (
        Nomination.objects.filter(
            round__township=township, branch__isnull=False, stage=Nomination.Stage.COMMENDED
        )
        .filter(Exists(bad))
        .select_related("branch", "round")
        .order_by("round__year", "pk")
    )
    return [
        Contradiction(
            "commended_weak_branch",
            _("Branch commended while graded poor or weak and lax"),
            f"{n.round.year} · {n.branch.name}",
            reverse("awards:nomination-detail", args=[n.pk]),
        )
        for n in rows
    ]


def contradictions(township, *, on: datetime.date | None = None) -> list[Contradiction]:
    """Every contradiction found in the township's records."""
    on = on or today()
    return [
        *_excellent_but_not_eligible(township),
        *_weak_branches(township),
        *_handovers(township),
        *_tasks(township, on),
        *_commended_weak_branches(township),
    ]
