import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch
from township.dates import add_years, today

from .validators import birth_date_of, clean_id_number, gender_of, validate_phone


class MemberQuerySet(models.QuerySet):
    def current(self):
        """Members who have not left (transfer out, death, removal)."""
        return self.filter(left_on__isnull=True)

    def full(self):
        return self.filter(full_member_on__isnull=False)

    def probationary(self):
        return self.filter(full_member_on__isnull=True)

    def in_branches(self, branches):
        return self.filter(branch__in=branches)


class Member(models.Model):
    """A Party member: the 16 items of the national member-information form, and more."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", _("postgraduate")
        BACHELOR = "bachelor", _("bachelor's degree")
        COLLEGE = "college", _("junior college")
        SECONDARY_VOCATIONAL = "secondary_vocational", _("secondary vocational school")
        HIGH_SCHOOL = "high_school", _("senior high school")
        JUNIOR_HIGH = "junior_high", _("junior high school")
        PRIMARY = "primary", _("primary school or below")

    class Category(models.TextChoices):
        FARMER = "farmer", _("farmer, herdsman or fisherman")
        WORKER = "worker", _("worker")
        PROFESSIONAL = "professional", _("professional or technical staff")
        MANAGER = "manager", _("enterprise manager")
        OFFICIAL = "official", _("Party or government staff")
        STUDENT = "student", _("student")
        RETIRED = "retired", _("retired")
        OTHER = "other", _("other occupation")
        NONE = "none", _("no occupation")

    class Standing(models.TextChoices):
        NORMAL = "normal", _("normal")
        SUSPENDED = "suspended", _("membership suspended")
        RESERVED = "reserved", _("membership reserved")

    class LeaveReason(models.TextChoices):
        TRANSFER = "transfer", _("transferred out")
        DEATH = "death", _("died")
        REMOVAL = "removal", _("removed from the Party")
        WITHDRAWAL = "withdrawal", _("left the Party")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="members", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    id_number = models.CharField(_("ID number"), max_length=18)
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(_("education"), max_length=30, choices=Education.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    joined_on = models.DateField(_("date joined the Party"))
    full_member_on = models.DateField(
        _("date became a full member"),
        null=True,
        blank=True,
        help_text=_("Empty while the member is probationary."),
    )
    job = models.CharField(_("job"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("home address"), max_length=200, blank=True)
    standing = models.CharField(
        _("membership standing"), max_length=20, choices=Standing.choices, default=Standing.NORMAL
    )
    is_lost_contact = models.BooleanField(_("lost contact"), default=False)
    lost_contact_since = models.DateField(_("lost contact since"), null=True, blank=True)
    is_mobile = models.BooleanField(_("mobile member"), default=False)
    mobile_destination = models.CharField(
        _("working away in"), max_length=100, blank=True, help_text=_("Province, city, county.")
    )
    mobile_since = models.DateField(_("away since"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.CharField(_("note on leaving"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["branch__position", "branch_id", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(left_on__isnull=True),
                name="member_unique_current_id_number",
            )
        ]
        indexes = [models.Index(fields=["branch", "left_on"], name="member_branch_current")]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    @property
    def is_probationary(self) -> bool:
        return self.full_member_on is None

    @property
    def age(self) -> int:
        from township.dates import age_on

        return age_on(self.birth_date, today())

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.id_number:
            try:
                self.id_number = clean_id_number(self.id_number)
            except ValidationError as e:
                add("id_number", e.messages[0])
            else:
                if self.birth_date and birth_date_of(self.id_number) != self.birth_date:
                    add("birth_date", _("The date of birth differs from the one in the ID number."))
                if self.gender and gender_of(self.id_number) != self.gender:
                    add("gender", _("The gender differs from the one in the ID number."))
                duplicate = Member.objects.current().filter(id_number=self.id_number)
                if self.pk:
                    duplicate = duplicate.exclude(pk=self.pk)
                if self.left_on is None and duplicate.exists():
                    add("id_number", _("A current member already has this ID number."))
        if self.birth_date and self.joined_on:
            if self.joined_on < add_years(self.birth_date, 18):
                add("joined_on", _("A member joins at 18 or older."))
        if self.joined_on and self.joined_on > today():
            add("joined_on", _("The joining date is in the future."))
        if self.full_member_on and self.joined_on and self.full_member_on <= self.joined_on:
            add("full_member_on", _("A member becomes full only after joining."))
        if self.is_lost_contact and not self.lost_contact_since:
            add("lost_contact_since", _("Give the date contact was lost."))
        if self.is_mobile and not self.mobile_destination.strip():
            add("mobile_destination", _("Give where the member works away."))
        if self.left_on and not self.leave_reason:
            add("leave_reason", _("Give the reason for leaving."))
        if self.leave_reason and not self.left_on:
            add("left_on", _("Give the date the member left."))
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            add("left_on", _("Left before joining."))
        if errors:
            raise ValidationError(errors)

    def probation_due_on(self) -> datetime.date | None:
        """Conversion falls due a year after joining (DOMAIN.md, member development)."""
        return add_years(self.joined_on, 1) if self.is_probationary else None
