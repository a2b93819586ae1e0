"""In the browser (issue 13 item 4, issue 19 item 5): "标记完成" asks first through the static
data-confirm script, and cancelling leaves the task as it was; attendance on a phone is one
row per member, the reason only for the absent, and "全部出席" ticks the others."""

import datetime
import re

import pytest

from branches.models import Meeting
from plans.models import Task
from tests.factories import MemberFactory
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_mark_done_asks_and_cancel_changes_nothing(world, page_for, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    measure = MeasureFactory(
        plan=PlanFactory(township=world.township), deadline=datetime.date(2016, 12, 31)
    )
    task = TaskFactory(measure=measure, branch=world.branch_a, title="甲村整改", percent=30)
    page = page_for(world.secretary_a)
    page.goto(f"/plans/tasks/{task.pk}/")
    done_form = page.locator(f"form[action='/plans/tasks/{task.pk}/done/']")
    done_form.locator("textarea[name=text]").fill("整改完成")

    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    done_form.locator("button:has-text('标记完成')").click()
    page.wait_for_timeout(500)
    assert dialogs and "标记" in dialogs[0]
    assert page.url.endswith(f"/plans/tasks/{task.pk}/")  # nothing was sent
    task.refresh_from_db()
    assert (task.is_done, task.percent, task.version) == (False, 30, 1)

    page.once("dialog", lambda dialog: dialog.accept())
    done_form.locator("button:has-text('标记完成')").click()
    page.wait_for_selector("text=任务已标记为完成")
    task.refresh_from_db()
    assert task.is_done
    assert Task.objects.get(pk=task.pk).updates.get(kind="done").text == "整改完成"


def test_attendance_on_a_phone(world, page_for, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    for name in ("赵一", "钱二", "孙三"):
        MemberFactory(branch=world.branch_a, name=name)
    MemberFactory(
        branch=world.branch_a,
        name="王五",
        is_mobile=True,
        mobile_since=datetime.date(2016, 1, 1),
        mobile_destination="广东省东莞市",
    )
    page = page_for(world.secretary_a, phone=True)
    page.goto(f"/branches/{world.branch_a.pk}/meetings/new/")
    rows = page.locator(".attendance-row")
    assert rows.count() == 5
    assert "王五" in rows.nth(4).inner_text()  # working away: last, absent, reason shown
    assert rows.nth(4).locator(".attendance-reason").is_visible()
    assert not rows.nth(0).locator(".attendance-reason").is_visible()  # nothing marked yet

    page.click("button:has-text('全部出席')")
    assert rows.nth(0).locator("input[value='1']").is_checked()
    assert rows.nth(4).locator("input[value='0']").is_checked()  # still away
    rows.nth(1).locator("input[value='0']").check()
    assert rows.nth(1).locator(".attendance-reason").is_visible()
    rows.nth(1).locator("select").select_option("illness")
    page.select_option("select[name=kind]", "lecture")
    page.fill("input[name=topic]", "党课：做合格党员")
    page.fill("input[name=date]", "2016-12-15")
    page.check("input[name=record]")
    screenshot(page, "phone-attendance-form")
    page.click("button:has-text('保存')")
    page.wait_for_url(re.compile(r"/branches/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert meeting.attendances.filter(present=True).count() == 3
    assert set(
        meeting.attendances.filter(present=False).values_list("absence_reason", flat=True)
    ) == {"illness", "working_away"}
