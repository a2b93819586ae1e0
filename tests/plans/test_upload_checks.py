"""Task evidence and responsibility-letter scans: oversized, wrongly typed and renamed files
are refused in Chinese with nothing saved; a good file is kept and served only in scope."""

import datetime

import pytest
from django.urls import reverse

from plans.models import ResponsibilityLetter, TaskEvidence, TaskUpdate
from tests.uploads import (
    NOT_REALLY,
    ONLY_DOCUMENTS,
    PDF,
    TOO_LARGE,
    body,
    oversized,
    stored_files,
    text_named,
    upload,
)
from township.concurrency import latest_version

from .factories import LetterFactory, MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date

BAD_FILES = {
    "oversized": (lambda: oversized("会议记录.pdf", PDF), TOO_LARGE),
    "wrong extension": (lambda: upload("会议记录.exe", b"MZ\x90\x00"), ONLY_DOCUMENTS),
    "wrong extension, real PDF inside": (lambda: upload("记录.txt", PDF), ONLY_DOCUMENTS),
    "text renamed .pdf": (lambda: text_named("会议记录.pdf"), NOT_REALLY),
    "text renamed .jpg": (lambda: text_named("现场.jpg"), NOT_REALLY),
}


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.UPLOAD_MAX_MB = 1


@pytest.fixture
def task(world):
    measure = MeasureFactory(plan=PlanFactory(township=world.township), deadline=D(2016, 12, 31))
    return TaskFactory(branch=world.branch_a, measure=measure)


def _post_progress(client, task, upload):
    return client.post(
        reverse("plans:task-update", args=[task.pk]),
        {
            "version": task.version,
            "text": "召开支部党员大会",
            "percent": 60,
            "on": "2016-12-10",
            "files": [upload],
        },
    )


@pytest.mark.parametrize("case", BAD_FILES)
def test_task_evidence_that_is_oversized_or_not_what_it_says_is_refused(case, world, client, task):
    make, message = BAD_FILES[case]
    client.force_login(world.secretary_a)
    response = _post_progress(client, task, make())
    assert response.status_code == 400
    assert message in response.content.decode()
    task.refresh_from_db()
    assert task.percent == 0 and task.version == 1
    assert not TaskUpdate.objects.exists() and not TaskEvidence.objects.exists()
    assert stored_files() == []


def test_good_task_evidence_is_kept_and_served_only_inside_the_scope(world, client, task):
    client.force_login(world.secretary_a)
    assert _post_progress(client, task, upload("会议记录.pdf", PDF)).status_code == 302
    evidence = TaskEvidence.objects.get()
    assert len(stored_files()) == 1
    url = reverse("plans:evidence", args=[evidence.pk])
    for who in (world.secretary_a, world.staff, world.leader):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200 and body(response) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
    for who in (world.secretary_b, world.other_staff):
        client.force_login(who)
        assert client.get(url).status_code == 404


@pytest.fixture
def letter(world):
    return LetterFactory(
        branch=world.branch_a, kind=ResponsibilityLetter.Kind.INTEGRITY, signed_on=None
    )


def _post_letter(client, letter, scan):
    return client.post(
        reverse("plans:letter-edit", args=[letter.pk]),
        {
            "signed_on": "2016-12-01",
            "result": "",
            "notes": "",
            "scan": scan,
            "seen_version": latest_version(letter),
        },
    )


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_letter_scan_that_is_oversized_or_not_what_it_says_is_refused(
    case, world, client, letter
):
    make, message = BAD_FILES[case]
    client.force_login(world.staff)
    response = _post_letter(client, letter, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    letter.refresh_from_db()
    assert letter.signed_on is None and not letter.scan
    assert stored_files() == []


def test_a_good_letter_scan_is_kept_and_served_only_inside_the_scope(world, client, letter):
    client.force_login(world.staff)
    assert _post_letter(client, letter, upload("责任书.pdf", PDF)).status_code == 302
    letter.refresh_from_db()
    assert letter.scan and len(stored_files()) == 1
    url = reverse("plans:letter-scan", args=[letter.pk])
    # The edit form links the stored scan through the checked view, not /media/.
    page = client.get(reverse("plans:letter-edit", args=[letter.pk])).content.decode()
    assert url in page and "/media/" not in page
    for who in (world.staff, world.leader, world.secretary_a):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200 and body(response) == PDF
        assert response["Cache-Control"] == "private"
    for who in (world.secretary_b, world.other_staff):
        client.force_login(who)
        assert client.get(url).status_code == 404


def test_the_model_refuses_a_renamed_scan_saved_outside_the_page(world, letter):
    """The back office saves through the model: its validator checks a new scan too."""
    from django.core.exceptions import ValidationError

    letter.signed_on = D(2016, 12, 1)
    letter.scan = text_named("责任书.pdf")
    with pytest.raises(ValidationError) as refused:
        letter.full_clean()
    assert NOT_REALLY in str(refused.value)
    assert stored_files() == []
