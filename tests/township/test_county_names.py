"""`load_demo --county N` up to 100 townships (issue 20 item 4 benchmarks 100): the names
beyond the listed ones are made from name parts, unique and the same on every run, and each
township has its own area code, valid for the ID numbers of every birth year. Nothing is
built here (100 townships take an hour)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from stdnum.cn import ric

from overview.demo import MAX_COUNTY, _township_facts
from township.demo_data import (
    AREA_CODES,
    OTHER_TOWNSHIPS,
    TOWNSHIP_NAMES,
    area_code_of,
    make_id_number,
    township_names,
)
from township.models import Township


def test_a_hundred_unique_township_names_the_listed_ones_first():
    assert MAX_COUNTY == 100
    names = township_names(100)
    assert len(names) == len(set(names)) == 100
    assert names[:40] == ["青山乡", *OTHER_TOWNSHIPS]
    assert all(len(n) == 3 and n[-1] in "乡镇" for n in names)
    # Never the same place twice with the other suffix, nor the county's own name.
    places = [n[:-1] for n in names]
    assert len(set(places)) == 100
    assert "云溪" not in places


def test_the_names_are_the_same_on_every_run_and_for_any_count():
    assert township_names(100) == township_names(100) == list(TOWNSHIP_NAMES)
    assert township_names(57) == list(TOWNSHIP_NAMES[:57])
    assert township_names(1) == ["青山乡"]
    assert [_township_facts(i)[0] for i in (0, 1, 39, 40, 99)] == [
        TOWNSHIP_NAMES[i] for i in (0, 1, 39, 40, 99)
    ]
    with pytest.raises(ValueError):
        township_names(101)


def test_each_township_has_its_own_area_code_valid_for_every_birth_year():
    assert len(AREA_CODES) == len(set(AREA_CODES)) == 100
    for index, name in enumerate(TOWNSHIP_NAMES):
        code = area_code_of(Township(name=name))
        assert code == AREA_CODES[index]
        for year in (1920, 1950, 1980, 2000):
            ric.validate(make_id_number(datetime.date(year, 2, 28), "F", 7, code))


@pytest.mark.django_db
def test_the_command_refuses_more_than_100():
    with pytest.raises(CommandError, match="100"):
        call_command("load_demo", county=101)
    assert not Township.objects.exists()
