"""The workbooks the system hands out: a register's blank template and a rejected file's errors.

Both are pure functions of their inputs (no database) and return the .xlsx as bytes.
"""

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.core.columns import Column
from fazhi.core.registers import Register
from fazhi.core.spreadsheet import Book, Sheet
from fazhi.core.tabular import HEADER_ROW, Table
from fazhi.core.text import printable

from .importer import RowError

ERROR_HEADER = "错误说明"
GUIDE_SHEET = "填写说明"
CHOICES_SHEET = "选项"
EXCEL_MAX_ROW = 1048576
# Excel refuses an inline list longer than this; longer lists point at a hidden sheet instead.
INLINE_LIST_LIMIT = 255
DATE_FORMAT = "yyyy-mm-dd"

BOLD = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="B8312F")
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
ERROR_ROW_FILL = PatternFill("solid", fgColor="FBEAEA")
ERROR_CELL_FILL = PatternFill("solid", fgColor="F4B6B4")
WRAP = Alignment(wrap_text=True, vertical="top")

KIND_LABELS = {
    "text": "文本",
    "date": "日期",
    "bool": "是/否",
    "int": "非负整数",
    "decimal": "金额（元）",
    "choice": "下拉选择",
    "unit": "单位代码",
}

GUIDE_RULES = (
    "1. 在第一张表中填写，每行一条记录；第1行是表头，表头文字不得修改，也不能增加新的列；"
    "选填的列可以整列删除。",
    "2. 日期按“年-月-日”填写（如 2024-03-05），或使用 Excel 日期；“是/否”列填“是”或“否”；"
    "下拉选择的列只能填下拉列表中的值；金额以元为单位，最多两位小数。",
    "3. 表头标红、带批注“必填”的列必须填写。所属单位代码须是系统中已有的单位代码。",
    "4. 同一单位下编号相同的记录，再次导入时会更新系统中的已有记录，不会重复登记。",
    "5. 导入时全部行都校验通过才写入；只要有一处错误，整个文件都不导入，"
    "系统会列出每处错误所在的行、列和原因。",
)


# --- template -----------------------------------------------------------------------------


def template_workbook(register: Register) -> bytes:
    """The blank template: headers in row 1, drop-downs on choice and yes/no columns, date
    columns formatted as dates, and a second sheet with the sample row and each column's rules."""
    book = Book()
    sheet = book.sheet(register.label)
    guide = book.sheet(GUIDE_SHEET)
    choices_sheet = None
    for index, column in enumerate(register.columns, start=1):
        letter = get_column_letter(index)
        _template_header(sheet, index, column)
        sheet.raw.column_dimensions[letter].width = column_width(column)
        if column.kind == "date":
            sheet.raw.column_dimensions[letter].number_format = DATE_FORMAT
        elif column.kind in ("text", "unit"):
            # Codes like 001 or 433126 stay text instead of turning into numbers.
            sheet.raw.column_dimensions[letter].number_format = "@"
        if column.labels:
            if needs_hidden_list(column.labels) and choices_sheet is None:
                choices_sheet = book.sheet(CHOICES_SHEET, hidden=True)
            sheet.raw.add_data_validation(_list_validation(column, letter, index, choices_sheet))
    sheet.raw.freeze_panes = sheet.raw.cell(row=HEADER_ROW + 1, column=1)
    _guide_sheet(guide, register)
    return book.save()


def column_width(column: Column) -> float:
    # A Chinese character is about two Latin widths wide.
    longest = max([len(column.header), *(len(label) for label in column.labels)])
    minimum = 12 if column.kind == "date" else 8
    return min(max(longest * 2 + 4, minimum), 40)


def needs_hidden_list(labels: list[str]) -> bool:
    # A comma or quote inside a label would break the inline list, whatever its length.
    awkward = any("," in label or '"' in label for label in labels)
    return awkward or len(",".join(labels)) + 2 > INLINE_LIST_LIMIT


def _template_header(sheet: Sheet, index: int, column: Column):
    sheet.write(
        HEADER_ROW,
        index,
        column.header,
        fill=HEADER_FILL,
        alignment=Alignment(vertical="center"),
        font=REQUIRED_FONT if column.required else BOLD,
        comment=Comment("必填", "法治") if column.required else None,
    )


def _list_validation(column: Column, letter: str, index: int, choices_sheet) -> DataValidation:
    labels = column.labels
    if needs_hidden_list(labels):
        for row, label in enumerate(labels, start=1):
            choices_sheet.write(row, index, label)
        source = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$1:${letter}${len(labels)}"
    else:
        source = '"' + ",".join(labels) + '"'
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=not column.required,
        showErrorMessage=True,
        errorTitle="无效的值"[:32],
        error=f"「{column.header}」只能从下拉列表中选择。"[:255],
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt=("必填，" if column.required else "") + "请从下拉列表中选择。",
    )
    validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{EXCEL_MAX_ROW}")
    return validation


def _guide_sheet(sheet: Sheet, register: Register):
    sheet.add_row([f"《{register.label}》导入模板填写说明"], font=Font(bold=True, size=14))
    for rule in GUIDE_RULES:
        sheet.add_row([rule])
    sheet.add_row([])
    sheet.add_row(["填写示例"], font=BOLD)
    sheet.add_row(register.headers, font=BOLD, fill=HEADER_FILL)
    sheet.add_row([register.sample.get(h, "") for h in register.headers])
    sheet.add_row([])
    sheet.add_row(["各列说明"], font=BOLD)
    sheet.add_row(
        ["列名", "是否必填", "类型", "可填的值 / 格式", "说明"], font=BOLD, fill=HEADER_FILL
    )
    for column in register.columns:
        sheet.add_row(column_guide(column))
    for index, column in enumerate(register.columns, start=1):
        width = max(column_width(column), 14)
        sheet.raw.column_dimensions[get_column_letter(index)].width = width
    sheet.raw.column_dimensions["D"].width = 60
    sheet.raw.column_dimensions["E"].width = 40


def column_guide(column: Column) -> list[str]:
    """One line of the guide: header, required, kind, allowed values, help."""
    return [
        column.header,
        "必填" if column.required else "选填",
        KIND_LABELS.get(column.kind, column.kind),
        allowed_values(column),
        column.help,
    ]


def allowed_values(column: Column) -> str:
    if column.labels:
        text = "、".join(column.labels)
    elif column.kind == "date":
        text = "年-月-日（如 2024-03-05）或 Excel 日期"
    elif column.kind == "int":
        text = "0 或正整数"
    elif column.kind == "decimal":
        text = "以元为单位，最多两位小数"
    elif column.kind == "unit":
        text = "系统中已有的单位代码，如 433126"
    elif column.max_length:
        text = f"最多 {column.max_length} 个字"
    else:
        text = ""
    default = column.format(column.default) if column.default not in (None, "") else ""
    return f"{text}（不填默认为“{default}”）" if default else text


# --- error workbook -----------------------------------------------------------------------


def error_workbook(table: Table, errors: list[RowError], filename: str) -> bytes:
    """The uploaded rows as they came, each with its errors in a last column 错误说明.

    With no file-level errors, every row keeps the row number it had in the upload, so
    "第5行" means row 5 here too. Errors not tied to a data row (the header, an empty file)
    are listed above the table.
    """
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    row_numbers = {row.number for row in table.rows}
    notes = [e for e in errors if e.row not in row_numbers]
    book = Book(title=f"{filename} 导入错误")
    sheet = book.sheet("导入错误")
    offset = _write_notes(sheet, notes, filename, len(errors)) if notes else 0
    _write_error_header(sheet, table.headers, notes, offset)
    width = len(table.headers) + 1
    for row in table.rows:
        row_errors = by_row.get(row.number, [])
        at = row.number + offset
        for index, header in enumerate(table.headers, start=1):
            sheet.write(at, index, row.values.get(header, ""))
        sheet.write(at, width, "\n".join(str(e) for e in row_errors))
        if row_errors:
            _highlight(sheet, at, table.headers, row_errors)
    for index, header in enumerate(table.headers, start=1):
        sheet.raw.column_dimensions[get_column_letter(index)].width = min(len(header) * 2 + 6, 30)
    sheet.raw.column_dimensions[get_column_letter(width)].width = 70
    sheet.raw.freeze_panes = sheet.raw.cell(row=HEADER_ROW + offset + 1, column=1)
    return book.save()


def _write_notes(sheet: Sheet, notes: list[RowError], filename: str, total: int) -> int:
    """The file-level errors above the table; returns how many rows they take."""
    title = f"文件「{filename}」未导入：共 {total} 处错误，系统中的数据没有任何改动。"
    lines = [title, *(str(e) for e in notes)]
    for at, line in enumerate(lines, start=1):
        font = Font(bold=True, color="B8312F") if at == 1 else Font(color="B8312F")
        sheet.write(at, 1, line, font=font)
    return len(lines) + 1  # and an empty row before the table


def _write_error_header(sheet: Sheet, headers: list[str], notes: list[RowError], offset: int):
    at = HEADER_ROW + offset
    # A header's error names it as the page shows it: with U+FFFD for a control character.
    bad_headers = {e.column for e in notes if e.row == HEADER_ROW}
    for index, header in enumerate([*headers, ERROR_HEADER], start=1):
        bad = header in bad_headers or printable(header) in bad_headers
        sheet.write(at, index, header, font=BOLD, fill=ERROR_CELL_FILL if bad else HEADER_FILL)


def _highlight(sheet: Sheet, at: int, headers: list[str], row_errors: list[RowError]):
    bad = {e.column for e in row_errors}
    for index, header in enumerate([*headers, ERROR_HEADER], start=1):
        cell = sheet.raw.cell(row=at, column=index)
        cell.fill = ERROR_CELL_FILL if header in bad else ERROR_ROW_FILL
    sheet.raw.cell(row=at, column=len(headers) + 1).alignment = WRAP
