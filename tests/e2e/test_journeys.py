"""The users' main journeys in a real browser (Chromium through Playwright)."""

import re

import pytest

from members.models import Member
from township.demo import make_id_number

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_add_a_member_fix_a_bad_id_number_and_save(world, page_for):
    import datetime

    page = page_for(world.staff)
    page.goto("/admin/members/member/add/")
    page.select_option("#id_branch", str(world.branch_a.pk))
    page.fill("#id_name", "刘新")
    page.select_option("#id_gender", "M")
    good = make_id_number(datetime.date(1985, 3, 8), "M", 4321)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    page.fill("#id_id_number", bad)
    page.fill("#id_birth_date", "1985-03-08")
    page.select_option("#id_education", "high_school")
    page.select_option("#id_category", "farmer")
    page.fill("#id_joined_on", "2010-07-01")
    page.fill("#id_full_member_on", "2011-07-01")
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")
    assert "校验码" in page.content()
    assert not Member.objects.filter(name="刘新").exists()

    page.fill("#id_id_number", good)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/members/member/$"))
    assert "成功" in page.content()
    assert Member.objects.filter(name="刘新", id_number=good).exists()
    screenshot(page, "staff-adds-member")


def test_a_secretary_on_a_phone_gets_404_for_another_branch(world, page_for):
    page = page_for(world.secretary_a, phone=True)
    page.goto(f"/branches/{world.branch_a.pk}/")
    assert world.branch_a.name in page.content()
    response = page.goto(f"/branches/{world.branch_b.pk}/")
    assert response.status == 404
    assert "页面不存在" in page.content()
    screenshot(page, "secretary-other-branch-404")


def test_login_page_in_chinese_and_a_real_login(world, page_for):
    page = page_for(None)
    page.goto("/branches/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "lingdao")
    page.fill("#id_password", "pw-Aa123456")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/branches/$"))
    assert "甲村党支部" in page.content()
    screenshot(page, "leader-logs-in")
