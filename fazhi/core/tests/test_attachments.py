"""案件材料 (issue 20): a case's files are taken for what their content is (PDF, JPEG, PNG,
.docx, .xlsx, .doc, .xls) and nothing else, checked for bombs before anything reads them, kept
sealed (never in clear in the database or on disk), reachable only through the record's own
access rule, and each upload, download of personal data and removal audited on the record."""

import io
import os
import secrets
import struct
import zipfile
import zlib
from pathlib import Path
from urllib.parse import quote

import html5lib
import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import include, path, reverse
from docx import Document

from fazhi.api.tests.conftest import sample_records, units  # noqa: F401  (fixtures)
from fazhi.core import attachment_views, attachments
from fazhi.core.errors import ActionRefused
from fazhi.core.models import (
    Attachment,
    AttachmentKind,
    AuditAction,
    AuditEntry,
    FileType,
    SealedFile,
    SealedFilePart,
)
from fazhi.core.register_views import PAGES
from fazhi.core.registers import register_of
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason, strict_html

# --- the site with the attachment pages mounted ---------------------------------------------
#
# RegisterPages.urls mounts them once the lead wires attachment_views.urls in; until then this
# module's URLconf adds them to each register's namespace (placed first: the first include of a
# namespace is the one reverse() reads).


def _site_urls() -> list:
    from fazhi import urls as site

    mounted = []
    for name, pages in PAGES.items():
        own = pages.urls()
        if not any(getattr(p, "name", "") == "attachment_upload" for p in own):
            own = [*own, *attachment_views.urls(pages)]
        mounted.append(path("", include((own, name))))
    return [*mounted, *site.urlpatterns]


urlpatterns = _site_urls()
pytestmark = pytest.mark.urls(__name__)


# --- files of every kind, made here ------------------------------------------------------------


def pdf(text: str = "申请书") -> bytes:
    return b"%PDF-1.4\n1 0 obj << >> endobj\n% " + text.encode() + b"\n%%EOF\n"


def png(width: int = 2, height: int = 2, *, pixels: bool = True) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height)) if pixels else b""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int = 640, height: int = 480) -> bytes:
    """SOI, a JFIF APP0, a baseline frame header (SOF0) and a scan: what the check reads."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    scan = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + app0 + frame + scan + b"\x12" * 64 + b"\xff\xd9"


def docx(text: str = "证据目录") -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "送达回证"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezipped(data: bytes, change=None, add: dict | None = None) -> bytes:
    """The package `data` with [Content_Types].xml changed by `change` and members added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if change and info.filename == "[Content_Types].xml":
                body = change(body)
            target.writestr(info.filename, body)
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("说明.txt", "一个普通的压缩包")
    return out.getvalue()


# A compound file ([MS-CFB]) of version 3: the header, one FAT sector (sector 0), then the
# directory's sectors; its streams are empty (only the directory is read).
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound(tree: dict) -> bytes:
    """A compound file whose root holds `tree`: name → None (a stream) or a dict (a storage)."""
    entries = []  # [name, type, left, right, child]

    def add(name, kind):
        entries.append([name, kind, _NONE, _NONE, _NONE])
        return len(entries) - 1

    def children(subtree: dict) -> int:
        first = previous = None
        for name, sub in subtree.items():
            index = add(name, 2 if sub is None else 1)
            if sub is not None:
                entries[index][4] = children(sub)
            if previous is None:
                first = index
            else:
                entries[previous][3] = index  # the right sibling
            previous = index
        return _NONE if first is None else first

    root = add("Root Entry", 5)
    entries[root][4] = children(tree)
    directory = b""
    for name, kind, left, right, child in entries:
        encoded = name.encode("utf-16-le")
        directory += (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded) + 2, kind, 1)
            + struct.pack("<III", left, right, child)
            + b"\0" * 16  # CLSID
            + b"\0" * 4  # state bits
            + b"\0" * 16  # creation and modification times
            + struct.pack("<IQ", _END, 0)
        )
    empty = b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", *[_NONE] * 3)
    empty = empty.ljust(128, b"\0")
    while len(directory) % 512:
        directory += empty
    directory_sectors = len(directory) // 512
    fat = [_FAT, *range(2, directory_sectors + 1), _END]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *[_FREE] * 108)
    )
    assert len(header) == 512
    return header + fat_sector + directory


def doc() -> bytes:
    return compound({"WordDocument": None, "1Table": None, "\x05SummaryInformation": None})


def xls() -> bytes:
    return compound({"Workbook": None, "\x05SummaryInformation": None})


# --- the rules, without a database ------------------------------------------------------------


@pytest.mark.parametrize(
    "data,expected",
    [
        (pdf(), FileType.PDF),
        (png(), FileType.PNG),
        (jpeg(), FileType.JPEG),
        (docx(), FileType.DOCX),
        (xlsx(), FileType.XLSX),
        (doc(), FileType.DOC),
        (xls(), FileType.XLS),
        (compound({"Book": None}), FileType.XLS),  # Excel 5/95
        # An Excel file holding an embedded Word document is an Excel file.
        (compound({"Workbook": None, "MBD0001": {"WordDocument": None}}), FileType.XLS),
    ],
)
def test_the_type_is_found_from_the_content(data, expected):
    assert attachments.file_type_of(data, "材料") == expected


def test_the_name_need_not_say_the_type():
    assert attachments.file_type_of(png(), "扫描件") == FileType.PNG
    assert attachments.file_type_of(jpeg(), "照片.JPG") == FileType.JPEG


@pytest.mark.parametrize(
    "data,name,said",
    [
        (plain_zip(), "材料.zip", "压缩包"),
        (b"<!DOCTYPE html><html><body>\xe4\xbd\xa0\xe5\xa5\xbd</body></html>", "决定书.pdf",
         "名称表明是PDF 文件，但内容其实是网页（HTML）"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "证据.exe", "Windows 可执行程序"),
        (b"MZ\x90\x00" + b"\x00" * 60, "申请书.docx", "名称表明是Word 文档，但内容其实是Windows"),
        (rezipped(docx(), lambda x: x.replace(attachments.WORD_MAIN.encode(), b"application/xml")),
         "无主体.docx", "压缩包"),
        (rezipped(docx(), lambda x: x.replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml")), "宏.docm", "含宏的 Word"),
        (rezipped(xlsx(), lambda x: x.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")), "宏.xlsx", "含宏的 Excel"),
        (rezipped(docx(), add={"word/vbaProject.bin": b"\x00" * 100}), "暗宏.docx", "含宏"),
        (compound({"WordDocument": None, "Macros": {"VBA": {}}}), "宏.doc", "含宏的 Word 97-2003"),
        (compound({"Workbook": None, "_VBA_PROJECT_CUR": {}}), "宏.xls", "含宏的 Excel 97-2003"),
        (compound({"PowerPoint Document": None}), "演示.ppt", "PowerPoint 97-2003"),
        (compound({"EncryptedPackage": None}), "加密.docx", "加密的 Office 文件"),
        (b"GIF89a\x01\x00\x01\x00", "图.gif", "GIF 图片"),
        ("普通的一段文字".encode(), "说明.txt", "纯文本文件"),
    ],
)  # fmt: skip
def test_anything_else_is_refused_saying_what_it_is(data, name, said):
    with pytest.raises(ActionRefused, match="不能上传") as refused:
        attachments.file_type_of(data, name)
    assert said in str(refused.value), str(refused.value)


def test_a_zip_bomb_dressed_as_docx_is_refused_before_anything_reads_it():
    # 20 MB of zeros deflate to some 20 KB: a ratio of 1000, where bombs sit.
    bomb = rezipped(docx(), add={"word/media/image1.png": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ActionRefused, match="解压后过大"):
        attachments.file_type_of(bomb, "起诉状.docx")


@pytest.mark.parametrize(
    "data",
    [png(100_000, 100_000, pixels=False), jpeg(65_000, 65_000), png(8000, 5001, pixels=False)],
)
def test_a_picture_declaring_too_many_pixels_is_refused_from_its_header(data):
    with pytest.raises(ActionRefused, match="超过 4,000 万像素"):
        attachments.file_type_of(data, "照片.png")


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0\x00\x10JFIF",  # cut before its frame header
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",  # cut inside IHDR
        png(0, 10, pixels=False),
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100,  # a header cut short
        compound({"WordDocument": None})[:600],  # the directory gone
        rezipped(docx())[:-200],  # a package cut short
    ],
)
def test_a_damaged_file_of_an_accepted_kind_is_refused(data):
    with pytest.raises(ActionRefused, match="已损坏"):
        attachments.file_type_of(data, "材料")


def test_a_directory_that_loops_is_refused_not_followed():
    data = bytearray(compound({"WordDocument": None, "1Table": None}))
    # The second child's right sibling points back at the first.
    entry = 512 + 512 + 2 * 128
    struct.pack_into("<I", data, entry + 0x48, 1)
    with pytest.raises(ActionRefused, match="已损坏"):
        attachments.file_type_of(bytes(data), "循环.doc")


@pytest.mark.parametrize(
    "name,cleaned",
    [("C:\\Users\\张三\\桌面\\申请书.pdf", "申请书.pdf"), ("../../etc/证据.pdf", "证据.pdf"),
     (" 回证.pdf ", "回证.pdf")],
)  # fmt: skip
def test_a_name_keeps_only_the_files_own_name(name, cleaned):
    assert attachments.clean_name(name) == cleaned


@pytest.mark.parametrize(
    "name,problem",
    [("", "没有名称"), ("C:\\材料\\", "没有名称"), ("..", "没有名称"),
     ("申请\x07书.pdf", "控制字符"), ("长" * 201 + ".pdf", "最多 200 个字")],
)  # fmt: skip
def test_a_bad_name_is_refused(name, problem):
    with pytest.raises(ActionRefused, match=problem):
        attachments.clean_name(name)


def test_the_download_names_the_file_in_utf8_as_rfc_5987_writes_it():
    header = attachment_views.disposition('申请书 "正本".pdf')
    assert header.startswith("attachment; ")
    assert "filename*=UTF-8''" + quote("申请书 _正本_.pdf", safe="") in header
    assert 'filename="' in header and header.isascii()


# --- attaching, reading, removing ---------------------------------------------------------


@pytest.fixture
def case(sample_records):  # noqa: F811
    return sample_records["reconsideration"]


@pytest.fixture
def subject(sample_records):  # noqa: F811
    """A 社区矫正 subject: a register holding personal data."""
    return sample_records["corrections_subject"]


@pytest.fixture
def officer(units, make_user):  # noqa: F811
    return make_user("cailiao", units["county"], Role.RECONSIDERATION, Role.CORRECTIONS)


@pytest.fixture
def outsider(units, make_user):  # noqa: F811
    """The same roles in the sibling county 泸溪县."""
    return make_user("luxi", units["sibling"], Role.RECONSIDERATION, Role.CORRECTIONS)


def attach(actor, record, data, name, kind=AttachmentKind.EVIDENCE):
    register = register_of(type(record)).name
    return attachments.accept(actor, register, record, kind=kind, name=name, data=data)


@pytest.mark.parametrize(
    "make,name,file_type",
    [(pdf, "申请书.pdf", "pdf"), (png, "身份证.png", "png"), (jpeg, "现场照片.jpg", "jpeg"),
     (docx, "证据目录.docx", "docx"), (xlsx, "送达清单.xlsx", "xlsx"), (doc, "旧文书.doc", "doc"),
     (xls, "旧台账.xls", "xls")],
)  # fmt: skip
def test_an_accepted_file_is_kept_sealed_and_audited(case, officer, make, name, file_type):
    data = make()
    attachment = attach(officer, case, data, name)
    assert (attachment.name, attachment.file_type, attachment.uploaded_by) == (
        name,
        file_type,
        officer,
    )
    assert attachment.file.size == len(data)
    assert attachments.content(officer, attachment, case) == data
    entry = AuditEntry.objects.get(action=AuditAction.ATTACH)
    assert (entry.register, entry.object_id, entry.actor) == (
        "reconsideration",
        str(case.pk),
        officer,
    )
    assert name in entry.note and "证据材料" in entry.note
    # Not a register of personal data: reading is not audited.
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


@pytest.mark.parametrize(
    "data,name,problem",
    [
        (plain_zip(), "材料.zip", "压缩包"),
        (b"<html><body>forged</body></html>", "决定书.pdf", "网页（HTML）"),
        (b"MZ" + b"\x00" * 100, "setup.exe", "可执行程序"),
        (b"", "空白.pdf", "空文件"),
        (pdf(), "申请\x07书.pdf", "控制字符"),
        (png(100_000, 100_000, pixels=False), "照片.png", "万像素"),
    ],
)
def test_a_refused_file_writes_nothing(case, officer, data, name, problem):
    with pytest.raises(ActionRefused, match=problem):
        attach(officer, case, data, name)
    assert not Attachment.objects.exists() and not SealedFile.objects.exists()
    assert not SealedFilePart.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.ATTACH).exists()


def test_a_docx_bomb_writes_nothing(case, officer):
    bomb = rezipped(docx(), add={"word/media/image1.png": b"\x00" * (20 * 1024 * 1024)})
    with pytest.raises(ActionRefused, match="解压后过大"):
        attach(officer, case, bomb, "起诉状.docx")
    assert not Attachment.objects.exists() and not SealedFile.objects.exists()


def test_the_largest_size_is_a_setting(case, officer, settings):
    settings.FAZHI_ATTACHMENT_MAX_MB = 1
    big = pdf() + b"\x00" * (1024 * 1024)
    with pytest.raises(ActionRefused, match="超过了 1 MB 的上限"):
        attach(officer, case, big, "扫描件.pdf")
    settings.FAZHI_ATTACHMENT_MAX_MB = 2
    assert attach(officer, case, big, "扫描件.pdf").file.size == len(big)


@pytest.fixture
def leader(units, make_user):  # noqa: F811
    return make_user("lingdao", units["county"], Role.LEADER)


def test_a_kind_that_is_none_of_the_list_or_a_user_who_may_not_change_is_refused(
    case, officer, outsider, leader
):
    with pytest.raises(ActionRefused, match="请选择材料类别"):
        attach(officer, case, pdf(), "申请书.pdf", kind="secret")
    with pytest.raises(ActionRefused, match="不能上传这条记录的材料"):
        attach(outsider, case, pdf(), "申请书.pdf")
    with pytest.raises(ActionRefused, match="不能上传这条记录的材料"):
        attach(leader, case, pdf(), "申请书.pdf")
    with pytest.raises(ActionRefused, match="不属于"):
        attachments.accept(
            officer, "mediation", case, kind=AttachmentKind.OTHER, name="a.pdf", data=pdf()
        )
    assert not Attachment.objects.exists()


def _cells():
    """Every value of every row of every table of the database."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                yield from row


def test_the_plaintext_is_neither_in_the_database_nor_on_disk(case, officer):
    marker = secrets.token_hex(24)  # made now: in no source file
    data = pdf(marker) + marker.encode() * 1000
    attachment = attach(officer, case, data, "证据.pdf")
    assert SealedFilePart.objects.filter(file=attachment.file).exists()
    for cell in _cells():
        if isinstance(cell, bytes | memoryview | bytearray):
            assert marker.encode() not in bytes(cell)
        elif isinstance(cell, str):
            assert marker not in cell
    roots = {Path(django_settings.BASE_DIR)}
    if django_settings.MEDIA_ROOT:
        roots.add(Path(django_settings.MEDIA_ROOT))
    skipped = {".venv", ".git", "node_modules", "__pycache__", ".ruff_cache"}
    for root in roots:
        for folder, folders, files in os.walk(root):
            folders[:] = [f for f in folders if f not in skipped]
            for name in files:
                file = Path(folder) / name
                if file.is_file() and file.stat().st_size < 200 * 1024 * 1024:
                    assert marker.encode() not in file.read_bytes(), file
    assert attachments.content(officer, attachment, case) == data


def test_a_changed_part_does_not_open(case, officer):
    attachment = attach(officer, case, pdf(), "申请书.pdf")
    part = SealedFilePart.objects.get(file=attachment.file)
    changed = bytearray(part.data)
    changed[3] ^= 1
    part.data = bytes(changed)
    part.save()
    with pytest.raises(ActionRefused, match="无法解密"):
        attachments.content(officer, attachment, case)


def test_reading_a_file_of_personal_data_is_audited(subject, officer):
    attachment = attach(officer, subject, png(), "身份证复印件.png", AttachmentKind.APPLICATION)
    officer.personal_data_reasons = {"corrections_subject": "核对身份"}
    assert attachments.content(officer, attachment, subject) == png()
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert (entry.register, entry.object_id, entry.actor) == (
        "corrections_subject",
        str(subject.pk),
        officer,
    )
    # Named by its number: a file name in a register of personal data may name the person.
    assert f"材料编号 {attachment.pk}" in entry.note and "核对身份" in entry.note
    assert "身份证复印件" not in entry.note


def test_removal_is_audited_and_hides_the_file_but_keeps_its_bytes(case, officer, outsider):
    attachment = attach(officer, case, pdf(), "重复的申请书.pdf")
    with pytest.raises(ActionRefused, match="请写明删除的理由"):
        attachments.remove(officer, attachment, case, "  ")
    with pytest.raises(ActionRefused, match="最多 200 个字"):
        attachments.remove(officer, attachment, case, "重" * 201)
    with pytest.raises(ActionRefused, match="控制字符"):
        attachments.remove(officer, attachment, case, "重复\x00")
    with pytest.raises(ActionRefused, match="不能删除"):
        attachments.remove(outsider, attachment, case, "重复上传")
    attachments.remove(officer, attachment, case, "重复上传")
    attachment.refresh_from_db()
    assert attachment.removed_by == officer and attachment.remove_reason == "重复上传"
    assert list(attachments.listed("reconsideration", case)) == []
    with pytest.raises(ActionRefused, match="已被删除"):
        attachments.content(officer, attachment, case)
    with pytest.raises(ActionRefused, match="已被删除"):
        attachments.remove(officer, attachment, case, "再删一次")
    entry = AuditEntry.objects.get(action=AuditAction.REMOVE_ATTACHMENT)
    assert "重复的申请书.pdf" in entry.note and "重复上传" in entry.note
    assert entry.object_id == str(case.pk)
    assert SealedFilePart.objects.filter(file=attachment.file).exists()


def test_a_file_of_another_record_is_refused(case, officer, sample_records):  # noqa: F811
    attachment = attach(officer, case, pdf(), "申请书.pdf")
    with pytest.raises(ActionRefused, match="不属于这条记录"):
        attachments.content(officer, attachment, sample_records["litigation"])


# --- the pages ------------------------------------------------------------------------------


def _urls(record, name, *args):
    return reverse(f"{register_of(type(record)).name}:{name}", args=[record.pk, *args])


def upload(client, record, data, name, kind=AttachmentKind.EVIDENCE):
    return client.post(
        _urls(record, "attachment_upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def _message(response) -> str:
    """The message the request left for the record's page (the last: the page that would
    have shown the earlier ones was never opened)."""
    return [str(m) for m in response.wsgi_request._messages][-1]


def test_uploading_on_the_page_keeps_the_file_and_returns_to_the_record(client, case, officer):
    client.force_login(officer)
    response = upload(client, case, pdf(), "申请书.pdf", AttachmentKind.APPLICATION)
    assert response.status_code == 302
    assert response["Location"] == reverse("reconsideration:detail", args=[case.pk])
    assert _message(response) == "已上传申请材料「申请书.pdf」。"
    assert Attachment.objects.get().kind == AttachmentKind.APPLICATION


def test_a_refusal_on_the_page_is_its_message(client, case, officer, settings):
    client.force_login(officer)
    response = upload(client, case, b"<html></html>", "决定书.pdf")
    assert response.status_code == 302
    assert "网页（HTML）" in _message(response)
    settings.FAZHI_ATTACHMENT_MAX_MB = 1
    response = upload(client, case, pdf() + b"\x00" * (3 * 1024 * 1024), "扫描件.pdf")
    assert _message(response) == "文件超过了 1 MB 的上限，未上传。"
    response = client.post(_urls(case, "attachment_upload"), {"kind": "evidence"})
    assert _message(response) == "请选择要上传的文件。"
    assert not Attachment.objects.exists()


def test_an_upload_never_lies_on_disk(client, case, officer, monkeypatch):
    """Above 2.5 MB Django spools an upload to a temporary file, in clear; not this one."""
    from django.core.files import uploadedfile

    def on_disk(*args, **kwargs):
        raise AssertionError("上传的文件被写入了临时文件")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", on_disk)
    client.force_login(officer)
    data = pdf() + b"\x00" * (3 * 1024 * 1024)
    assert upload(client, case, data, "扫描件.pdf").status_code == 302
    assert attachments.content(officer, Attachment.objects.get(), case) == data


def test_the_upload_checks_its_csrf_token(case, officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert upload(client, case, pdf(), "申请书.pdf").status_code == 403
    assert not Attachment.objects.exists()


def test_downloading_gives_the_file_with_its_type_and_name(client, case, officer):
    data = docx()
    attachment = attach(officer, case, data, "证据目录（第一组）.docx")
    client.force_login(officer)
    response = client.get(_urls(case, "attachment_download", attachment.pk))
    assert response.status_code == 200 and response.content == data
    assert response["Content-Type"] == attachments.CONTENT_TYPES[FileType.DOCX]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "UTF-8''" + quote("证据目录（第一组）.docx", safe="") in response["Content-Disposition"]


def test_another_countys_user_finds_no_such_page(client, case, officer, outsider):
    attachment = attach(officer, case, pdf(), "申请书.pdf")
    client.force_login(outsider)
    assert client.get(_urls(case, "attachment_download", attachment.pk)).status_code == 404
    assert upload(client, case, pdf(), "伪造.pdf").status_code == 404
    removing = client.post(_urls(case, "attachment_remove", attachment.pk), {"reason": "删掉"})
    assert removing.status_code == 404
    assert Attachment.objects.get().removed_at is None


def test_a_leader_reads_but_may_not_upload(client, case, officer, leader):
    attachment = attach(officer, case, pdf(), "申请书.pdf")
    client.force_login(leader)
    assert client.get(_urls(case, "attachment_download", attachment.pk)).status_code == 200
    assert upload(client, case, pdf(), "另一份.pdf").status_code == 404
    assert Attachment.objects.count() == 1


def test_a_file_of_personal_data_is_downloaded_after_the_reason_and_audited(
    client, subject, officer
):
    attachment = attach(officer, subject, png(), "判决书.png", AttachmentKind.DECISION)
    url = _urls(subject, "attachment_download", attachment.pk)
    client.force_login(officer)
    refused = client.get(url)
    assert refused.status_code == 302 and "说明查看个人信息的事由" in _message(refused)
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()
    login_with_reason(client, officer, "corrections_subject", reason="核对判决")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert entry.actor == officer and "材料编号" in entry.note and "核对判决" in entry.note
    assert "判决书.png" not in entry.note


def test_removing_on_the_page_hides_the_file(client, case, officer):
    attachment = attach(officer, case, pdf(), "错传.pdf")
    client.force_login(officer)
    url = _urls(case, "attachment_remove", attachment.pk)
    assert "请写明删除的理由" in _message(client.post(url, {"reason": ""}))
    response = client.post(url, {"reason": "上传错了案件"})
    assert _message(response) == "已删除证据材料「错传.pdf」。"
    assert client.get(_urls(case, "attachment_download", attachment.pk)).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.REMOVE_ATTACHMENT).count() == 1


# --- the section of the record's page -------------------------------------------------------

# Names of file formats a page may show beside ALLOWED_WORDS (portal/tests/page_contract.py).
FORMAT_WORDS = {"PDF", "JPEG", "PNG"}


def _section(user, record, register: str, *, can_change: bool) -> str:
    from fazhi.portal.tests.page_contract import ALLOWED_WORDS, LATIN_WORD, _ReadText

    request = RequestFactory().get("/")
    request.user = user
    context = attachment_views.section(request, PAGES[register], record, can_change)
    html = render_to_string("registers/attachments.html", context, request=request)
    head = "<!DOCTYPE html><html lang='zh-CN'><head><title>材料</title></head>"
    page = f"{head}<body>{html}</body></html>"
    strict_html(page)
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    reader = _ReadText()
    reader.feed(page)
    latin = set(LATIN_WORD.findall("\n".join(reader.read))) - ALLOWED_WORDS - FORMAT_WORDS
    assert not latin, latin
    return html


def test_the_section_lists_the_files_and_offers_the_upload(case, officer, outsider):
    empty = _section(officer, case, "reconsideration", can_change=True)
    assert "案件材料" in empty and "暂无材料" in empty
    assert (
        'enctype="multipart/form-data"' in empty and 'accept="' + attachment_views.ACCEPT in empty
    )
    assert "不超过 20 MB" in empty and "请选择" in empty
    attach(officer, case, docx(), "证据目录.docx")
    attach(officer, case, jpeg(), "photo.jpg", AttachmentKind.SCAN)
    removed = attach(officer, case, pdf(), "已删.pdf")
    attachments.remove(officer, removed, case, "重复")
    html = _section(officer, case, "reconsideration", can_change=True)
    assert "证据目录.docx" in html and "photo.jpg" in html and "已删.pdf" not in html
    assert "Word 文档" in html and "扫描件" in html and "cailiao" in html
    assert html.count("删除理由") == 2
    readonly = _section(officer, case, "reconsideration", can_change=False)
    assert "删除理由" not in readonly and "multipart" not in readonly and "下载" in readonly


def test_the_section_names_files_of_personal_data_only_after_the_reason(subject, officer):
    attach(officer, subject, pdf(), "向某某判决书.pdf", AttachmentKind.DECISION)
    hidden = _section(officer, subject, "corrections_subject", can_change=True)
    assert "向某某判决书.pdf" not in hidden and "说明查看个人信息的事由" in hidden
    officer.personal_data_reasons = {"corrections_subject": "核对判决"}
    shown = _section(officer, subject, "corrections_subject", can_change=True)
    assert "向某某判决书.pdf" in shown


# --- retention ------------------------------------------------------------------------------


def _ended_subject(tree, number: str, first17: str, ended):
    import datetime

    from fazhi.core.idnumber import id_number_check_digit
    from fazhi.corrections import actions as corrections

    start = datetime.date(ended.year - 1, ended.month, 1)
    return corrections.register_subject(
        None, unit=tree["office"], office=tree["office"], number=number, name=f"对象{number}",
        id_number=first17 + id_number_check_digit(first17), address="古丈县古阳镇1号",
        category="probation", offence="盗窃罪", judgment_effective_date=start,
        reported_date=start, start_date=start, end_date=ended, status="released",
        ended_date=ended,
    )  # fmt: skip


def test_the_purge_of_an_expired_record_deletes_its_files_and_their_bytes(tree, officer, settings):
    import datetime

    from django.core.management import call_command

    old = _ended_subject(tree, "古矫2012001", "43312619700101001", datetime.date(2013, 2, 28))
    recent = _ended_subject(tree, "古矫2023001", "43312619800101002", datetime.date(2024, 2, 29))
    settings.FAZHI_RETENTION_YEARS = "corrections_subject=50"  # neither expired yet
    kept = attach(officer, old, pdf(), "判决书.pdf", AttachmentKind.DECISION)
    removed = attach(officer, old, png(), "错传.png")
    attachments.remove(officer, removed, old, "错传")
    other = attach(officer, recent, pdf(), "报到登记.pdf")
    settings.FAZHI_RETENTION_YEARS = ""  # the register's ten years: the old one has expired
    with pytest.raises(ActionRefused, match="超过保存期限"):
        attach(None, old, pdf(), "补充.pdf")

    call_command("purge_expired", register="corrections_subject",
                 authorised_by=officer.username, reason="保存期满，经局务会同意")  # fmt: skip

    assert list(Attachment.objects.all()) == [other]
    assert list(SealedFile.objects.all()) == [other.file]
    assert not SealedFilePart.objects.filter(file_id__in=[kept.file_id, removed.file_id]).exists()
    entries = AuditEntry.objects.filter(
        action=AuditAction.REMOVE_ATTACHMENT, note__startswith="超过保存期限"
    )
    assert sorted(e.note.split("材料编号 ")[1].split("）")[0] for e in entries) == sorted(
        [str(kept.pk), str(removed.pk)]
    )
    assert {(e.actor, e.object_id) for e in entries} == {(officer, str(old.pk))}
    assert all("经局务会同意" in e.note for e in entries)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_package_declaring_a_dtd_is_refused_not_expanded(encoding):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )

    def with_dtd(xml: bytes) -> bytes:
        body = xml.decode().split("?>", 1)[1]
        return (laughs + body).encode(encoding)

    with pytest.raises(ActionRefused, match="已损坏"):
        attachments.file_type_of(rezipped(docx(), with_dtd), "实体.docx")
