"""Meeting photos: only real images within UPLOAD_MAX_MB; a refused photo refuses the whole
meeting in Chinese and stores nothing; a kept photo is served only inside the branch."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Meeting, MeetingPhoto
from tests.uploads import (
    GIF,
    NOT_AN_IMAGE,
    ONLY_IMAGES,
    PDF,
    TOO_LARGE,
    body,
    oversized,
    png,
    stored_files,
    text_named,
    upload,
)

pytestmark = pytest.mark.django_db

BAD_PHOTOS = {
    "oversized": (lambda: oversized("会议.gif", GIF), TOO_LARGE),
    "wrong extension, a real image inside": (lambda: upload("会议.bmp", GIF), ONLY_IMAGES),
    "a PDF": (lambda: upload("会议记录.pdf", PDF), NOT_AN_IMAGE),
    "text renamed .jpg": (lambda: text_named("会议.jpg"), NOT_AN_IMAGE),
    "a PDF renamed .png": (lambda: upload("会议.png", PDF), NOT_AN_IMAGE),
}


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.UPLOAD_MAX_MB = 1


def _post(client, world, photo):
    from tests.branches.test_meetings import _post as meeting_post

    data = meeting_post(world.branch_a, present=[world.member_a.pk])
    data["photos"] = [photo]
    return client.post(reverse("branches:meeting-new", args=[world.branch_a.pk]), data)


@pytest.mark.parametrize("case", BAD_PHOTOS)
def test_a_meeting_photo_that_is_too_large_or_not_an_image_is_refused(case, world, as_user):
    make, message = BAD_PHOTOS[case]
    response = _post(as_user(world.secretary_a), world, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists() and not MeetingPhoto.objects.exists()
    assert stored_files() == []


def test_the_model_refuses_a_renamed_photo_even_without_the_form(world):
    """The admin and services save through the model: its validator checks new files."""
    from django.core.exceptions import ValidationError

    meeting = Meeting.objects.create(
        branch=world.branch_a, kind="members", date=datetime.date(2016, 3, 1), topic="学习"
    )
    photo = MeetingPhoto(meeting=meeting, image=text_named("会议.jpg"))
    with pytest.raises(ValidationError) as refused:
        photo.full_clean()
    assert "不是真正的 JPG 文件" in str(refused.value)
    assert stored_files() == []


@pytest.mark.parametrize("name,content", [("会议.gif", GIF), ("合影.PNG", png())])
def test_a_good_photo_is_kept_and_served_only_inside_the_branch(name, content, world, as_user):
    assert _post(as_user(world.secretary_a), world, upload(name, content)).status_code == 302
    photo = MeetingPhoto.objects.get()
    assert len(stored_files()) == 1
    url = reverse("branches:meeting-photo", args=[photo.pk])
    for who in (world.secretary_a, world.staff, world.leader):
        response = as_user(who).get(url)
        assert response.status_code == 200 and body(response) == content
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"].startswith("image/")
    assert as_user(world.secretary_b).get(url).status_code == 404
    assert as_user(world.other_staff).get(url).status_code == 404


def test_a_photo_missing_from_storage_is_404(world, as_user):
    _post(as_user(world.secretary_a), world, upload("会议.gif", GIF))
    photo = MeetingPhoto.objects.get()
    photo.image.delete(save=False)
    MeetingPhoto.objects.filter(pk=photo.pk).update(image="meetings/2016/12/gone.gif")
    assert (
        as_user(world.staff).get(reverse("branches:meeting-photo", args=[photo.pk])).status_code
        == 404
    )
