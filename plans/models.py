"""The year's implementation plan (实施方案): measures with deadlines, tasks per branch,
progress updates with evidence, and the responsibility letters (目标责任书).

A task's status (待开展 / 按期推进 / 已完成 / 已逾期, township/states.py) is derived from what is stored (done or not,
percent) and township.dates.today(): overdue is never stored by hand (DOMAIN.md).
"""

import datetime
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from township.dates import cn_date, is_year, today, year_range_message
from township.late import LateEntry
from township.models import Township
from township.states import State
from township.uploads import NewFileValidator

#: A task is "due soon" when its due date is at most this many days away.
DUE_SOON_DAYS = 14


def _year_ok(year) -> bool:
    return year is not None and is_year(year)


class Plan(models.Model):
    """One township's implementation plan for one year."""

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="plans", verbose_name=_("township")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    guiding = models.TextField(_("guiding ideology"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="plan_one_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def clean(self):
        if self.year is not None and not _year_ok(self.year):
            raise ValidationError({"year": year_range_message()})


class Measure(models.Model):
    """A main measure (主要措施) with its deadline (完成时限)."""

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("by a date")
        LONG_TERM = "long_term", _("long term")
        YEARLY = "yearly", _("every year")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("With its sub-items."))
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.DATE
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_(
            "By a date: the date (June 2016 = 2016-06-30). Every year: the first occurrence "
            "(e.g. 2016-07-01). Long term: empty, checked every 31 December."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("main measure")
        verbose_name_plural = _("main measures")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measure_unique_number")
        ]

    def __str__(self):
        return f"{self.numeral} {self.title}"

    @property
    def numeral(self) -> str:
        """（一）, （二）… as the plan numbers its measures; plain digits past ten."""
        digits = "一二三四五六七八九十"
        return f"（{digits[self.number - 1]}）" if 1 <= self.number <= 10 else f"（{self.number}）"

    @property
    def is_recurring(self) -> bool:
        return self.deadline_kind != self.DeadlineKind.DATE

    def checkpoint_in(self, year: int) -> datetime.date:
        """A recurring measure's checkpoint in `year`: long term on 31 December, a yearly
        one on its day (29 February falls back to the 28th)."""
        if self.deadline_kind == self.DeadlineKind.YEARLY and self.deadline:
            try:
                return self.deadline.replace(year=year)
            except ValueError:
                return datetime.date(year, 2, 28)
        return datetime.date(year, 12, 31)

    def deadline_label(self) -> str:
        if self.deadline_kind == self.DeadlineKind.LONG_TERM:
            return str(_("long term"))
        if self.deadline_kind == self.DeadlineKind.YEARLY and self.deadline:
            return str(_("every year on %(month)s/%(day)s")) % {
                "month": self.deadline.month,
                "day": self.deadline.day,
            }
        return cn_date(self.deadline) if self.deadline else "—"

    def clean(self):
        if self.deadline_kind == self.DeadlineKind.LONG_TERM and self.deadline:
            raise ValidationError(
                {"deadline": _("A long-term measure has no deadline date: leave it empty.")}
            )
        if self.deadline_kind != self.DeadlineKind.LONG_TERM and not self.deadline:
            raise ValidationError({"deadline": _("Enter the deadline.")})


class TaskStatus(models.TextChoices):
    # The words come from township/states.py: one word per state across pages, charts and
    # PDFs. A task not started before its deadline is 待开展; past it, 已逾期.
    NOT_STARTED = "not_started", State.PENDING.label
    IN_PROGRESS = "in_progress", State.ON_TRACK.label
    DONE = "done", State.DONE.label
    OVERDUE = "overdue", State.OVERDUE.label


class Tie(models.TextChoices):
    """The records a task may be tied to: its progress and status are then computed from
    them (plans/ties.py), never typed. The task's branch and its plan's year say which
    records: the branch's meetings, letters, finance rectification, nominations,
    rectification or cadres of that year."""

    NONE = "", _("not tied: progress typed with evidence")
    ORG_LIFE = "org_life", _("organisational life: the branch's compliance for the year")
    LETTERS = "letters", _("responsibility letters: signed, then assessed at year end")
    FINANCE = "finance", _("finance rectification: checklist, handovers and disclosures")
    COMMENDATION = "commendation", _("July 1 commendations: the round's stage for the branch")
    RECTIFICATION = "rectification", _("weak branch rectification and its remedies")
    CADRES = "cadres", _("cadre team: counts against the targets set")


class TaskTiming:
    """A task's derived state, its due date and status, from what is stored and what a tie
    computed. Shared by the model and by plans.selectors.TaskRow, the plain row the county
    comparison counts a thousand tasks with (issue 20: building model instances was most
    of that page's growth with the number of townships). Needs the attributes due_on,
    is_done, done_on, percent, tie and measure (with its plan)."""

    __slots__ = ()  # adds no attribute: TaskRow keeps its slots

    # --- tied tasks: the records decide ---------------------------------------------------
    @property
    def is_tied(self) -> bool:
        return bool(self.tie)

    @property
    def tie_result(self):
        """What plans.ties.apply_ties() computed for this task (None when not tied or not
        computed on this page)."""
        return getattr(self, "_tie_result", None)

    def _done_state(self) -> tuple[bool, datetime.date | None, int]:
        result = self.tie_result
        if result is not None:
            return result.done, result.done_on, result.percent
        return self.is_done, self.done_on, self.percent

    # --- deadlines and status: derived, never stored -------------------------------------
    @property
    def is_recurring(self) -> bool:
        return self.due_on is None and self.measure.is_recurring

    def due_date(self) -> datetime.date | None:
        """The date the task is due: its own date, else the measure's deadline. A long-term
        or yearly task is due at a yearly checkpoint: the plan year's one until it is first
        done, then the next year's after the year it was last done in, so "long term" is
        never "never due"."""
        if self.due_on:
            return self.due_on
        measure = self.measure
        if not measure.is_recurring:
            return measure.deadline
        is_done, done_on, _percent = self._done_state()
        if is_done and done_on:
            return measure.checkpoint_in(max(done_on.year, measure.plan.year - 1) + 1)
        return measure.checkpoint_in(measure.plan.year)

    def status(self, on: datetime.date | None = None) -> str:
        on = on or today()
        is_done, done_on, percent = self._done_state()
        if is_done:
            # A recurring task's completion meets the checkpoint of the year it was done in.
            if not self.is_recurring or (done_on and done_on.year >= on.year):
                return TaskStatus.DONE
        due = self.due_date()
        if due and due < on:
            return TaskStatus.OVERDUE
        if percent > 0 and not is_done:
            return TaskStatus.IN_PROGRESS
        return TaskStatus.NOT_STARTED

    def status_label(self, on: datetime.date | None = None) -> str:
        return TaskStatus(self.status(on)).label

    def is_due_soon(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        due = self.due_date()
        return (
            self.status(on) not in (TaskStatus.DONE, TaskStatus.OVERDUE)
            and due is not None
            and 0 <= (due - on).days <= DUE_SOON_DAYS
        )

    @property
    def progress(self) -> int:
        """Percent used in roll-ups: a finished task counts fully; a tied task counts what
        its records say."""
        is_done, _done_on, percent = self._done_state()
        return 100 if is_done else percent


class Task(TaskTiming, models.Model):
    """A part of a measure carried out by one branch, or by the township office."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("measure")
    )
    branch = models.ForeignKey(
        "branches.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("branch"),
        help_text=_("Empty: the township office."),
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible person"), max_length=50)
    due_on = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Empty: the measure's deadline.")
    )
    is_done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    evidence_required = models.BooleanField(
        _("evidence required to mark done"),
        default=False,
        help_text=_("Marking the task done then needs a file: a photo, a scan or a document."),
    )
    tie = models.CharField(
        _("measured by"), max_length=20, choices=Tie.choices, default=Tie.NONE, blank=True
    )
    # The yearly checkpoint of a cadre-team task: how many the branch should have.
    target_reserve = models.PositiveSmallIntegerField(
        _("target: reserve cadres"), null=True, blank=True
    )
    target_village_officials = models.PositiveSmallIntegerField(
        _("target: college-graduate village officials"), null=True, blank=True
    )
    target_double_strong = models.PositiveSmallIntegerField(
        _("target: double-strong secretaries"), null=True, blank=True
    )
    #: Optimistic locking: every write bumps it; a write carrying an old number is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["measure__number", "branch__position", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.is_done and not self.done_on:
            errors["done_on"] = _("A finished task needs the date it was finished.")
        if not self.is_done and self.done_on:
            errors["done_on"] = _("Only a finished task has a finishing date.")
        if self.branch_id and self.measure_id:
            if self.branch.township_id != self.measure.plan.township_id:
                errors["branch"] = _("The branch belongs to another township.")
        if self.tie and not self.branch_id:
            errors["tie"] = _("Only a branch's task can be tied to the branch's records.")
        targets = (self.target_reserve, self.target_village_officials, self.target_double_strong)
        if self.tie == Tie.CADRES and not any(targets):
            errors["target_reserve"] = _("Set at least one target count for a cadre-team task.")
        if errors:
            raise ValidationError(errors)


def evidence_path(instance, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()
    return f"plans/evidence/{uuid.uuid4().hex}{suffix}"


def letter_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"plans/letters/{uuid.uuid4().hex}{suffix}"


class TaskUpdate(LateEntry):
    """One entry of a task's history: progress, completion or reopening. Progress reported
    long after the date it names is 补录 (LateEntry)."""

    LATE_EVENT_FIELD = "on"

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress update")
        DONE = "done", _("marked done")
        REOPENED = "reopened", _("reopened")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="updates", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="task_updates",
        verbose_name=_("author"),
    )
    on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.task} {self.on} {self.get_kind_display()}"


class TaskEvidence(models.Model):
    """A photo or scanned document attached to an update."""

    update = models.ForeignKey(
        TaskUpdate, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("update")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class ResponsibilityLetter(models.Model):
    """A target responsibility letter (目标责任书) a branch signs for a year."""

    class Kind(models.TextChoices):
        PARTY_BUILDING = "party_building", _("Party building")
        INTEGRITY = "integrity", _("integrity of rural cadres")
        SOCIAL = "social", _("social development")

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("assessed excellent")
        GOOD = "good", _("assessed good")
        PASSED = "passed", _("assessed passed")
        FAILED = "failed", _("assessed failed")

    branch = models.ForeignKey(
        "branches.Branch",
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("branch"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    scan = models.FileField(
        _("scanned letter"),
        upload_to=letter_path,
        max_length=200,
        blank=True,
        validators=[NewFileValidator("documents")],
    )
    result = models.CharField(
        _("assessment result"), max_length=20, choices=Result.choices, blank=True
    )
    notes = models.TextField(_("assessment notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year", "branch__position", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year", "kind"], name="letter_unique")
        ]

    def __str__(self):
        return f"{self.branch} {self.year} {self.get_kind_display()}"

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    def clean(self):
        errors = {}
        if self.year is not None and not _year_ok(self.year):
            errors["year"] = year_range_message()
        if self.result and not self.signed_on:
            errors["result"] = _("Only a signed letter can be assessed.")
        if self.scan and not self.signed_on:
            errors["signed_on"] = _("Enter the date the scanned letter was signed.")
        if errors:
            raise ValidationError(errors)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a user's private calendar address; resetting it kills the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(self.user)
