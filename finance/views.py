from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from branches.models import Branch
from branches.permissions import can_confirm_late_entries
from township.concurrency import rows_version, save_form_if_current, save_if_current
from township.dates import today
from township.decorators import role_required
from township.late import confirm_late_from_request
from township.pdf import pdf_response
from township.permissions import townships_managed_by
from township.uploads import serve_private_file

from . import selectors
from .filters import DisclosurePeriodForm, FinanceFilterForm
from .forms import (
    ChecklistItemForm,
    CounterpartyForm,
    DebtForm,
    DisclosureForm,
    ExpenditureForm,
    GroupForm,
    HandoverForm,
    HandoverItemForm,
    IncomeForm,
    LedgerEntryForm,
    RepaymentForm,
    ReverseForm,
    ReviewForm,
    SettlementForm,
    SignaturesForm,
    VillageFinanceForm,
)
from .models import (
    ChecklistItem,
    Counterparty,
    Debt,
    Disclosure,
    Expenditure,
    FinanceGroup,
    FinanceGroupMember,
    GroupReview,
    Handover,
    HandoverItem,
    Income,
    LedgerEntry,
    Period,
    Repayment,
    Settlement,
    VillageFinance,
    period_label,
)
from .permissions import can_edit_finance, finances_visible_to, get_finance_for_user
from .services import (
    FinanceError,
    record_repayment,
    record_settlement,
    reverse_record,
    start_village_finance,
)

REVERSIBLE = {
    "entry": LedgerEntry,
    "settlement": Settlement,
    "repayment": Repayment,
    "expenditure": Expenditure,
    "income": Income,
}

#: The finance records that can be entered late (补录), by the name in the confirm URL.
LATE_KINDS = {"disclosure": Disclosure, "handover": Handover}


@role_required
def finance_list(request):
    form = FinanceFilterForm(request.GET, user=request.user)
    rows = selectors.finances_with_progress(form.filter_qs(finances_visible_to(request.user)))
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/list.html",
        {
            "page": page,
            "years": form.years,
            "year": form.cleaned_data["year"],
            "q": form.cleaned_data["q"],
            "filter_note": _("villages with a handover missing a signature")
            if form.cleaned_data["handovers"] == "unsigned"
            else "",
            "can_add": townships_managed_by(request.user).exists(),
        },
    )


def finance_create(request):
    townships = townships_managed_by(request.user)
    if not townships.exists():
        raise PermissionDenied
    # Only villages of the user's own townships: a forged branch id is not a valid choice.
    branches = Branch.objects.active().filter(kind=Branch.Kind.VILLAGE, township__in=townships)
    form = VillageFinanceForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        finance = start_village_finance(
            branch=d.pop("branch"), year=d.pop("year"), started_on=d.pop("started_on"), **d
        )
        messages.success(request, _("The rectification has been started."))
        return redirect("finance:detail", pk=finance.pk)
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "title": _("Start a village finance rectification"),
            "back": reverse("finance:list"),
        },
    )


#: Rows per page of each long list on the village page.
PAGE_SIZE = 20


def _page(request, rows, param: str):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))


def finance_detail(request, pk: int):
    finance = get_finance_for_user(request.user, pk)
    on = today()
    # One query for progress, debts and handovers, one for the disclosures: the same
    # figures as the dashboard's overview.
    finance = selectors.finance_figures(type(finance).objects.filter(pk=finance.pk), on=on).get()
    summary = selectors.overview_row(finance, on=on)
    branch_id = finance.branch_id
    group = (
        FinanceGroup.objects.filter(finance=finance).prefetch_related("members", "reviews").first()
    )
    handovers = list(
        finance.handovers.select_related("late_confirmed_by").prefetch_related("items")
    )
    year_sheet = selectors.cash_sheet(
        branch_id,
        start=finance.started_on.replace(month=1, day=1),
        end=finance.started_on.replace(month=12, day=31),
        label=_("%(year)s as a whole") % {"year": finance.year},
    )
    period_kind = Period.MONTH if finance.frequent_transactions else Period.QUARTER
    period_choices = [
        (selectors.period_code(finance.year, k, n), period_label(finance.year, k, n))
        for k, count in ((Period.MONTH, 12), (Period.QUARTER, 4))
        for n in range(1, count + 1)
    ]
    return render(
        request,
        "finance/detail.html",
        {
            "finance": finance,
            "summary": summary,
            "items": finance.items.all(),
            "group": group,
            "group_size": len(group.members.all()) if group else 0,
            # The rows finance_figures prefetched: paging them costs no query.
            "disclosures": _page(request, finance.disclosures.all(), "disclosures_page"),
            "compliance": summary.compliance,
            "handovers": handovers,
            "balances": selectors.counterparty_balances(branch_id),
            "ledger_totals": selectors.ledger_totals(branch_id),
            "entries": _page(request, selectors.ledger_entries(branch_id), "entries_page"),
            "debts": _page(request, selectors.debts_with_outstanding(branch_id), "debts_page"),
            "sheet": year_sheet,
            "expenditures": _page(request, year_sheet.expenditures, "expenditures_page"),
            "incomes": _page(request, year_sheet.incomes, "incomes_page"),
            "today": on,
            "sep": pgettext("list separator", ", "),
            "period_kind": period_kind,
            "period_choices": period_choices,
            "can_edit": can_edit_finance(request.user, finance.branch),
            "can_confirm_late": can_confirm_late_entries(request.user, finance.branch),
            "add_kinds": list(ADD_VIEWS),
        },
    )


@require_POST
def confirm_late(request, pk: int, kind: str, record_pk: int):
    """Staff confirm a disclosure or handover entered late (补录) after checking it: the
    mark stays, the entry counts as verified."""
    if kind not in LATE_KINDS:
        raise Http404
    finance = get_finance_for_user(request.user, pk)
    if not can_confirm_late_entries(request.user, finance.branch):
        raise PermissionDenied
    record = get_object_or_404(LATE_KINDS[kind], finance=finance, pk=record_pk)
    confirm_late_from_request(request, record)
    return redirect(reverse("finance:detail", args=[pk]) + f"#{kind}")


def finance_edit(request, pk: int):
    finance = get_finance_for_user(request.user, pk, write=True)
    form = VillageFinanceForm(request.POST or None, instance=finance, branches=None)
    if request.method == "POST" and save_if_current(form):
        messages.success(request, _("Saved."))
        return redirect("finance:detail", pk=finance.pk)
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "finance": finance,
            "title": _("Edit the rectification"),
            "back": reverse("finance:detail", args=[pk]),
        },
    )


def item_edit(request, pk: int, kind: str):
    finance = get_finance_for_user(request.user, pk, write=True)
    item = get_object_or_404(ChecklistItem, finance=finance, kind=kind)
    form = ChecklistItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and save_if_current(form):
        messages.success(request, _("Saved."))
        return redirect("finance:detail", pk=finance.pk)
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "finance": finance,
            "title": item.get_kind_display(),
            "back": reverse("finance:detail", args=[pk]),
        },
    )


def _download_name(finance, label, field_file) -> str:
    suffix = PurePath(field_file.name or "").suffix.lower()
    return f"{finance.village}-{finance.year}-{label}{suffix}"


def item_file(request, pk: int):
    """The evidence file of a checklist item: uploads are never public media, so every
    request checks the village's scope (staff, leadership, the village's secretary)."""
    item = get_object_or_404(ChecklistItem, pk=pk)
    finance = get_finance_for_user(request.user, item.finance_id)
    return serve_private_file(
        item.evidence_file, _download_name(finance, item.get_kind_display(), item.evidence_file)
    )


def disclosure_photo(request, pk: int):
    """The photo of a notice-board posting, for those who read the village's page."""
    disclosure = get_object_or_404(Disclosure, pk=pk)
    finance = get_finance_for_user(request.user, disclosure.finance_id)
    return serve_private_file(
        disclosure.photo, _download_name(finance, disclosure.period_label, disclosure.photo)
    )


def _group_histories(finance):
    groups = FinanceGroup.objects.filter(finance=finance).values("pk")
    return (
        FinanceGroup.history.filter(finance_id=finance.pk),
        FinanceGroupMember.history.filter(group_id__in=groups),
    )


def group_edit(request, pk: int):
    finance = get_finance_for_user(request.user, pk, write=True)
    group = FinanceGroup.objects.filter(finance=finance).first()
    initial = {}
    if group:
        members = list(group.members.all())
        initial = {
            "chosen_on": group.chosen_on,
            "names": "\n".join(m.name for m in members),
            "leader": next((m.name for m in members if m.is_leader), ""),
        }
    histories = _group_histories(finance)
    form = GroupForm(
        request.POST or None, initial=initial, finance=finance, version=rows_version(*histories)
    )
    if request.method == "POST":
        try:
            saved = save_form_if_current(
                form,
                histories=histories,
                lock=VillageFinance.objects.filter(pk=finance.pk),
                save=form.save,
            )
        except FinanceError as e:
            form.add_error(None, str(e))
        else:
            if saved:
                messages.success(request, _("The democratic finance group has been recorded."))
                return redirect("finance:detail", pk=finance.pk)
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "finance": finance,
            "title": _("Democratic finance group"),
            "back": reverse("finance:detail", args=[pk]),
        },
    )


def _add_page(request, finance, *, form, title: str, anchor: str, save=None):
    """The page every add view shares: the form, and on a valid POST `save(form)` (by
    default the model form's own save) in one transaction; a FinanceError shows on the form,
    nothing stored."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                (save or (lambda f: f.save()))(form)
        except FinanceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("finance:detail", args=[finance.pk]) + f"#{anchor}")
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "finance": finance,
            "title": title,
            "back": reverse("finance:detail", args=[finance.pk]),
        },
    )


def _posted(request) -> tuple:
    return request.POST or None, request.FILES or None


# One view per kind of record. Each sets the record's parent (the village's group, finance
# or branch) before validation, so the model's clean() sees it.


def add_review(request, finance):
    group = FinanceGroup.objects.filter(finance=finance).first()
    form = ReviewForm(*_posted(request), finance=finance, instance=GroupReview(group=group))
    return _add_page(
        request, finance, form=form, title=_("Add a finance group review"), anchor="review"
    )


def add_disclosure(request, finance):
    form = DisclosureForm(*_posted(request), finance=finance, instance=Disclosure(finance=finance))
    return _add_page(
        request, finance, form=form, title=_("Record a disclosure"), anchor="disclosure"
    )


def add_handover(request, finance):
    form = HandoverForm(*_posted(request), finance=finance, instance=Handover(finance=finance))
    return _add_page(request, finance, form=form, title=_("Record a handover"), anchor="handover")


def add_handover_item(request, finance):
    form = HandoverItemForm(*_posted(request), finance=finance, instance=HandoverItem())
    return _add_page(
        request, finance, form=form, title=_("Add an item handed over"), anchor="handover-item"
    )


def add_counterparty(request, finance):
    form = CounterpartyForm(
        *_posted(request), finance=finance, instance=Counterparty(branch=finance.branch)
    )
    return _add_page(
        request, finance, form=form, title=_("Add a counterparty"), anchor="counterparty"
    )


def add_ledger_entry(request, finance):
    form = LedgerEntryForm(*_posted(request), finance=finance, instance=LedgerEntry())
    return _add_page(request, finance, form=form, title=_("Add a ledger entry"), anchor="entry")


def add_settlement(request, finance):
    def save(form):
        d = form.cleaned_data
        record_settlement(
            entry=d["entry"], settled_on=d["settled_on"], amount=d["amount"], note=d["note"]
        )

    form = SettlementForm(*_posted(request), finance=finance)
    return _add_page(
        request, finance, form=form, title=_("Record a settlement"), anchor="settlement", save=save
    )


def add_debt(request, finance):
    form = DebtForm(*_posted(request), finance=finance, instance=Debt(branch=finance.branch))
    return _add_page(request, finance, form=form, title=_("Record a village debt"), anchor="debt")


def add_repayment(request, finance):
    def save(form):
        d = form.cleaned_data
        record_repayment(debt=d["debt"], paid_on=d["paid_on"], amount=d["amount"], note=d["note"])

    form = RepaymentForm(*_posted(request), finance=finance)
    return _add_page(
        request, finance, form=form, title=_("Record a repayment"), anchor="repayment", save=save
    )


def add_expenditure(request, finance):
    form = ExpenditureForm(
        *_posted(request), finance=finance, instance=Expenditure(branch=finance.branch)
    )
    return _add_page(
        request, finance, form=form, title=_("Record an expenditure"), anchor="expenditure"
    )


def add_income(request, finance):
    form = IncomeForm(*_posted(request), finance=finance, instance=Income(branch=finance.branch))
    return _add_page(request, finance, form=form, title=_("Record income"), anchor="income")


#: /<pk>/add/<kind>/ → the view of that kind of record.
ADD_VIEWS = {
    "review": add_review,
    "disclosure": add_disclosure,
    "handover": add_handover,
    "handover-item": add_handover_item,
    "counterparty": add_counterparty,
    "entry": add_ledger_entry,
    "settlement": add_settlement,
    "debt": add_debt,
    "repayment": add_repayment,
    "expenditure": add_expenditure,
    "income": add_income,
}


def add_entry(request, pk: int, kind: str):
    """One page per kind of record (ADD_VIEWS): staff only, the village fixed by the URL."""
    view = ADD_VIEWS.get(kind)
    if view is None:
        raise Http404
    return view(request, get_finance_for_user(request.user, pk, write=True))


def handover_sign(request, pk: int, handover_pk: int):
    finance = get_finance_for_user(request.user, pk, write=True)
    handover = get_object_or_404(Handover, finance=finance, pk=handover_pk)
    form = SignaturesForm(request.POST or None, instance=handover, finance=finance)
    if request.method == "POST" and save_if_current(form):
        messages.success(request, _("Saved."))
        return redirect(reverse("finance:detail", args=[pk]) + "#handover")
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "finance": finance,
            "title": _("Signatures of the handover"),
            "handover": handover,
            "back": reverse("finance:detail", args=[pk]),
        },
    )


@require_POST
def reverse_view(request, pk: int, kind: str, record_pk: int):
    """Correct a record of money by a reversing entry (POST from the page's confirm form)."""
    if kind not in REVERSIBLE:
        raise Http404
    finance = get_finance_for_user(request.user, pk, write=True)
    model = REVERSIBLE[kind]
    branch_path = {
        "entry": "counterparty__branch",
        "settlement": "entry__counterparty__branch",
        "repayment": "debt__branch",
        "expenditure": "branch",
        "income": "branch",
    }[kind]
    record = get_object_or_404(model, pk=record_pk, **{branch_path: finance.branch})
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and the reason for the correction."))
    else:
        try:
            reverse_record(
                record=record, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except FinanceError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("A reversing entry has been recorded."))
    return redirect(reverse("finance:detail", args=[pk]) + f"#{kind}")


def disclosure_pdf(request, pk: int):
    """The disclosure sheet of a month (?period=2016-11) or a quarter (?period=2016-Q3); by
    default the latest period with entries. A bad period goes back to the village's page
    with the form's message (DisclosurePeriodForm)."""
    finance = get_finance_for_user(request.user, pk)
    form = DisclosurePeriodForm(request.GET, user=request.user, finance=finance)
    if form.errors:
        # Never another period in its place: back to the village's page, saying why.
        form.warn(request)
        return redirect(reverse("finance:detail", args=[pk]) + "#disclosure")
    year, kind, number = form.cleaned_data["period"]
    disclosure = selectors.disclosure_sheet(finance, year, kind, number)
    sheet = disclosure.cash
    filename = _("%(village)s finance disclosure %(period)s.pdf") % {
        "village": finance.village,
        "period": sheet.label,
    }
    return pdf_response(
        "finance/pdf/disclosure.html",
        {
            "finance": finance,
            "sheet": sheet,
            "disclosure": disclosure,
            "township": finance.branch.township,
        },
        filename=filename,
    )
