import re

import pytest

from plans.models import Task

from .factories import LetterFactory, MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(world):
    plan = PlanFactory(township=world.township, title="本乡方案")
    measure = MeasureFactory(plan=plan, title="本乡措施")
    mine = TaskFactory(branch=world.branch_a, measure=measure, title="本乡任务")
    LetterFactory(branch=world.branch_a)
    theirs = TaskFactory(branch=world.branch_x, title="外乡任务")
    LetterFactory(branch=world.branch_x)
    return mine, theirs


@pytest.mark.parametrize("model", ["plan", "measure", "task", "responsibilityletter"])
def test_staff_see_only_their_townships_rows(world, client, rows, model):
    client.force_login(world.staff)
    response = client.get(f"/admin/plans/{model}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "外乡" not in page


def test_staff_open_their_plan_measure_and_task_with_inlines(world, client, rows):
    mine, theirs = rows
    client.force_login(world.staff)
    assert (
        "本乡措施"
        in client.get(f"/admin/plans/plan/{mine.measure.plan_id}/change/").content.decode()
    )
    assert (
        "本乡任务" in client.get(f"/admin/plans/measure/{mine.measure_id}/change/").content.decode()
    )
    assert client.get(f"/admin/plans/task/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/plans/task/{theirs.pk}/change/").status_code == 404


def _seen_version(client, url) -> str:
    """The hidden seen_version the change form carries (township/concurrency.py)."""
    page = client.get(url).content.decode()
    found = re.search(r'name="seen_version" value="(\d+)"', page)
    assert found, "the change form carries no seen_version"
    return found.group(1)


def test_a_back_office_edit_bumps_the_version_so_open_task_pages_conflict(world, client, rows):
    mine, _ = rows
    client.force_login(world.staff)
    seen = _seen_version(client, f"/admin/plans/task/{mine.pk}/change/")
    response = client.post(
        f"/admin/plans/task/{mine.pk}/change/",
        {
            "measure": mine.measure_id,
            "branch": mine.branch_id,
            "title": "本乡任务（改）",
            "description": "",
            "responsible": "书记",
            "due_on": "",
            "percent": 10,
            "done_on": "",
            "seen_version": seen,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
            "updates-MIN_NUM_FORMS": 0,
            "updates-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
        [f.formset.non_form_errors() for f in response.context["inline_admin_formsets"]],
    )
    mine = Task.objects.get(pk=mine.pk)
    assert (mine.title, mine.version) == ("本乡任务（改）", 2)


def test_leadership_is_kept_out(world, client, rows):
    client.force_login(world.leader)
    assert client.get("/admin/plans/task/").status_code == 302


def test_a_progress_update_makes_an_older_back_office_form_conflict(world, client, rows):
    from plans.services import post_task_update

    mine, _ = rows
    client.force_login(world.staff)
    seen = _seen_version(client, f"/admin/plans/task/{mine.pk}/change/")
    post_task_update(task=mine, by=world.secretary_a, version=1, text="进展", percent=30)
    response = client.post(
        f"/admin/plans/task/{mine.pk}/change/",
        {
            "measure": mine.measure_id,
            "branch": mine.branch_id,
            "title": "覆盖",
            "responsible": "书记",
            "percent": 0,
            "seen_version": seen,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
            "updates-MIN_NUM_FORMS": 0,
            "updates-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200  # refused, shown again
    mine.refresh_from_db()
    assert (mine.title, mine.percent) == ("本乡任务", 30)
