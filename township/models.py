from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .dates import is_year, year_range_message


class User(AbstractUser):
    """A person who logs in. What they may do comes from their Role rows, not from here."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    # An account is 启用 or not; the plain "active" reads 在册 (a branch or member on the roll).
    is_active = models.BooleanField(
        pgettext_lazy("account", "active"),
        default=True,
        help_text=_(
            "Designates whether this user should be treated as active. "
            "Unselect this instead of deleting accounts."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username


class Township(models.Model):
    """A township (乡/镇) and its Party committee (乡党委)."""

    name = models.CharField(_("township name"), max_length=50)
    county = models.CharField(_("county"), max_length=50)
    committee_name = models.CharField(
        _("committee name"), max_length=100, help_text=_("e.g. CPC Qingshan Township Committee")
    )
    distance_to_county_km = models.DecimalField(
        _("distance to county seat (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    secretary_name = models.CharField(_("committee secretary"), max_length=50, blank=True)
    address = models.CharField(_("committee address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_unique_name")
        ]

    def __str__(self):
        return self.name


class Role(models.Model):
    """What a user may do, and where: roles are data, never user names in code."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("organisation staff")
        LEADER = "leader", _("leadership")
        SECRETARY = "secretary", _("branch secretary")
        COUNTY = "county", _("county organisation department")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    township = models.ForeignKey(
        Township,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("township"),
        help_text=_("Empty only for the county organisation department."),
    )
    county = models.CharField(
        _("county"),
        max_length=50,
        blank=True,
        help_text=_("Only for the county organisation department: reads every township of it."),
    )
    branch = models.ForeignKey(
        "branches.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("branch"),
        help_text=_("Only for branch secretaries."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "township", "branch"], name="role_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "township"],
                condition=Q(branch__isnull=True),
                name="role_unique_township_level",
            ),
            models.CheckConstraint(
                condition=(Q(kind="secretary") & Q(branch__isnull=False))
                | (~Q(kind="secretary") & Q(branch__isnull=True)),
                name="role_branch_only_for_secretary",
            ),
            models.CheckConstraint(
                condition=(Q(kind="county") & Q(township__isnull=True) & ~Q(county=""))
                | (~Q(kind="county") & Q(township__isnull=False) & Q(county="")),
                name="role_county_or_township",
            ),
            models.UniqueConstraint(
                fields=["user", "county"],
                condition=Q(kind="county"),
                name="role_unique_county",
            ),
        ]

    def __str__(self):
        where = self.branch or self.township or self.county
        return f"{self.user} · {self.get_kind_display()} · {where}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.COUNTY:
            errors = {}
            if not self.county.strip():
                errors["county"] = _("Name the county.")
            if self.township_id:
                errors["township"] = _("The county department is not tied to one township.")
            if errors:
                raise ValidationError(errors)
            return
        if not self.township_id:
            raise ValidationError({"township": _("Choose the township.")})
        if self.county:
            raise ValidationError(
                {"county": _("Only the county organisation department names a county.")}
            )
        if self.kind == self.Kind.SECRETARY and not self.branch_id:
            raise ValidationError({"branch": _("A branch secretary needs a branch.")})
        if self.kind != self.Kind.SECRETARY and self.branch_id:
            raise ValidationError({"branch": _("Only branch secretaries have a branch.")})
        if self.branch_id and self.branch.township_id != self.township_id:
            raise ValidationError({"branch": _("The branch belongs to another township.")})


class DataVersion(models.Model):
    """One row whose counter every committed write to the project's tables increases
    (township/dataversion.py): the key of caches that must never show older figures.
    Not a domain record, so it keeps no history: it is rewritten after every write."""

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")

    def __str__(self) -> str:
        return str(self.counter)


class TownshipStamp(models.Model):
    """A township's data version, folded (township/stamps.py): with the township's unfolded
    TownshipWrite rows it counts the committed writes that reached the township's records,
    for caches of one township's figures (the county comparison's rows). Not a domain
    record: no history, and no foreign key (a deleted township's stamp is harmless)."""

    township_id = models.IntegerField(primary_key=True)
    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("township data version")

    def __str__(self) -> str:
        return f"{self.township_id}: {self.counter}"


class TownshipWrite(models.Model):
    """A write statement that reached a township's records, inserted by the database's own
    triggers (township/stamps.py) inside the writing transaction, so it exists exactly when
    the write is committed; folded into TownshipStamp after the commit. Inserts only: two
    writers never wait on each other's row."""

    township_id = models.IntegerField(db_index=True)

    class Meta:
        verbose_name = _("township write")

    def __str__(self) -> str:
        return str(self.township_id)


# --- The holiday calendar (township/workdays.py) -----------------------------------------


class HolidayYear(models.Model):
    """A year's official holiday arrangement (国务院办公厅 notice), entered by staff for a year
    the holiday library does not know; until it is entered, working days of that year are not
    counted (township/workdays.py). National data, the same for every township; the tables
    keep the names they had when the calendar lived in awards."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The notice it comes from.")
    )
    history = HistoricalRecords(table_name="awards_historicalholidayyear")

    class Meta:
        db_table = "awards_holidayyear"
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.year and not is_year(self.year):
            raise ValidationError({"year": year_range_message()})


class HolidayDay(models.Model):
    """A public holiday, or a weekend day made a working day (调休), of an entered year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        MAKE_UP = "make_up", _("make-up working day")

    calendar = models.ForeignKey(
        HolidayYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("year")
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        pgettext_lazy("holiday", "name"), max_length=30, blank=True, help_text=_("e.g. 国庆节")
    )
    history = HistoricalRecords(table_name="awards_historicalholidayday")

    class Meta:
        db_table = "awards_holidayday"
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        if self.date and self.calendar_id and self.date.year != self.calendar.year:
            raise ValidationError({"date": _("The date is not in this year.")})
        if self.date and self.kind == self.Kind.MAKE_UP and self.date.weekday() < 5:
            raise ValidationError({"kind": _("A make-up working day is a Saturday or Sunday.")})
