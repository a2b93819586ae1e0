"""Many townships in one deployment: each sees only its own; the county compares them."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Branch
from members.models import Member
from township.models import Role, Township, User
from township.permissions import scope_of

from ..factories import BranchFactory, GradeFactory, MemberFactory, TownshipFactory, UserFactory
from ..pdf_utils import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def county_user(county="云溪县"):
    user = UserFactory(username="xian_test")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=county)
    return user


def test_a_county_role_reads_every_township_of_its_county_only(world):
    elsewhere = TownshipFactory(name="外县乡", county="别县")
    user = county_user()
    scope = scope_of(user)
    assert scope.reading_townships == {world.township.pk, world.other_township.pk}
    assert elsewhere.pk not in scope.reading_townships
    assert not scope.staff_townships  # reads, never writes


def test_a_county_role_needs_a_county_and_no_township(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Role(user=world.nobody, kind=Role.Kind.COUNTY, county="").full_clean()
    with pytest.raises(ValidationError):
        Role(
            user=world.nobody, kind=Role.Kind.COUNTY, county="云溪县", township=world.township
        ).full_clean()
    with pytest.raises(ValidationError):
        Role(user=world.nobody, kind=Role.Kind.STAFF).full_clean()


def test_the_county_compares_its_townships(world, client):
    GradeFactory(branch=world.branch_a, grade="good")
    GradeFactory(branch=world.branch_b, grade="poor", weak_and_lax=True)
    GradeFactory(branch=world.branch_x, grade="fairly_good")
    MemberFactory(branch=world.branch_x, gender="F")
    client.force_login(county_user())
    response = client.get("/county/?year=2016")
    assert response.status_code == 200
    rows = {r.township.name: r for r in response.context["rows"]}
    assert set(rows) == {"青山乡", "白云乡"}
    assert (rows["青山乡"].grades["good"], rows["青山乡"].weak, rows["青山乡"].members) == (1, 1, 2)
    assert rows["白云乡"].grades["fairly_good"] == 1 and rows["白云乡"].female == 1
    assert str(rows["青山乡"].good_percent) == "50.0"
    totals = response.context["totals"]
    assert totals.members == 4 and totals.graded == 3
    page = response.content.decode()
    assert "青山乡" in page and "白云乡" in page


def test_the_county_dashboard_costs_the_same_queries_for_2_and_12_townships(world, client):
    client.force_login(county_user())

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/county/?year=2016").status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for _ in range(10):
        township = TownshipFactory(county="云溪县")
        branch = BranchFactory(township=township)
        GradeFactory(branch=branch)
        MemberFactory.create_batch(2, branch=branch)
    assert queries() == small


def test_township_roles_and_other_counties_are_refused(world, client):
    client.force_login(world.staff)
    assert client.get("/county/").status_code == 403
    client.force_login(county_user())
    assert client.get("/county/?county=别县").status_code == 404


def test_the_county_summary_pdf(world, client):
    GradeFactory(branch=world.branch_a, grade="good")
    client.force_login(county_user())
    response = client.get("/reports/county/2016/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "云溪县" in text and "青山乡" in text and "白云乡" in text


def test_a_county_user_reads_each_townships_pages_but_cannot_write(world, client):
    client.force_login(county_user())
    assert client.get(f"/branches/{world.branch_a.pk}/").status_code == 200
    assert client.get(f"/dashboard/?township={world.other_township.pk}").status_code == 200
    page = client.get(f"/members/{world.member_a.pk}/").content.decode()
    assert world.member_a.id_number not in page  # masked: the county does not manage members
    assert client.get("/admin/members/member/").status_code == 302


def test_staff_of_one_township_get_404_for_every_object_of_another(world, client):
    """Isolation: every object page of the other township answers 404 (the permission table
    covers every route; these are the main objects)."""
    client.force_login(world.other_staff)
    for url in [
        f"/branches/{world.branch_a.pk}/",
        f"/members/{world.member_a.pk}/",
        f"/reports/branches/{world.branch_a.pk}/",
        f"/admin/members/member/{world.member_a.pk}/change/",
        f"/admin/branches/branch/{world.branch_a.pk}/change/",
        f"/dashboard/?township={world.township.pk}",
    ]:
        assert client.get(url).status_code == 404, url


def test_load_demo_county_makes_varied_townships(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2016")
    call_command("load_demo", "--county", "2", stdout=io.StringIO())
    townships = list(Township.objects.order_by("pk"))
    assert [t.name for t in townships] == ["青山乡", "白云乡"]
    assert all(Branch.objects.filter(township=t).count() == 12 for t in townships)
    counts = [Member.objects.current().filter(branch__township=t).count() for t in townships]
    assert counts[0] == 239 and len(set(counts)) == 2
    ids = list(Member.objects.values_list("id_number", flat=True))
    assert len(ids) == len(set(ids))
    assert User.objects.get(username="t02zuzhi").roles.get().township.name == "白云乡"
    assert scope_of(User.objects.get(username="xian")).reading_townships == {
        t.pk for t in townships
    }
    with pytest.raises(CommandError):
        call_command("load_demo", "--county", "0", stdout=io.StringIO())


@pytest.mark.parametrize("year", ["abc", "1800", "9" * 30])
def test_a_year_not_understood_is_said_and_this_year_shown(world, client, year):
    client.force_login(county_user())
    response = client.get("/county/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 2016
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
