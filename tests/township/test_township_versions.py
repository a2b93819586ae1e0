"""Per-township data versions (township/stamps.py): the database's triggers see every write
to the tables the county comparison reads, whatever made it, and move the version of each
township the written rows reach, before and after; the county comparison keeps each
township's row under it, so a write recomputes the rows of the townships it reached alone
(issue 20 item 4).

Most tests commit for real (transaction=True): a version moves when a write commits.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from branches.models import Attendance, Branch, BranchGrade, Meeting
from members.models import Member
from overview import county
from tests.factories import BranchFactory, GradeFactory, MemberFactory
from township import stamps
from township.models import HolidayYear, Township

committed = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


def versions(*townships) -> list[int]:
    found = stamps.versioned(Township.objects.filter(pk__in=[t.pk for t in townships]))
    by_pk = {t.pk: t.data_version for t in found}
    return [by_pk[t.pk] for t in townships]


def moved(world, write) -> tuple[bool, bool]:
    """Whether write() moved (青山乡's, 白云乡's) versions."""
    a, x = world.township, world.other_township
    before = versions(a, x)
    write()
    after = versions(a, x)
    return after[0] != before[0], after[1] != before[1]


@committed
@pytest.mark.parametrize(
    "how",
    ["save", "queryset update", "bulk_create", "raw SQL", "delete with its cascade"],
)
def test_every_kind_of_write_moves_the_version_of_its_township_alone(world, how):
    meeting = Meeting.objects.create(
        branch=world.branch_a, kind="committee", date=datetime.date(2016, 3, 5), topic="学习"
    )
    writes = {
        "save": lambda: GradeFactory(branch=world.branch_a, year=2016),
        "queryset update": lambda: Member.objects.filter(branch=world.branch_a).update(job="农民"),
        "bulk_create": lambda: Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, member=world.member_a, present=True, voting=True)]
        ),
        "raw SQL": lambda: connection.cursor().execute(
            f"UPDATE {Meeting._meta.db_table} SET topic = %s WHERE id = %s", ["改", meeting.pk]
        ),
        "delete with its cascade": lambda: meeting.delete(),
    }
    assert moved(world, writes[how]) == (True, False)


@committed
def test_a_member_moved_to_another_township_moves_both(world):
    def move():
        Member.objects.filter(pk=world.member_a.pk).update(branch=world.branch_x)

    assert moved(world, move) == (True, True)


@committed
def test_a_write_through_a_chain_of_keys_reaches_the_township(world):
    """An attendance reaches its township through its meeting and its branch."""
    meeting = Meeting.objects.create(
        branch=world.branch_x, kind="committee", date=datetime.date(2016, 3, 5), topic="学习"
    )
    member = MemberFactory(branch=world.branch_x)

    def attend():
        Attendance.objects.create(meeting=meeting, member=member, present=True, voting=True)

    assert moved(world, attend) == (False, True)


@committed
def test_a_rolled_back_write_moves_nothing(world):
    def rolled_back():
        with transaction.atomic():
            GradeFactory(branch=world.branch_a, year=2016)
            transaction.set_rollback(True)

    assert moved(world, rolled_back) == (False, False)


@committed
def test_the_holiday_calendar_moves_every_township(world):
    assert moved(world, lambda: HolidayYear.objects.create(year=2031)) == (True, True)


@committed
def test_a_write_elsewhere_moves_no_township(world):
    """A login, a role, a session: none of the figures' records."""

    def elsewhere():
        world.nobody.first_name = "某"
        world.nobody.save()

    assert moved(world, elsewhere) == (False, False)


@committed
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite counts in place")
def test_folding_keeps_every_version(world):
    """PostgreSQL: rows a fold did not reach (a process that died after its commit) still
    count, and folding them into the counters changes no version."""
    from township.models import TownshipWrite

    before = versions(world.township, world.other_township)
    TownshipWrite.objects.bulk_create(  # what the triggers insert (not a watched table)
        [TownshipWrite(township_id=t.pk) for t in (world.township, world.township)]
        + [TownshipWrite(township_id=world.other_township.pk)]
    )
    unfolded = versions(world.township, world.other_township)
    assert unfolded == [before[0] + 2, before[1] + 1]
    stamps.fold()
    assert versions(world.township, world.other_township) == unfolded
    assert not TownshipWrite.objects.exists()


@committed
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_a_truncated_table_moves_every_township(world):
    def truncate():
        with connection.cursor() as cursor:
            cursor.execute('TRUNCATE "awards_holidayday"')

    assert moved(world, truncate) == (True, True)


def expected_triggers() -> set[str]:
    operations = ["insert", "update", "delete"]
    if connection.vendor == "postgresql":
        operations.append("truncate")
    return {
        f"{stamps.PREFIX}{apps.get_model(label)._meta.db_table}_{operation}"
        for label in stamps.SOURCES + stamps.NATIONAL
        for operation in operations
    }


@pytest.mark.django_db
def test_every_source_reaches_a_township_and_has_its_triggers():
    for label in stamps.SOURCES + stamps.NATIONAL:
        model = apps.get_model(label)
        assert label in stamps.NATIONAL or stamps.township_chains(model), label
    assert set(stamps.installed()) == expected_triggers()


@committed
def test_without_the_triggers_nothing_is_kept_and_a_new_epoch_reads_nothing_old(world, computed):
    """While migrate runs (or after one that failed) the triggers are gone: no write would
    move a version, so nothing is kept; made again, they start a new epoch, under which
    nothing kept before is read."""
    townships = Township.objects.order_by("name")
    county.county_rows(townships, 2016)
    county.county_rows(townships, 2016)
    assert len(computed) == 1
    stamps.uninstall()
    assert stamps.installed() == [] and stamps.versioned(townships) is None
    GradeFactory(branch=world.branch_a, year=2016, grade="good")  # no trigger sees it
    assert good(county.county_rows(townships, 2016), world.township) == 1
    assert len(computed) == 2
    stamps.install()
    assert set(stamps.installed()) == expected_triggers()
    assert good(county.county_rows(townships, 2016), world.township) == 1
    assert len(computed) == 3  # a new epoch: computed afresh
    county.county_rows(townships, 2016)
    assert len(computed) == 3


@pytest.mark.django_db
def test_the_county_reads_no_table_the_triggers_do_not_watch(demo, client):
    """Every table the comparison and its year menu query is watched: a new figure reading a
    new table fails here until the table is in SOURCES. The demo has tasks tied to every
    kind of record (letters, cadres, commendation, rectification, finance, meetings)."""
    from tests.factories import UserFactory
    from township.models import Role

    user = UserFactory(username="county_reader")
    Role.objects.create(user=user, kind=Role.Kind.COUNTY, county=demo.county)
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/county/?year=2016").status_code == 200
    read = set()
    for query in ctx.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]))
    watched = {apps.get_model(label)._meta.db_table for label in stamps.SOURCES}
    others = {  # the request's own: session, user, roles, the versions themselves
        "django_session",
        "township_user",
        "township_role",
        "township_townshipstamp",
        "township_townshipwrite",
    }
    assert read - others <= watched, read - others - watched
    assert {"branches_meeting", "branches_attendance", "plans_task"} <= read


# --- the county comparison kept per township ---------------------------------------------------


@pytest.fixture
def computed(monkeypatch):
    """The townships whose rows county_comparison() computes, call by call."""
    calls = []
    real = county.county_comparison

    def spy(townships, year):
        calls.append(sorted(t.name for t in townships))
        return real(townships, year)

    monkeypatch.setattr(county, "county_comparison", spy)
    return calls


def good(rows, township) -> int:
    return next(r.grades.get("good", 0) for r in rows if r.township.pk == township.pk)


@committed
def test_a_write_recomputes_the_row_of_its_township_alone(world, computed):
    townships = Township.objects.order_by("name")
    rows = county.county_rows(townships, 2016)
    assert computed == [["白云乡", "青山乡"]]
    assert good(rows, world.township) == 0
    assert county.county_rows(townships, 2016) and computed == [["白云乡", "青山乡"]]
    # A grade entered by a plain UPDATE: no signal, seen all the same.
    GradeFactory(branch=world.branch_a, year=2016, grade="fair")
    BranchGrade.objects.filter(branch=world.branch_a).update(grade="good")
    rows = county.county_rows(townships, 2016)
    assert computed[-1] == ["青山乡"]
    assert good(rows, world.township) == 1
    assert [r.township.name for r in rows] == ["白云乡", "青山乡"]
    # Every figure as the whole comparison computes it.
    fresh = county.county_comparison(list(townships), 2016)
    assert [vars(r) for r in rows] == [vars(r) for r in fresh]


@committed
def test_a_transfer_between_townships_recomputes_both_rows(world, computed):
    townships = Township.objects.order_by("name")
    before = {r.township.pk: r.members for r in county.county_rows(townships, 2016)}
    Member.objects.filter(pk=world.member_a.pk).update(branch=world.branch_x)
    rows = {r.township.pk: r.members for r in county.county_rows(townships, 2016)}
    assert computed[-1] == ["白云乡", "青山乡"]
    assert rows[world.township.pk] == before[world.township.pk] - 1
    assert rows[world.other_township.pk] == before[world.other_township.pk] + 1


@committed
def test_a_new_township_is_computed_and_the_others_kept(world, computed):
    county.county_rows(Township.objects.order_by("name"), 2016)
    new = Township.objects.create(name="新乡", county=world.township.county)
    BranchFactory(township=new)
    rows = county.county_rows(Township.objects.order_by("name"), 2016)
    assert computed[-1] == ["新乡"]
    assert next(r for r in rows if r.township.pk == new.pk).branches == 1


@committed
def test_another_day_computes_afresh(world, computed, settings):
    """Task statuses depend on today: a row is kept for the day it was computed on."""
    townships = Township.objects.order_by("name")
    county.county_rows(townships, 2016)
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 21)
    county.county_rows(townships, 2016)
    assert computed == [["白云乡", "青山乡"]] * 2


@committed
def test_nothing_kept_inside_a_transaction_is_read_after_it_rolled_back(world, computed):
    """Inside a transaction its own (uncommitted) writes move the versions it reads: what
    it computes is not kept, or a later commit reaching the same version would show the
    rolled-back figure."""
    townships = Township.objects.order_by("name")
    with transaction.atomic():
        GradeFactory(branch=world.branch_a, year=2016, grade="good")
        assert good(county.county_rows(townships, 2016), world.township) == 1
        transaction.set_rollback(True)
    # The same number of writes, committed: the version the transaction saw, reached again.
    GradeFactory(branch=world.branch_a, year=2016, grade="fair")
    assert good(county.county_rows(townships, 2016), world.township) == 0
    assert len(computed) == 2


@committed
def test_the_county_page_renders_again_only_after_a_write(world, client, computed):
    from township.models import Role

    client.force_login(world.nobody)
    Role.objects.create(user=world.nobody, kind=Role.Kind.COUNTY, county=world.township.county)
    first = client.get("/county/?year=2016")
    assert first.status_code == 200 and len(computed) == 1
    client.force_login(world.staff)  # a login writes the user's last login: no figure
    client.force_login(world.nobody)
    assert client.get("/county/?year=2016").status_code == 200
    assert len(computed) == 1
    Branch.objects.filter(pk=world.branch_x.pk).update(dissolved_on=datetime.date(2016, 6, 1))
    response = client.get("/county/?year=2016")
    assert response.status_code == 200
    assert computed[-1] == ["白云乡"]


@committed
def test_the_table_renders_again_the_row_of_the_township_written_to_alone(
    world, client, monkeypatch
):
    from township.models import Role

    rendered = []
    real = county.render_to_string

    def spy(template, context=None, request=None):
        if template == "township/_county_row.html":
            rendered.append(context["r"].township.name)
        return real(template, context, request)

    monkeypatch.setattr(county, "render_to_string", spy)
    client.force_login(world.nobody)
    Role.objects.create(user=world.nobody, kind=Role.Kind.COUNTY, county=world.township.county)

    def good_cell(name):
        html = client.get("/county/?year=2016").content.decode()
        row = re.search(rf"<tr>\s*<td><a [^>]*>{name}</a></td>\s*<td><a [^>]*>(\d+)</a>", html)
        return int(row.group(1))

    assert good_cell("青山乡") == 0 and sorted(rendered) == ["白云乡", "青山乡"]
    GradeFactory(branch=world.branch_a, year=2016, grade="good")
    assert good_cell("青山乡") == 1  # the row rendered again, with the new grade
    assert sorted(rendered) == ["白云乡", "青山乡", "青山乡"]
    assert good_cell("白云乡") == 0 and len(rendered) == 3  # nothing written: nothing rendered


@pytest.mark.django_db
def test_a_branch_tasks_of_its_township_plan_point_to_does_not_move(world):
    """A plan's tasks belong to its township's branches: a branch moved away would leave
    them counting another township's records, unseen by the plan's township's version."""
    from django.core.exceptions import ValidationError

    from tests.plans.factories import TaskFactory

    TaskFactory(branch=world.branch_a)
    branch = Branch.objects.get(pk=world.branch_a.pk)
    branch.township = world.other_township
    with pytest.raises(ValidationError) as raised:
        branch.full_clean()
    assert "township" in raised.value.message_dict
    # Without such a task it may move.
    other = Branch.objects.get(pk=world.branch_b.pk)
    other.township = world.other_township
    other.full_clean()
