"""Column.parser: each distinct cell text of one import parsed once, with the same value or the
same Chinese message as Column.parse (pure: no database)."""

import datetime

import pytest

from fazhi.core import columns
from fazhi.core.columns import MEMO_FREE, CellError, Column
from fazhi.core.registers import REGISTERS

TODAY = datetime.date(2025, 6, 30)


def texts_for(column: Column) -> list[str]:
    """Texts good and bad for every kind: empty, spaces, controls, reserved markers, lengths,
    dates out of range or after today, numbers that are not, and every choice's label."""
    texts = ["", "  ", "a\x01b", "\ue001", "是", "否", " 是 ", "是否", "x", "430101-S08-03"]
    texts += ["2024-03-05", "2024-02-30", "1899-12-31", "2200-01-01", "2024-3-5", "２０２４-03-05"]
    texts += [TODAY.isoformat(), (TODAY + datetime.timedelta(days=1)).isoformat()]
    texts += ["0", "12", "１２", "-1", "1234567890", "12.3", "12.34", "12.345", "1e3", "0012"]
    texts += [label for _, label in column.choices] + [label + " " for _, label in column.choices]
    if column.max_length:
        texts += ["字" * column.max_length, "字" * (column.max_length + 1)]
    return texts


def outcome(parse, text):
    try:
        return "value", parse(text)
    except CellError as error:
        return "error", str(error)


def every_column():
    seen = {}
    for register in REGISTERS.values():
        for column in register.columns:
            seen.setdefault((column.kind, column.past_only, column.required, column), column)
    return list(seen.values())


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(columns.timezone, "localdate", lambda: TODAY)


def test_every_registers_columns_are_declared_of_every_kind():
    kinds = {column.kind for column in every_column()}
    assert kinds == set(columns._PARSERS)
    assert any(column.past_only for column in every_column())


@pytest.mark.parametrize("column", every_column(), ids=lambda c: f"{c.kind}-{c.header}")
def test_the_memoised_parse_gives_what_parse_gives_each_time_a_text_comes(column, today):
    parse = column.parser()
    for text in texts_for(column) * 2:  # the second round is answered from the memo
        assert outcome(parse, text) == outcome(column.parse, text), text


def test_each_refusal_is_a_fresh_error():
    parse = Column("是否涉外", "foreign", kind="bool").parser()
    with pytest.raises(CellError) as first:
        parse("也许")
    with pytest.raises(CellError) as second:
        parse("也许")
    assert first.value is not second.value
    assert str(second.value) == "「也许」不是有效的值，应填“是”或“否”"


def test_mostly_distinct_texts_drop_the_memo_and_still_parse_alike(monkeypatch):
    monkeypatch.setattr(columns, "MEMO_FREE", 16)
    column = Column("编号", "number", kind="text", max_length=8)
    parse = column.parser()
    texts = [f"编{n}" for n in range(100)] + ["编号过长的一个编号文本", "编1"]
    for text in texts:
        assert outcome(parse, text) == outcome(column.parse, text)
    assert parse.outcomes is None


def test_texts_that_repeat_keep_their_memo_past_its_free_size(monkeypatch):
    monkeypatch.setattr(columns, "MEMO_FREE", 16)
    column = Column("调解员", "mediator", kind="text", max_length=50)
    parse = column.parser()
    names = [f"调解员{n}" for n in range(16)]
    texts = names * 4 + [f"新调解员{n}" for n in range(20)]
    for text in texts:
        assert outcome(parse, text) == outcome(column.parse, text)
    assert len(parse.outcomes) == 36


def test_repeated_texts_keep_the_memo_small():
    column = Column("纠纷类型", "kind", kind="choice", choices=(("a", "邻里"), ("b", "合同")))
    parse = column.parser()
    for n in range(3 * MEMO_FREE):
        assert (
            outcome(parse, ("邻里", "合同", "婚姻")[n % 3])[0] == ("value", "value", "error")[n % 3]
        )
    assert len(parse.outcomes) == 3


def test_no_outcome_is_kept_from_one_import_to_the_next(monkeypatch):
    """The same column in two imports, a day apart: the date that was after today in the
    first is today in the second. A memo shared between imports would still refuse it."""
    column = Column("受理日期", "received_date", kind="date", past_only=True)
    monkeypatch.setattr(columns.timezone, "localdate", lambda: TODAY)
    first = column.parser()
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert outcome(first, tomorrow) == ("error", f"日期「{tomorrow}」晚于今天")
    monkeypatch.setattr(columns.timezone, "localdate", lambda: TODAY + datetime.timedelta(days=1))
    second = column.parser()
    assert outcome(second, tomorrow) == ("value", TODAY + datetime.timedelta(days=1))
