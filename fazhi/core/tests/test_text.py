"""The characters no user text may carry (core/text.py), pure: control characters other than
tab, CR and LF, and fazhi's reserved markers U+E000–U+E00F."""

import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.text import (
    REPLACEMENT,
    bad_character,
    printable,
    refuse_bad_characters,
    text_problem,
)

FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

C0 = [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\r\n"]
C1 = [chr(c) for c in range(0x7F, 0xA0)]  # DEL and the C1 controls
MARKERS = [chr(c) for c in range(0xE000, 0xE010)]
FORBIDDEN = C0 + C1 + MARKERS
CJK = re.compile(r"[\u4e00-\u9fff]")

# Any text at all, surrogates and non-characters included.
any_text = st.text(alphabet=st.characters(exclude_categories=()))
allowed_text = st.text(alphabet=st.characters(exclude_characters="".join(FORBIDDEN)))


@given(before=any_text, forbidden=st.sampled_from(FORBIDDEN), after=any_text)
@FAST
def test_any_text_carrying_a_forbidden_character_is_refused(before, forbidden, after):
    text = before + forbidden + after
    found = bad_character(text)
    assert found is not None
    position, kind = found
    # The first forbidden character, counted from 1 as people count.
    first = next(i for i, char in enumerate(text) if char in FORBIDDEN)
    assert position == first + 1
    assert f"U+{ord(text[first]):04X}" in kind
    message = text_problem(text, "申请人")
    assert message.startswith("「申请人」") and CJK.search(message)
    with pytest.raises(ValidationError) as refused:
        refuse_bad_characters(text, "申请人")
    assert refused.value.code == "bad_character" and refused.value.messages == [message]


@given(allowed_text)
@FAST
def test_text_without_them_is_accepted_and_printed_unchanged(text):
    assert bad_character(text) is None
    assert text_problem(text, "申请人") is None
    refuse_bad_characters(text, "申请人")
    assert printable(text) == text


def test_what_people_type_stays_allowed():
    for text in ("第一行\r\n第二行", "列\t列", "张\u00a0某", "\ue010生僻字\uf8ff", "𠀀𪚥", "Zoë"):
        assert bad_character(text) is None, text


def test_the_message_names_the_field_the_position_and_the_character():
    assert text_problem("ab\x01cd", "申请人") == (
        "「申请人」第 3 个字符是不可见的控制字符（U+0001），请删除后重新输入。"
    )
    assert text_problem("数字\ue001", "") == (
        "输入的文字第 3 个字符是系统保留字符（U+E001），请删除后重新输入。"
    )
    assert bad_character(12) is None and printable(None) is None


@given(any_text)
@FAST
def test_printable_replaces_exactly_the_forbidden_characters(text):
    shown = printable(text)
    assert len(shown) == len(text)
    assert bad_character(shown) is None
    assert printable(shown) == shown
    for char, out in zip(text, shown, strict=True):
        assert out == (REPLACEMENT if char in FORBIDDEN else char)


@given(any_text)
@FAST
def test_printable_output_is_always_accepted_by_openpyxl(text):
    """openpyxl refuses control characters in a cell (IllegalCharacterError): what printable
    gives never is."""
    sheet = openpyxl.Workbook().active
    sheet["A1"] = printable(text)  # raises IllegalCharacterError on a control character


@given(
    st.text(alphabet=st.characters(exclude_characters="\ufffe\uffff", exclude_categories=("Cs",)))
)
@FAST
def test_printable_output_of_xml_characters_saves_and_reads_back(text):
    """Saved, too, for every text made of XML characters (non-characters U+FFFE/U+FFFF and
    lone surrogates are the one writer's business: core/spreadsheet.cell_text)."""
    book = openpyxl.Workbook()
    book.active["A1"] = printable(text)
    book.active["A1"].data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    value = openpyxl.load_workbook(buffer).active["A1"].value
    assert (value or "") == printable(text)
