"""Member upkeep in the front office: moving a member between branches of the township,
the decisions on probation (转正, 延长预备期, 取消预备党员资格) and a member leaving the roster.

Each write checks the rules of DOMAIN.md, raises MemberError with a Chinese message naming
the rule, and saves through the model, so history keeps who changed what. Nothing is ever
deleted: a member who leaves keeps their row, with the date, reason, basis and document.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from township.dates import add_years, today

from .models import Applicant, ConversionNotice, Member
from .services import MemberError, advance_applicant, check_extension

#: Reasons recorded on the member page; 转出 goes through a transfer letter (transfers app)
#: and 取消预备党员资格 through the probation decision.
LEAVING_HERE = [
    Member.LeaveReason.DEATH,
    Member.LeaveReason.WITHDRAWAL,
    Member.LeaveReason.PERSUADED,
    Member.LeaveReason.STRUCK_OFF,
    Member.LeaveReason.EXPELLED,
    Member.LeaveReason.LAPSED,
]


def _current(member: Member) -> None:
    if not member.is_current:
        raise MemberError(_("The member has already left the roster."))


def _save(member: Member, fields: list[str]) -> None:
    try:
        member.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    member.save(update_fields=fields)


def _development(member: Member) -> Applicant | None:
    try:
        return member.development
    except Applicant.DoesNotExist:
        return None


@transaction.atomic
def move_member(*, member: Member, to_branch: Branch) -> Member:
    """Move a member to another branch of the same township in one step; no letter is
    needed inside the township. Attendance, appraisals and posts stay with the branch where
    they happened; the move itself is in the member's history."""
    _current(member)
    if to_branch.pk == member.branch_id:
        raise MemberError(_("The member is already in this branch."))
    if to_branch.township_id != member.branch.township_id:
        raise MemberError(
            _(
                "Moving between branches works inside the township only; a member going "
                "elsewhere is transferred out with a letter."
            )
        )
    if getattr(to_branch, "dissolved_on", None):
        raise MemberError(_("The branch has been dissolved."))
    member.branch = to_branch
    _save(member, ["branch"])
    return member


@transaction.atomic
def record_leaving(
    *,
    member: Member,
    reason: str,
    on: datetime.date,
    basis: str,
    document=None,
    note: str = "",
) -> Member:
    """A member leaves the roster (death, 退党, 劝退, 除名, 开除党籍, 自行脱党): dated, with the
    meeting or approval that decided it and its document. The row stays, in the 已减少 list."""
    _current(member)
    if reason not in LEAVING_HERE:
        raise MemberError(_("Unknown reason for leaving."))
    if on > today():
        raise MemberError(_("The date is in the future."))
    if on < member.joined_on:
        raise MemberError(_("Left before joining."))
    if reason != Member.LeaveReason.DEATH and not basis.strip():
        raise MemberError(
            _("Give the basis: the meeting or the approval that decided the member leaves.")
        )
    if _open_transfer(member):
        raise MemberError(_("The member is being transferred out: record the receipt instead."))
    member.left_on = on
    member.leave_reason = reason
    member.leave_basis = basis.strip()
    member.leave_note = note.strip()
    fields = ["left_on", "leave_reason", "leave_basis", "leave_note"]
    if document:
        member.leave_document = document
        fields.append("leave_document")
    _save(member, fields)
    return member


def _open_transfer(member: Member) -> bool:
    # The transfers app's letters, if installed: a member 转出中 leaves through the letter.
    related = getattr(member, "transfers_out", None)
    return related is not None and related.filter(status="issued").exists()


def _probationary(member: Member) -> None:
    _current(member)
    if not member.is_probationary:
        raise MemberError(_("The member is already a full member."))


def in_development_pipeline(member: Member) -> Applicant | None:
    """The development record that decides the member's conversion (admitted through the
    system, not yet converted), or None: a member from a roster import, whose 公示 before
    conversion is given on the conversion form itself (ConversionNotice)."""
    development = _development(member)
    if development is not None and development.admitted_on and not development.converted_on:
        return development
    return None


@transaction.atomic
def convert_member(
    *,
    member: Member,
    meeting_on: datetime.date,
    notice_on: datetime.date | None = None,
    notice_ends_on: datetime.date | None = None,
) -> Member:
    """转正 decided by the branch meeting on `meeting_on`: full membership (and 党龄) counts
    from the day probation ends (预备期满之日), which the rules compute, not from the meeting.

    A member developed in the system converts through the development record, which holds
    the steps after admission (members/development.py). A member without one (a roster
    import) gives the 公示 before conversion here: checked by the same rule, kept as a
    ConversionNotice with history."""
    from .development import check_conversion_notice

    _probationary(member)
    if meeting_on > today():
        raise MemberError(_("The date is in the future."))
    development = in_development_pipeline(member)
    if development is not None:
        advance_applicant(applicant=development, step=Applicant.Step.CONVERT, on=meeting_on)
        member.refresh_from_db()
        return member
    due = member.probation_due_on()
    if meeting_on < due:
        raise MemberError(_("Probation lasts until %(day)s.") % {"day": due.isoformat()})
    check_conversion_notice(notice_on, notice_ends_on, meeting_on)
    if notice_on < member.joined_on:
        raise MemberError(
            _("The public notice before conversion begins after the admission (%(day)s).")
            % {"day": member.joined_on.isoformat()}
        )
    member.full_member_on = due
    _save(member, ["full_member_on"])
    # One per member; a conversion undone by an edit and decided again updates it (history).
    notice = ConversionNotice.objects.filter(member=member).first() or ConversionNotice(
        member=member
    )
    notice.on, notice.ends_on, notice.meeting_on = notice_on, notice_ends_on, meeting_on
    try:
        notice.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    notice.save()
    return member


@transaction.atomic
def extend_probation(*, member: Member, extend_to: datetime.date) -> Member:
    """延长预备期: once, by at least six months and at most one year."""
    _probationary(member)
    development = _development(member)
    if development is not None and development.admitted_on and not development.converted_on:
        advance_applicant(
            applicant=development,
            step=Applicant.Step.EXTEND,
            on=today(),
            extend_to=extend_to,
        )
        member.refresh_from_db()
        return member
    if member.probation_extended_to:
        raise MemberError(_("Probation can be extended only once."))
    check_extension(due=add_years(member.joined_on, 1), extend_to=extend_to)
    member.probation_extended_to = extend_to
    _save(member, ["probation_extended_to"])
    return member


@transaction.atomic
def cancel_probation(
    *, member: Member, on: datetime.date, basis: str, document=None, note: str = ""
) -> Member:
    """取消预备党员资格: the probationary member leaves the roster, the row is kept."""
    _probationary(member)
    if on > today():
        raise MemberError(_("The date is in the future."))
    if on < member.joined_on:
        raise MemberError(_("Left before joining."))
    if not basis.strip():
        raise MemberError(
            _("Give the basis: the meeting or the approval that decided the member leaves.")
        )
    member.left_on = on
    member.leave_reason = Member.LeaveReason.PROBATION_CANCELLED
    member.leave_basis = basis.strip()
    member.leave_note = note.strip()
    fields = ["left_on", "leave_reason", "leave_basis", "leave_note"]
    if document:
        member.leave_document = document
        fields.append("leave_document")
    _save(member, fields)
    development = _development(member)
    if development is not None and not development.stopped_on:
        development.stopped_on = on
        development.save(update_fields=["stopped_on"])
    return member
