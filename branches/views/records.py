"""Record books (记录本): a printable 三会一课 record page per meeting, a blank sign-in sheet
(签到表) for a planned meeting, and a branch's year of meetings as one PDF. Read-only: whoever
sees the branch's meetings may print them."""

from django.db.models import Prefetch
from django.http import Http404

from township.dates import FIRST_YEAR, LAST_YEAR, today
from township.pdf import pdf_response

from ..models import Attendance, Meeting
from ..permissions import get_branch_for_user, get_meeting_for_user
from ..selectors import meetings_with_attendance, quorum_of


def _with_attendance(meetings):
    """Meetings with counts, host and recorder, and their attendance rows: three queries
    however many meetings."""
    rows = meetings_with_attendance(meetings).prefetch_related(
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("member").order_by(
                "member__joined_on", "member_id"
            ),
        )
    )
    result = list(rows)
    for meeting in result:
        meeting.quorum = quorum_of(meeting)
        meeting.absent = [a for a in meeting.attendances.all() if not a.present]
        meeting.present_list = [a for a in meeting.attendances.all() if a.present]
    return result


def meeting_record_pdf(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    (meeting,) = _with_attendance(Meeting.objects.filter(pk=meeting.pk))
    return pdf_response(
        "branches/pdf/meeting_record.html",
        {"meetings": [meeting], "branch": meeting.branch},
        filename=f"{meeting.branch.name}{meeting.date:%Y%m%d}{meeting.get_kind_display()}记录.pdf",
    )


def meeting_sign_in_pdf(request, pk: int):
    """A blank sign-in sheet listing the branch's current members, for a meeting to come."""
    meeting = get_meeting_for_user(request.user, pk)
    members = meeting.branch.members.current().order_by("joined_on", "id")
    return pdf_response(
        "branches/pdf/sign_in.html",
        {"meeting": meeting, "branch": meeting.branch, "members": members},
        filename=f"{meeting.branch.name}{meeting.date:%Y%m%d}签到表.pdf",
    )


def meeting_book_pdf(request, pk: int, year: int):
    """The branch's recorded meetings of a year, in date order, one record page each."""
    branch = get_branch_for_user(request.user, pk)
    if not FIRST_YEAR <= year <= LAST_YEAR or year > today().year:
        raise Http404

    def context():
        meetings = branch.meetings.filter(date__year=year, status=Meeting.Status.RECORDED)
        return {
            "meetings": _with_attendance(meetings.order_by("date", "id")),
            "branch": branch,
            "year": year,
        }

    return pdf_response(
        "branches/pdf/meeting_book.html",
        context,
        filename=f"{branch.name}{year}年三会一课记录.pdf",
        # A page per meeting (about fifty a year: 3.7 s to render, measured with
        # bench/walk.py) and the same for every reader of the branch (names, no personal
        # data): kept under the data version, so a record changed makes a new book.
        cache_key=("meeting-book", branch.pk, year),
    )
