"""Whatever JSON a client sends, the API's reading of it answers with values or with Chinese
messages per field, never with another exception (which would be a server error)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.api.records import Invalid, parse_values, text_problem
from fazhi.core.registers import REGISTERS
from fazhi.core.text import bad_character

JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(["2024-02-30", "2024-3-5", "是", "否", "", " ", "=cmd|' /C calc'!A0"]),
)


@st.composite
def payloads(draw):
    register = draw(st.sampled_from(sorted(REGISTERS)))
    fields = [c.field for c in REGISTERS[register].columns]
    keys = st.one_of(st.sampled_from(fields), st.text(max_size=10))
    return register, draw(st.dictionaries(keys, JSON_VALUES, max_size=12))


@settings(max_examples=300, deadline=None, database=None)
@given(payloads(), st.booleans())
def test_reading_any_payload_gives_values_or_chinese_field_errors(case, creating):
    name, data = case
    register = REGISTERS[name]
    try:
        values = parse_values(register, data, creating=creating)
    except Invalid as invalid:
        fields = {c.field for c in register.columns}
        assert invalid.errors and set(invalid.errors) <= fields
        assert all(messages for messages in invalid.errors.values())
        return
    columns = {c.field: c for c in register.columns}
    for field, value in values.items():
        kind = columns[field].kind
        if value is None or value == "":
            continue
        if kind == "bool":
            assert isinstance(value, bool)
        elif kind == "int":
            assert isinstance(value, int) and 0 <= value < 10**9
        elif kind == "decimal":
            assert isinstance(value, Decimal) and value.is_finite()
        elif kind in ("text", "choice", "unit"):
            assert isinstance(value, str) and not text_problem(value)


@settings(database=None)
@given(st.text())
def test_text_problem_accepts_exactly_what_utf8_without_nul_can_hold(text):
    ok = "\x00" not in text and bad_character(text) is None  # nor controls or markers
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        ok = False
    assert (text_problem(text) == "") == ok
