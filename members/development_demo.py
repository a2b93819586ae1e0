"""The demo's 发展纪实: each development record admitted by a branch meeting gets its dated
steps, in the order and within the limits members/development.py enforces; a converted one
also its 公示 before conversion, five working days over by the conversion meeting (held the
day probation ends, from which full membership counts). Idempotent."""

import datetime

from township.dates import today
from township.demo_data import ensure
from township.workdays import add_working_days

from .models import Applicant, DevelopmentStep

K = DevelopmentStep.Kind
day = datetime.timedelta


def load(township) -> None:
    records = Applicant.objects.filter(
        branch__township=township, admitted_on__isnull=False, candidate_on__isnull=False
    ).order_by("pk")
    for serial, a in enumerate(records, start=1):
        notice_on = a.candidate_on + day(10)
        notice_end = add_working_days(notice_on, 5)
        training_on = notice_end + day(3)
        training_end = training_on + day(2)
        pre_review_on = training_end + day(10)
        steps = [
            (
                K.REVIEW,
                a.candidate_on + day(7),
                {"conclusion": "政治历史清楚，现实表现良好，政审合格。"},
            ),
            (K.NOTICE, notice_on, {"ends_on": notice_end}),
            (
                K.TRAINING,
                training_on,
                {"ends_on": training_end, "class_hours": 24, "certificate_on": training_end},
            ),
            (K.PRE_REVIEW, pre_review_on, {}),
            (K.FORM, pre_review_on + day(7), {"number": f"{a.admitted_on.year}-{serial:03d}"}),
            (K.APPROVAL, a.admitted_on + day(30), {}),
            (K.OATH, a.admitted_on + day(45), {}),
        ]
        for kind, on, values in steps:
            if on > today() or (kind in (K.REVIEW, K.FORM) and on >= a.admitted_on):
                break
            ensure(DevelopmentStep, {"applicant": a, "kind": kind}, {"on": on, **values})
        if a.converted_on:
            notice_on, notice_end = _conversion_notice(a.converted_on)
            ensure(
                DevelopmentStep,
                {"applicant": a, "kind": K.CONVERSION_NOTICE},
                {"on": notice_on, "ends_on": notice_end},
            )


def _conversion_notice(meeting_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A notice of five working days starting about two weeks before the conversion meeting
    and over by it (earlier when holidays are in the way)."""
    start = meeting_on - day(14)
    while add_working_days(start, 5) > meeting_on:
        start -= day(1)
    return start, add_working_days(start, 5)
