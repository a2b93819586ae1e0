"""不合格 follow-up in the front office (issue 16, item 8): after the 民主评议 rates a member
不合格, the branch orders 限期改正 with a deadline; then the member is found to have corrected,
or the branch meeting decides 劝退 / 除名 and the township Party committee approves it. A
member persuaded to leave or struck off leaves the roster through record_leaving(), so they
appear in the 已减少 list. The dates' rules are the model's (UnqualifiedFollowUp.clean)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from township.dates import today

from .models import Appraisal, Member, UnqualifiedFollowUp
from .services import MemberError
from .upkeep import record_leaving

Outcome = UnqualifiedFollowUp.Outcome

#: The roster's reason for leaving for each outcome that ends the membership.
LEAVING_FOR = {
    Outcome.PERSUADED: Member.LeaveReason.PERSUADED,
    Outcome.REMOVED: Member.LeaveReason.STRUCK_OFF,
}


def unqualified_appraisals(members: QuerySet[Member]) -> QuerySet[Appraisal]:
    """不合格 ratings of `members`, newest first, with the member, branch and follow-up (one
    query however many rows)."""
    return (
        Appraisal.objects.filter(member__in=members, result=Appraisal.Result.UNQUALIFIED)
        .select_related("member", "branch", "follow_up")
        .order_by("-year", "branch__position", "member__name", "pk")
    )


def follow_up_state(appraisal: Appraisal) -> str:
    """One word for the list: 未安排 (no follow-up yet), 限期改正中, 已逾期, or the outcome."""
    f = getattr(appraisal, "follow_up", None) if _has_follow_up(appraisal) else None
    if f is None:
        return _("no follow-up yet")
    if f.is_overdue:
        return _("deadline passed")
    return str(f.get_outcome_display())


def _has_follow_up(appraisal: Appraisal) -> bool:
    try:
        appraisal.follow_up  # noqa: B018
    except UnqualifiedFollowUp.DoesNotExist:
        return False
    return True


@transaction.atomic
def record_follow_up_outcome(
    *,
    follow_up: UnqualifiedFollowUp,
    outcome: str,
    assessed_on: datetime.date | None = None,
    branch_meeting_on: datetime.date | None = None,
    approved_on: datetime.date | None = None,
    document=None,
    note: str = "",
) -> UnqualifiedFollowUp:
    """Record how a 限期改正 ended. 劝退 / 除名 need the branch meeting's date and the
    township's approval; the member then leaves the roster on the day of the approval."""
    follow_up = (
        UnqualifiedFollowUp.objects.select_for_update()
        .select_related("appraisal__member__branch")
        .get(pk=follow_up.pk)
    )
    member = follow_up.appraisal.member
    if follow_up.outcome in LEAVING_FOR:
        raise MemberError(_("The member has already left the Party through this follow-up."))
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise MemberError(_("Choose the outcome."))
    for day in (assessed_on, branch_meeting_on, approved_on):
        if day and day > today():
            raise MemberError(_("The date is in the future."))
    follow_up.outcome = outcome
    follow_up.assessed_on = assessed_on if outcome == Outcome.CORRECTED else None
    leaving = outcome in LEAVING_FOR
    follow_up.branch_meeting_on = branch_meeting_on if leaving else None
    follow_up.approved_on = approved_on if leaving else None
    follow_up.note = note.strip()
    if document:
        follow_up.document = document
    try:
        follow_up.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    follow_up.save()
    if leaving:
        basis = _(
            "Rated unqualified in %(year)s; the branch members' meeting decided on %(meeting)s; "
            "the township Party committee approved on %(approved)s."
        ) % {
            "year": follow_up.appraisal.year,
            "meeting": branch_meeting_on.isoformat(),
            "approved": approved_on.isoformat(),
        }
        record_leaving(
            member=member,
            reason=LEAVING_FOR[outcome],
            on=approved_on,
            basis=basis,
            document=document,
            note=note,
        )
    return follow_up
