"""七一表彰: categories, a yearly round with quotas, nominations, objections, and the
discipline records that make a member ineligible (DOMAIN.md, "Commendations")."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from branches.models import Branch
from members.models import Member
from township.dates import is_year, year_range_message
from township.models import Township
from township.workdays import UnknownHolidayYear, add_working_days

DEFAULT_CATEGORIES = [
    # (name, target, full members only, needs staff confirmation); 优秀党务工作者 also
    # needs a Party-work post (PARTY_WORK_CATEGORIES).
    ("优秀共产党员", "member", True, False),
    ("优秀党务工作者", "member", True, False),
    ("致富带头人", "member", False, True),
    ("先进基层党组织", "branch", False, False),
]


#: The default categories that need a Party-work post (优秀党务工作者).
PARTY_WORK_CATEGORIES = ("优秀党务工作者",)


class Category(models.Model):
    """A commendation category; the four usual ones are data, a township may add its own."""

    class Target(models.TextChoices):
        MEMBER = "member", _("Party members")
        BRANCH = "branch", _("Party branches")

    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        related_name="award_categories",
        verbose_name=_("township"),
    )
    name = models.CharField(_("category name"), max_length=50)
    target = models.CharField(_("for"), max_length=10, choices=Target.choices)
    full_members_only = models.BooleanField(
        _("full members only"),
        default=False,
        help_text=_("Probationary members cannot be nominated (e.g. outstanding Party member)."),
    )
    party_work_only = models.BooleanField(
        _("Party-work post required"),
        default=False,
        help_text=_(
            "Only full members holding a Party-work post: branch secretary, committee member "
            "or township Party-work cadre (e.g. outstanding Party-work cadre)."
        ),
    )
    needs_confirmation = models.BooleanField(
        _("staff confirm each nominee"),
        default=False,
        help_text=_(
            "Staff confirm that the nominee's occupation and deeds fit the category "
            "(e.g. leader in getting rich) before the assessment passes."
        ),
    )
    is_active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation category")
        verbose_name_plural = _("commendation categories")
        ordering = ["township", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="award_category_unique")
        ]

    def __str__(self):
        return self.name

    @property
    def for_members(self) -> bool:
        return self.target == self.Target.MEMBER


class Round(models.Model):
    """One year's July 1 commendation (七一表彰) of a township."""

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="award_rounds", verbose_name=_("township")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    meeting_on = models.DateField(_("meeting date"), help_text=_("Usually July 1."))
    nominations_open_on = models.DateField(_("nominations open on"))
    nominations_close_on = models.DateField(_("nominations close on"))
    assessment_on = models.DateField(
        _("assessment from"),
        null=True,
        blank=True,
        help_text=_("The day the committee's assessment (考察) begins."),
    )
    notice_starts_on = models.DateField(_("public notice starts on"), null=True, blank=True)
    notice_working_days = models.PositiveSmallIntegerField(
        _("public notice working days"),
        null=True,
        blank=True,
        help_text=_("Set when the notice starts, from the setting in force."),
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    document_number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("e.g. 青委发〔2016〕15号")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation round")
        verbose_name_plural = _("commendation rounds")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="award_round_one_per_year")
        ]

    def __str__(self):
        return _("%(year)s July 1 commendations") % {"year": self.year}

    @property
    def notice_ends_on(self) -> datetime.date | None:
        """The last day of the public notice: N working days from its start. None before the
        notice, and when the holidays of its year are unknown (see notice_calendar_problem)."""
        if not self.notice_starts_on:
            return None
        days = self.notice_working_days or settings.AWARDS_NOTICE_WORKING_DAYS
        try:
            return add_working_days(self.notice_starts_on, days)
        except UnknownHolidayYear:
            return None

    @property
    def notice_calendar_problem(self) -> str:
        """Why the notice's end cannot be computed (shown on the round), or empty."""
        if not self.notice_starts_on:
            return ""
        days = self.notice_working_days or settings.AWARDS_NOTICE_WORKING_DAYS
        try:
            add_working_days(self.notice_starts_on, days)
        except UnknownHolidayYear as e:
            return str(e)
        return ""

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None

    @property
    def notice_started(self) -> bool:
        return self.notice_starts_on is not None

    def nominations_open(self, day: datetime.date) -> bool:
        return (
            not self.notice_started and self.nominations_open_on <= day <= self.nominations_close_on
        )

    def stage_label(self, day: datetime.date) -> str:
        if self.is_decided:
            return _("decided")
        if self.notice_started:
            end = self.notice_ends_on
            return _("public notice") if end is None or day <= end else _("notice ended")
        if day < self.nominations_open_on:
            return _("not yet open")
        if day <= self.nominations_close_on:
            return _("nominations open")
        return _("assessment")

    def clean(self):
        errors = {}
        if self.year and not is_year(self.year):
            errors["year"] = year_range_message()
        if (
            self.nominations_open_on
            and self.nominations_close_on
            and self.nominations_close_on < self.nominations_open_on
        ):
            errors["nominations_close_on"] = _("Nominations close before they open.")
        if (
            self.assessment_on
            and self.nominations_open_on
            and self.assessment_on < self.nominations_open_on
        ):
            errors["assessment_on"] = _("The assessment cannot begin before nominations open.")
        if (
            self.meeting_on
            and self.nominations_open_on
            and self.meeting_on < self.nominations_open_on
        ):
            errors["meeting_on"] = _("The meeting cannot be before nominations open.")
        if errors:
            raise ValidationError(errors)


class Quota(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("round")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="quotas",
        verbose_name=pgettext_lazy("award", "category"),
    )
    number = models.PositiveSmallIntegerField(_("quota"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["round", "category__position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "category"], name="award_quota_unique")
        ]

    def __str__(self):
        return f"{self.category}: {self.number}"


class Nomination(models.Model):
    """A member or a branch put forward in one category of a round (推荐 → 考察 → 公示 → 表彰)."""

    class Stage(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        ASSESSED = "assessed", _("assessed")
        NOTICE = "notice", _("on public notice")
        COMMENDED = "commended", _("commended")
        REJECTED = "rejected", _("not chosen")

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("round")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=pgettext_lazy("award", "category"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("member"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("branch nominated"),
    )
    nominating_branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="nominations_made",
        verbose_name=_("nominated by branch"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    nominated_on = models.DateField(_("nominated on"))
    deeds = models.TextField(_("main deeds"))
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.NOMINATED
    )
    confirmed = models.BooleanField(
        _("confirmed by staff"),
        default=False,
        help_text=_("For categories that need it: staff confirmed the nominee fits."),
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessment_passed = models.BooleanField(_("assessment passed"), null=True, blank=True)
    assessment_notes = models.TextField(_("assessment notes"), blank=True)
    on_notice = models.BooleanField(_("went on public notice"), default=False)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "category__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(branch__isnull=True))
                | (Q(member__isnull=True) & Q(branch__isnull=False)),
                name="award_nomination_member_or_branch",
            ),
            models.UniqueConstraint(
                fields=["round", "category", "member"],
                condition=Q(member__isnull=False),
                name="award_nomination_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["round", "category", "branch"],
                condition=Q(branch__isnull=False),
                name="award_nomination_once_per_branch",
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name} · {self.category}"

    @property
    def nominee_name(self) -> str:
        return self.member.name if self.member_id else self.branch.name


def nomination_file_path(instance, filename):
    # The stored name is not the user's: it is served only through a checked view.
    import uuid
    from pathlib import Path

    return (
        f"awards/{instance.nomination.round.year}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    )


class NominationFile(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="files", verbose_name=_("nomination")
    )
    file = models.FileField(_("file"), upload_to=nomination_file_path)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supporting file")
        verbose_name_plural = _("supporting files")
        ordering = ["nomination", "id"]

    def __str__(self):
        return self.name


class Objection(models.Model):
    """An objection received during the public notice, and how it was resolved."""

    class Outcome(models.TextChoices):
        DISMISSED = "dismissed", _("not substantiated")
        UPHELD = "upheld", _("substantiated: nomination withdrawn")

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="objections",
        verbose_name=_("nomination"),
    )
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("content"))
    resolution = models.TextField(_("resolution"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["nomination", "received_on", "id"]

    def __str__(self):
        return f"{self.nomination} · {self.received_on:%Y-%m-%d}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None


class DisciplineRecord(models.Model):
    """Party discipline (党纪处分): a member under discipline on the day cannot be nominated."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("warning")
        SERIOUS_WARNING = "serious_warning", _("serious warning")
        REMOVAL_FROM_POST = "removal_from_post", _("removal from Party posts")
        PROBATION = "probation", _("probation within the Party")
        EXPULSION = "expulsion", _("expulsion from the Party")

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="discipline_records",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind of discipline"), max_length=30, choices=Kind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the discipline lasts.")
    )
    reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["member", "-started_on"]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()}"

    def applies_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The discipline ends before it starts.")})
