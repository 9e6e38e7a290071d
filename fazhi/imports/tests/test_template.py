"""The blank template: the contract with the bureau's staff, generated from the column spec."""

import io

import openpyxl
from django.core.management import call_command

from fazhi.core.columns import Column
from fazhi.core.registers import Register
from fazhi.imports.workbooks import GUIDE_SHEET, needs_hidden_list, template_workbook
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def list_sources(workbook, sheet) -> dict[str, list[str]]:
    """Each validated column's header → the labels its drop-down offers."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        header = sheet[f"{column}1"].value
        formula = validation.formula1
        if formula.startswith('"'):
            found[header] = formula.strip('"').split(",")
        else:
            sheet_name, cells = formula.split("!")
            source = workbook[sheet_name.strip("'")]
            found[header] = [c.value for row in source[cells.replace("$", "")] for c in row]
    return found


def test_headers_are_the_registers_in_order_on_the_first_sheet():
    workbook = load(template_workbook(REGISTER))
    sheet = workbook.worksheets[0]
    assert sheet.title == "行政复议案件"
    assert [c.value for c in sheet[1]] == REGISTER.headers
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])


def test_each_choice_and_yes_no_column_has_a_drop_down_of_its_labels():
    workbook = load(template_workbook(REGISTER))
    sources = list_sources(workbook, workbook.worksheets[0])
    expected = {c.header: c.labels for c in REGISTER.columns if c.kind in ("choice", "bool")}
    assert sources == expected
    assert sources["是否延期"] == ["是", "否"]
    assert sources["审查结果"] == ["待审查", "受理", "不予受理", "通知补正", "逾期未补正"]


def test_required_headers_carry_a_note_and_date_columns_are_dates():
    sheet = load(template_workbook(REGISTER)).worksheets[0]
    noted = [c.value for c in sheet[1] if c.comment is not None]
    assert noted == REGISTER.required_headers
    for index, column in enumerate(REGISTER.columns):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        if column.kind == "date":
            assert sheet.column_dimensions[letter].number_format == "yyyy-mm-dd"


def test_the_guide_sheet_has_the_sample_row_and_each_columns_rules():
    workbook = load(template_workbook(REGISTER))
    guide = workbook[GUIDE_SHEET]
    assert workbook.sheetnames.index(GUIDE_SHEET) == 1
    rows = [[c.value or "" for c in row] for row in guide.iter_rows()]
    header_at = rows.index(REGISTER.headers)
    assert rows[header_at + 1] == [REGISTER.sample.get(h, "") for h in REGISTER.headers]
    by_header = {row[0]: row for row in rows if row and row[0] in REGISTER.headers}
    assert by_header["收到申请日期"][1:3] == ["必填", "日期"]
    assert by_header["行政行为类别"][1] == "选填"
    assert "行政处罚" in by_header["行政行为类别"][3]
    assert "普通程序" in by_header["适用程序"][3] and "默认" in by_header["适用程序"][3]


def test_long_lists_come_from_a_hidden_sheet():
    labels = [f"第{n}种很长的类别名称" for n in range(40)]
    column = Column(
        "类别", "act_type", kind="choice", choices=tuple((str(n), s) for n, s in enumerate(labels))
    )
    number = Column("案件编号", "number", required=True, kind="text")
    register = Register("long", ReconsiderationCase, "长列表", (number, column))
    assert needs_hidden_list(labels) and not needs_hidden_list(["是", "否"])
    workbook = load(template_workbook(register))
    assert list_sources(workbook, workbook.worksheets[0]) == {"类别": labels}
    hidden = [s for s in workbook.worksheets if s.sheet_state == "hidden"]
    assert len(hidden) == 1


def test_register_template_command_writes_the_file(tmp_path):
    out = tmp_path / "模板.xlsx"
    call_command("register_template", "reconsideration", "--out", str(out), stdout=io.StringIO())
    assert [c.value for c in load(out.read_bytes()).worksheets[0][1]] == REGISTER.headers
