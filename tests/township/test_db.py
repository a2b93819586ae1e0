"""ANALYZE after bulk writes (issue 20 item 2): planner statistics are fresh at once."""

import datetime

import pytest
from django.db import connection

from members.roster import import_roster
from tests.members.sheets import person, workbook
from township import db

pytestmark = pytest.mark.django_db


def test_analyze_runs_only_on_postgresql():
    ran = db.analyze_if_postgres()
    assert ran is (connection.vendor == "postgresql")


@pytest.fixture
def analyzed(monkeypatch):
    import members.roster

    calls = []
    monkeypatch.setattr(members.roster, "analyze_if_postgres", lambda *m: calls.append(m))
    monkeypatch.setattr(members.roster, "LARGE_IMPORT_ROWS", 2)
    return calls


def test_a_large_roster_import_refreshes_the_members_statistics(world, settings, analyzed):
    from members.models import Member

    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    world.branch_a.short_name = "甲村"
    world.branch_a.save()
    report = import_roster(
        data=workbook([person(1), person(2)]), township=world.township, dry_run=False
    )
    assert report.written, report.problems
    assert analyzed == [(Member, Member.history.model)]


def test_a_small_or_dry_run_import_does_not(world, settings, analyzed):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    world.branch_a.short_name = "甲村"
    world.branch_a.save()
    import_roster(data=workbook([person(1)]), township=world.township, dry_run=False)
    import_roster(data=workbook([person(2), person(3)]), township=world.township, dry_run=True)
    assert analyzed == []


def test_load_demo_refreshes_the_statistics(monkeypatch):
    from django.core.management import call_command

    from overview.management.commands import load_demo as command

    calls = []
    monkeypatch.setattr(command, "load_demo", lambda **kw: _fake_result())
    monkeypatch.setattr(command, "analyze_if_postgres", lambda *m: calls.append(m))
    call_command("load_demo")
    assert calls == [()]


def _fake_result():
    from types import SimpleNamespace

    return {
        "township": SimpleNamespace(name="x"),
        "branches": 0,
        "members": 0,
        "password": None,
        "townships": 1,
    }
