import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import Task, TaskEvidence, TaskStatus, TaskUpdate
from plans.services import TaskConflict, TaskError, fan_out_task, post_task_update

from .factories import PDF, PNG, MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


@pytest.fixture
def task(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 12, 31))
    return TaskFactory(branch=world.branch_a, measure=measure)


def post(client, task, **data):
    payload = {
        "version": task.version,
        "text": "召开支部党员大会",
        "percent": 60,
        "on": "2016-12-10",
    }
    payload.update(data)
    return client.post(f"/plans/tasks/{task.pk}/update/", payload)


def test_the_secretary_posts_progress_with_evidence(world, client, task):
    client.force_login(world.secretary_a)
    photo = SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")
    scan = SimpleUploadedFile("记录.pdf", PDF, content_type="application/pdf")
    response = post(client, task, files=[photo, scan])
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.percent, task.version, task.status()) == (60, 2, TaskStatus.IN_PROGRESS)
    update = task.updates.get()
    assert (update.author, update.on, update.text) == (
        world.secretary_a,
        D(2016, 12, 10),
        "召开支部党员大会",
    )
    names = sorted(e.original_name for e in update.evidence.all())
    assert names == ["现场照片.png", "记录.pdf"]
    for evidence in update.evidence.all():
        stored = evidence.file.name
        assert (
            stored.startswith("plans/evidence/") and "照片" not in stored and "记录" not in stored
        )
    assert task.history.count() == 2  # created, then the update


def test_evidence_is_served_only_to_those_who_see_the_task(world, client, task):
    client.force_login(world.secretary_a)
    post(client, task, files=[SimpleUploadedFile("记录.pdf", PDF)])
    evidence = TaskEvidence.objects.get()
    response = client.get(f"/plans/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename" in response["Content-Disposition"]
    client.force_login(world.secretary_b)
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 404
    client.force_login(world.other_staff)
    assert client.get(f"/plans/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.parametrize(
    "who,status", [("secretary_b", 404), ("other_staff", 404), ("leader", 403), ("nobody", 404)]
)
def test_others_cannot_post_progress(world, client, task, who, status):
    client.force_login(getattr(world, who))
    assert post(client, task).status_code == status
    assert client.post(f"/plans/tasks/{task.pk}/done/", {"version": 1}).status_code == status
    task.refresh_from_db()
    assert (task.percent, task.version, task.is_done) == (0, 1, False)
    assert not TaskUpdate.objects.exists()


def test_staff_post_progress_for_any_branch(world, client, task):
    client.force_login(world.staff)
    assert post(client, task).status_code == 302
    assert TaskUpdate.objects.get().author == world.staff


def test_a_secretary_cannot_touch_township_office_tasks(world, client, task):
    office = TaskFactory(branch=None, measure=task.measure)
    client.force_login(world.secretary_a)
    assert client.get(f"/plans/tasks/{office.pk}/").status_code == 404
    assert post(client, office).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"percent": 101},
        {"percent": -1},
        {"text": ""},
        {"on": "2016-12-21"},
        {"on": "not a date"},
        {"version": ""},
    ],
)
def test_bad_input_changes_nothing(world, client, task, data):
    client.force_login(world.secretary_a)
    response = post(client, task, **data)
    assert response.status_code == 400
    task.refresh_from_db()
    assert (task.percent, task.version) == (0, 1)
    assert not TaskUpdate.objects.exists()


def test_mark_done_then_staff_reopen_with_a_reason(world, client, task):
    client.force_login(world.secretary_a)
    assert (
        client.post(f"/plans/tasks/{task.pk}/done/", {"version": 1, "text": "全部完成"}).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.is_done and task.done_on == D(2016, 12, 20) and task.percent == 100
    assert task.status() == TaskStatus.DONE
    # the secretary may not reopen, and may not post to a finished task
    assert (
        client.post(f"/plans/tasks/{task.pk}/reopen/", {"version": 2, "reason": "x"}).status_code
        == 403
    )
    post(client, task)
    task.refresh_from_db()
    assert task.percent == 100 and task.updates.count() == 1
    client.force_login(world.leader)
    assert (
        client.post(f"/plans/tasks/{task.pk}/reopen/", {"version": 2, "reason": "x"}).status_code
        == 403
    )
    client.force_login(world.staff)
    assert (
        client.post(f"/plans/tasks/{task.pk}/reopen/", {"version": 2, "reason": ""}).status_code
        == 400
    )
    response = client.post(
        f"/plans/tasks/{task.pk}/reopen/", {"version": 2, "reason": "佐证材料不全"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert not task.is_done and task.done_on is None and task.version == 3
    reopened = task.updates.get(kind=TaskUpdate.Kind.REOPENED)
    assert (reopened.text, reopened.author) == ("佐证材料不全", world.staff)
    assert task.history.filter(is_done=True).exists()  # the finished state stays in history


def test_the_second_of_two_concurrent_saves_is_refused_and_shown_the_current_state(
    world, client, task
):
    """Both loaded version 1; the first saves; the second is told and nothing is overwritten."""
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(world.secretary_a)
    second.force_login(world.staff)
    assert post(first, task, percent=70, text="第一人").status_code == 302
    response = post(second, task, percent=20, text="第二人")
    assert response.status_code == 409
    page = response.content.decode()
    assert "70%" in page and "第一人" in page  # the current state
    assert 'name="version" value="2"' in page  # ready to save again on purpose
    assert "第二人" in page  # what they typed is kept in the form
    task.refresh_from_db()
    assert (task.percent, task.version) == (70, 2)
    assert list(task.updates.values_list("text", flat=True)) == ["第一人"]
    # marking done with the stale version is refused too
    assert (
        second.post(f"/plans/tasks/{task.pk}/done/", {"version": 1, "text": "完成"}).status_code
        == 409
    )
    task.refresh_from_db()
    assert not task.is_done


def test_the_service_refuses_a_stale_version(world, task):
    post_task_update(task=task, by=world.staff, version=1, text="a", percent=10)
    stale = Task.objects.get(pk=task.pk)
    stale.version = 1
    with pytest.raises(TaskConflict):
        post_task_update(task=stale, by=world.staff, version=1, text="b", percent=20)
    assert Task.objects.get(pk=task.pk).percent == 10
    assert TaskUpdate.objects.count() == 1


def test_fan_out_makes_one_task_per_branch_and_the_office(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township))
    tasks = fan_out_task(
        measure=measure,
        branches=[world.branch_a, world.branch_b],
        include_office=True,
        title="签订目标责任书",
        responsible="支部书记",
    )
    assert sorted((t.branch_id or 0) for t in tasks) == sorted(
        [world.branch_a.pk, world.branch_b.pk, 0]
    )
    with pytest.raises(TaskError):
        fan_out_task(measure=measure, branches=[world.branch_x], title="x", responsible="y")
    with pytest.raises(TaskError):
        fan_out_task(measure=measure, branches=[], title="x", responsible="y")
    assert Task.objects.count() == 3  # the failed fan-outs wrote nothing


# --- uploads -------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _rejected(client, world, task, upload):
    client.force_login(world.secretary_a)
    response = post(client, task, files=[upload])
    assert response.status_code == 400
    task.refresh_from_db()
    assert (task.percent, task.version) == (0, 1)
    assert not TaskUpdate.objects.exists() and not TaskEvidence.objects.exists()
    return response.content.decode()


def test_a_wrong_file_type_is_rejected(world, client, task):
    page = _rejected(client, world, task, SimpleUploadedFile("run.exe", b"MZ\x90\x00"))
    assert "只接受" in page


def test_a_renamed_file_is_rejected(world, client, task):
    page = _rejected(client, world, task, SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a jpeg"))
    assert "不是真正的" in page
    _rejected_again = _rejected(client, world, task, SimpleUploadedFile("表.xlsx", _docx()))
    assert "不是真正的" in _rejected_again  # a Word zip renamed to .xlsx


def test_a_too_large_file_is_rejected(world, client, task, settings):
    settings.UPLOAD_MAX_MB = 1
    page = _rejected(client, world, task, SimpleUploadedFile("大.pdf", PDF + b"0" * (1024 * 1024)))
    assert "1 MB" in page


def test_office_documents_and_images_are_accepted(world, client, task):
    client.force_login(world.secretary_a)
    files = [
        SimpleUploadedFile("方案.docx", _docx()),
        SimpleUploadedFile("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20),
        SimpleUploadedFile("图.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
        SimpleUploadedFile("图.gif", b"GIF89a" + b"\x00" * 10),
        SimpleUploadedFile("图.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 10),
    ]
    assert post(client, task, files=files).status_code == 302
    assert TaskEvidence.objects.count() == 5
