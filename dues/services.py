"""Writes of Party dues. Each is atomic and raises DuesError (a Chinese message naming the
rule) when a rule is broken, leaving nothing saved."""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from branches.models import Branch
from members.models import Member
from township.concurrency import latest_version
from township.dates import today
from township.models import Township

from .models import (
    ADVANCE_MONTHS,
    Assessment,
    Category,
    GoodReason,
    Payment,
    QuarterlyConsent,
    RateBand,
    RateTable,
    Remittance,
    TownshipEntry,
    month_index,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")


class DuesError(Exception):
    pass


# --- Rate tables -----------------------------------------------------------------------


def check_bands(bands: Iterable[RateBand]) -> None:
    """A table covers every income of every category exactly once: per category the bands
    start at 0, each starts where the one before ends (no overlap, no gap), the top one is
    open; a band has a rate or a fixed range, never both."""
    by_category: dict[str, list[RateBand]] = {}
    for band in bands:
        by_category.setdefault(band.category, []).append(band)
    for category in Category:
        rows = sorted(by_category.get(category.value, []), key=lambda b: b.income_above)
        name = category.label
        if not rows:
            raise DuesError(_("The rate table has no band for %(category)s.") % {"category": name})
        for band in rows:
            has_rate = band.percent is not None
            has_fixed = band.fixed_min is not None or band.fixed_max is not None
            if has_rate == has_fixed:
                raise DuesError(
                    _("Each band of %(category)s needs either a rate or a fixed amount.")
                    % {"category": name}
                )
            if has_rate and not ZERO < band.percent <= 100:
                raise DuesError(_("A rate must be above 0% and at most 100%."))
            if has_fixed and (
                band.fixed_min is None
                or band.fixed_max is None
                or band.fixed_min < CENT
                or band.fixed_max < band.fixed_min
            ):
                raise DuesError(
                    _("A fixed amount of %(category)s runs from at least 0.01 yuan up.")
                    % {"category": name}
                )
            if band.income_up_to is not None and band.income_up_to <= band.income_above:
                raise DuesError(
                    _("A band of %(category)s ends at or below where it starts.")
                    % {"category": name}
                )
        if rows[0].income_above != 0:
            raise DuesError(
                _("The bands of %(category)s leave a gap: the first must start at 0 yuan.")
                % {"category": name}
            )
        for before, after in zip(rows, rows[1:], strict=False):
            if before.income_up_to is None or after.income_above < before.income_up_to:
                raise DuesError(
                    _("The bands of %(category)s overlap above %(amount)s yuan.")
                    % {"category": name, "amount": after.income_above}
                )
            if after.income_above > before.income_up_to:
                raise DuesError(
                    _("The bands of %(category)s leave a gap between %(low)s and %(high)s yuan.")
                    % {"category": name, "low": before.income_up_to, "high": after.income_above}
                )
        if rows[-1].income_up_to is not None:
            raise DuesError(
                _(
                    "The bands of %(category)s leave a gap above %(amount)s yuan: the top band has no limit."
                )
                % {"category": name, "amount": rows[-1].income_up_to}
            )


@transaction.atomic
def save_rate_table(
    *, township: Township, title: str, valid_from: datetime.date, bands: list[dict], basis: str = ""
) -> RateTable:
    """A new rate table with its bands, refused whole when the bands overlap or leave gaps."""
    rows = [RateBand(**b) for b in bands]
    check_bands(rows)
    table = RateTable(township=township, title=title, valid_from=valid_from, basis=basis)
    try:
        table.full_clean()
    except ValidationError as e:
        raise DuesError(" ".join(e.messages)) from e
    table.save()
    for band in rows:
        band.table = table
        band.save()
    return table


@transaction.atomic
def update_rate_table(
    *, table: RateTable, title: str, valid_from: datetime.date, bands: list[dict], basis: str = ""
) -> RateTable:
    """Correct a rate table and its bands, refused whole when the bands overlap or leave
    gaps. The bands are replaced; history keeps the old ones. Assessments already made keep
    the dues they were set at."""
    rows = [RateBand(**b) for b in bands]
    check_bands(rows)
    table.title, table.valid_from, table.basis = title, valid_from, basis
    try:
        table.full_clean()
    except ValidationError as e:
        raise DuesError(" ".join(e.messages)) from e
    table.save()
    for band in table.bands.all():
        band.delete()
    for band in rows:
        band.table = table
        band.save()
    return table


def table_in_force(township_id: int, on: datetime.date) -> RateTable | None:
    return (
        RateTable.objects.filter(township_id=township_id, valid_from__lte=on)
        .prefetch_related("bands")
        .order_by("-valid_from")
        .first()
    )


def dues_for(table: RateTable, *, category: str, base: Decimal | None) -> tuple[Decimal, Decimal]:
    """(lowest, highest) monthly dues the table sets for a category and base: one value for a
    rate band (to the fen, half up), the fixed range otherwise."""
    bands = [b for b in table.bands.all() if b.category == category]
    fixed = [b for b in bands if b.is_fixed]
    if fixed:
        return fixed[0].fixed_min, fixed[0].fixed_max
    if base is None or base < 0:
        raise DuesError(_("Enter the monthly after-tax pay or pension (0 or more)."))
    for band in bands:
        if band.covers(base):
            amount = (base * band.percent / 100).quantize(CENT, ROUND_HALF_UP)
            amount = max(amount, CENT)
            return amount, amount
    raise DuesError(_("No band of the rate table covers %(base)s yuan.") % {"base": base})


# --- Assessment (核定) --------------------------------------------------------------------


def first_owed_month(member: Member, year: int) -> int | None:
    """Members pay from the month they were admitted (the probationary ones too)."""
    if member.joined_on.year > year:
        return None
    return member.joined_on.month if member.joined_on.year == year else 1


@transaction.atomic
def assess_member(
    *,
    member: Member,
    year: int,
    category: str,
    base: Decimal | None = None,
    monthly: Decimal | None = None,
    assessed_on: datetime.date | None = None,
    note: str = "",
    seen_version: int | None | object = ...,
) -> Assessment:
    """Set (or reset) a member's dues for a year from the rate table in force. A rate band
    gives the amount; a fixed-range category takes `monthly` within its range (its lowest
    when not given). Voluntary extra payments go on the payment, not here."""
    assessed_on = assessed_on or today()
    table = table_in_force(member.branch.township_id, datetime.date(year, 12, 31))
    if table is None:
        raise DuesError(
            _("The township has no dues rate table in force for %(year)s.") % {"year": year}
        )
    first = first_owed_month(member, year)
    if first is None:
        raise DuesError(_("The member was not yet admitted in %(year)s.") % {"year": year})
    low, high = dues_for(table, category=category, base=base)
    if low != high:
        base = None
        amount = low if monthly is None else monthly
        if not low <= amount <= high:
            raise DuesError(
                _("Dues for this category are %(low)s to %(high)s yuan a month.")
                % {"low": low, "high": high}
            )
    else:
        amount = low
    # No ordering across a join under FOR UPDATE (PostgreSQL refuses some): order by pk.
    assessment = Assessment.objects.select_for_update().filter(member=member, year=year).order_by(
        "pk"
    ).first() or Assessment(member=member, year=year)
    # A form carries the version it was read at (township/concurrency.py): a stale save of
    # an assessment someone else changed meanwhile is refused.
    if seen_version is not ... and latest_version(assessment) != seen_version:
        raise DuesError(
            _(
                "Someone else changed this assessment after you opened it; nothing was saved. Check the values and save again."
            )
        )
    if assessment.pk and Payment.objects.filter(member=member, year=year).exists():
        if assessment.monthly != amount:
            raise DuesError(
                _(
                    "Payments for %(year)s are recorded at %(monthly)s yuan a month: reverse them before changing the dues."
                )
                % {"year": year, "monthly": assessment.monthly}
            )
    values = {
        "category": category,
        "base": base,
        "monthly": amount,
        "first_month": first,
        "assessed_on": assessed_on,
        "table": table,
        "note": note,
    }
    changed = [f for f, v in values.items() if getattr(assessment, f, None) != v]
    if assessment.pk and not changed:
        return assessment
    for field, value in values.items():
        setattr(assessment, field, value)
    try:
        assessment.full_clean()
    except ValidationError as e:
        raise DuesError(" ".join(e.messages)) from e
    assessment.save()
    return assessment


# --- Payments ---------------------------------------------------------------------------


def paid_months(member: Member, year: int, *, exclude: Payment | None = None) -> set[int]:
    """Months of a year paid by a payment that stands (not reversed, not itself a reversal)."""
    rows = Payment.objects.filter(
        member=member, year=year, reverses__isnull=True, reversed_by__isnull=True
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    months: set[int] = set()
    for low, high in rows.values_list("month_from", "month_to"):
        months.update(range(low, high + 1))
    return months


@transaction.atomic
def record_payment(
    *,
    member: Member,
    year: int,
    month_from: int,
    month_to: int,
    amount: Decimal,
    paid_on: datetime.date,
    receipt_no: str,
    extra: Decimal = ZERO,
    by_quarter: bool = False,
    note: str = "",
    by=None,
) -> Payment:
    """A member's dues for whole months of one year, collected by their branch.

    Rules: the months are owed (admitted, assessed) and not already paid; the amount is
    exactly the dues of those months (a voluntary payment goes in `extra`); at most six months
    in advance; a whole quarter at once only with the branch's consent for the year."""
    member = Member.objects.select_for_update().select_related("branch").get(pk=member.pk)
    extra = extra or ZERO
    receipt_no = (receipt_no or "").strip()
    if not 1 <= month_from <= month_to <= 12:
        raise DuesError(_("The months run from January to December, the first before the last."))
    if amount is None or amount < 0 or extra < 0:
        raise DuesError(_("An amount of dues cannot be negative."))
    if not receipt_no:
        raise DuesError(_("Enter the receipt number."))
    day = today()
    if paid_on > day:
        raise DuesError(_("The date cannot be in the future."))
    if not member.is_current:
        raise DuesError(_("The member has left: no dues are collected."))
    assessment = Assessment.objects.filter(member=member, year=year).first()
    if assessment is None:
        raise DuesError(
            _("%(name)s has no dues assessment (核定) for %(year)s: set the base first.")
            % {"name": member.name, "year": year}
        )
    if month_from < assessment.first_month:
        raise DuesError(
            _("Dues are owed from month %(month)s of %(year)s, when the member was admitted.")
            % {"month": assessment.first_month, "year": year}
        )
    ahead = month_index(year, month_to) - month_index(day.year, day.month)
    if ahead > ADVANCE_MONTHS:
        raise DuesError(_("Dues may be paid in advance for at most six months."))
    if by_quarter:
        if month_from not in (1, 4, 7, 10) or month_to != month_from + 2:
            raise DuesError(_("A payment by quarter covers the three months of one quarter."))
        if not QuarterlyConsent.objects.filter(branch=member.branch, year=year).exists():
            raise DuesError(
                _("Paying by quarter needs the branch's consent for %(year)s.") % {"year": year}
            )
    taken = sorted(paid_months(member, year) & set(range(month_from, month_to + 1)))
    if taken:
        raise DuesError(
            _("Month(s) %(months)s of %(year)s are already paid.")
            % {"months": "、".join(str(m) for m in taken), "year": year}
        )
    due = assessment.monthly * (month_to - month_from + 1)
    if amount > due:
        raise DuesError(
            _(
                "%(amount)s yuan is beyond the dues of %(due)s yuan for these months; record a voluntary payment as extra."
            )
            % {"amount": amount, "due": due}
        )
    if amount < due:
        raise DuesError(
            _(
                "%(amount)s yuan is less than the dues of %(due)s yuan for these months: dues are paid for whole months."
            )
            % {"amount": amount, "due": due}
        )
    if Payment.objects.filter(
        branch=member.branch, receipt_no=receipt_no, reverses__isnull=True
    ).exists():
        raise DuesError(
            _("Receipt number %(no)s is already used in this branch.") % {"no": receipt_no}
        )
    payment = Payment(
        member=member,
        branch=member.branch,
        year=year,
        month_from=month_from,
        month_to=month_to,
        monthly=assessment.monthly,
        amount=amount,
        extra=extra,
        by_quarter=by_quarter,
        paid_on=paid_on,
        receipt_no=receipt_no,
        note=note,
        recorded_by=by,
    )
    _save(payment)
    return payment


def _save(record) -> None:
    try:
        record.full_clean(exclude=["reverses"])
    except ValidationError as e:
        raise DuesError(" ".join(e.messages)) from e
    record.save()


# --- Remittances and the township's ledger ---------------------------------------------


def branch_balance(branch: Branch) -> Decimal:
    """What the branch collected (dues and voluntary extra) and has not yet remitted."""
    paid = Payment.objects.filter(branch=branch).aggregate(a=Sum("amount"), e=Sum("extra"))
    remitted = Remittance.objects.filter(branch=branch).aggregate(s=Sum("amount"))["s"]
    return ((paid["a"] or ZERO) + (paid["e"] or ZERO) - (remitted or ZERO)).quantize(CENT)


@transaction.atomic
def record_remittance(
    *,
    branch: Branch,
    amount: Decimal,
    remitted_on: datetime.date,
    receipt_no: str = "",
    note: str = "",
    by=None,
) -> Remittance:
    """The branch hands dues to the township committee: never more than it holds."""
    Branch.objects.select_for_update().get(pk=branch.pk)
    if amount is None or amount < CENT:
        raise DuesError(_("Enter an amount of at least 0.01 yuan."))
    if remitted_on > today():
        raise DuesError(_("The date cannot be in the future."))
    held = branch_balance(branch)
    if amount > held:
        raise DuesError(
            _(
                "%(amount)s yuan is more than the %(held)s yuan the branch has collected and not yet remitted."
            )
            % {"amount": amount, "held": held}
        )
    remittance = Remittance(
        branch=branch,
        amount=amount,
        remitted_on=remitted_on,
        receipt_no=receipt_no.strip(),
        note=note,
        recorded_by=by,
    )
    _save(remittance)
    return remittance


def township_balance(township: Township) -> Decimal:
    received = Remittance.objects.filter(branch__township=township).aggregate(s=Sum("amount"))["s"]
    spent = TownshipEntry.objects.filter(township=township).aggregate(s=Sum("amount"))["s"]
    return ((received or ZERO) - (spent or ZERO)).quantize(CENT)


@transaction.atomic
def record_township_entry(
    *,
    township: Township,
    kind: str,
    amount: Decimal,
    entered_on: datetime.date,
    purpose: str,
    approved_by: str = "",
    by=None,
) -> TownshipEntry:
    """Dues leaving the township's account (remitted upward or used): never more than it holds."""
    Township.objects.select_for_update().get(pk=township.pk)
    if amount is None or amount < CENT:
        raise DuesError(_("Enter an amount of at least 0.01 yuan."))
    if entered_on > today():
        raise DuesError(_("The date cannot be in the future."))
    held = township_balance(township)
    if amount > held:
        raise DuesError(
            _("%(amount)s yuan is more than the %(held)s yuan of dues the township holds.")
            % {"amount": amount, "held": held}
        )
    entry = TownshipEntry(
        township=township,
        kind=kind,
        amount=amount,
        entered_on=entered_on,
        purpose=purpose.strip(),
        approved_by=approved_by.strip(),
        recorded_by=by,
    )
    _save(entry)
    return entry


# --- Corrections --------------------------------------------------------------------------

DATE_FIELDS = {"Payment": "paid_on", "Remittance": "remitted_on", "TownshipEntry": "entered_on"}
NOTE_FIELDS = {"Payment": "note", "Remittance": "note", "TownshipEntry": "purpose"}


@transaction.atomic
def reverse_record(*, record, on: datetime.date, reason: str, by=None):
    """Correct a record of money: a copy with the amounts negated that points at it. Both
    stay; the months of a reversed payment are owed again."""
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    if record.is_reversal:
        raise DuesError(_("A reversing entry cannot itself be reversed."))
    if model.objects.filter(reverses=record).exists():
        raise DuesError(_("This record has already been reversed."))
    if not reason.strip():
        raise DuesError(_("Give the reason for the correction."))
    date_field = DATE_FIELDS[model.__name__]
    if on < getattr(record, date_field):
        raise DuesError(_("A correction cannot be dated before the record it corrects."))
    if on > today():
        raise DuesError(_("The date cannot be in the future."))
    copy = model.objects.get(pk=record.pk)
    copy.pk = None
    copy.id = None
    copy.reverses = record
    copy.recorded_by = by
    copy.amount = -record.amount
    if isinstance(copy, Payment):
        copy.monthly = -record.monthly
        copy.extra = -record.extra
    setattr(copy, date_field, on)
    note_field = NOTE_FIELDS[model.__name__]
    limit = model._meta.get_field(note_field).max_length
    setattr(copy, note_field, (_("Correction: %(reason)s") % {"reason": reason.strip()})[:limit])
    if isinstance(record, Remittance):
        # A remittance the township has already spent cannot simply vanish.
        if township_balance(record.branch.township) < record.amount:
            raise DuesError(
                _("The township has already spent these dues: reverse its entries first.")
            )
    copy.save()
    return copy


# --- The branch's decisions: paying by quarter, good reasons --------------------------------


@transaction.atomic
def record_quarterly_consent(
    *, branch: Branch, year: int, decided_on: datetime.date, note: str = ""
) -> QuarterlyConsent:
    """The branch meeting's consent that its members pay by quarter in `year`."""
    if decided_on > today():
        raise DuesError(_("The date cannot be in the future."))
    if QuarterlyConsent.objects.filter(branch=branch, year=year).exists():
        raise DuesError(
            _("The branch's consent for %(year)s is already recorded.") % {"year": year}
        )
    consent = QuarterlyConsent(branch=branch, year=year, decided_on=decided_on, note=note.strip())
    _save(consent)
    return consent


@transaction.atomic
def record_good_reason(
    *,
    member: Member,
    month_from: datetime.date,
    month_to: datetime.date,
    reason: str,
    decided_on: datetime.date,
) -> GoodReason:
    """Months the branch accepts the member did not pay for a good reason: they do not count
    towards 党章 Article 9's six months (they are still owed)."""
    month_from, month_to = month_from.replace(day=1), month_to.replace(day=1)
    if month_to < month_from:
        raise DuesError(_("The last month comes before the first."))
    if not reason.strip():
        raise DuesError(_("Give the reason."))
    if decided_on > today():
        raise DuesError(_("The date cannot be in the future."))
    good = GoodReason(
        member=member,
        month_from=month_from,
        month_to=month_to,
        reason=reason.strip(),
        decided_on=decided_on,
    )
    _save(good)
    return good
