from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.permissions import branches_visible_to
from members.models import Member
from members.permissions import get_member_for_user
from township.concurrency import latest_version
from township.dates import today
from township.decorators import readers_only, role_required
from township.filters import chosen_township
from township.pdf import pdf_response
from township.permissions import townships_managed_by, townships_visible_to

from . import selectors
from .filters import DuesIndexFilterForm, DuesYearForm
from .forms import (
    AssessmentForm,
    ConsentForm,
    GoodReasonForm,
    PaymentForm,
    PeriodForm,
    RemittanceForm,
    ReverseForm,
    TownshipEntryForm,
)
from .models import ADVANCE_MONTHS, Assessment, QuarterlyConsent, RateTable
from .permissions import (
    can_keep_township_ledger,
    can_record_dues,
    can_see_leaving_risk,
    get_branch_for_dues,
    get_record_for_user,
)
from .services import (
    DuesError,
    assess_member,
    record_good_reason,
    record_payment,
    record_quarterly_consent,
    record_remittance,
    record_township_entry,
    reverse_record,
)


def _year(request, *, page: bool = True) -> int:
    """The year asked for, this year by default; on a page a year not understood is said
    (an export has no page to say it on)."""
    form = DuesYearForm(request.GET, user=request.user)
    if page:
        form.warn(request)
    return form.cleaned_data["year"]


@role_required
def dues_index(request):
    """Every branch the user sees: dues owed and collected to date, rate, arrears."""
    form = DuesIndexFilterForm(request.GET, user=request.user)
    form.warn(request)
    year = form.cleaned_data["year"]
    branches = form.filter_qs(branches_visible_to(request.user).active())
    rows = selectors.branch_dues(branches, year)
    # The home page's to-do: only the branches in arrears.
    only_arrears = form.cleaned_data["arrears"]
    if only_arrears:
        rows = [row for row in rows if row.arrears]
    # A secretary reads no township, but their branch's township's rates apply to them.
    tables = RateTable.objects.filter(township_id__in=branches.values("township_id"))
    return render(
        request,
        "dues/index.html",
        {
            "year": year,
            "years": range(today().year, 2009, -1),
            "rows": rows,
            "filter_note": _("branches in arrears") if only_arrears else "",
            "table": tables.prefetch_related("bands").select_related("township").first(),
            "show_ledger": townships_visible_to(request.user).exists(),
            "show_risk": can_see_leaving_risk(request.user),
        },
    )


def branch_dues(request, pk: int):
    """A branch's dues for a year: each member's months, payments, remittances."""
    branch = get_branch_for_dues(request.user, pk)
    year = _year(request)
    members = Member.objects.filter(branch=branch).current()
    rows = selectors.member_dues(members, year)
    summary = selectors.branch_dues(type(branch).objects.filter(pk=branch.pk), year)[0]
    return render(
        request,
        "dues/branch.html",
        {
            "branch": branch,
            "year": year,
            "years": range(today().year + 1, 2009, -1),
            "rows": rows,
            "summary": summary,
            "months": range(1, 13),
            "payments": selectors.branch_payments(branch, year),
            "remittances": selectors.remittances_of(branch, year),
            "consent": QuarterlyConsent.objects.filter(branch=branch, year=year).first(),
            "can_record": can_record_dues(request.user, branch),
            "today": today(),
        },
    )


def _form_page(request, form, *, title, back, note=""):
    return render(
        request, "dues/form.html", {"form": form, "title": title, "back": back, "note": note}
    )


def record_payment_view(request, pk: int):
    branch = get_branch_for_dues(request.user, pk, write=True)
    members = Member.objects.filter(branch=branch).current().order_by("name")
    form = PaymentForm(request.POST or None, members=members)
    back = reverse("dues:branch", args=[branch.pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            payment = record_payment(
                member=d["member"],
                year=d["year"],
                month_from=d["month_from"],
                month_to=d["month_to"],
                amount=d["amount"],
                extra=d["extra"],
                by_quarter=d["by_quarter"],
                paid_on=d["paid_on"],
                receipt_no=d["receipt_no"],
                note=d["note"],
                by=request.user,
            )
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                _("%(name)s's dues for %(months)s have been recorded.")
                % {"name": payment.member.name, "months": payment.months_label},
            )
            return redirect(f"{back}?year={payment.year}")
    note = _(
        "Dues are paid for whole months; at most %(n)s months in advance; a whole quarter at once with the branch's consent."
    ) % {"n": ADVANCE_MONTHS}
    return _form_page(
        request,
        form,
        title=_("Record dues paid: %(branch)s") % {"branch": branch.name},
        back=back,
        note=note,
    )


def assess_view(request, pk: int):
    """Set a member's base and dues for a year (核定)."""
    member = get_member_for_user(request.user, pk, write=True)
    year = _year(request)
    current = Assessment.objects.filter(member=member, year=year).first()
    initial = {"year": year, "seen_version": latest_version(current) if current else None}
    if current:
        initial.update(
            category=current.category, base=current.base, monthly=current.monthly, note=current.note
        )
    form = AssessmentForm(request.POST or None, initial=initial)
    back = reverse("dues:branch", args=[member.branch_id])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            assessment = assess_member(
                member=member,
                year=d["year"],
                category=d["category"],
                base=d["base"],
                monthly=d["monthly"],
                note=d["note"],
                seen_version=d["seen_version"],
            )
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                _("%(name)s pays %(monthly)s yuan a month in %(year)s.")
                % {"name": member.name, "monthly": assessment.monthly, "year": assessment.year},
            )
            return redirect(f"{back}?year={assessment.year}")
    return _form_page(
        request, form, title=_("Assess the dues of %(name)s") % {"name": member.name}, back=back
    )


def remit_view(request, pk: int):
    branch = get_branch_for_dues(request.user, pk, write=True)
    form = RemittanceForm(request.POST or None, initial={"remitted_on": today()})
    back = reverse("dues:branch", args=[branch.pk])
    if request.method == "POST" and form.is_valid():
        try:
            remittance = record_remittance(branch=branch, by=request.user, **form.cleaned_data)
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The remittance has been recorded."))
            return redirect(f"{back}?year={remittance.remitted_on.year}")
    return _form_page(
        request,
        form,
        title=_("Remit dues to the township committee: %(branch)s") % {"branch": branch.name},
        back=back,
    )


@require_POST
def reverse_view(request, kind: str, pk: int):
    record = get_record_for_user(request.user, kind, pk, write=True)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and the reason for the correction."))
    else:
        try:
            reverse_record(record=record, by=request.user, **form.cleaned_data)
        except DuesError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("A reversing entry has been recorded; both rows are kept."))
    if kind == "entry":
        return redirect("dues:ledger")
    return redirect("dues:branch", pk=record.branch_id)


def _township_for(request):
    township = (
        chosen_township(request.user, request.GET.get("township"))
        or townships_visible_to(request.user).first()
    )
    if township is None:
        raise PermissionDenied
    return township


@readers_only
def ledger(request):
    """The township's dues: received from the branches, remitted upward, used."""
    township = _township_for(request)
    year = _year(request)
    return render(
        request,
        "dues/ledger.html",
        {
            "township": township,
            "year": year,
            "years": range(today().year, 2009, -1),
            "ledger": selectors.township_ledger(township, year),
            "overview": selectors.dues_overview(township, year),
            "can_edit": can_keep_township_ledger(request.user, township.pk),
            "today": today(),
        },
    )


def ledger_add(request):
    township = townships_managed_by(request.user).first()
    if township is None:
        raise PermissionDenied
    form = TownshipEntryForm(request.POST or None, initial={"entered_on": today()})
    back = reverse("dues:ledger")
    if request.method == "POST" and form.is_valid():
        try:
            entry = record_township_entry(township=township, by=request.user, **form.cleaned_data)
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The entry has been recorded."))
            return redirect(f"{back}?year={entry.entered_on.year}")
    return _form_page(request, form, title=_("Record dues remitted or used"), back=back)


def leaving_risk(request):
    """党章 Article 9: six months without organisational life, dues or work, in one list."""
    if not can_see_leaving_risk(request.user):
        raise PermissionDenied
    members = Member.objects.filter(branch__township__in=townships_managed_by(request.user))
    return render(
        request,
        "dues/risk.html",
        {"risks": selectors.leaving_risk(members), "today": today()},
    )


def period_of(request) -> tuple[int, str, int]:
    form = PeriodForm(request.GET or {"year": today().year})
    if not form.is_valid():
        return today().year, "year", 1
    d = form.cleaned_data
    return d["year"], d["period"], d["number"]


def period_label(year: int, period: str, number: int) -> str:
    if period == "month":
        return f"{year}年{number}月"
    if period == "quarter":
        return f"{year}年第{number}季度"
    return f"{year}年"


def collection_sheet(branch, year: int, period: str, number: int) -> dict:
    """The 党费收缴情况表's figures: the same selectors as the branch page."""
    low, high = selectors.period_months(period, number)
    members = Member.objects.filter(branch=branch).current()
    rows = selectors.member_dues(members, year)
    for row in rows:
        owed = [m for m in range(low, high + 1) if row.months[m - 1]]
        row.period_owed = len(owed)
        row.period_paid = sum(1 for m in owed if row.months[m - 1] == "paid")
        row.period_due = (row.assessment.monthly * len(owed)) if row.assessment else None
        row.period_unpaid = [m for m in owed if row.months[m - 1] == "owed"]
    summary = selectors.branch_dues(
        type(branch).objects.filter(pk=branch.pk), year, low=low, high=high
    )[0]
    return {
        "branch": branch,
        "year": year,
        "label": period_label(year, period, number),
        "rows": rows,
        "summary": summary,
        "printed_on": today(),
    }


def branch_pdf(request, pk: int):
    branch = get_branch_for_dues(request.user, pk)
    year, period, number = period_of(request)
    context = collection_sheet(branch, year, period, number)
    return pdf_response(
        "dues/pdf/collection.html",
        context,
        filename=f"党费收缴情况表-{branch.name}-{context['label']}.pdf",
    )


def consent_view(request, pk: int):
    """Record the branch meeting's consent to pay dues by quarter for a year."""
    branch = get_branch_for_dues(request.user, pk, write=True)
    form = ConsentForm(
        request.POST or None, initial={"year": _year(request), "decided_on": today()}
    )
    back = reverse("dues:branch", args=[branch.pk])
    if request.method == "POST" and form.is_valid():
        try:
            consent = record_quarterly_consent(branch=branch, **form.cleaned_data)
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The branch's consent has been recorded."))
            return redirect(f"{back}?year={consent.year}")
    return _form_page(
        request,
        form,
        title=_("Consent to pay dues by quarter: %(branch)s") % {"branch": branch.name},
        back=back,
    )


def good_reason_view(request, pk: int):
    """Months a member did not pay with a good reason the branch accepted."""
    member = get_member_for_user(request.user, pk, write=True)
    form = GoodReasonForm(request.POST or None, initial={"decided_on": today()})
    back = reverse("dues:branch", args=[member.branch_id])
    if request.method == "POST" and form.is_valid():
        try:
            good = record_good_reason(member=member, **form.cleaned_data)
        except DuesError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The good reason has been recorded."))
            return redirect(f"{back}?year={good.month_from.year}")
    return _form_page(
        request,
        form,
        title=_("Good reason for not paying dues: %(name)s") % {"name": member.name},
        back=back,
        note=_("These months are still owed, but do not count towards Article 9's six months."),
    )
