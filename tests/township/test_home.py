"""The home page: what this user must do next (DESIGN.md, Pages)."""

import datetime

import pytest

from branches.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 11, 20)  # the quarter's second month


def test_a_secretary_sees_the_meetings_this_quarter_still_to_hold_and_missed(world, client):
    # October's committee meeting was held, October's theme day was not (missed); November's
    # are still to hold.
    Meeting.objects.create(
        branch=world.branch_a,
        kind="committee",
        date=datetime.date(2016, 10, 5),
        topic="支委会",
        status="recorded",
    )
    client.force_login(world.secretary_a)
    page = client.get("/").content.decode()
    assert "第4季度会议" in page
    assert "缺漏 10月" in page  # theme day and party group meeting of October
    assert "尚待召开" in page
    assert f"/branches/{world.branch_a.pk}/meetings/new/" in page


def test_staff_see_how_many_branches_are_behind(world, client):
    client.force_login(world.staff)
    page = client.get("/").content.decode()
    assert "2个支部未按要求召开会议" in page  # branch A and B have held nothing in October
    assert "/branches/compliance/?year=2016&amp;quarter=4" in page


def test_a_user_without_a_role_is_told_so(world, client):
    client.force_login(world.nobody)
    page = client.get("/").content.decode()
    assert "尚未分配角色" in page and "第4季度" not in page
