"""发展纪实: the dated steps of member development between 发展对象 and 预备党员, and the
notice before conversion (《中国共产党发展党员工作细则》).

The rules, in one place: the steps go in DEVELOPMENT_STEP_ORDER, the pre-admission ones
after the applicant became a development candidate and before the branch meeting admitted
them, the others after it; 集中培训 lasts at least three days or 24 class hours; each 公示
runs five working days on the awards' official calendar; 乡党委审批 comes within three months
of the branch meeting.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from township.dates import add_months, today
from township.workdays import UnknownHolidayYear, add_working_days

from .models import DEVELOPMENT_STEP_ORDER, Applicant, DevelopmentStep
from .services import MemberError

TRAINING_MIN_DAYS = 3
TRAINING_MIN_HOURS = 24
NOTICE_WORKING_DAYS = 5
APPROVAL_WITHIN_MONTHS = 3

K = DevelopmentStep.Kind
BEFORE_ADMISSION = [kind for kind, when in DEVELOPMENT_STEP_ORDER if when == "before"]
AFTER_ADMISSION = [kind for kind, when in DEVELOPMENT_STEP_ORDER if when == "after"]


def missing_before_admission(applicant: Applicant) -> list[str]:
    """The pre-admission steps an admitted applicant has no record of (shown, not refused:
    admissions recorded before the system kept these steps)."""
    if not applicant.admitted_on:
        return []
    done = {s.kind for s in applicant.steps.all()}
    return [str(K(kind).label) for kind in BEFORE_ADMISSION if kind not in done]


def missing_before_conversion(applicant: Applicant) -> list[str]:
    """The steps after admission a converted member has no record of (shown, not refused:
    conversions recorded before the system kept these steps)."""
    if not applicant.converted_on:
        return []
    done = {s.kind for s in applicant.steps.all()}
    return [str(K(kind).label) for kind in AFTER_ADMISSION if kind not in done]


def _notice_ends_in_time(
    start: datetime.date, ends_on: datetime.date | None, meeting_on: datetime.date
) -> bool:
    """A 公示 of five working days from its first day, over by the branch meeting."""
    try:
        full_notice = add_working_days(start, NOTICE_WORKING_DAYS)
    except UnknownHolidayYear as e:
        raise MemberError(str(e)) from None
    return ends_on is not None and full_notice <= ends_on <= meeting_on


def check_conversion_notice(
    start: datetime.date | None, ends_on: datetime.date | None, meeting_on: datetime.date
) -> None:
    """The rule of the 公示 before conversion, in one place: five working days on the
    official calendar (township.workdays) from its first day, its last day no later than the
    branch meeting. Used for a member developed in the system (its DevelopmentStep) and for a
    roster-imported member (members.upkeep.convert_member, its ConversionNotice)."""
    if start is None or ends_on is None:
        raise MemberError(
            _(
                "The branch meeting cannot convert the probationary member before the public "
                "notice before conversion: give its first and last day (%(n)s working days, "
                "over by the branch meeting; 《中国共产党发展党员工作细则》)."
            )
            % {"n": NOTICE_WORKING_DAYS}
        )
    if not _notice_ends_in_time(start, ends_on, meeting_on):
        raise MemberError(
            _(
                "The public notice before conversion lasts %(n)s working days and ends "
                "before the branch meeting."
            )
            % {"n": NOTICE_WORKING_DAYS}
        )


def _steps_in_order(applicant, kinds, *, since, on, missing: str, out_of_order: str) -> dict:
    """The applicant's steps by kind, once every one of `kinds` is recorded, in that order,
    between `since` and the meeting on `on`; else MemberError with `missing` (naming the
    steps) or `out_of_order` (naming the step and the order)."""
    steps = {s.kind: s for s in applicant.steps.all()}
    absent = [str(K(kind).label) for kind in kinds if kind not in steps]
    if absent:
        raise MemberError(missing % {"steps": "、".join(absent)})
    previous = since
    for kind in kinds:
        step = steps[kind]
        if (previous and step.on < previous) or step.on > on:
            raise MemberError(
                out_of_order
                % {
                    "step": step.get_kind_display(),
                    "order": "→".join(str(K(k).label) for k in kinds),
                }
            )
        previous = step.ends_on or step.on
    return steps


def check_ready_for_conversion(applicant: Applicant, on: datetime.date) -> None:
    """Refuse the branch meeting's conversion on `on` unless the steps after admission are
    recorded (乡党委审批, 入党宣誓, and the 公示 of the probationary member over five working
    days), in order, between the admission and the meeting (《中国共产党发展党员工作细则》
    第二十九条)."""
    steps = _steps_in_order(
        applicant,
        AFTER_ADMISSION,
        since=applicant.admitted_on,
        on=on,
        missing=_(
            "The branch meeting cannot convert the probationary member before these steps "
            "are recorded (《中国共产党发展党员工作细则》): %(steps)s."
        ),
        out_of_order=_(
            "The step “%(step)s” is out of order: the steps between the admission and "
            "the conversion go %(order)s."
        ),
    )
    notice = steps[K.CONVERSION_NOTICE]
    check_conversion_notice(notice.on, notice.ends_on, on)


def check_ready_for_admission(applicant: Applicant, on: datetime.date) -> None:
    """Refuse the branch meeting's admission on `on` unless every step before it is recorded
    (政治审查 with its conclusion, 公示 of the 发展对象 over five working days, 集中培训 of three
    days or 24 class hours, 县委组织部预审, 入党志愿书), in order, between becoming a 发展对象
    and the meeting (《中国共产党发展党员工作细则》第十八条至第二十二条)."""
    steps = _steps_in_order(
        applicant,
        BEFORE_ADMISSION,
        since=applicant.candidate_on,
        on=on,
        missing=_(
            "The branch meeting cannot admit before these steps are recorded "
            "(《中国共产党发展党员工作细则》): %(steps)s."
        ),
        out_of_order=_(
            "The step “%(step)s” is out of order: the steps between the development "
            "candidate and the branch meeting go %(order)s."
        ),
    )
    review, notice, training = steps[K.REVIEW], steps[K.NOTICE], steps[K.TRAINING]
    if not review.conclusion.strip():
        raise MemberError(_("Write the conclusion of the political review."))

    if not _notice_ends_in_time(notice.on, notice.ends_on, on):
        raise MemberError(
            _(
                "The public notice of the development candidate lasts %(n)s working days "
                "and ends before the branch meeting."
            )
            % {"n": NOTICE_WORKING_DAYS}
        )
    days = (training.ends_on - training.on).days + 1 if training.ends_on else 1
    if days < TRAINING_MIN_DAYS and (training.class_hours or 0) < TRAINING_MIN_HOURS:
        raise MemberError(
            _("Concentrated training lasts at least %(days)s days or %(hours)s class hours.")
            % {"days": TRAINING_MIN_DAYS, "hours": TRAINING_MIN_HOURS}
        )


def next_development_step(applicant: Applicant) -> str | None:
    done = {s.kind for s in applicant.steps.all()}
    for kind, when in DEVELOPMENT_STEP_ORDER:
        if kind in done:
            continue
        if when == "before" and applicant.admitted_on:
            continue  # admitted without it: too late to record in order
        return kind
    return None


@transaction.atomic
def record_development_step(
    *,
    applicant: Applicant,
    kind: str,
    on: datetime.date,
    ends_on: datetime.date | None = None,
    class_hours: int | None = None,
    certificate_on: datetime.date | None = None,
    conclusion: str = "",
    number: str = "",
    document=None,
) -> DevelopmentStep:
    """Record the next step of 发展纪实; refused out of order or against its rule."""
    applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    if applicant.stopped_on:
        raise MemberError(_("The development of this applicant was stopped."))
    if kind not in K.values:
        raise MemberError(_("Choose the step."))
    expected = next_development_step(applicant)
    if kind != expected:
        if expected is None:
            raise MemberError(_("Every step of the development record is already recorded."))
        raise MemberError(
            _("Steps go in order: the next step is “%(step)s”.") % {"step": K(expected).label}
        )
    if on > today():
        raise MemberError(_("The date is in the future."))
    before = dict(DEVELOPMENT_STEP_ORDER)[kind] == "before"
    if before:
        if not applicant.candidate_on:
            raise MemberError(_("This step follows the decision on the development candidate."))
        if on < applicant.candidate_on:
            raise MemberError(
                _("This step cannot come before the applicant became a development candidate.")
            )
    else:
        if not applicant.admitted_on:
            raise MemberError(_("This step follows the admission by the branch meeting."))
        if on < applicant.admitted_on:
            raise MemberError(_("This step cannot come before the branch meeting's admission."))
        if kind == K.CONVERSION_NOTICE and applicant.converted_on:
            raise MemberError(_("The member has already been converted."))
    last = applicant.steps.order_by("-on").first()
    if last is not None and on < (last.ends_on or last.on):
        raise MemberError(_("A step cannot be dated before the previous one ends."))

    step = DevelopmentStep(applicant=applicant, kind=kind, on=on)
    if kind == K.REVIEW:
        if not conclusion.strip():
            raise MemberError(_("Write the conclusion of the political review."))
        step.conclusion = conclusion.strip()
    elif kind in (K.NOTICE, K.CONVERSION_NOTICE):
        try:
            step.ends_on = add_working_days(on, NOTICE_WORKING_DAYS)
        except UnknownHolidayYear as e:
            raise MemberError(str(e)) from None
    elif kind == K.TRAINING:
        if ends_on is None or ends_on < on:
            raise MemberError(_("Give the training's last day (not before its first)."))
        days = (ends_on - on).days + 1
        if days < TRAINING_MIN_DAYS and (class_hours or 0) < TRAINING_MIN_HOURS:
            raise MemberError(
                _("Concentrated training lasts at least %(days)s days or %(hours)s class hours.")
                % {"days": TRAINING_MIN_DAYS, "hours": TRAINING_MIN_HOURS}
            )
        if certificate_on is None or certificate_on < ends_on:
            raise MemberError(_("Give the certificate's date (not before the training ends)."))
        step.ends_on, step.class_hours, step.certificate_on = ends_on, class_hours, certificate_on
    elif kind == K.FORM:
        if not number.strip():
            raise MemberError(_("Give the number of the application form."))
        step.number = number.strip()
    elif kind == K.APPROVAL:
        latest = add_months(applicant.admitted_on, APPROVAL_WITHIN_MONTHS)
        if on > latest:
            raise MemberError(
                _(
                    "The township Party committee approves within three months of the branch "
                    "meeting: by %(day)s."
                )
                % {"day": latest.isoformat()}
            )
    if document:
        step.document = document
    try:
        step.full_clean()
    except ValidationError as e:
        raise MemberError(" ".join(e.messages)) from e
    step.save()
    return step
