"""The annual report reads like a report (一、基本情况 … 四、下一步工作打算, tasks in an
appendix), the staff's narrative is kept per year with history, and the Word copy carries
the same headings and figures as the PDF."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document

from documents.models import ReportText
from overview.reports import annual_report_context
from township.models import Township
from township.word import DOCX_TYPE, render_docx

from ..pdf_utils import assert_cjk_fonts_only, assert_phrases_whole, pdf_lines, pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker):
    """The demo's 2016 report as PDF and Word, with the staff's narrative, rendered once."""
    from django.db import transaction

    from overview.reports import render_annual_report
    from plans.models import Task

    with django_db_blocker.unblock(), override_settings(TOWNSHIP_TODAY=D(2016, 12, 20)):
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            township = Township.objects.get(name="青山乡")
            ReportText.objects.create(
                township=township,
                year=2016,
                situation="全乡党组织覆盖率达到百分之百。",
                achievements="第一段成效。\n第二段成效。",
                problems="个别支部组织生活不够规范。",
                next_steps="持续整顿软弱涣散党组织。\n严格落实三会一课制度。",
                signed_on=D(2016, 12, 28),
            )
            context = annual_report_context(township, 2016)
            pdf = render_annual_report(township, 2016)
            docx = render_docx("township/pdf/annual_report.html", context)
            headers = [label for _key, label in context["org_life"]["kinds"]]
            tasks = Task.objects.filter(measure__plan__year=2016).count()
            figures = {"dues": context["dues"], "late": context["late"]}
            transaction.set_rollback(True)
    return {"pdf": pdf, "docx": docx, "headers": headers, "tasks": tasks, **figures}


def _in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part} missing or out of order"
        at = found


def test_the_report_has_the_four_parts_in_order_with_the_narrative(demo_report):
    text = pdf_text(demo_report["pdf"]).replace(" ", "").replace("\n", "")
    _in_order(
        text,
        [
            "中共青山乡委员会",
            "关于2016年度基层党建工作情况的报告",
            "数据截至2016年12月20日",
            "一、基本情况",
            "村党支部8个、社区党支部1个、企业、事业单位党支部2个、机关党支部1个",
            "好2个（16.7%",
            "较好9个（75.0%",
            "全乡党组织覆盖率达到百分之百。",
            "二、主要工作和成效",
            "（一）",
            "（五）表彰先进典型",
            "第一段成效。",
            "第二段成效。",
            "组织生活",
            "七一表彰",
            "三、存在的问题",
            "个别支部组织生活不够规范。",
            "四、下一步工作打算",
            "持续整顿软弱涣散党组织。",
            "2016年12月28日",
            "附件",
            "2016年度实施方案任务完成情况",
        ],
    )
    assert "生成于" not in text and "第1页" not in text
    assert_cjk_fonts_only(demo_report["pdf"])


def test_table_headers_and_titles_never_break_inside_a_word(demo_report):
    assert "党课" in demo_report["headers"]
    assert_phrases_whole(
        demo_report["pdf"],
        [*demo_report["headers"], "关于2016年度基层党建工作情况的报告", "事业单位党支部"],
    )


def test_long_task_lists_go_to_the_appendix(demo_report):
    lines = pdf_lines(demo_report["pdf"])
    appendix = lines.index("附件")
    # The main text counts tasks; the rows of the task table come only after 附件.
    first_row = next(i for i, line in enumerate(lines) if line.startswith("任务党支部"))
    assert first_row > appendix


def test_the_word_copy_has_the_same_headings_and_figures(demo_report):
    document = Document(io.BytesIO(demo_report["docx"]))
    paragraphs = [p.text.replace(" ", "") for p in document.paragraphs]
    word_headings = [p for p in paragraphs if HEADING.match(p)]
    pdf_headings = [line for line in pdf_lines(demo_report["pdf"]) if HEADING.match(line)]
    # A long heading wraps in the PDF: compare the start of each.
    assert [h[:12] for h in word_headings] == [h[:12] for h in pdf_headings]
    assert len(word_headings) >= 4 + 5
    pdf_flat = "".join(pdf_lines(demo_report["pdf"]))
    for figure in [
        f"本年度实施方案共{demo_report['tasks']}项任务",
        "16.7%",
        "第一段成效。",
        "持续整顿软弱涣散党组织。",
    ]:
        assert figure in pdf_flat and any(figure in p for p in paragraphs), figure
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "石板村党支部" in cells and "党课" in cells


def test_leadership_download_the_word_copy(world, client):
    client.force_login(world.leader)
    response = client.get(reverse("reports:annual-docx", kwargs={"year": 2016}))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert ".docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text.startswith(world.township.committee_name)
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_the_branch_profile_word_copy_matches_its_pdf(world, client):
    client.force_login(world.staff)
    pdf = client.get(reverse("reports:branch-profile", kwargs={"pk": world.branch_a.pk})).content
    response = client.get(reverse("reports:branch-profile-docx", kwargs={"pk": world.branch_a.pk}))
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    word_headings = [p for p in paragraphs if HEADING.match(p)]
    pdf_headings = [line for line in pdf_lines(pdf) if HEADING.match(line)]
    assert (
        word_headings
        == pdf_headings
        == ["一、基本情况", "二、主要工作和成效", "三、存在的问题", "四、党员名册"]
    )


def test_the_profile_word_copy_masks_for_leadership(world, client):
    client.force_login(world.leader)
    response = client.get(reverse("reports:branch-profile-docx", kwargs={"pk": world.branch_a.pk}))
    document = Document(io.BytesIO(response.content))
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "张三" in cells and world.member_a.id_number not in cells


# The narrative page ------------------------------------------------------------------------

URL = "/reports/annual/2016/text/"
FIELDS = {"situation": "", "achievements": "成效一", "problems": "", "next_steps": "打算一"}


def test_staff_write_the_narrative_and_it_keeps_history(world, as_user):
    client = as_user(world.staff)
    page = client.get(URL)
    assert page.status_code == 200 and "下一步工作打算" in page.content.decode()
    response = client.post(URL, {**FIELDS, "seen_version": "", "signed_on": "2016-12-28"})
    assert response.status_code == 302
    text = ReportText.objects.get(township=world.township, year=2016)
    assert text.achievements == "成效一" and text.signed_on == D(2016, 12, 28)
    version = text.history.latest().history_id
    client.post(URL, {**FIELDS, "next_steps": "打算二", "seen_version": version})
    assert text.history.count() == 2
    assert ReportText.objects.get(pk=text.pk).next_steps == "打算二"


def test_a_stale_save_is_refused(world, as_user):
    client = as_user(world.staff)
    client.post(URL, {**FIELDS, "seen_version": ""})
    text = ReportText.objects.get()
    old = text.history.latest().history_id
    client.post(URL, {**FIELDS, "problems": "甲写的", "seen_version": old})
    response = client.post(URL, {**FIELDS, "problems": "乙写的", "seen_version": old})
    assert response.status_code == 400 and "未保存" in response.content.decode()
    assert ReportText.objects.get().problems == "甲写的"


def test_a_second_first_save_is_refused_too(world, as_user):
    client = as_user(world.staff)
    client.post(URL, {**FIELDS, "problems": "甲写的", "seen_version": ""})
    response = client.post(URL, {**FIELDS, "problems": "乙写的", "seen_version": ""})
    assert response.status_code == 400 and ReportText.objects.get().problems == "甲写的"


def test_a_bad_date_is_refused_in_chinese(world, as_user):
    response = as_user(world.staff).post(URL, {**FIELDS, "signed_on": "2016-13-45"})
    assert response.status_code == 400 and "日期" in response.content.decode()
    assert not ReportText.objects.exists()


def test_leadership_cannot_write_the_narrative(world, as_user):
    response = as_user(world.leader).post(URL, {**FIELDS, "seen_version": ""})
    assert response.status_code == 403 and not ReportText.objects.exists()


def test_another_townships_staff_write_their_own(world, as_user):
    as_user(world.other_staff).post(URL, {**FIELDS, "seen_version": ""})
    assert ReportText.objects.get().township == world.other_township
    response = as_user(world.other_staff).get(f"{URL}?township={world.township.pk}")
    assert response.status_code == 404


def test_an_absurd_year_is_404(world, as_user):
    assert as_user(world.staff).get("/reports/annual/1800/text/").status_code == 404


def test_the_command_writes_a_word_copy_too(world, tmp_path):
    out = tmp_path / "annual-2016.docx"
    call_command(
        "render_report",
        "annual",
        "--year",
        "2016",
        "--township",
        str(world.township.pk),
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    document = Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "一、基本情况" in texts and "四、下一步工作打算" in texts


def test_the_grading_shows_its_trend_on_last_year(world):
    from branches.models import BranchGrade
    from overview.reports import render_annual_report

    from ..factories import GradeFactory

    GradeFactory(branch=world.branch_a, year=2015, grade=BranchGrade.Grade.FAIRLY_GOOD)
    GradeFactory(branch=world.branch_a, year=2016, grade=BranchGrade.Grade.GOOD)
    text = pdf_text(render_annual_report(world.township, 2016)).replace(" ", "").replace("\n", "")
    assert "较上年+1个" in text and "较上年-1个" in text
    # A township whose facts are not entered yet prints no "None".
    assert "None" not in text


def test_the_report_carries_the_dues_and_the_late_entries_as_the_dashboard_counts_them(
    demo_report,
):
    text = pdf_text(demo_report["pdf"]).replace(" ", "").replace("\n", "")
    dues, late = demo_report["dues"], demo_report["late"]
    assert dues["has_data"] and late  # the demo has both
    assert "党费" in text and f"收缴率{dues['rate']}%" in text
    assert "补录情况" in text
    for row in late:
        assert (row.branch.name if row.branch else "乡机关") in text
    # The Word copy carries the same sections.
    document = Document(io.BytesIO(demo_report["docx"]))
    paragraphs = "".join(p.text for p in document.paragraphs).replace(" ", "")
    assert "补录情况" in paragraphs and f"收缴率{dues['rate']}%" in paragraphs
