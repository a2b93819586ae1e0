import datetime

import pytest

from plans.ical import escape, fold
from plans.models import CalendarToken, Measure

from .factories import CalendarTokenFactory, MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def tasks(world):
    plan = PlanFactory(township=world.township)
    dated = MeasureFactory(
        plan=plan, number=1, title="规范抓好党内组织生活", deadline=D(2016, 12, 31)
    )
    yearly = MeasureFactory(
        plan=plan, number=5, deadline_kind=Measure.DeadlineKind.YEARLY, deadline=D(2016, 7, 1)
    )
    return {
        "a": TaskFactory(
            branch=world.branch_a, measure=dated, title="甲村流动党员管理; 台账, 联系"
        ),
        "a_done": TaskFactory(
            branch=world.branch_a,
            measure=dated,
            title="甲村已完成",
            is_done=True,
            done_on=D(2016, 6, 1),
        ),
        "a_yearly": TaskFactory(branch=world.branch_a, measure=yearly, title="推荐七一表彰对象"),
        "b": TaskFactory(branch=world.branch_b, measure=dated, title="乙村任务"),
        "office": TaskFactory(branch=None, measure=dated, title="乡机关任务"),
        "x": TaskFactory(branch=world.branch_x, title="外乡任务"),
    }


def feed(client, user):
    token = CalendarTokenFactory(user=user).token
    client.logout()
    response = client.get(f"/plans/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content.decode()


def unfold(text):
    return text.replace("\r\n ", "")


def test_a_secretarys_feed_lists_their_branchs_open_deadlines(world, client, tasks):
    body = feed(client, world.secretary_a)
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    flat = unfold(body)
    assert flat.count("BEGIN:VEVENT") == 2
    assert f"UID:task-{tasks['a'].pk}@" in flat
    assert "DTSTART;VALUE=DATE:20161231\r\n" in flat
    assert "DTEND;VALUE=DATE:20170101\r\n" in flat
    assert "SUMMARY:甲村流动党员管理\\; 台账\\, 联系（甲村党支部）" in flat
    assert "DESCRIPTION:2016 （一） 规范抓好党内组织生活\\n责任人: 支部书记" in flat
    # a yearly task recurs, from its next open checkpoint (2016's was missed: still due then)
    assert "DTSTART;VALUE=DATE:20160701\r\nDTEND;VALUE=DATE:20160702" in flat
    assert "RRULE:FREQ=YEARLY" in flat
    assert "甲村已完成" not in flat and "乙村任务" not in flat and "乡机关任务" not in flat


def test_staffs_feed_lists_the_whole_township(world, client, tasks):
    flat = unfold(feed(client, world.staff))
    assert flat.count("BEGIN:VEVENT") == 4
    assert "乙村任务" in flat and "乡机关任务" in flat and "外乡任务" not in flat


def test_lines_are_folded_at_75_octets_without_breaking_characters(world, client, tasks):
    tasks["a"].title = "很长的任务名称" * 20
    tasks["a"].save()
    body = feed(client, world.secretary_a)
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "很长的任务名称" * 20 in unfold(body)


def test_escape_and_fold_helpers():
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert fold("x" * 80) == "x" * 75 + "\r\n " + "x" * 5
    folded = fold("SUMMARY:" + "党" * 30)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


def test_a_wrong_or_reset_token_gets_404(world, client, tasks):
    old = CalendarTokenFactory(user=world.secretary_a).token
    assert client.get("/plans/calendar/not-a-token.ics").status_code == 404
    client.force_login(world.secretary_a)
    page = client.get("/plans/calendar/").content.decode()
    assert old in page
    assert client.post("/plans/calendar/reset/").status_code == 302
    new = CalendarToken.objects.get(user=world.secretary_a).token
    assert new != old and len(new) >= 30
    client.logout()
    assert client.get(f"/plans/calendar/{old}.ics").status_code == 404
    assert client.get(f"/plans/calendar/{new}.ics").status_code == 200


def test_an_inactive_users_feed_is_closed(world, client, tasks):
    token = CalendarTokenFactory(user=world.secretary_a).token
    world.secretary_a.is_active = False
    world.secretary_a.save()
    assert client.get(f"/plans/calendar/{token}.ics").status_code == 404


def test_the_token_is_kept_out_of_history(world):
    token = CalendarTokenFactory(user=world.secretary_a)
    assert not hasattr(token.history.first(), "token")
