"""Issue 15 point 1 (review r1): an .xlsx of a few KB that names a far cell (A1 and XFD3000)
passed the zip checks, then calamine built the whole rectangle from A1 to that cell
(3000 × 16,384 cells, 2 GB; XFD1048576 aborts the process). The sheet's extent is read while
streaming, before calamine sees the file."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import tabular
from fazhi.core.roles import Role
from fazhi.core.tabular import TableError, count_rows, read_table
from fazhi.imports.tests.files import case, xlsx_bytes
from fazhi.reconsideration.models import ReconsiderationCase

UPLOAD = "/registers/reconsideration/import/"


def sparse_xlsx(far: str, dimension: str | None = None, cell_attributes: str = "") -> bytes:
    """A real workbook (openpyxl) whose first sheet holds A1 and one number at `far`."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "姓名"
    built = io.BytesIO()
    workbook.save(built)
    source = zipfile.ZipFile(io.BytesIO(built.getvalue()))
    row = int("".join(c for c in far if c.isdigit()))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
        f'<row r="{row}"><c {cell_attributes} r="{far}"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return out.getvalue()


@pytest.fixture
def calamine_untouched(monkeypatch):
    """Fails the test if calamine is asked to open the file: the refusal must come first."""

    def opened(*args, **kwargs):
        raise AssertionError("calamine opened a file that should have been refused")

    monkeypatch.setattr(tabular.CalamineWorkbook, "from_filelike", opened)


@pytest.mark.parametrize("far", ["XFD3000", "XFD1048576", "GS2"])
def test_a_far_column_is_refused_before_calamine(far, calamine_untouched):
    data = sparse_xlsx(far)
    assert len(data) < 10_000
    with pytest.raises(TableError, match="列") as refused:
        count_rows(data, "案件.xlsx")
    assert "超过了导入支持的 200 列" in str(refused.value)
    with pytest.raises(TableError, match="超过了导入支持的 200 列"):
        read_table(io.BytesIO(data), "案件.xlsx")


def test_a_far_row_is_refused_before_calamine(calamine_untouched):
    # 40 columns of 500,001 rows is the largest rectangle taken; A1 and AN600000 is larger.
    data = sparse_xlsx("AN600000")
    with pytest.raises(TableError, match="超过了导入支持的范围"):
        count_rows(data, "案件.xlsx")
    with pytest.raises(TableError, match="超过了导入支持的范围"):
        read_table(io.BytesIO(data), "案件.xlsx")


def test_a_lowered_cap_shows_the_rule(monkeypatch, calamine_untouched):
    monkeypatch.setattr(tabular, "MAX_SHEET_CELLS", 3000 * 10)
    assert count_rows(sparse_xlsx("J3000"), "案件.xlsx") == 1  # 30,000 cells: at the cap
    with pytest.raises(TableError, match="第 3,001 行、第 10 列"):
        count_rows(sparse_xlsx("J3001"), "案件.xlsx")


def test_the_declared_dimension_counts_too(calamine_untouched):
    with pytest.raises(TableError, match="XFD"):
        count_rows(sparse_xlsx("B2", dimension="A1:XFD1048576"), "案件.xlsx")


def test_attributes_before_the_reference_do_not_hide_it(calamine_untouched):
    data = sparse_xlsx("XFD3000", cell_attributes='s="0" t="n"')
    with pytest.raises(TableError, match="200 列"):
        read_table(io.BytesIO(data), "案件.xlsx")


def test_a_tag_split_across_chunks_is_read_whole(monkeypatch, calamine_untouched):
    data = sparse_xlsx("XFD3000")
    for size in (29, 31, 37, 64):
        monkeypatch.setattr(tabular, "CHUNK_BYTES", size)
        with pytest.raises(TableError, match="200 列"):
            count_rows(data, "案件.xlsx")


def test_a_real_workbook_still_reads(monkeypatch):
    data = xlsx_bytes([case(1), case(2)])
    assert count_rows(data, "案件.xlsx") == 2
    assert len(read_table(io.BytesIO(data), "案件.xlsx").rows) == 2
    # the scan sees the same rows and columns in small chunks
    monkeypatch.setattr(tabular, "CHUNK_BYTES", 97)
    assert count_rows(data, "案件.xlsx") == 2


@pytest.mark.django_db
def test_the_import_page_refuses_the_sparse_bomb(client, tree, make_user, calamine_untouched):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    page = client.post(UPLOAD, {"file": SimpleUploadedFile("案件.xlsx", sparse_xlsx("XFD3000"))})
    assert page.status_code == 200
    assert "超过了导入支持的 200 列" in page.content.decode()
    assert ReconsiderationCase.objects.count() == 0


def test_an_ordinary_sheet_is_bounded_without_measuring_each_cell(monkeypatch):
    """The caps are checked on every upload: an ordinary sheet (no reference past column AN
    or row 499,999) is bounded by one search, not measured cell by cell; a sheet with such a
    reference is measured."""
    assert tabular.FAR_COLUMN * (tabular.FAR_ROW + 1) <= tabular.MAX_SHEET_CELLS
    measured = []
    real = tabular._REFERENCE

    class Watched:
        def findall(self, text):
            measured.append(len(text))
            return real.findall(text)

    monkeypatch.setattr(tabular, "_REFERENCE", Watched())
    assert count_rows(sparse_xlsx("AN3000"), "案件.xlsx") == 1
    assert not measured
    assert count_rows(sparse_xlsx("AO3000"), "案件.xlsx") == 1
    assert measured
