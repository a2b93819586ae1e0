"""Dues rate tables in the front office (the 2008 regulation's bands as data with history):
everyone with a role in the township reads them; its organisation staff add and correct
them through versioned forms (a stale save is refused), every change kept in history."""

from itertools import chain

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.permissions import branches_visible_to
from township.concurrency import rows_version, save_form_if_current
from township.dates import today
from township.decorators import role_required
from township.filters import chosen_township
from township.models import Township
from township.permissions import townships_managed_by

from .forms import RateBandFormSet, RateTableForm
from .models import Category, RateBand, RateTable
from .permissions import can_keep_township_ledger
from .services import DuesError, save_rate_table, table_in_force, update_rate_table


def _townships_read_by(user):
    """The townships whose rate tables the user reads: a secretary reads their branch's."""
    return Township.objects.filter(branches__in=branches_visible_to(user)).distinct()


def _township(request) -> Township:
    townships = _townships_read_by(request.user)
    township = (
        chosen_township(request.user, request.GET.get("township"), among=townships)
        or townships.first()
    )
    if township is None:
        raise Http404
    return township


def _bands_by_category(table: RateTable) -> list[tuple[str, list[RateBand]]]:
    bands = list(table.bands.all())
    return [
        (category.label, [b for b in bands if b.category == category.value])
        for category in Category
    ]


def _history(township: Township) -> list:
    """The latest changes to the township's tables and bands, newest first."""
    tables = RateTable.history.filter(township=township).select_related("history_user")
    bands = RateBand.history.filter(
        table_id__in=RateTable.objects.filter(township=township).values("pk")
    ).select_related("history_user")
    rows = chain(tables.order_by("-history_date")[:50], bands.order_by("-history_date")[:50])
    return sorted(rows, key=lambda h: h.history_date, reverse=True)[:50]


@role_required
def rate_tables(request):
    township = _township(request)
    tables = list(
        RateTable.objects.filter(township=township)
        .prefetch_related("bands")
        .order_by("-valid_from")
    )
    in_force = table_in_force(township.pk, today())
    return render(
        request,
        "dues/rates.html",
        {
            "township": township,
            "tables": [(t, _bands_by_category(t)) for t in tables],
            "in_force": in_force.pk if in_force else None,
            "can_edit": can_keep_township_ledger(request.user, township.pk),
            "history": _history(township),
        },
    )


def _band_initial(table: RateTable | None) -> list[dict]:
    if table is None:
        return []
    return [
        {
            "category": b.category,
            "income_above": b.income_above,
            "income_up_to": b.income_up_to,
            "percent": b.percent,
            "fixed_min": b.fixed_min,
            "fixed_max": b.fixed_max,
        }
        for b in table.bands.order_by("category", "income_above")
    ]


def _form_page(request, *, township, table, histories, initial, bands_initial, save):
    form = RateTableForm(request.POST or None, initial=initial, version=rows_version(*histories))
    # The rows to start from only on the page: a posted grid stands on its own (with them,
    # rows left as they were would count as blank and be dropped).
    if request.method == "POST":
        bands = RateBandFormSet(request.POST, prefix="band")
    else:
        bands = RateBandFormSet(initial=bands_initial, prefix="band")
    if request.method == "POST":
        bands_valid = bands.is_valid()

        def write():
            if not bands_valid:
                raise DuesError(_("Check the bands: each amount is a number of 0 or more."))
            rows = [b for b in (f.band() for f in bands.forms) if b is not None]
            return save(form.cleaned_data, rows)

        try:
            saved = save_form_if_current(
                form,
                histories=histories,
                lock=Township.objects.filter(pk=township.pk),
                save=write,
            )
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            if saved:
                messages.success(request, _("The dues rate table has been saved."))
                return redirect(f"{_rates_url()}?township={township.pk}")
    return render(
        request,
        "dues/rate_form.html",
        {"form": form, "bands": bands, "township": township, "table": table},
    )


def _rates_url() -> str:
    return reverse("dues:rates")


def rate_table_new(request):
    """A new table (a new regulation, or a new year's rates): the bands in force to start."""
    townships = townships_managed_by(request.user)
    # A township outside those the user keeps is a 404 (township/filters.py), like the
    # other pages; no township named, or not a number: the first the user keeps.
    township = (
        chosen_township(request.user, request.GET.get("township"), among=townships)
        or townships.first()
    )
    if township is None:
        raise PermissionDenied
    current = table_in_force(township.pk, today())

    def save(data, rows):
        save_rate_table(
            township=township,
            title=data["title"],
            valid_from=data["valid_from"],
            basis=data["basis"],
            bands=rows,
        )

    return _form_page(
        request,
        township=township,
        table=None,
        histories=[RateTable.history.filter(township=township)],
        initial={
            "title": current.title if current else "党费收缴标准",
            "basis": current.basis if current else "",
            "valid_from": today().replace(month=1, day=1),
        },
        bands_initial=_band_initial(current),
        save=save,
    )


def rate_table_edit(request, pk: int):
    table = get_object_or_404(
        RateTable.objects.filter(township__in=_townships_read_by(request.user)), pk=pk
    )
    if not can_keep_township_ledger(request.user, table.township_id):
        raise PermissionDenied

    def save(data, rows):
        update_rate_table(
            table=table,
            title=data["title"],
            valid_from=data["valid_from"],
            basis=data["basis"],
            bands=rows,
        )

    return _form_page(
        request,
        township=table.township,
        table=table,
        histories=[
            RateTable.history.filter(id=table.pk),
            RateBand.history.filter(table_id=table.pk),
        ],
        initial={"title": table.title, "valid_from": table.valid_from, "basis": table.basis},
        bands_initial=_band_initial(table),
        save=save,
    )
