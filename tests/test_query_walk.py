"""Every page costs a fixed number of queries whatever the data size (issue 10).

Walks every named URL of the permission table that staff may GET, once with one of
everything in the township and once with ten times more (branches, members, grades,
meetings with attendance, tasks with updates, applicants, village finances, nominations),
and compares the query counts page by page.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db

#: Pages whose work legitimately grows with what they list in full (they are not lists
#: of a page's length): none yet. Add a name here only with the reason.
GROWING = {}


def one_of_everything(world, branch, *, tag: str):
    from branches.models import Attendance, Meeting
    from members.models import Applicant
    from tests.awards.factories import categories, nomination
    from tests.factories import GradeFactory, MemberFactory, applicant_kwargs
    from tests.finance.factories import DebtFactory, make_finance
    from tests.plans.factories import MeasureFactory, TaskFactory, TaskUpdateFactory

    members = [branch.members.first() or MemberFactory(branch=branch)]
    members.append(MemberFactory(branch=branch, name=f"{tag}党员"))
    if not branch.grades.filter(year=2016).exists():
        GradeFactory(branch=branch, year=2016)
    meeting = Meeting.objects.create(
        branch=branch,
        kind="members",
        date=datetime.date(2016, 3, 8),
        topic=f"{tag}学习",
        status="recorded",
    )
    for m in members:
        Attendance.objects.create(meeting=meeting, member=m, present=True)
    plan = world.plan
    task = TaskFactory(
        measure=MeasureFactory(plan=plan) if tag == "0" else plan.measures.first(),
        branch=branch,
        title=f"{tag}任务",
    )
    TaskUpdateFactory(task=task)
    Applicant.objects.create(**applicant_kwargs(branch, name=f"{tag}申请人"))
    # Branch A's finance is left to the finance routes' own arguments.
    finance = make_finance(world.branch_b if branch == world.branch_a else branch)
    DebtFactory(branch=finance.branch)
    nomination(world.round, next(iter(categories(world.township).values())), member=members[1])
    return finance


def grow(world, extra: int):
    from tests.factories import BranchFactory

    for i in range(extra):
        one_of_everything(world, BranchFactory(township=world.township), tag=f"{i + 1}")


@pytest.fixture
def stocked_world(world, settings):
    from tests.awards.factories import open_round
    from tests.plans.factories import PlanFactory

    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    world.plan = PlanFactory(township=world.township, year=2016)
    world.round = open_round(
        world.township, year=2015
    )  # the awards routes make 2016 and 2017 rounds
    one_of_everything(world, world.branch_a, tag="0")
    return world


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


def test_every_page_costs_the_same_queries_at_two_sizes(stocked_world, client):
    """Every page is counted at the small size, the world is grown once, and every page is
    counted again. Each visit runs in a savepoint of its own: the rows its arguments create
    (a decided round, a task…) may clash with another route's, so each starts from the same
    world of its size."""
    from types import SimpleNamespace

    from django.db import transaction

    client.force_login(stocked_world.staff)
    names = [
        name
        for name, (_kwargs_of, expected) in sorted(ROUTES.items())
        if expected["staff"] == 200 and name not in GROWING
    ]

    def walk():
        counts = {}
        for name in names:
            kwargs_of = ROUTES[name][0]
            savepoint = transaction.savepoint()
            try:
                url = reverse(name, kwargs=kwargs_of(SimpleNamespace(**vars(stocked_world))))
                client.get(url)  # a first visit may create what the page needs (a feed token)
                counts[name] = count(client, url)
            finally:
                transaction.savepoint_rollback(savepoint)
        return counts

    small = walk()
    grow(SimpleNamespace(**vars(stocked_world)), 5)
    large = walk()
    differing = {name: (small[name], large[name]) for name in names if small[name] != large[name]}
    assert len(names) > 40
    assert not differing, f"(status, queries) small vs large: {differing}"
