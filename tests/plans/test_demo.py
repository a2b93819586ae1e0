import datetime

import pytest
from django.core.management import call_command

from plans.models import Measure, Plan, ResponsibilityLetter, Task, TaskStatus, TaskUpdate, Tie
from plans.selectors import plan_progress
from plans.ties import apply_ties

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(demo):
    """The demo's 2016 implementation plan."""
    return demo.plans.get(year=2016)


def test_the_demo_plan_has_the_seeds_five_measures_and_deadlines(plan):
    measures = list(plan.measures.order_by("number"))
    assert [(m.number, m.title, m.deadline_kind, m.deadline) for m in measures] == [
        (1, "规范抓好党内组织生活", "date", D(2016, 12, 31)),
        (2, "务实履好党建责任", "date", D(2016, 6, 30)),
        (3, "从严带好干部队伍", "long_term", None),
        (4, "认真抓好后进村财务整治工作，有效保障基层党组织建设的顺利开展", "date", D(2016, 6, 30)),
        (5, "表彰先进典型", "yearly", D(2016, 7, 1)),
    ]
    assert [m.deadline_label() for m in measures[2:]] == ["长期", "2016年6月30日", "每年7月1日"]
    first, _, third = measures[0], measures[1], measures[2]
    for sub in (
        "\n一是“应建未建”的要建",
        "\n二是花大力气抓好软弱涣散",
        "\n三是抓好流动党员的教育管理",
    ):
        assert sub in first.body
    assert "\n二是选任大学生村官进支部班子" in third.body
    assert "《乡农村基层干部廉洁自律目标责任书》" in measures[1].body
    assert "每年“七•一”召开总结表彰会议" in measures[4].body


def test_the_demo_plan_is_in_simplified_chinese_and_keeps_the_seeds_text(plan):
    assert plan.guiding.startswith(
        "以党的十八大精神为指导，结合为民务实清廉群众路线教育实践活动的要求"
    )
    assert plan.guiding.endswith("为全面脱贫奔康目标提供坚强的组织保障。")
    for heading in (
        "（一）基层战斗堡垒功能弱化",
        "（二）党建主责主业意识淡化",
        "（三）党员队伍管理方式老化",
    ):
        assert heading in plan.problems
    text = plan.guiding + plan.problems + "".join(m.title + m.body for m in plan.measures.all())
    for traditional in "黨組織會務發動時與們為這個關應續幹":
        assert traditional not in text


def test_the_demo_tasks_show_done_in_progress_and_overdue(plan):
    tasks = apply_ties(
        Task.objects.filter(measure__plan=plan).select_related("measure__plan", "branch")
    )
    statuses = {t.status() for t in tasks}
    assert {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE} <= statuses
    by = {(t.measure.number, t.branch.name if t.branch else None, t.title[:6]): t for t in tasks}
    weak = next(t for k, t in by.items() if k[:2] == (1, "石板村党支部") and "整顿" in t.title)
    # Tied to the branch's rectification (in progress): nothing typed on it.
    assert weak.status() == TaskStatus.IN_PROGRESS and weak.is_due_soon()
    assert weak.tie == Tie.RECTIFICATION and weak.updates.count() == 0
    finance = {k[1]: t for k, t in by.items() if k[0] == 4 and k[1]}
    assert set(finance) == {"石板村党支部", "柏林村党支部"}
    # The villages' tasks follow their finance records: neither is finished (issue 13).
    assert finance["石板村党支部"].status() == TaskStatus.OVERDUE
    assert finance["柏林村党支部"].status() == TaskStatus.OVERDUE
    letters_tasks = [t for t in tasks if t.measure.number == 2]
    assert len(letters_tasks) == 12  # every branch signs the three letters
    assert sorted(t.branch.name for t in letters_tasks if t.status() == TaskStatus.OVERDUE) == [
        "柏林村党支部",
        "石板村党支部",
    ]
    long_term = [t for t in tasks if t.measure.number == 3 and t.status() != TaskStatus.DONE]
    assert long_term and all(t.due_date() == D(2016, 12, 31) for t in long_term)
    progress = plan_progress(plan, Task.objects.all())
    assert 0 < progress.progress < 100 and progress.overdue >= 3


def test_the_demo_letters_most_signed_a_few_not(plan):
    letters = ResponsibilityLetter.objects.filter(year=2016)
    assert letters.count() == 36
    unsigned = sorted(letters.filter(signed_on__isnull=True).values_list("branch__name", "kind"))
    assert unsigned == [
        ("柏林村党支部", "social"),
        ("石板村党支部", "integrity"),
        ("石板村党支部", "social"),
    ]


def test_loading_the_demo_twice_changes_nothing(plan):
    def snapshot():
        return (
            sorted(Task.objects.values_list("pk", "title", "percent", "is_done", "version")),
            Plan.history.count(),
            Measure.history.count(),
            Task.history.count(),
            TaskUpdate.history.count(),
            ResponsibilityLetter.history.count(),
        )

    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_the_demo_secretary_of_the_weak_branch_sees_their_tasks_at_home(plan, client):
    from township.models import User

    client.force_login(User.objects.get(username="shuji08"))
    page = client.get("/").content.decode()
    assert "本支部待办任务" in page and "已逾期" in page
    assert page.index("签订党建工作") < page.index("软弱涣散党组织整顿")  # overdue before due soon
