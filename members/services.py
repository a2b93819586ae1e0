"""Writes about members that touch several rows or must be checked as a whole: the yearly
democratic appraisal, contact logs, and the steps of member development."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from township.dates import add_months, add_years, today

from .models import Applicant, Appraisal, ContactLog, Member


class MemberError(Exception):
    """A rule of DOMAIN.md refuses the write; the message is for the user."""


@transaction.atomic
def record_appraisals(*, branch: Branch, year: int, results: dict[int, str]) -> int:
    """Set the year's appraisal results of the branch's members (member id → result, "" to
    leave a member ungraded). 优秀 at most one third of those graded; probationary members
    are not graded. All or nothing; returns how many are graded."""
    if year > today().year:
        raise MemberError(_("The year is in the future."))
    members = {m.pk: m for m in Member.objects.filter(branch=branch)}
    unknown = set(results) - set(members)
    if unknown:
        raise MemberError(_("Some of the people graded are not members of this branch."))
    wanted = {pk: r for pk, r in results.items() if r}
    for pk, result in wanted.items():
        if result not in Appraisal.Result.values:
            raise MemberError(_("Unknown appraisal result."))
        if not Appraisal.gradable(members[pk], year):
            raise MemberError(
                _("Probationary members are not graded: %(name)s.") % {"name": members[pk].name}
            )
    excellent = sum(1 for r in wanted.values() if r == Appraisal.Result.EXCELLENT)
    if not Appraisal.excellent_allowed(excellent, len(wanted)):
        raise MemberError(
            _("At most one third of those graded may be excellent: %(e)s of %(n)s.")
            % {"e": excellent, "n": len(wanted)}
        )
    existing = {a.member_id: a for a in Appraisal.objects.filter(branch=branch, year=year)}
    for pk, appraisal in existing.items():
        if pk not in wanted:
            appraisal.delete()
    for pk, result in wanted.items():
        appraisal = existing.get(pk)
        if appraisal is None:
            Appraisal.objects.create(member_id=pk, branch=branch, year=year, result=result)
        elif appraisal.result != result:
            appraisal.result = result
            appraisal.save(update_fields=["result"])
    return len(wanted)


@transaction.atomic
def record_contact(*, member: Member, date: datetime.date, how: str, what: str) -> ContactLog:
    """Log a contact and move the member's last contact forward."""
    log = ContactLog(member=member, date=date, how=how, what=what)
    log.full_clean()
    log.save()
    if member.last_contact_on is None or member.last_contact_on < date:
        member.last_contact_on = date
        member.save(update_fields=["last_contact_on"])
    return log


def _full_member_of(branch_id: int, member: Member | None, on: datetime.date, label: str):
    if member is None:
        raise MemberError(_("Give the %(who)s.") % {"who": label})
    if member.branch_id != branch_id or not member.is_current:
        raise MemberError(_("The %(who)s is not a member of this branch.") % {"who": label})
    if member.full_member_on is None or member.full_member_on > on:
        raise MemberError(_("The %(who)s must be a full member.") % {"who": label})


def _check_step(applicant: Applicant, step: str, on: datetime.date) -> None:
    """The checks every step shares: not stopped, not in the future, the step next in order
    (an extension stands in for the conversion, once), not dated before the previous one."""
    expected = applicant.next_step()
    if applicant.stopped_on:
        raise MemberError(_("The development of this applicant was stopped."))
    if on > today():
        raise MemberError(_("The date is in the future."))
    allowed = {expected[0]} if expected else set()
    if expected and expected[0] == Applicant.Step.CONVERT and not applicant.extended_to:
        allowed.add(Applicant.Step.EXTEND)
    if step not in allowed:
        raise MemberError(
            _("Steps go in order: the next step is “%(step)s”.")
            % {"step": Applicant.Step(expected[0]).label if expected else _("none")}
        )
    previous = max(
        d
        for d in (
            applicant.applied_on,
            applicant.talked_on,
            applicant.activist_on,
            applicant.candidate_on,
            applicant.admitted_on,
        )
        if d
    )
    if step != Applicant.Step.EXTEND and on < previous:
        raise MemberError(_("A step cannot be dated before the previous one."))


def _save_applicant(applicant: Applicant) -> Applicant:
    try:
        applicant.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    applicant.save()
    return applicant


@transaction.atomic
def record_talk(*, applicant: Applicant, on: datetime.date) -> Applicant:
    """The talk with the applicant (谈话), due within a month of applying."""
    _check_step(applicant, Applicant.Step.TALK, on)
    applicant.talked_on = on
    return _save_applicant(applicant)


@transaction.atomic
def record_activist(
    *, applicant: Applicant, on: datetime.date, contacts: tuple[Member | None, Member | None]
) -> Applicant:
    """入党积极分子, with two different full members of the branch as contact persons."""
    _check_step(applicant, Applicant.Step.ACTIVIST, on)
    applicant.activist_on = on
    applicant.contact_1, applicant.contact_2 = contacts
    for person, label in zip(
        contacts, (_("first contact person"), _("second contact person")), strict=True
    ):
        _full_member_of(applicant.branch_id, person, on, label)
    if contacts[0] == contacts[1]:
        raise MemberError(_("Two different contact persons are needed."))
    return _save_applicant(applicant)


@transaction.atomic
def record_candidate(*, applicant: Applicant, on: datetime.date) -> Applicant:
    """发展对象, after at least a year as activist."""
    _check_step(applicant, Applicant.Step.CANDIDATE, on)
    if on < applicant.candidate_from:
        raise MemberError(
            _("At least one year as activist is needed: not before %(day)s.")
            % {"day": applicant.candidate_from.isoformat()}
        )
    applicant.candidate_on = on
    return _save_applicant(applicant)


@transaction.atomic
def admit_applicant(
    *, applicant: Applicant, on: datetime.date, introducers: tuple[Member | None, Member | None]
) -> Applicant:
    """预备党员 by the branch meeting on `on`: two different full members introduce, and the
    dated steps before admission are recorded, in order (members/development.py); the
    probationary member record is created or linked."""
    from .development import check_ready_for_admission

    _check_step(applicant, Applicant.Step.ADMIT, on)
    for person, label in zip(
        introducers, (_("first introducer"), _("second introducer")), strict=True
    ):
        _full_member_of(applicant.branch_id, person, on, label)
    if introducers[0] == introducers[1]:
        raise MemberError(_("Two different introducers are needed."))
    check_ready_for_admission(applicant, on)
    applicant.introducer_1, applicant.introducer_2 = introducers
    applicant.admitted_on = on
    applicant.member = _member_for(applicant, on)
    return _save_applicant(applicant)


@transaction.atomic
def extend_applicant_probation(
    *, applicant: Applicant, on: datetime.date, extend_to: datetime.date | None
) -> Applicant:
    """延长预备期 instead of the conversion: once, six months to a year (check_extension)."""
    _check_step(applicant, Applicant.Step.EXTEND, on)
    check_extension(due=add_years(applicant.admitted_on, 1), extend_to=extend_to)
    applicant.extended_to = extend_to
    if applicant.member_id:
        applicant.member.probation_extended_to = extend_to
        applicant.member.save(update_fields=["probation_extended_to"])
    return _save_applicant(applicant)


@transaction.atomic
def convert_applicant(*, applicant: Applicant, on: datetime.date) -> Applicant:
    """转正 decided on `on`, not before probation ends, and after the steps that follow the
    admission, the 公示 before conversion last (members/development.py)."""
    from .development import check_ready_for_conversion

    _check_step(applicant, Applicant.Step.CONVERT, on)
    if on < applicant.conversion_due_on:
        raise MemberError(
            _("Probation lasts until %(day)s.") % {"day": applicant.conversion_due_on}
        )
    check_ready_for_conversion(applicant, on)
    applicant.converted_on = on
    member = applicant.member
    # Full membership (and 党龄) counts from the day probation ends, not from the
    # meeting that approved it (DOMAIN.md, member development).
    member.full_member_on = applicant.conversion_due_on
    try:
        member.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    member.save(update_fields=["full_member_on"])
    return _save_applicant(applicant)


def advance_applicant(
    *,
    applicant: Applicant,
    step: str,
    on: datetime.date,
    people: tuple[Member | None, Member | None] = (None, None),
    extend_to: datetime.date | None = None,
) -> Applicant:
    """Take the named step of member development, dated `on` (the step form and the
    member-upkeep services call this): one service per step above."""
    S = Applicant.Step
    if step == S.TALK:
        return record_talk(applicant=applicant, on=on)
    if step == S.ACTIVIST:
        return record_activist(applicant=applicant, on=on, contacts=people)
    if step == S.CANDIDATE:
        return record_candidate(applicant=applicant, on=on)
    if step == S.ADMIT:
        return admit_applicant(applicant=applicant, on=on, introducers=people)
    if step == S.EXTEND:
        return extend_applicant_probation(applicant=applicant, on=on, extend_to=extend_to)
    if step == S.CONVERT:
        return convert_applicant(applicant=applicant, on=on)
    _check_step(applicant, step, on)  # an unknown step: refused with the next one named
    raise MemberError(_("Choose the step."))


def check_extension(*, due: datetime.date, extend_to: datetime.date | None) -> None:
    """Probation is extended once, by at least six months and at most one year beyond the
    day it would have ended (DOMAIN.md, member development)."""
    shortest, longest = add_months(due, 6), add_years(due, 1)
    if extend_to is None or extend_to < shortest or extend_to > longest:
        raise MemberError(
            _(
                "Probation is extended once, by at least six months and at most one year: "
                "from %(first)s to %(last)s."
            )
            % {"first": shortest.isoformat(), "last": longest.isoformat()}
        )


def _member_for(applicant: Applicant, on: datetime.date) -> Member:
    """The member record of a newly admitted probationary member: the current one with the
    same ID number if it exists, else a new one."""
    member = Member.objects.current().filter(id_number=applicant.id_number).first()
    if member is not None:
        if member.branch_id != applicant.branch_id:
            raise MemberError(_("A member of another branch has this ID number."))
        return member
    member = Member(
        branch_id=applicant.branch_id,
        name=applicant.name,
        gender=applicant.gender,
        ethnicity=applicant.ethnicity,
        id_number=applicant.id_number,
        birth_date=applicant.birth_date,
        education=applicant.education,
        category=applicant.category,
        job=applicant.job,
        phone=applicant.phone,
        joined_on=on,
        full_member_on=None,
    )
    try:
        member.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    member.save()
    return member
