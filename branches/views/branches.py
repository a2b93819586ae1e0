import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from township.dates import is_year, today
from township.decorators import readers_only, role_required
from township.late import confirm_late_from_request
from township.uploads import serve_private_file, stored_basename

from ..filters import (
    BranchListFilterForm,
    ComplianceFilterForm,
    MeetingFilterForm,
    ScreeningYearForm,
)
from ..forms import AttendanceFormSet, MeetingForm, ScreeningForm, attendance_initial
from ..groups import group_compliance
from ..models import Attendance, Branch, BranchGrade, Meeting, MeetingPhoto
from ..permissions import (
    branches_visible_to,
    can_confirm_late_entries,
    can_decide_screening,
    can_edit_branch_record,
    can_manage_branch,
    can_record_meetings,
    can_see_rule_checks,
    get_branch_for_user,
    get_meeting_for_user,
)
from ..screening import ScreeningError, decide_screening, screening_list
from ..selectors import (
    branches_with_figures,
    grade_distribution,
    graded_years,
    meeting_years,
    meetings_with_attendance,
    org_life_compliance,
    org_life_tally,
    quorum_of,
    rule_warnings,
)
from ..services import MeetingError, _attendees, save_meeting


@role_required
def branch_list(request):
    """The branches the user reads with their grade of a year, 50 to a page (a county reads
    about a thousand); a reader of several townships may choose one."""
    visible = branches_visible_to(request.user)
    years = graded_years(visible)
    form = BranchListFilterForm(request.GET, user=request.user, graded_years=years)
    form.warn(request)
    year = form.cleaned_data["year"]
    scoped = form.scoped(visible)
    grade_of_year = BranchGrade.objects.filter(branch=OuterRef("pk"), year=year)
    branches = branches_with_figures(scoped.active()).annotate(
        year_grade=Subquery(grade_of_year.values("grade")[:1]),
        year_weak=Subquery(grade_of_year.values("weak_and_lax")[:1]),
    )
    # The dashboard's grade counts link here: ?grade=<grade> or ?grade=weak shows exactly
    # the branches counted (the same active branches, graded in `year`).
    grade = form.cleaned_data["grade"]
    if grade == "weak":
        branches = branches.filter(year_weak=True)
    elif grade:
        branches = branches.filter(year_grade=grade)
    page = Paginator(
        branches.order_by("township__name", "township_id", "position", "pk"), 50
    ).get_page(request.GET.get("page"))
    grade_labels = dict(BranchGrade.Grade.choices)
    rows = [
        {
            "branch": branch,
            "grade": grade_labels.get(branch.year_grade, ""),
            "weak": branch.year_weak,
            "warnings": rule_warnings(branch) if can_see_rule_checks(request.user, branch) else [],
        }
        for branch in page.object_list
    ]
    return render(
        request,
        "branches/list.html",
        {
            "rows": rows,
            "page": page,
            "year": year,
            "years": years,
            "grade": grade,
            "grades": [*BranchGrade.Grade.choices, ("weak", _("weak and lax"))],
            "distribution": grade_distribution(scoped.active(), year),
            "townships": form.menu(),
            "township_id": form.text("township"),
        },
    )


def branch_detail(request, pk: int):
    branch = get_branch_for_user(request.user, pk)
    branch = branches_with_figures(type(branch).objects.filter(pk=branch.pk)).get()
    # Each member's last attendance: the date of the last recorded meeting they were
    # actually present at (not the last meeting held), in the same query.
    last_present = Attendance.objects.filter(
        member=OuterRef("pk"), present=True, meeting__status=Meeting.Status.RECORDED
    ).order_by("-meeting__date")
    members = list(
        branch.members.current()
        .annotate(last_attended=Subquery(last_present.values("meeting__date")[:1]))
        .order_by("joined_on", "id")
    )
    # members.permissions.can_see_personal_data: those who manage the member's branch.
    show_personal = bool(members) and can_manage_branch(request.user, branch)
    positions = branch.positions.filter(left_on__isnull=True).select_related("member")
    return render(
        request,
        "branches/detail.html",
        {
            "branch": branch,
            "positions": positions,
            "members": members,
            "show_personal": show_personal,
            "grades": branch.grades.all(),
            "rectifications": branch.rectifications.all(),
            "warnings": rule_warnings(branch) if can_see_rule_checks(request.user, branch) else [],
            "can_edit": can_edit_branch_record(request.user, branch),
            **_branch_sections(request, branch),
        },
    )


# --- Organisational life (三会一课 and the rest) ------------------------------------------


def _branch_sections(request, branch) -> dict:
    """What the branch page adds: this year's organisational-life compliance, the latest
    meetings, elections and reserve cadres."""
    year = today().year
    recent = list(meetings_with_attendance(branch.meetings.all())[:5])
    for m in recent:
        m.quorum = quorum_of(m)
    return {
        "compliance": org_life_compliance(type(branch).objects.filter(pk=branch.pk), year)[0],
        "compliance_year": year,
        "recent_meetings": recent,
        "elections": branch.elections.annotate(candidate_count=Count("candidates")).order_by(
            "-held_on", "-pk"
        )[:3],
        "reserve_cadres": branch.reserve_cadres.filter(until__isnull=True).select_related("member"),
        "can_record": can_record_meetings(request.user, branch),
        "party_groups": group_compliance(type(branch).objects.filter(pk=branch.pk), year),
    }


def branch_meetings(request, pk: int):
    branch = get_branch_for_user(request.user, pk)
    form = MeetingFilterForm(request.GET, user=request.user)
    meetings = form.filter_qs(branch.meetings.all())
    year = form.cleaned_data["year"]
    page = Paginator(meetings, 30).get_page(request.GET.get("page"))
    for m in page:
        m.quorum = quorum_of(m)
    return render(
        request,
        "branches/meetings.html",
        {
            "branch": branch,
            "page": page,
            "year": year,
            "years": meeting_years([branch.pk], year=year),
            "kind": form.cleaned_data["kind"],
            "kinds": Meeting.Kind.choices,
            "held_only": request.GET.get("held") == "1",
            "late_only": request.GET.get("late") == "1",
            "compliance": org_life_compliance(type(branch).objects.filter(pk=branch.pk), year)[0],
            "can_record": can_record_meetings(request.user, branch),
        },
    )


def _attendees_for_form(branch, day):
    """The branch's members on the day, members working away listed last (issue 19: a
    secretary on a phone ticks those present first)."""
    members = _attendees(branch, day)
    return sorted(members, key=lambda m: m.is_mobile)


def _day_of_form(request, meeting) -> datetime.date:
    """The day whose members the form lists: the date typed, read by the form's own date
    field; a bad or missing one keeps the stored day (today for a new meeting)."""
    day = meeting.date if meeting.pk else today()
    if request.method != "POST":
        return day
    try:
        return MeetingForm.base_fields["date"].clean(request.POST.get("date"))
    except ValidationError:
        return day


def _announce_saved(request, saved: Meeting) -> None:
    """The message after a save, and the warning when a recorded meeting lacked a quorum."""
    messages.success(
        request,
        _("Meeting recorded.") if saved.is_recorded else _("Meeting planned."),
    )
    if saved.is_recorded and saved.needs_quorum:
        saved = meetings_with_attendance(Meeting.objects.filter(pk=saved.pk)).get()
        if not quorum_of(saved):
            messages.warning(
                request,
                _(
                    "Not more than half of the voting members were present: the meeting "
                    "is recorded but decides nothing and does not count as held."
                ),
            )


def _meeting_form_page(request, branch, meeting):
    members = _attendees_for_form(branch, _day_of_form(request, meeting))
    stored = list(meeting.attendances.all()) if meeting.pk else []
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        instance=meeting,
        branch=branch,
        members=members,
        initial={} if meeting.pk else {"date": today()},
    )
    formset = AttendanceFormSet(
        request.POST or None,
        prefix="att",
        members=members,
        initial=None if request.method == "POST" else attendance_initial(members, stored),
    )
    status = 200
    if request.method == "POST":
        with transaction.atomic():
            saved = _save_meeting_form(request, form, formset)
        if saved is not None:
            _announce_saved(request, saved)
            return redirect("branches:meeting-detail", saved.pk)
        status = 409 if form.has_error(NON_FIELD_ERRORS, "conflict") else 200
        if meeting.pk:
            # The failed save may have changed the instance in memory: nothing was stored.
            meeting.refresh_from_db()
    return render(
        request,
        "branches/meeting_form.html",
        {
            "branch": branch,
            "meeting": meeting,
            "form": form,
            "formset": formset,
            "reasons": Attendance.Reason.choices,
        },
        status=status,
    )


def _save_meeting_form(request, form, formset):
    """Validate and save inside the caller's transaction; None when refused (errors on the
    forms, nothing stored)."""
    if not form.is_valid():
        return None
    record = form.cleaned_data["record"]
    if record and not formset.is_valid():
        return None
    try:
        return save_meeting(
            meeting=form.instance,
            record=record,
            present_ids=formset.present_ids() if record else set(),
            absence_reasons=formset.reasons() if record else {},
            photos=form.cleaned_data["photos"],
        )
    except MeetingError as e:
        form.add_error(None, str(e))
    except ValidationError as e:  # a photo or date refused by the model's own rules
        for message in e.messages:
            form.add_error(None, message)
    transaction.set_rollback(True)
    return None


def meeting_new(request, pk: int):
    branch = get_branch_for_user(request.user, pk)
    if not can_record_meetings(request.user, branch):
        raise PermissionDenied
    return _meeting_form_page(request, branch, Meeting(branch=branch))


def meeting_edit(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _meeting_form_page(request, meeting.branch, meeting)


def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    meeting = meetings_with_attendance(Meeting.objects.filter(pk=meeting.pk)).get()
    meeting.quorum = quorum_of(meeting)
    return render(
        request,
        "branches/meeting_detail.html",
        {
            "meeting": meeting,
            "branch": meeting.branch,
            "attendances": meeting.attendances.select_related("member"),
            "photos": meeting.photos.all(),
            "can_record": can_record_meetings(request.user, meeting.branch),
            "can_confirm_late": can_confirm_late_entries(request.user, meeting.branch),
            "confirm_late_url": reverse("branches:meeting-confirm-late", args=[meeting.pk]),
        },
    )


@require_POST
def meeting_confirm_late(request, pk: int):
    """Staff confirm a late-entered meeting after checking it: the 补录 mark stays."""
    meeting = get_meeting_for_user(request.user, pk)
    if not can_confirm_late_entries(request.user, meeting.branch):
        raise PermissionDenied
    confirm_late_from_request(request, meeting)
    return redirect("branches:meeting-detail", meeting.pk)


def meeting_photo(request, pk: int):
    """Photos are not public media: each request checks the branch scope."""
    photo = get_object_or_404(MeetingPhoto.objects.select_related("meeting"), pk=pk)
    get_meeting_for_user(request.user, photo.meeting_id)
    return serve_private_file(photo.image, stored_basename(photo.image))


@readers_only
def compliance(request):
    """Which branches missed which meetings, for a year or a quarter: the branches of one
    township or all the user reads, 50 to a page (a county reads about a thousand)."""
    form = ComplianceFilterForm(request.GET, user=request.user)
    form.warn(request)
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    visible = branches_visible_to(request.user)
    scoped = form.scoped(visible.active())
    # The counts above the table, in the database: every branch of the scope, not only the
    # page's (org_life_compliance() of a thousand branches took seconds).
    tallies = org_life_tally(scoped, year, quarter)
    branches = form.listed(scoped, tallies)
    page = Paginator(
        branches.select_related("township").order_by(
            "township__name", "township_id", "position", "pk"
        ),
        50,
    ).get_page(request.GET.get("page"))
    # The page's branches in detail.
    rows = org_life_compliance(list(page.object_list), year, quarter)
    return render(
        request,
        "branches/compliance.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "total": len(tallies),
            "behind": sum(1 for t in tallies.values() if t.missed),
            "year": year,
            "quarter": quarter,
            "townships": form.menu(),
            "township_id": form.text("township"),
            "years": meeting_years(visible, year=year),
            "quarters": [1, 2, 3, 4],
            "kinds": [
                (k, label)
                for k, label in Meeting.Kind.choices
                if k in settings.ORG_LIFE_FREQUENCIES
            ],
        },
    )


@readers_only
def screening(request):
    """The yearly screening (排查) of weak and lax branches: every branch with the reasons
    found in the records, the decision and the rectification."""
    form = ScreeningYearForm(request.GET, user=request.user)
    form.warn(request)
    year = form.cleaned_data["year"]
    result = screening_list(branches_visible_to(request.user), year)
    for row in result.rows:
        row.can_decide = can_decide_screening(request.user, row.branch)
        row.form = ScreeningForm(
            initial={
                "decision": row.screening.decision if row.screening else "",
                "note": row.screening.note if row.screening else "",
                "version": row.version,
            },
            prefix=f"b{row.branch.pk}",
        )
    return render(
        request,
        "branches/screening.html",
        {
            "result": result,
            "year": year,
            "years": list(range(today().year, today().year - 6, -1)),
        },
    )


@require_POST
def screening_decide(request, year: int, pk: int):
    """Outside the user's branches 404; in scope but not staff 403."""
    if not is_year(year):
        raise Http404
    branch = get_branch_for_user(request.user, pk)
    if not can_decide_screening(request.user, branch):
        raise PermissionDenied
    form = ScreeningForm(request.POST, prefix=f"b{branch.pk}")
    back = f"{reverse('branches:screening')}?year={year}#branch-{branch.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose whether to designate the branch and write a note."))
        return redirect(back)
    reasons = screening_list(Branch.objects.filter(pk=branch.pk), year).rows[0].reasons
    try:
        decide_screening(
            branch=branch,
            year=year,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
            reasons=reasons,
        )
    except ScreeningError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, _("The decision on %(name)s is recorded.") % {"name": branch.name}
        )
    return redirect(back)
