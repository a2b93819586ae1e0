"""Markup and script typed into free-text fields come back as text: escaped on pages and in
the back office, literal in PDFs (which fetch nothing for them) and in Excel exports (where a
leading = + - @ is neutralised); SQL-ish search strings are just text."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from awards.models import Nomination
from branches.models import Meeting
from tests.awards.factories import round_at_notice
from tests.factories import MemberFactory
from tests.finance.factories import (
    CounterpartyFactory,
    EntryFactory,
    ExpenditureFactory,
    make_finance,
)
from tests.pdf_utils import pdf_text
from tests.plans.factories import TaskFactory, TaskUpdateFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = [SCRIPT, IMG]
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"]
#: What must never reach a page as markup, whatever else happens to the text.
RAW = ["<script>alert(1)", "<img src=x", "onerror=alert(1)>"]
FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def hostile(world, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    w = world
    w.branch_a.name = f"甲村{IMG}"
    w.branch_a.save()
    w.member_a.name = SCRIPT
    w.member_a.address = IMG
    w.member_a.job = FORMULA
    w.member_a.save()
    w.meeting = Meeting.objects.create(
        branch=w.branch_a,
        kind="members",
        date=datetime.date(2016, 11, 1),
        topic=SCRIPT,
        minutes=IMG,
    )
    w.task = TaskFactory(branch=w.branch_a, title=SCRIPT)
    TaskUpdateFactory(task=w.task, text=IMG, author=w.secretary_a)
    w.finance = make_finance(w.branch_a)
    ExpenditureFactory(
        branch=w.branch_a, payee=SCRIPT, purpose=IMG, spent_on=datetime.date(2016, 12, 3)
    )
    counterparty = CounterpartyFactory(branch=w.branch_a, name=SCRIPT)
    EntryFactory(counterparty=counterparty, description=IMG, amount=Decimal("10.00"))
    w.round = round_at_notice(w)
    w.nomination = w.round.nominations.get(member=w.member_a)
    Nomination.objects.filter(pk=w.nomination.pk).update(deeds=f"{SCRIPT}{IMG}")
    return w


def _assert_escaped(html: str, where: str, *, shown=True):
    for raw in RAW:
        assert raw not in html, f"{where}: unescaped {raw!r}"
    if shown:
        assert any(e in html for e in ESCAPED), f"{where}: the hostile text is not shown at all"


PAGES = [
    ("branch page", lambda w: reverse("branches:detail", kwargs={"pk": w.branch_a.pk})),
    ("member page", lambda w: reverse("members:detail", kwargs={"pk": w.member_a.pk})),
    ("meeting page", lambda w: reverse("branches:meeting-detail", kwargs={"pk": w.meeting.pk})),
    (
        "meetings of the branch",
        lambda w: reverse("branches:meetings", kwargs={"pk": w.branch_a.pk}),
    ),
    ("task page", lambda w: reverse("plans:task", kwargs={"pk": w.task.pk})),
    ("finance village page", lambda w: reverse("finance:detail", kwargs={"pk": w.finance.pk})),
    ("awards round", lambda w: reverse("awards:round-detail", kwargs={"pk": w.round.pk})),
    (
        "nomination page",
        lambda w: reverse("awards:nomination-detail", kwargs={"pk": w.nomination.pk}),
    ),
    ("member list", lambda w: reverse("members:list")),
    ("branch list", lambda w: reverse("branches:list")),
    ("finance list", lambda w: reverse("finance:list")),
    ("dashboard", lambda w: reverse("dashboard")),
    ("home", lambda w: reverse("home")),
]


@pytest.mark.parametrize("who", ["staff", "leader", "secretary_a"])
def test_pages_show_hostile_text_escaped(hostile, client, who):
    client.force_login(getattr(hostile, who))
    for where, url_of in PAGES:
        response = client.get(url_of(hostile))
        if response.status_code == 403:
            continue  # e.g. the dashboard is not the secretaries'
        assert response.status_code == 200, where
        _assert_escaped(response.content.decode(), where, shown=where != "home")


def test_the_dashboard_chart_data_cannot_close_its_script(hostile, client):
    client.force_login(hostile.leader)
    html = client.get(reverse("dashboard")).content.decode()
    # json_script escapes < > &: a branch name cannot end the data block.
    assert "</script><" not in html.split('id="chart-data"', 1)[-1].split("</script>", 1)[0]


ADMIN_LISTS = [
    "/admin/members/member/",
    "/admin/branches/branch/",
    "/admin/branches/meeting/",
    "/admin/plans/task/",
    "/admin/finance/counterparty/",
    "/admin/finance/expenditure/",
    "/admin/finance/ledgerentry/",
    "/admin/awards/nomination/",
]


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_back_office_lists_show_hostile_text_escaped(hostile, client, url):
    client.force_login(hostile.staff)
    response = client.get(url)
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), url)


def test_back_office_change_pages_show_hostile_text_escaped(hostile, client):
    client.force_login(hostile.staff)
    for url in [
        f"/admin/members/member/{hostile.member_a.pk}/change/",
        f"/admin/branches/meeting/{hostile.meeting.pk}/change/",
        f"/admin/awards/nomination/{hostile.nomination.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        _assert_escaped(response.content.decode(), url)


# --- PDFs ------------------------------------------------------------------------------------

PDFS = [
    (
        "branch profile",
        lambda w: reverse("reports:branch-profile", kwargs={"pk": w.branch_a.pk}),
        "",
    ),
    (
        "disclosure sheet",
        lambda w: reverse("finance:disclosure-pdf", kwargs={"pk": w.finance.pk}),
        "?period=2016-12",
    ),
    ("notice", lambda w: reverse("awards:notice-pdf", kwargs={"pk": w.round.pk}), ""),
]


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asked for while rendering."""
    from township import pdf

    urls = []
    original = pdf.safe_url_fetcher

    def recording(url, *args, **kwargs):
        urls.append(url)
        return original(url, *args, **kwargs)

    monkeypatch.setattr(pdf, "safe_url_fetcher", recording)
    return urls


@pytest.mark.parametrize("name,url_of,query", PDFS, ids=[p[0] for p in PDFS])
def test_pdfs_print_hostile_text_literally_and_fetch_nothing_for_it(
    hostile, client, fetched, name, url_of, query
):
    client.force_login(hostile.staff)
    response = client.get(url_of(hostile) + query)
    assert response.status_code == 200
    text = "".join(pdf_text(response.content).split())
    assert any("".join(p.split()) in text for p in PAYLOADS), name
    assert fetched, "the recorder saw no fetch at all (fonts and CSS come from /static/)"
    for url in fetched:
        assert "/static/" in url, f"{name} fetched {url}"


# --- Excel -----------------------------------------------------------------------------------


def _cells(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row]


EXPORTS = [
    ("roster", lambda w: reverse("members:export")),
    ("meetings", lambda w: reverse("branches:meetings-export", kwargs={"pk": w.branch_a.pk})),
    ("ledger", lambda w: reverse("finance:ledger-export", kwargs={"pk": w.finance.pk})),
    ("nominations", lambda w: reverse("awards:nominations-export", kwargs={"pk": w.round.pk})),
    ("branches", lambda w: reverse("branches:export")),
]


@pytest.mark.parametrize("name,url_of", EXPORTS, ids=[e[0] for e in EXPORTS])
def test_excel_exports_hold_hostile_text_literally(hostile, client, name, url_of):
    client.force_login(hostile.staff)
    response = client.get(url_of(hostile))
    assert response.status_code == 200
    values = [c.value for c in _cells(response.content) if isinstance(c.value, str)]
    assert any(p in v for v in values for p in PAYLOADS), f"{name}: hostile text missing"
    for cell in _cells(response.content):
        assert cell.data_type != "f", f"{name}: a formula cell {cell.coordinate}={cell.value}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@")), (name, cell.value)


def test_the_roster_export_neutralises_a_formula(hostile, client):
    client.force_login(hostile.staff)
    values = [c.value for c in _cells(client.get(reverse("members:export")).content)]
    assert "'" + FORMULA in values and FORMULA not in values


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_every_formula_start_is_neutralised(hostile, client, start):
    hostile.member_a.address = f"{start}1+2"
    hostile.member_a.save()
    client.force_login(hostile.staff)
    values = [c.value for c in _cells(client.get(reverse("members:export")).content)]
    assert f"'{start}1+2" in values


# --- Search boxes ----------------------------------------------------------------------------

SQLISH = ["' OR 1=1 --", '" OR ""="', "%", "_", "\\", "%%", "'; DROP TABLE members_member; --"]


@pytest.mark.parametrize("q", SQLISH)
def test_sqlish_search_text_is_only_text(hostile, client, q):
    MemberFactory(branch=hostile.branch_a, name="王二")
    client.force_login(hostile.staff)
    searches = [
        (reverse("members:list"), "members"),
        (reverse("finance:list"), None),
        (reverse("awards:round-detail", kwargs={"pk": hostile.round.pk}), None),
    ]
    for url, list_name in searches:
        response = client.get(url, {"q": q})
        assert response.status_code == 200, url
        if list_name:
            assert "王二" not in response.content.decode(), f"{url}?q={q} matched everything"
    # The admin's search boxes too.
    for url in ["/admin/members/member/", "/admin/branches/branch/", "/admin/plans/task/"]:
        response = client.get(url, {"q": q})
        assert response.status_code == 200, url
        assert response.context["cl"].result_count == 0, f"{url}?q={q}"
    from members.models import Member

    assert Member.objects.count() == 4


def test_a_plain_search_still_finds(hostile, client):
    """The search tests above are honest: the same box finds a real name."""
    MemberFactory(branch=hostile.branch_a, name="王二")
    client.force_login(hostile.staff)
    assert "王二" in client.get(reverse("members:list"), {"q": "王二"}).content.decode()
    response = client.get("/admin/members/member/", {"q": "王二"})
    assert response.context["cl"].result_count == 1
