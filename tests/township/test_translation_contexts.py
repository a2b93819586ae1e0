"""One English message id, one meaning (issue 19, item 9): where a word such as "result",
"category", "active" or "name" means different things, each meaning has its own context
and its own Chinese word, on the pages where it is read."""

import pytest
from django.utils import translation

from awards.models import Nomination, Quota
from branches.models import CommitteeElection
from finance.models import Counterparty
from members.models import Appraisal, CampaignBranch, CampaignMember, UnqualifiedFollowUp
from tests.awards.factories import round_at_notice
from tests.finance.factories import make_finance
from tests.plans.factories import MeasureFactory, PlanFactory
from township.models import HolidayDay, User

pytestmark = pytest.mark.django_db


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_democratic_appraisal_result_is_not_a_rectification_result(world, client):
    page = _page(client, world.staff, f"/members/appraisals/{world.branch_a.pk}/")
    assert "<th>评议结果</th>" in page and 'aria-label="评议结果"' in page
    assert "整顿结果" not in page


def test_award_categories_are_not_member_categories(world, client, settings):
    settings.TOWNSHIP_TODAY = __import__("datetime").date(2017, 6, 13)
    round = round_at_notice(world)
    page = _page(client, world.staff, f"/awards/{round.pk}/")
    assert "<th>评选类别</th>" in page and "人员类别" not in page
    nomination = round.nominations.filter(branch__isnull=False).get()
    page = _page(client, world.staff, f"/awards/nominations/{nomination.pk}/")
    assert "<dt>评选类别</dt>" in page and "先进基层党组织" in page and "人员类别" not in page


def test_an_accounts_active_flag_reads_qiyong(world, client):
    page = _page(client, world.staff, f"/admin/township/user/{world.secretary_a.pk}/change/")
    assert 'for="id_is_active">启用</label>' in page
    assert "在册" not in page


def test_the_township_office_checkbox_says_what_it_adds(world, client):
    measure = MeasureFactory(plan=PlanFactory(township=world.township))
    page = _page(client, world.staff, f"/plans/measures/{measure.pk}/tasks/new/")
    assert "另为乡机关本级设一项任务（不属于任何支部）" in page


def test_the_finance_list_names_its_column_after_the_branches_it_lists(world, client):
    make_finance(world.branch_a)
    page = _page(client, world.staff, "/finance/")
    assert "<th>村党支部</th>" in page and "甲村党支部" in page
    assert 'for="q">村党支部</label>' in page


def test_a_counterparty_has_a_name_not_a_persons_name(world, client):
    finance = make_finance(world.branch_a)
    page = _page(client, world.staff, f"/finance/{finance.pk}/add/counterparty/")
    assert "名称" in page and "姓名" not in page


def test_the_demo_does_not_repeat_the_villager_tag_in_the_name():
    from finance import demo

    for debts in demo.DEBTS.values():
        for creditor, *_rest in debts:
            assert not creditor.startswith("村民")
    assert demo.VILLAGER_CREDITORS


@pytest.mark.parametrize(
    ("model", "field", "word"),
    [
        (Appraisal, "result", "评议结果"),
        (CampaignBranch, "result", "评比结果"),
        (CampaignMember, "result", "评比结果"),
        (CommitteeElection, "result", "选举结果"),
        (UnqualifiedFollowUp, "outcome", "改正结果"),
        (Nomination, "category", "评选类别"),
        (Quota, "category", "评选类别"),
        (HolidayDay, "name", "节日名称"),
        (Counterparty, "name", "名称"),
        (User, "is_active", "启用"),
    ],
)
def test_each_meaning_has_its_word(model, field, word):
    with translation.override("zh-hans"):
        assert str(model._meta.get_field(field).verbose_name) == word


def test_the_rectification_result_keeps_its_word():
    from branches.models import Rectification

    with translation.override("zh-hans"):
        assert str(Rectification._meta.get_field("result").verbose_name) == "整顿结果"


def test_the_assessment_result_is_a_kaocha_result():
    from awards.forms import AssessmentForm

    with translation.override("zh-hans"):
        assert str(AssessmentForm.base_fields["passed"].label) == "考察结果"
