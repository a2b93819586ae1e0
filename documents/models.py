"""What the staff write for a year's report: the narrative parts of the annual Party-building
report (基本情况, 主要工作和成效, 存在的问题, 下一步工作打算). The figures and tables beside
them come from the selectors, never from here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from township.models import Township


class ReportText(models.Model):
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="report_texts",
        verbose_name=_("township"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    situation = models.TextField(
        _("basic situation"),
        blank=True,
        help_text=_("Added after the figures of part one; one paragraph per line."),
    )
    achievements = models.TextField(
        _("main work and results"),
        blank=True,
        help_text=_("Added after the figures of part two; one paragraph per line."),
    )
    problems = models.TextField(_("problems"), blank=True, help_text=_("One paragraph per line."))
    next_steps = models.TextField(
        _("plans for the next stage"), blank=True, help_text=_("One paragraph per line.")
    )
    signed_on = models.DateField(
        _("date of the report"),
        null=True,
        blank=True,
        help_text=_("Printed under the signature; empty: the domain's today."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual report text")
        verbose_name_plural = _("annual report texts")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="report_text_one_per_year")
        ]

    def __str__(self):
        return f"{self.township} {self.year}"

    @staticmethod
    def paragraphs(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]
