"""Checks of the personal data on the national member form (DOMAIN.md, "Personal data")."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from township.dates import today

#: No living member was born earlier; an earlier "birth date" is a mistyped year.
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
#: An ID number already in canonical form, which stdnum's compact() would return unchanged:
#: the common case is checked without it (it was called four times a row in a roster import).
CANONICAL_ID_RE = re.compile(r"\d{17}[\dX]", re.ASCII)


def _birth_date_in(number: str) -> datetime.date | None:
    """The date in digits 7 to 14 of a canonical number, None when it is not a real date."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def clean_id_number(value: str) -> str:
    """Return the 18-character ID number in canonical form or raise a Chinese error.

    GB 11643: 17 digits and a check digit (0-9 or X), with the birth date inside, both checked
    strictly. The area code is not: a person born before their county was renumbered and
    registered after it carries the new code, which stdnum's table calls invalid in the birth
    year (python-stdnum issue #442). id_number_warning() reports it instead (DOMAIN.md).
    """
    if isinstance(value, str) and CANONICAL_ID_RE.fullmatch(value):
        number = value
    else:
        number = ric.compact(value or "").upper()
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)s.") % {"n": len(number)},
            code="id_length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="id_format"
        )
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The check digit of this ID number is wrong: a digit was mistyped."),
            code="id_checksum",
        )
    born = _birth_date_in(number)
    if born is None or not EARLIEST_BIRTH <= born <= today():
        raise ValidationError(
            _("The birth date inside this ID number (digits 7 to 14) is not a real date."),
            code="id_birth_date",
        )
    return number


def id_number_warning(id_number: str) -> str:
    """A warning, never a refusal, when the area code (first six digits) is unknown or was not
    valid in the birth year: counties were renumbered and people registered later carry the
    new code. Empty when the code is fine or the number is not valid anyway."""
    if not id_number or len(id_number) != 18:
        return ""
    key = (id_number[:6], id_number[6:10])
    known = _AREA_KNOWN.get(key)
    if known is None:
        try:
            ric.get_birth_place(id_number)
            known = True
        except stdnum_errors.ValidationError:
            known = False
        except (ValueError, KeyError):
            return ""
        if len(_AREA_KNOWN) < 100_000:
            _AREA_KNOWN[key] = known
    if known:
        return ""
    return _(
        "The area code %(code)s of this ID number is unknown or was not in use in the "
        "birth year; check it against the ID card (a county renumbered later is normal)."
    ) % {"code": id_number[:6]}


#: (area code, birth year) -> whether python-stdnum knows the area in that year. The lookup
#: scans stdnum's area database and was a tenth of a 10,000-row roster import's CPU, while a
#: township's members share a few dozen areas.
_AREA_KNOWN: dict[tuple[str, str], bool] = {}


def birth_date_of(id_number: str) -> datetime.date:
    if isinstance(id_number, str) and CANONICAL_ID_RE.fullmatch(id_number):
        born = _birth_date_in(id_number)
        if born is not None:
            return born
    return ric.get_birth_date(id_number)


def gender_of(id_number: str) -> str:
    """'M' or 'F': the 17th character is odd for men, even for women."""
    return "M" if int(id_number[16]) % 2 else "F"


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value.replace(" ", "")):
        raise ValidationError(
            _("Enter an 11-digit mobile number or a landline such as 0831-1234567."),
            code="phone",
        )


def mask_id_number(value: str) -> str:
    """110101199003071234 -> 110***********1234: area prefix and last four stay."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_birth_date(value) -> str:
    """The year only. Where the ID number is masked its hidden middle is the area code's tail
    (public: every member of a county shares it) and the birth date; a whole birth date
    beside the mask would give the number back."""
    return str(value.year) if value else ""


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the first few characters (the village), hide the rest."""
    if not value:
        return ""
    keep = min(6, len(value) // 2)
    return value[:keep] + "****"
