"""The data version and the caches keyed on it (issue 20 items 5 and 6): every committed
write changes the version, so the dashboard and the PDFs never show older figures.

Most tests here commit for real (transaction=True): the version moves when a write commits.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import BranchGrade, Meeting
from members.models import Member
from tests.factories import GradeFactory, MemberFactory
from tests.plans.factories import PlanFactory
from township import dataversion
from township.dataversion import data_version, project_tables

committed = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


@committed
def test_a_committed_write_of_any_domain_model_moves_the_version(world):
    before = data_version()
    MemberFactory(branch=world.branch_a)
    after_create = data_version()
    assert after_create > before
    Member.objects.filter(branch=world.branch_a).update(job="农民")  # no signal, still seen
    after_update = data_version()
    assert after_update > after_create
    Member.objects.filter(name="不存在").delete()
    world.member_a.contacts.all().delete()
    GradeFactory(branch=world.branch_a, year=2016)
    assert data_version() > after_update


@committed
def test_a_transaction_moves_the_version_once_when_it_commits_and_not_if_rolled_back(world):
    before = data_version()
    with transaction.atomic():
        MemberFactory(branch=world.branch_a)
        MemberFactory(branch=world.branch_a)
        assert data_version() is None  # uncommitted: nothing may be cached now
    assert data_version() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        MemberFactory(branch=world.branch_a)
        raise RuntimeError
    assert data_version() == before + 1


def years_with_data(world, *years):
    """A plan for each year: the dashboard shows figures only for a year with data (else
    it answers 该年度无数据 without computing anything)."""
    for year in years:
        PlanFactory(township=world.township, year=year)


@committed
def test_reading_pages_changes_nothing(world, client):
    years_with_data(world, 2016)
    client.force_login(world.leader)  # sessions are not the project's data
    client.get(reverse("dashboard"))
    before = data_version()
    for _ in range(2):
        assert client.get(reverse("dashboard")).status_code == 200
        assert client.get(reverse("members:list")).status_code == 200
    assert data_version() == before


def test_every_model_of_the_project_is_watched_new_apps_included():
    from django.apps import apps
    from simple_history.models import registered_models

    tables = project_tables()
    for model in registered_models.values():
        assert model._meta.db_table in tables, model
        assert model.history.model._meta.db_table in tables, model
    assert Meeting._meta.db_table in tables and BranchGrade._meta.db_table in tables
    assert "django_session" not in tables and "axes_accessattempt" not in tables
    assert apps.get_model("township", "DataVersion")._meta.db_table not in tables


@pytest.mark.django_db
def test_an_uncommitted_write_turns_caching_off(world):
    # Outside transaction=True every test runs in a transaction that never commits.
    MemberFactory(branch=world.branch_a)
    assert data_version() is None
    calls = []
    assert dataversion.cached(("x",), lambda: calls.append(1) or 1) == 1
    assert dataversion.cached(("x",), lambda: calls.append(1) or 1) == 1
    assert len(calls) == 2


# --- the dashboard ---------------------------------------------------------------------------


@pytest.fixture
def computed(monkeypatch):
    """How many times the dashboard's figures were computed."""
    from overview import dashboard

    calls = []
    real = dashboard.township_dashboard

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "township_dashboard", spy)
    return calls


def dashboard_members(client):
    response = client.get(reverse("dashboard") + "?year=2016")
    assert response.status_code == 200
    return response.context["members"]


@committed
def test_the_dashboard_is_computed_once_while_nothing_changes(world, client, computed):
    years_with_data(world, 2016)
    client.force_login(world.leader)
    with CaptureQueriesContext(connection) as computing:
        first = dashboard_members(client)
    with CaptureQueriesContext(connection) as ctx:
        second = dashboard_members(client)
    assert len(computed) == 1
    assert second == first
    # The session, the user, the roles, the township, the year menu (years_with_data(): six
    # small queries, read on every request to tell a year with data from one without), the
    # version, the township menu and saving the session: none of the figures' queries.
    assert len(ctx.captured_queries) < 16 < len(computing.captured_queries)


@committed
@pytest.mark.parametrize(
    "change",
    [
        lambda w: MemberFactory(branch=w.branch_a, gender="F"),
        lambda w: Member.objects.filter(pk=w.member_a.pk).update(gender="F"),
        lambda w: GradeFactory(branch=w.branch_a, year=2016, grade="good"),
        lambda w: Meeting.objects.create(
            branch=w.branch_a, kind="members", date=datetime.date(2016, 3, 1), topic="学习"
        ),
        lambda w: w.member_b.contacts.create(
            date=datetime.date(2016, 5, 1), how="phone", what="电话"
        ),
    ],
    ids=["new member", "bulk update", "grade", "meeting", "contact log"],
)
def test_any_committed_change_gives_new_figures(world, client, computed, change):
    years_with_data(world, 2016)
    client.force_login(world.leader)
    dashboard_members(client)
    dashboard_members(client)
    assert len(computed) == 1
    change(world)
    after = dashboard_members(client)
    assert len(computed) == 2  # computed afresh after the change…
    assert dashboard_members(client) == after and len(computed) == 2  # …and cached again


@committed
def test_the_dashboard_shows_a_new_member_at_once(world, client):
    years_with_data(world, 2016)
    client.force_login(world.leader)
    before = dashboard_members(client)["total"]
    MemberFactory(branch=world.branch_a)
    assert dashboard_members(client)["total"] == before + 1


@committed
def test_the_cache_is_per_township_and_year(world, client, computed):
    years_with_data(world, 2016, 2015)
    client.force_login(world.leader)
    client.get(reverse("dashboard") + "?year=2016")
    client.get(reverse("dashboard") + "?year=2015")
    client.get(reverse("dashboard") + "?year=2016")
    assert [args[1] for args in computed] == [2016, 2015]


@pytest.fixture
def checked(monkeypatch):
    """How many times the staff's consistency check ran for the dashboard."""
    from overview import dashboard

    calls = []
    real = dashboard.contradictions

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard, "contradictions", spy)
    return calls


WEAK_BUT_GOOD = "定级为“好”却同时列为软弱涣散"


@committed
def test_a_cached_staff_dashboard_checks_nothing_again(world, client, computed, checked):
    years_with_data(world, 2016)
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    client.force_login(world.staff)
    url = reverse("dashboard") + "?year=2016"
    assert WEAK_BUT_GOOD in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    assert WEAK_BUT_GOOD in page and 'id="measures"' in page
    assert len(computed) == 1 and len(checked) == 1
    # The session, the user, the roles, the township chosen, the data version (read once
    # for the year menu, the figures and their HTML), the township menu, saving the session
    # (in its transaction: two more statements). 29 before the HTML was cached (issue 20).
    assert len(ctx.captured_queries) == 9, [q["sql"] for q in ctx.captured_queries]


@committed
def test_staff_see_a_new_contradiction_at_once(world, client, checked):
    years_with_data(world, 2016)
    client.force_login(world.staff)
    url = reverse("dashboard") + "?year=2016"
    assert WEAK_BUT_GOOD not in client.get(url).content.decode()
    assert WEAK_BUT_GOOD not in client.get(url).content.decode()
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    assert WEAK_BUT_GOOD in client.get(url).content.decode()
    assert len(checked) == 2


@committed
def test_the_figures_html_is_kept_apart_for_staff_leadership_and_the_late_filter(world, client):
    years_with_data(world, 2016)
    BranchGrade.objects.create(branch=world.branch_a, year=2016, grade="good", weak_and_lax=True)
    url = reverse("dashboard") + "?year=2016"
    client.force_login(world.staff)
    assert 'id="consistency"' in client.get(url).content.decode()
    assert 'class="filter-note"' in client.get(url + "&late=open").content.decode()
    client.force_login(world.leader)
    page = client.get(url).content.decode()
    assert 'id="consistency"' not in page and WEAK_BUT_GOOD not in page
    assert 'class="filter-note"' not in page
    assert 'id="consistency"' not in client.get(url + "&late=open").content.decode()
    client.force_login(world.staff)
    page = client.get(url).content.decode()
    assert 'id="consistency"' in page and 'class="filter-note"' not in page


# --- PDFs ------------------------------------------------------------------------------------


@pytest.fixture
def rendered(monkeypatch):
    from township import pdf

    calls = []
    real = pdf.render_pdf

    def spy(template_name, context):
        calls.append(template_name)
        return real(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", spy)
    return calls


@committed
def test_an_unchanged_annual_report_is_not_rendered_twice(world, client, rendered):
    client.force_login(world.staff)
    url = reverse("reports:annual", kwargs={"year": 2016})
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(rendered) == 1
    GradeFactory(branch=world.branch_a, year=2016, grade="good")
    third = client.get(url)
    assert len(rendered) == 2 and third.content != first.content


@committed
def test_a_branch_profile_is_cached_apart_for_those_who_see_personal_data(world, client, rendered):
    url = reverse("reports:branch-profile", kwargs={"pk": world.branch_a.pk})
    client.force_login(world.staff)
    client.get(url)
    client.force_login(world.leader)
    client.get(url)
    client.get(url)
    assert len(rendered) == 2  # staff (whole) and leadership (masked): two documents


# --- the county ------------------------------------------------------------------------------


@committed
def test_the_county_comparison_is_cached_until_a_committed_write(world, client, monkeypatch):
    from overview import county
    from township.models import Role

    calls = []
    real = county.county_context

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(county, "county_context", spy)
    client.force_login(world.nobody)
    Role.objects.create(user=world.nobody, kind=Role.Kind.COUNTY, county=world.township.county)

    def good_in_qingshan():
        # Read from the page itself (its chart data): the cached page has no context rows.
        import json
        import re

        from branches.models import BranchGrade

        response = client.get("/county/?year=2016")
        assert response.status_code == 200
        found = re.search(
            r'<script id="chart-data" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        )
        grading = json.loads(found.group(1))["grading_by_township"]
        column = grading["categories"].index(world.township.name)
        good = str(BranchGrade.Grade("good").label)
        return next(s["data"][column] for s in grading["series"] if s["name"] == good)

    assert good_in_qingshan() == 0
    with CaptureQueriesContext(connection) as ctx:
        assert good_in_qingshan() == 0
    assert len(calls) == 1
    # The session, the user, the roles, the data version, the county menu, saving the
    # session (and its transaction): none of the comparison's queries.
    assert len(ctx.captured_queries) <= 8, [q["sql"] for q in ctx.captured_queries]
    GradeFactory(branch=world.branch_a, year=2016, grade="good")
    assert good_in_qingshan() == 1  # at once, computed afresh
    assert len(calls) == 2
    # The summary PDF: rendered once while nothing changes.
    first = client.get("/reports/county/2016/")
    assert first.status_code == 200 and len(calls) == 3
    assert client.get("/reports/county/2016/").content == first.content and len(calls) == 3


@committed
def test_an_unchanged_meeting_book_is_not_rendered_twice(world, client, rendered):
    from branches.models import Meeting

    meeting = Meeting.objects.create(
        branch=world.branch_a, kind="committee", date=datetime.date(2016, 3, 5), topic="学习"
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.RECORDED)
    url = reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2016})
    from django.test import Client

    client.force_login(world.staff)
    secretary = Client()
    secretary.force_login(world.secretary_a)  # (a login writes: before the first download)
    first = client.get(url)
    second = secretary.get(url)  # the same book for every reader of the branch
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and len(rendered) == 1
    Meeting.objects.filter(pk=meeting.pk).update(topic="学习党章")
    third = client.get(url)
    assert len(rendered) == 2 and third.content != first.content
    other_year = reverse(
        "branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2015}
    )
    client.get(other_year)
    assert len(rendered) == 3
