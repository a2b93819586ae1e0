"""Factories for the plans app (kept here, not in the shared tests/factories.py)."""

import datetime

import factory
from django.core.files.base import ContentFile

from plans.models import (
    CalendarToken,
    Measure,
    Plan,
    ResponsibilityLetter,
    Task,
    TaskEvidence,
    TaskUpdate,
)
from tests.factories import BranchFactory, TownshipFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("township", "year")

    township = factory.SubFactory(TownshipFactory)
    year = 2016
    title = "基层党组织建设实施方案"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"措施{n}")
    deadline_kind = Measure.DeadlineKind.DATE
    deadline = datetime.date(2016, 6, 30)


class TaskFactory(factory.django.DjangoModelFactory):
    """A task of branch `branch`; its measure's plan belongs to the branch's township."""

    class Meta:
        model = Task

    branch = factory.SubFactory(BranchFactory)
    measure = factory.LazyAttribute(
        lambda o: MeasureFactory(
            plan=PlanFactory(township=o.branch.township if o.branch else TownshipFactory())
        )
    )
    title = factory.Sequence(lambda n: f"任务{n}")
    responsible = "支部书记"


class TaskUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskUpdate

    task = factory.SubFactory(TaskFactory)
    author = factory.SubFactory(UserFactory)
    on = datetime.date(2016, 5, 1)
    text = "开展了工作"
    percent = 50


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskEvidence

    update = factory.SubFactory(TaskUpdateFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="scan.pdf"))
    original_name = "会议记录.pdf"
    size = len(PDF)


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityLetter

    branch = factory.SubFactory(BranchFactory)
    year = 2016
    kind = ResponsibilityLetter.Kind.PARTY_BUILDING
    signed_on = datetime.date(2016, 3, 10)


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarToken
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
