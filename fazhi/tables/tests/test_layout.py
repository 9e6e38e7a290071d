"""The declaration of a table and its balance checks, without a database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from fazhi.tables import periods
from fazhi.tables.layout import (
    COLUMNS,
    CUMULATIVE,
    CURRENT,
    MONTH,
    QUARTER,
    YEAR,
    Column,
    Heading,
    Row,
    RowsOf,
    Table,
    code_row,
    column_at_most,
    column_sum,
    declaration_problems,
    head_rows,
    imbalances,
    resolve,
    row_sum,
)

D = datetime.date


@dataclass(frozen=True)
class FakeIndicator:
    register: str
    is_rate: bool = False


def small(**more) -> Table:
    """受理 (1) = 成功 (2) + 不成 (3); 成功 (2) ≥ 书面 (4); two columns, 本月 and 累计."""
    values = dict(
        key="small",
        title="小表",
        source="某制度",
        published=False,
        layout_note="重建",
        kind=MONTH,
        columns=(Column("1", "本月", CURRENT), Column("2", "本年累计", CUMULATIVE)),
        rows=(
            Row("1", "受理", "a.received"),
            Row("2", "成功", "a.succeeded", level=1),
            Row("3", "不成", ("a.failed", "a.gave_up"), level=1),
            Row("4", "书面", "a.written", level=1),
            Row("5", "防止民转刑人数", None),
        ),
        checks=(row_sum("1", ("2", "3")),),
    )
    values.update(more)
    return Table(**values)


def test_rows_give_each_column_its_keys():
    table = small()
    first, cumulative = table.leaves
    assert table.row("3").keys_in(first) == ("a.failed", "a.gave_up")
    assert table.row("5").keys_in(cumulative) == ()
    assert table.keys == ["a.received", "a.succeeded", "a.failed", "a.gave_up", "a.written"]
    assert table.spans == [CURRENT, CUMULATIVE]


def test_a_balanced_table_has_no_imbalance():
    values = {("1", "1"): 5, ("2", "1"): 3, ("3", "1"): 2, ("1", "2"): 9}
    values |= {("2", "2"): 9, ("3", "2"): 0}
    assert imbalances(small(), values) == []


def test_each_failing_column_is_reported_in_chinese():
    values = {("1", "1"): 5, ("2", "1"): 3, ("3", "1"): 1, ("1", "2"): 9}
    values |= {("2", "2"): 9, ("3", "2"): 0}
    (failure,) = imbalances(small(), values)
    assert failure.line == "1" and (failure.total, failure.parts) == (5, 4)
    assert failure.message == ("第1栏「本月」：第1行「受理」为5，应等于第2行＋第3行（4），相差1。")


def test_a_blank_or_missing_cell_is_not_checked():
    values = {("1", "1"): 5, ("2", "1"): 3, ("3", "1"): None}
    assert imbalances(small(), values) == []


def test_minus_parts_and_a_hint():
    table = small(
        checks=(row_sum("1", ("2",), minus=("3",), hint="请补填。", after_period_end=True),)
    )
    values = {("1", "1"): 1, ("2", "1"): 3, ("3", "1"): 1}
    (failure,) = imbalances(table, values)
    assert failure.parts == 2
    assert failure.message.endswith("应等于第2行－第3行（2），相差1。请补填。")
    # An end-of-period balance is not checked while the period runs.
    assert imbalances(table, values, period_ended=False) == []


def test_at_most_and_column_checks():
    table = small(
        columns=(Column("1", "开庭"), Column("2", "出庭"), Column("3", "合计"), Column("4", "甲")),
        rows=(Row("0", "合计", cells={"1": "x", "2": "y", "3": "z", "4": "w"}),),
        checks=(column_at_most("2", "1"), column_sum("3", ("1", "4"))),
    )
    values = {("0", "1"): 2, ("0", "2"): 3, ("0", "3"): Decimal("5.50"), ("0", "4"): 3}
    first, second = imbalances(table, values)
    assert first.message == "第0行「合计」：第2栏「出庭」为3，不应大于第1栏（2）。"
    assert second.message == (
        "第0行「合计」：第3栏「合计」为5.50，应等于第1栏＋第4栏（5），相差0.50。"
    )


def test_many_parts_are_named_as_a_range():
    rows = (Row("1", "总", "t"), *(Row(str(n), f"类{n}", f"p{n}") for n in range(2, 8)))
    table = small(rows=rows, checks=(row_sum("1", [str(n) for n in range(2, 8)]),))
    values = {("1", "1"): 7, **{(str(n), "1"): 1 for n in range(2, 8)}}
    (failure,) = imbalances(table, values)
    assert "应等于第2至7行之和（6）" in failure.message


def test_the_head_spans_as_the_printed_table():
    table = small(
        columns=(
            Column("1", "新收"),
            Heading("已审结", (Column("2", "总计"), Heading("终止", (Column("3", "调解"),)))),
        )
    )
    rows = head_rows(table)
    assert [(c.text, c.colspan, c.rowspan) for c in rows[0]] == [
        ("项目", 1, 3), ("行次", 1, 3), ("新收", 1, 3), ("已审结", 2, 1),
    ]  # fmt: skip
    assert [(c.text, c.colspan, c.rowspan) for c in rows[1]] == [("总计", 1, 2), ("终止", 1, 1)]
    assert [(c.text, c.rowspan) for c in rows[2]] == [("调解", 1)]
    assert code_row(table) == ["甲", "乙", "1", "2", "3"]


def test_rows_of_a_breakdown_are_made_from_the_registry():
    table = small(
        rows=(
            Row("0", "合计", cells={"1": "r.received"}),
            RowsOf("r.by_field.", column="1", code="F", skip=("未填",)),
        ),
        checks=(row_sum("0", ("F*",), only=("1",)),),
    )
    known = ["r.received", "r.by_field.公安", "r.by_field.未填", "r.by_field.税务", "r.other"]
    made = resolve(table, known)
    assert [(r.code, r.label, dict(r.cells)) for r in made.rows[1:]] == [
        ("F1", "公安", {"1": "r.by_field.公安"}),
        ("F2", "税务", {"1": "r.by_field.税务"}),
    ]
    values = {("0", "1"): 3, ("F1", "1"): 1, ("F2", "1"): 1}
    (failure,) = imbalances(made, values)
    assert "应等于第F1行＋第F2行（2），相差1" in failure.message


def test_declaration_mistakes_are_found():
    registry = {
        "a.received": FakeIndicator("a"),
        "a.succeeded": FakeIndicator("a"),
        "a.failed": FakeIndicator("a"),
        "b.gave_up": FakeIndicator("b"),
        "a.rate": FakeIndicator("a", is_rate=True),
    }
    table = small(
        rows=(
            Row("1", "受理", "a.received"),
            Row("2", "成功", ("a.succeeded", "a.rate")),
            Row("3", "不成", ("a.failed", "b.gave_up")),
            Row("3", "又是三", "a.unknown"),
            Row("4", "错栏", cells={"9": "a.received"}),
        ),
        checks=(row_sum("1", ("2", "7")), column_sum("1", ("2",), only=("8",))),
        key="坏 键",
    )
    problems = declaration_problems(table, registry)
    for expected in (
        "row 3 declared twice",
        "table key '坏 键' is not a URL word",
        "row 2 column 1: a rate in a sum",
        "row 3 column 1: keys of several registers",
        "row 3 column 1: unknown key a.unknown",
        "row 4: unknown column 9",
        "check on 1: no row 7",
        "check on 1: no line 8",
    ):
        assert expected in problems, (expected, problems)


def test_column_sums_read_across():
    table = small(checks=(column_sum("2", ("1",)),))
    assert table.checks[0].axis == COLUMNS
    values = {("1", "1"): 2, ("1", "2"): 2, ("2", "1"): 1, ("2", "2"): 3}
    (failure,) = imbalances(table, values)
    assert failure.line == "2" and failure.message.startswith("第2行「成功」：第2栏「本年累计」为3")


# --- periods -------------------------------------------------------------------------------

TODAY = D(2025, 5, 20)


@pytest.mark.parametrize(
    "kind,year,period,expected",
    [
        (MONTH, "", "", (2025, "m5", "")),
        (QUARTER, "", "", (2025, "q2", "")),
        (YEAR, "", "", (2025, "year", "")),
        (MONTH, "2024", "", (2024, "m12", "")),
        (QUARTER, "2024", "q3", (2024, "q3", "")),
        (MONTH, "2025", "q1", (2025, "m5", "统计期间「q1」不正确，月报的统计期间应为1月至12月")),
        (MONTH, "2025", "m7", (2025, "m5", "2025年7月尚未开始，还没有可统计的数据")),
        (YEAR, "1999", "year", (2025, "year", "年度「1999」不正确")),
        (QUARTER, "2031", "q1", (2025, "q2", "2031年尚未开始")),
    ],
)
def test_a_table_chooses_a_period_of_its_kind(kind, year, period, expected):
    chosen = periods.choose(kind, year, period, TODAY)
    assert (chosen.year, chosen.period) == expected[:2]
    assert chosen.problem.startswith(expected[2])
    if expected[2]:
        assert chosen.problem.endswith("的统计。")


def test_cumulative_columns_run_from_january():
    chosen = periods.Chosen(MONTH, 2024, "m3")
    assert chosen.range(CURRENT).start == D(2024, 3, 1)
    assert (chosen.range(CUMULATIVE).start, chosen.range(CUMULATIVE).end) == (
        D(2024, 1, 1),
        D(2024, 3, 31),
    )
    quarter = periods.Chosen(QUARTER, 2024, "q3")
    assert quarter.range(CUMULATIVE).start == D(2024, 1, 1)
    assert quarter.range(CUMULATIVE).end == D(2024, 9, 30)
    assert chosen.ended(D(2024, 4, 1)) and not chosen.ended(D(2024, 3, 31))


def test_the_offered_periods_are_those_begun():
    assert [c for c, _ in periods.options(QUARTER, 2025, TODAY)] == ["q1", "q2"]
    assert len(periods.options(MONTH, 2024, TODAY)) == 12
