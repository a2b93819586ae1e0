import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from branches.models import Branch
from township.dates import add_months, add_years, age_on, today
from township.late import LateEntry
from township.uploads import NewFileValidator

from .validators import (
    birth_date_of,
    clean_id_number,
    gender_of,
    id_number_warning,
    validate_phone,
)

ID_NUMBER_TAKEN = _("A current member already has this ID number.")


# --- The member's rules: each returns (field, message) when broken, else None -----------

Problem = tuple[str, str] | None


def _id_number_problems(member: "Member", *, id_number_checked: bool) -> list[tuple[str, str]]:
    """A valid ID number (stored normalised), agreeing with the birth date and gender, and
    no other current member's. The rules after the first need a valid number."""
    try:
        member.id_number = clean_id_number(member.id_number)
    except ValidationError as e:
        return [("id_number", e.messages[0])]
    rules = ID_NUMBER_RULES if id_number_checked else (*ID_NUMBER_RULES, id_number_not_taken)
    return [found for rule in rules if (found := rule(member))]


def birth_date_agrees_with_id_number(member: "Member") -> Problem:
    if member.birth_date and birth_date_of(member.id_number) != member.birth_date:
        return "birth_date", _("The date of birth differs from the one in the ID number.")
    return None


def gender_agrees_with_id_number(member: "Member") -> Problem:
    if member.gender and gender_of(member.id_number) != member.gender:
        return "gender", _("The gender differs from the one in the ID number.")
    return None


def id_number_not_taken(member: "Member") -> Problem:
    """One current member per ID number (someone who left and came back is two rows)."""
    if member.left_on is not None:
        return None
    duplicate = Member.objects.current().filter(id_number=member.id_number)
    if member.pk:
        duplicate = duplicate.exclude(pk=member.pk)
    return ("id_number", ID_NUMBER_TAKEN) if duplicate.exists() else None


def joined_at_eighteen(member: "Member") -> Problem:
    if member.birth_date and member.joined_on:
        if member.joined_on < add_years(member.birth_date, 18):
            return "joined_on", _("A member joins at 18 or older.")
    return None


def joined_not_in_future(member: "Member") -> Problem:
    if member.joined_on and member.joined_on > today():
        return "joined_on", _("The joining date is in the future.")
    return None


def full_after_joining(member: "Member") -> Problem:
    if member.full_member_on and member.joined_on and member.full_member_on <= member.joined_on:
        return "full_member_on", _("A member becomes full only after joining.")
    return None


def lost_contact_dated(member: "Member") -> Problem:
    if member.is_lost_contact and not member.lost_contact_since:
        return "lost_contact_since", _("Give the date contact was lost.")
    return None


def mobile_destination_given(member: "Member") -> Problem:
    if member.is_mobile and not member.mobile_destination.strip():
        return "mobile_destination", _("Give where the member works away.")
    return None


def leaving_has_reason(member: "Member") -> Problem:
    if member.left_on and not member.leave_reason:
        return "leave_reason", _("Give the reason for leaving.")
    return None


def reason_has_leaving_date(member: "Member") -> Problem:
    if member.leave_reason and not member.left_on:
        return "left_on", _("Give the date the member left.")
    return None


def left_after_joining(member: "Member") -> Problem:
    if member.left_on and member.joined_on and member.left_on < member.joined_on:
        return "left_on", _("Left before joining.")
    return None


ID_NUMBER_RULES = (birth_date_agrees_with_id_number, gender_agrees_with_id_number)
MEMBER_RULES = (
    joined_at_eighteen,
    joined_not_in_future,
    full_after_joining,
    lost_contact_dated,
    mobile_destination_given,
    leaving_has_reason,
    reason_has_leaving_date,
    left_after_joining,
)


class MemberQuerySet(models.QuerySet):
    def current(self):
        """Members who have not left (transfer out, death, removal)."""
        return self.filter(left_on__isnull=True)

    def full(self):
        return self.filter(full_member_on__isnull=False)

    def probationary(self):
        return self.filter(full_member_on__isnull=True)

    def members_on(self, day: datetime.date):
        """Who was a member on `day`: joined by then and not yet left. Counts for a past
        year use this, so a member who left later still counts for the years they served."""
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))

    def reduced(self):
        """The 已减少 members: left the roster for any reason, kept and findable."""
        return self.filter(left_on__isnull=False)


#: A member's own particulars (the national form's items but branch and standing): what a
#: received transfer letter fills in.
PARTICULARS = (
    "name",
    "gender",
    "ethnicity",
    "id_number",
    "birth_date",
    "education",
    "category",
    "joined_on",
    "full_member_on",
    "job",
    "phone",
    "address",
)
#: What staff keep by hand on a member record, in the form's order: the member form edits
#: these and the roster import sets them (as branch_id, with the last contact too).
RECORD_FIELDS = (
    "branch",
    *PARTICULARS,
    "standing",
    "is_lost_contact",
    "lost_contact_since",
    "is_mobile",
    "mobile_destination",
    "mobile_since",
)


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
        PERSUADED = "persuaded", _("persuaded to leave the Party")
        STRUCK_OFF = "struck_off", _("struck off the rolls")
        EXPELLED = "expelled", _("expelled from the Party")
        LAPSED = "lapsed", _("regarded as having left the Party")
        PROBATION_CANCELLED = "probation_cancelled", _("probationary membership cancelled")

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
    is_village_official = models.BooleanField(_("college-graduate village official"), default=False)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.CharField(_("note on leaving"), max_length=200, blank=True)
    leave_basis = models.CharField(
        _("basis for leaving"),
        max_length=200,
        blank=True,
        help_text=_("The meeting or approval that decided it, with its date and number."),
    )
    leave_document = models.FileField(
        _("document on leaving"),
        upload_to="members/leaving/%Y/",
        blank=True,
        validators=[NewFileValidator()],
    )
    probation_extended_to = models.DateField(_("probation extended to"), null=True, blank=True)
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
    def id_number_warning(self) -> str:
        """The area-code warning of the ID number (a warning, never a refusal)."""
        return id_number_warning(self.id_number)

    @property
    def is_probationary(self) -> bool:
        return self.full_member_on is None

    @property
    def age(self) -> int:
        return age_on(self.birth_date, today())

    def clean(self, *, id_number_checked: bool = False):
        """Every rule of MEMBER_RULES (below), all broken ones reported at once. A bulk
        import passes `id_number_checked=True`: it has checked the whole sheet's ID numbers
        against the current members in one query instead of one per row."""
        problems = []
        if self.id_number:
            problems += _id_number_problems(self, id_number_checked=id_number_checked)
        problems += [found for rule in MEMBER_RULES if (found := rule(self))]
        if problems:
            errors: dict[str, list] = {}
            for field, message in problems:
                errors.setdefault(field, []).append(message)
            raise ValidationError(errors)

    def probation_due_on(self) -> datetime.date | None:
        """Conversion falls due a year after joining, or when the extension ends
        (DOMAIN.md, member development)."""
        if not self.is_probationary:
            return None
        return self.probation_extended_to or add_years(self.joined_on, 1)


#: DOMAIN.md, mobile members: six months away or without organisational life and contact.
SIX_MONTHS = 6


class Appraisal(LateEntry):
    """The yearly democratic appraisal (民主评议党员) of one full member. It happens at the
    year's end: entered more than LATE_ENTRY_DAYS after 31 December, it is 补录."""

    LATE_EVENT_FIELD = "year"

    @property
    def event_date(self):
        return datetime.date(self.year, 12, 31) if self.year else None

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        QUALIFIED = "qualified", _("qualified")
        BASICALLY = "basically", _("basically qualified")
        UNQUALIFIED = "unqualified", _("unqualified")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("member")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(
        pgettext_lazy("democratic appraisal", "result"), max_length=20, choices=Result.choices
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("democratic appraisal")
        verbose_name_plural = _("democratic appraisals")
        ordering = ["-year", "branch__position", "member__joined_on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="appraisal_once_a_year")
        ]

    def __str__(self):
        return f"{self.member} {self.year} {self.get_result_display()}"

    @staticmethod
    def excellent_allowed(excellent: int, graded: int) -> bool:
        """优秀 at most one third of those graded (DOMAIN.md)."""
        return excellent * 3 <= graded

    @staticmethod
    def gradable(member: "Member", year: int) -> bool:
        """Probationary members are not graded: full by the end of the year."""
        return member.full_member_on is not None and member.full_member_on <= datetime.date(
            year, 12, 31
        )

    def clean_fields(self, exclude=None):
        # The branch is the member's, kept as it was in the year graded.
        if self.branch_id is None and self.member_id:
            self.branch_id = self.member.branch_id
        super().clean_fields(exclude)

    def clean(self):
        if not self.member_id:
            return
        if self.branch_id != self.member.branch_id:
            raise ValidationError({"member": _("The member belongs to another branch.")})
        if self.year and not self.gradable(self.member, self.year):
            raise ValidationError({"member": _("Probationary members are not graded.")})
        if self.result == self.Result.EXCELLENT and self.year:
            others = Appraisal.objects.filter(branch_id=self.branch_id, year=self.year).exclude(
                pk=self.pk
            )
            excellent = others.filter(result=self.Result.EXCELLENT).count() + 1
            if not self.excellent_allowed(excellent, others.count() + 1):
                raise ValidationError(
                    {"result": _("At most one third of those graded may be excellent.")}
                )


class ContactLog(LateEntry):
    """One contact with a (mobile) member: when, how, what; entered late, it is 补录."""

    class How(models.TextChoices):
        PHONE = "phone", _("phone call")
        MESSAGE = "message", _("message (WeChat, SMS)")
        VISIT = "visit", _("visit")
        LETTER = "letter", _("letter")
        MEETING = "meeting", _("took part in a meeting")
        OTHER = "other", _("other")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("member")
    )
    date = models.DateField(_("date"))
    how = models.CharField(_("how"), max_length=20, choices=How.choices)
    what = models.TextField(_("what was said or done"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.member} {self.date:%Y-%m-%d}"

    def clean(self):
        if self.date and self.date > today():
            raise ValidationError({"date": _("The date is in the future.")})


class Applicant(models.Model):
    """Someone on the way into the Party: applicant → activist → development candidate →
    probationary member → full member, each step dated (DOMAIN.md, member development)."""

    class Step(models.TextChoices):
        TALK = "talk", _("talk with the applicant")
        ACTIVIST = "activist", _("made an activist")
        CANDIDATE = "candidate", _("made a development candidate")
        ADMIT = "admit", _("admitted as probationary member")
        EXTEND = "extend", _("probation extended")
        CONVERT = "convert", _("converted to full member")

    class Stage(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        ACTIVIST = "activist", _("activist")
        CANDIDATE = "candidate", _("development candidate")
        PROBATIONARY = "probationary", _("probationary member")
        FULL = "full", _("full member")
        STOPPED = "stopped", _("stopped")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="applicants", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Member.Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    id_number = models.CharField(_("ID number"), max_length=18)
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(_("education"), max_length=30, choices=Member.Education.choices)
    category = models.CharField(_("category"), max_length=20, choices=Member.Category.choices)
    job = models.CharField(_("job"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    applied_on = models.DateField(_("applied on"))
    talked_on = models.DateField(_("talked with on"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    candidate_on = models.DateField(_("development candidate since"), null=True, blank=True)
    contact_1 = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first contact person"),
    )
    contact_2 = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second contact person"),
    )
    introducer_1 = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first introducer"),
    )
    introducer_2 = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second introducer"),
    )
    admitted_on = models.DateField(
        _("admitted by the branch meeting on"),
        null=True,
        blank=True,
        help_text=_("Probation counts from this date."),
    )
    extended_to = models.DateField(_("probation extended to"), null=True, blank=True)
    converted_on = models.DateField(_("converted to full member on"), null=True, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="development",
        verbose_name=_("member record"),
    )
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development record")
        verbose_name_plural = _("development records")
        ordering = ["branch__position", "applied_on", "id"]

    def __str__(self):
        return self.name

    @property
    def stage(self) -> str:
        if self.stopped_on:
            return self.Stage.STOPPED
        if self.converted_on:
            return self.Stage.FULL
        if self.admitted_on:
            return self.Stage.PROBATIONARY
        if self.candidate_on:
            return self.Stage.CANDIDATE
        if self.activist_on:
            return self.Stage.ACTIVIST
        return self.Stage.APPLICANT

    def get_stage_display(self) -> str:
        return self.Stage(self.stage).label

    @property
    def talk_due_on(self) -> datetime.date:
        """The talk is due within one month of applying."""
        return add_months(self.applied_on, 1)

    @property
    def candidate_from(self) -> datetime.date | None:
        """At least one year as activist before becoming a development candidate."""
        return add_years(self.activist_on, 1) if self.activist_on else None

    @property
    def conversion_due_on(self) -> datetime.date | None:
        """Probation is one year from the branch meeting, or to the extension's end."""
        if not self.admitted_on:
            return None
        return self.extended_to or add_years(self.admitted_on, 1)

    @property
    def latest_extension(self) -> datetime.date | None:
        """Extended once, by up to one year."""
        return add_years(self.admitted_on, 2) if self.admitted_on else None

    def next_step(self) -> tuple[str, datetime.date | None] | None:
        """The next step and the date it falls due (None: no fixed date)."""
        if self.stopped_on or self.converted_on:
            return None
        if not self.talked_on:
            return self.Step.TALK, self.talk_due_on
        if not self.activist_on:
            return self.Step.ACTIVIST, None
        if not self.candidate_on:
            return self.Step.CANDIDATE, self.candidate_from
        if not self.admitted_on:
            return self.Step.ADMIT, None
        return self.Step.CONVERT, self.conversion_due_on

    def warnings(self) -> list[str]:
        """Time rules broken so far; people decide what to do about them."""
        day = today()
        out = []
        if not self.talked_on and not self.stopped_on and self.talk_due_on < day:
            out.append(_("No talk within one month of applying."))
        if self.talked_on and self.talked_on > self.talk_due_on:
            out.append(_("The talk came later than one month after applying."))
        due = self.conversion_due_on
        if due and not self.converted_on and not self.stopped_on and due < day:
            out.append(_("Conversion is overdue."))
        return [str(w) for w in out]

    def clean(self):
        errors = {}
        if self.birth_date and self.applied_on and self.applied_on < add_years(self.birth_date, 18):
            errors["applied_on"] = _("An applicant must be at least 18 years old.")
        if self.applied_on and self.applied_on > today():
            errors["applied_on"] = _("The date is in the future.")
        if self.id_number:
            try:
                self.id_number = clean_id_number(self.id_number)
            except ValidationError as e:
                errors["id_number"] = e.messages[0]
            else:
                if self.birth_date and birth_date_of(self.id_number) != self.birth_date:
                    errors["birth_date"] = _(
                        "The date of birth differs from the one in the ID number."
                    )
        if errors:
            raise ValidationError(errors)


class ReserveCadre(models.Model):
    """A reserve cadre (后备干部) of a branch, with the 双强 standard recorded."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="reserve_cadres", verbose_name=_("branch")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reserve_entries",
        verbose_name=_("member"),
        help_text=_("Empty for someone not (yet) a Party member."),
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Member.Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(_("education"), max_length=30, choices=Member.Education.choices)
    job = models.CharField(_("job"), max_length=100, blank=True)
    is_village_official = models.BooleanField(_("college-graduate village official"), default=False)
    strong_in_getting_rich = models.BooleanField(_("strong at getting rich"), default=False)
    strong_in_leading = models.BooleanField(
        _("strong at leading others to prosperity"), default=False
    )
    since = models.DateField(_("reserve cadre since"))
    until = models.DateField(_("no longer reserve from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reserve cadre")
        verbose_name_plural = _("reserve cadres")
        ordering = ["branch__position", "birth_date", "id"]

    def __str__(self):
        return self.name

    @property
    def age(self) -> int:
        return age_on(self.birth_date, today())

    def clean(self):
        if self.member_id and self.branch_id and self.member.branch_id != self.branch_id:
            raise ValidationError({"member": _("The member belongs to another branch.")})
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("Ends before it starts.")})


class Campaign(models.Model):
    """A year's campaign (双争 or 双学双比) with its standards; results feed commendations."""

    class Kind(models.TextChoices):
        DOUBLE_STRIVE = (
            "double_strive",
            _("Double Strive (five-good organisations, excellent members)"),
        )
        DOUBLE_LEARN = "double_learn", _("Double Learn, Double Compare")

    township = models.ForeignKey(
        "township.Township",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("township"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    standards = models.TextField(_("standards"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "kind"], name="campaign_once")
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ends before it starts.")})


class CampaignResult(models.TextChoices):
    PENDING = "pending", _("not yet assessed")
    EXCELLENT = "excellent", _("excellent")
    PASSED = "passed", _("met the standard")
    FAILED = "failed", _("did not meet the standard")


class CampaignBranch(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="branches", verbose_name=_("campaign")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("branch")
    )
    result = models.CharField(
        pgettext_lazy("campaign", "result"),
        max_length=20,
        choices=CampaignResult.choices,
        default=CampaignResult.PENDING,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participating branch")
        verbose_name_plural = _("participating branches")
        ordering = ["campaign", "branch__position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "branch"], name="campaign_branch_once")
        ]

    def __str__(self):
        return f"{self.campaign} {self.branch}"

    def clean(self):
        if (
            self.branch_id
            and self.campaign_id
            and (self.branch.township_id != self.campaign.township_id)
        ):
            raise ValidationError({"branch": _("The branch belongs to another township.")})


class CampaignMember(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="members", verbose_name=_("campaign")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("member")
    )
    result = models.CharField(
        pgettext_lazy("campaign", "result"),
        max_length=20,
        choices=CampaignResult.choices,
        default=CampaignResult.PENDING,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participating member")
        verbose_name_plural = _("participating members")
        ordering = ["campaign", "member__branch__position", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="campaign_member_once")
        ]

    def __str__(self):
        return f"{self.campaign} {self.member}"

    def clean(self):
        if (
            self.member_id
            and self.campaign_id
            and (self.member.branch.township_id != self.campaign.township_id)
        ):
            raise ValidationError({"member": _("The member belongs to another township.")})


#: The steps of 发展纪实 between 发展对象 and 预备党员 and before conversion, in the order the
#: 《发展党员工作细则》 gives them: (kind, before or after the branch meeting's admission).
DEVELOPMENT_STEP_ORDER = [
    ("review", "before"),
    ("notice", "before"),
    ("training", "before"),
    ("pre_review", "before"),
    ("form", "before"),
    ("approval", "after"),
    ("oath", "after"),
    ("conversion_notice", "after"),
]


class DevelopmentStep(models.Model):
    """One dated step of a development record (发展纪实), with its document."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("political review")
        NOTICE = "notice", _("public notice of the development candidate")
        TRAINING = "training", _("concentrated training")
        PRE_REVIEW = "pre_review", _("pre-review by the county organisation department")
        FORM = "form", _("application form for admission")
        APPROVAL = "approval", _("approval by the township Party committee")
        OATH = "oath", _("admission oath")
        CONVERSION_NOTICE = "conversion_notice", _("public notice before conversion")

    applicant = models.ForeignKey(
        Applicant, on_delete=models.CASCADE, related_name="steps", verbose_name=_("applicant")
    )
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"), help_text=_("For a training or a notice: its first day."))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    class_hours = models.PositiveSmallIntegerField(_("class hours"), null=True, blank=True)
    certificate_on = models.DateField(_("certificate dated"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    number = models.CharField(_("form number"), max_length=50, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="development/%Y/",
        blank=True,
        validators=[NewFileValidator("documents")],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["applicant", "on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["applicant", "kind"], name="development_step_once")
        ]

    def __str__(self):
        return f"{self.applicant} {self.get_kind_display()}"


class UnqualifiedFollowUp(models.Model):
    """What follows a 不合格 rating in the democratic appraisal: 限期改正 with a deadline,
    then corrected, or 劝退 / 除名 decided by the branch meeting and approved by the township
    Party committee (the rules: members/models.py clean below)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("correcting within the deadline")
        CORRECTED = "corrected", _("corrected")
        PERSUADED = "persuaded", _("persuaded to leave the Party")
        REMOVED = "removed", _("struck off the Party roll")

    #: 限期改正 lasts at most this long (months).
    MAX_CORRECTION_MONTHS = 12

    appraisal = models.OneToOneField(
        Appraisal,
        on_delete=models.PROTECT,
        related_name="follow_up",
        verbose_name=_("democratic appraisal"),
    )
    ordered_on = models.DateField(_("told to correct on"))
    deadline = models.DateField(_("correction deadline"))
    outcome = models.CharField(
        pgettext_lazy("correction", "outcome"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.PENDING,
    )
    assessed_on = models.DateField(
        _("correction assessed on"), null=True, blank=True, help_text=_("For “corrected”.")
    )
    branch_meeting_on = models.DateField(
        _("branch members' meeting decided on"), null=True, blank=True
    )
    approved_on = models.DateField(_("township Party committee approved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    #: The branch meeting's decision or the township's approval (劝退 / 除名).
    document = models.FileField(
        _("document"),
        upload_to="follow_ups/%Y/",
        blank=True,
        validators=[NewFileValidator("documents")],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up of an unqualified rating")
        verbose_name_plural = _("follow-ups of unqualified ratings")
        ordering = ["-ordered_on"]

    def __str__(self):
        return f"{self.appraisal} {self.get_outcome_display()}"

    @property
    def is_overdue(self) -> bool:
        return self.outcome == self.Outcome.PENDING and self.deadline < today()

    def clean(self):
        errors = {}
        appraisal = self.appraisal if self.appraisal_id else None
        if appraisal and appraisal.result != Appraisal.Result.UNQUALIFIED:
            errors["appraisal"] = _("Only a member rated unqualified is followed up.")
        if self.ordered_on and appraisal and self.ordered_on.year < appraisal.year:
            errors["ordered_on"] = _("The follow-up comes after the appraisal.")
        if self.ordered_on and self.ordered_on > today():
            errors["ordered_on"] = _("The date is in the future.")
        if self.ordered_on and self.deadline:
            if self.deadline <= self.ordered_on:
                errors["deadline"] = _("The deadline comes after the member is told to correct.")
            elif self.deadline > add_months(self.ordered_on, self.MAX_CORRECTION_MONTHS):
                errors["deadline"] = _("The correction period lasts at most one year.")
        if self.outcome == self.Outcome.CORRECTED:
            if not self.assessed_on:
                errors["assessed_on"] = _("Give the date the correction was assessed.")
            elif self.ordered_on and self.assessed_on < self.ordered_on:
                errors["assessed_on"] = _("The correction is assessed after the member was told.")
        if self.outcome in (self.Outcome.PERSUADED, self.Outcome.REMOVED):
            if not self.branch_meeting_on:
                errors["branch_meeting_on"] = _(
                    "Persuading to leave or removal is decided by the branch members' meeting: give "
                    "its date."
                )
            elif self.ordered_on and self.branch_meeting_on < self.ordered_on:
                errors["branch_meeting_on"] = _(
                    "The branch meeting decides after the member was told to correct."
                )
            if not self.approved_on:
                errors["approved_on"] = _(
                    "Persuading to leave or removal needs the township Party committee's approval: "
                    "give its date."
                )
            elif self.branch_meeting_on and self.approved_on < self.branch_meeting_on:
                errors["approved_on"] = _("The approval comes after the branch meeting.")
        elif self.approved_on or (self.branch_meeting_on and self.outcome != self.Outcome.PENDING):
            errors["approved_on"] = _(
                "Only persuading to leave or removal is approved by the township committee."
            )
        if errors:
            raise ValidationError(errors)


class ConversionNotice(models.Model):
    """The 公示 before conversion of a probationary member who has no development record in
    the system (a roster import): its first and last day and the branch meeting it came
    before, kept with history. A member developed here records it as a DevelopmentStep of
    their development record instead; both are checked by members.development's one rule
    (check_conversion_notice)."""

    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        related_name="conversion_notice",
        verbose_name=_("member"),
    )
    on = models.DateField(_("first day of the notice before conversion"))
    ends_on = models.DateField(_("last day of the notice before conversion"))
    meeting_on = models.DateField(_("date of the branch meeting"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public notice before conversion")
        verbose_name_plural = _("public notices before conversion")

    def __str__(self):
        return f"{self.member} {self.on}–{self.ends_on}"
