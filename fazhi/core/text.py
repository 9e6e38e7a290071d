"""Characters no user text may carry (pure): control characters and fazhi's own markers.

Every input (web form, import cell, API field, report prose) refuses them with a Chinese
message, so stored text is always printable and an export never fails on it. Output that
meets old stored text containing them replaces them (`printable`) instead of failing.

- Control characters: C0 and C1 controls and DEL, except tab, line feed and carriage return
  (a textarea sends CR LF). openpyxl refuses most of them in a cell, and they are invisible in
  a page, so a name "ab\\x01cd" looks like "abcd" but does not match it. U+FFFE and U+FFFF
  are not characters at all (XML refuses them), so they count with the controls.
- fazhi's markers: the report preview marks each figure with private-use characters
  (reports/rendering.py). Typed into prose they would forge a figure, so the block
  U+E000–U+E00F is reserved for them. The rest of the private-use area stays allowed: rare
  characters in people's names (生僻字) are still found there in text from older GBK systems.
"""

import re

from django.core.exceptions import ValidationError

from .errors import ActionRefused

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
_MARKERS = "\ue000-\ue00f"
BAD_CHARACTER = re.compile(f"[{_CONTROL}{_MARKERS}]")
REPLACEMENT = "\ufffd"


def bad_character(text: str) -> tuple[int, str] | None:
    """(1-based position, description) of the first character no user text may carry."""
    if not isinstance(text, str):
        return None
    found = BAD_CHARACTER.search(text)
    if found is None:
        return None
    char = found.group()
    kind = "系统保留字符" if "\ue000" <= char <= "\ue00f" else "不可见的控制字符"
    return found.start() + 1, f"{kind}（U+{ord(char):04X}）"


def character_problem(text: str) -> str | None:
    """The message without its subject ("第 3 个字符是…"), for callers that name the column or
    field in front of it themselves; None for text without such a character."""
    found = bad_character(text)
    if found is None:
        return None
    position, kind = found
    return f"第 {position} 个字符是{kind}，请删除后重新输入。"


def text_problem(text: str, label: str = "") -> str | None:
    """The Chinese message for text that carries such a character, else None."""
    problem = character_problem(text)
    if problem is None:
        return None
    return (f"「{label}」" if label else "输入的文字") + problem


def required_text(value, label: str, limit: int, missing: str = "") -> str:
    """A short text an action requires (a reason, a name, who signed): stripped, or
    ActionRefused in Chinese when it is empty (`missing`, default 请填写…), longer than
    `limit` characters or carries a character no text may carry."""
    text = str(value or "").strip()
    if not text:
        raise ActionRefused(missing or f"请填写{label}。")
    if len(text) > limit:
        raise ActionRefused(f"{label}最多 {limit} 个字。")
    problem = text_problem(text, label)
    if problem:
        raise ActionRefused(problem)
    return text


def refuse_bad_characters(text: str, label: str = "") -> None:
    """A form or model validator: raises ValidationError with the Chinese message."""
    problem = text_problem(text, label)
    if problem:
        raise ValidationError(problem, code="bad_character")


def printable(text: str) -> str:
    """Text for output (a spreadsheet cell, a document): each such character becomes U+FFFD,
    so stored text written before inputs refused them never makes an export fail."""
    if not isinstance(text, str):
        return text
    return BAD_CHARACTER.sub(REPLACEMENT, text)
