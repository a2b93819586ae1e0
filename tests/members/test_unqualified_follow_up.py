"""Members rated 不合格 (issue 16, item 8): 限期改正 with a deadline, then corrected, or 劝退 /
除名 decided by the branch meeting and approved by the township committee; shown on the
member's page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Appraisal, UnqualifiedFollowUp

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def unqualified(world, result="unqualified"):
    return Appraisal.objects.create(
        member=world.member_a, branch=world.branch_a, year=2015, result=result
    )


def follow_up(world, **kwargs):
    values = {"ordered_on": D(2016, 1, 15), "deadline": D(2016, 7, 15), **kwargs}
    return UnqualifiedFollowUp(appraisal=unqualified(world), **values)


def errors(f) -> dict:
    with pytest.raises(ValidationError) as e:
        f.full_clean()
    return e.value.message_dict


def test_a_correction_with_a_deadline_is_recorded(world):
    f = follow_up(world)
    f.full_clean()
    f.save()
    assert f.outcome == "pending" and f.history.count() == 1


def test_only_an_unqualified_rating_is_followed_up(world):
    f = UnqualifiedFollowUp(
        appraisal=unqualified(world, "qualified"), ordered_on=D(2016, 1, 15), deadline=D(2016, 7, 1)
    )
    assert "appraisal" in errors(f)


@pytest.mark.parametrize("deadline, ok", [(D(2017, 1, 15), True), (D(2017, 1, 16), False)])
def test_the_correction_period_is_at_most_one_year(world, deadline, ok):
    f = follow_up(world, deadline=deadline)
    if ok:
        f.full_clean()
    else:
        assert "deadline" in errors(f)


@pytest.mark.parametrize("outcome", ["persuaded", "removed"])
def test_leaving_needs_the_branch_meeting_and_the_township_approval(world, outcome):
    f = follow_up(world, outcome=outcome)
    found = errors(f)
    assert "branch_meeting_on" in found and "approved_on" in found
    f.branch_meeting_on = D(2016, 8, 1)
    f.approved_on = D(2016, 7, 30)
    assert "approved_on" in errors(f)
    f.approved_on = D(2016, 8, 10)
    f.full_clean()


def test_a_correction_is_assessed_with_a_date(world):
    f = follow_up(world, outcome="corrected")
    assert "assessed_on" in errors(f)
    f.assessed_on = D(2016, 7, 20)
    f.full_clean()


def test_an_overdue_correction_is_shown_on_the_member_page(world, as_user):
    f = follow_up(world)
    f.save()
    text = as_user(world.staff).get(reverse("members:detail", args=[world.member_a.pk])).content
    text = text.decode()
    assert "限期改正" in text and "期限已过" in text


def test_the_back_office_records_a_removal(world, as_user):
    appraisal = unqualified(world)
    page = as_user(world.staff).post(
        reverse("admin:members_unqualifiedfollowup_add"),
        {
            "appraisal": appraisal.pk,
            "ordered_on": "2016-01-15",
            "deadline": "2016-07-15",
            "outcome": "removed",
            "branch_meeting_on": "2016-08-01",
            "approved_on": "",
            "note": "",
        },
    )
    assert page.status_code == 200 and not UnqualifiedFollowUp.objects.exists()
