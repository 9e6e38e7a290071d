"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Layout, 18 characters:
  1      登记管理部门代码 (registering authority)
  2      机构类别代码 (kind of organisation)
  3-8    登记管理机关行政区划码, six digits (GB/T 2260)
  9-17   主体标识码 = the 组织机构代码 (GB 11714), whose last character is its own check digit
  18     校验码 (check character)

Every position other than 3-8 uses the digits and the upper-case letters except I, O, Z, S, V;
their values run 0-30 in the order of `_ALPHABET`. The check character is
C18 = 31 - MOD(Σ Ci×Wi, 31) over positions 1-17, with Wi = MOD(3^(i-1), 31) and 31 written
as "0". Sources read (the standard's own text is sold, not published freely):
- the standard's worked example and tables 1-2, as retold at
  https://wddqw.com/doc/53f79e6a996648d7c1c708a1284ac850ad020467.html and
  https://renrendoc.com/p-47802332.html ("91350100M000100Y4Z" fails; the right check is "3");
- the position layout and "不使用I、O、Z、S、V", at https://juejin.cn/post/6994082346274127885
  and https://www.xpykjsws.com/haiwaigongsizhuce/893544.html (positions 9-17 "按照GB 11714编码",
  the check "参照GB/T 17710").

The inner GB 11714 check digit (position 17) is NOT checked here. GB 32100 says positions
9-17 are *coded* according to GB 11714 (a rule for the issuing office), but the only
verification procedure it gives, the worked example above, computes position 18 alone. A
reader also could not apply GB 11714's check unambiguously: published descriptions of it
disagree on the letters' values (A-Z as 10-35, or the GB 32100 table without I, O, S, V, Z),
so a stricter test risks refusing codes printed on real licences. Position 18 already catches
every single wrong character and every swap of neighbours in positions 1-17 (see the tests).

Callers should pass input through `normalise_uscc` first; `uscc_problem` judges the code
exactly as given, so lower-case letters are reported rather than silently accepted.
"""

__all__ = ["normalise_uscc", "uscc_check_character", "uscc_problem"]

USCC_LENGTH = 18

# Index = the character's value in GB 32100 table 1.
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {character: value for value, character in enumerate(_ALPHABET)}
_MODULUS = 31
_WEIGHTS = tuple(pow(3, i, _MODULUS) for i in range(17))

_LEFT_OUT_LETTERS = "IOZSV"
_DIGITS = "0123456789"
# 1-based positions 3-8: the administrative-division code, digits only.
_DIVISION_CODE = range(3, 9)

# Full-width forms U+FF01-U+FF5E sit exactly 0xFEE0 above their ASCII twins; people typing with
# a Chinese input method often produce them, and the ideographic space U+3000.
_FULL_WIDTH_OFFSET = 0xFEE0
_TO_HALF_WIDTH = {code: code - _FULL_WIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_TO_HALF_WIDTH[0x3000] = ord(" ")


def normalise_uscc(text: str) -> str:
    """The code as it should be stored: no spaces, half-width, upper-case letters.

    Only ASCII letters are upper-cased, so a stray non-Latin character stays visible for
    `uscc_problem` to report instead of being changed into something else.
    """
    if not isinstance(text, str):
        return ""
    half_width = text.translate(_TO_HALF_WIDTH)
    without_spaces = "".join(half_width.split())
    return "".join(c.upper() if "a" <= c <= "z" else c for c in without_spaces)


def uscc_check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code."""
    if (
        not isinstance(first17, str)
        or len(first17) != USCC_LENGTH - 1
        or any(c not in _VALUES for c in first17)
    ):
        raise ValueError(
            "计算校验码需要统一社会信用代码的前17位，且只能是数字和大写字母（不含I、O、Z、S、V）。"
        )
    total = sum(_VALUES[c] * weight for c, weight in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(_MODULUS - total % _MODULUS) % _MODULUS]


def _character_problem(position: int, character: str) -> str | None:
    if position in _DIVISION_CODE:
        if character in _DIGITS:
            return None
        return f"第3至8位是登记管理机关行政区划码，只能是数字，第{position}位却是“{character}”。"
    if character in _VALUES:
        return None
    if "a" <= character <= "z":
        return f"第{position}位的“{character}”是小写字母，统一社会信用代码请用大写字母。"
    if character in _LEFT_OUT_LETTERS:
        return (
            f"第{position}位的“{character}”不会出现在统一社会信用代码中"
            "（代码不使用字母I、O、Z、S、V），请核对。"
        )
    return f"第{position}位的“{character}”不是统一社会信用代码可用的字符，只能是数字和大写字母。"


def uscc_problem(code: str) -> str | None:
    """What is wrong with a code, as a Chinese sentence for the user; None when it is valid."""
    if not isinstance(code, str) or not code:
        return "未填写统一社会信用代码。"
    if len(code) != USCC_LENGTH:
        return f"统一社会信用代码应为18位，现在是{len(code)}位。"
    for position, character in enumerate(code, start=1):
        problem = _character_problem(position, character)
        if problem:
            return problem
    # The right character is deliberately not shown: a user told "it should end in X" tends to
    # change the last character, which hides a typo made anywhere else in the code.
    if code[-1] != uscc_check_character(code[:-1]):
        return "统一社会信用代码的校验码不符，请核对。"
    return None
