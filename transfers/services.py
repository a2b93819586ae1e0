"""Writes of the transfers of organisational relations: issuing a letter, its receipt or
closing (the member then leaves the roster), receiving a member, the mobile member's
activity certificate. Each refuses what the rules forbid with a Chinese message naming the
rule (TransferError) and saves nothing then."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from branches.models import Branch
from dues.selectors import dues_paid_up_to
from members.models import PARTICULARS, Member
from members.validators import clean_id_number
from township.dates import add_months, today
from township.models import Township

from .models import (
    CERTIFICATE_VALID_MONTHS,
    LETTER_VALID_MONTHS,
    MobileCertificate,
    TransferIn,
    TransferOut,
    first_of_month,
)


class TransferError(Exception):
    """A rule of DOMAIN.md refuses the write; the message is for the user."""


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as e:
        raise TransferError(" ".join(e.messages)) from e


def _not_future(day: datetime.date) -> None:
    if day > today():
        raise TransferError(_("The date is in the future."))


@transaction.atomic
def issue_letter(
    *,
    member: Member,
    issued_on: datetime.date,
    destination: str,
    reason: str,
    valid_until: datetime.date,
) -> TransferOut:
    """Issue a 党员组织关系介绍信: numbered per township and year, valid at most three months;
    the member is 转出中 until the receipt comes back or staff close the letter. The month
    the dues are paid up to comes from the member's dues ledger, never typed."""

    township = Township.objects.select_for_update().get(pk=member.branch.township_id)
    if not member.is_current:
        raise TransferError(_("The member has already left the roster."))
    if TransferOut.objects.filter(member=member, status=TransferOut.Status.ISSUED).exists():
        raise TransferError(
            _("The member is already being transferred out: letter %(number)s is open.")
            % {"number": member.transfers_out.filter(status="issued").first().letter_number}
        )
    _not_future(issued_on)
    if issued_on < member.joined_on:
        raise TransferError(_("The letter is dated before the member joined."))
    if valid_until < issued_on or valid_until > add_months(issued_on, LETTER_VALID_MONTHS):
        raise TransferError(
            _("A letter is valid for at most three months: until %(day)s at the latest.")
            % {"day": add_months(issued_on, LETTER_VALID_MONTHS).isoformat()}
        )
    last = (
        TransferOut.objects.filter(township=township, year=issued_on.year).aggregate(
            n=Max("number")
        )["n"]
        or 0
    )
    letter = TransferOut(
        township=township,
        member=member,
        year=issued_on.year,
        number=last + 1,
        issued_on=issued_on,
        destination=destination.strip(),
        reason=reason.strip(),
        dues_paid_to=dues_paid_up_to(member),
        valid_until=valid_until,
    )
    _clean(letter)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError as e:
        raise TransferError(_("The member is already being transferred out.")) from e
    return letter


def _leave(member: Member, on: datetime.date, basis: str, note: str = "") -> None:
    member.left_on = on
    member.leave_reason = Member.LeaveReason.TRANSFER
    member.leave_basis = basis
    member.leave_note = note
    try:
        member.full_clean()
    except ValidationError as e:
        raise TransferError(" ".join(e.messages)) from e
    member.save(update_fields=["left_on", "leave_reason", "leave_basis", "leave_note"])


def _open(letter: TransferOut) -> TransferOut:
    # Lock the letter: a receipt and a closing cannot both pass.
    letter = TransferOut.objects.select_for_update().get(pk=letter.pk)
    if letter.status != TransferOut.Status.ISSUED:
        raise TransferError(
            _("Letter %(number)s is not open: its receipt is recorded or it was closed.")
            % {"number": letter.letter_number}
        )
    return letter


@transaction.atomic
def record_receipt(*, letter: TransferOut, on: datetime.date, by: str = "") -> TransferOut:
    """The 回执 came back: the member leaves the roster (转出) on that day."""
    letter = _open(letter)
    _not_future(on)
    if on < letter.issued_on:
        raise TransferError(_("The receipt is dated before the letter was issued."))
    letter.status = TransferOut.Status.RECEIVED
    letter.receipt_on = on
    letter.receipt_by = by.strip()
    letter.save(update_fields=["status", "receipt_on", "receipt_by"])
    _leave(letter.member, on, _("letter %(number)s") % {"number": letter.letter_number})
    return letter


@transaction.atomic
def record_receipt_by_number(
    *, townships, year: int, number: int, on: datetime.date, by: str = ""
) -> TransferOut:
    """A receipt recorded by the number printed on it: refused for a letter never issued
    (by the township or townships given)."""
    letter = TransferOut.objects.filter(township__in=townships, year=year, number=number).first()
    if letter is None:
        raise TransferError(
            _("No letter 〔%(year)s〕%(number)s号 was issued: the receipt cannot be recorded.")
            % {"year": year, "number": number}
        )
    return record_receipt(letter=letter, on=on, by=by)


@transaction.atomic
def close_letter(*, letter: TransferOut, on: datetime.date, note: str) -> TransferOut:
    """Close a letter whose receipt never came back (with a note saying why): the member
    leaves the roster as transferred out."""
    letter = _open(letter)
    _not_future(on)
    if on < letter.issued_on:
        raise TransferError(_("The date is before the letter was issued."))
    if not note.strip():
        raise TransferError(_("Give a note saying why the letter is closed without a receipt."))
    letter.status = TransferOut.Status.CLOSED
    letter.closed_on = on
    letter.close_note = note.strip()
    letter.save(update_fields=["status", "closed_on", "close_note"])
    _leave(
        letter.member,
        on,
        _("letter %(number)s") % {"number": letter.letter_number},
        note.strip(),
    )
    return letter


@transaction.atomic
def receive_member(
    *,
    branch: Branch,
    from_organisation: str,
    letter_number: str,
    letter_date: datetime.date,
    received_on: datetime.date,
    dues_paid_to: datetime.date | None,
    person: dict,
) -> TransferIn:
    """Record a received letter and put the member in `branch`: the earlier record of a
    member who once left this township is restored (history kept), else a new one made."""
    _not_future(received_on)
    if letter_date > received_on:
        raise TransferError(_("The letter is dated after it was received."))
    try:
        id_number = clean_id_number(person.get("id_number", ""))
    except ValidationError as e:
        raise TransferError(e.messages[0]) from e
    if Member.objects.current().filter(id_number=id_number).exists():
        raise TransferError(_("A current member already has this ID number."))
    # Only a member who once transferred out comes back on their old record; someone
    # expelled or struck off who rejoins elsewhere is a new record.
    earlier = (
        Member.objects.filter(
            id_number=id_number,
            branch__township_id=branch.township_id,
            left_on__isnull=False,
            leave_reason=Member.LeaveReason.TRANSFER,
        )
        .order_by("-left_on")
        .first()
    )
    member = earlier or Member()
    for field in PARTICULARS:
        if field in person:
            setattr(member, field, person[field])
    member.id_number = id_number
    member.branch = branch
    member.left_on = None
    member.leave_reason = ""
    member.leave_basis = ""
    member.leave_note = ""
    member.is_mobile = False
    member.mobile_destination = ""
    _clean_member(member)
    member.save()
    record = TransferIn(
        township_id=branch.township_id,
        branch=branch,
        member=member,
        from_organisation=from_organisation.strip(),
        letter_number=letter_number.strip(),
        letter_date=letter_date,
        received_on=received_on,
        dues_paid_to=first_of_month(dues_paid_to) if dues_paid_to else None,
        restored=earlier is not None,
    )
    _clean(record)
    record.save()
    return record


def _clean_member(member: Member) -> None:
    try:
        member.full_clean()
    except ValidationError as e:
        raise TransferError(" ".join(e.messages)) from e


@transaction.atomic
def issue_certificate(
    *,
    member: Member,
    number: str,
    destination: str,
    issued_on: datetime.date,
    valid_until: datetime.date,
) -> MobileCertificate:
    """A 流动党员活动证 for a member going away for up to six months."""
    if not member.is_current:
        raise TransferError(_("The member has already left the roster."))
    _not_future(issued_on)
    latest = add_months(issued_on, CERTIFICATE_VALID_MONTHS)
    if valid_until <= issued_on or valid_until > latest:
        raise TransferError(
            _(
                "An activity certificate is for members away up to six months: valid until "
                "%(day)s at the latest; longer, transfer the relationship."
            )
            % {"day": latest.isoformat()}
        )
    certificate = MobileCertificate(
        member=member,
        number=number.strip(),
        destination=destination.strip(),
        issued_on=issued_on,
        valid_until=valid_until,
    )
    _clean(certificate)
    certificate.save()
    return certificate
