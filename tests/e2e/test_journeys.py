"""The users' main journeys in a real browser (Chromium through Playwright)."""

import re

import pytest

from members.models import Member
from township.demo_data import make_id_number

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


def test_leadership_open_the_dashboard_and_download_the_annual_report(
    world, page_for, settings, tmp_path
):
    import datetime

    from tests.factories import GradeFactory
    from tests.pdf_utils import pdf_text

    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    GradeFactory(branch=world.branch_a, grade="good")
    GradeFactory(branch=world.branch_b, grade="poor", weak_and_lax=True)
    page = page_for(world.leader)
    page.goto("/dashboard/?year=2016")
    # Every chart was drawn by ECharts from the vendored file (it marks the element).
    page.wait_for_selector("[data-chart='grading'][data-drawn='true'] svg")
    charts = page.locator("[data-chart]")
    assert charts.count() >= 5
    assert page.locator("[data-drawn='true']").count() == charts.count()
    assert "50.0%" in page.content()
    screenshot(page, "leader-dashboard")

    page.goto("/reports/")
    with page.expect_download() as download_info:
        page.click("a[href^='/reports/annual/2016/']")
    path = tmp_path / "annual.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "2016年度基层党建工作情况的报告" in text and "50.0%" in text
