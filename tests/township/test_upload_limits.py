"""Issue 14 item 8: an oversized request is refused before its body is read; Django's own
caps are set; a long file name keeps its extension on download."""

import datetime

import pytest
from django.conf import settings as project_settings
from django.urls import reverse

from plans.models import TaskEvidence
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory
from tests.uploads import PDF, upload
from township.uploads import shortened_name

pytestmark = pytest.mark.django_db


def test_django_caps_form_fields_and_keeps_large_files_out_of_memory():
    assert project_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert project_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert project_settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 100


def test_a_request_over_the_limit_is_refused_without_reading_its_body(world, client, settings):
    settings.REQUEST_MAX_MB = 1

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body must not be read")

        readline = read

    client.force_login(world.staff)
    response = client.generic(
        "POST",
        "/branches/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "上传内容过大" in response.content.decode()


def test_a_request_within_the_limit_goes_through(world, client, settings):
    settings.REQUEST_MAX_MB = 1
    client.force_login(world.staff)
    assert client.get("/branches/").status_code == 200


def test_a_long_name_is_shortened_in_its_stem_and_keeps_its_extension():
    name = "二〇一六年度" * 60 + "会议记录.pdf"
    short = shortened_name(name, 200)
    assert len(short) == 200 and short.endswith(".pdf")
    assert shortened_name("记录.pdf") == "记录.pdf"


def test_a_long_evidence_file_name_downloads_with_its_extension(world, client, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    measure = MeasureFactory(
        plan=PlanFactory(township=world.township), deadline=datetime.date(2016, 12, 31)
    )
    task = TaskFactory(branch=world.branch_a, measure=measure)
    client.force_login(world.secretary_a)
    long_name = "二〇一六年度第四季度支部党员大会" * 20 + ".pdf"
    response = client.post(
        reverse("plans:task-update", args=[task.pk]),
        {
            "version": task.version,
            "text": "召开支部党员大会",
            "percent": 60,
            "on": "2016-12-10",
            "files": [upload(long_name, PDF)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = TaskEvidence.objects.get()
    assert evidence.original_name.endswith(".pdf")
    download = client.get(reverse("plans:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert ".pdf" in download["Content-Disposition"]
