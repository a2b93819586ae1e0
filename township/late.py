"""Late entries (补录): a dated record keeps when it was entered (created_at) as well as when
it happened; one entered more than settings.LATE_ENTRY_DAYS after the event is marked 补录
wherever it is shown, and compliance counts it apart from the records entered on time.
Staff may confirm a late entry after checking it (who, when, note): the mark stays, and the
entry counts as verified.

A model takes part by inheriting LateEntry and naming its event date in LATE_EVENT_FIELD.
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.db.models import DateField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .concurrency import VERSION_FIELD
from .dates import today

#: The longest confirmation note (the field's max_length).
NOTE_MAX = 200


class LateEntryError(Exception):
    """A late entry cannot be confirmed as asked; the message is for the user."""


def entered_now() -> datetime.datetime:
    """Now, on the domain's day: with TOWNSHIP_TODAY pinned (demo, tests) an entry made today
    is dated that day, so the demo's records are late or on time as their dates say."""
    now = timezone.localtime()
    if settings.TOWNSHIP_TODAY:
        return now.replace(year=today().year, month=today().month, day=today().day)
    return now


def late_days() -> int:
    return settings.LATE_ENTRY_DAYS


def is_late_entry(event: datetime.date | None, entered: datetime.datetime | None) -> bool:
    """More than LATE_ENTRY_DAYS between the event and its entry (local dates): exactly the
    limit is still on time."""
    if event is None or entered is None:
        return False
    return (timezone.localdate(entered) - event).days > late_days()


def late_q(event_field: str) -> Q:
    """The same rule as a filter (one query, on SQLite and PostgreSQL): entered on a local
    date later than the event date plus LATE_ENTRY_DAYS. Needs annotate_entered_on()."""
    limit = ExpressionWrapper(
        F(event_field) + datetime.timedelta(days=late_days()), output_field=DateField()
    )
    return Q(entered_on__gt=limit)


def annotate_entered_on(queryset):
    return queryset.annotate(entered_on=TruncDate("created_at"))


class LateEntry(models.Model):
    """When a dated record was entered, and the confirmation of a late entry."""

    #: The name of the field holding the date the event happened.
    LATE_EVENT_FIELD = "date"

    created_at = models.DateTimeField(
        _lazy("entered at"), default=entered_now, editable=False, null=True
    )
    # Not editable in forms or the back office: a confirmation goes through
    # confirm_late_entry() (who, when, note together).
    late_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_lazy("late entry confirmed by"),
    )
    late_confirmed_at = models.DateTimeField(
        _lazy("late entry confirmed at"), null=True, blank=True, editable=False
    )
    late_note = models.CharField(
        _lazy("confirmation note"), max_length=NOTE_MAX, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def event_date(self) -> datetime.date | None:
        return getattr(self, self.LATE_EVENT_FIELD)

    @property
    def is_late(self) -> bool:
        return is_late_entry(self.event_date, self.created_at)

    @property
    def late_days_after(self) -> int:
        if self.event_date is None or self.created_at is None:
            return 0
        return (timezone.localdate(self.created_at) - self.event_date).days

    @property
    def late_confirmed(self) -> bool:
        return self.late_confirmed_at is not None

    @property
    def late_version(self) -> str:
        """The version a confirm form carries (late_version())."""
        return late_version(self)


def late_version(record) -> str:
    """The version of a record as its confirm form reads it: a digest of every stored value
    of its row. Any save of the row since (an edit, a confirmation) changes it. Computed
    from the row already loaded for the page, so a list of confirm forms costs no query."""
    values = [
        (f.attname, _stored(f.value_from_object(record))) for f in record._meta.concrete_fields
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:24]


def _stored(value) -> str:
    """A value as the row holds it: a moment in UTC (a row just saved holds it in local
    time, the same row read back in UTC), a file by its name."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return str(value)


@transaction.atomic
def confirm_late_entry(*, record: LateEntry, by, note: str, seen: str | None = None) -> LateEntry:
    """Staff confirm a late entry after checking it: who, when and their note are kept; the
    补录 mark stays. Refused for an entry made on time or one already confirmed, and, with
    `seen` (the version the confirm form was read at, late_version()), for one changed since:
    what was checked is no longer what is recorded."""
    record = type(record)._base_manager.select_for_update().get(pk=record.pk)
    if not record.is_late:
        raise LateEntryError(_("This record was entered on time: nothing to confirm."))
    if record.late_confirmed:
        raise LateEntryError(_("This late entry is already confirmed."))
    if seen is not None and seen != late_version(record):
        raise LateEntryError(
            _(
                "This record was changed after you opened the page; nothing was confirmed. Check it again as it is now, then confirm."
            )
        )
    note = note.strip()
    if not note:
        raise LateEntryError(_("Say what was checked before confirming the late entry."))
    if len(note) > NOTE_MAX:
        raise LateEntryError(_("The note is too long: at most %(n)s characters.") % {"n": NOTE_MAX})
    record.late_confirmed_by = by
    record.late_confirmed_at = timezone.now()
    record.late_note = note
    record.save(update_fields=["late_confirmed_by", "late_confirmed_at", "late_note"])
    return record


def confirm_late_from_request(request, record: LateEntry) -> None:
    """The confirm buttons' common step (meetings, progress reports, disclosures, handovers,
    contacts, appraisals): the note from the POST, the outcome as a message. The caller has
    loaded the record in the user's scope and checked they may confirm it. A second or stale
    confirmation (someone confirmed or changed it since the page was shown: the form carries
    the version it was read at) is refused with a message, and nothing changes."""
    try:
        confirm_late_entry(
            record=record,
            by=request.user,
            note=request.POST.get("note", ""),
            seen=request.POST.get(VERSION_FIELD, ""),
        )
    except LateEntryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The late entry is confirmed."))


def entered_on_day(day: datetime.date, hour: int = 20) -> datetime.datetime:
    """An entry time on `day` (local time): the demo's records are entered on set days."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def fill_entered_at(model, historical, batch_size: int = 500) -> None:
    """For data migrations: existing rows were entered when their history first shows them
    (history_type "+"); rows without history stay unknown (NULL) and are never marked."""
    first = {}
    for pk, when in (
        historical.objects.filter(history_type="+")
        .order_by("history_date")
        .values_list("id", "history_date")
    ):
        first.setdefault(pk, when)
    rows = list(model.objects.only("pk"))
    for row in rows:
        row.created_at = first.get(row.pk)
    model.objects.bulk_update(rows, ["created_at"], batch_size=batch_size)
