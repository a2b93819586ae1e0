"""Supporting files of a nomination (with the nomination, or added later): the shared checks
refuse oversized, wrongly typed and renamed files in Chinese and store nothing; a kept file is
served only to readers of the round and the nominating branch."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Nomination, NominationFile
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

from .factories import categories, nomination, open_round

pytestmark = pytest.mark.django_db

BAD_FILES = {
    "oversized": (lambda: oversized("事迹材料.pdf", PDF), TOO_LARGE),
    "wrong extension": (lambda: upload("事迹材料.exe", b"MZ\x90\x00"), ONLY_DOCUMENTS),
    "text renamed .pdf": (lambda: text_named("事迹材料.pdf"), NOT_REALLY),
    "text renamed .jpg": (lambda: text_named("照片.jpg"), NOT_REALLY),
}


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.UPLOAD_MAX_MB = 1


def _nominate(client, world, file):
    round = open_round(world.township)
    category = categories(world.township)["优秀共产党员"]
    return client.post(
        reverse("awards:nominate", kwargs={"pk": round.pk}),
        {
            "category": category.pk,
            "member": world.member_a.pk,
            "deeds": "带头发展茶叶产业",
            "file": file,
        },
    )


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_nomination_with_a_bad_file_is_refused_whole(case, world, as_user):
    make, message = BAD_FILES[case]
    response = _nominate(as_user(world.secretary_a), world, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Nomination.objects.exists() and not NominationFile.objects.exists()
    assert stored_files() == []


@pytest.fixture
def nominated(world):
    round = open_round(world.township)
    return nomination(round, categories(world.township)["优秀共产党员"], member=world.member_a)


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_added_to_a_nomination_is_refused(case, world, as_user, nominated):
    make, message = BAD_FILES[case]
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("awards:file-upload", kwargs={"pk": nominated.pk}), {"file": make()}, follow=True
    )
    assert message in response.content.decode()
    assert not NominationFile.objects.exists()
    assert stored_files() == []


def test_a_good_file_is_kept_and_served_only_inside_the_scope(world, as_user, nominated):
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("awards:file-upload", kwargs={"pk": nominated.pk}),
        {"file": upload("事迹材料.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = NominationFile.objects.get()
    assert attachment.name == "事迹材料.pdf" and len(stored_files()) == 1
    url = reverse("awards:file-download", kwargs={"pk": attachment.pk})
    for who in (world.secretary_a, world.staff, world.leader):
        response = as_user(who).get(url)
        assert response.status_code == 200 and body(response) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert as_user(world.secretary_b).get(url).status_code == 404
    assert as_user(world.other_staff).get(url).status_code == 404


def test_the_nomination_form_states_the_size_limit_of_the_settings(world, as_user):
    round = open_round(world.township)
    page = as_user(world.secretary_a).get(reverse("awards:nominate", kwargs={"pk": round.pk}))
    assert "不超过1 MB" in page.content.decode()
