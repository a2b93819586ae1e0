"""补录 (issue 13 item 2): a dated record entered more than LATE_ENTRY_DAYS after the event is
marked wherever shown, counted apart in compliance, listed per branch on the dashboard, and
confirmed by staff (who, when, note) without losing the mark."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Branch, Meeting
from branches.selectors import org_life_compliance
from branches.services import save_meeting
from overview.late_entries import late_entries_by_branch
from plans.services import post_task_update
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory
from township.late import LateEntryError, confirm_late_entry

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.LATE_ENTRY_DAYS = 30
    settings.ORG_LIFE_FREQUENCIES = {"lecture": "quarter"}


def record(branch, day, *, on, settings, kind="lecture"):
    """Record a meeting held on `day`, entered on `on`."""
    settings.TOWNSHIP_TODAY = on
    meeting = save_meeting(
        meeting=Meeting(branch=branch, kind=kind, date=day, topic="党课"), record=True
    )
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    return meeting


def lecture_kind(branch):
    row = org_life_compliance(Branch.objects.filter(pk=branch.pk), 2016)[0]
    return next(k for k in row.kinds if k.kind == "lecture")


def test_entered_on_the_thirtieth_day_is_on_time_and_on_the_thirty_first_is_late(world, settings):
    on_time = record(world.branch_a, D(2016, 3, 1), on=D(2016, 3, 31), settings=settings)
    late = record(world.branch_a, D(2016, 6, 1), on=D(2016, 7, 2), settings=settings)
    assert not on_time.is_late and late.is_late and late.late_days_after == 31
    kind = lecture_kind(world.branch_a)  # the database agrees at the boundary
    assert (kind.held, kind.on_time, kind.late, kind.late_confirmed) == (2, 1, 1, 0)


def test_the_number_of_days_is_a_setting(world, settings):
    settings.LATE_ENTRY_DAYS = 7
    meeting = record(world.branch_a, D(2016, 3, 1), on=D(2016, 3, 9), settings=settings)
    assert meeting.is_late and lecture_kind(world.branch_a).late == 1


def test_a_meeting_planned_ahead_and_recorded_months_later_is_late(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 5, 1)
    meeting = save_meeting(
        meeting=Meeting(branch=world.branch_a, kind="lecture", date=D(2016, 5, 10), topic="t"),
        record=False,
    )
    assert meeting.created_at is None and not meeting.is_late
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    meeting = save_meeting(meeting=meeting, record=True)
    assert meeting.is_late
    # Editing it again later does not move when it was entered.
    entered = meeting.created_at
    meeting.topic = "改"
    save_meeting(meeting=meeting, record=True)
    meeting.refresh_from_db()
    assert meeting.created_at == entered


def test_the_meeting_pages_show_the_mark(world, settings, as_user):
    late = record(world.branch_a, D(2016, 5, 10), on=D(2016, 12, 20), settings=settings)
    client = as_user(world.leader)
    detail = client.get(reverse("branches:meeting-detail", args=[late.pk])).content.decode()
    assert "补录" in detail and "224" in detail
    listing = client.get(reverse("branches:meetings", args=[world.branch_a.pk]) + "?year=2016")
    assert "补录" in listing.content.decode()


def test_staff_confirm_a_late_entry_and_the_mark_stays(world, settings, as_user):
    late = record(world.branch_a, D(2016, 5, 10), on=D(2016, 12, 20), settings=settings)
    url = reverse("branches:meeting-confirm-late", args=[late.pk])
    data = {"note": "核对了会议记录本和签到表", "seen_version": late.late_version}
    response = as_user(world.staff).post(url, data)
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.is_late and late.late_confirmed
    assert (late.late_confirmed_by, late.late_note) == (world.staff, "核对了会议记录本和签到表")
    assert late.history.first().late_note == "核对了会议记录本和签到表"  # kept in history
    kind = lecture_kind(world.branch_a)
    assert (kind.late, kind.late_confirmed) == (1, 1)
    page = as_user(world.leader).get(reverse("branches:meeting-detail", args=[late.pk]))
    assert "已核实" in page.content.decode() and "补录" in page.content.decode()


@pytest.mark.parametrize(
    "who,status",
    [("leader", 403), ("secretary_a", 403), ("secretary_b", 404), ("other_staff", 404)],
)
def test_only_the_townships_staff_confirm(world, settings, as_user, who, status):
    late = record(world.branch_a, D(2016, 5, 10), on=D(2016, 12, 20), settings=settings)
    url = reverse("branches:meeting-confirm-late", args=[late.pk])
    assert as_user(getattr(world, who)).post(url, {"note": "x"}).status_code == status
    late.refresh_from_db()
    assert not late.late_confirmed


def test_an_anonymous_confirmation_goes_to_the_login(world, settings, client):
    late = record(world.branch_a, D(2016, 5, 10), on=D(2016, 12, 20), settings=settings)
    response = client.post(reverse("branches:meeting-confirm-late", args=[late.pk]), {"note": "x"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_confirmation_needs_a_note_and_a_late_entry(world, settings, as_user):
    late = record(world.branch_a, D(2016, 5, 10), on=D(2016, 12, 20), settings=settings)
    on_time = record(world.branch_a, D(2016, 12, 1), on=D(2016, 12, 20), settings=settings)
    client = as_user(world.staff)
    response = client.post(
        reverse("branches:meeting-confirm-late", args=[late.pk]),
        {"note": "  ", "seen_version": late.late_version},
        follow=True,
    )
    assert "请说明核实了什么" in response.content.decode()
    late.refresh_from_db()
    assert not late.late_confirmed
    with pytest.raises(LateEntryError):
        confirm_late_entry(record=on_time, by=world.staff, note="x")
    confirm_late_entry(record=late, by=world.staff, note="x")
    with pytest.raises(LateEntryError):
        confirm_late_entry(record=late, by=world.staff, note="again")
    assert client.get(reverse("branches:meeting-confirm-late", args=[late.pk])).status_code == 405


def test_a_progress_update_entered_late_is_marked_and_confirmed(world, as_user):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 12, 31))
    task = TaskFactory(branch=world.branch_a, measure=measure)
    update = post_task_update(
        task=task, by=world.staff, version=1, text="补报", percent=50, on=D(2016, 10, 1)
    )
    assert update.is_late
    page = as_user(world.staff).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "补录" in page and "确认补录" in page
    url = reverse("plans:update-confirm-late", args=[update.pk])
    assert as_user(world.secretary_a).post(url, {"note": "x"}).status_code == 403
    assert as_user(world.secretary_b).post(url, {"note": "x"}).status_code == 404
    data = {"note": "见现场照片", "seen_version": update.late_version}
    assert as_user(world.staff).post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.late_confirmed and update.is_late


def test_the_selector_lists_late_entries_per_branch(world, settings):
    record(world.branch_b, D(2016, 2, 1), on=D(2016, 12, 20), settings=settings)
    a1 = record(world.branch_a, D(2016, 3, 1), on=D(2016, 12, 20), settings=settings)
    record(world.branch_a, D(2016, 12, 1), on=D(2016, 12, 20), settings=settings)  # on time
    confirm_late_entry(record=a1, by=world.staff, note="ok")
    branches = Branch.objects.filter(township=world.township).order_by("position", "pk")
    rows = late_entries_by_branch(branches, 2016)
    assert [r.branch for r in rows] == [world.branch_a, world.branch_b]
    assert [(r.total, r.confirmed) for r in rows] == [(1, 1), (1, 0)]
    assert late_entries_by_branch(branches, 2015) == []


def test_the_dashboard_lists_them_with_constant_queries(world, settings, as_user):
    client = as_user(world.staff)
    url = reverse("dashboard") + "?year=2016"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        return len(ctx.captured_queries), page

    record(world.branch_a, D(2016, 3, 1), on=D(2016, 12, 20), settings=settings)
    one, page = count()
    assert "2016年补录情况" in page and "甲村党支部" in page.split("2016年补录情况")[1]
    for month in range(4, 10):
        record(world.branch_a, D(2016, month, 1), on=D(2016, 12, 20), settings=settings)
        record(world.branch_b, D(2016, month, 2), on=D(2016, 12, 20), settings=settings)
    many, page = count()
    assert many == one


def test_disclosures_handovers_contacts_and_appraisals_are_marked_and_listed(world, as_user):
    from finance.models import Disclosure
    from members.models import Appraisal, ContactLog
    from tests.finance.factories import DisclosureFactory, HandoverFactory, make_finance
    from township.late import entered_on_day

    finance = make_finance(world.branch_a)
    late_day = entered_on_day(D(2016, 12, 20))
    disclosure = DisclosureFactory(finance=finance, posted_on=D(2016, 6, 5), created_at=late_day)
    on_time = DisclosureFactory(
        finance=finance, posted_on=D(2016, 12, 5), created_at=entered_on_day(D(2016, 12, 6))
    )
    handover = HandoverFactory(finance=finance, handed_on=D(2016, 7, 8), created_at=late_day)
    contact = ContactLog.objects.create(
        member=world.member_a, date=D(2016, 8, 1), how="phone", what="了解情况", created_at=late_day
    )
    appraisal = Appraisal(
        member=world.member_a, branch=world.branch_a, year=2015, result="qualified"
    )
    appraisal.created_at = entered_on_day(D(2016, 3, 1))
    assert disclosure.is_late and not on_time.is_late and handover.is_late and contact.is_late
    assert appraisal.is_late  # 61 days after the year's end
    appraisal.created_at = entered_on_day(D(2016, 1, 20))
    assert not appraisal.is_late
    branches = Branch.objects.filter(township=world.township).order_by("position", "pk")
    [row] = late_entries_by_branch(branches, 2016)
    assert sorted(e.kind for e in row.entries) == ["contact", "disclosure", "handover"]
    page = as_user(world.staff).get(reverse("finance:detail", args=[finance.pk]))
    assert page.content.decode().count("补录") >= 2
    page = as_user(world.staff).get(reverse("members:detail", args=[world.member_a.pk]))
    assert "补录" in page.content.decode()
    assert Disclosure.history.filter(id=disclosure.pk).exists()
