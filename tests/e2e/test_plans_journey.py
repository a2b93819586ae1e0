"""A secretary reports progress from a phone, with a photo as evidence."""

import datetime
import re
import struct
import zlib

import pytest

from plans.models import TaskEvidence
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def tiny_png() -> bytes:
    """A valid 1×1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_secretary_posts_progress_with_a_photo_from_a_phone(world, page_for, settings, tmp_path):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    plan = PlanFactory(township=world.township, title="青山乡2016年实施方案")
    measure = MeasureFactory(
        plan=plan, number=3, title="规范组织生活", deadline=datetime.date(2016, 12, 31)
    )
    task = TaskFactory(measure=measure, branch=world.branch_a, title="甲村流动党员台账")
    photo = tmp_path / "台账照片.png"
    photo.write_bytes(tiny_png())

    page = page_for(world.secretary_a, phone=True)
    page.goto("/")
    page.click("text=甲村流动党员台账")  # the home page lists their branch's open tasks
    page.wait_for_url(re.compile(rf"/plans/tasks/{task.pk}/$"))
    page.fill("textarea[name=text]", "建立了流动党员台账，联系了3名外出党员")
    page.fill("input[name=percent]", "60")
    # The date is filled in with today (a phone's date picker needs YYYY-MM-DD).
    assert page.input_value("input[name=on]") == "2016-12-20"
    page.set_input_files("input[name=files]", str(photo))
    page.click("button:has-text('保存进展')")
    page.wait_for_selector("text=进展已保存")

    history = page.locator("section:has(h2:has-text('进展记录'))")
    assert "建立了流动党员台账，联系了3名外出党员" in history.inner_text()
    assert "60%" in history.inner_text()
    link = history.locator("a:has-text('台账照片.png')")
    href = link.get_attribute("href")
    evidence = TaskEvidence.objects.get(update__task=task)
    assert href == f"/plans/evidence/{evidence.pk}/"

    # Their own download gives the photo back; the other branch's secretary gets a 404.
    own = page.request.get(href)
    assert own.status == 200 and own.body() == tiny_png()
    assert own.headers["content-type"] == "image/png"
    outsider = page_for(world.secretary_b, phone=True)
    assert outsider.request.get(href).status == 404
    assert outsider.goto(f"/plans/tasks/{task.pk}/").status == 404

    page.reload()
    screenshot(page, "secretary-posts-progress-with-photo")


def test_leadership_read_a_500_task_plan_on_a_phone(world, page_for, settings):
    from plans.models import Task

    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    plan = PlanFactory(township=world.township, title="青山乡2016年实施方案")
    for number in range(1, 6):
        measure = MeasureFactory(
            plan=plan, number=number, title=f"措施{number}", deadline=datetime.date(2016, 12, 31)
        )
        Task.objects.bulk_create(
            Task(
                measure=measure,
                branch=world.branch_a if i % 2 else world.branch_b,
                title=f"任务{number}-{i:03d}",
                responsible="书记",
                percent=i % 100,
                due_on=datetime.date(2016, 11, 1) + datetime.timedelta(days=i),
            )
            for i in range(100)
        )
    page = page_for(world.leader, phone=True)
    page.goto("/plans/2016/")
    # Five collapsed summaries with their figures, no task rows visible yet.
    assert page.locator("details.card").count() == 5
    assert page.locator("details.card[open]").count() == 0
    assert not page.locator("text=任务1-000").is_visible()
    page.click("details.card >> nth=0 >> summary")
    assert page.locator("text=任务1-000").is_visible()
    assert page.locator("details.card >> nth=0 >> tbody tr").count() == 10
    # The page fits the phone's width (tables scroll inside their own box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("text=查看本措施全部100项任务")
    page.wait_for_url(re.compile(r"measure="))
    assert page.locator("tbody tr").count() == 50
    page.click("text=下一页")
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator("text=任务1-099").is_visible()
    screenshot(page, "leader-reads-long-plan-on-phone")
