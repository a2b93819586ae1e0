import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from township.dates import add_years, is_year, today, year_range_message
from township.late import LateEntry
from township.models import Township
from township.uploads import NewFileValidator

# DOMAIN.md, "Branch set-up": the numbers the rule checks quote.
MIN_FULL_MEMBERS = 3
MAX_MEMBERS = 50
COMMITTEE_FROM_FULL_MEMBERS = 7
MAX_JOINT_UNITS = 5
# 《支部工作条例》: a committee of 3 to 5, at most 7 (for a large branch).
COMMITTEE_USUAL_MAX = 5
COMMITTEE_MAX = 7
#: A branch with at least this many members counts as large (its committee may have 7).
LARGE_BRANCH_MEMBERS = 30


# 《中国共产党基层组织选举工作条例》: the three numbers of a valid election, in one place.
def election_quorate(*, entitled: int, present: int) -> bool:
    """Valid only when more than four fifths of those entitled to vote attend."""
    return present * 5 > entitled * 4


def enough_candidates(*, seats: int, candidates: int) -> bool:
    """差额: candidates exceed the seats by at least 20% (5 seats, 6 candidates is enough)."""
    return (candidates - seats) * 5 >= seats


def elected_by_majority(*, votes: int, present: int) -> bool:
    """A candidate is elected with more than half of the votes of those present."""
    return votes * 2 > present


def candidates_needed(seats: int) -> int:
    """The fewest candidates for `seats` under the 差额 rule."""
    return seats + -(-seats // 5)


class BranchQuerySet(models.QuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)


class Branch(models.Model):
    """A Party branch (党支部) under the township committee."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("village branch")
        COMMUNITY = "community", _("community branch")
        ENTERPRISE = "enterprise", _("enterprise branch")
        INSTITUTION = "institution", _("institution branch")
        ORGAN = "organ", _("government organ branch")

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="branches", verbose_name=_("township")
    )
    name = models.CharField(_("branch name"), max_length=100)
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, help_text=_("e.g. the village's name")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_joint = models.BooleanField(_("joint branch"), default=False)
    joint_units = models.TextField(
        _("units covered"),
        blank=True,
        help_text=_("For a joint branch: the units it covers, one per line (at most 5)."),
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = BranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["township", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="branch_unique_name")
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def term_years(self) -> int:
        """Committee term: village and community 5 years, others 3 (DOMAIN.md)."""
        return 5 if self.kind in (self.Kind.VILLAGE, self.Kind.COMMUNITY) else 3

    def joint_unit_list(self) -> list[str]:
        return [u.strip() for u in self.joint_units.splitlines() if u.strip()]

    def clean(self):
        units = self.joint_unit_list()
        if self.is_joint and len(units) < 2:
            raise ValidationError({"joint_units": _("A joint branch covers at least 2 units.")})
        if len(units) > MAX_JOINT_UNITS:
            raise ValidationError({"joint_units": _("A joint branch covers at most 5 units.")})
        if units and not self.is_joint:
            raise ValidationError({"joint_units": _("Only a joint branch lists units.")})
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            raise ValidationError({"dissolved_on": _("Dissolved before it was founded.")})
        if self.pk and self.township_id:
            # A plan's tasks are its own township's branches' (Task.clean): a branch moved to
            # another township would leave them counting another township's records (and
            # the county's figures, kept per township, would not see those records change).
            elsewhere = self.tasks.exclude(measure__plan__township_id=self.township_id)
            if elsewhere.exists():
                raise ValidationError(
                    {
                        "township": _(
                            "Tasks of another township's plan are assigned to this branch: "
                            "give them to another branch before moving it."
                        )
                    }
                )


class CommitteePosition(models.Model):
    """A seat on a branch committee held by a member for a term."""

    class Position(models.TextChoices):
        SECRETARY = "secretary", _("secretary")
        DEPUTY = "deputy", _("deputy secretary")
        ORGANISATION = "organisation", _("organisation member")
        PUBLICITY = "publicity", _("publicity member")
        DISCIPLINE = "discipline", _("discipline member")

    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, related_name="positions", verbose_name=_("branch")
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("member"),
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), blank=True)
    left_on = models.DateField(
        _("left the post on"), null=True, blank=True, help_text=_("Empty while in office.")
    )
    election = models.ForeignKey(
        "CommitteeElection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("elected at"),
    )
    # The 双强 standard for committee members (DOMAIN.md).
    strong_in_getting_rich = models.BooleanField(_("strong at getting rich"), default=False)
    strong_in_leading = models.BooleanField(
        _("strong at leading others to prosperity"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee position")
        verbose_name_plural = _("committee positions")
        ordering = ["branch", "position", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "position"],
                condition=Q(left_on__isnull=True) & ~Q(position="deputy"),
                name="position_one_holder",
            )
        ]

    def __str__(self):
        return f"{self.branch} {self.get_position_display()} {self.member}"

    def save(self, *args, **kwargs):
        if self.term_start and not self.term_end:
            self.term_end = add_years(self.term_start, self.branch.term_years)
        super().save(*args, **kwargs)

    def clean(self):
        if self.term_start and not self.term_end and self.branch_id:
            self.term_end = add_years(self.term_start, self.branch.term_years)
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("The term must end after it starts.")})
        if self.left_on and self.term_start and self.left_on < self.term_start:
            raise ValidationError({"left_on": _("Left the post before the term started.")})
        if self.member_id and self.branch_id and self.member.branch_id != self.branch_id:
            raise ValidationError({"member": _("The member belongs to another branch.")})


class BranchGrade(models.Model):
    """The yearly grading of a branch (分类定级)."""

    class Grade(models.TextChoices):
        GOOD = "good", _("good")
        FAIRLY_GOOD = "fairly_good", _("fairly good")
        AVERAGE = "average", _("average")
        POOR = "poor", _("poor")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="grades", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    weak_and_lax = models.BooleanField(
        _("weak and lax"), default=False, help_text=_("Picked out for rectification this year.")
    )
    basis = models.TextField(_("basis"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("branch grade")
        verbose_name_plural = _("branch grades")
        ordering = ["-year", "branch__position"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="grade_one_per_year")
        ]

    def __str__(self):
        return f"{self.branch} {self.year} {self.get_grade_display()}"

    def clean(self):
        if self.year and not is_year(self.year):
            raise ValidationError({"year": year_range_message()})
        if self.assessed_on and self.year and self.assessed_on.year < self.year:
            raise ValidationError({"assessed_on": _("Assessed before the year began.")})
        if self.weak_and_lax and self.grade in (self.Grade.GOOD, self.Grade.FAIRLY_GOOD):
            raise ValidationError(
                {
                    "weak_and_lax": _(
                        "A branch graded good or fairly good cannot be weak and lax in the "
                        "same year: grade it average or poor, or clear the flag."
                    )
                }
            )


class Rectification(models.Model):
    """The rectification (整顿) of a weak-and-lax branch, with the seed's three remedies."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    problems = models.TextField(_("problems found"))
    adjust_leader = models.BooleanField(_("adjust a leader who cannot lead"), default=False)
    fill_vacancies = models.BooleanField(_("fill committee vacancies"), default=False)
    send_cadre = models.BooleanField(_("send a cadre from above"), default=False)
    measures = models.TextField(_("measures"), blank=True)
    responsible = models.CharField(_("responsible person"), max_length=50)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    result = models.TextField(_("result"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["-year", "branch__position"]

    def __str__(self):
        return f"{self.branch} {self.year}"

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.deadline < today()

    def clean(self):
        errors = {}
        if not (self.adjust_leader or self.fill_vacancies or self.send_cadre or self.measures):
            errors["measures"] = _("Choose at least one remedy or describe the measures.")
        if self.status == self.Status.DONE:
            if not self.closed_on:
                errors["closed_on"] = _("A finished rectification needs its closing date.")
            if not self.result.strip():
                errors["result"] = _("A finished rectification needs its result.")
        elif self.closed_on:
            errors["closed_on"] = _("Only a finished rectification has a closing date.")
        if self.closed_on and self.year and self.closed_on < datetime.date(self.year, 1, 1):
            errors["closed_on"] = _("Closed before the year began.")
        if errors:
            raise ValidationError(errors)


class CommitteeElection(models.Model):
    """A committee election (换届选举): who could vote, who voted, and the result."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="elections", verbose_name=_("branch")
    )
    held_on = models.DateField(_("held on"))
    eligible_voters = models.PositiveSmallIntegerField(
        _("members entitled to vote"), help_text=_("Full members of the branch on the day.")
    )
    votes_cast = models.PositiveSmallIntegerField(_("votes cast"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=3)
    result = models.TextField(pgettext_lazy("election", "result"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee election")
        verbose_name_plural = _("committee elections")
        ordering = ["-held_on", "branch__position"]

    def __str__(self):
        return f"{self.branch} {self.held_on:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        """More than four fifths of those entitled to vote attended (election_quorate)."""
        return election_quorate(entitled=self.eligible_voters, present=self.votes_cast)

    @property
    def problems(self) -> list[str]:
        """The election rules it breaks, each named. Uses the `candidate_count` annotation
        when the list annotated it (one query for the list), else counts."""
        count = getattr(self, "candidate_count", None)
        if count is None:
            count = self.candidates.count() if self.pk else 0
        problems = []
        if not self.is_valid:
            problems.append(
                _(
                    "Not more than four fifths of the members entitled to vote attended: "
                    "the election is not valid."
                )
            )
        if not enough_candidates(seats=self.seats, candidates=count):
            problems.append(
                _(
                    "Too few candidates: candidates must exceed the seats by at least 20%% "
                    "(%(seats)s seats need %(needed)s candidates, %(count)s recorded)."
                )
                % {"seats": self.seats, "needed": candidates_needed(self.seats), "count": count}
            )
        return problems

    def clean(self):
        if self.held_on and self.held_on > today():
            raise ValidationError({"held_on": _("The election date is in the future.")})
        if (
            self.votes_cast is not None
            and self.eligible_voters is not None
            and self.votes_cast > self.eligible_voters
        ):
            raise ValidationError({"votes_cast": _("More votes than members entitled to vote.")})


class ElectionCandidate(models.Model):
    """A candidate of a committee election, with the 双强 standard recorded."""

    election = models.ForeignKey(
        CommitteeElection,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("election"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name=_("member"),
    )
    votes = models.PositiveSmallIntegerField(_("votes received"), default=0)
    elected = models.BooleanField(_("elected"), default=False)
    strong_in_getting_rich = models.BooleanField(_("strong at getting rich"), default=False)
    strong_in_leading = models.BooleanField(
        _("strong at leading others to prosperity"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election candidate")
        verbose_name_plural = _("election candidates")
        ordering = ["election", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once")
        ]

    def __str__(self):
        return f"{self.election} {self.member}"

    def clean(self):
        election = self.election if self.election_id else None
        if election is None:
            return
        if self.votes > election.votes_cast:
            raise ValidationError({"votes": _("More votes than were cast.")})
        if self.elected and not elected_by_majority(votes=self.votes, present=election.votes_cast):
            raise ValidationError(
                {"elected": _("A candidate is elected only with more than half of the votes.")}
            )
        if self.member_id and self.member.branch_id != election.branch_id:
            raise ValidationError({"member": _("The member belongs to another branch.")})


class Meeting(LateEntry):
    """One meeting of organisational life (三会一课 and the rest), planned or recorded.

    `created_at` (LateEntry) is when it was entered as held: recording a planned meeting
    months after its date makes it 补录 like entering it late from scratch."""

    #: Kinds that decide by vote: below quorum such a meeting is recorded but decides nothing
    #: and does not count as held (DOMAIN.md).
    VOTING_KINDS = ("members", "appraisal")

    class Kind(models.TextChoices):
        MEMBERS = "members", _("branch members' meeting")
        COMMITTEE = "committee", _("branch committee meeting")
        GROUP = "group", _("Party group meeting")
        LECTURE = "lecture", _("Party lecture")
        THEME_DAY = "theme_day", _("theme Party day")
        ORG_LIFE = "org_life", _("organisational life meeting")
        APPRAISAL = "appraisal", _("democratic appraisal of members")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RECORDED = "recorded", _("recorded")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("branch")
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=100, blank=True)
    #: For a 党小组会: the group that met (compliance is counted per group).
    party_group = models.ForeignKey(
        "PartyGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("Party group"),
    )
    host = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host"),
    )
    recorder = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorder"),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["branch", "status", "date"], name="meeting_branch_date")]

    def __str__(self):
        return f"{self.branch} {self.date:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def is_recorded(self) -> bool:
        return self.status == self.Status.RECORDED

    @property
    def needs_quorum(self) -> bool:
        return self.kind in self.VOTING_KINDS

    @staticmethod
    def quorate(voting_total: int, voting_present: int) -> bool:
        """More than half of the voting (full) members present (DOMAIN.md)."""
        return voting_present * 2 > voting_total

    def clean(self):
        errors = {}
        if self.status == self.Status.RECORDED and self.date and self.date > today():
            errors["date"] = _("A recorded meeting cannot be dated in the future.")
        for field in ("host", "recorder"):
            person = getattr(self, field)
            if person is not None and self.branch_id and person.branch_id != self.branch_id:
                errors[field] = _("The member belongs to another branch.")
        if self.party_group_id:
            if self.kind != self.Kind.GROUP:
                errors["party_group"] = _("Only a Party group meeting names a Party group.")
            elif self.branch_id and self.party_group.branch_id != self.branch_id:
                errors["party_group"] = _("The Party group belongs to another branch.")
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """Whether one member attended one meeting; `voting` is kept as on the day: only full
    members vote, and the quorum counts them."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("member"),
    )

    class Reason(models.TextChoices):
        OFFICIAL = "official", _("on official business")
        ILLNESS = "illness", _("ill")
        WORKING_AWAY = "working_away", _("working away from home")
        NO_REASON = "no_reason", _("without good reason")

    # Attendance starts empty: nobody is present until ticked.
    present = models.BooleanField(_("present"), default=False)
    absence_reason = models.CharField(
        _("reason for absence"), max_length=100, blank=True, choices=Reason.choices
    )
    voting = models.BooleanField(_("entitled to vote"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__joined_on", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.meeting} {self.member}"

    def clean(self):
        if self.member_id and self.meeting_id and self.member.branch_id != self.meeting.branch_id:
            raise ValidationError({"member": _("The member belongs to another branch.")})


def validate_photo_size(file):
    """Kept only because migration 0003 names it; photos are checked by NewFileValidator."""
    NewFileValidator("images")(file)


class MeetingPhoto(models.Model):
    """A photo of a meeting; served only through a view that checks the branch scope."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("meeting")
    )
    image = models.ImageField(
        _("photo"), upload_to="meetings/%Y/%m/", validators=[NewFileValidator("images")]
    )
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.caption or self.image.name


class Screening(models.Model):
    """The yearly screening (排查) decision on one branch: designated weak and lax (软弱涣散)
    or not, with a note and the reasons computed when it was decided; a designated branch is
    linked to its Rectification."""

    class Decision(models.TextChoices):
        DESIGNATE = "designate", _("designate as weak and lax")
        CLEAR = "clear", _("not designated")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    decision = models.CharField(
        pgettext_lazy("screening", "decision"), max_length=10, choices=Decision.choices
    )
    note = models.TextField(_("note"))
    reasons = models.TextField(_("reasons found"), blank=True)
    decided_on = models.DateField(_("decided on"))
    rectification = models.ForeignKey(
        Rectification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("rectification"),
    )
    #: Optimistic locking: the decision form carries the version it was read at.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screening of weak and lax branches")
        verbose_name_plural = _("screenings of weak and lax branches")
        ordering = ["-year", "branch__position"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="screening_one_per_year")
        ]

    def __str__(self):
        return f"{self.branch} {self.year} {self.get_decision_display()}"

    @property
    def designated(self) -> bool:
        return self.decision == self.Decision.DESIGNATE


class PartyGroup(models.Model):
    """A Party group (党小组) inside a branch: its leader and members; its 党小组会 are counted
    per group (branches/groups.py)."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="party_groups", verbose_name=_("branch")
    )
    name = models.CharField(_("group name"), max_length=50)
    leader = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group leader"),
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Party group")
        verbose_name_plural = _("Party groups")
        ordering = ["branch__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="party_group_unique_name")
        ]

    def __str__(self):
        return f"{self.branch} {self.name}"

    def clean(self):
        if self.leader_id and self.branch_id and self.leader.branch_id != self.branch_id:
            raise ValidationError({"leader": _("The member belongs to another branch.")})
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            raise ValidationError({"dissolved_on": _("Dissolved before it was founded.")})


class PartyGroupMember(models.Model):
    """A member's place in a Party group: one group per member."""

    group = models.ForeignKey(
        PartyGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="party_group_membership",
        verbose_name=_("member"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Party group member")
        verbose_name_plural = _("Party group members")

    def __str__(self):
        return f"{self.group} {self.member}"

    def clean(self):
        if self.member_id and self.group_id and self.member.branch_id != self.group.branch_id:
            raise ValidationError({"member": _("The member belongs to another branch.")})
