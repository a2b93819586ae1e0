"""Staff of several townships (and superusers) choose the township of a new round; letters
are issued for every township the user runs."""

import datetime

import pytest

from awards.models import Round
from plans.models import ResponsibilityLetter
from township.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


ROUND = {
    "year": 2017,
    "meeting_on": "2017-07-01",
    "nominations_open_on": "2016-12-01",
    "nominations_close_on": "2017-05-31",
    "assessment_on": "2017-06-05",
    "document_number": "",
    "notes": "",
}


def test_staff_of_two_townships_choose_the_township_of_a_new_round(world, client):
    Role.objects.create(user=world.staff, kind=Role.Kind.STAFF, township=world.other_township)
    client.force_login(world.staff)
    page = client.get("/awards/new/").content.decode()
    assert "为哪个乡镇" in page and "白云乡" in page and "青山乡" in page
    response = client.post("/awards/new/", {**ROUND, "township": world.other_township.pk})
    assert response.status_code == 302
    assert Round.objects.get().township == world.other_township


def test_a_township_the_user_does_not_run_is_404(world, client):
    client.force_login(world.staff)
    Role.objects.create(user=world.staff, kind=Role.Kind.LEADER, township=world.other_township)
    # One township run: no choice is offered, and a forged one is ignored.
    response = client.post("/awards/new/", {**ROUND, "township": world.other_township.pk})
    assert response.status_code == 302
    assert Round.objects.get().township == world.township


def test_a_superuser_issues_the_letters_of_every_township(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-Long-pass-123")
    client.force_login(admin)
    response = client.post("/plans/letters/2016/issue/")
    assert response.status_code == 302
    townships = set(ResponsibilityLetter.objects.values_list("branch__township", flat=True))
    assert townships == {world.township.pk, world.other_township.pk}
