"""The back office's import/export (django-import-export), scoped like the rest of it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import BranchGrade
from members.models import Member
from tests.members.sheets import person, read_back, workbook


@pytest.fixture
def w(world, settings, tmp_path):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path
    return world


def admin_import(client, url, data):
    return client.post(
        url, {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("f.xlsx", data)}
    )


def confirm(client, url, page):
    form = page.context["confirm_form"]
    return client.post(
        url.replace("/import/", "/process_import/"), {k: form[k].value() for k in form.fields}
    )


def test_staff_imports_a_roster_with_title_rows_in_the_back_office(w, as_user):
    client = as_user(w.staff)
    url = "/admin/members/member/import/"
    page = admin_import(
        client, url, workbook([person(1), person(2)], title_rows=["青山乡党员花名册"])
    )
    assert page.status_code == 200
    result = page.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    assert not Member.objects.filter(name="新党员1").exists()
    done = confirm(client, url, page)
    assert done.status_code == 302
    assert Member.objects.filter(name__in=["新党员1", "新党员2"]).count() == 2
    # the same file again: nothing new, nothing changed
    again = admin_import(client, url, workbook([person(1), person(2)]))
    assert again.context["result"].totals["skip"] == 2


def test_a_row_naming_another_townships_branch_is_an_error_in_the_back_office(w, as_user):
    client = as_user(w.staff)
    page = admin_import(
        client, "/admin/members/member/import/", workbook([person(1, 所在党支部="外乡党支部")])
    )
    result = page.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert "外乡党支部" in page.content.decode()
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None


def test_other_staff_cannot_update_this_townships_members_through_the_back_office(w, as_user):
    a = w.member_a
    row = person(
        0, 姓名="改名", 公民身份号码=a.id_number, 出生日期=a.birth_date, 所在党支部="外乡党支部"
    )
    page = admin_import(as_user(w.other_staff), "/admin/members/member/import/", workbook([row]))
    result = page.context["result"]
    assert result.has_validation_errors() or result.has_errors()  # duplicate ID, not a match
    a.refresh_from_db()
    assert a.name == "张三"


def test_the_back_office_export_is_scoped_and_chinese(w, as_user):
    client = as_user(w.staff)
    response = client.post(
        "/admin/members/member/export/",
        {"format": "0", "resource": "0", **{f"membersresource_{k}": "on" for k in []}},
    )
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        form = response.context["form"]
        data = {"format": "0", "resource": "0"}
        data.update({name: "on" for name in form.fields if name.startswith("memberresource_")})
        response = client.post("/admin/members/member/export/", data)
    rows = read_back(response.content)
    assert rows[0][0] == "姓名"
    assert {r[0] for r in rows[1:]} == {"张三", "李四"}


def test_grades_import_in_the_back_office(w, as_user):
    w.branch_a.short_name = "甲村"
    w.branch_a.save()
    rows = [{"支部名称": "甲村", "年度": 2016, "等次": "好"}]
    data = workbook(rows, headers=["支部名称", "年度", "等次"])
    client = as_user(w.staff)
    url = "/admin/branches/branchgrade/import/"
    page = admin_import(client, url, data)
    assert page.context["result"].totals["new"] == 1
    confirm(client, url, page)
    assert BranchGrade.objects.get(branch=w.branch_a, year=2016).grade == "good"


def test_leadership_has_no_back_office_import(w, as_user):
    response = admin_import(
        as_user(w.leader), "/admin/members/member/import/", workbook([person(1)])
    )
    assert response.status_code in (302, 403)
    assert not Member.objects.filter(name="新党员1").exists()


def test_a_bad_file_in_the_back_office_gets_a_message_not_a_crash(w, as_user):
    page = admin_import(as_user(w.staff), "/admin/members/member/import/", b"a,b\n1,2\n")
    assert page.status_code == 200
    assert "改了扩展名的CSV" in page.content.decode()


@pytest.mark.parametrize(
    "url", ["/admin/members/member/", "/admin/branches/branch/", "/admin/branches/branchgrade/"]
)
def test_the_back_office_lists_offer_import_and_export(w, as_user, url):
    html = as_user(w.staff).get(url).content.decode()
    assert url + "import/" in html and url + "export/" in html
