"""Branches and yearly grades in and out of Excel: preview, all or nothing, idempotent."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Branch, BranchGrade
from branches.sheets import import_branches, import_grades
from tests.factories import GradeFactory
from tests.members.sheets import read_back, workbook

BRANCH_HEADERS = ["支部名称", "简称", "类型", "是否联合党支部", "涵盖单位", "成立日期", "排序"]
GRADE_HEADERS = ["支部名称", "年度", "等次", "是否软弱涣散", "定级依据", "评定日期"]


@pytest.fixture
def w(world, settings, tmp_path):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path
    world.branch_a.short_name = "甲村"
    world.branch_a.save()
    return world


def branch_row(name, **over):
    row = {
        "支部名称": name,
        "简称": name[:2],
        "类型": "村党支部",
        "是否联合党支部": "否",
        "涵盖单位": "",
        "成立日期": "1956.07",
        "排序": 3,
    }
    row.update(over)
    return row


def test_it_imports_new_branches_and_reimporting_changes_nothing(w):
    data = workbook(
        [
            branch_row("丙村党支部"),
            branch_row("联合党支部", 类型="企业", 是否联合党支部="是", 涵盖单位="甲厂、乙厂"),
        ],
        headers=BRANCH_HEADERS,
        title_rows=["青山乡党支部名册"],
    )
    report = import_branches(data=data, township=w.township, dry_run=False, user=w.staff)
    assert report.ok, report.problems
    assert report.new == 2
    joint = Branch.objects.get(name="联合党支部")
    assert joint.township == w.township and joint.joint_unit_list() == ["甲厂", "乙厂"]
    assert joint.kind == Branch.Kind.ENTERPRISE
    before = Branch.history.count()
    again = import_branches(data=data, township=w.township, dry_run=False, user=w.staff)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    assert Branch.history.count() == before


def test_a_bad_branch_row_writes_nothing(w):
    data = workbook(
        [
            branch_row("丙村党支部"),
            branch_row("丁村党支部", 是否联合党支部="是", 涵盖单位="只有一个"),
        ],
        headers=BRANCH_HEADERS,
    )
    report = import_branches(data=data, township=w.township, dry_run=False)
    assert [(p.row, p.column) for p in report.problems] == [(3, "涵盖单位")]
    assert not Branch.objects.filter(name="丙村党支部").exists()


def test_grades_import_by_full_or_short_name_and_update_only_what_changed(w):
    GradeFactory(branch=w.branch_b, year=2016, grade=BranchGrade.Grade.GOOD)
    rows = [
        {
            "支部名称": "甲村",
            "年度": 2016,
            "等次": "较好",
            "是否软弱涣散": "否",
            "评定日期": "2016-12-10",
        },
        {"支部名称": "乙村党支部", "年度": "2016", "等次": "较差", "是否软弱涣散": "是"},
    ]
    report = import_grades(
        data=workbook(rows, headers=GRADE_HEADERS), township=w.township, dry_run=False
    )
    assert report.ok, report.problems
    assert (report.new, report.changed) == (1, 1)
    b = BranchGrade.objects.get(branch=w.branch_b, year=2016)
    assert b.grade == BranchGrade.Grade.POOR and b.weak_and_lax
    assert b.history.first().history_type == "~"


def test_grades_of_another_townships_branch_are_refused(w):
    rows = [{"支部名称": "外乡党支部", "年度": 2016, "等次": "好"}]
    report = import_grades(
        data=workbook(rows, headers=GRADE_HEADERS), township=w.township, dry_run=False
    )
    assert [(p.row, p.column) for p in report.problems] == [(2, "支部名称")]
    assert "青山乡没有名为“外乡党支部”的党支部" in report.problems[0].message
    assert not BranchGrade.objects.exists()


def test_a_grade_with_a_wrong_label_is_refused(w):
    rows = [{"支部名称": "甲村", "年度": 2016, "等次": "优秀"}]
    report = import_grades(
        data=workbook(rows, headers=GRADE_HEADERS), township=w.township, dry_run=True
    )
    assert [p.column for p in report.problems] == ["等次"]
    assert "好、较好、一般、较差" in report.problems[0].message


def test_branch_and_grade_exports_round_trip(w, as_user):
    GradeFactory(branch=w.branch_a, year=2016)
    client = as_user(w.staff)
    branches = client.get(reverse("branches:export")).content
    rows = read_back(branches)
    assert rows[0][:3] == ["支部名称", "简称", "类型"]
    assert {r[0] for r in rows[1:]} == {"甲村党支部", "乙村党支部"}
    report = import_branches(data=branches, township=w.township, dry_run=True)
    assert report.ok and report.unchanged == 2
    grades = client.get(reverse("branches:grades-export") + "?year=2016").content
    assert read_back(grades)[1][:3] == ["甲村党支部", 2016, "较好"]
    report = import_grades(data=grades, township=w.township, dry_run=True)
    assert report.ok and report.unchanged == 1


def test_a_secretary_exports_only_their_branch(w, as_user):
    rows = read_back(as_user(w.secretary_a).get(reverse("branches:export")).content)
    assert [r[0] for r in rows[1:]] == ["甲村党支部"]


def test_branch_import_pages_preview_then_confirm(w, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user(w.staff)
    data = workbook([branch_row("丙村党支部")], headers=BRANCH_HEADERS)
    page = client.post(reverse("branches:import"), {"file": SimpleUploadedFile("b.xlsx", data)})
    assert page.context["report"].new == 1
    assert not Branch.objects.filter(name="丙村党支部").exists()
    client.post(reverse("branches:import-confirm"), {"token": page.context["token"]})
    assert Branch.objects.get(name="丙村党支部").township == w.township
    assert client.post(reverse("branches:grades-import")).status_code == 200
    assert as_user(w.leader).post(reverse("branches:grades-import")).status_code == 403
