"""Marking a task done needs a closing note, and evidence where the task asks for it;
reopening needs a reason (issue 13 item 4): a task at 30% does not jump to 已完成 by one click."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import TaskEvidence, TaskUpdate
from plans.services import TaskError, mark_task_done

from .factories import PDF, MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def task(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 12, 31))
    return TaskFactory(branch=world.branch_a, measure=measure, percent=30)


def done(client, task, **data):
    return client.post(f"/plans/tasks/{task.pk}/done/", {"version": task.version, **data})


@pytest.mark.parametrize("text", ["", "   "])
def test_marking_done_without_a_closing_note_is_refused_and_changes_nothing(
    world, client, task, text
):
    client.force_login(world.secretary_a)
    response = done(client, task, text=text)
    assert response.status_code == 400
    task.refresh_from_db()
    assert (task.is_done, task.percent, task.version) == (False, 30, 1)
    assert not TaskUpdate.objects.exists()


def test_a_closing_note_marks_the_task_done_and_is_kept_in_its_history(world, client, task):
    client.force_login(world.secretary_a)
    assert done(client, task, text="三项整改全部到位").status_code == 302
    task.refresh_from_db()
    assert task.is_done and task.percent == 100
    assert task.updates.get(kind=TaskUpdate.Kind.DONE).text == "三项整改全部到位"


def test_a_task_asking_for_evidence_is_not_done_without_a_file(world, client, task):
    task.evidence_required = True
    task.save()
    client.force_login(world.secretary_a)
    response = done(client, task, text="完成")
    assert response.status_code == 400
    assert "佐证材料" in response.content.decode()
    assert "完成" in response.content.decode()  # the note typed is kept
    task.refresh_from_db()
    assert not task.is_done
    scan = SimpleUploadedFile("验收记录.pdf", PDF, content_type="application/pdf")
    assert done(client, task, text="完成", files=[scan]).status_code == 302
    task.refresh_from_db()
    assert task.is_done
    assert TaskEvidence.objects.get().update.kind == TaskUpdate.Kind.DONE


def test_evidence_posted_with_earlier_progress_is_enough(world, task):
    task.evidence_required = True
    task.save()
    update = TaskUpdate.objects.create(
        task=task, author=world.staff, on=D(2016, 12, 1), text="a", percent=50
    )
    TaskEvidence.objects.create(update=update, file="plans/evidence/x.pdf", original_name="x.pdf")
    mark_task_done(task=task, by=world.staff, version=1, text="完成")
    task.refresh_from_db()
    assert task.is_done


def test_the_service_itself_refuses_an_empty_note(world, task):
    with pytest.raises(TaskError):
        mark_task_done(task=task, by=world.staff, version=1, text=" ")
    task.refresh_from_db()
    assert not task.is_done


def test_the_task_page_asks_before_marking_done_or_reopening(world, client, task):
    client.force_login(world.staff)
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert 'data-confirm="确定标记' in page or "data-confirm=" in page
    assert "onclick" not in page
    mark_task_done(task=task, by=world.staff, version=1, text="完成")
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert page.count("data-confirm=") == 1  # reopen asks too


def test_reopening_still_needs_a_reason(world, client, task):
    mark_task_done(task=task, by=world.staff, version=1, text="完成")
    client.force_login(world.staff)
    response = client.post(f"/plans/tasks/{task.pk}/reopen/", {"version": 2, "reason": ""})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.is_done


def test_staff_can_ask_for_evidence_when_creating_tasks(world, client, task):
    client.force_login(world.staff)
    response = client.post(
        f"/plans/measures/{task.measure.pk}/tasks/new/",
        {
            "title": "整改",
            "responsible": "书记",
            "branches": [world.branch_b.pk],
            "evidence_required": "on",
        },
    )
    assert response.status_code == 302
    assert task.measure.tasks.get(branch=world.branch_b).evidence_required
