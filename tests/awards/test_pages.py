"""Pages, permissions on writes, documents and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Nomination, Round
from tests.factories import MemberFactory
from tests.pdf_utils import assert_cjk_fonts_only, pdf_pages, pdf_text

from .factories import categories, decided_round, nomination, open_round, round_at_notice

D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _post_nomination(client, round, category, **data):
    return client.post(
        reverse("awards:nominate", kwargs={"pk": round.pk}),
        {"category": category.pk, "deeds": "带头发展茶叶产业", **data},
    )


def test_a_secretary_nominates_a_member_of_their_branch(world, as_user):
    round = open_round(world.township)
    c = categories(world.township)["优秀共产党员"]
    response = _post_nomination(as_user(world.secretary_a), round, c, member=world.member_a.pk)
    assert response.status_code == 302
    n = Nomination.objects.get()
    assert n.member == world.member_a and n.nominated_by == world.secretary_a


def test_a_forged_member_of_another_branch_is_refused(world, as_user):
    round = open_round(world.township)
    c = categories(world.township)["优秀共产党员"]
    response = _post_nomination(as_user(world.secretary_a), round, c, member=world.member_b.pk)
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_a_forged_branch_is_refused(world, as_user):
    round = open_round(world.township)
    c = categories(world.township)["先进基层党组织"]
    client = as_user(world.secretary_a)
    _post_nomination(client, round, c, branch=world.branch_b.pk)
    _post_nomination(client, round, c, branch=world.branch_x.pk)
    assert not Nomination.objects.exists()
    _post_nomination(client, round, c, branch=world.branch_a.pk)
    assert Nomination.objects.get().branch == world.branch_a


def test_an_ineligible_nomination_shows_the_chinese_reason(world, as_user):
    round = open_round(world.township)
    probationary = MemberFactory(
        branch=world.branch_a, full_member_on=None, joined_on=D(2016, 7, 1)
    )
    c = categories(world.township)["优秀共产党员"]
    response = _post_nomination(as_user(world.staff), round, c, member=probationary.pk)
    assert "预备党员" in response.content.decode()
    assert not Nomination.objects.exists()


def test_leadership_reads_but_cannot_write(world, as_user):
    round = open_round(world.township)
    c = categories(world.township)["优秀共产党员"]
    client = as_user(world.leader)
    assert client.get(reverse("awards:round-detail", kwargs={"pk": round.pk})).status_code == 200
    assert _post_nomination(client, round, c, member=world.member_a.pk).status_code == 403
    response = client.post(reverse("awards:quotas", kwargs={"pk": round.pk}), {f"c{c.pk}": 9})
    assert response.status_code == 403
    assert not Nomination.objects.exists() and round.quotas.get(category=c).number == 2


def test_a_secretary_sees_only_their_nominations_until_the_notice(world, as_user):
    round = open_round(world.township)
    c = categories(world.township)["优秀共产党员"]
    mine = nomination(round, c, member=world.member_a)
    theirs = nomination(round, c, member=world.member_b)
    client = as_user(world.secretary_a)
    page = client.get(reverse("awards:round-detail", kwargs={"pk": round.pk})).content.decode()
    assert "张三" in page and "李四" not in page
    url = reverse("awards:nomination-detail", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 404
    Nomination.objects.filter(pk__in=[mine.pk, theirs.pk]).update(
        stage=Nomination.Stage.NOTICE, on_notice=True
    )
    Round.objects.filter(pk=round.pk).update(notice_starts_on=D(2017, 6, 12))
    page = client.get(reverse("awards:round-detail", kwargs={"pk": round.pk})).content.decode()
    assert "李四" in page
    assert client.get(url).status_code == 200


def _seen(client, url) -> str:
    """The version the form was read at (township/concurrency.py)."""
    found = re.search(r'name="seen_version" value="(\d*)"', client.get(url).content.decode())
    assert found, "the form carries no seen_version"
    return found.group(1)


def test_staff_run_the_round_from_assessment_to_decision(world, as_user, settings):
    round = open_round(world.township)
    c = categories(world.township)["优秀共产党员"]
    n = nomination(round, c, member=world.member_a)
    client = as_user(world.staff)
    url = reverse("awards:assess", kwargs={"pk": n.pk})
    r = client.post(
        url,
        {
            "passed": "yes",
            "notes": "符合条件",
            "on": "2016-12-20",
            "seen_version": _seen(client, url),
        },
    )
    assert r.status_code == 302
    settings.TOWNSHIP_TODAY = D(2017, 6, 30)
    url = reverse("awards:start-notice", kwargs={"pk": round.pk})
    client.post(url, {"starts_on": "2017-06-12", "seen_version": _seen(client, url)})
    round.refresh_from_db()
    assert round.notice_ends_on == D(2017, 6, 16)
    url = reverse("awards:decide", kwargs={"pk": round.pk})
    seen = _seen(client, url)
    early = client.post(
        url,
        {
            "chosen": [n.pk],
            "decided_on": "2017-06-16",
            "document_number": "青委发〔2017〕9号",
            "seen_version": seen,
        },
    )
    assert "公示期满" in early.content.decode()
    client.post(
        url,
        {
            "chosen": [n.pk],
            "decided_on": "2017-06-19",
            "document_number": "青委发〔2017〕9号",
            "seen_version": seen,
        },
    )
    n.refresh_from_db()
    assert n.stage == Nomination.Stage.COMMENDED


def test_the_decision_lists_the_commended_in_stroke_order(world, as_user):
    round = decided_round(world)
    c = categories(world.township)["优秀共产党员"]
    nomination(
        round,
        c,
        member=MemberFactory(branch=world.branch_a, name="丁一"),
        stage=Nomination.Stage.COMMENDED,
    )
    response = as_user(world.leader).get(reverse("awards:decision-pdf", kwargs={"pk": round.pk}))
    data = response.content
    text = pdf_text(data).replace(" ", "")
    assert "中共青山乡委员会文件" in text and "青委发〔2017〕9号" in text
    assert "优秀共产党员" in text and "先进基层党组织" in text and "甲村党支部" in text
    # 丁2 < 李7 (横) < 张7 (折)
    assert text.index("丁一") < text.index("李四") < text.index("张三")
    assert_cjk_fonts_only(data)


def test_the_notice_gives_the_working_day_period(world, as_user):
    round = round_at_notice(world, starts_on=D(2016, 9, 30))
    data = (
        as_user(world.secretary_a)
        .get(reverse("awards:notice-pdf", kwargs={"pk": round.pk}))
        .content
    )
    text = pdf_text(data).replace(" ", "")
    assert "2016年9月30日至2016年10月11日" in text and "5个工作日" in text
    assert text.index("李四") < text.index("张三")
    assert_cjk_fonts_only(data)


def test_one_certificate_page_per_honoured(world, as_user):
    round = decided_round(world)
    data = (
        as_user(world.staff)
        .get(reverse("awards:certificates-pdf", kwargs={"pk": round.pk}))
        .content
    )
    assert pdf_pages(data) == 3
    text = pdf_text(data).replace(" ", "")
    assert text.count("荣誉证书") == 3 and "张三同志" in text and "甲村党支部" in text
    assert_cjk_fonts_only(data)


def test_the_member_and_branch_pages_list_their_honours(world, as_user):
    decided_round(world)
    client = as_user(world.staff)
    page = client.get(reverse("members:detail", kwargs={"pk": world.member_a.pk})).content.decode()
    assert "所获表彰" in page and "2017年度 优秀共产党员" in page
    page = client.get(reverse("branches:detail", kwargs={"pk": world.branch_a.pk})).content.decode()
    assert "2017年度 先进基层党组织" in page


@pytest.mark.parametrize("name", ["awards:round-list", "awards:round-detail"])
def test_list_pages_cost_the_same_queries_for_1_and_10_rows(world, as_user, name):
    round = open_round(world.township)
    c = categories(world.township)["优秀党务工作者"]
    client = as_user(world.staff)

    def count():
        kwargs = {} if name == "awards:round-list" else {"pk": round.pk}
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        return len(ctx)

    nomination(round, c, member=world.member_a)
    one = count()
    for year in range(2001, 2010):
        Round.objects.create(
            township=world.township,
            year=year,
            meeting_on=D(year, 7, 1),
            nominations_open_on=D(year, 5, 1),
            nominations_close_on=D(year, 6, 1),
        )
        nomination(round, c, member=MemberFactory(branch=world.branch_b))
    assert count() == one
