"""Transfers of organisational relations (组织关系转接, DOMAIN.md): the three-part letter
for a member going out, the letter received for a member coming in, and the mobile
member's activity certificate (流动党员活动证)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch
from members.models import Member
from township.dates import add_months, today
from township.models import Township

#: DOMAIN.md: a letter is valid "usually up to three months".
LETTER_VALID_MONTHS = 3
#: DOMAIN.md: a mobile member away up to six months carries an activity certificate.
CERTIFICATE_VALID_MONTHS = 6


class TransferOut(models.Model):
    """A 党员组织关系介绍信 issued for a member leaving the township's organisation."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("being transferred out")
        RECEIVED = "received", _("receipt returned")
        CLOSED = "closed", _("closed without receipt")

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="+", verbose_name=_("township")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("letter number"))
    issued_on = models.DateField(_("issued on"))
    destination = models.CharField(_("to organisation"), max_length=200)
    reason = models.CharField(_("reason for the transfer"), max_length=200)
    dues_paid_to = models.DateField(
        _("dues paid up to (month)"),
        null=True,
        blank=True,
        help_text=_(
            "The first day of the last month fully paid, from the dues ledger when the letter "
            "was issued; empty: the ledger has no record."
        ),
    )
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ISSUED
    )
    receipt_on = models.DateField(_("receipt returned on"), null=True, blank=True)
    receipt_by = models.CharField(_("receipt returned by"), max_length=200, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transfer-out letter")
        verbose_name_plural = _("transfer-out letters")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "number"], name="transfer_out_number_once"
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="issued"),
                name="transfer_out_one_open_letter",
            ),
        ]

    def __str__(self):
        return f"{self.letter_number} {self.member}"

    @property
    def letter_number(self) -> str:
        return f"〔{self.year}〕{self.number}号"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_overdue(self) -> bool:
        """The receipt has not come back within the letter's validity."""
        return self.is_open and self.valid_until < today()

    def clean(self):
        if self.issued_on and self.valid_until:
            if self.valid_until < self.issued_on:
                raise ValidationError({"valid_until": _("Ends before it starts.")})
            if self.valid_until > add_months(self.issued_on, LETTER_VALID_MONTHS):
                raise ValidationError(
                    {"valid_until": _("A letter is valid for at most three months.")}
                )


class TransferIn(models.Model):
    """A letter received for a member coming into a branch of the township."""

    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="+", verbose_name=_("township")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("branch")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("member")
    )
    from_organisation = models.CharField(_("from organisation"), max_length=200)
    letter_number = models.CharField(_("letter number"), max_length=50)
    letter_date = models.DateField(_("letter dated"))
    received_on = models.DateField(_("received on"))
    dues_paid_to = models.DateField(_("dues paid up to (month)"), null=True, blank=True)
    restored = models.BooleanField(_("restored an earlier member record"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transfer-in letter")
        verbose_name_plural = _("transfer-in letters")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.from_organisation} {self.letter_number} {self.member}"


class MobileCertificate(models.Model):
    """A 流动党员活动证 issued to a member working away: number, where to, validity."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("member")
    )
    number = models.CharField(_("certificate number"), max_length=50)
    destination = models.CharField(_("working away in"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mobile member's activity certificate")
        verbose_name_plural = _("mobile members' activity certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.number} {self.member}"

    @property
    def is_valid(self) -> bool:
        return self.valid_until >= today()

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": _("Ends before it starts.")})


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
