"""A filled table as .xlsx, in its layout: title, the unit and period, the source and whether
its layout is official, the head with its merged cells, the column numbers (甲 乙 1 2 …), the
rows, the notes and the balance result. Written through the one writer
(fazhi.core.spreadsheet.Book); the merges are layout, on `Sheet.raw`."""

from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from fazhi.core.spreadsheet import Book

from .filling import Filled
from .layout import code_row, head_rows

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
LABEL_WIDTH, NUMBER_WIDTH = 30, 11


def cell_value(cell):
    """What a cell holds in the workbook: a count or a sum as a number, a rate as the page
    shows it, a blank as "—"."""
    if cell.blank or cell.rate or cell.value is None:
        return cell.shown
    return cell.value


def banner(filled: Filled) -> list[str]:
    """The lines above the table: the unit and period, then the source and its layout."""
    table, chosen = filled.table, filled.chosen
    layout = "表样已公布。" if table.published else f"表样未公开：{table.layout_note}"
    number = f"表号：{table.number}　" if table.number else ""
    standard = f"（标准编号 {table.standard}）" if table.standard else ""
    return [
        f"{number}填报单位：{filled.unit.name}（含下级单位）　统计期间：{chosen.label}"
        f"（{chosen.dates()}）　报告期别：{table.kind_label}",
        f"报表依据：{table.source}{standard}。{layout}",
    ]


def balance_text(filled: Filled) -> str:
    if filled.balanced:
        return f"平衡检查：{len(filled.table.checks)}项检查全部通过。"
    return "平衡检查未通过：" + "；".join(i.message for i in filled.imbalances)


def workbook(filled: Filled) -> bytes:
    table = filled.table
    width = len(code_row(table))
    with Book(title=table.title) as book:
        sheet = book.sheet(table.title)
        row = 1

        def line(text, **style):
            nonlocal row
            sheet.write(row, 1, text, **style)
            sheet.raw.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1

        line(table.title, font=Font(bold=True, size=14), alignment=CENTRE)
        for text in banner(filled):
            line(text, alignment=WRAP)
        row = _head(sheet, table, row)
        for column, text in enumerate(code_row(table), 1):
            sheet.write(row, column, text, alignment=CENTRE, border=BOX)
        row += 1
        for table_row, cells in filled.rows:
            label = "\u3000" * table_row.level + table_row.label
            if table_row.measure:
                label += f"（{table_row.measure}）"
            values = [label, *([table_row.code] if table.row_codes else [])]
            values += [cell_value(cell) for cell in cells]
            for column, value in enumerate(values, 1):
                number = "0.00" if isinstance(value, Decimal) else None
                sheet.write(row, column, value, border=BOX, number_format=number)
            row += 1
        for n, note in enumerate(table.notes, 1):
            line(f"注{n}：{note}", alignment=WRAP)
        line(balance_text(filled), alignment=WRAP)
        sheet.raw.column_dimensions["A"].width = LABEL_WIDTH
        for column in range(2, width + 1):
            sheet.raw.column_dimensions[get_column_letter(column)].width = NUMBER_WIDTH
        return book.save()


def _head(sheet, table, first_row: int) -> int:
    """Write the head's cells where an HTML table would put them, merging each over its
    spans; returns the row after the head."""
    taken: set[tuple[int, int]] = set()
    rows = head_rows(table)
    for offset, cells in enumerate(rows):
        row, column = first_row + offset, 1
        for cell in cells:
            while (row, column) in taken:
                column += 1
            sheet.write(row, column, cell.text, font=Font(bold=True), alignment=CENTRE)
            last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
            for r in range(row, last_row + 1):
                for c in range(column, last_column + 1):
                    taken.add((r, c))
                    sheet.raw.cell(row=r, column=c).border = BOX
            if (last_row, last_column) != (row, column):
                sheet.raw.merge_cells(
                    start_row=row, start_column=column, end_row=last_row, end_column=last_column
                )
            column = last_column + 1
    return first_row + len(rows)
