"""The demo township passes its own consistency check, and its plan's tasks follow the
records where the seed's measure is about them (issue 13, demo data)."""

import io

import pytest
from django.core.management import call_command

from branches.models import BranchGrade, Rectification
from finance.models import Debt
from finance.selectors import finance_overview
from members.models import Appraisal, CampaignMember, CampaignResult
from overview.consistency import contradictions
from plans.models import Task, TaskStatus, Tie
from plans.selectors import plan_progress

pytestmark = pytest.mark.django_db


def test_the_demo_passes_its_own_consistency_check(demo):
    assert contradictions(demo) == []
    out = io.StringIO()
    call_command("check_data", stdout=out)  # exits 0: no CommandError
    assert "No contradictions" in out.getvalue()

    # Measure (四)'s village tasks follow the finance records, figure for figure.
    plan = demo.plans.get(year=2016)
    progress = plan_progress(plan, Task.objects.all())
    finance_row = next(m for m in progress.measures if m.measure.number == 4)
    tied = {t.branch.name: t for t in finance_row.all_tasks if t.tie == Tie.FINANCE}
    assert set(tied) == {"石板村党支部", "柏林村党支部"}
    for village in finance_overview(demo, 2016):
        assert tied[village.branch_name].progress == round(village.progress)
    # 柏林村 started after the June deadline: its task shows late.
    assert tied["柏林村党支部"].current_status == TaskStatus.OVERDUE

    # The two villages' debts differ.
    debts = {
        name: sorted(Debt.objects.filter(branch__name=name).values_list("principal", flat=True))
        for name in tied
    }
    assert debts["石板村党支部"] != debts["柏林村党支部"]

    # 石板村 was weak in 2015 too: it has that year's rectification.
    assert BranchGrade.objects.get(branch__name="石板村党支部", year=2015).weak_and_lax
    assert Rectification.objects.filter(branch__name="石板村党支部", year=2015).exists()

    # No lost-contact member is rated 优秀 anywhere.
    assert not Appraisal.objects.filter(
        member__is_lost_contact=True, result=Appraisal.Result.EXCELLENT
    ).exists()
    assert not CampaignMember.objects.filter(
        member__is_lost_contact=True, result=CampaignResult.EXCELLENT
    ).exists()


def test_the_demo_ties_the_plans_tasks_to_their_records(demo):
    ties = set(
        Task.objects.filter(measure__plan__township=demo)
        .exclude(tie="")
        .values_list("measure__number", "tie")
    )
    assert ties == {
        (1, Tie.ORG_LIFE),
        (1, Tie.RECTIFICATION),
        (2, Tie.LETTERS),
        (3, Tie.CADRES),
        (4, Tie.FINANCE),
        (5, Tie.COMMENDATION),
    }
    # Nothing typed on a tied task.
    assert not Task.objects.exclude(tie="").filter(percent__gt=0).exists()
