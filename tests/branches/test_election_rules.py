"""《中国共产党基层组织选举工作条例》: more than four fifths attend, candidates exceed the
seats by at least 20%, elected with more than half of the votes of those present."""

import datetime

import pytest
from django.urls import reverse

from branches.models import (
    CommitteeElection,
    ElectionCandidate,
    candidates_needed,
    elected_by_majority,
    election_quorate,
    enough_candidates,
)
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "entitled, present, valid",
    [(20, 16, False), (20, 17, True), (16, 13, True), (16, 12, False), (5, 4, False), (5, 5, True)],
)
def test_an_election_is_valid_only_when_more_than_four_fifths_attend(entitled, present, valid):
    assert election_quorate(entitled=entitled, present=present) is valid


@pytest.mark.parametrize(
    "seats, candidates, enough",
    [(5, 6, True), (5, 5, False), (3, 4, True), (3, 3, False), (7, 8, False), (7, 9, True)],
)
def test_candidates_exceed_the_seats_by_at_least_twenty_percent(seats, candidates, enough):
    assert enough_candidates(seats=seats, candidates=candidates) is enough
    assert enough_candidates(seats=seats, candidates=candidates_needed(seats))
    assert not enough_candidates(seats=seats, candidates=candidates_needed(seats) - 1)


@pytest.mark.parametrize("votes, present, elected", [(8, 16, False), (9, 16, True), (7, 13, True)])
def test_a_candidate_needs_more_than_half_of_the_votes_of_those_present(votes, present, elected):
    assert elected_by_majority(votes=votes, present=present) is elected


def election(world, *, entitled=10, present=9, seats=3, candidates=4):
    e = CommitteeElection.objects.create(
        branch=world.branch_a,
        held_on=datetime.date(2016, 3, 1),
        eligible_voters=entitled,
        votes_cast=present,
        seats=seats,
    )
    for i in range(candidates):
        ElectionCandidate.objects.create(
            election=e, member=MemberFactory(branch=world.branch_a), votes=present - i
        )
    return e


def test_an_election_names_the_rules_it_breaks(world):
    assert election(world).problems == []
    both = election(world, present=8, candidates=3)
    assert len(both.problems) == 2
    assert "五分之四" in both.problems[0]
    assert "20%" in both.problems[1] and "3个职数至少需要4名候选人" in both.problems[1]


def test_the_branch_page_shows_an_invalid_election(world, as_user):
    election(world, entitled=16, present=11, seats=1, candidates=1)
    text = as_user(world.staff).get(reverse("branches:detail", args=[world.branch_a.pk]))
    assert "五分之四" in text.content.decode()


def _admin_post(client, world, *, seats, members, elected=()):
    data = {
        "branch": world.branch_a.pk,
        "held_on": "2016-03-01",
        "eligible_voters": 10,
        "votes_cast": 9,
        "seats": seats,
        "result": "",
        "candidates-TOTAL_FORMS": len(members),
        "candidates-INITIAL_FORMS": 0,
        "candidates-MIN_NUM_FORMS": 0,
        "candidates-MAX_NUM_FORMS": 1000,
    }
    for i, m in enumerate(members):
        data[f"candidates-{i}-member"] = m.pk
        data[f"candidates-{i}-votes"] = 9 - i
        if i in elected:
            data[f"candidates-{i}-elected"] = "on"
    return client.post(reverse("admin:branches_committeeelection_add"), data)


def test_the_back_office_refuses_an_election_without_twenty_percent_more_candidates(world, as_user):
    members = [MemberFactory(branch=world.branch_a) for _ in range(4)]
    client = as_user(world.staff)
    page = _admin_post(client, world, seats=4, members=members)
    assert page.status_code == 200 and "至少需要5名候选人" in page.content.decode()
    assert not CommitteeElection.objects.exists()
    done = _admin_post(client, world, seats=3, members=members, elected=(0, 1, 2))
    assert done.status_code == 302
    assert CommitteeElection.objects.get().candidates.count() == 4


def test_the_back_office_refuses_more_elected_than_seats(world, as_user):
    members = [MemberFactory(branch=world.branch_a) for _ in range(4)]
    page = _admin_post(as_user(world.staff), world, seats=3, members=members, elected=(0, 1, 2, 3))
    assert page.status_code == 200 and not CommitteeElection.objects.exists()


def test_the_demo_elections_obey_the_rules(demo):
    elections = list(CommitteeElection.objects.select_related("branch"))
    assert len(elections) == 12
    assert all(e.problems == [] for e in elections), [(e.branch, e.problems) for e in elections]
    weak = next(e for e in elections if e.branch.name == "石板村党支部")
    assert weak.votes_cast * 5 > weak.eligible_voters * 4
