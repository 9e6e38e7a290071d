"""18-digit resident identity numbers (公民身份号码, GB 11643-1999).

Layout: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit sequence code, and one
ISO 7064 MOD 11-2 check character (a digit or X).
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

__all__ = [
    "IdNumberValidator",
    "birth_date_from_id_number",
    "id_number_check_digit",
    "mask_id_number",
    "validate_id_number",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Spelled [0-9] rather than \d: \d also accepts full-width and other Unicode digits.
_FORMAT = re.compile(r"[0-9]{17}[0-9X]")
_FIRST17 = re.compile(r"[0-9]{17}")

_MIN_BIRTH_YEAR = 1900


def _today() -> date:
    # The "future birth date" check must use the Chinese local date, not the server's UTC date;
    # without configured settings (plain unit tests) the process-local date is the best we have.
    if settings.configured and settings.USE_TZ:
        return timezone.localdate()
    return date.today()


def id_number_check_digit(first17: str) -> str:
    """The check character ("0"–"9" or "X") for the first 17 digits of an ID number."""
    if not isinstance(first17, str) or not _FIRST17.fullmatch(first17):
        raise ValueError("计算校验位需要身份证号的前17位数字。")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _parse_birth_date(number: str) -> date:
    raw = number[6:14]
    try:
        birth = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        raise ValidationError(
            "身份证号中的出生日期 %(birth)s 不是有效日期",
            code="invalid_id_number_birth_date",
            params={"birth": raw},
        ) from None
    if birth.year < _MIN_BIRTH_YEAR:
        raise ValidationError(
            "身份证号中的出生日期 %(birth)s 早于1900年，不是有效日期",
            code="invalid_id_number_birth_date",
            params={"birth": raw},
        )
    if birth > _today():
        raise ValidationError(
            "身份证号中的出生日期 %(birth)s 晚于今天，不是有效日期",
            code="invalid_id_number_birth_date",
            params={"birth": raw},
        )
    return birth


def validate_id_number(value: str) -> str:
    """Check an 18-digit ID number and return it normalised (trimmed, trailing X upper-case)."""
    if not isinstance(value, str):
        value = ""
    number = value.strip().upper()
    if not _FORMAT.fullmatch(number):
        raise ValidationError(
            "身份证号应为18位：前17位为数字，最后一位为数字或X",
            code="invalid_id_number",
        )
    _parse_birth_date(number)
    expected = id_number_check_digit(number[:17])
    if number[17] != expected:
        raise ValidationError(
            "身份证号校验位错误：应为 %(expected)s，实际为 %(actual)s",
            code="invalid_id_number_check_digit",
            params={"expected": expected, "actual": number[17]},
        )
    return number


def birth_date_from_id_number(value: str) -> date:
    """The birth date encoded in a valid ID number; raises ValidationError for an invalid one."""
    return _parse_birth_date(validate_id_number(value))


def mask_id_number(value: str) -> str:
    """Hide the middle of an ID number for display, keeping the first 4 and last 4 characters."""
    if not value:
        return ""
    value = str(value).strip()
    # Too short to keep 4 + 4 characters without revealing most of it, so hide everything.
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


@deconstructible
class IdNumberValidator:
    """Model/form field validator: `validators=[IdNumberValidator()]`."""

    def __call__(self, value: str) -> None:
        validate_id_number(value)

    # Migrations compare validators by equality; without this every makemigrations would
    # report the field as changed.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdNumberValidator)

    def __hash__(self) -> int:
        return hash(IdNumberValidator)
