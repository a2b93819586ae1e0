"""The roster reader's pure parts: dates as people type them, ID numbers Excel mangled."""

import datetime

import pytest

from members.roster import parse_id_number, parse_member_row
from township.excel import CellError, normalise_text, parse_bool, parse_date

LOST = "身份证号被Excel转成了数字，后几位已丢失：请把该列设为文本格式后重新导出"


@pytest.mark.parametrize(
    "value, expected, month_only",
    [
        ("1975-3-8", datetime.date(1975, 3, 8), False),
        ("1975/3/8", datetime.date(1975, 3, 8), False),
        ("1975.03.08", datetime.date(1975, 3, 8), False),
        ("1975年3月8日", datetime.date(1975, 3, 8), False),
        ("19750308", datetime.date(1975, 3, 8), False),
        (19750308, datetime.date(1975, 3, 8), False),
        ("1975.03", datetime.date(1975, 3, 1), True),
        ("1975年3月", datetime.date(1975, 3, 1), True),
        ("1975-03", datetime.date(1975, 3, 1), True),
        (1975.03, datetime.date(1975, 3, 1), True),
        (1975.12, datetime.date(1975, 12, 1), True),
        (datetime.datetime(1975, 3, 8, 0, 0), datetime.date(1975, 3, 8), False),
        (27461, datetime.date(1975, 3, 8), False),  # an Excel serial in a number cell
    ],
)
def test_it_reads_dates_in_every_usual_form(value, expected, month_only):
    found = parse_date(value)
    assert found.value == expected
    assert found.month_only is month_only


def test_it_reads_full_width_digits_after_normalising():
    assert parse_date(normalise_text("１９７５－０３－０８ ")).value == datetime.date(1975, 3, 8)


@pytest.mark.parametrize("value", ["1975.13", "昨天", "1975-02-30", "75.3"])
def test_it_refuses_what_is_not_a_date(value):
    with pytest.raises(CellError, match="不是日期"):
        parse_date(value)


def test_it_refuses_to_guess_an_ambiguous_number_date():
    with pytest.raises(CellError, match="1975.10"):
        parse_date(1975.1)  # January, or October with its zero dropped?


@pytest.mark.parametrize(
    "value",
    [4.10102197503081e17, 410102197503081000, "4.10102E+17", "4.10102e+17", "410102197503081000"],
)
def test_it_says_an_id_number_lost_its_digits_and_never_guesses(value):
    with pytest.raises(CellError) as error:
        parse_id_number(value)
    assert str(error.value) == LOST


def test_it_keeps_a_valid_id_number_given_as_text():
    assert parse_id_number(" 11010119750308123x ".strip()) == "11010119750308123X"


def test_it_reads_yes_and_no():
    assert parse_bool("是") is True
    assert parse_bool("否") is False
    assert parse_bool(None) is False
    with pytest.raises(CellError):
        parse_bool("也许")


def test_it_takes_gender_and_the_day_of_birth_from_the_id_number():
    from township.demo_data import make_id_number

    number = make_id_number(datetime.date(1975, 3, 8), "F", 3)
    row, _months, problems = parse_member_row(
        {"id_number": number, "birth_date": "1975.03", "gender": None},
        branches={},
        township_name="青山乡",
    )
    assert problems == []
    assert row["gender"] == "F"
    assert row["birth_date"] == datetime.date(1975, 3, 8)


def test_it_reports_a_month_of_birth_that_disagrees_with_the_id_number():
    from township.demo_data import make_id_number

    number = make_id_number(datetime.date(1975, 3, 8), "M", 3)
    _row, _months, problems = parse_member_row(
        {"id_number": number, "birth_date": "1975.04"}, branches={}, township_name="青山乡"
    )
    assert [p[0] for p in problems] == ["出生日期"]
