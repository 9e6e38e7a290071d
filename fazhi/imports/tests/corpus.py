"""Malformed and awkward files for the 人民调解 import, built at test time (nothing binary is
kept in the repository): what arrives when staff save, convert, paste or tamper with a sheet.

Each builder returns (file name, bytes). The rows are those of the register's template, filled
from its sample row, so a builder that keeps the file well-formed gives a file that imports.
"""

import codecs
import csv
import io
import random
import zipfile

import openpyxl

from fazhi.mediation.columns import REGISTER

HEADERS = REGISTER.headers
SAMPLE = REGISTER.sample


def row(number: str, **cells) -> dict:
    values = dict(SAMPLE, **{"调解编号": number})
    values.update(cells)
    return values


def rows(count: int = 2) -> list[dict]:
    return [row(f"白果调〔2024〕{n}号") for n in range(1, count + 1)]


def csv_text(data: list[dict], headers=HEADERS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for values in data:
        writer.writerow([values.get(h, "") for h in headers])
    return buffer.getvalue()


def xlsx(data: list[dict], headers=HEADERS, *, as_text: bool = True) -> bytes:
    """A workbook with every cell a string cell: openpyxl would otherwise take a text that
    starts with "=" for a formula, and the injected formulas must arrive as what was typed."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for values in data:
        sheet.append([values.get(h, "") for h in headers])
        if as_text:
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- files that are not workbooks at all ------------------------------------------------------


def truncated_xlsx():
    data = xlsx(rows())
    return "截断.xlsx", data[: len(data) // 2]


def zip_not_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("说明.txt", "这是一个压缩包，不是工作簿。")
    return "压缩包.xlsx", buffer.getvalue()


def random_bytes_xlsx():
    return "乱码.xlsx", random.Random(9).randbytes(64 * 1024)


def empty_file():
    return "空文件.xlsx", b""


def blank_csv():
    return "空白.csv", b"\r\n \r\n"


def pdf_named_csv():
    return "伪装.csv", b"%PDF-1.4\n" + bytes(range(256)) * 16


# --- encodings -----------------------------------------------------------------------------


def csv_gbk():
    return "GBK.csv", csv_text(rows()).encode("gbk")


def csv_utf16():
    return "UTF16.csv", codecs.BOM_UTF16_LE + csv_text(rows()).encode("utf-16-le")


def csv_utf8_bom():
    return "BOM.csv", codecs.BOM_UTF8 + csv_text(rows()).encode("utf-8")


def csv_latin1_garbage():
    # Bytes no decoder of ours accepts: neither UTF-8 nor GB18030.
    return "编码错误.csv", csv_text(rows()).encode("utf-8") + b"\xff\xfe\xff\x80\x80"


# --- headers -------------------------------------------------------------------------------


def header_missing():
    # The first row is already data.
    text = csv_text(rows())
    return "无表头.csv", text.split("\r\n", 1)[1].encode("utf-8")


def header_misspelled():
    headers = ["调解编码" if h == "调解编号" else h for h in HEADERS]
    data = [{("调解编码" if k == "调解编号" else k): v for k, v in r.items()} for r in rows()]
    return "表头错字.xlsx", xlsx(data, headers)


def header_duplicated():
    headers = [*HEADERS, "调解员"]
    return "表头重复.csv", csv_text(rows(), headers).encode("utf-8")


# --- cells ---------------------------------------------------------------------------------


def formula_cells():
    """Formulas as Excel saves them: the formula and its cached result. The import takes the
    result the user saw."""
    data = xlsx(rows(), as_text=False)
    column = openpyxl.utils.get_column_letter(HEADERS.index("调解员") + 1)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for number in (2, 3):
                    start = text.index(f'<c r="{column}{number}"')
                    end = text.index("</c>", start) + len("</c>")
                    cell = f'<c r="{column}{number}" t="str"><f>"向"&amp;"某"</f><v>向某</v></c>'
                    text = text[:start] + cell + text[end:]
                content = text.encode()
            target.writestr(item, content)
    return "公式.xlsx", buffer.getvalue()


def huge_cell():
    return "超大单元格.csv", csv_text([row("白果调〔2024〕1号", 调解员="向" * 1_000_000)]).encode()


def huge_cell_xlsx():
    # More than a spreadsheet cell may hold: the reader gets the first 32,767 characters.
    return "超大单元格.xlsx", xlsx([row("白果调〔2024〕1号", 调解员="向" * 40_000)])


def big_cell_csv():
    # More than a spreadsheet cell may hold (32,767 characters), less than csv's own limit.
    return "大单元格.csv", csv_text([row("白果调〔2024〕1号", 调解员="向" * 40_000)]).encode()


def long_cell():
    # Longer than the field allows, but within a spreadsheet cell's limit: a row error.
    return "过长.xlsx", xlsx([row("白果调〔2024〕1号", 调解员="向" * 51)])


def dates_as_text():
    variants = ["2024年3月5日", "2024/3/5", "20240305", "45356"]
    data = [
        row(f"白果调〔2024〕{n}号", 受理日期=text, 结案日期="")
        for n, text in enumerate(variants, start=1)
    ]
    return "日期文本.csv", csv_text(data).encode("utf-8")


def excel_serial_date():
    # A date typed into a cell formatted as a number: Excel stores 45356, shows 45356.
    data = [row("白果调〔2024〕1号", 结案日期="")]
    workbook_bytes = xlsx(data, as_text=False)
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    workbook.active.cell(row=2, column=HEADERS.index("受理日期") + 1, value=45356)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return "日期序号.xlsx", buffer.getvalue()


def duplicate_numbers():
    return "编号重复.csv", csv_text([row("白果调〔2024〕1号"), row("白果调〔2024〕1号")]).encode()


INJECTIONS = ("=cmd|' /C calc'!A0", "+SUM(1)", "-1+1", "@A1", "\t=1+1", "\r=1+1")


def injected_formulas_csv():
    data = [row(f"白果调〔2024〕{n}号", 调解员=text) for n, text in enumerate(INJECTIONS, 1)]
    return "注入.csv", csv_text(data).encode("utf-8")


def injected_formulas_xlsx():
    data = [row(f"白果调〔2024〕{n}号", 调解员=text) for n, text in enumerate(INJECTIONS, 1)]
    return "注入.xlsx", xlsx(data)


def cells_without_header():
    text = csv_text(rows()).replace("\r\n", ",多余\r\n").replace(",多余", "", 1)
    return "多余列.csv", text.encode("utf-8")


def million_rows_csv(count: int = 1_000_000):
    """A million data rows, written as a stream of one short repeated line: about 17 MB, under
    the upload limit, too many to build as a table in a request."""
    header = ",".join(HEADERS) + "\r\n"
    line = "x" + "," * (len(HEADERS) - 1) + "\r\n"
    return "百万行.csv", header.encode() + line.encode() * count


def million_rows_xlsx_shape(count: int = 1_000_000):
    """An .xlsx whose first sheet lists a million rows, written as raw XML in a stream (openpyxl
    would take minutes): counted from the XML, never loaded."""
    base = xlsx(rows(1))
    source = zipfile.ZipFile(io.BytesIO(base))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                head, _, rest = text.partition("<sheetData>")
                _, _, tail = rest.partition("</sheetData>")
                with target.open(item.filename, "w") as sheet:
                    sheet.write((head + "<sheetData>").encode())
                    sheet.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>')
                    for number in range(2, count + 2):
                        sheet.write(
                            f'<row r="{number}"><c r="A{number}"><v>1</v></c></row>'.encode()
                        )
                    sheet.write(("</sheetData>" + tail).encode())
                continue
            target.writestr(item, content)
    return "百万行.xlsx", buffer.getvalue()


def random_junk(seed: int) -> tuple[str, bytes]:
    """Bytes that start like one of our formats and go wrong: for a fuzzing loop."""
    rng = random.Random(seed)
    good = xlsx(rows()) if seed % 2 else csv_text(rows()).encode("utf-8")
    name = "随机.xlsx" if seed % 2 else "随机.csv"
    data = bytearray(good)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return name, bytes(data)
