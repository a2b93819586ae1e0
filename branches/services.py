"""Writes about branches that touch several rows: recording a meeting with its attendance."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from township.dates import today
from township.late import entered_now

from .models import Attendance, Meeting, MeetingPhoto


class MeetingError(Exception):
    """A meeting cannot be saved as asked; the message is for the user."""


def _attendees(branch, day: datetime.date):
    return list(
        branch.members.filter(joined_on__lte=day)
        .filter(_current_on(day))
        .order_by("joined_on", "id")
    )


def _current_on(day: datetime.date):
    from django.db.models import Q

    return Q(left_on__isnull=True) | Q(left_on__gt=day)


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting,
    record: bool,
    present_ids: set[int] | None = None,
    absence_reasons: dict[int, str] | None = None,
    photos: list | None = None,
) -> Meeting:
    """Plan a meeting, or record it with the attendance of every member of the branch.

    `present_ids` are the members ticked present; everyone else of the branch on that day is
    absent, with their reason. Ids of anyone outside the branch refuse the whole save."""
    present_ids = set(present_ids or ())
    absence_reasons = {k: v for k, v in (absence_reasons or {}).items() if v.strip()}
    if record:
        if meeting.date > today():
            raise MeetingError(_("A recorded meeting cannot be dated in the future."))
        if meeting.status != Meeting.Status.RECORDED:
            # Entered as held now: a meeting planned ahead and recorded months after its
            # date is as late (补录) as one entered from scratch.
            meeting.created_at = entered_now()
        meeting.status = Meeting.Status.RECORDED
    elif meeting.status != Meeting.Status.RECORDED:
        meeting.status = Meeting.Status.PLANNED
        meeting.created_at = None  # not entered as held yet
    members = _attendees(meeting.branch, meeting.date) if record else []
    known = {m.pk for m in members}
    strangers = (present_ids | set(absence_reasons)) - known
    if strangers:
        raise MeetingError(_("Some of the people ticked are not members of this branch."))
    meeting.full_clean()
    meeting.save()
    if record:
        meeting.attendances.all().delete()
        bulk_create_with_history(
            [
                Attendance(
                    meeting=meeting,
                    member=m,
                    present=m.pk in present_ids,
                    absence_reason="" if m.pk in present_ids else absence_reasons.get(m.pk, ""),
                    voting=m.full_member_on is not None and m.full_member_on <= meeting.date,
                )
                for m in members
            ],
            Attendance,
        )
    for photo in photos or []:
        item = MeetingPhoto(meeting=meeting, image=photo)
        item.full_clean()
        item.save()
    return meeting
