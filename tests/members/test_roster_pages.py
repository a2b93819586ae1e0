"""The roster's import pages (upload → preview → confirm) and its Excel export."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Member
from members.roster import import_roster
from tests.members.sheets import HEADERS, person, read_back, workbook


@pytest.fixture
def roster_world(world, settings, tmp_path):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path
    return world


def upload(client, data, name="花名册.xlsx"):
    return client.post(
        reverse("members:import"), {"file": SimpleUploadedFile(name, data)}, follow=False
    )


def test_staff_uploads_sees_a_preview_and_confirms(roster_world, as_user, tmp_path):
    client = as_user(roster_world.staff)
    page = upload(client, workbook([person(1), person(2)]))
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.new, report.changed, report.unchanged) == (2, 0, 0)
    assert "确认导入：新增 2 条，更新 0 条" in page.content.decode()
    assert not Member.objects.filter(name="新党员1").exists()  # the preview writes nothing
    stored = list((tmp_path / "imports").glob("*.xlsx"))
    assert len(stored) == 1
    done = client.post(reverse("members:import-confirm"), {"token": page.context["token"]})
    assert done.status_code == 302 and done.url == reverse("members:list")
    assert Member.objects.filter(name__in=["新党员1", "新党员2"]).count() == 2
    assert not stored[0].exists()  # the temporary upload is removed


def test_the_preview_lists_every_error_and_offers_no_confirm(roster_world, as_user):
    client = as_user(roster_world.staff)
    page = upload(client, workbook([person(1), person(2, 学历="博士后")]))
    html = page.content.decode()
    assert "<td>3</td><td>学历</td>" in html
    assert "请改正下列全部错误" in html
    assert 'name="token"' not in html


def test_a_bad_file_gets_a_clear_message_on_the_page(roster_world, as_user):
    page = upload(as_user(roster_world.staff), b"a,b,c\n1,2,3\n", name="renamed.xlsx")
    assert page.status_code == 200
    assert "改了扩展名的CSV" in page.content.decode()


def test_confirm_without_a_preview_writes_nothing(roster_world, as_user):
    client = as_user(roster_world.staff)
    response = client.post(reverse("members:import-confirm"), {"token": "forged"})
    assert response.status_code == 302 and response.url == reverse("members:import")


def test_confirm_with_another_users_token_writes_nothing(roster_world, as_user):
    page = upload(as_user(roster_world.staff), workbook([person(1)]))
    token = page.context["token"]
    other = as_user(roster_world.other_staff)
    response = other.post(reverse("members:import-confirm"), {"token": token})
    assert response.status_code == 302
    assert not Member.objects.filter(name="新党员1").exists()


@pytest.mark.parametrize("who", ["leader", "secretary_a", "nobody"])
def test_only_staff_may_import(roster_world, as_user, who):
    client = as_user(getattr(roster_world, who))
    assert upload(client, workbook([person(1)])).status_code == 403
    assert client.post(reverse("members:import-confirm"), {"token": "x"}).status_code == 403
    assert not Member.objects.filter(name="新党员1").exists()


def test_the_upload_page_links_a_progress_script(roster_world, as_user):
    html = as_user(roster_world.staff).get(reverse("members:import")).content.decode()
    assert "js/import.js" in html and "<progress" in html
    script = Path(__file__).resolve().parents[2] / "static" / "js" / "import.js"
    assert 'upload.addEventListener("progress"' in script.read_text()


def test_the_template_has_the_chinese_headers_an_example_and_notes(roster_world, as_user):
    response = as_user(roster_world.staff).get(reverse("members:import-template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_back(response.content)
    assert rows[0][: len(HEADERS) - 4] == HEADERS[:-4]
    assert rows[1][0] == "张三"
    notes = " ".join(r[0] or "" for r in read_back(response.content, 1))
    assert "文本" in notes and "身份证" in notes


def test_export_exports_exactly_the_list_filter(roster_world, as_user):
    client = as_user(roster_world.staff)
    rows = read_back(
        client.get(reverse("members:export") + f"?branch={roster_world.branch_b.pk}").content
    )
    assert [r[0] for r in rows[1:]] == ["李四"]
    rows = read_back(client.get(reverse("members:export") + "?q=张三").content)
    assert [r[0] for r in rows[1:]] == ["张三"]
    rows = read_back(client.get(reverse("members:export")).content)
    assert {r[0] for r in rows[1:]} == {"张三", "李四"}  # never the other township's 王五


def test_the_member_list_links_its_filter_to_the_export(roster_world, as_user):
    html = (
        as_user(roster_world.leader)
        .get(reverse("members:list") + "?q=张&status=current")
        .content.decode()
    )
    assert reverse("members:export") + "?q=%E5%BC%A0&amp;status=current" in html
    assert reverse("members:import") not in html  # leadership does not import


def test_export_round_trips_through_import(roster_world, as_user):
    client = as_user(roster_world.staff)
    content = client.get(reverse("members:export")).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.worksheets[0]["A1"].value == "姓名"
    before = Member.history.count()
    report = import_roster(data=content, township=roster_world.township, dry_run=False)
    assert report.ok, report.problems
    assert (report.new, report.changed, report.unchanged) == (0, 0, 2)
    assert Member.history.count() == before
    # edit one phone in the export and import again: exactly one change
    sheet = book.worksheets[0]
    phone_col = [c.value for c in sheet[1]].index("联系电话") + 1
    sheet.cell(row=2, column=phone_col, value="13688889999")
    out = io.BytesIO()
    book.save(out)
    report = import_roster(data=out.getvalue(), township=roster_world.township, dry_run=False)
    assert (report.new, report.changed, report.unchanged) == (0, 1, 1)
    assert Member.objects.filter(phone="13688889999").count() == 1


def test_leadership_gets_a_masked_export_that_says_it_cannot_be_imported(roster_world, as_user):
    content = as_user(roster_world.leader).get(reverse("members:export")).content
    rows = read_back(content)
    assert "不能用于导入" in rows[0][0]
    header = rows[1]
    zhang = rows[2] if rows[2][0] == "张三" else rows[3]
    id_number = zhang[header.index("公民身份号码")]
    assert "*" in id_number and id_number != roster_world.member_a.id_number
    assert zhang[header.index("联系电话")] == "138****1234"
    assert zhang[header.index("家庭住址")].endswith("****")
    report = import_roster(data=content, township=roster_world.township, dry_run=True)
    assert "不能用于导入" in report.file_error


def test_a_secretary_exports_only_their_branch_unmasked(roster_world, as_user):
    rows = read_back(as_user(roster_world.secretary_a).get(reverse("members:export")).content)
    assert rows[0][0] == "姓名"
    assert [r[0] for r in rows[1:]] == ["张三"]
    assert rows[1][rows[0].index("公民身份号码")] == roster_world.member_a.id_number


def test_export_escapes_text_excel_would_run(roster_world, as_user):
    member = roster_world.member_a
    Member.objects.filter(pk=member.pk).update(
        job='=HYPERLINK("http://x")', address="+1", leave_note=""
    )
    rows = read_back(as_user(roster_world.staff).get(reverse("members:export")).content)
    zhang = next(r for r in rows if r[0] == "张三")
    assert zhang[rows[0].index("工作岗位")] == '\'=HYPERLINK("http://x")'
    assert zhang[rows[0].index("家庭住址")] == "'+1"


def test_export_costs_the_same_queries_for_one_row_and_ten(
    roster_world, as_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MemberFactory

    client = as_user(roster_world.staff)
    client.get(reverse("members:export"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("members:export") + f"?branch={roster_world.branch_b.pk}")
    MemberFactory.create_batch(9, branch=roster_world.branch_b)
    with CaptureQueriesContext(connection) as ten:
        client.get(reverse("members:export") + f"?branch={roster_world.branch_b.pk}")
    assert len(one) == len(ten)


def test_staff_of_two_townships_chooses_where_to_import(roster_world, as_user):
    from tests.factories import BranchFactory, make_role
    from township.models import Role

    make_role(roster_world.staff, Role.Kind.STAFF, roster_world.other_township)
    BranchFactory(township=roster_world.other_township, name="甲村党支部")
    client = as_user(roster_world.staff)
    assert 'name="township"' in client.get(reverse("members:import")).content.decode()
    data = workbook([person(1)])
    page = client.post(
        reverse("members:import"),
        {"file": SimpleUploadedFile("f.xlsx", data), "township": roster_world.other_township.pk},
    )
    assert page.context["report"].new == 1
    client.post(reverse("members:import-confirm"), {"token": page.context["token"]})
    assert Member.objects.get(name="新党员1").branch.township == roster_world.other_township


def test_an_export_with_members_who_left_round_trips_without_reviving_them(roster_world, as_user):
    from tests.factories import MemberFactory

    gone = MemberFactory(
        branch=roster_world.branch_a,
        name="已转出",
        left_on=datetime.date(2015, 1, 1),
        leave_reason=Member.LeaveReason.TRANSFER,
    )
    content = as_user(roster_world.staff).get(reverse("members:export") + "?status=all").content
    rows = read_back(content)
    assert rows[0][-1] == "离开日期"
    report = import_roster(data=content, township=roster_world.township, dry_run=False)
    assert report.ok, report.problems
    assert (report.new, report.changed, report.unchanged) == (0, 0, 3)
    assert Member.objects.filter(id_number=gone.id_number).count() == 1


def test_a_leaving_date_cannot_be_imported(roster_world):
    data = workbook([person(1, 离开日期="2016-01-01")], headers=[*HEADERS, "离开日期"])
    report = import_roster(data=data, township=roster_world.township, dry_run=False)
    assert [(p.row, p.column) for p in report.problems] == [(2, "离开日期")]
    assert not Member.objects.filter(name="新党员1").exists()
