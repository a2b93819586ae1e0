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


# The follow-up in the front office (issue 16 item 8).


def rated(world, member=None, year=2015):
    member = member or world.member_a
    return Appraisal.objects.create(
        member=member, branch=member.branch, year=year, result="unqualified"
    )


def ordered(appraisal, **kwargs):
    values = {"ordered_on": D(2016, 1, 15), "deadline": D(2016, 7, 15), **kwargs}
    return UnqualifiedFollowUp.objects.create(appraisal=appraisal, **values)


def version_of(page) -> str:
    import re

    found = re.search(r'name="seen_version" value="(\d*)"', page.content.decode())
    return found.group(1) if found else ""


def test_the_secretary_orders_a_correction_from_the_member_page(world, as_user):
    a = rated(world)
    client = as_user(world.secretary_a)
    detail = client.get(reverse("members:detail", args=[world.member_a.pk])).content.decode()
    assert reverse("members:follow-up", args=[a.pk]) in detail
    page = client.get(reverse("members:follow-up", args=[a.pk]))
    assert "data-confirm" in page.content.decode()
    response = client.post(
        reverse("members:follow-up", args=[a.pk]),
        {"ordered_on": "2016-01-15", "deadline": "2016-07-15", "note": "加强学习"},
    )
    assert response.status_code == 302
    f = UnqualifiedFollowUp.objects.get()
    assert (f.appraisal, f.deadline, f.outcome) == (a, D(2016, 7, 15), "pending")


def test_a_deadline_over_a_year_is_refused_on_the_page(world, as_user):
    a = rated(world)
    response = as_user(world.staff).post(
        reverse("members:follow-up", args=[a.pk]),
        {"ordered_on": "2016-01-15", "deadline": "2017-01-16"},
    )
    assert response.status_code == 200 and "最长一年" in response.content.decode()
    assert not UnqualifiedFollowUp.objects.exists()


def test_a_stale_order_form_is_refused(world, as_user):
    f = ordered(rated(world))
    client = as_user(world.secretary_a)
    url = reverse("members:follow-up", args=[f.appraisal_id])
    seen = version_of(client.get(url))
    f.deadline = D(2016, 8, 1)
    f.save()
    response = client.post(
        url, {"ordered_on": "2016-01-15", "deadline": "2016-09-01", "seen_version": seen}
    )
    assert response.status_code == 200
    f.refresh_from_db()
    assert f.deadline == D(2016, 8, 1)


def test_the_list_flags_an_overdue_deadline(world, as_user):
    from tests.factories import MemberFactory

    ordered(rated(world))  # deadline 2016-07-15, today 2016-12-20
    other = MemberFactory(branch=world.branch_a, name="李四")
    ordered(rated(world, other), deadline=D(2017, 1, 10))
    MemberFactory(branch=world.branch_a, name="赵六")  # not rated unqualified
    rated(world, MemberFactory(branch=world.branch_a, name="王五"))
    page = as_user(world.leader).get(reverse("members:unqualified")).content.decode()
    assert "张三" in page and "李四" in page and "王五" in page and "赵六" not in page
    row = page[page.index("张三") :].split("</tr>")[0]
    assert "tag-danger" in row
    row = page[page.index("李四") :].split("</tr>")[0]
    assert "tag-danger" not in row
    assert "尚未处置" in page[page.index("王五") :].split("</tr>")[0]


def test_the_list_costs_the_same_queries_for_1_and_10_rows(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MemberFactory

    client = as_user(world.staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("members:unqualified")).status_code == 200
        return len(ctx.captured_queries)

    ordered(rated(world))
    one = count()
    for i in range(9):
        a = rated(world, MemberFactory(branch=world.branch_a, name=f"党员{i}"))
        if i % 2:
            ordered(a)
    assert count() == one


def test_another_branchs_secretary_gets_404_and_leadership_403(world, as_user):
    a = rated(world)
    data = {"ordered_on": "2016-01-15", "deadline": "2016-07-15"}
    url = reverse("members:follow-up", args=[a.pk])
    assert as_user(world.secretary_b).post(url, data).status_code == 404
    assert as_user(world.leader).post(url, data).status_code == 403
    assert not UnqualifiedFollowUp.objects.exists()
    f = ordered(a)
    url = reverse("members:follow-up-outcome", args=[a.pk])
    data = {"outcome": "corrected", "assessed_on": "2016-07-20"}
    assert as_user(world.secretary_b).post(url, data).status_code == 404
    assert as_user(world.leader).post(url, data).status_code == 403
    f.refresh_from_db()
    assert f.outcome == "pending"
    detail = as_user(world.leader).get(reverse("members:detail", args=[world.member_a.pk]))
    assert reverse("members:follow-up-outcome", args=[a.pk]) not in detail.content.decode()


def outcome_post(client, f, **data):
    url = reverse("members:follow-up-outcome", args=[f.appraisal_id])
    data.setdefault("seen_version", version_of(client.get(url)))
    return client.post(url, data)


def test_a_correction_assessed_keeps_the_member(world, as_user):
    f = ordered(rated(world))
    response = outcome_post(
        as_user(world.secretary_a), f, outcome="corrected", assessed_on="2016-07-20"
    )
    assert response.status_code == 302
    f.refresh_from_db()
    world.member_a.refresh_from_db()
    assert f.outcome == "corrected" and world.member_a.is_current


@pytest.mark.parametrize("outcome, reason", [("persuaded", "persuaded"), ("removed", "struck_off")])
def test_persuasion_or_removal_takes_the_member_off_the_roster(world, as_user, outcome, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = ordered(rated(world))
    client = as_user(world.staff)
    response = outcome_post(
        client,
        f,
        outcome=outcome,
        branch_meeting_on="2016-08-10",
        approved_on="2016-08-25",
        document=SimpleUploadedFile("决定.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert (world.member_a.left_on, world.member_a.leave_reason) == (D(2016, 8, 25), reason)
    assert "2016-08-10" in world.member_a.leave_basis
    reduced = client.get(reverse("members:reduced")).content.decode()
    assert "张三" in reduced
    f.refresh_from_db()
    assert f.document
    assert client.get(reverse("members:follow-up-document", args=[f.pk])).status_code == 200


@pytest.mark.parametrize(
    "data, message",
    [
        ({"outcome": "removed", "approved_on": "2016-08-25"}, "支部党员大会"),
        ({"outcome": "removed", "branch_meeting_on": "2016-08-10"}, "批准"),
        (
            {
                "outcome": "persuaded",
                "branch_meeting_on": "2016-08-26",
                "approved_on": "2016-08-25",
            },
            "",
        ),
        ({"outcome": "corrected"}, ""),
    ],
)
def test_an_incomplete_outcome_is_refused_and_nothing_changes(world, as_user, data, message):
    f = ordered(rated(world))
    response = outcome_post(as_user(world.secretary_a), f, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    f.refresh_from_db()
    world.member_a.refresh_from_db()
    assert f.outcome == "pending" and world.member_a.is_current


def test_the_outcome_waits_for_the_order(world, as_user):
    a = rated(world)
    response = as_user(world.staff).get(reverse("members:follow-up-outcome", args=[a.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("members:follow-up", args=[a.pk])
