"""The decision and the public notice in the official layout (GB/T 9704-2012), and the
certificates on their own landscape stock."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.models import Nomination, Round
from tests.factories import MemberFactory
from tests.pdf_utils import (
    assert_cjk_fonts_only,
    assert_phrases_whole,
    pdf_lines,
    pdf_text,
    text_positions,
)

from .factories import categories, decided_round, nomination, round_at_notice

D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _in_order(text: str, parts: list[str]) -> None:
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part} missing or out of order"
        at = found


def _decision(world, as_user) -> bytes:
    round = decided_round(world)
    c = categories(world.township)
    nomination(
        round,
        c["致富带头人"],
        member=MemberFactory(branch=world.branch_a, name="王五"),
        stage=Nomination.Stage.COMMENDED,
    )
    url = reverse("awards:decision-pdf", kwargs={"pk": round.pk})
    return as_user(world.leader).get(url).content


def test_the_decision_reads_in_the_official_order(world, as_user):
    data = _decision(world, as_user)
    text = pdf_text(data).replace(" ", "").replace("\n", "")
    _in_order(
        text,
        [
            "中共青山乡委员会文件",
            "青委发〔2017〕9号",
            "关于表彰2017年度",
            "的决定",
            "各党支部：",
            "一、优秀共产党员（2名）",
            "二、致富带头人（1名）",
            "三、先进基层党组织（1个）",
            "（以上排名按姓氏笔画为序）",
            "中共青山乡委员会",
            "抄送：",
            "委组织部",
            "党政办公室",
            "印发",
        ],
    )
    assert "1." not in text and "生成于" not in text and "第1页" not in text
    assert_cjk_fonts_only(data)


def test_the_decision_title_and_names_never_break_inside_a_word(world, as_user):
    data = _decision(world, as_user)
    assert_phrases_whole(
        data, ["致富带头人", "优秀共产党员", "先进基层党组织", "王五（甲村党支部）"]
    )


def test_pages_are_numbered_in_the_official_style(world, as_user):
    data = _decision(world, as_user)
    lines = pdf_lines(data)
    assert "—1—" in lines
    assert not any(line.startswith("第") and "页" in line for line in lines)


def test_the_notice_says_where_to_object(world, as_user):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))
    world.township.phone = "0838-6512001"
    world.township.address = "云溪县青山乡场镇街1号"
    world.township.save()
    data = as_user(world.staff).get(reverse("awards:notice-pdf", kwargs={"pk": round.pk})).content
    text = pdf_text(data).replace(" ", "").replace("\n", "")
    _in_order(
        text,
        ["中共青山乡委员会", "拟表彰对象的公示", "一、优秀共产党员", "二、先进基层党组织"],
    )
    assert "联系电话：0838-6512001" in text and "云溪县青山乡场镇街1号" in text
    assert_phrases_whole(data, ["2016年9月30日至2016年10月11日"])


def test_certificates_are_landscape_with_no_footer(world, as_user):
    round = decided_round(world)
    data = (
        as_user(world.staff)
        .get(reverse("awards:certificates-pdf", kwargs={"pk": round.pk}))
        .content
    )
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 3
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round_(width), round_(height)) == (842, 595)  # A4 landscape, in points
    text = pdf_text(data).replace(" ", "")
    assert "—1—" not in text and "页" not in text
    assert_phrases_whole(data, ["特发此证，以资鼓励。", "张三同志："])
    assert_cjk_fonts_only(data)


def round_(x: float) -> int:
    return int(x + 0.5)


def test_the_certificate_stock_is_a_setting(world, as_user, settings):
    settings.CERTIFICATE_PAGE_SIZE = "B5 landscape"
    round = decided_round(world)
    data = (
        as_user(world.staff)
        .get(reverse("awards:certificates-pdf", kwargs={"pk": round.pk}))
        .content
    )
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round_(float(page.mediabox.width)), round_(float(page.mediabox.height))) == (709, 499)


def test_the_decision_word_copy_matches_the_pdf(world, as_user):
    from docx import Document

    from township.word import DOCX_TYPE, RED

    pdf = _decision(world, as_user)
    round = Round.objects.get()
    response = as_user(world.staff).get(reverse("awards:decision-docx", kwargs={"pk": round.pk}))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0] == "中共青山乡委员会文件" and paragraphs[1] == "青委发〔2017〕9号"
    assert document.paragraphs[0].runs[0].font.color.rgb == RED
    # Word copies name the official fonts; Word substitutes where a machine lacks them.
    assert document.paragraphs[0].runs[0].font.name == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("一年来"))
    assert body.runs[0].font.name == "仿宋_GB2312"
    section = document.sections[0]
    assert [round_(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
    assert document.settings.odd_and_even_pages_header_footer
    headings = [p for p in paragraphs if p[:2] in ("一、", "二、", "三、")]
    assert headings == [
        "一、优秀共产党员（2名）",
        "二、致富带头人（1名）",
        "三、先进基层党组织（1个）",
    ]
    pdf_flat = pdf_text(pdf).replace(" ", "").replace("\n", "")
    for heading in headings:
        assert heading in pdf_flat
    names = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "王五（甲村党支部）" in names
    assert any(p.startswith("抄送：") for p in paragraphs)
    assert paragraphs[-1].startswith("青山乡党政办公室")


def test_the_notice_word_copy_carries_the_contact(world, as_user):
    from docx import Document

    round = round_at_notice(world, starts_on=D(2016, 9, 30))
    world.township.phone = "0838-6512001"
    world.township.save()
    response = as_user(world.secretary_a).get(
        reverse("awards:notice-docx", kwargs={"pk": round.pk})
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2016年9月30日至2016年10月11日" in text and "联系电话：0838-6512001" in text


def test_the_round_notice_opens_the_round_in_the_official_layout(world, as_user):
    from docx import Document

    from .factories import open_round

    round = open_round(world.township)
    client = as_user(world.secretary_a)
    data = client.get(reverse("awards:round-notice-pdf", kwargs={"pk": round.pk})).content
    text = pdf_text(data).replace(" ", "").replace("\n", "")
    _in_order(
        text,
        [
            "中共青山乡委员会文件",
            "关于开展2017年度“七一”表彰推荐工作的通知",
            "各党支部：",
            "一、表彰项目和名额",
            "（一）",
            "二、推荐条件",
            "三、推荐程序和时间安排",
            "2016年12月1日至2017年5月31日",
            "公示5个工作日",
            "2017年7月1日",
            "四、有关要求",
            "抄送：",
        ],
    )
    assert "优秀共产党员2名" in text and "先进基层党组织2个" in text
    assert_phrases_whole(data, ["2016年12月1日至2017年5月31日", "表彰推荐工作的通知"])
    assert_cjk_fonts_only(data)
    word = client.get(reverse("awards:round-notice-docx", kwargs={"pk": round.pk})).content
    paragraphs = [p.text for p in Document(io.BytesIO(word)).paragraphs]
    headings = [p for p in paragraphs if p[:2] in ("一、", "二、", "三、", "四、")]
    assert headings == [
        "一、表彰项目和名额",
        "二、推荐条件",
        "三、推荐程序和时间安排",
        "四、有关要求",
    ]


def test_the_banji_sits_at_the_foot_of_the_last_page(world, as_user):
    data = _decision(world, as_user)
    runs = text_positions(PdfReader(io.BytesIO(data)).pages[-1])

    def y_of(key):
        return [y for text, _x, y in runs if key in text.replace(" ", "")]

    bottom_margin = 35 / 25.4 * 72  # 35 mm in points
    # The 印发 line sits just above the bottom margin, the signature well above the 版记.
    assert min(y_of("印发")) < bottom_margin + 40
    assert min(y_of("中共青山乡委员会")) > max(y_of("抄送")) + 40
