"""Issue 15 point 3, from an independent attack: a 5.85 MB .xlsx passed the archive checks and
the sheet's extent (one row), then took the web process to 6.1 GB for 33 s. Its sheet held one
524 MB cell written as short rich-text runs, its sharedStrings.xml one 524 MB string; the
cell-length check ran only after calamine had built both. Now the text calamine would hold is
measured while the parts stream, before calamine sees the file: no cell or shared string over
1 MB, and no more text in all (a shared string counted once for each cell that copies it) than
the file's rows allow. Each attack below is built in memory at a few MB of XML."""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import tabular
from fazhi.core.roles import Role
from fazhi.core.tabular import TableError, count_rows, read_table
from fazhi.imports.tests.files import case, xlsx_bytes
from fazhi.reconsideration.models import ReconsiderationCase

UPLOAD = "/registers/reconsideration/import/"
NAMESPACE = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HUGE_CELL = "中有单元格的内容在文件里超过 1 MB，远超 Excel 单元格的上限（32767 个字符）"
TOO_MUCH_TEXT = "的单元格文字合计约"
MEGABYTE = 1024 * 1024


def workbook(rows: bytes, strings: bytes | None = None) -> bytes:
    """A real workbook (openpyxl) whose first sheet holds `rows` after a header row of ten
    columns, and, if given, a shared-string table of the <si> items `strings`, as Excel saves
    one."""
    header = b'<row r="1">%s</row>' % b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (column, f"列{n}".encode())
        for n, column in enumerate((b"%c" % c for c in b"ABCDEFGHIJ"), start=1)
    )
    parts = {
        "xl/worksheets/sheet1.xml": b'<?xml version="1.0" encoding="UTF-8"?><worksheet %s>'
        b"<sheetData>%s%s</sheetData></worksheet>" % (NAMESPACE, header, rows)
    }
    if strings is not None:
        table = b'<?xml version="1.0" encoding="UTF-8"?><sst %s>%s</sst>'
        parts["xl/sharedStrings.xml"] = table % (NAMESPACE, strings)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([]))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def text(size: int, seed: int = 1) -> bytes:
    """`size` bytes of letters that deflate about 180 times, as the attacker's did: under the
    archive check's ratio of 200."""
    rng = random.Random(seed)
    letters = b"abcdefghijklmnopqrstuvwxyz0123456789"
    piece = b"a" * 180
    return b"".join(piece + bytes([rng.choice(letters)]) for _ in range(size // 181 + 1))


def runs(size: int, every: int = 0) -> bytes:
    """A rich text of `size` bytes in short runs (so that a tag starts in every chunk), with
    a <c/> every `every` bytes if asked: a cell start that calamine ignores inside <is>."""
    body = text(size)
    pieces = [b"<r><t>%s</t></r>" % body[i : i + 181] for i in range(0, len(body), 181)]
    if not every:
        return b"".join(pieces)
    step = every // 195
    return b"<c/>".join(b"".join(pieces[i : i + step]) for i in range(0, len(pieces), step))


def inline_cell(content: bytes, column: str = "B", row: int = 2) -> bytes:
    return b'<row r="%d"><c r="%s%d" t="inlineStr"><is>%s</is></c></row>' % (
        row,
        column.encode(),
        row,
        content,
    )


def references(rows: int, per_row: int, index: bytes = b"0", first: int = 2) -> bytes:
    cell = b'<c t="s"><v>%s</v></c>' % index
    return b"".join(
        b'<row r="%d">%s</row>' % (n, cell * per_row) for n in range(first, first + rows)
    )


@pytest.fixture
def calamine(monkeypatch):
    """The files calamine is asked to open; opening one that should have been refused fails."""
    opened = []
    real = tabular.CalamineWorkbook.from_filelike

    def watched(source):
        opened.append(source)
        if not allowed:
            raise AssertionError("calamine opened a file that should have been refused")
        return real(source)

    allowed = []
    monkeypatch.setattr(tabular.CalamineWorkbook, "from_filelike", watched)
    watched.allow = allowed.append
    watched.opened = opened
    return watched


def refused(data: bytes, *, counted: bool = True) -> str:
    """The message of both calls a page makes, which must agree. count_rows leaves to
    read_table (`counted=False`) what only a second pass over the sheet can tell: how many
    bytes the cells of type "s" copy, counted string by string."""
    if counted:
        with pytest.raises(TableError) as early:
            count_rows(data, "案件.xlsx")
    else:
        assert count_rows(data, "案件.xlsx") is not None
    with pytest.raises(TableError) as read:
        read_table(io.BytesIO(data), "案件.xlsx")
    assert not counted or str(early.value) == str(read.value)
    return str(read.value)


ATTACKS = {
    # the attacker's sheet: one cell of short rich-text runs
    "cell_of_runs": lambda: workbook(inline_cell(runs(3 * MEGABYTE))),
    # one cell of plain text: no "<" for 3 MB
    "cell_of_text": lambda: workbook(inline_cell(b"<t>%s</t>" % text(3 * MEGABYTE))),
    # the attacker's shared string, and one written in runs
    "shared_text": lambda: workbook(
        references(1, 1), b"<si><t>\xf0\xa0\x80\x80%s</t></si>" % text(3 * MEGABYTE)
    ),
    "shared_runs": lambda: workbook(references(1, 1), b"<si>%s</si>" % runs(3 * MEGABYTE)),
    # a 30,000-character string (Excel's limit) named by 3,000 cells
    "copies": lambda: workbook(
        references(300, 10), "<si><t>{}</t></si>".format("字" * 30_000).encode()
    ),
    # both at once, as in the attack
    "both": lambda: workbook(
        inline_cell(runs(2 * MEGABYTE)) + references(1, 1, first=3),
        b"<si><t>%s</t></si>" % text(2 * MEGABYTE),
    ),
}


@pytest.mark.parametrize("attack", sorted(set(ATTACKS) - {"copies"}))
def test_a_huge_cell_or_shared_string_is_refused_before_calamine(attack, calamine):
    data = ATTACKS[attack]()
    assert len(data) < 100_000  # a few MB of XML in a small file
    message = refused(data)
    assert message.startswith("文件「案件.xlsx」") and HUGE_CELL in message
    assert "可能是恶意构造的文件，未读取" in message
    assert not calamine.opened


def test_one_string_copied_into_many_cells_is_refused_before_calamine(calamine):
    """A 30,000-character string (within Excel's limit) named by 3,000 cells: 270 MB of text
    from a file of a few KB. Before, a file like it of 20,000 cells took 2.9 GB."""
    data = ATTACKS["copies"]()
    assert len(data) < 20_000
    message = refused(data, counted=False)
    assert TOO_MUCH_TEXT in message and "超过了按 301 行数据所能导入的 64 MB" in message
    assert not calamine.opened


def test_text_spread_over_cells_of_under_a_megabyte_is_held_to_the_rows(monkeypatch, calamine):
    """The 524 MB string cut into cells of under 1 MB each cost as much memory: the text of
    all cells together is bounded too (here with the allowance lowered to 2 MB)."""
    monkeypatch.setattr(tabular, "TEXT_BASE_BYTES", 2 * MEGABYTE, raising=False)
    cells = b"".join(inline_cell(b"<t>%s</t>" % text(700_000, seed=n), row=n) for n in range(2, 8))
    message = refused(workbook(cells))
    assert TOO_MUCH_TEXT in message and "超过了按 7 行数据所能导入的 2 MB" in message
    assert not calamine.opened


def test_cell_starts_forged_inside_a_cell_do_not_escape_the_text_limit(monkeypatch, calamine):
    """calamine ignores a <c/> inside an inline string, so a <c/> every 256 KB hides a 3 MB
    cell from the search for cell starts; its text still counts against the limit."""
    monkeypatch.setattr(tabular, "TEXT_BASE_BYTES", 2 * MEGABYTE, raising=False)
    message = refused(workbook(inline_cell(runs(3 * MEGABYTE, every=256 * 1024))))
    assert TOO_MUCH_TEXT in message
    assert not calamine.opened


def test_a_copy_named_in_a_form_calamine_reads_as_string_0_counts_as_the_longest(calamine):
    """calamine reads <v> 1</v> (or any index it cannot parse) as string 0. Only a reference
    written as programs write it is counted as the string it names; any other counts as the
    longest string of the table."""
    strings = "<si><t>{}</t></si><si><t>是</t></si>".format("字" * 30_000).encode()
    calamine.allow(True)
    table = read_table(io.BytesIO(workbook(references(300, 10, b"1"), strings)), "案件.xlsx")
    assert table.rows[0].values["列1"] == "是"
    opened = len(calamine.opened)
    message = refused(workbook(references(300, 10, b" 1"), strings), counted=False)
    assert TOO_MUCH_TEXT in message
    assert len(calamine.opened) == opened


def test_a_shared_table_written_unlike_any_program_is_bounded_as_a_whole(calamine):
    """calamine keeps reading a <t> across tags inside it, </si><si> included: here string 0 is
    200 KB though a search for </si> finds a new string every 10 KB. A table that is not
    written the way programs write it is not split by such a search; every copy of one of its
    strings counts as the whole table."""
    forged = b"<b/></si><si>".join(text(10_000, seed=n) for n in range(20))
    strings = b"<si><t>%s</t></si><si><t>x</t></si>" % forged
    message = refused(workbook(references(300, 10), strings))
    assert TOO_MUCH_TEXT in message
    assert not calamine.opened


def test_cdata_is_refused(calamine):
    """CDATA is text that may hold "<", which calamine keeps; Excel never writes it."""
    message = refused(workbook(inline_cell(b"<t><![CDATA[<<<>>>]]></t>")))
    assert "CDATA" in message and "未读取" in message
    assert not calamine.opened


def test_ordinary_files_and_a_cell_at_excels_limit_still_read(calamine):
    calamine.allow(True)
    assert len(read_table(io.BytesIO(xlsx_bytes([case(1), case(2)])), "案件.xlsx").rows) == 2
    # openpyxl writes each of these characters as "&#23383;": 240 KB for one cell
    data = xlsx_bytes([case(1, 申请人="字" * 30_000)])
    assert count_rows(data, "案件.xlsx") == 1
    row = read_table(io.BytesIO(data), "案件.xlsx").rows[0]
    assert row.values["申请人"] == "字" * 30_000


def test_a_long_shared_string_named_once_among_many_short_ones_reads(monkeypatch, calamine):
    """Excel's way: one long string named once, a short one named by every other cell. The
    longest string times all the cells would exceed the limit; the exact count (a second pass
    over the sheet) does not."""
    calamine.allow(True)
    monkeypatch.setattr(tabular, "TEXT_BASE_BYTES", MEGABYTE)
    exact = []
    real = tabular._shared_copies
    monkeypatch.setattr(tabular, "_shared_copies", lambda *a: exact.append(1) or real(*a))
    strings = "<si><t>{}</t></si><si><t>是</t></si>".format("字" * 30_000).encode()
    data = workbook(references(1, 1) + references(2000, 5, b"1", first=3), strings)
    table = read_table(io.BytesIO(data), "案件.xlsx")
    assert exact and len(table.rows) == 2001
    assert table.rows[0].values["列1"] == "字" * 30_000


SPREADSHEET_TABLES = {
    "excel": b'<si><t xml:space="preserve"> a </t></si><si><r><rPr><b/><sz val="11"/>'
    b'<color theme="1"/><rFont val="\xe5\xae\x8b\xe4\xbd\x93"/><charset val="134"/></rPr>'
    b"<t>b</t></r><r><t>c</t></r></si><si><t/></si>",
    "phonetic": b'<si><t>a</t><rPh sb="0" eb="1"><t>b</t></rPh><phoneticPr fontId="1"/></si>'
    b"<si><t>c</t></si><si/>",
    "pretty": b"\n  <si>\n    <t>a</t>\n  </si>\n  <si><t>b</t></si>\n  <si><t>c</t></si>\n",
}


@pytest.mark.parametrize("style", sorted(SPREADSHEET_TABLES))
def test_tables_as_programs_write_them_are_counted_string_by_string(style):
    """Excel's rich text, phonetic runs (Japanese files), pretty-printed XML: the scan finds
    calamine's three strings, so each copy counts the string it names."""
    data = workbook(references(1, 1), SPREADSHEET_TABLES[style])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        lengths = tabular._shared_string_lengths(archive, "xl/sharedStrings.xml")
    assert lengths is not None and len(lengths) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(("attack", "said"), [("both", HUGE_CELL), ("copies", TOO_MUCH_TEXT)])
def test_the_import_page_refuses_the_attack_and_writes_nothing(
    client, tree, make_user, calamine, attack, said
):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    page = client.post(UPLOAD, {"file": SimpleUploadedFile("案件.xlsx", ATTACKS[attack]())})
    assert page.status_code == 200
    assert "文件「案件.xlsx」" + said in page.content.decode()
    assert ReconsiderationCase.objects.count() == 0
    assert not calamine.opened
