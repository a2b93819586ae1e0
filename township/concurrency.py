"""No lost updates, in the back office and the front office alike: a change form remembers which version of the row it
was opened on (the newest history record's id), and saving is refused when someone else
saved the row in between. The row is locked (SELECT … FOR UPDATE) while the check and the
save run, inside the admin's transaction, so two saves cannot both pass the check.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

VERSION_FIELD = "seen_version"


def latest_version(instance) -> int | None:
    history = getattr(instance, "history", None)
    if history is None or instance.pk is None:
        return None
    return history.order_by("-history_id").values_list("history_id", flat=True).first()


def describe_changes(instance, since: int | None) -> str:
    """'name: 张三丰; phone: 138…' — what the other person changed, with today's values."""
    records = list(instance.history.order_by("-history_id")[:1])
    old = instance.history.filter(history_id=since).first() if since else None
    if not records or old is None:
        return ""
    latest = records[0]
    delta = latest.diff_against(old)
    parts = []
    for change in delta.changes:
        field = instance._meta.get_field(change.field)
        parts.append(f"{field.verbose_name}：{change.new if change.new not in (None, '') else '—'}")
    who = latest.history_user or _("someone")
    return _("Changed by %(who)s at %(when)s. Now: %(changes)s") % {
        "who": who,
        "when": latest.history_date.strftime("%Y-%m-%d %H:%M"),
        "changes": "；".join(parts) or "—",
    }


class VersionGuardForm(forms.ModelForm):
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput, label="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._current_version = latest_version(self.instance)
        if not self.is_bound:
            self.fields[VERSION_FIELD].initial = self._current_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            cleaned.pop(VERSION_FIELD, None)  # a new row has no version to compare
            return cleaned
        if self._current_version is None:
            return cleaned
        # Hold the row until the admin's transaction ends, so the check stays true.
        # No joins: PostgreSQL cannot lock the nullable side of an outer join, which a
        # default manager's select_related or a Meta.ordering on a relation would add.
        list(
            type(self.instance)
            ._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .order_by()
            .values_list("pk", flat=True)
        )
        current = latest_version(self.instance)
        seen = cleaned.get(VERSION_FIELD)
        if seen != current:
            # Show what changed and let a second save, made knowingly, go through.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = current
            raise ValidationError(
                _(
                    "Someone else saved this record after you opened it; nothing was saved. %(changes)s Check the values and save again."
                )
                % {"changes": describe_changes(self.instance, seen)},
                code="conflict",
            )
        return cleaned


# --- The same mechanism for the front office ---------------------------------------------


def save_if_current(form) -> bool:
    """Validate and save a VersionGuardForm of a front-office page in one transaction, so the
    row lock the version check takes holds until the save is written. False when the form
    is invalid or stale: it then carries the error, the user's input and the version now
    current (a second save, made knowingly, goes through)."""
    with transaction.atomic():
        if not form.is_valid():
            return False
        form.save()
        return True


class StaleGrid(Exception):
    """A grid (several rows saved by one form) was changed by someone else since it was read."""


def grid_version(history) -> int:
    """The version of a grid: the newest history record of its rows (0: never saved). Any
    row added, changed or deleted since moves it on."""
    return history.aggregate(newest=Max("history_id"))["newest"] or 0


def check_grid_version(*, seen, history, lock) -> None:
    """Inside a transaction: lock `lock` (a queryset of the row owning the grid, e.g. the
    branch) and raise StaleGrid unless the grid is still at the version `seen` (the value of
    the form's VERSION_FIELD, as posted)."""
    list(lock.select_for_update().order_by().values_list("pk", flat=True))
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        seen = None
    if seen != grid_version(history):
        raise StaleGrid(
            _(
                "Someone else saved this table after you opened it; nothing was saved. It now shows their values with your entries kept; check them and save again."
            )
        )


# --- Plain forms (no ModelForm) that change one record or a few rows -------------------------


class VersionedForm(forms.Form):
    """A plain form carrying the version of the rows it changes (see save_form_if_current)."""

    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput, label="")

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields[VERSION_FIELD].initial = version


def rows_version(*histories) -> int:
    """The version of the rows a form changes: the sum of each history table's newest record.
    Each table numbers its records on its own, so the sum (not the largest) moves whenever
    any of them gains a record."""
    return sum(grid_version(h) for h in histories)


def save_form_if_current(form, *, histories, lock, save) -> bool:
    """Validate a VersionedForm, lock `lock` and call save() in one transaction, unless the
    rows (`histories`, querysets of history records) moved on since the form was read. False
    when invalid or stale: the form then carries the error, the user's input and the version
    now current. Exceptions from save() roll everything back and reach the caller."""
    with transaction.atomic():
        list(lock.select_for_update().order_by().values_list("pk", flat=True))
        current = rows_version(*histories)
        valid = form.is_valid()
        try:
            seen = int(form.data.get(form.add_prefix(VERSION_FIELD)))
        except (TypeError, ValueError):
            seen = None
        if seen != current:
            # Said even when the input is also invalid: what the page offered has changed
            # (e.g. a nominee no longer on the list), and the user should know why.
            form.data = form.data.copy()
            form.data[form.add_prefix(VERSION_FIELD)] = current
            form.add_error(
                None,
                _(
                    "Someone else saved this record after you opened it; nothing was saved. The page now shows the current state with your entries kept; check them and save again."
                ),
            )
            return False
        if not valid:
            return False
        save()
        return True
