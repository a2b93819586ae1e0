"""补录 confirmed from the pages for every dated record that can be late (issue 13 item 2):
finance disclosures, handovers, contacts with mobile members and 民主评议 appraisals get the
same button as meetings and progress reports — POST, data-confirm, staff only, with a note;
who and when are kept, the mark stays and the entry counts as verified."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Branch
from members.models import Appraisal, ContactLog
from overview.late_entries import late_entries_by_branch
from tests.factories import UserFactory, make_role
from tests.finance.factories import DisclosureFactory, HandoverFactory, make_finance
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
    response = client.post(url, {"note": "核对了公开栏照片和签字"}, follow=True)
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
    response = as_user(world.staff).post(url, {"note": note}, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    record.refresh_from_db()
    assert not record.late_confirmed and record.late_note == ""


@kinds
def test_a_second_confirmation_is_refused_and_the_first_kept(world, as_user, kind):
    """Two staff open the page; the one who posts second sees the entry already confirmed."""
    record, url, _page = KINDS[kind](world)
    first = as_user(world.staff).post(url, {"note": "第一次核实"})
    assert first.status_code == 302
    colleague = UserFactory(username="zuzhi_2")
    make_role(colleague, Role.Kind.STAFF, world.township)
    response = as_user(colleague).post(url, {"note": "第二次"}, follow=True)
    assert "该补录已确认" in response.content.decode()
    record.refresh_from_db()
    assert (record.late_confirmed_by, record.late_note) == (world.staff, "第一次核实")


def test_an_entry_made_on_time_has_nothing_to_confirm(world, as_user):
    finance = make_finance(world.branch_a)
    on_time = DisclosureFactory(
        finance=finance, posted_on=D(2016, 12, 5), created_at=entered_on_day(D(2016, 12, 6))
    )
    url = reverse("finance:confirm-late", args=[finance.pk, "disclosure", on_time.pk])
    response = as_user(world.staff).post(url, {"note": "x"}, follow=True)
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
