"""Property-based tests (hypothesis): money sums to the fen, reversals and repayments,
and the roster parser's dates, ID numbers and phone numbers on arbitrary input."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance.models import Debt, Expenditure, Income
from finance.selectors import cash_sheet, debt_totals, total_of
from finance.services import FinanceError, debt_outstanding, record_repayment, reverse_record
from members.roster import parse_id_number, parse_phone
from tests.factories import BranchFactory
from tests.finance.factories import DebtFactory
from township.excel import CellError, parse_bool, parse_date, parse_text

FEW = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: Amounts as a village writes them: 0.01 to 99,999,999.99 yuan, to the fen.
amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2, allow_nan=False
)
START, END = datetime.date(2016, 1, 1), datetime.date(2016, 12, 20)
days = st.dates(min_value=START, max_value=END)


class _Rollback(Exception):
    pass


def _in_a_rolled_back_transaction(check):
    """Each hypothesis example gets a clean database: its rows are rolled back."""
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass


@pytest.fixture
def branch(db, settings):
    settings.TOWNSHIP_TODAY = END
    return BranchFactory()


@pytest.mark.django_db
@FEW
@given(incomes=st.lists(amounts, max_size=25), spending=st.lists(amounts, max_size=25))
def test_totals_are_the_exact_decimal_sums(branch, incomes, spending):
    def check():
        Income.objects.bulk_create(
            Income(branch=branch, received_on=START, amount=a, source="收入") for a in incomes
        )
        Expenditure.objects.bulk_create(
            Expenditure(branch=branch, spent_on=START, amount=a, payee="付", purpose="支")
            for a in spending
        )
        sheet = cash_sheet(branch.pk, START, END)
        assert sheet.income_total == sum(incomes, Decimal("0"))
        assert sheet.expenditure_total == sum(spending, Decimal("0"))
        assert sheet.balance == sum(incomes, Decimal("0")) - sum(spending, Decimal("0"))
        assert total_of(Income.objects.filter(branch=branch)).as_tuple().exponent == -2

    _in_a_rolled_back_transaction(check)


@pytest.mark.django_db
@FEW
@given(
    kept=st.lists(amounts, max_size=10),
    wrong=amounts,
    on=days,
)
def test_a_reversal_brings_the_total_back(branch, kept, wrong, on):
    def check():
        for a in kept:
            Expenditure.objects.create(
                branch=branch, spent_on=START, amount=a, payee="付", purpose="支"
            )
        before = cash_sheet(branch.pk, START, END).expenditure_total
        mistake = Expenditure.objects.create(
            branch=branch, spent_on=START, amount=wrong, payee="付", purpose="错"
        )
        assert cash_sheet(branch.pk, START, END).expenditure_total == before + wrong
        reverse_record(record=mistake, on=on, reason="录入错误")
        assert cash_sheet(branch.pk, START, END).expenditure_total == before
        with pytest.raises(FinanceError):  # a second reversal would count it twice
            reverse_record(record=mistake, on=on, reason="再次")

    _in_a_rolled_back_transaction(check)


@pytest.mark.django_db
@FEW
@given(principal=amounts, payments=st.lists(amounts, min_size=1, max_size=12))
def test_repayments_never_exceed_what_is_owed(branch, principal, payments):
    def check():
        debt = DebtFactory(branch=branch, principal=principal, incurred_on=START)
        paid = Decimal("0")
        for amount in payments:
            if paid + amount <= principal:
                record_repayment(debt=debt, paid_on=END, amount=amount)
                paid += amount
            else:
                with pytest.raises(FinanceError):
                    record_repayment(debt=debt, paid_on=END, amount=amount)
            assert debt_outstanding(debt) == principal - paid >= 0
        assert debt_totals(branch.pk, on=END)["outstanding"] == principal - paid
        assert Debt.objects.get(pk=debt.pk).repayments.count() <= len(payments)

    _in_a_rolled_back_transaction(check)


# --- The roster parser -----------------------------------------------------------------------

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.from_regex(r"\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?", fullmatch=True),
    st.from_regex(r"[0-9X*.E+ ]{1,20}", fullmatch=True),
)


@FEW
@given(value=cells)
def test_the_parser_raises_only_its_own_cell_error(value):
    for parse in (parse_date, parse_id_number, parse_phone, parse_bool, parse_text):
        try:
            parse(value)
        except CellError:
            pass


@FEW
@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    form=st.sampled_from(
        [
            "{y}-{m}-{d}",
            "{y}-{m:02d}-{d:02d}",
            "{y}/{m}/{d}",
            "{y}.{m}.{d}",
            "{y}年{m}月{d}日",
            "{y}{m:02d}{d:02d}",
            " {y} - {m} - {d} ",
        ]
    ),
)
def test_a_written_date_reads_back_as_the_same_day(day, form):
    parsed = parse_date(form.format(y=day.year, m=day.month, d=day.day))
    assert parsed.value == day and not parsed.month_only


@FEW
@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    form=st.sampled_from(["{y}-{m}", "{y}.{m:02d}", "{y}年{m}月", "{y}{m:02d}", "{y}/{m}"]),
)
def test_a_year_and_month_reads_back_as_the_first_of_the_month(day, form):
    parsed = parse_date(form.format(y=day.year, m=day.month))
    assert parsed.value == day.replace(day=1) and parsed.month_only


@FEW
@given(day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_excel_date_cells_and_serial_numbers_read_back(day):
    assert parse_date(day).value == day
    assert parse_date(datetime.datetime.combine(day, datetime.time(8, 30))).value == day
    serial = (day - datetime.date(1899, 12, 30)).days
    assert parse_date(serial).value == day


@FEW
@given(
    birth=st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2000, 12, 31)),
    serial=st.integers(min_value=1, max_value=999),
    gender=st.sampled_from("MF"),
)
def test_a_valid_id_number_passes_the_parser_unchanged(birth, serial, gender):
    from township.demo_data import make_id_number

    number = make_id_number(birth, gender, serial)
    assert parse_id_number(number) == number
    assert parse_id_number(number.lower()) == number
    assert parse_id_number(f" {number} ") == number
