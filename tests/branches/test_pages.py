import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import BranchFactory, GradeFactory, MemberFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_branch_list_shows_distribution_and_checks_to_staff(world, client):
    GradeFactory(branch=world.branch_a, grade="good")
    GradeFactory(branch=world.branch_b, grade="poor", weak_and_lax=True)
    client.force_login(world.staff)
    page = client.get("/branches/?year=2016").content.decode()
    assert "50.0%" in page and "软弱涣散" in page
    assert "联合党支部" in page  # a one-member branch is flagged
    assert "外乡党支部" not in page


def test_leadership_do_not_get_the_rule_checks(world, client):
    client.force_login(world.leader)
    page = client.get("/branches/").content.decode()
    assert "甲村党支部" in page and "联合党支部" not in page


def test_a_bad_year_falls_back(world, client):
    client.force_login(world.staff)
    assert client.get("/branches/?year=abc").status_code == 200
    assert client.get("/branches/?year=99999").status_code == 200


def test_secretary_sees_own_branch_with_personal_data(world, client):
    client.force_login(world.secretary_a)
    page = client.get(f"/branches/{world.branch_a.pk}/").content.decode()
    assert "张三" in page and "13800001234" in page


def test_leadership_see_personal_data_masked(world, client):
    client.force_login(world.leader)
    page = client.get(f"/branches/{world.branch_a.pk}/").content.decode()
    assert "138****1234" in page and "13800001234" not in page
    detail = client.get(f"/members/{world.member_a.pk}/").content.decode()
    assert world.member_a.id_number not in detail
    assert world.member_a.id_number[:3] + "*" * 11 + world.member_a.id_number[-4:] in detail
    assert "13800001234" not in detail and "12号" not in detail


def test_staff_see_personal_data_whole(world, client):
    client.force_login(world.staff)
    detail = client.get(f"/members/{world.member_a.pk}/").content.decode()
    assert world.member_a.id_number in detail and "青龙村3组12号" in detail


def test_member_list_masks_what_the_user_does_not_manage(world, client):
    client.force_login(world.secretary_a)
    page = client.get("/members/").content.decode()
    assert world.member_a.id_number in page
    assert "李四" not in page  # another branch's member is not even listed


def test_member_list_search_and_filters(world, client):
    client.force_login(world.staff)
    MemberFactory(
        branch=world.branch_a, name="赵流动", is_mobile=True, mobile_destination="广东省深圳市"
    )
    assert "赵流动" in client.get("/members/?q=赵").content.decode()
    page = client.get("/members/?status=mobile").content.decode()
    assert "赵流动" in page and "张三" not in page
    page = client.get(f"/members/?branch={world.branch_b.pk}").content.decode()
    assert "李四" in page and "张三" not in page
    assert client.get("/members/?q=' OR 1=1 --&status=bogus&branch=x").status_code == 200


def test_member_list_searches_id_number_only_within_scope(world, client):
    client.force_login(world.secretary_a)
    page = client.get(f"/members/?q={world.member_b.id_number}").content.decode()
    assert "李四" not in page


@pytest.mark.parametrize("url", ["/branches/", "/members/", "/"])
def test_list_pages_cost_the_same_queries_with_1_and_10_rows(world, client, url):
    client.force_login(world.staff)
    small = count_queries(client, url)
    for _ in range(9):
        branch = BranchFactory(township=world.township)
        MemberFactory(branch=branch)
        GradeFactory(branch=branch)
    assert count_queries(client, url) == small


def test_branch_page_costs_the_same_queries_with_1_and_10_members(world, client):
    client.force_login(world.staff)
    url = f"/branches/{world.branch_a.pk}/"
    small = count_queries(client, url)
    MemberFactory.create_batch(9, branch=world.branch_a)
    GradeFactory(branch=world.branch_a, year=2015)
    assert count_queries(client, url) == small


def test_dates_are_shown_the_chinese_way(world, client, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 6, 30)
    client.force_login(world.staff)
    assert "2016年6月30日" in client.get("/").content.decode()
