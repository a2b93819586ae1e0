import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Branch
from overview.reports import render_annual_report
from township.models import Township

from ..pdf_utils import assert_cjk_fonts_only, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


@pytest.fixture(scope="module")
def demo_annual_pdf(django_db_setup, django_db_blocker):
    """The demo township's 2016 report, rendered once for the module's checks."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(TOWNSHIP_TODAY=datetime.date(2016, 12, 20)):
        from django.db import transaction

        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            data = render_annual_report(Township.objects.get(name="青山乡"), 2016)
            names = list(
                Branch.objects.filter(township__name="青山乡").values_list("name", flat=True)
            )
            transaction.set_rollback(True)
    return data, names


def test_the_annual_report_holds_the_seeds_facts(demo_annual_pdf):
    data, branch_names = demo_annual_pdf
    text = pdf_text(data).replace("\n", "")
    for fact in ["36.0公里", "23.00平方公里", "2470户", "10750人", "12个党支部", "党员239人"]:
        assert fact in text, fact
    for pct in ["16.7%", "75.0%", "8.3%"]:
        assert pct in text
    assert len(branch_names) == 12
    for name in branch_names:
        assert name in text
    assert "— 1 —" in text and "生成于" not in text


def test_every_glyph_of_the_annual_report_has_a_cjk_font(demo_annual_pdf):
    assert_cjk_fonts_only(demo_annual_pdf[0])
    assert pdf_pages(demo_annual_pdf[0]) >= 2


def test_leadership_download_the_annual_report(world, client):
    client.force_login(world.leader)
    response = client.get("/reports/annual/2016/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "青山乡" in pdf_text(response.content)


def test_another_townships_report_is_404(world, client):
    client.force_login(world.staff)
    assert (
        client.get(f"/reports/annual/2016/?township={world.other_township.pk}").status_code == 404
    )


def test_the_branch_profile_masks_for_leadership_only(world, client):
    client.force_login(world.leader)
    masked = pdf_text(client.get(f"/reports/branches/{world.branch_a.pk}/").content)
    assert world.member_a.id_number not in masked and "138****1234" in masked
    client.force_login(world.secretary_a)
    whole = pdf_text(client.get(f"/reports/branches/{world.branch_a.pk}/").content)
    assert world.member_a.id_number in whole and "张三" in whole


def test_typed_markup_is_escaped_in_the_profile(world, client):
    world.member_a.name = "<b>张</b>"
    world.member_a.save()
    client.force_login(world.staff)
    text = pdf_text(client.get(f"/reports/branches/{world.branch_a.pk}/").content)
    assert "<b>张</b>" in text


def test_the_annual_report_costs_the_same_queries_at_two_sizes(world):
    from ..factories import BranchFactory, GradeFactory, MemberFactory
    from ..plans.factories import PlanFactory

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            render_annual_report(world.township, 2016)
        return len(ctx.captured_queries)

    PlanFactory(township=world.township, year=2016)  # a year with data
    small = queries()
    for _ in range(10):
        branch = BranchFactory(township=world.township)
        GradeFactory(branch=branch)
        MemberFactory.create_batch(2, branch=branch)
    assert queries() == small


def test_the_command_writes_the_same_report(world, tmp_path):
    out = tmp_path / "annual-2016.pdf"
    call_command(
        "render_report",
        "annual",
        "--year",
        "2016",
        "--township",
        str(world.township.pk),
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    assert "青山乡" in pdf_text(out.read_bytes())
    profile = tmp_path / "p.pdf"
    call_command(
        "render_report",
        "branch",
        "--branch",
        str(world.branch_a.pk),
        "-o",
        str(profile),
        stdout=io.StringIO(),
    )
    assert world.member_a.id_number not in pdf_text(profile.read_bytes())
