"""Tasks tied to the records that measure them (issue 13, item 1): their progress and status
are computed from the records and change when the records change; nobody types them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Nomination
from branches.models import CommitteePosition, Meeting, Rectification
from finance.models import ChecklistItem, Handover
from members.models import ReserveCadre
from plans.models import Measure, ResponsibilityLetter, Task, TaskStatus, TaskUpdate, Tie
from plans.selectors import plan_progress
from plans.services import TaskError, post_task_update
from plans.ties import apply_ties
from tests.awards.factories import categories, nomination, open_round
from tests.factories import MemberFactory
from tests.finance.factories import make_finance
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

D = datetime.date
JUNE_30 = D(2016, 6, 30)


@pytest.fixture
def today_2016(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def tied(world, tie, *, branch=None, deadline=JUNE_30, **values):
    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan, deadline=deadline)
    return TaskFactory(measure=measure, branch=branch or world.branch_a, tie=tie, **values)


def computed(task):
    task = Task.objects.select_related("measure__plan", "branch").get(pk=task.pk)
    apply_ties([task])
    return task


# --- finance rectification (四) ---------------------------------------------------------


def test_a_finance_task_follows_the_village_checklist(world, today_2016):
    finance = make_finance(world.branch_a)
    task = tied(world, Tie.FINANCE)
    assert computed(task).progress == 0
    items = list(finance.items.order_by("pk"))
    items[0].status, items[0].status_on, items[0].evidence = "done", D(2016, 7, 1), "记录"
    items[0].save()
    assert computed(task).progress == 17  # 1 of 6, as the finance page says (16.7%)
    ChecklistItem.objects.filter(finance=finance).update(
        status="done", status_on=D(2016, 7, 1), evidence="记录"
    )
    # Every item done, but no handover signed by all three yet: not done.
    task = computed(task)
    assert task.progress == 100 and not task.tie_result.done


def test_a_ticked_checklist_item_moves_the_measure(world, today_2016):
    make_finance(world.branch_a)
    task = tied(world, Tie.FINANCE)
    before = plan_progress(task.measure.plan, Task.objects.all()).measures[0].progress
    ChecklistItem.objects.filter(finance__branch=world.branch_a, kind="group").update(
        status="done", status_on=D(2016, 7, 1), evidence="记录"
    )
    after = plan_progress(task.measure.plan, Task.objects.all()).measures[0].progress
    assert (before, after) == (0, 17)


def test_a_finance_task_is_done_with_checklist_handover_and_disclosures(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 6, 20)
    finance = make_finance(world.branch_a, started_on=D(2016, 6, 1))
    ChecklistItem.objects.filter(finance=finance).update(
        status="done", status_on=D(2016, 6, 10), evidence="记录"
    )
    task = tied(world, Tie.FINANCE)
    Handover.objects.create(
        finance=finance,
        handed_on=D(2016, 6, 5),
        from_person="老会计",
        to_person="新会计",
        supervisor="监交人",
        from_signed_on=D(2016, 6, 5),
        to_signed_on=D(2016, 6, 5),
        supervisor_signed_on=None,
    )
    assert computed(task).status() != TaskStatus.DONE  # a signature is missing
    Handover.objects.update(supervisor_signed_on=D(2016, 6, 6))
    task = computed(task)
    assert task.status() == TaskStatus.DONE
    assert task.tie_result.done_on == D(2016, 6, 10)


def test_a_finance_task_without_a_rectification_shows_nothing_done(world, today_2016):
    task = computed(tied(world, Tie.FINANCE))
    assert task.progress == 0 and task.status() == TaskStatus.OVERDUE
    assert task.tie_result.url == reverse("finance:list")


# --- responsibility letters (二) --------------------------------------------------------


def _letters(branch, signed: int, assessed: int = 0):
    for i, kind in enumerate(ResponsibilityLetter.Kind.values):
        ResponsibilityLetter.objects.update_or_create(
            branch=branch,
            year=2016,
            kind=kind,
            defaults={
                "signed_on": D(2016, 3, 10 + i) if i < signed else None,
                "result": "good" if i < assessed else "",
            },
        )


def test_a_letters_task_is_done_when_the_three_are_signed(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 6, 1)
    task = tied(world, Tie.LETTERS)
    _letters(world.branch_a, signed=2)
    assert computed(task).progress == 67
    assert computed(task).status() == TaskStatus.IN_PROGRESS
    _letters(world.branch_a, signed=3)
    task = computed(task)
    assert task.status() == TaskStatus.DONE and task.tie_result.done_on == D(2016, 3, 12)


def test_after_the_year_a_letters_task_needs_the_assessment_too(world, settings):
    settings.TOWNSHIP_TODAY = D(2017, 1, 10)
    task = tied(world, Tie.LETTERS)
    _letters(world.branch_a, signed=3, assessed=1)
    task = computed(task)
    assert task.status() == TaskStatus.OVERDUE and task.progress == 67  # (3 + 1) of 6
    _letters(world.branch_a, signed=3, assessed=3)
    assert computed(task).status() == TaskStatus.DONE


# --- organisational life (一) -----------------------------------------------------------


def test_an_org_life_task_follows_the_branch_compliance(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    task = tied(world, Tie.ORG_LIFE, deadline=D(2016, 12, 31))
    before = computed(task)
    assert before.progress == 0 and before.tie_result.summary
    for month in range(1, 13):
        Meeting.objects.create(
            branch=world.branch_a,
            kind=Meeting.Kind.COMMITTEE,
            date=D(2016, month, 5),
            topic="支委会",
            status=Meeting.Status.RECORDED,
        )
    after = computed(task)
    assert after.progress > before.progress
    assert after.status() != TaskStatus.DONE  # other kinds still missing
    assert after.tie_result.url.startswith(reverse("branches:meetings", args=[world.branch_a.pk]))


# --- commendations (五) -----------------------------------------------------------------


def test_a_commendation_task_follows_the_round_stage_for_its_branch(world, settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    plan = PlanFactory(township=world.township, year=2017)
    measure = MeasureFactory(plan=plan, deadline=D(2017, 7, 1))
    task = TaskFactory(measure=measure, branch=world.branch_a, tie=Tie.COMMENDATION)
    assert computed(task).progress == 0  # no round yet
    round_ = open_round(world.township)
    c = categories(world.township)
    n = nomination(round_, next(iter(c.values())), member=world.member_a)
    assert computed(task).progress == 25
    Nomination.objects.filter(pk=n.pk).update(stage=Nomination.Stage.ASSESSED)
    assert computed(task).progress == 50
    Nomination.objects.filter(pk=n.pk).update(stage=Nomination.Stage.COMMENDED)
    round_.decided_on = D(2016, 12, 19)
    round_.save()
    task = computed(task)
    assert task.status() == TaskStatus.DONE and task.tie_result.done_on == D(2016, 12, 19)


# --- weak branch rectification ----------------------------------------------------------


def test_a_rectification_task_follows_the_rectification_record(world, today_2016):
    task = tied(world, Tie.RECTIFICATION, deadline=D(2016, 12, 31))
    assert computed(task).progress == 0
    r = Rectification.objects.create(
        branch=world.branch_a,
        year=2016,
        problems="班子不全",
        fill_vacancies=True,
        send_cadre=True,
        responsible="副书记",
        deadline=D(2016, 12, 31),
        status=Rectification.Status.IN_PROGRESS,
    )
    task = computed(task)
    assert task.progress == 60 and task.status() == TaskStatus.IN_PROGRESS
    assert "充实" in task.tie_result.summary or "fill" in task.tie_result.summary
    r.status, r.closed_on, r.result = Rectification.Status.DONE, D(2016, 12, 1), "已整顿"
    r.save()
    task = computed(task)
    assert task.status() == TaskStatus.DONE and task.tie_result.done_on == D(2016, 12, 1)


# --- cadre team (三, long term) ---------------------------------------------------------


def test_a_cadre_task_counts_against_the_targets_staff_set(world, today_2016):
    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan, deadline_kind=Measure.DeadlineKind.LONG_TERM, deadline=None)
    task = TaskFactory(
        measure=measure,
        branch=world.branch_a,
        tie=Tie.CADRES,
        target_reserve=2,
        target_double_strong=1,
    )
    assert computed(task).progress == 0
    for name in ("后备甲", "后备乙"):
        ReserveCadre.objects.create(
            branch=world.branch_a,
            name=name,
            gender="m",
            birth_date=D(1990, 1, 1),
            education="college",
            since=D(2016, 3, 1),
        )
    assert computed(task).progress == 50
    CommitteePosition.objects.create(
        branch=world.branch_a,
        position="secretary",
        member=world.member_a,
        term_start=D(2014, 1, 1),
        strong_in_getting_rich=True,
        strong_in_leading=True,
    )
    task = computed(task)
    assert task.progress == 100 and task.status() == TaskStatus.DONE


# --- nobody types a tied task's progress ------------------------------------------------


def test_a_typed_percentage_cannot_be_posted_to_a_tied_task(world, as_user, today_2016):
    task = tied(world, Tie.FINANCE)
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("plans:task-update", args=[task.pk]),
        {"version": task.version, "text": "做完了", "percent": 90, "on": "2016-12-01"},
        follow=True,
    )
    assert "不能手工填写进度" in response.content.decode()
    task.refresh_from_db()
    assert task.percent == 0 and not TaskUpdate.objects.filter(task=task).exists()


def test_a_tied_task_cannot_be_marked_done_by_hand(world, as_user, today_2016):
    task = tied(world, Tie.LETTERS)
    client = as_user(world.secretary_a)
    client.post(
        reverse("plans:task-done", args=[task.pk]),
        {"version": task.version, "text": "完成"},
    )
    task.refresh_from_db()
    assert not task.is_done


def test_the_service_refuses_progress_on_a_tied_task(world, today_2016):
    task = tied(world, Tie.RECTIFICATION)
    with pytest.raises(TaskError):
        post_task_update(task=task, by=world.staff, version=task.version, text="x", percent=50)


def test_the_task_page_links_the_records_and_hides_the_progress_form(world, as_user, today_2016):
    finance = make_finance(world.branch_a)
    task = tied(world, Tie.FINANCE)
    page = as_user(world.secretary_a).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert reverse("finance:detail", args=[finance.pk]) in page
    assert reverse("plans:task-update", args=[task.pk]) not in page


def test_an_untied_task_keeps_typed_progress(world, today_2016):
    task = tied(world, Tie.NONE)
    post_task_update(task=task, by=world.staff, version=task.version, text="进展", percent=40)
    assert computed(task).progress == 40


# --- choosing the tie -------------------------------------------------------------------


def test_staff_choose_the_tie_when_creating_tasks(world, as_user, today_2016):
    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan)
    response = as_user(world.staff).post(
        reverse("plans:tasks-new", args=[measure.pk]),
        {
            "title": "财务整治",
            "responsible": "支部书记",
            "branches": [world.branch_a.pk, world.branch_b.pk],
            "tie": Tie.FINANCE,
        },
    )
    assert response.status_code == 302
    assert set(Task.objects.filter(measure=measure).values_list("tie", flat=True)) == {Tie.FINANCE}


@pytest.mark.parametrize(
    "data",
    [
        {"tie": Tie.FINANCE, "include_office": "on"},  # the office has no village records
        {"tie": Tie.CADRES, "branches": "A"},  # a cadre task needs its target counts
    ],
)
def test_a_tie_without_what_it_needs_is_refused(world, as_user, today_2016, data):
    measure = MeasureFactory(plan=PlanFactory(township=world.township, year=2016))
    data = {"title": "任务", "responsible": "书记", **data}
    if data.get("branches") == "A":
        data["branches"] = [world.branch_a.pk]
    response = as_user(world.staff).post(reverse("plans:tasks-new", args=[measure.pk]), data)
    assert response.status_code == 200
    assert not Task.objects.filter(measure=measure).exists()


def test_a_cadre_task_is_created_with_its_targets(world, as_user, today_2016):
    measure = MeasureFactory(plan=PlanFactory(township=world.township, year=2016))
    as_user(world.staff).post(
        reverse("plans:tasks-new", args=[measure.pk]),
        {
            "title": "后备干部",
            "responsible": "书记",
            "branches": [world.branch_a.pk],
            "tie": Tie.CADRES,
            "target_reserve": 3,
        },
    )
    task = Task.objects.get(measure=measure)
    assert (task.tie, task.target_reserve, task.target_double_strong) == (Tie.CADRES, 3, None)


# --- constant query counts --------------------------------------------------------------


def _one_task_of_each_tie(world, branch):
    plan = PlanFactory(township=world.township, year=2016)
    measure = Measure.objects.filter(plan=plan).first() or MeasureFactory(plan=plan)
    for tie in Tie.values:
        if tie:
            TaskFactory(
                measure=measure,
                branch=branch,
                tie=tie,
                target_reserve=1 if tie == Tie.CADRES else None,
            )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_plan_page_and_dashboard_cost_the_same_with_one_or_many_tied_tasks(
    world, as_user, today_2016
):
    make_finance(world.branch_a)
    _one_task_of_each_tie(world, world.branch_a)
    client = as_user(world.staff)
    plan_url = reverse("plans:plan", args=[2016])
    dash_url = reverse("dashboard")
    few = (_count(client, plan_url), _count(client, dash_url))
    from tests.factories import BranchFactory

    for _ in range(4):
        branch = BranchFactory(township=world.township)
        make_finance(branch)
        MemberFactory(branch=branch)
        _one_task_of_each_tie(world, branch)
    many = (_count(client, plan_url), _count(client, dash_url))
    assert few == many


def test_the_county_reads_the_finance_ties_as_the_plan_page_does(world, settings):
    """The county comparison reads the village finances once for its figures and the finance
    ties (overview/county.py): a done rectification, one in progress and a branch without
    one count as the plan page counts them."""
    from overview.county import county_comparison
    from tests.factories import BranchFactory

    settings.TOWNSHIP_TODAY = D(2016, 6, 20)
    done = make_finance(world.branch_a, started_on=D(2016, 6, 1))
    ChecklistItem.objects.filter(finance=done).update(
        status="done", status_on=D(2016, 6, 10), evidence="记录"
    )
    Handover.objects.create(
        finance=done,
        handed_on=D(2016, 6, 5),
        from_person="老会计",
        to_person="新会计",
        supervisor="监交人",
        from_signed_on=D(2016, 6, 5),
        to_signed_on=D(2016, 6, 5),
        supervisor_signed_on=D(2016, 6, 6),
    )
    make_finance(world.branch_b, started_on=D(2016, 6, 1))  # nothing ticked yet
    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan, deadline=D(2016, 12, 31))
    none = BranchFactory(township=world.township)
    for branch in (world.branch_a, world.branch_b, none):
        TaskFactory(measure=measure, branch=branch, tie=Tie.FINANCE)

    tasks = apply_ties(Task.objects.select_related("measure__plan"))
    by_branch = {t.branch_id: t.tie_result for t in tasks}
    assert by_branch[world.branch_a.pk].done and by_branch[world.branch_a.pk].percent == 100
    assert not by_branch[world.branch_b.pk].done and by_branch[world.branch_b.pk].percent == 0
    assert by_branch[none.pk].percent == 0 and not by_branch[none.pk].done
    row = next(r for r in county_comparison([world.township], 2016) if r.tasks)
    assert (
        (row.tasks, row.done)
        == (3, sum(t.status() == TaskStatus.DONE for t in tasks))
        == (
            3,
            1,
        )
    )
    assert (row.villages, row.checklist_done, row.checklist_total) == (2, 6, 12)
