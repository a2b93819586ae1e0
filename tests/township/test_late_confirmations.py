"""补录 confirmed from the pages for every dated record that can be late (issue 13 item 2):
finance disclosures, handovers, contacts with mobile members and 民主评议 appraisals get the
same button as meetings and progress reports — POST, data-confirm, staff only, with a note;
who and when are kept, the mark stays and the entry counts as verified."""

import datetime
import re

import pytest
from django.urls import reverse

from branches.models import Branch, Meeting
from branches.services import save_meeting
from members.models import Appraisal, ContactLog
from overview.late_entries import late_entries_by_branch
from tests.factories import UserFactory, make_role
from tests.finance.factories import DisclosureFactory, HandoverFactory, make_finance
from tests.plans.factories import TaskFactory, TaskUpdateFactory
from township.late import entered_on_day
from township.models import Role

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.LATE_ENTRY_DAYS = 30


def _disclosure(w):
    finance = make_finance(w.branch_a)
    record = DisclosureFactory(
        finance=finance, posted_on=D(2016, 6, 5), created_at=entered_on_day(D(2016, 12, 20))
    )
    url = reverse("finance:confirm-late", args=[finance.pk, "disclosure", record.pk])
    return record, url, reverse("finance:detail", args=[finance.pk])


def _handover(w):
    finance = make_finance(w.branch_a)
    record = HandoverFactory(
        finance=finance, handed_on=D(2016, 7, 8), created_at=entered_on_day(D(2016, 12, 20))
    )
    url = reverse("finance:confirm-late", args=[finance.pk, "handover", record.pk])
    return record, url, reverse("finance:detail", args=[finance.pk])


def _contact(w):
    record = ContactLog.objects.create(
        member=w.member_a, date=D(2016, 8, 1), how="phone", what="了解务工情况"
    )
    url = reverse("members:contact-confirm-late", args=[record.pk])
    return record, url, reverse("members:detail", args=[w.member_a.pk])


def _appraisal(w):
    # The 2015 appraisal entered on 20 December 2016: 355 days after the year's end.
    record = Appraisal.objects.create(
        member=w.member_a, branch=w.branch_a, year=2015, result="qualified"
    )
    url = reverse("members:appraisal-confirm-late", args=[record.pk])
    return record, url, reverse("members:appraisals", args=[w.branch_a.pk]) + "?year=2015"


KINDS = {
    "disclosure": _disclosure,
    "handover": _handover,
    "contact": _contact,
    "appraisal": _appraisal,
}
kinds = pytest.mark.parametrize("kind", list(KINDS))


@kinds
def test_staff_confirm_it_from_the_page_and_the_mark_stays(world, as_user, kind):
    record, url, page_url = KINDS[kind](world)
    assert record.is_late and not record.late_confirmed
    client = as_user(world.staff)
    page = client.get(page_url).content.decode()
    assert "补录" in page and f'action="{url}"' in page and "确认补录" in page
    form = page.split(f'action="{url}"')[1].split("</form>")[0]
    assert "data-confirm=" in form and 'method="post"' in page.split(f'action="{url}"')[0][-80:]
    # The form carries the version the page was read at.
    version = re.search(r'name="seen_version" value="([^"]+)"', form).group(1)
    assert version == record.late_version
    note = "核对了公开栏照片和签字"
    response = client.post(url, {"note": note, "seen_version": version}, follow=True)
    assert "补录已确认" in response.content.decode()
    record.refresh_from_db()
    assert record.is_late and record.late_confirmed
    assert (record.late_confirmed_by, record.late_note) == (world.staff, "核对了公开栏照片和签字")
    assert record.history.first().late_note == "核对了公开栏照片和签字"  # kept in history
    page = as_user(world.leader).get(page_url).content.decode()
    assert "已核实" in page and "核对了公开栏照片和签字" in page and f'action="{url}"' not in page


@kinds
@pytest.mark.parametrize(
    "who,status",
    [("leader", 403), ("secretary_a", 403), ("secretary_b", 404), ("other_staff", 404)],
)
def test_only_the_townships_staff_confirm(world, as_user, kind, who, status):
    record, url, _page = KINDS[kind](world)
    assert as_user(getattr(world, who)).post(url, {"note": "x"}).status_code == status
    record.refresh_from_db()
    assert not record.late_confirmed


@kinds
def test_those_who_cannot_confirm_see_no_button(world, as_user, kind):
    record, url, page_url = KINDS[kind](world)
    for user in (world.leader, world.secretary_a):
        response = as_user(user).get(page_url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "补录" in page and f'action="{url}"' not in page


@kinds
def test_a_get_and_an_anonymous_post_change_nothing(world, as_user, kind):
    record, url, _page = KINDS[kind](world)
    assert as_user(world.staff).get(url).status_code == 405
    response = as_user(None).post(url, {"note": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    record.refresh_from_db()
    assert not record.late_confirmed


@kinds
@pytest.mark.parametrize(
    "note,message",
    [
        ("", "确认补录前请说明核实了什么"),
        ("   ", "确认补录前请说明核实了什么"),
        ("长" * 201, "说明过长"),
    ],
)
def test_a_missing_or_overlong_note_is_refused(world, as_user, kind, note, message):
    record, url, _page = KINDS[kind](world)
    data = {"note": note, "seen_version": record.late_version}
    response = as_user(world.staff).post(url, data, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    record.refresh_from_db()
    assert not record.late_confirmed and record.late_note == ""


@kinds
def test_a_second_confirmation_is_refused_and_the_first_kept(world, as_user, kind):
    """Two staff open the page; the one who posts second sees the entry already confirmed."""
    record, url, _page = KINDS[kind](world)
    version = record.late_version  # both read the page
    first = as_user(world.staff).post(url, {"note": "第一次核实", "seen_version": version})
    assert first.status_code == 302
    colleague = UserFactory(username="zuzhi_2")
    make_role(colleague, Role.Kind.STAFF, world.township)
    data = {"note": "第二次", "seen_version": version}
    response = as_user(colleague).post(url, data, follow=True)
    assert "该补录已确认" in response.content.decode()
    record.refresh_from_db()
    assert (record.late_confirmed_by, record.late_note) == (world.staff, "第一次核实")


def test_an_entry_made_on_time_has_nothing_to_confirm(world, as_user):
    finance = make_finance(world.branch_a)
    on_time = DisclosureFactory(
        finance=finance, posted_on=D(2016, 12, 5), created_at=entered_on_day(D(2016, 12, 6))
    )
    url = reverse("finance:confirm-late", args=[finance.pk, "disclosure", on_time.pk])
    data = {"note": "x", "seen_version": on_time.late_version}
    response = as_user(world.staff).post(url, data, follow=True)
    assert "该记录按期录入，无需确认" in response.content.decode()
    on_time.refresh_from_db()
    assert not on_time.late_confirmed


def test_a_finance_record_is_found_only_under_its_own_village_and_kind(world, as_user):
    record, _url, _page = _disclosure(world)
    client = as_user(world.staff)
    other = make_finance(world.branch_b)
    for args in (
        [other.pk, "disclosure", record.pk],  # another village's page
        [record.finance_id, "handover", record.pk],  # the wrong kind
        [record.finance_id, "entry", record.pk],  # not a kind that can be late
        [record.finance_id, "disclosure", 999999],  # gone
    ):
        url = reverse("finance:confirm-late", args=args)
        assert client.post(url, {"note": "x"}).status_code == 404
    record.refresh_from_db()
    assert not record.late_confirmed


def test_appraisals_are_in_the_per_branch_late_list(world, as_user):
    late = Appraisal.objects.create(
        member=world.member_a, branch=world.branch_a, year=2015, result="qualified"
    )
    branches = Branch.objects.filter(township=world.township).order_by("position", "pk")
    [row] = late_entries_by_branch(branches, 2015)
    assert [(e.kind, e.record) for e in row.entries] == [("appraisal", late)]
    assert row.entries[0].url == (
        reverse("members:appraisals", args=[world.branch_a.pk]) + "?year=2015"
    )
    assert late_entries_by_branch(branches, 2016) == []
    # Entered within LATE_ENTRY_DAYS of the year's end: on time, not listed.
    Appraisal.objects.filter(pk=late.pk).update(created_at=entered_on_day(D(2016, 1, 30)))
    assert late_entries_by_branch(branches, 2015) == []
    Appraisal.objects.filter(pk=late.pk).update(created_at=entered_on_day(D(2016, 1, 31)))
    [row] = late_entries_by_branch(branches, 2015)
    assert row.total == 1 and row.confirmed == 0


# --- The version a confirmation carries (issue 13: forms editing a shared record) -----------


def _meeting(w, settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    record = save_meeting(
        meeting=Meeting(branch=w.branch_a, kind="lecture", date=D(2016, 5, 10), topic="党课"),
        record=True,
    )
    url = reverse("branches:meeting-confirm-late", args=[record.pk])
    return record, url, reverse("branches:meeting-detail", args=[record.pk])


def _update(w, settings):
    task = TaskFactory(branch=w.branch_a)
    record = TaskUpdateFactory(
        task=task, on=D(2016, 5, 1), created_at=entered_on_day(D(2016, 12, 20))
    )
    url = reverse("plans:update-confirm-late", args=[record.pk])
    return record, url, reverse("plans:task", args=[task.pk])


def _any_kind(kind, w, settings):
    if kind == "meeting":
        return _meeting(w, settings)
    if kind == "update":
        return _update(w, settings)
    return KINDS[kind](w)


#: A change someone else makes to the record after the page was read.
CHANGES = {
    "disclosure": {"content": "改过的公开内容"},
    "handover": {"problems": "补签了一人"},
    "contact": {"what": "改过的联系内容"},
    "appraisal": {"result": "excellent"},
    "meeting": {"topic": "改过的议题"},
    "update": {"text": "改过的进展"},
}
all_kinds = pytest.mark.parametrize("kind", list(CHANGES))


@all_kinds
def test_every_confirm_form_carries_the_version_it_was_read_at(world, as_user, settings, kind):
    record, url, page_url = _any_kind(kind, world, settings)
    page = as_user(world.staff).get(page_url).content.decode()
    form = page.split(f'action="{url}"')[1].split("</form>")[0]
    assert f'name="seen_version" value="{record.late_version}"' in form


@all_kinds
def test_a_confirmation_of_a_record_changed_since_is_refused(world, as_user, settings, kind):
    record, url, _page = _any_kind(kind, world, settings)
    seen = record.late_version
    type(record).objects.filter(pk=record.pk).update(**CHANGES[kind])
    record.refresh_from_db()
    assert record.late_version != seen
    before = record.history.count()
    response = as_user(world.staff).post(url, {"note": "核对了", "seen_version": seen}, follow=True)
    assert response.status_code == 200
    assert "该记录在您打开页面后已被修改，未予确认" in response.content.decode()
    record.refresh_from_db()
    assert not record.late_confirmed and record.late_note == "" and record.late_confirmed_by is None
    assert record.history.count() == before


@all_kinds
@pytest.mark.parametrize("seen", [None, "", "0", "x" * 500])
def test_a_confirmation_without_the_version_is_refused(world, as_user, settings, kind, seen):
    record, url, _page = _any_kind(kind, world, settings)
    data = {"note": "核对了"} | ({} if seen is None else {"seen_version": seen})
    response = as_user(world.staff).post(url, data, follow=True)
    assert "该记录在您打开页面后已被修改，未予确认" in response.content.decode()
    record.refresh_from_db()
    assert not record.late_confirmed


@all_kinds
def test_a_confirmation_at_the_current_version_goes_through(world, as_user, settings, kind):
    record, url, _page = _any_kind(kind, world, settings)
    data = {"note": "核对了原始记录", "seen_version": record.late_version}
    response = as_user(world.staff).post(url, data, follow=True)
    assert "补录已确认" in response.content.decode()
    record.refresh_from_db()
    assert record.late_confirmed and record.late_note == "核对了原始记录"
