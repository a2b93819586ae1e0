"""A meeting's place (地点): typed in the form, kept with history, shown on the meeting page,
printed in the record book and exported; the demo's meetings have plausible places."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from branches.demo import _place
from branches.models import Branch, Meeting
from tests.pdf_utils import pdf_text

from .test_meetings import _post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def _recorded(world, place="甲村党员活动室") -> Meeting:
    return Meeting.objects.create(
        branch=world.branch_a,
        kind=Meeting.Kind.MEMBERS,
        date=datetime.date(2016, 3, 1),
        topic="学习党章",
        place=place,
        status=Meeting.Status.RECORDED,
    )


def test_the_form_saves_the_place_with_history(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, present=[world.member_a.pk], place="甲村党员活动室")
    response = client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.place == "甲村党员活动室"
    assert meeting.history.first().place == "甲村党员活动室"


def test_the_place_is_optional(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, present=[world.member_a.pk])
    client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    assert Meeting.objects.get().place == ""


def test_a_place_longer_than_100_characters_is_refused(world, as_user):
    client = as_user(world.secretary_a)
    data = _post(world.branch_a, present=[world.member_a.pk], place="室" * 101)
    response = client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_the_meeting_page_shows_the_place(world, as_user):
    meeting = _recorded(world)
    page = as_user(world.secretary_a).get(reverse("branches:meeting-detail", args=[meeting.pk]))
    assert "地点" in page.content.decode() and "甲村党员活动室" in page.content.decode()


def test_the_record_page_and_the_book_print_the_place(world, as_user):
    meeting = _recorded(world)
    client = as_user(world.secretary_a)
    record = client.get(reverse("branches:meeting-record-pdf", kwargs={"pk": meeting.pk}))
    book = client.get(
        reverse("branches:meeting-book-pdf", kwargs={"pk": world.branch_a.pk, "year": 2016})
    )
    for data in (record.content, book.content):
        text = pdf_text(data).replace(" ", "").replace("\n", "")
        assert "地点甲村党员活动室" in text


def test_the_meetings_export_has_a_place_column(world, as_user):
    _recorded(world, place="=HYPERLINK(1)")
    response = as_user(world.secretary_a).get(
        reverse("branches:meetings-export", args=[world.branch_a.pk]), {"year": 2016}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    header, row = rows[0], rows[1]
    assert "地点" in header
    assert row[header.index("地点")] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "name, kind, expected",
    [
        ("青龙村党支部", Branch.Kind.VILLAGE, "青龙村党员活动室"),
        ("青山社区党支部", Branch.Kind.COMMUNITY, "青山社区党员活动室"),
        ("青山乡中心学校党支部", Branch.Kind.INSTITUTION, "青山乡中心学校会议室"),
    ],
)
def test_the_demo_gives_meetings_a_plausible_place(name, kind, expected):
    assert _place(Branch(name=name, kind=kind)) == expected
