"""The back office offers, and accepts, only rows of the user's own townships in every
foreign key: the model's own fields and its inlines' (a forged id of another township's
counterparty, round, category or member is not a valid choice)."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory

from awards.models import Category, Round
from branches.models import Meeting
from finance.models import Counterparty, LedgerEntry
from members.models import Campaign

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _inline_field(model, inline_model, name, user):
    model_admin = admin.site._registry[model]
    request = _request(user)
    for formset, inline in model_admin.get_formsets_with_inlines(request):
        if inline.model is inline_model:
            return formset.form.base_fields[name]
    raise AssertionError(f"no inline for {inline_model}")


def test_a_ledger_entry_cannot_be_put_on_another_townships_counterparty(world):
    own = Counterparty.objects.create(branch=world.branch_a, name="本村商店")
    foreign = Counterparty.objects.create(branch=world.branch_x, name="外乡商店")
    form_class = admin.site._registry[LedgerEntry].get_form(_request(world.staff))
    choices = form_class.base_fields["counterparty"].queryset
    assert own in choices and foreign not in choices

    form = form_class(
        data={
            "counterparty": foreign.pk,
            "direction": LedgerEntry._meta.get_field("direction").choices[0][0],
            "entered_on": "2016-12-01",
            "amount": "100.00",
            "description": "伪造",
        }
    )
    assert not form.is_valid() and "counterparty" in form.errors


def test_a_nomination_cannot_be_moved_to_another_townships_round_or_category(world):
    from awards.models import Nomination

    theirs = Round.objects.create(
        township=world.other_township,
        year=2017,
        meeting_on=datetime.date(2017, 7, 1),
        nominations_open_on=datetime.date(2017, 5, 1),
        nominations_close_on=datetime.date(2017, 5, 31),
        assessment_on=datetime.date(2017, 6, 10),
    )
    category = Category.objects.create(township=world.other_township, name="外乡类别")
    form_class = admin.site._registry[Nomination].get_form(_request(world.staff))
    assert theirs not in form_class.base_fields["round"].queryset
    assert category not in form_class.base_fields["category"].queryset


def test_inlines_offer_only_the_users_own_townships_rows(world):
    Campaign.objects.create(
        township=world.township,
        year=2016,
        kind=Campaign.Kind.values[0],
        title="双争",
        standards="标准",
        starts_on=datetime.date(2016, 1, 1),
        ends_on=datetime.date(2016, 12, 31),
    )
    from branches.models import Attendance
    from members.models import CampaignBranch, CampaignMember

    branches = _inline_field(Campaign, CampaignBranch, "branch", world.staff).queryset
    assert world.branch_a in branches and world.branch_x not in branches
    members = _inline_field(Campaign, CampaignMember, "member", world.staff).queryset
    assert world.member_a in members and world.member_x not in members
    attendees = _inline_field(Meeting, Attendance, "member", world.staff).queryset
    assert world.member_a in attendees and world.member_x not in attendees
