"""Transfers of organisational relations: letters out (with receipt or closing), letters
in, and the mobile member's activity certificate; the three-part letter and the receipt
as A4 PDFs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.permissions import branches_managed_by
from dues.selectors import dues_paid_up_to
from members.permissions import get_member_for_user
from township.dates import add_months, today
from township.decorators import role_required
from township.documents import official_parts
from township.pdf import pdf_response
from township.permissions import townships_managed_by
from township.word import docx_response

from .filters import STATUS_LABELS, LetterFilterForm
from .forms import (
    CertificateForm,
    CloseForm,
    LetterInForm,
    LetterOutForm,
    ReceiptByNumberForm,
    ReceiptForm,
)
from .models import LETTER_VALID_MONTHS
from .permissions import (
    can_issue_certificate,
    can_manage_transfers,
    can_receive_members,
    certificates_visible_to,
    get_certificate_for_user,
    get_letter_in_for_user,
    get_letter_out_for_user,
    letters_in_visible_to,
    letters_out_visible_to,
)
from .selectors import overdue_letters
from .services import (
    TransferError,
    close_letter,
    issue_certificate,
    issue_letter,
    receive_member,
    record_receipt,
    record_receipt_by_number,
)


@role_required
def transfer_list(request):
    form = LetterFilterForm(request.GET, user=request.user)
    form.warn(request)
    visible = form.in_township(letters_out_visible_to(request.user))
    only_overdue = form.cleaned_data["overdue"]
    page = Paginator(form.filter_qs(visible), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "transfers/list.html",
        {
            "page": page,
            "overdue": overdue_letters(visible).count(),
            "filter_note": _("letters whose receipt is overdue") if only_overdue else "",
            "letters_in": letters_in_visible_to(request.user).select_related("member", "branch")[
                :50
            ],
            "certificates": certificates_visible_to(request.user).select_related(
                "member", "member__branch"
            )[:50],
            "can_receive": can_receive_members(request.user),
            "receipt_form": ReceiptByNumberForm(initial={"year": today().year, "on": today()}),
            "today": today(),
            "status": form.status_chosen(),
            "statuses": list(STATUS_LABELS.items()),
        },
    )


def _form_page(request, form, title, member=None, **extra):
    return render(
        request,
        "transfers/form.html",
        {"form": form, "title": title, "member": member, **extra},
    )


def letter_out_new(request, member_pk: int):
    member = get_member_for_user(request.user, member_pk)
    if not can_manage_transfers(request.user, member.branch.township_id):
        raise PermissionDenied
    day = today()
    form = LetterOutForm(
        request.POST or None,
        initial={
            "issued_on": day,
            "valid_until": add_months(day, LETTER_VALID_MONTHS),
            "destination": member.mobile_destination,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            letter = issue_letter(member=member, **form.cleaned_data)
        except TransferError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Letter issued: the member is being transferred out."))
            return redirect("transfers:out", letter.pk)
    return _form_page(
        request,
        form,
        _("Issue a transfer letter"),
        member,
        ledger_dues=True,
        dues_paid_to=dues_paid_up_to(member),
    )


def letter_out_detail(request, pk: int):
    letter = get_letter_out_for_user(request.user, pk)
    can_manage = can_manage_transfers(request.user, letter.township_id)
    return render(
        request,
        "transfers/out.html",
        {
            "letter": letter,
            "can_manage": can_manage and letter.is_open,
            "can_print": can_manage,
            "receipt_form": ReceiptForm(initial={"on": today()}),
            "close_form": CloseForm(initial={"on": today()}),
        },
    )


def _letter_action(request, pk, form_class, action, done):
    letter = get_letter_out_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(letter=letter, **form.cleaned_data)
        except TransferError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, done)
    else:
        messages.error(request, _("Check the date and the note."))
    return redirect("transfers:out", letter.pk)


@require_POST
def letter_out_receipt(request, pk: int):
    return _letter_action(
        request, pk, ReceiptForm, record_receipt, _("Receipt recorded: the member left the roster.")
    )


@require_POST
def letter_out_close(request, pk: int):
    return _letter_action(
        request, pk, CloseForm, close_letter, _("Letter closed: the member left the roster.")
    )


@require_POST
def receipt_by_number(request):
    """Record a returned receipt by its letter number; one never issued is refused."""
    townships = townships_managed_by(request.user)
    if not can_receive_members(request.user):
        raise PermissionDenied
    form = ReceiptByNumberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the year, the letter number and the date."))
        return redirect("transfers:list")
    data = form.cleaned_data
    try:
        letter = record_receipt_by_number(
            townships=townships,
            year=data["year"],
            number=data["number"],
            on=data["on"],
            by=data["by"],
        )
    except TransferError as e:
        messages.error(request, str(e))
        return redirect("transfers:list")
    messages.success(request, _("Receipt recorded: the member left the roster."))
    return redirect("transfers:out", letter.pk)


def _letter_out_context(request, pk: int) -> dict:
    letter = get_letter_out_for_user(request.user, pk, write=True)
    member = letter.member
    return {
        "letter": letter,
        "member": member,
        "township": letter.township,
        "official": official_parts(letter.township),
        "issuer": letter.township.committee_name,
        "age": member.age,
        "valid_days": (letter.valid_until - letter.issued_on).days,
    }


def letter_out_pdf(request, pk: int):
    """The letter in the official layout (GB/T 9704), the 回执 and 存根 attached."""
    context = _letter_out_context(request, pk)
    letter = context["letter"]
    return pdf_response(
        "transfers/pdf/letter_out.html",
        context,
        filename=f"组织关系介绍信{letter.year}-{letter.number}.pdf",
    )


def letter_out_docx(request, pk: int):
    """The letter as an editable Word copy: the same template, so the same text."""
    context = _letter_out_context(request, pk)
    letter = context["letter"]
    return docx_response(
        "transfers/pdf/letter_out.html",
        context,
        filename=f"组织关系介绍信{letter.year}-{letter.number}.docx",
    )


def letter_in_new(request):
    if not can_receive_members(request.user):
        raise PermissionDenied
    branches = (
        branches_managed_by(request.user)
        .active()
        .filter(township__in=townships_managed_by(request.user))
    )
    form = LetterInForm(request.POST or None, branches=branches, initial={"received_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = receive_member(
                branch=data["branch"],
                from_organisation=data["from_organisation"],
                letter_number=data["letter_number"],
                letter_date=data["letter_date"],
                received_on=data["received_on"],
                dues_paid_to=data["dues_paid_to"],
                person=form.person(),
            )
        except TransferError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Letter recorded: the member is on the roster."))
            return redirect("transfers:in", record.pk)
    return _form_page(request, form, _("Record a received transfer letter"))


def letter_in_detail(request, pk: int):
    record = get_letter_in_for_user(request.user, pk)
    return render(
        request,
        "transfers/in.html",
        {"record": record, "can_print": can_manage_transfers(request.user, record.township_id)},
    )


def letter_in_pdf(request, pk: int):
    record = get_letter_in_for_user(request.user, pk, write=True)
    return pdf_response(
        "transfers/pdf/receipt.html",
        {"record": record, "member": record.member, "township": record.township},
        filename=f"组织关系介绍信回执-{record.letter_number}.pdf",
    )


def certificate_new(request, member_pk: int):
    member = get_member_for_user(request.user, member_pk)
    if not can_issue_certificate(request.user, member):
        raise PermissionDenied
    day = today()
    form = CertificateForm(
        request.POST or None,
        initial={
            "issued_on": day,
            "valid_until": add_months(day, 6),
            "destination": member.mobile_destination,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue_certificate(member=member, **form.cleaned_data)
        except TransferError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Activity certificate issued."))
            return redirect("members:detail", member.pk)
    return _form_page(request, form, _("Issue a mobile member's activity certificate"), member)


def certificate_pdf(request, pk: int):
    certificate = get_certificate_for_user(request.user, pk, write=True)
    return pdf_response(
        "transfers/pdf/certificate.html",
        {
            "certificate": certificate,
            "member": certificate.member,
            "township": certificate.member.branch.township,
        },
        filename=f"流动党员活动证-{certificate.number}.pdf",
    )
