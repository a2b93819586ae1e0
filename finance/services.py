"""Writes that touch several rows or must hold a rule across rows. Each one is atomic and
raises FinanceError (a Chinese message) when a rule is broken, leaving nothing saved."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from branches.models import Branch, CommitteePosition
from township.dates import today

from .models import (
    GROUP_MAX,
    GROUP_MIN,
    ChecklistItem,
    Debt,
    FinanceGroup,
    FinanceGroupMember,
    LedgerEntry,
    Repayment,
    Reversible,
    Settlement,
    VillageFinance,
)
from .selectors import total_of

CENT = Decimal("0.01")


class FinanceError(Exception):
    pass


@transaction.atomic
def start_village_finance(
    *, branch: Branch, year: int, started_on: datetime.date, **values
) -> VillageFinance:
    """A rectification with the seed's six checklist items, all not started."""
    finance = VillageFinance(branch=branch, year=year, started_on=started_on, **values)
    finance.full_clean()
    finance.save()
    for kind in ChecklistItem.Kind.values:
        ChecklistItem.objects.create(finance=finance, kind=kind)
    return finance


def ineligible_group_names(finance: VillageFinance) -> set[str]:
    """Approvers, the accountant, the cashier and the branch committee now in office."""
    names = set(finance.approver_list())
    names.update(n for n in (finance.accountant.strip(), finance.cashier.strip()) if n)
    names.update(
        CommitteePosition.objects.filter(
            branch_id=finance.branch_id, left_on__isnull=True
        ).values_list("member__name", flat=True)
    )
    return names


@transaction.atomic
def set_finance_group(
    *, finance: VillageFinance, chosen_on: datetime.date, names: list[str], leader: str = ""
) -> FinanceGroup:
    """Record the group the villagers' meeting chose: 5–7 villagers, none of them an approver
    or a committee member. A new choice replaces the members; history keeps the old ones."""
    names = [n.strip() for n in names if n.strip()]
    if len(set(names)) != len(names):
        raise FinanceError(_("A name appears twice in the group."))
    if not GROUP_MIN <= len(names) <= GROUP_MAX:
        raise FinanceError(
            _("The democratic finance group has 5 to 7 members; %(n)s given.") % {"n": len(names)}
        )
    barred = sorted(set(names) & ineligible_group_names(finance))
    if barred:
        raise FinanceError(
            _("%(names)s may not sit in the group: approvers and committee members are excluded.")
            % {"names": pgettext("list separator", ", ").join(barred)}
        )
    if leader and leader not in names:
        raise FinanceError(_("The group leader must be one of its members."))
    if chosen_on > today():
        raise FinanceError(_("The date cannot be in the future."))
    group = FinanceGroup.objects.filter(finance=finance).first()
    if group is None:
        group = FinanceGroup.objects.create(finance=finance, chosen_on=chosen_on)
    else:
        # Saved even when unchanged: each recording is a version of the group, so a form
        # read before it is refused (township/concurrency.py).
        group.chosen_on = chosen_on
        group.save(update_fields=["chosen_on"])
    keep = set(names)
    for member in group.members.all():
        if member.name not in keep:
            member.delete()
    existing = {m.name: m for m in group.members.all()}
    for name in names:
        member = existing.get(name) or FinanceGroupMember(group=group, name=name)
        is_leader = name == leader
        if member.pk is None or member.is_leader != is_leader:
            member.is_leader = is_leader
            member.save()
    return group


def debt_outstanding(debt: Debt) -> Decimal:
    return (debt.principal - total_of(debt.repayments.all())).quantize(CENT)


@transaction.atomic
def record_repayment(
    *, debt: Debt, paid_on: datetime.date, amount: Decimal, note: str = ""
) -> Repayment:
    """A repayment: never more than what is still owed, never before the debt existed."""
    debt = Debt.objects.select_for_update().get(pk=debt.pk)
    if amount is None or amount < Decimal("0.01"):
        raise FinanceError(_("Enter an amount of at least 0.01 yuan."))
    if paid_on < debt.incurred_on:
        raise FinanceError(_("A repayment cannot be dated before the debt was incurred."))
    if paid_on > today():
        raise FinanceError(_("The date cannot be in the future."))
    outstanding = debt_outstanding(debt)
    if amount > outstanding:
        raise FinanceError(
            _("The repayment of %(amount)s yuan is more than the %(left)s yuan still owed.")
            % {"amount": amount, "left": outstanding}
        )
    repayment = Repayment(debt=debt, paid_on=paid_on, amount=amount, note=note)
    repayment.full_clean()
    repayment.save()
    return repayment


def entry_outstanding(entry: LedgerEntry) -> Decimal:
    return (entry.amount - total_of(entry.settlements.all())).quantize(CENT)


@transaction.atomic
def record_settlement(
    *, entry: LedgerEntry, settled_on: datetime.date, amount: Decimal, note: str = ""
) -> Settlement:
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_reversal or hasattr(entry, "reversed_by"):
        raise FinanceError(_("A reversed entry cannot be settled."))
    if amount is None or amount < Decimal("0.01"):
        raise FinanceError(_("Enter an amount of at least 0.01 yuan."))
    if settled_on < entry.entered_on:
        raise FinanceError(_("A settlement cannot be dated before its entry."))
    if settled_on > today():
        raise FinanceError(_("The date cannot be in the future."))
    outstanding = entry_outstanding(entry)
    if amount > outstanding:
        raise FinanceError(
            _("The settlement of %(amount)s yuan is more than the %(left)s yuan outstanding.")
            % {"amount": amount, "left": outstanding}
        )
    settlement = Settlement(entry=entry, settled_on=settled_on, amount=amount, note=note)
    settlement.full_clean()
    settlement.save()
    return settlement


#: The date field of each reversible model: the reversal is dated by the user.
DATE_FIELDS = {
    "LedgerEntry": "entered_on",
    "Settlement": "settled_on",
    "Repayment": "paid_on",
    "Expenditure": "spent_on",
    "Income": "received_on",
}
NOTE_FIELDS = {
    "LedgerEntry": "description",
    "Settlement": "note",
    "Repayment": "note",
    "Expenditure": "purpose",
    "Income": "description",
}


@transaction.atomic
def reverse_record(*, record: Reversible, on: datetime.date, reason: str) -> Reversible:
    """Correct a record of money: a copy with the amount negated that points at it. Both stay."""
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    if record.is_reversal:
        raise FinanceError(_("A reversing entry cannot itself be reversed."))
    if model.objects.filter(reverses=record).exists():
        raise FinanceError(_("This record has already been reversed."))
    if not reason.strip():
        raise FinanceError(_("Give the reason for the correction."))
    date_field = DATE_FIELDS[model.__name__]
    if on < getattr(record, date_field):
        raise FinanceError(_("A correction cannot be dated before the record it corrects."))
    if on > today():
        raise FinanceError(_("The date cannot be in the future."))
    if (
        isinstance(record, LedgerEntry)
        and record.settlements.filter(reversed_by__isnull=True, reverses__isnull=True).exists()
    ):
        raise FinanceError(_("Reverse the entry's settlements first."))
    copy = model.objects.get(pk=record.pk)
    copy.pk = None
    copy.id = None
    copy.reverses = record
    copy.amount = -record.amount
    setattr(copy, date_field, on)
    note_field = NOTE_FIELDS[model.__name__]
    limit = model._meta.get_field(note_field).max_length
    setattr(copy, note_field, (_("Correction: %(reason)s") % {"reason": reason.strip()})[:limit])
    try:
        copy.full_clean(exclude=["reverses"])
    except ValidationError as e:
        raise FinanceError(" ".join(e.messages)) from e
    copy.save()
    return copy
