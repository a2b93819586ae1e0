"""Checks of the personal data on the national member form (DOMAIN.md, "Personal data")."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def clean_id_number(value: str) -> str:
    """Return the 18-character ID number in canonical form or raise a Chinese error.

    GB 11643: 17 digits and a check digit (0-9 or X), with the birth date and a known
    area code inside.
    """
    number = ric.compact(value or "").upper()
    try:
        return ric.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)s.") % {"n": len(number)},
            code="id_length",
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="id_format"
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check digit of this ID number is wrong: a digit was mistyped."),
            code="id_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("The birth date or area code inside this ID number is not valid."),
            code="id_component",
        ) from None


def birth_date_of(id_number: str) -> datetime.date:
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
