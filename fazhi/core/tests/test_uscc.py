"""Unified social credit codes (GB 32100-2015): check character, problems, normalising. Pure,
no database."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.uscc import normalise_uscc, uscc_check_character, uscc_problem

FAST = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DIGITS = "0123456789"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# The standard's worked example, as retold at
# https://wddqw.com/doc/53f79e6a996648d7c1c708a1284ac850ad020467.html: the products of values
# (9 1 3 5 0 1 0 0 21 0 0 0 1 0 0 30 4) and weights sum to 1640, 1640 % 31 = 28, 31 - 28 = 3.
STANDARD_EXAMPLE = "91350100M000100Y43"
STANDARD_EXAMPLE_MISPRINT = "91350100M000100Y4Z"  # the same page's example of a failing code

# Codes printed for real organisations (each checked by hand below and by uscc_check_character):
# - 华为技术有限公司, infobox of https://zh.wikipedia.org/zh-hk/%E8%8F%AF%E7%88%B2
HUAWEI = "914403001922038216"
# - 小米科技有限责任公司, README of the npm package uscc-utils 0.7.0 (unpkg.com)
XIAOMI = "91110108551385082Q"
# - 中国全聚德(集团)股份有限公司 and 北京长峰医院, https://blog.csdn.net/ellasun_web/article/details/130267762
QUANJUDE = "91110000101623741K"
CHANGFENG_HOSPITAL = "911101066976941872"
REAL_CODES = [STANDARD_EXAMPLE, HUAWEI, XIAOMI, QUANJUDE, CHANGFENG_HOSPITAL]


def test_weights_are_powers_of_three_mod_31():
    # GB 32100 table 2 lists Wi = MOD(3^(i-1), 31); the list above is copied from that table.
    assert tuple(pow(3, i, 31) for i in range(17)) == WEIGHTS


def test_check_character_of_the_standard_example_is_3():
    assert uscc_check_character(STANDARD_EXAMPLE[:17]) == "3"


def test_huawei_check_by_hand():
    # Values 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1 times WEIGHTS:
    # 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 % 31 = 25; 31 - 25 = 6.
    assert uscc_check_character(HUAWEI[:17]) == "6"


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_are_valid(code):
    assert uscc_problem(code) is None


def test_the_standards_failing_example_is_refused():
    # Its "Z" is not even in the character set, so that is what the user hears about first.
    assert uscc_problem(STANDARD_EXAMPLE_MISPRINT) == (
        "第18位的“Z”不会出现在统一社会信用代码中（代码不使用字母I、O、Z、S、V），请核对。"
    )


def test_a_sum_divisible_by_31_gives_check_0():
    # "0" * 17 sums to 0; 31 - 0 = 31, which the standard writes as "0".
    assert uscc_check_character("0" * 17) == "0"
    assert uscc_problem("000000000000000000") is None


def test_a_remainder_of_1_gives_check_y():
    # "1" then sixteen "0": sum 1, 31 - 1 = 30, the value of "Y".
    assert uscc_check_character("1" + "0" * 16) == "Y"


@pytest.mark.parametrize(
    "bad", ["", "9135010", "91350100M000100Y", STANDARD_EXAMPLE, "9135010OM000100Y4", None]
)
def test_check_character_needs_17_allowed_characters(bad):
    with pytest.raises(ValueError, match="前17位"):
        uscc_check_character(bad)


# --- Problems ---------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", ["", None])
def test_empty(empty):
    assert uscc_problem(empty) == "未填写统一社会信用代码。"


@pytest.mark.parametrize(
    ("code", "length"),
    [(STANDARD_EXAMPLE[:17], 17), (STANDARD_EXAMPLE + "0", 19), ("9", 1)],
)
def test_wrong_length_says_how_many(code, length):
    assert uscc_problem(code) == f"统一社会信用代码应为18位，现在是{length}位。"


@pytest.mark.parametrize("letter", "IOZSV")
def test_left_out_letter_names_it_and_its_place(letter):
    code = STANDARD_EXAMPLE[:9] + letter + STANDARD_EXAMPLE[10:]
    problem = uscc_problem(code)
    assert problem.startswith(f"第10位的“{letter}”不会出现在统一社会信用代码中")
    assert "I、O、Z、S、V" in problem


def test_letter_in_the_division_code():
    code = STANDARD_EXAMPLE[:4] + "A" + STANDARD_EXAMPLE[5:]
    assert uscc_problem(code) == "第3至8位是登记管理机关行政区划码，只能是数字，第5位却是“A”。"


def test_lower_case_letter_is_reported_not_accepted():
    code = STANDARD_EXAMPLE[:8] + "m" + STANDARD_EXAMPLE[9:]
    assert uscc_problem(code) == "第9位的“m”是小写字母，统一社会信用代码请用大写字母。"


@pytest.mark.parametrize("character", ["-", "Ｍ", "中", " "])
def test_other_character(character):
    code = STANDARD_EXAMPLE[:8] + character + STANDARD_EXAMPLE[9:]
    assert uscc_problem(code) == (
        f"第9位的“{character}”不是统一社会信用代码可用的字符，只能是数字和大写字母。"
    )


def test_first_bad_character_is_reported():
    assert uscc_problem("9I3501O0M000100Y43").startswith("第2位的“I”")


def test_bad_check_character_does_not_reveal_the_right_one():
    problem = uscc_problem(STANDARD_EXAMPLE[:17] + "4")
    assert problem == "统一社会信用代码的校验码不符，请核对。"
    assert "3" not in problem


# --- Normalising ------------------------------------------------------------------------------


def test_normalise_removes_spaces_of_every_kind():
    assert normalise_uscc(" 9135 0100\tM000\u3000100Y43\n") == STANDARD_EXAMPLE


def test_normalise_turns_full_width_into_half_width():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in STANDARD_EXAMPLE)
    assert normalise_uscc(full_width) == STANDARD_EXAMPLE


def test_normalise_upper_cases_letters():
    assert normalise_uscc("91110108551385082q") == XIAOMI
    assert normalise_uscc("91110108551385082ｑ") == XIAOMI  # full-width lower case too


def test_normalise_leaves_other_characters_for_uscc_problem_to_report():
    assert normalise_uscc("9135010０-ß") == "91350100-ß"
    assert normalise_uscc(None) == ""


def test_normalised_input_is_valid():
    assert uscc_problem(normalise_uscc("  ９１１１０１０８５５１３８５０８２ｑ ")) is None


# --- What the check character catches ---------------------------------------------------------


def allowed_at(position: int) -> str:
    """Characters allowed at a 1-based position: digits in the division code, else ALPHABET."""
    return DIGITS if 3 <= position <= 8 else ALPHABET


@pytest.mark.parametrize("code", REAL_CODES)
def test_every_single_substitution_is_caught(code):
    # 31 is prime and no weight is 0 mod 31, so changing one value by d (0 < |d| < 31) moves the
    # sum by d×Wi ≢ 0 (mod 31); and the check character itself is unique for each sum.
    for position in range(1, 19):
        for replacement in allowed_at(position):
            if replacement == code[position - 1]:
                continue
            changed = code[: position - 1] + replacement + code[position:]
            assert uscc_problem(changed) == "统一社会信用代码的校验码不符，请核对。", changed


first17 = st.tuples(
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text(DIGITS, min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(first17)
@FAST
def test_appending_the_check_character_gives_a_valid_code(start):
    assert uscc_problem(start + uscc_check_character(start)) is None


@given(first17, st.integers(min_value=1, max_value=18), st.data())
@FAST
def test_changing_one_character_makes_a_valid_code_invalid(start, position, data):
    code = start + uscc_check_character(start)
    others = [c for c in allowed_at(position) if c != code[position - 1]]
    replacement = data.draw(st.sampled_from(others))
    changed = code[: position - 1] + replacement + code[position:]
    assert uscc_problem(changed) == "统一社会信用代码的校验码不符，请核对。"


@given(first17, st.integers(min_value=1, max_value=16))
@FAST
def test_swapping_neighbours_in_positions_1_to_17_is_caught(start, position):
    # Swapping values a and b at positions i, i+1 moves the sum by (a-b)(W(i+1) - Wi)
    # = (a-b)×2×Wi, never 0 mod 31 when a ≠ b. (A swap with position 18 is not always caught.)
    code = start + uscc_check_character(start)
    i = position - 1
    if code[i] == code[i + 1]:
        return
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    assert uscc_problem(swapped) is not None
