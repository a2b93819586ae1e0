"""The suite's guard against lists in no particular order (tests/conftest.py): Django drops
a model's Meta.ordering from a query with GROUP BY, so PostgreSQL returned the plan page's
tasks in an order that changed with its statistics."""

import pytest
from django.db.models import Count

from plans.models import Task
from plans.selectors import tasks_for_pages

pytestmark = pytest.mark.django_db


def test_a_grouped_query_relying_on_meta_ordering_fails_the_test_that_runs_it():
    with pytest.raises(AssertionError, match="Meta.ordering is ignored with GROUP BY"):
        list(Task.objects.annotate(n=Count("updates")))


def test_a_grouped_query_that_says_its_order_runs():
    assert list(Task.objects.annotate(n=Count("updates")).order_by("pk")) == []
    assert list(Task.objects.annotate(n=Count("updates")).order_by()) == []


def test_the_pages_tasks_come_in_the_plans_order():
    assert tasks_for_pages(Task.objects.all()).query.order_by == tuple(Task._meta.ordering)
