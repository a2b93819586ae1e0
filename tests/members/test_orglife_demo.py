"""The demo's organisational life and cadre pipeline (issue 4), and that loading twice
writes nothing new."""

from django.core.management import call_command

from branches.models import Branch, Meeting
from branches.selectors import org_life_compliance
from members.models import Applicant, Campaign, ContactLog, Member, ReserveCadre
from members.selectors import members_with_activity, mobility_flags


def history_total():
    return (
        Meeting.history.count(),
        ContactLog.history.count(),
        Applicant.history.count(),
        ReserveCadre.history.count(),
        Member.history.count(),
    )


def test_the_demo_year_of_organisational_life(demo):
    rows = org_life_compliance(Branch.objects.all(), 2016)
    missed = {r.branch.name: sum(len(k.missed) for k in r.kinds) for r in rows}
    weak = missed.pop("石板村党支部")
    assert weak > 10 and max(missed.values()) <= 1
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED).count() == 12


def test_the_demo_pipeline_mobile_members_cadres_and_campaigns(demo):
    stages = {a.stage for a in Applicant.objects.all()}
    assert stages >= {"applicant", "activist", "candidate", "probationary", "full"}
    overdue = [a for a in Applicant.objects.all() if "预备期已满，尚未讨论转正。" in a.warnings()]
    assert [a.branch.name for a in overdue] == ["石板村党支部"]
    silent = [
        m
        for m in members_with_activity(Member.objects.filter(is_mobile=True))
        if mobility_flags(m)["six_months_silent"]
    ]
    assert len(silent) == 1 and silent[0].is_lost_contact
    officials = Member.objects.filter(
        is_village_official=True, positions__isnull=False, positions__left_on__isnull=True
    )
    assert officials.values("branch").distinct().count() == 2
    assert ReserveCadre.objects.count() >= 9
    assert set(Campaign.objects.values_list("year", "kind")) == {
        (2016, "double_strive"),
        (2016, "double_learn"),
    }


def test_loading_the_demo_twice_writes_no_new_history(demo):
    before = history_total()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert history_total() == before
