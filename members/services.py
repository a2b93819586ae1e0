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


@transaction.atomic
def advance_applicant(
    *,
    applicant: Applicant,
    step: str,
    on: datetime.date,
    people: tuple[Member | None, Member | None] = (None, None),
    extend_to: datetime.date | None = None,
) -> Applicant:
    """Take the next step of member development, dated `on`, in order and by the time rules
    of DOMAIN.md: a year as activist before 发展对象; two full members introduce; probation a
    year from the branch meeting, extended once by at most a year; conversion when due."""
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
    if step == Applicant.Step.TALK:
        applicant.talked_on = on
    elif step == Applicant.Step.ACTIVIST:
        applicant.activist_on = on
        applicant.contact_1, applicant.contact_2 = people
        for person, label in zip(
            people, (_("first contact person"), _("second contact person")), strict=True
        ):
            _full_member_of(applicant.branch_id, person, on, label)
        if people[0] == people[1]:
            raise MemberError(_("Two different contact persons are needed."))
    elif step == Applicant.Step.CANDIDATE:
        if on < applicant.candidate_from:
            raise MemberError(
                _("At least one year as activist is needed: not before %(day)s.")
                % {"day": applicant.candidate_from.isoformat()}
            )
        applicant.candidate_on = on
    elif step == Applicant.Step.ADMIT:
        for person, label in zip(
            people, (_("first introducer"), _("second introducer")), strict=True
        ):
            _full_member_of(applicant.branch_id, person, on, label)
        if people[0] == people[1]:
            raise MemberError(_("Two different introducers are needed."))
        applicant.introducer_1, applicant.introducer_2 = people
        applicant.admitted_on = on
        applicant.member = _member_for(applicant, on)
    elif step == Applicant.Step.EXTEND:
        check_extension(due=add_years(applicant.admitted_on, 1), extend_to=extend_to)
        applicant.extended_to = extend_to
        if applicant.member_id:
            applicant.member.probation_extended_to = extend_to
            applicant.member.save(update_fields=["probation_extended_to"])
    elif step == Applicant.Step.CONVERT:
        if on < applicant.conversion_due_on:
            raise MemberError(
                _("Probation lasts until %(day)s.") % {"day": applicant.conversion_due_on}
            )
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
    try:
        applicant.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    applicant.save()
    return applicant


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
