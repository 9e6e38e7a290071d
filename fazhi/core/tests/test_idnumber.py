"""18-digit resident identity numbers (GB 11643-1999): validation, check digit, masking."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.idnumber import (
    IdNumberValidator,
    birth_date_from_id_number,
    id_number_check_digit,
    mask_id_number,
    validate_id_number,
)

# The standard's own example. By hand, digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times weights
# 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 give 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167,
# 167 % 11 = 2, and "10X98765432"[2] = "X".
STANDARD_EXAMPLE = "11010519491231002X"

# 3 3 0 1 0 2 1 9 9 0 0 3 0 7 0 0 1: 21+27+0+5+0+8+2+9+54+0+0+27+0+35+0+0+2 = 190,
# 190 % 11 = 3, and "10X98765432"[3] = "9".
DIGIT_CHECK_EXAMPLE = "330102199003070019"


def with_check_digit(first17: str) -> str:
    return first17 + id_number_check_digit(first17)


def error_of(value) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(value)
    return excinfo.value


# --- Check digit ------------------------------------------------------------------------------


def test_check_digit_of_the_standard_example_is_x():
    assert id_number_check_digit(STANDARD_EXAMPLE[:17]) == "X"


def test_check_digit_can_be_a_digit():
    assert id_number_check_digit(DIGIT_CHECK_EXAMPLE[:17]) == "9"


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100A"])
def test_check_digit_needs_exactly_seventeen_digits(bad):
    with pytest.raises(ValueError, match="前17位"):
        id_number_check_digit(bad)


# --- Valid numbers ----------------------------------------------------------------------------


def test_valid_numbers_are_returned_unchanged():
    assert validate_id_number(STANDARD_EXAMPLE) == STANDARD_EXAMPLE
    assert validate_id_number(DIGIT_CHECK_EXAMPLE) == DIGIT_CHECK_EXAMPLE


def test_lower_case_x_and_surrounding_whitespace_are_normalised():
    assert validate_id_number("11010519491231002x") == STANDARD_EXAMPLE
    assert validate_id_number("  11010519491231002x\n") == STANDARD_EXAMPLE


def test_birth_date_is_read_from_positions_seven_to_fourteen():
    assert birth_date_from_id_number(STANDARD_EXAMPLE) == date(1949, 12, 31)
    assert birth_date_from_id_number("11010519491231002x") == date(1949, 12, 31)
    assert birth_date_from_id_number(DIGIT_CHECK_EXAMPLE) == date(1990, 3, 7)


def test_birth_year_1900_and_leap_day_are_accepted():
    assert validate_id_number(with_check_digit("11010519000101001"))
    assert birth_date_from_id_number(with_check_digit("11010520000229001")) == date(2000, 2, 29)


# --- Invalid numbers --------------------------------------------------------------------------

FORMAT_MESSAGE = "身份证号应为18位：前17位为数字，最后一位为数字或X"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "11010519491231002",  # 17 characters
        "11010519491231002X1",  # 19 characters
        "110105194912310021X",  # 19 characters ending in X
        "1101051949123100XX",  # X before the last position
        "11010519491231002Y",  # a letter other than X
        "A1010519491231002X",  # a letter at the front
        "110105 19491231002X",  # a space inside
        "１１０１０５１９４９１２３１００２X",  # full-width digits
    ],
)
def test_wrong_length_or_characters_are_rejected(value):
    error = error_of(value)
    assert error.messages == [FORMAT_MESSAGE]
    assert error.code == "invalid_id_number"


def test_non_string_input_is_rejected_with_the_format_message():
    assert error_of(None).messages == [FORMAT_MESSAGE]


def test_wrong_check_digit_names_expected_and_actual():
    error = error_of("110105194912310025")
    assert error.messages == ["身份证号校验位错误：应为 X，实际为 5"]
    assert error.code == "invalid_id_number_check_digit"


def test_a_digit_check_number_with_x_is_rejected():
    error = error_of(DIGIT_CHECK_EXAMPLE[:17] + "X")
    assert error.messages == ["身份证号校验位错误：应为 9，实际为 X"]


def test_impossible_birth_date_is_rejected():
    # Correct check digit, so only the date can be at fault.
    error = error_of(with_check_digit("11010519990231001"))
    assert error.messages == ["身份证号中的出生日期 19990231 不是有效日期"]
    assert error.code == "invalid_id_number_birth_date"


@pytest.mark.parametrize("birth", ["19991301", "19990001", "19990100", "20010229"])
def test_other_impossible_birth_dates_are_rejected(birth):
    error = error_of(with_check_digit(f"110105{birth}001"))
    assert error.messages == [f"身份证号中的出生日期 {birth} 不是有效日期"]


def test_birth_date_in_the_future_is_rejected():
    birth = f"{date.today().year + 1}0101"
    error = error_of(with_check_digit(f"110105{birth}001"))
    assert error.messages == [f"身份证号中的出生日期 {birth} 晚于今天，不是有效日期"]
    assert error.code == "invalid_id_number_birth_date"


def test_birth_year_before_1900_is_rejected():
    error = error_of(with_check_digit("11010518991231001"))
    assert error.messages == ["身份证号中的出生日期 18991231 早于1900年，不是有效日期"]


def test_birth_date_of_an_invalid_number_raises():
    with pytest.raises(ValidationError):
        birth_date_from_id_number("110105194912310025")


# --- Masking ----------------------------------------------------------------------------------


def test_mask_keeps_first_four_and_last_four_characters():
    assert mask_id_number("433123199001011234") == "4331**********1234"
    assert mask_id_number(STANDARD_EXAMPLE) == "1101**********002X"


def test_mask_of_empty_input_is_empty():
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


@pytest.mark.parametrize("value", ["1", "123", "12345678"])
def test_short_values_are_masked_entirely(value):
    assert mask_id_number(value) == "*" * len(value)


def test_mask_of_nine_characters_hides_one():
    assert mask_id_number("123456789") == "1234*6789"


# --- Field validator --------------------------------------------------------------------------


def test_validator_accepts_valid_and_rejects_invalid_numbers():
    validator = IdNumberValidator()
    validator(STANDARD_EXAMPLE)
    with pytest.raises(ValidationError, match="校验位错误"):
        validator("110105194912310025")


def test_validator_is_serialisable_for_migrations():
    path, args, kwargs = IdNumberValidator().deconstruct()
    assert path == "fazhi.core.idnumber.IdNumberValidator"
    assert (args, kwargs) == ((), {})
    assert IdNumberValidator() == IdNumberValidator()
