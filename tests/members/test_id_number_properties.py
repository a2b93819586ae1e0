"""Property-based checks of the ID-number rules (GB 11643, ISO 7064 MOD 11-2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from members.validators import birth_date_of, clean_id_number, gender_of, mask_id_number
from township.demo_data import make_id_number

births = st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2008, 12, 31))
genders = st.sampled_from(["M", "F"])
serials = st.integers(min_value=0, max_value=10_000)


@given(births, genders, serials)
def test_every_well_formed_number_is_accepted_with_its_birth_date_and_gender(birth, gender, serial):
    number = make_id_number(birth, gender, serial)
    assert clean_id_number(number) == number
    assert birth_date_of(number) == birth
    assert gender_of(number) == gender


@given(
    births,
    genders,
    serials,
    st.integers(min_value=0, max_value=16),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_mistyped_digit_is_caught(birth, gender, serial, position, shift):
    number = make_id_number(birth, gender, serial)
    wrong = str((int(number[position]) + shift) % 10)
    mistyped = number[:position] + wrong + number[position + 1 :]
    with pytest.raises(ValidationError):
        clean_id_number(mistyped)


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes(text):
    try:
        clean_id_number(text)
    except ValidationError as e:
        assert e.messages  # a message to show, never an exception of another kind


@given(births, genders, serials)
def test_the_mask_keeps_only_the_prefix_and_last_four(birth, gender, serial):
    number = make_id_number(birth, gender, serial)
    masked = mask_id_number(number)
    assert len(masked) == 18 and masked[:3] == number[:3] and masked[-4:] == number[-4:]
    assert set(masked[3:-4]) == {"*"}
