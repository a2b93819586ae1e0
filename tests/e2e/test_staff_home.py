"""The staff's home in a real browser: the to-do list, and one of its links followed."""

import pytest

from tests.township.todo_data import TODAY, make_busy

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_see_their_to_do_list_and_open_a_filtered_list(world, page_for, settings):
    settings.TOWNSHIP_TODAY = TODAY
    make_busy(world)
    page = page_for(world.staff)
    page.goto("/")
    todo = page.locator("section.todo")
    assert todo.get_by_role("link").count() == 8
    assert "甲村党支部：2 项任务已逾期" in todo.inner_text()
    screenshot(page, "staff-home-to-do")
    todo.get_by_role("link", name="1 个支部欠缴党费").click()
    page.wait_for_url("**/dues/**")
    assert page.locator("table.list tbody tr").count() == 1
