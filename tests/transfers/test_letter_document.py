"""The transfer letter as an official document: the month the dues are paid up to comes from
the member's dues ledger (never typed; 党费台账无记录 when it has nothing), and the letter
prints in the GB/T 9704 layout of the notice and the decision, as PDF and as Word."""

import datetime
import io
import subprocess
import tempfile

import pytest
from django.urls import reverse

from dues.selectors import dues_paid_up_to
from dues.services import reverse_record
from tests.dues.factories import assess, pay
from tests.pdf_utils import assert_cjk_fonts_only, assert_phrases_whole, pdf_fonts, pdf_pages
from transfers.models import TransferOut
from transfers.services import issue_letter

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


def _issue(member):
    return issue_letter(
        member=member,
        issued_on=d(2016, 10, 10),
        destination="中共东莞市长安镇委员会",
        reason="外出务工",
        valid_until=d(2017, 1, 10),
    )


def pdftotext(data: bytes) -> str:
    """The text as poppler's pdftotext reads it, spaces and line breaks removed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return "".join(out.split())


def _in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part} missing or out of order"
        at = found


# --- Dues paid up to, from the ledger ---------------------------------------------------


def test_a_member_without_payments_has_no_month_in_the_ledger(world):
    assert dues_paid_up_to(world.member_a) is None


def test_the_month_is_the_last_of_the_unbroken_run_of_paid_months(world):
    assess(world.member_a)
    pay(world.member_a, 1, 3)
    pay(world.member_a, 4, 6)
    assert dues_paid_up_to(world.member_a) == d(2016, 6, 1)


def test_a_month_left_unpaid_stops_the_run_even_if_later_months_are_paid(world):
    assess(world.member_a)
    pay(world.member_a, 1, 3)
    pay(world.member_a, 5, 8)
    assert dues_paid_up_to(world.member_a) == d(2016, 3, 1)


def test_the_run_goes_on_across_years(world):
    assess(world.member_a, year=2015)
    assess(world.member_a, year=2016)
    pay(world.member_a, 7, 12, year=2015)
    pay(world.member_a, 1, 2, year=2016)
    assert dues_paid_up_to(world.member_a) == d(2016, 2, 1)


def test_a_reversed_payment_does_not_count(world):
    assess(world.member_a)
    pay(world.member_a, 1, 3)
    wrong = pay(world.member_a, 4, 6)
    reverse_record(record=wrong, on=d(2016, 12, 2), reason="收据填错")
    assert dues_paid_up_to(world.member_a) == d(2016, 3, 1)


def test_the_letter_takes_the_month_from_the_ledger(world):
    assess(world.member_a)
    pay(world.member_a, 1, 9)
    assert _issue(world.member_a).dues_paid_to == d(2016, 9, 1)


def test_the_form_shows_the_ledgers_month_and_a_typed_one_is_ignored(world, as_user):
    assess(world.member_a)
    pay(world.member_a, 1, 9)
    client = as_user(world.staff)
    url = reverse("transfers:out-new", args=[world.member_a.pk])
    page = client.get(url).content.decode()
    assert "2016年9月" in page and 'name="dues_paid_to"' not in page
    client.post(
        url,
        {
            "issued_on": "2016-12-01",
            "destination": "中共某县某镇委员会",
            "reason": "迁居",
            "dues_paid_to": "2016-12",
            "valid_until": "2017-02-28",
        },
    )
    assert TransferOut.objects.get().dues_paid_to == d(2016, 9, 1)


def test_without_ledger_records_the_letter_says_so(world, as_user):
    letter = _issue(world.member_a)
    client = as_user(world.staff)
    assert (
        "党费台账无记录" in client.get(reverse("transfers:out", args=[letter.pk])).content.decode()
    )
    text = pdftotext(client.get(reverse("transfers:out-pdf", args=[letter.pk])).content)
    assert "党费台账无记录" in text and "党费已交到" not in text


# --- The official layout ----------------------------------------------------------------


def test_the_letter_pdf_is_in_the_official_layout(world, as_user):
    assess(world.member_a)
    pay(world.member_a, 1, 10)
    letter = _issue(world.member_a)
    data = as_user(world.staff).get(reverse("transfers:out-pdf", args=[letter.pk])).content
    committee = world.township.committee_name
    _in_order(
        pdftotext(data),
        [
            committee,  # the red 发文机关标志
            "〔2016〕1号",  # the 发文字号
            "中国共产党党员组织关系介绍信",
            "中共东莞市长安镇委员会：",  # 主送
            "兹介绍张三同志",
            world.member_a.id_number,
            "转移原因：外出务工。",
            "该同志党费已交到2016年10月。",
            "有效期92天（至2017年1月10日）",
            "附件：党员组织关系介绍信回执",
            committee,  # 署名
            "2016年10月10日",  # 成文日期
            "—1—",
            "党员组织关系介绍信回执",
            "接收党组织（盖章）",
            "党员组织关系介绍信存根",
            "抄送：",  # 版记
            "印发",
        ],
    )
    assert pdf_pages(data) == 2 and "—2—" in pdftotext(data)
    assert_phrases_whole(data, ["中国共产党党员组织关系介绍信", "2016年10月10日", "〔2016〕1号"])
    assert_cjk_fonts_only(data)
    names = " ".join(name for name, _embedded in pdf_fonts(data))
    assert "Serif" in names and "Sans" in names  # 小标宋/仿宋 stand-ins and 黑体 (附件)


def test_the_word_copy_carries_the_same_text_and_layout(world, as_user):
    from docx import Document

    from township.word import DOCX_TYPE, RED

    assess(world.member_a)
    pay(world.member_a, 1, 10)
    letter = _issue(world.member_a)
    response = as_user(world.staff).get(reverse("transfers:out-docx", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0] == world.township.committee_name
    assert document.paragraphs[0].runs[0].font.color.rgb == RED
    assert paragraphs[1] == "〔2016〕1号" and paragraphs[2] == "中国共产党党员组织关系介绍信"
    assert paragraphs[3] == "中共东莞市长安镇委员会："
    flat = "".join(paragraphs)
    for words in (
        "该同志党费已交到2016年10月。",
        "附件：党员组织关系介绍信回执",
        "党员组织关系介绍信存根",
    ):
        assert words in flat
    assert any(p.startswith("抄送：") for p in paragraphs)
    assert document.settings.odd_and_even_pages_header_footer


def test_a_secretary_cannot_download_the_word_copy(world, as_user):
    letter = _issue(world.member_a)
    response = as_user(world.secretary_a).get(reverse("transfers:out-docx", args=[letter.pk]))
    assert response.status_code == 403
