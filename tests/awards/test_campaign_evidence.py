"""A nomination shows the nominee's 双争 / 双学双比 results beside the deeds (issue 6 uses
issue 4's campaigns)."""

import datetime

import pytest

from members.models import Campaign, CampaignMember

from .factories import categories, nomination, open_round

pytestmark = pytest.mark.django_db


def test_the_nominees_campaign_results_are_shown_to_staff(world, client, settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    round_ = open_round(world.township)  # the 2017 round
    campaign = Campaign.objects.create(
        township=world.township,
        year=2016,
        kind=Campaign.Kind.values[0],
        title="争做优秀共产党员",
        standards="五好标准",
        starts_on=datetime.date(2016, 3, 1),
        ends_on=datetime.date(2016, 11, 30),
    )
    old = Campaign.objects.create(
        township=world.township,
        year=2014,
        kind=Campaign.Kind.values[0],
        title="旧活动",
        standards="—",
        starts_on=datetime.date(2014, 3, 1),
        ends_on=datetime.date(2014, 11, 30),
    )
    CampaignMember.objects.create(campaign=campaign, member=world.member_a, result="excellent")
    CampaignMember.objects.create(campaign=old, member=world.member_a, result="excellent")
    n = nomination(round_, next(iter(categories(world.township).values())), member=world.member_a)
    client.force_login(world.staff)
    page = client.get(f"/awards/nominations/{n.pk}/").content.decode()
    assert "争做优秀共产党员" in page and "旧活动" not in page


def test_staff_see_and_edit_quotas_in_the_back_office(world, client):
    round_ = open_round(world.township)
    client.force_login(world.staff)
    page = client.get(f"/admin/awards/round/{round_.pk}/change/").content.decode()
    assert 'name="quotas-TOTAL_FORMS"' in page
    assert str(round_) == "2017年度七一表彰"
