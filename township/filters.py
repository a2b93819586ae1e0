"""One way to read a list's filter from the query string, shared by the page and its export.

A list's filter is a form bound to request.GET, as pretix's filter forms are::

    form = MemberFilterForm(request.GET, user=request.user)
    members = form.filter_qs(members_visible_to(request.user))

and the export builds the same form, so both show the same rows. A query string is typed by
hand, bookmarked or cut short: a value that does not parse (a year that is not a number or
outside FIRST_YEAR..LAST_YEAR, an unknown choice) is not an error page, the field falls back
to its default and the list is shown; `warn(request)` says so on the page with the form's own
message, so a bad value never silently shows a different list.

The county user's township menu is `chosen_township`: one of the townships the user reads, a
404 for any other (DESIGN.md: outside a user's scope an object answers 404).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .dates import FIRST_YEAR, LAST_YEAR
from .models import Township
from .permissions import townships_visible_to


class YearField(forms.IntegerField):
    """A year a URL or a form may name: FIRST_YEAR..LAST_YEAR (the one range, township/dates.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("year"))
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)


class IdField(forms.IntegerField):
    """A row's key from a menu (a branch, a measure): 0 or more, and no larger than a key can
    be, so a long string of digits is dropped rather than sent to the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


class SearchField(forms.CharField):
    """The search box: stripped and cut to `length` characters (a longer text is cut, not
    refused)."""

    def __init__(self, *, length: int = 50, **kwargs):
        self.length = length
        kwargs.setdefault("initial", "")
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value)[: self.length]


class FilterForm(forms.Form):
    """A list's filter: always bound (to request.GET), every field optional, and cleaned on
    construction. `cleaned_data` holds every field: its value when given and valid, else its
    default (`default_<name>()` when the form defines it, else the field's `initial`).
    Subclasses define `filter_qs(qs)`."""

    def __init__(self, data=None, *, user, **kwargs):
        self.user = user
        super().__init__(data if data is not None else {}, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.full_clean()

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if name in self._errors or self.cleaned_data.get(name) in field.empty_values:
                self.cleaned_data[name] = self.default(name)

    def default(self, name):
        method = getattr(self, f"default_{name}", None)
        return method() if method else self.fields[name].initial

    def text(self, name) -> str:
        """A field's value as the page's menus compare it: "" for none."""
        value = self.cleaned_data[name]
        return "" if value is None else str(value)

    def error_text(self) -> str:
        """The form's errors in one line ("年份：…"), "" when every value was understood."""
        return "；".join(
            f"{self.fields[name].label or name}：{'；'.join(errors)}"
            if name in self.fields
            else "；".join(errors)
            for name, errors in self.errors.items()
        )

    def warn(self, request) -> None:
        """Tell the user which value was not understood (and so which default is shown)."""
        if text := self.error_text():
            messages.warning(request, text)

    def filter_qs(self, qs):
        raise NotImplementedError


def chosen_township(user, value, *, among=None) -> Township | None:
    """The township named by a `township` query (or POST) value, among the townships the
    user reads (or `among`). None when none is named or the value is not a number: the caller
    takes its default. A township outside them (another county's) is a 404."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    if len(value) > 18:  # beyond any key (and a 64-bit integer): no such township
        raise Http404
    townships = townships_visible_to(user) if among is None else among
    township = townships.filter(pk=int(value)).first()
    if township is None:
        raise Http404
    return township


class TownshipChoice(forms.Form):
    """A filter form's `township`: one of the townships the user reads (a reader of several,
    the county: the dashboard's and the county comparison's figures link with it)."""

    township = IdField(label=_("township"))

    def chosen(self) -> Township | None:
        """The township chosen, None for all; one the user does not read is a 404."""
        return chosen_township(self.user, self.cleaned_data["township"])

    def menu(self) -> list[Township]:
        """The townships for the page's menu, by name: none when the user reads only one
        (no menu then, and no township column)."""
        townships = list(townships_visible_to(self.user).order_by("name"))
        return townships if len(townships) > 1 else []

    def scoped(self, qs, path: str = "township"):
        """`qs` (rows the user reads) in the chosen township, `path` leading to it."""
        township = self.chosen()
        return qs if township is None else qs.filter(**{path: township})
