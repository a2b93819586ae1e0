"""The dues back office: rate tables refused when their bands overlap or leave gaps,
assessments imported as sheets (dues from the table, rules as on the page), money listed
but never added, changed or deleted there."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dues.demo import BANDS
from dues.models import Assessment, RateTable
from tests.members.sheets import workbook

from .factories import TODAY, assess, make_table, pay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = TODAY


def _table_post(world, bands):
    data = {
        "township": world.township.pk,
        "title": "新标准",
        "valid_from": "2017-01-01",
        "basis": "",
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (category, above, up_to, pct, low, high) in enumerate(bands):
        data.update(
            {
                f"bands-{i}-category": category,
                f"bands-{i}-income_above": above,
                f"bands-{i}-income_up_to": up_to or "",
                f"bands-{i}-percent": pct or "",
                f"bands-{i}-fixed_min": low or "",
                f"bands-{i}-fixed_max": high or "",
            }
        )
    return data


def test_staff_add_a_rate_table_in_the_back_office(world, as_user):
    client = as_user(world.staff)
    response = client.post("/admin/dues/ratetable/add/", _table_post(world, BANDS))
    assert response.status_code == 302
    assert RateTable.objects.get().bands.count() == len(BANDS)


def test_overlapping_bands_are_refused_in_the_back_office(world, as_user):
    bands = list(BANDS)
    bands[1] = (bands[1][0], "2800", *bands[1][2:])
    client = as_user(world.staff)
    response = client.post("/admin/dues/ratetable/add/", _table_post(world, bands))
    assert response.status_code == 200
    assert "重叠" in response.content.decode()
    assert not RateTable.objects.exists()


def _import(client, rows):
    headers = ["姓名", "公民身份号码", "年度", "党费类别", "月缴纳基数（元）", "月交党费（元）"]
    data = workbook(rows, headers=headers, title_rows=["2016年党费核定表"])
    return client.post(
        "/admin/dues/assessment/import/",
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("f.xlsx", data)},
    )


def test_assessments_are_imported_with_the_tables_dues(world, as_user):
    make_table(world.township)
    client = as_user(world.staff)
    row = {
        "姓名": "张三",
        "公民身份号码": world.member_a.id_number,
        "年度": 2016,
        "党费类别": "在职",
        "月缴纳基数（元）": 6000,
    }
    page = _import(client, [row])
    result = page.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    form = page.context["confirm_form"]
    done = client.post(
        "/admin/dues/process_import/".replace("process_import", "assessment/process_import"),
        {k: form[k].value() for k in form.fields},
    )
    assert done.status_code == 302
    assert Assessment.objects.get(member=world.member_a).monthly == Decimal("90.00")


def test_an_imported_farmer_outside_the_range_is_an_error(world, as_user):
    make_table(world.township)
    row = {
        "姓名": "张三",
        "公民身份号码": world.member_a.id_number,
        "年度": 2016,
        "党费类别": "农民",
        "月交党费（元）": 5,
    }
    page = _import(as_user(world.staff), [row])
    assert page.context["result"].has_validation_errors()
    assert not Assessment.objects.exists()


def test_another_townships_member_cannot_be_imported(world, as_user):
    make_table(world.township)
    make_table(world.other_township)
    row = {
        "姓名": "王五",
        "公民身份号码": world.member_x.id_number,
        "年度": 2016,
        "党费类别": "农民",
    }
    page = _import(as_user(world.staff), [row])
    result = page.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    assert world.member_x.id_number not in page.content.decode()


def test_payments_are_listed_but_not_changed_in_the_back_office(world, as_user):
    assess(world.member_a)
    payment = pay(world.member_a, 1, 1)
    client = as_user(world.staff)
    assert client.get("/admin/dues/payment/").status_code == 200
    assert client.get("/admin/dues/payment/add/").status_code == 403
    page = client.get(f"/admin/dues/payment/{payment.pk}/change/")
    assert page.status_code == 200 and 'name="amount"' not in page.content.decode()
    assert (
        client.post(f"/admin/dues/payment/{payment.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert (
        as_user(world.other_staff).get(f"/admin/dues/payment/{payment.pk}/change/").status_code
        == 404
    )


def test_the_assessment_history_is_kept(world):
    a = assess(world.member_a)
    assess(world.member_a, monthly="1.00")
    assert a.history.count() == 2
    assert datetime.date(2016, 1, 10) == a.assessed_on


def test_an_assessment_resource_built_without_a_user_reaches_nothing(world):
    """Fails closed: no user, no township, so nothing exported and no member matched."""
    import tablib

    from dues.resources import ASSESSMENT_SPEC, AssessmentResource

    assess(world.member_a)
    resource = AssessmentResource()
    assert not resource.get_queryset().exists()
    assert len(resource.export()) == 0
    dataset = tablib.Dataset(headers=[c.header for c in ASSESSMENT_SPEC])
    dataset.append(["张三", world.member_a.id_number, 2016, "在职", 6000, None])
    result = resource.import_data(dataset, dry_run=True)
    assert result.has_errors() or result.has_validation_errors()


def test_an_assessment_resource_reaches_its_users_townships_only(world):
    from dues.resources import AssessmentResource

    assess(world.member_a)
    assert AssessmentResource(user=world.staff).get_queryset().count() == 1
    assert not AssessmentResource(user=world.other_staff).get_queryset().exists()
