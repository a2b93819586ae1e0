"""A secretary posting another branch's ids into the forms they may use is refused and
nothing is saved. (Finance, nominations and the introducer of an applicant have their own
forged-field tests in tests/finance, tests/awards and tests/members.)"""

import datetime

import pytest
from django.urls import reverse

from branches.models import Meeting
from members.models import Applicant, Appraisal
from tests.factories import applicant_kwargs
from tests.plans.factories import TaskFactory
from tests.security.helpers import history_rows
from township.concurrency import latest_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(world, client, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    client.force_login(world.secretary_a)
    return client


def _meeting_post(present=(), people=None, **extra):
    """The meeting form's post: the attendance formset has one row per person in `people`
    (branch A's members on the day unless forged), those in `present` marked present."""
    from branches.models import Branch
    from branches.services import _attendees
    from tests.branches.test_meetings import attendance_data

    if people is None:
        branch = Branch.objects.get(name="甲村党支部")
        people = _attendees(branch, datetime.date(2016, 12, 1))
    return {
        "kind": "members",
        "date": "2016-12-01",
        "topic": "学习党章",
        "minutes": "记录",
        "record": "on",
        **attendance_data(people, set(present)),
        **extra,
    }


def _refused(response):
    """A refusal: 403/404, or the form page again (200 or 400) with an error, not a redirect."""
    return response.status_code in (400, 403, 404) or (
        response.status_code == 200 and "error" in response.content.decode()
    )


def test_the_honest_meeting_form_saves(world, secretary):
    """The forged posts below differ from this one only in the forged field."""
    before = Meeting.objects.count()
    response = secretary.post(
        reverse("branches:meeting-new", kwargs={"pk": world.branch_a.pk}),
        _meeting_post(present=[world.member_a.pk]),
    )
    assert response.status_code == 302
    assert Meeting.objects.count() == before + 1
    assert history_rows() > 0


@pytest.mark.parametrize(
    "forged",
    [
        {"present": "member_b"},
        {"present": "member_x"},
        {"absent": "member_b"},
        {"host": "member_b"},
        {"recorder": "member_x"},
    ],
    ids=["attendee-b", "attendee-x", "absence-reason-b", "host-b", "recorder-x"],
)
def test_a_meeting_with_another_branchs_people_is_refused(world, secretary, forged):
    ((key, who),) = forged.items()
    stranger = getattr(world, who)
    if key in ("present", "absent"):
        # A row for the stranger added to the attendance formset.
        post = _meeting_post(
            present=[world.member_a.pk] + ([stranger.pk] if key == "present" else []),
            people=[world.member_a, stranger],
        )
    else:
        post = _meeting_post(present=[world.member_a.pk], **{key: stranger.pk})
    before = history_rows()
    response = secretary.post(
        reverse("branches:meeting-new", kwargs={"pk": world.branch_a.pk}), post
    )
    assert _refused(response)
    assert history_rows() == before
    assert not Meeting.objects.exists()


def test_a_meeting_posted_with_another_branch_field_stays_in_its_own_branch(world, secretary):
    secretary.post(
        reverse("branches:meeting-new", kwargs={"pk": world.branch_a.pk}),
        _meeting_post(present=[world.member_a.pk], branch=world.branch_b.pk),
    )
    assert list(Meeting.objects.values_list("branch", flat=True)) == [world.branch_a.pk]


def test_editing_a_meeting_cannot_tick_another_branchs_member(world, secretary):
    meeting = Meeting.objects.create(
        branch=world.branch_a, kind="members", date=datetime.date(2016, 11, 1), topic="学习"
    )
    before = history_rows()
    response = secretary.post(
        reverse("branches:meeting-edit", kwargs={"pk": meeting.pk}),
        _meeting_post(
            present=[world.member_a.pk, world.member_b.pk],
            people=[world.member_a, world.member_b],
            seen_version=meeting.history.latest().history_id,  # not a stale save
        ),
    )
    assert _refused(response)
    assert history_rows() == before
    assert not meeting.attendances.exists()


def test_appraising_another_branchs_member_is_refused(world, secretary):
    url = reverse("members:appraisals", kwargs={"pk": world.branch_a.pk})
    before = history_rows()
    for forged in (world.member_b, world.member_x):
        response = secretary.post(
            url,
            {
                "year": "2016",
                "seen_version": "0",
                f"result_{world.member_a.pk}": "qualified",
                f"result_{forged.pk}": "qualified",
            },
        )
        assert response.status_code in (200, 302, 400)
    assert not Appraisal.objects.exists()
    assert history_rows() == before


def test_the_honest_appraisal_saves(world, secretary):
    secretary.post(
        reverse("members:appraisals", kwargs={"pk": world.branch_a.pk}),
        {"year": "2016", "seen_version": "0", f"result_{world.member_a.pk}": "qualified"},
    )
    assert Appraisal.objects.filter(member=world.member_a).exists()


def _applicant_post(branch):
    values = applicant_kwargs(branch)
    post = {k: v for k, v in values.items() if k != "branch"}
    post["branch"] = branch.pk
    post.setdefault("ethnicity", "汉族")
    for key in ("birth_date", "applied_on"):
        post[key] = values[key].isoformat()
    return post


@pytest.mark.parametrize("where", ["branch_b", "branch_x"])
def test_an_applicant_for_another_branch_is_refused(world, secretary, where):
    before = history_rows()
    response = secretary.post(
        reverse("members:applicant-new"), _applicant_post(getattr(world, where))
    )
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert not Applicant.objects.exists()
    assert history_rows() == before


def test_the_honest_applicant_saves(world, secretary):
    response = secretary.post(reverse("members:applicant-new"), _applicant_post(world.branch_a))
    assert response.status_code == 302, response.context["form"].errors
    assert Applicant.objects.get().branch == world.branch_a


def test_a_contact_or_mobility_post_cannot_move_a_member(world, secretary):
    """Forged branch and member fields are not in these forms: the URL's member is used."""
    secretary.post(
        reverse("members:mobility", kwargs={"pk": world.member_a.pk}),
        {
            "is_mobile": "on",
            "mobile_destination": "广州",
            "branch": world.branch_b.pk,
            "seen_version": latest_version(world.member_a),
        },
    )
    secretary.post(
        reverse("members:contact-new", kwargs={"pk": world.member_a.pk}),
        {"date": "2016-12-01", "how": "phone", "what": "联系", "member": world.member_b.pk},
    )
    world.member_a.refresh_from_db()
    world.member_b.refresh_from_db()
    assert world.member_a.branch == world.branch_a and world.member_a.is_mobile
    assert world.member_b.branch == world.branch_b and not world.member_b.contacts.exists()


@pytest.mark.parametrize("action", ["task-update", "task-done", "task-reopen"])
def test_progress_on_another_branchs_task_is_404(world, secretary, action):
    task = TaskFactory(branch=world.branch_b)
    before = history_rows()
    response = secretary.post(
        reverse(f"plans:{action}", kwargs={"pk": task.pk}),
        {"text": "伪造", "percent": "100", "on": "2016-12-01", "version": task.version},
    )
    assert response.status_code == 404
    assert history_rows() == before
