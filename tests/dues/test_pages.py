"""The dues pages: recording through the forms (bad input shown in Chinese, nothing saved),
who may do what, constant query counts at 12 and at 1,200 members, the Excel exports
(formulas escaped, ID numbers masked) and the 党费收缴情况表 PDF (text and fonts)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dues.models import Assessment, Category, Payment, TownshipEntry
from dues.services import record_remittance
from members.models import Member
from tests.factories import MemberFactory
from tests.pdf_utils import assert_cjk_fonts_only, pdf_text

from .factories import TODAY, assess, make_table, pay

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = TODAY


def _pay_data(member, **change):
    data = {
        "member": member.pk,
        "year": 2016,
        "month_from": 1,
        "month_to": 3,
        "amount": "0.60",
        "extra": "0",
        "paid_on": "2016-12-01",
        "receipt_no": "2016-001",
        "note": "",
    }
    data.update(change)
    return data


def test_the_secretary_records_a_payment(world, as_user):
    assess(world.member_a)  # 0.20 a month
    client = as_user(world.secretary_a)
    url = reverse("dues:pay", args=[world.branch_a.pk])
    response = client.post(url, _pay_data(world.member_a))
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount == Decimal("0.60") and payment.recorded_by == world.secretary_a


def test_a_payment_beyond_the_dues_is_shown_in_chinese_and_not_saved(world, as_user):
    assess(world.member_a)
    client = as_user(world.secretary_a)
    url = reverse("dues:pay", args=[world.branch_a.pk])
    response = client.post(url, _pay_data(world.member_a, amount="5.00"))
    assert response.status_code == 200
    assert "超过了所交月份应交的党费" in response.content.decode()
    assert not Payment.objects.exists()


def test_garbage_in_the_form_is_not_a_500(world, as_user):
    client = as_user(world.staff)
    url = reverse("dues:pay", args=[world.branch_a.pk])
    response = client.post(url, _pay_data(world.member_a, amount="abc", month_from="13"))
    assert response.status_code == 200
    assert not Payment.objects.exists()


def test_a_member_of_another_branch_is_not_a_choice(world, as_user):
    assess(world.member_b)
    client = as_user(world.secretary_a)
    url = reverse("dues:pay", args=[world.branch_a.pk])
    client.post(url, _pay_data(world.member_b))
    assert not Payment.objects.exists()


def test_leadership_cannot_post_a_payment(world, as_user):
    assess(world.member_a)
    client = as_user(world.leader)
    url = reverse("dues:pay", args=[world.branch_a.pk])
    assert client.post(url, _pay_data(world.member_a)).status_code == 403
    assert not Payment.objects.exists()


def test_the_assessment_form_sets_the_dues_and_refuses_a_stale_save(world, as_user):
    make_table(world.township)
    client = as_user(world.staff)
    url = reverse("dues:assess", args=[world.member_a.pk]) + "?year=2016"
    data = {"year": 2016, "category": "employed", "base": "6000", "note": ""}
    assert client.post(url, {**data, "seen_version": ""}).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.monthly == Decimal("90.00")
    # Someone else opened the form before this save: their version is stale.
    response = client.post(url, {**data, "base": "2000", "seen_version": ""})
    assert "他人修改" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.monthly == Decimal("90.00")


def test_a_correction_through_the_page(world, as_user):
    assess(world.member_a)
    payment = pay(world.member_a, 1, 1)
    client = as_user(world.secretary_a)
    url = reverse("dues:reverse", args=["payment", payment.pk])
    assert client.post(url, {"on": "2016-12-10", "reason": "错记"}).status_code == 302
    assert Payment.objects.filter(reverses=payment).exists()
    # Another branch's secretary: 404; leadership: 403.
    assert (
        as_user(world.secretary_b).post(url, {"on": "2016-12-10", "reason": "x"}).status_code == 404
    )
    assert as_user(world.leader).post(url, {"on": "2016-12-10", "reason": "x"}).status_code == 403


def test_a_bad_reversal_kind_is_refused(world, as_user):
    assert as_user(world.staff).post("/dues/nothing/1/reverse/").status_code == 403


def test_the_ledger_entry_form(world, as_user):
    assess(world.member_a, category=Category.EMPLOYED, base="4000")
    pay(world.member_a, 1, 3)
    record_remittance(branch=world.branch_a, amount=Decimal("120"), remitted_on=D(2016, 4, 1))
    client = as_user(world.staff)
    data = {"kind": "used", "amount": "200", "entered_on": "2016-10-01", "purpose": "培训"}
    response = client.post(reverse("dues:ledger-add"), data)
    assert "超过了乡党委现有的党费" in response.content.decode()
    data["amount"] = "20"
    assert client.post(reverse("dues:ledger-add"), data).status_code == 302
    assert TownshipEntry.objects.get().amount == Decimal("20.00")
    page = client.get(reverse("dues:ledger") + "?year=2016").content.decode()
    assert "100.00" in page


def _members(branch, n):
    Member.objects.bulk_create(
        [
            MemberFactory.build(branch=branch, name=f"批量{i}", joined_on=D(2010, 1, 1))
            for i in range(n)
        ]
    )
    make_table(branch.township)
    table = branch.township.dues_rate_tables.get()
    Assessment.objects.bulk_create(
        Assessment(
            member=m,
            year=2016,
            category=Category.FARMER,
            monthly=Decimal("0.50"),
            assessed_on=D(2016, 1, 1),
            table=table,
        )
        for m in Member.objects.filter(branch=branch)
    )
    Payment.objects.bulk_create(
        Payment(
            member=m,
            branch=branch,
            year=2016,
            month_from=1,
            month_to=6,
            monthly=Decimal("0.50"),
            amount=Decimal("3.00"),
            paid_on=D(2016, 6, 1),
            receipt_no=f"B{m.pk}",
        )
        for m in Member.objects.filter(branch=branch)
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_dues_pages_cost_the_same_queries_at_12_and_1200_members(world, as_user):
    from tests.factories import BranchFactory

    small = BranchFactory(township=world.township)
    big = BranchFactory(township=world.township)
    _members(small, 12)
    _members(big, 1200)
    client = as_user(world.staff)
    n_small, _ = _queries(client, reverse("dues:branch", args=[small.pk]) + "?year=2016")
    n_big, response = _queries(client, reverse("dues:branch", args=[big.pk]) + "?year=2016")
    assert n_small == n_big
    assert response.content.decode().count("批量") >= 1200
    n_index, _ = _queries(client, reverse("dues:index") + "?year=2016")
    BranchFactory.create_batch(5, township=world.township)
    assert _queries(client, reverse("dues:index") + "?year=2016")[0] == n_index
    n_risk, _ = _queries(client, reverse("dues:risk"))
    _members(BranchFactory(township=world.township), 30)
    assert _queries(client, reverse("dues:risk"))[0] == n_risk


def test_the_branch_page_shows_months_and_flags(world, as_user):
    assess(world.member_a)
    pay(world.member_a, 1, 6)
    page = as_user(world.secretary_a).get(reverse("dues:branch", args=[world.branch_a.pk]))
    text = page.content.decode()
    assert "连续6个月（党章第九条）" in text
    assert "记录交纳党费" in text
    leader_page = as_user(world.leader).get(reverse("dues:branch", args=[world.branch_a.pk]))
    assert "记录交纳党费" not in leader_page.content.decode()


def _sheet(response):
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
        if response.streaming
        else io.BytesIO(response.content)
    )
    return book.worksheets[0]


def test_the_branch_export_escapes_formulas_and_masks_for_leadership(world, as_user):
    world.member_a.name = "=HYPERLINK(1)"
    world.member_a.save()
    assess(world.member_a, category=Category.EMPLOYED, base="4000")
    pay(world.member_a, 1, 3)
    url = reverse("dues:branch-export", args=[world.branch_a.pk]) + "?year=2016"
    rows = list(_sheet(as_user(world.secretary_a).get(url)).iter_rows(values_only=True))
    header = rows[0]
    row = rows[1]
    assert row[header.index("姓名")] == "'=HYPERLINK(1)"
    assert row[header.index("公民身份号码")] == world.member_a.id_number
    assert (
        row[header.index("月缴纳基数（元）")] == Decimal("4000.00")
        or row[header.index("月缴纳基数（元）")] == 4000
    )
    assert row[header.index("已缴党费（元）")] == 120
    masked = list(_sheet(as_user(world.leader).get(url)).iter_rows(values_only=True))
    header = masked[1]
    row = masked[2]
    assert "*" in row[header.index("公民身份号码")]
    assert row[header.index("月缴纳基数（元）")] is None


def test_the_ledger_export(world, as_user):
    assess(world.member_a, category=Category.EMPLOYED, base="4000")
    pay(world.member_a, 1, 3)
    record_remittance(branch=world.branch_a, amount=Decimal("120"), remitted_on=D(2016, 4, 1))
    response = as_user(world.leader).get(reverse("dues:ledger-export") + "?year=2016")
    rows = list(_sheet(response).iter_rows(values_only=True))
    assert rows[1][1] == "支部上缴" and rows[1][3] == 120


@pytest.mark.parametrize(
    ("period", "number", "label"),
    [("month", 3, "2016年3月"), ("quarter", 2, "2016年第2季度"), ("year", 1, "2016年")],
)
def test_the_collection_sheet_pdf(world, as_user, period, number, label):
    assess(world.member_a, category=Category.EMPLOYED, base="4000")
    pay(world.member_a, 1, 3)
    url = reverse("dues:branch-pdf", args=[world.branch_a.pk])
    response = as_user(world.leader).get(url, {"year": 2016, "period": period, "number": number})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", "")
    assert "党费收缴情况表" in text and label in text and "张三" in text
    assert_cjk_fonts_only(response.content)


def test_the_dashboard_shows_the_dues(world, as_user):
    assess(world.member_a)
    pay(world.member_a, 1, 6)
    page = as_user(world.leader).get("/dashboard/?year=2016").content.decode()
    assert 'id="dues"' in page and "2016年党费" in page and "50.0%" in page


def test_the_secretary_records_the_branchs_consent_to_pay_by_quarter(world, as_user):
    from dues.models import QuarterlyConsent

    client = as_user(world.secretary_a)
    url = reverse("dues:consent", args=[world.branch_a.pk])
    data = {"year": 2016, "decided_on": "2016-01-08", "note": "支部党员大会"}
    assert client.post(url, data).status_code == 302
    assert QuarterlyConsent.objects.get().branch == world.branch_a
    again = client.post(url, data)
    assert "已记录" in again.content.decode() and QuarterlyConsent.objects.count() == 1
    assert as_user(world.leader).post(url, data).status_code == 403


def test_a_good_reason_through_the_page_lifts_the_article_9_flag(world, as_user):
    from dues.models import GoodReason

    assess(world.member_a)
    pay(world.member_a, 1, 6)
    client = as_user(world.secretary_a)
    url = reverse("dues:good-reason", args=[world.member_a.pk])
    bad = client.post(
        url,
        {
            "month_from": "2016-09",
            "month_to": "2016-08",
            "reason": "病",
            "decided_on": "2016-09-01",
        },
    )
    assert "截止月份早于起始月份" in bad.content.decode() and not GoodReason.objects.exists()
    data = {
        "month_from": "2016-09",
        "month_to": "2016-09",
        "reason": "住院",
        "decided_on": "2016-09-01",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("dues:branch", args=[world.branch_a.pk])).content.decode()
    assert "党章第九条）</span>" not in page and "○" in page


def test_the_annual_report_section_reads_the_dashboards_selector(world):
    from django.template.loader import render_to_string

    from dues.selectors import dues_overview

    assess(world.member_a)
    pay(world.member_a, 1, 6)
    html = render_to_string(
        "dues/pdf/_annual_section.html", {"dues": dues_overview(world.township, 2016)}
    )
    assert "2016年党费" in html and "收缴率 50.0%" in html and "甲村党支部" in html


def test_a_secretary_sees_only_their_branch_and_the_rates(world, as_user):
    make_table(world.township)
    page = as_user(world.secretary_a).get(reverse("dues:index")).content.decode()
    assert "甲村党支部" in page and "乙村党支部" not in page
    assert "现行党费收缴标准" in page and "乡党委党费账" not in page


def test_the_ledger_export_escapes_formulas(world, as_user):
    from dues.services import record_township_entry

    assess(world.member_a, category=Category.EMPLOYED, base="4000")
    pay(world.member_a, 1, 3)
    record_remittance(branch=world.branch_a, amount=Decimal("120"), remitted_on=D(2016, 4, 1))
    record_township_entry(
        township=world.township,
        kind=TownshipEntry.Kind.USED,
        amount=Decimal("20"),
        entered_on=D(2016, 5, 1),
        purpose="=HYPERLINK(1)",
    )
    response = as_user(world.staff).get(reverse("dues:ledger-export") + "?year=2016")
    rows = list(_sheet(response).iter_rows(values_only=True))
    assert rows[2][2] == "'=HYPERLINK(1)" and rows[2][4] == 20 and rows[2][5] == 100


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"year": "1800"}, {"year": "9" * 30}, {"township": "x"}, {"arrears": "2"}],
)
def test_the_index_says_a_value_not_understood_and_shows_this_year(world, as_user, query):
    """dues/filters.py: never a 500, never silently another year's figures."""
    response = as_user(world.staff).get(reverse("dues:index"), query)
    assert response.status_code == 200
    assert response.context["year"] == TODAY.year
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == (0 if "arrears" in query else 1)


def test_the_ledger_export_takes_a_bad_year_as_this_year_without_a_500(world, as_user):
    client = as_user(world.staff)
    bad = client.get(reverse("dues:ledger-export"), {"year": "x"})
    good = client.get(reverse("dues:ledger-export"), {"year": str(TODAY.year)})
    assert bad.status_code == good.status_code == 200
