"""Issue 15, point 3: an uploaded Office file (.xlsx import, .docx report template) is checked as
a zip archive before any parser opens it. A real 1 MB bomb whose sharedStrings.xml declares
1 GB, and a file whose header lies (declares 1 KB, inflates to 64 MB), are refused with a
Chinese message, and calamine is never handed them; real files pass."""

import io
import os
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core import archives, tabular
from fazhi.core.roles import Role
from fazhi.core.tabular import TableError, count_rows, read_table
from fazhi.imports.tests.files import case, xlsx_bytes
from fazhi.reconsideration.models import ReconsiderationCase

GIGABYTE = 1024**3
STRING_START = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'


def _chunks(total: int, step: int = 1 << 20):
    """`total` bytes of one long string, a megabyte at a time: never all in memory."""
    block = b"a" * step
    for _ in range(total // step):
        yield block


def _with_member(workbook: bytes, name: str, chunks) -> bytes:
    """The workbook with `name` replaced by the streamed chunks (deflated as they come)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w") as stream:
            stream.write(STRING_START)
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A real .xlsx of about 1 MB whose sharedStrings.xml holds one 1 GB string."""
    return _with_member(xlsx_bytes([case("复1")]), "xl/sharedStrings.xml", _chunks(GIGABYTE))


def _lying(workbook: bytes, name: str, real: int, declared: int) -> bytes:
    """The workbook with `name` inflating to `real` bytes while both of its headers declare
    `declared` bytes (and the CRC of that many): Python's zipfile would stop at `declared`
    without complaint; a reader that trusts the stream inflates all of it."""
    data = bytearray(_with_member(workbook, name, _chunks(real)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        member = archive.getinfo(name)
        head = (STRING_START + b"a" * declared)[:declared]
    crc = zlib.crc32(head)
    local = member.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<L", data, local + 14, crc)
    struct.pack_into("<L", data, local + 22, declared)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<L", data, central + 16, crc)
            struct.pack_into("<L", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo(name).file_size == declared
        assert archive.read(name) == head  # zipfile stops at the declared size, CRC matching
    return bytes(data)


@pytest.fixture(scope="module")
def liar() -> bytes:
    return _lying(xlsx_bytes([case("复1")]), "xl/sharedStrings.xml", 64 << 20, 1024)


@pytest.fixture
def no_calamine(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("calamine was handed the file")

    monkeypatch.setattr(tabular.CalamineWorkbook, "from_filelike", refuse)


def test_a_one_gigabyte_bomb_is_refused_from_its_declared_sizes(bomb, no_calamine):
    assert len(bomb) < 2 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > GIGABYTE
    with pytest.raises(archives.ArchiveRefused) as refused:
        archives.check_archive(bomb, "台账.xlsx")
    assert "文件「台账.xlsx」解压后过大" in str(refused.value)
    with pytest.raises(TableError, match="解压后过大"):
        read_table(io.BytesIO(bomb), "台账.xlsx")
    with pytest.raises(TableError, match="解压后过大"):
        count_rows(bomb, "台账.xlsx")


def test_a_lying_header_is_caught_by_inflating_with_a_cap(liar, no_calamine):
    with pytest.raises(archives.ArchiveRefused) as refused:
        archives.check_archive(liar, "台账.xlsx")
    assert "实际解压超过此数" in str(refused.value)
    with pytest.raises(TableError, match="解压后过大"):
        read_table(io.BytesIO(liar), "台账.xlsx")


def test_the_import_page_refuses_a_bomb_and_writes_nothing(client, tree, make_user, bomb):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    response = client.post(
        reverse("imports:upload", args=["reconsideration"]),
        {"file": SimpleUploadedFile("复议台账.xlsx", bomb)},
    )
    assert response.status_code == 200
    assert "文件「复议台账.xlsx」解压后过大" in response.content.decode()
    assert not ReconsiderationCase.objects.exists()


def test_the_importer_refuses_a_lying_file_it_is_given(tmp_path, liar, no_calamine):
    from fazhi.imports.tests.files import refused_import

    path = tmp_path / "复议台账.xlsx"
    path.write_bytes(liar)
    message, _ = refused_import(path)
    assert "解压后过大" in message


def test_a_template_bomb_is_refused_at_upload(tree, make_user):
    from fazhi.reports import actions
    from fazhi.reports.content import default_template_bytes
    from fazhi.reports.rendering import TemplateInvalid

    fazhi = make_user("fazhi", tree["county"], Role.LEGALITY)
    report = actions.create_report(fazhi, unit=tree["county"], year=2024)
    template = _lying(default_template_bytes(), "word/document.xml", 8 << 20, 4096)
    with pytest.raises(TemplateInvalid) as refused:
        actions.upload_template(fazhi, report, name="模板.docx", content=template)
    assert "解压后过大" in refused.value.problems[0]
    report.refresh_from_db()
    assert report.template is None


def test_limits_on_members_total_and_ratio(monkeypatch):
    def archive(*members: tuple[str, bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in members:
                target.writestr(name, data)
        return out.getvalue()

    monkeypatch.setattr(archives, "MAX_MEMBERS", 3)
    with pytest.raises(archives.ArchiveRefused, match="含有 4 个部件"):
        archives.check_archive(archive(*[(f"{n}.xml", b"x") for n in range(4)]))
    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 150_000)
    with pytest.raises(archives.ArchiveRefused, match="声明解压后共"):
        archives.check_archive(archive(("a.xml", b"<a/>" * 25_000), ("b.xml", b"<b/>" * 25_000)))
    monkeypatch.setattr(archives, "RATIO_FLOOR_BYTES", 10_000)
    with pytest.raises(archives.ArchiveRefused, match="压缩了"):
        archives.check_archive(archive(("s.xml", b"a" * 120_000)))


def test_real_files_pass_and_damaged_ones_are_not_archives():
    from fazhi.reports.content import default_template_bytes

    workbook = xlsx_bytes([case(f"复{n}") for n in range(300)])
    archives.check_archive(workbook)
    archives.check_archive(default_template_bytes())
    assert len(read_table(io.BytesIO(workbook), "台账.xlsx").rows) == 300
    for damaged in (b"not a zip", workbook[: len(workbook) // 2], b""):
        with pytest.raises(archives.NotAnArchive):
            archives.check_archive(damaged)
    flipped = bytearray(workbook)
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        sheet = source.getinfo("xl/worksheets/sheet1.xml")
    middle = sheet.header_offset + 30 + len(sheet.filename) + sheet.compress_size // 2
    flipped[middle : middle + 16] = b"\xff" * 16  # inside the sheet's deflate stream
    with pytest.raises(archives.ArchiveRefused):
        archives.check_archive(bytes(flipped))


def test_template_limits_are_lower_than_a_spreadsheets():
    """Review r1: a 3.9 MB .docx whose document.xml inflated to 50 MB passed the spreadsheet
    limits and took 22 s and 4.6 GB to parse; a template has its own, lower limits."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        # random text: a ratio of 2, so only the size speaks
        target.writestr("word/document.xml", os.urandom(11 * 1024 * 1024 // 2).hex())
    data = out.getvalue()
    archives.check_archive(data, "台账.xlsx")  # an import may hold this much
    with pytest.raises(archives.ArchiveRefused, match="document.xml"):
        archives.check_archive(data, "模板", archives.TEMPLATE)
