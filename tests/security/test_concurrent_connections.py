"""No lost updates under real concurrency: two database connections save the same task at
once (PostgreSQL, where writers truly overlap). The first holds its row lock while the
second's guarded UPDATE waits, then finds the version moved on and is refused (409)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from plans.models import Task, TaskUpdate
from tests.plans.factories import MeasureFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_connections_saving_one_task_at_once_cannot_both_win(world, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("writers overlap only on PostgreSQL; SQLite serialises them")
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    measure = MeasureFactory(
        plan=PlanFactory(township=world.township), deadline=datetime.date(2016, 12, 31)
    )
    task = TaskFactory(branch=world.branch_a, measure=measure)

    import plans.services as services

    first_wrote = threading.Event()
    release = threading.Event()
    real_create = TaskUpdate.objects.create

    def slow_create(**kwargs):
        # The first writer pauses after its guarded UPDATE, holding the row lock.
        if kwargs.get("text") == "第一人":
            first_wrote.set()
            release.wait(timeout=10)
        return real_create(**kwargs)

    monkeypatch.setattr(services.TaskUpdate.objects, "create", slow_create)
    results = {}

    def post(who, user, text, percent):
        client = Client()
        client.force_login(user)
        try:
            results[who] = client.post(
                f"/plans/tasks/{task.pk}/update/",
                {"version": 1, "text": text, "percent": percent, "on": "2016-12-10"},
            ).status_code
        finally:
            connections.close_all()

    one = threading.Thread(target=post, args=("first", world.secretary_a, "第一人", 70))
    one.start()
    assert first_wrote.wait(timeout=10)
    two = threading.Thread(target=post, args=("second", world.staff, "第二人", 20))
    two.start()
    two.join(timeout=1)
    assert two.is_alive()  # waiting for the first writer's row lock
    release.set()
    one.join(timeout=10)
    two.join(timeout=10)
    assert results == {"first": 302, "second": 409}
    task = Task.objects.get(pk=task.pk)
    assert (task.percent, task.version) == (70, 2)
    assert list(TaskUpdate.objects.filter(task=task).values_list("text", flat=True)) == ["第一人"]
