"""Reserve cadres, 大学生村官 on committees, campaigns and their participants' results."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import CommitteeElection, ElectionCandidate
from members.models import Campaign, CampaignBranch, CampaignMember, ReserveCadre
from tests.factories import MemberFactory, PositionFactory

d = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


def test_the_reserve_list_shows_village_officials_and_whether_on_a_committee(world, as_user):
    on = MemberFactory(branch=world.branch_a, name="村官甲", is_village_official=True)
    PositionFactory(member=on, position="publicity")
    MemberFactory(branch=world.branch_a, name="村官乙", is_village_official=True)
    ReserveCadre.objects.create(
        branch=world.branch_a,
        name="后备丙",
        gender="M",
        birth_date=d(1990, 1, 1),
        education="college",
        since=d(2016, 4, 1),
        strong_in_getting_rich=True,
    )
    ReserveCadre.objects.create(
        branch=world.branch_b,
        name="后备丁",
        gender="M",
        birth_date=d(1990, 1, 1),
        education="college",
        since=d(2016, 4, 1),
    )
    text = as_user(world.secretary_a).get(reverse("members:reserve")).content.decode()
    assert "后备丙" in text and "后备丁" not in text and "带头致富能力强" in text
    row_on = text[text.index("村官甲") : text.index("村官甲") + 300]
    row_off = text[text.index("村官乙") : text.index("村官乙") + 300]
    assert "是" in row_on and "是" not in row_off.split("</tr>")[0]


def test_a_reserve_cadre_who_is_a_member_of_another_branch_is_refused(world):
    cadre = ReserveCadre(
        branch=world.branch_a,
        member=world.member_b,
        name="李四",
        gender="M",
        birth_date=d(1970, 5, 6),
        education="college",
        since=d(2016, 4, 1),
    )
    with pytest.raises(ValidationError):
        cadre.full_clean()


def test_an_election_needs_more_than_four_fifths_and_candidates_more_than_half_the_votes(world):
    election = CommitteeElection.objects.create(
        branch=world.branch_a, held_on=d(2016, 3, 1), eligible_voters=10, votes_cast=8
    )
    assert election.is_valid is False
    election.votes_cast = 9
    assert election.is_valid is True
    with pytest.raises(ValidationError):
        CommitteeElection(
            branch=world.branch_a, held_on=d(2016, 3, 1), eligible_voters=5, votes_cast=6
        ).full_clean()
    election.save()
    with pytest.raises(ValidationError):
        ElectionCandidate(
            election=election, member=world.member_a, votes=4, elected=True
        ).full_clean()
    ElectionCandidate(election=election, member=world.member_a, votes=5, elected=True).full_clean()
    with pytest.raises(ValidationError):
        ElectionCandidate(election=election, member=world.member_b, votes=5).full_clean()


@pytest.fixture
def campaign(world):
    c = Campaign.objects.create(
        township=world.township,
        year=2016,
        kind="double_strive",
        title="2016年双争活动",
        standards="五好",
        starts_on=d(2016, 3, 1),
        ends_on=d(2016, 12, 31),
    )
    CampaignBranch.objects.create(campaign=c, branch=world.branch_a, result="excellent")
    CampaignBranch.objects.create(campaign=c, branch=world.branch_b, result="passed")
    CampaignMember.objects.create(campaign=c, member=world.member_a, result="excellent")
    CampaignMember.objects.create(campaign=c, member=world.member_b, result="passed")
    return c


def test_the_campaign_page_shows_results_within_the_users_scope(world, campaign, as_user):
    url = reverse("members:campaign", args=[campaign.pk])
    text = as_user(world.leader).get(url).content.decode()
    assert world.member_a.name in text and world.member_b.name in text and "优秀" in text
    text = as_user(world.secretary_a).get(url).content.decode()
    assert world.member_a.name in text and world.member_b.name not in text
    assert as_user(world.other_staff).get(url).status_code == 404


def test_a_branch_of_another_township_cannot_join_the_campaign(world, campaign):
    with pytest.raises(ValidationError):
        CampaignBranch(campaign=campaign, branch=world.branch_x).full_clean()
    with pytest.raises(ValidationError):
        CampaignMember(campaign=campaign, member=world.member_x).full_clean()


def test_the_member_page_shows_appraisals_campaigns_and_contact_links(world, campaign, as_user):
    text = (
        as_user(world.secretary_a)
        .get(reverse("members:detail", args=[world.member_a.pk]))
        .content.decode()
    )
    assert "2016年双争活动" in text and "登记联系" in text
    text = (
        as_user(world.leader)
        .get(reverse("members:detail", args=[world.member_a.pk]))
        .content.decode()
    )
    assert "登记联系" not in text
