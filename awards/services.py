"""Writes of the commendation round. Each service checks its rules first and raises
AwardError with a message shown to the user; nothing is saved when a rule is broken."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from branches.models import Branch, BranchGrade
from branches.permissions import can_manage_branch
from members.models import Appraisal, Member
from township.dates import today
from township.workdays import UnknownHolidayYear, add_working_days

from .models import (
    DEFAULT_CATEGORIES,
    PARTY_WORK_CATEGORIES,
    Category,
    Nomination,
    Objection,
    Quota,
    Round,
)


class AwardError(Exception):
    pass


def ensure_default_categories(*, township) -> list[Category]:
    """The four usual categories; a township's own additions are left alone."""
    categories = []
    for position, (name, target, full_only, confirm) in enumerate(DEFAULT_CATEGORIES, start=1):
        category, _created = Category.objects.get_or_create(
            township=township,
            name=name,
            defaults={
                "target": target,
                "full_members_only": full_only,
                "party_work_only": name in PARTY_WORK_CATEGORIES,
                "needs_confirmation": confirm,
                "position": position,
            },
        )
        categories.append(category)
    return categories


def under_discipline(member: Member, day: datetime.date) -> bool:
    return any(record.applies_on(day) for record in member.discipline_records.all())


#: Words in a member's job (工作岗位) that mark a township Party-work cadre (乡镇党务干部);
#: branch secretaries and committee members are known from their committee posts.
PARTY_WORK_JOBS = ("党委", "党务", "党建", "组织委员", "宣传委员", "纪检", "纪委", "组织干事")


def holds_party_work_post(member: Member, day: datetime.date) -> bool:
    """A Party-work post on `day`: a branch committee seat (secretary, deputy, committee
    member) or a township Party-work job."""
    seats = member.positions.filter(term_start__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )
    return seats.exists() or any(word in member.job for word in PARTY_WORK_JOBS)


def check_member_eligible(
    *, member: Member, category: Category, day: datetime.date, year: int | None = None
) -> None:
    """The eligibility rules for a member (DOMAIN.md): raise AwardError on the first broken.
    `year` is the round's; the democratic appraisal of that year and the year before counts."""
    year = year or day.year
    if not member.is_current:
        raise AwardError(_("%(name)s is no longer a member of the branch.") % {"name": member.name})
    if member.standing != Member.Standing.NORMAL:
        raise AwardError(
            _("%(name)s's membership standing is not normal (%(standing)s).")
            % {"name": member.name, "standing": member.get_standing_display()}
        )
    if under_discipline(member, day):
        raise AwardError(_("%(name)s is under Party discipline.") % {"name": member.name})
    if member.is_lost_contact:
        raise AwardError(
            _("%(name)s has lost contact with the Party organisation and cannot be nominated.")
            % {"name": member.name}
        )
    failed = (
        member.appraisals.filter(year__in=(year - 1, year), result=Appraisal.Result.UNQUALIFIED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if failed:
        raise AwardError(
            _(
                "%(name)s was rated unqualified in the %(year)s democratic appraisal and cannot "
                "be nominated."
            )
            % {"name": member.name, "year": failed}
        )
    if (category.full_members_only or category.party_work_only) and member.is_probationary:
        raise AwardError(
            _("%(name)s is a probationary member and cannot be nominated as %(category)s.")
            % {"name": member.name, "category": category.name}
        )
    if category.party_work_only and not holds_party_work_post(member, day):
        raise AwardError(
            _(
                "%(category)s goes to those in a Party-work post (branch secretary, committee "
                "member or township Party-work cadre); %(name)s holds none."
            )
            % {"name": member.name, "category": category.name}
        )


def check_branch_eligible(*, branch: Branch, year: int) -> None:
    """A branch graded poor or named weak and lax in the round's year or the year before is
    not commended as an advanced Party organisation."""
    grade = (
        BranchGrade.objects.filter(branch=branch, year__in=(year - 1, year))
        .filter(Q(grade=BranchGrade.Grade.POOR) | Q(weak_and_lax=True))
        .order_by("-year")
        .first()
    )
    if grade is not None:
        state = _("weak and lax") if grade.weak_and_lax else grade.get_grade_display()
        raise AwardError(
            _(
                "%(name)s was graded %(state)s in %(year)s: a branch graded poor or weak and "
                "lax that year or the year before cannot be commended."
            )
            % {"name": branch.name, "state": state, "year": grade.year}
        )


@transaction.atomic
def nominate(
    *,
    round: Round,
    category: Category,
    member: Member | None = None,
    branch: Branch | None = None,
    deeds: str,
    by,
) -> Nomination:
    """Put a member or a branch forward (推荐)."""
    day = today()
    if (member is None) == (branch is None):
        raise AwardError(_("Nominate either a member or a branch."))
    if category.township_id != round.township_id or not category.is_active:
        raise AwardError(_("This category is not open in this round."))
    if not round.nominations_open(day):
        raise AwardError(_("Nominations for this round are closed."))
    if not deeds.strip():
        raise AwardError(_("Describe the main deeds."))
    if category.for_members:
        if member is None:
            raise AwardError(_("This category is for Party members."))
        target_branch = member.branch
    else:
        if branch is None:
            raise AwardError(_("This category is for Party branches."))
        if not branch.is_active:
            raise AwardError(_("The branch has been dissolved."))
        target_branch = branch
    if target_branch.township_id != round.township_id:
        raise AwardError(_("The nominee belongs to another township."))
    if not can_manage_branch(by, target_branch):
        raise AwardError(_("A branch secretary nominates only from their own branch."))
    if member is not None:
        check_member_eligible(member=member, category=category, day=day, year=round.year)
    else:
        check_branch_eligible(branch=branch, year=round.year)
    duplicate = Nomination.objects.filter(round=round, category=category)
    duplicate = duplicate.filter(member=member) if member else duplicate.filter(branch=branch)
    if duplicate.exists():
        raise AwardError(
            _("%(name)s has already been nominated as %(category)s this year.")
            % {"name": member.name if member else branch.name, "category": category.name}
        )
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                round=round,
                category=category,
                member=member,
                branch=branch if member is None else None,
                nominating_branch=target_branch,
                nominated_by=by,
                nominated_on=day,
                deeds=deeds.strip(),
            )
    except IntegrityError:
        raise AwardError(_("This nominee has already been nominated in this category.")) from None


@transaction.atomic
def assess_nomination(
    *, nomination: Nomination, passed: bool, notes: str, confirmed: bool, on: datetime.date
) -> Nomination:
    """Record the committee's assessment (考察) of one nomination."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("round", "category")
        .get(pk=nomination.pk)
    )
    if nomination.stage not in (Nomination.Stage.NOMINATED, Nomination.Stage.ASSESSED):
        raise AwardError(_("The assessment can only be recorded before the public notice."))
    if nomination.round.notice_started:
        raise AwardError(_("The public notice has started; the assessment is closed."))
    if on < nomination.nominated_on:
        raise AwardError(_("The assessment cannot be dated before the nomination."))
    if on > today():
        raise AwardError(_("The assessment date is in the future."))
    if passed and nomination.category.needs_confirmation and not confirmed:
        raise AwardError(
            _("Confirm that the nominee's occupation and deeds fit %(category)s.")
            % {"category": nomination.category.name}
        )
    if not notes.strip():
        raise AwardError(_("Write the assessment notes."))
    nomination.assessed_on = on
    nomination.assessment_passed = passed
    nomination.assessment_notes = notes.strip()
    nomination.confirmed = confirmed
    nomination.stage = Nomination.Stage.ASSESSED if passed else Nomination.Stage.REJECTED
    nomination.save(
        update_fields=["assessed_on", "assessment_passed", "assessment_notes", "confirmed", "stage"]
    )
    return nomination


@transaction.atomic
def start_notice(*, round: Round, starts_on: datetime.date) -> Round:
    """Put the assessed nominations on public notice (公示)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.notice_started:
        raise AwardError(_("The public notice has already started."))
    nominations = round.nominations.all()
    if nominations.filter(stage=Nomination.Stage.NOMINATED).exists():
        raise AwardError(_("Assess every nomination before the public notice."))
    assessed = nominations.filter(stage=Nomination.Stage.ASSESSED)
    if not assessed.exists():
        raise AwardError(_("No nomination has passed the assessment yet."))
    last_assessed = max(n.assessed_on for n in assessed)
    if starts_on < last_assessed:
        raise AwardError(_("The public notice cannot start before the assessment."))
    if starts_on < round.nominations_close_on:
        raise AwardError(_("The public notice cannot start before nominations close."))
    try:
        add_working_days(starts_on, settings.AWARDS_NOTICE_WORKING_DAYS)
    except UnknownHolidayYear as e:
        raise AwardError(str(e)) from None
    round.notice_starts_on = starts_on
    round.notice_working_days = settings.AWARDS_NOTICE_WORKING_DAYS
    round.save(update_fields=["notice_starts_on", "notice_working_days"])
    for nomination in assessed:
        nomination.stage = Nomination.Stage.NOTICE
        nomination.on_notice = True
        nomination.save(update_fields=["stage", "on_notice"])
    return round


@transaction.atomic
def record_objection(
    *, nomination: Nomination, received_on: datetime.date, content: str
) -> Objection:
    round = nomination.round
    if nomination.stage != Nomination.Stage.NOTICE or not round.notice_started:
        raise AwardError(_("Objections are recorded only for nominees on public notice."))
    if round.notice_ends_on is None:
        raise AwardError(round.notice_calendar_problem)
    if not round.notice_starts_on <= received_on <= round.notice_ends_on:
        raise AwardError(
            _("Objections are received only during the public notice (%(start)s to %(end)s).")
            % {"start": round.notice_starts_on, "end": round.notice_ends_on}
        )
    if received_on > today():
        raise AwardError(_("The date received is in the future."))
    if not content.strip():
        raise AwardError(_("Write what the objection says."))
    return Objection.objects.create(
        nomination=nomination, received_on=received_on, content=content.strip()
    )


@transaction.atomic
def resolve_objection(
    *, objection: Objection, outcome: str, resolution: str, resolved_on: datetime.date
) -> Objection:
    """Close an objection; a substantiated one withdraws the nomination."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    nomination = objection.nomination
    if objection.is_resolved:
        raise AwardError(_("This objection has already been resolved."))
    if nomination.round.is_decided:
        raise AwardError(_("The decision has been made."))
    if outcome not in Objection.Outcome.values:
        raise AwardError(_("Choose the outcome."))
    if not resolution.strip():
        raise AwardError(_("Write how the objection was looked into and resolved."))
    if resolved_on < objection.received_on:
        raise AwardError(_("An objection cannot be resolved before it was received."))
    if resolved_on > today():
        raise AwardError(_("The date resolved is in the future."))
    objection.outcome = outcome
    objection.resolution = resolution.strip()
    objection.resolved_on = resolved_on
    objection.save(update_fields=["outcome", "resolution", "resolved_on"])
    if outcome == Objection.Outcome.UPHELD and nomination.stage == Nomination.Stage.NOTICE:
        nomination.stage = Nomination.Stage.REJECTED
        nomination.decision_note = _("Withdrawn after an objection.")
        nomination.save(update_fields=["stage", "decision_note"])
    return objection


@transaction.atomic
def record_decision(
    *,
    round: Round,
    chosen: list[Nomination],
    decided_on: datetime.date,
    document_number: str,
) -> Round:
    """The committee's decision (表彰决定): the chosen are commended, the others not."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.is_decided:
        raise AwardError(_("The decision has already been recorded."))
    if not round.notice_started:
        raise AwardError(_("The shortlist has not been on public notice."))
    if round.notice_ends_on is None:
        raise AwardError(round.notice_calendar_problem)
    if decided_on <= round.notice_ends_on:
        raise AwardError(
            _("The public notice ends on %(end)s; the decision must come after it.")
            % {"end": round.notice_ends_on}
        )
    if decided_on > today():
        raise AwardError(_("The decision date is in the future."))
    if Objection.objects.filter(nomination__round=round, resolved_on__isnull=True).exists():
        raise AwardError(_("Resolve every objection before the decision."))
    if not document_number.strip():
        raise AwardError(_("Give the document number."))
    on_notice = list(round.nominations.filter(stage=Nomination.Stage.NOTICE))
    allowed = {n.pk for n in on_notice}
    chosen_ids = {n.pk for n in chosen}
    if not chosen_ids:
        raise AwardError(_("Choose at least one nominee to commend."))
    if not chosen_ids <= allowed:
        raise AwardError(_("Only nominees on public notice can be commended."))
    quotas = dict(Quota.objects.filter(round=round).values_list("category_id", "number"))
    counts: dict[int, int] = {}
    for n in on_notice:
        if n.pk in chosen_ids:
            counts[n.category_id] = counts.get(n.category_id, 0) + 1
    names = dict(Category.objects.filter(pk__in=counts).values_list("pk", "name"))
    for category_id, count in counts.items():
        quota = quotas.get(category_id, 0)
        if count > quota:
            raise AwardError(
                _("%(category)s: %(count)s chosen, but the quota is %(quota)s.")
                % {"category": names[category_id], "count": count, "quota": quota}
            )
    for n in on_notice:
        if n.pk in chosen_ids:
            n.stage = Nomination.Stage.COMMENDED
        else:
            n.stage = Nomination.Stage.REJECTED
            n.decision_note = _("Not chosen by the committee.")
        n.save(update_fields=["stage", "decision_note"])
    round.decided_on = decided_on
    round.document_number = document_number.strip()
    round.save(update_fields=["decided_on", "document_number"])
    return round


def notice_end_for(starts_on: datetime.date) -> datetime.date | None:
    """The notice's last day if it started on `starts_on`; None when that year's holidays
    are unknown."""
    try:
        return add_working_days(starts_on, settings.AWARDS_NOTICE_WORKING_DAYS)
    except UnknownHolidayYear:
        return None
