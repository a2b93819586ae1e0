"""The back office imports the roster, branches and grades through their import pages (one
parser per registry: the page's preview, warnings and all-or-nothing write), and exports
them through the pages' exports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Member
from tests.members.sheets import person, workbook
from township.demo_data import make_id_number

PAGES = [
    ("/admin/members/member/", "members:import", "members:export"),
    ("/admin/branches/branch/", "branches:import", "branches:export"),
    ("/admin/branches/branchgrade/", "branches:grades-import", "branches:grades-export"),
]


@pytest.fixture
def w(world, settings, tmp_path):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path
    return world


@pytest.mark.parametrize("url, import_name, export_name", PAGES)
def test_the_back_office_lists_link_to_the_import_page_and_the_export(
    w, as_user, url, import_name, export_name
):
    html = as_user(w.staff).get(url).content.decode()
    assert f'href="{reverse(import_name)}"' in html
    assert f'href="{reverse(export_name)}"' in html
    assert "从Excel导入" in html


@pytest.mark.parametrize("url, import_name, export_name", PAGES)
def test_the_back_offices_old_import_and_export_addresses_lead_to_the_pages(
    w, as_user, url, import_name, export_name
):
    client = as_user(w.staff)
    assert client.get(url + "import/").url == reverse(import_name)
    assert client.get(url + "export/").url == reverse(export_name)


def test_the_back_offices_import_shows_the_id_number_warnings_of_the_upload_page(w, as_user):
    """What the back office's import link leads to: the preview warns of an ID number's
    unknown area code, and the file is not written until confirmed."""
    client = as_user(w.staff)
    page = client.get("/admin/members/member/")
    link = page.context["sheet_import_url"]
    odd = make_id_number(datetime.date(1975, 3, 8), "M", 501, "999999")
    data = workbook([person(1, 公民身份号码=odd)])
    preview = client.post(link, {"file": SimpleUploadedFile("f.xlsx", data)})
    report = preview.context["report"]
    assert report.ok and report.new == 1
    assert [w.message for w in report.warnings] and "999999" in preview.content.decode()
    assert not Member.objects.filter(id_number=odd).exists()


def test_leadership_has_no_back_office_import(w, as_user):
    assert as_user(w.leader).get("/admin/members/member/import/").status_code in (302, 403)
    response = as_user(w.leader).post(
        reverse("members:import"), {"file": SimpleUploadedFile("f.xlsx", workbook([person(1)]))}
    )
    assert response.status_code == 403
    assert not Member.objects.filter(name="新党员1").exists()
