"""A case's files (案件材料, issue 20): what may be attached, and attaching, reading and removing
one, each audited on the record.

A file is taken for what its content is, never for its name: the first bytes (and for Office
files the package's declared main part, or the compound file's streams) decide its FileType,
and anything else — an archive, a program, a web page named .pdf, a macro-enabled document — is
refused in Chinese, saying what it really is. Pictures are refused when their header declares
more than MAX_PIXELS (a decompression bomb: a few KB of PNG that a viewer inflates to GBs), and
.docx/.xlsx go through core.archives' zip-bomb check before anything inside them is read.

The bytes are kept sealed (core/sealed_files.py: SM4-GCM, in the database, never on disk in
clear). Removing a file is soft: it leaves the record's list and can no longer be downloaded,
but its sealed bytes stay with the record until the record's retention ends and
`manage.py purge_expired` deletes both (`purge`).
"""

import io
import re
import struct
import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import archives, audit, retention, sealed_files
from .access import may_change_record
from .errors import ActionRefused
from .models import Attachment, AttachmentKind, AuditAction, FileType, SealedFile
from .registers import Register, get_register
from .text import required_text, text_problem

MAX_NAME = 200  # Attachment.name
MAX_REASON = 200  # Attachment.remove_reason
# 40 million pixels: a 45-megapixel camera's largest picture is about that, an A3 page scanned
# at 600 dpi is 7016 × 9921 = 70 MP but scans of case files are taken at 200–300 dpi (A3 at
# 300 dpi: 17 MP). Decoded at 4 bytes a pixel it is 160 MB, what a viewer can still hold.
MAX_PIXELS = 40_000_000

CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.DOC: "application/msword",
    FileType.XLS: "application/vnd.ms-excel",
}
# The extensions a name may give for each type: a name that claims one of these for other
# content is told what its content is.
EXTENSIONS = {
    "pdf": FileType.PDF,
    "jpg": FileType.JPEG,
    "jpeg": FileType.JPEG,
    "jpe": FileType.JPEG,
    "png": FileType.PNG,
    "docx": FileType.DOCX,
    "xlsx": FileType.XLSX,
    "doc": FileType.DOC,
    "xls": FileType.XLS,
}
ACCEPTED = "只能上传 PDF、Word、Excel 文件和 JPEG、PNG 图片"


def max_bytes() -> int:
    return settings.FAZHI_ATTACHMENT_MAX_MB * 1024 * 1024


def size_text(size: int) -> str:
    """A file's size as the pages show it, in MB (the one unit of size a page may name)."""
    return f"{max(size / 1024 / 1024, 0.01):.2f} MB"


# --- the name ----------------------------------------------------------------------------------


def clean_name(name) -> str:
    """The file's own name, without the folders a browser (old IE, some uploaders) sends with
    it; refused when empty, too long or carrying characters no text may carry."""
    base = re.split(r"[\\/]", str(name or ""))[-1].strip()
    if not base.strip(". "):
        raise ActionRefused("文件没有名称，请给文件起一个名称后重新上传。")
    if len(base) > MAX_NAME:
        raise ActionRefused(f"文件名最多 {MAX_NAME} 个字，请改短后重新上传。")
    problem = text_problem(base, "文件名")
    if problem:
        raise ActionRefused(problem)
    return base


def _claimed(name: str) -> FileType | None:
    _, dot, extension = name.rpartition(".")
    return EXTENSIONS.get(extension.lower()) if dot else None


# --- the content ------------------------------------------------------------------------------


class _Refused(Exception):
    """What the content is, or why it may not be kept; `file_type_of` words the refusal."""


class _Damaged(Exception):
    """A file of an accepted kind whose structure does not hold together."""


PDF_MAGIC = b"%PDF-"  # ISO 32000-1 7.5.2: the header line, first in the file
JPEG_MAGIC = b"\xff\xd8\xff"  # ITU-T T.81 B.1.1.3: SOI, then a marker
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"  # ISO/IEC 15948 5.2: the signature
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # APPNOTE 4.3.7 local header, 4.3.16 an empty zip
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # [MS-CFB] 2.2: the compound file's header


def file_type_of(data: bytes, name: str) -> str:
    """The FileType of `data` by its content; ActionRefused (naming what it is) otherwise."""
    try:
        return _detect(data, name)
    except _Damaged:
        raise ActionRefused(f"文件「{name}」已损坏，无法识别其内容，请检查后重新上传。") from None
    except _Refused as refused:
        what = str(refused)
        claimed = _claimed(name)
        if claimed is not None:
            raise ActionRefused(
                f"文件「{name}」的名称表明是{claimed.label}，但内容其实是{what}，不能上传。"
                f"{ACCEPTED}。"
            ) from None
        raise ActionRefused(f"文件「{name}」是{what}，不能上传。{ACCEPTED}。") from None


def _detect(data: bytes, name: str) -> str:
    if data.startswith(PDF_MAGIC):
        return FileType.PDF
    if data.startswith(JPEG_MAGIC):
        _check_pixels(*_jpeg_size(data))
        return FileType.JPEG
    if data.startswith(PNG_MAGIC):
        _check_pixels(*_png_size(data))
        return FileType.PNG
    if data.startswith(ZIP_MAGIC):
        return _office_package(data, name)
    if data.startswith(OLE_MAGIC):
        return _compound_file(data)
    raise _Refused(what_it_is(data))


# Other content, by its first bytes (each format's signature), for the refusal to name.
SIGNATURES = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xca\xfe\xba\xbe", "可执行程序"),
    (b"\xcf\xfa\xed\xfe", "可执行程序"),
    (b"#!", "脚本程序"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"BM", "BMP 图片"),
    (b"{\\rtf", "RTF 文档"),
)
HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|script)\b", re.I | re.S
)


def what_it_is(data: bytes) -> str:
    """What a file that is none of the accepted types is, in words."""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf")
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP 图片"
    if HTML_START.match(head):
        return "网页（HTML）"
    if head.lstrip().startswith(b"<?xml"):
        return "SVG 图片" if b"<svg" in head else "XML 文件"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "无法识别的文件"
    return "纯文本文件"


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise _Damaged
    if width * height > MAX_PIXELS:
        raise ActionRefused(
            f"图片声明的尺寸为 {width} × {height} 像素（{width * height / 10_000:,.0f} 万像素），"
            f"超过 {MAX_PIXELS // 10_000:,} 万像素，可能是恶意构造的文件，未保存。"
        )


# JPEG (ITU-T T.81 Annex B): after SOI, marker segments FF xx, each but the standalone ones
# (RSTn D0–D7, SOI D8, TEM 01) followed by its length (two bytes, counting themselves). A frame
# header SOFn (C0–CF but DHT C4, JPG C8, DAC CC) gives P (1 byte), Y lines, X samples per line.
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}
_FRAME = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_SCAN_OR_END = {0xDA, 0xD9}


def _jpeg_size(data: bytes) -> tuple[int, int]:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise _Damaged
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte before the marker
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        if marker in _SCAN_OR_END:
            break  # the frame header comes before the first scan
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker in _FRAME:
            if length < 8 or at + 9 > len(data):
                raise _Damaged
            height, width = struct.unpack_from(">HH", data, at + 5)
            return width, height
        at += 2 + length
    raise _Damaged


def _png_size(data: bytes) -> tuple[int, int]:
    """PNG (ISO/IEC 15948 11.2.2): the first chunk is IHDR, 13 bytes, width and height first."""
    if len(data) < 24 or data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise _Damaged
    return struct.unpack_from(">II", data, 16)


# --- .docx and .xlsx ------------------------------------------------------------------------
#
# An Office Open XML file is a zip package (ECMA-376 Part 2, OPC) whose [Content_Types].xml
# declares each part's media type; the main part's says what the package is (Part 1, 11.3.10
# for WordprocessingML, 12.3.23 for SpreadsheetML; the macro-enabled ones are Microsoft's
# extensions, [MS-OFFMACRO2]).

CONTENT_TYPES_PART = "[Content_Types].xml"
_OPC_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAIN_PARTS = {WORD_MAIN: FileType.DOCX, SHEET_MAIN: FileType.XLSX}
OTHER_PACKAGES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "含宏的 Word 文档",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "含宏的 Word 模板",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "含宏的 Excel 表格",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "含宏的 Excel 模板",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "含宏的 Excel 二进制表格",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": "Excel 加载项",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "Word 模板"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ("Excel 模板"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "PowerPoint 演示文稿"
    ),
}
VBA_PROJECT = "application/vnd.ms-office.vbaProject"
# [Content_Types].xml lists a few dozen parts: a few KB. More is no Office file.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


def _office_package(data: bytes, name: str) -> str:
    try:
        archives.check_archive(data, name)
    except archives.NotAnArchive:
        raise _Damaged from None
    except archives.ArchiveRefused as bomb:
        raise ActionRefused(str(bomb)) from None
    package = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: info for info in package.infolist()}
    declared = members.get(CONTENT_TYPES_PART)
    if declared is None:
        raise _Refused("压缩包（ZIP）")
    if declared.file_size > MAX_CONTENT_TYPES_BYTES:
        raise _Damaged
    types = _declared_types(package.read(declared))
    # Part names compare as case-insensitive ASCII (ECMA-376 Part 2, OPC rule M1.12).
    present = {member.lower() for member in members}
    found = {t for part, t in types if part.lstrip("/").lower() in present}
    if VBA_PROJECT in found or any(m.lower().endswith("vbaproject.bin") for m in members):
        raise _Refused("含宏的 Office 文件（宏可能携带病毒）")
    for media_type, what in OTHER_PACKAGES.items():
        if media_type in found:
            raise _Refused(what)
    kinds = {MAIN_PARTS[t] for t in found if t in MAIN_PARTS}
    if len(kinds) != 1:
        raise _Refused("压缩包（ZIP）")
    return kinds.pop()


def _declared_types(xml: bytes) -> list[tuple[str, str]]:
    """(part name, media type) of each Override in [Content_Types].xml. The OPC forbids a DTD
    (ECMA-376 Part 2, rule M1.18: an entity bomb), so one is refused, never expanded."""
    utf16 = xml[:2] in (b"\xff\xfe", b"\xfe\xff")  # the OPC's other encoding (M1.17)
    text = xml.decode("utf-16" if utf16 else "utf-8", errors="replace").upper()
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise _Damaged
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise _Damaged from None
    return [
        (override.get("PartName", ""), (override.get("ContentType") or "").strip())
        for override in root.iter(f"{_OPC_TYPES}Override")
    ]


# --- .doc and .xls ------------------------------------------------------------------------
#
# A Word 97-2003 or Excel 97-2003 file is a compound file ([MS-CFB]): sectors of 512 (version 3)
# or 4096 bytes (version 4) after a 512-byte header, chained by the FAT, with a directory of
# 128-byte entries whose first is the root storage. What the file is shows in the streams the
# root holds: "WordDocument" ([MS-DOC] 2.1.1), "Workbook" ([MS-XLS] 2.1.2) or "Book" (BIFF5,
# Excel 5/95); their VBA projects are the storages "Macros" (Word) and "_VBA_PROJECT_CUR"
# (Excel) ([MS-OVBA] 2.2.1). olefile is not installed, and only the directory is needed: it is
# read here, every sector number checked against the file and every chain bounded, so a
# crafted file ends in _Damaged, not in a loop. Only the root's own children count: an Excel
# file holding an embedded Word document has a WordDocument stream in a sub-storage.

_ENDOFCHAIN, _MAXREGSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFA, 0xFFFFFFFF
_HEADER_DIFAT = 109  # FAT sector numbers in the header itself ([MS-CFB] 2.2)
_ROOT, _STORAGE, _STREAM = 5, 1, 2  # object types of a directory entry ([MS-CFB] 2.6.1)
COMPOUND_KINDS = (
    ("Macros", "含宏的 Word 97-2003 文档（宏可能携带病毒）"),
    ("_VBA_PROJECT_CUR", "含宏的 Excel 97-2003 表格（宏可能携带病毒）"),
    ("EncryptedPackage", "加密的 Office 文件（无法检查其内容，请去掉密码后上传）"),
)


def _compound_file(data: bytes) -> str:
    names = _compound(data).root_names()
    for stream, what in COMPOUND_KINDS:
        if stream in names:
            raise _Refused(what)
    if "WordDocument" in names:
        return FileType.DOC
    if "Workbook" in names or "Book" in names:
        return FileType.XLS
    if "PowerPoint Document" in names:
        raise _Refused("PowerPoint 97-2003 演示文稿")
    raise _Refused("其他 Office 复合文档（不是 Word 或 Excel 文件）")


def _compound(data: bytes) -> "_CompoundFile":
    if len(data) < 512:
        raise _Damaged
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise _Damaged
    return _CompoundFile(data, 1 << shift)


class _CompoundFile:
    """Just enough of [MS-CFB] to list the root storage's children."""

    def __init__(self, data: bytes, sector_size: int):
        self.data, self.size = data, sector_size
        self.per_sector = sector_size // 4
        # Any chain longer than the file has sectors loops.
        self.most = len(data) // sector_size + 1
        self.fat_sectors = self._fat_sectors()
        self._fat: dict[int, tuple[int, ...]] = {}

    def _u32(self, offset: int) -> int:
        return struct.unpack_from("<I", self.data, offset)[0]

    def sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if number > _MAXREGSECT or start >= len(self.data):
            raise _Damaged
        return self.data[start : start + self.size].ljust(self.size, b"\0")

    def _fat_sectors(self) -> list[int]:
        """The FAT's own sectors: 109 in the header, the rest in the DIFAT chain (2.5)."""
        count = self._u32(0x2C)
        found = [self._u32(0x4C + 4 * i) for i in range(_HEADER_DIFAT)]
        difat, hops = self._u32(0x44), 0
        while len(found) < count and difat <= _MAXREGSECT:
            hops += 1
            if hops > self.most:
                raise _Damaged
            numbers = struct.unpack(f"<{self.per_sector}I", self.sector(difat))
            found += numbers[:-1]
            difat = numbers[-1]
        if len(found) < count:
            raise _Damaged
        return found[:count]

    def next(self, number: int) -> int:
        index, slot = divmod(number, self.per_sector)
        if index >= len(self.fat_sectors):
            raise _Damaged
        if index not in self._fat:
            fat = self.sector(self.fat_sectors[index])
            self._fat[index] = struct.unpack(f"<{self.per_sector}I", fat)
        return self._fat[index][slot]

    def directory(self) -> bytes:
        sectors, number = [], self._u32(0x30)
        while number != _ENDOFCHAIN:
            if len(sectors) >= self.most:
                raise _Damaged
            sectors.append(self.sector(number))
            number = self.next(number)
        return b"".join(sectors)

    def root_names(self) -> set[str]:
        directory = self.directory()
        entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries or entries[0][0x42] != _ROOT:
            raise _Damaged
        names, seen = set(), set()
        pending = [struct.unpack_from("<I", entries[0], 0x4C)[0]]  # the root's child
        while pending:
            number = pending.pop()
            if number == _NOSTREAM:
                continue
            if number in seen or number >= len(entries):
                raise _Damaged
            seen.add(number)
            entry = entries[number]
            left, right = struct.unpack_from("<II", entry, 0x44)
            pending += [left, right]  # the siblings: a red-black tree of one storage
            if entry[0x42] in (_STORAGE, _STREAM):
                names.add(_entry_name(entry))
        return names


def _entry_name(entry: bytes) -> str:
    length = struct.unpack_from("<H", entry, 0x40)[0]  # in bytes, with the terminating null
    if not 2 <= length <= 64:
        raise _Damaged
    return entry[: length - 2].decode("utf-16-le", errors="replace")


# --- the actions --------------------------------------------------------------------------


def _register(register) -> Register:
    return get_register(register) if isinstance(register, str) else register


def _of_record(register: Register, record) -> None:
    if register.model is not type(record):
        raise ActionRefused(f"这条记录不属于{register.label}。")


def _check_size(data: bytes, name: str) -> None:
    if not data:
        raise ActionRefused(f"文件「{name}」是空文件，没有内容，请检查后重新上传。")
    if len(data) > max_bytes():
        raise ActionRefused(
            f"文件「{name}」有 {size_text(len(data))}，"
            f"超过了 {settings.FAZHI_ATTACHMENT_MAX_MB} MB 的上限。"
        )


def _may_change(actor, record, doing: str) -> None:
    if actor is not None and not may_change_record(actor, record):
        raise ActionRefused(f"您不能{doing}这条记录的材料。")
    if retention.is_expired(record):
        raise ActionRefused("这条记录已超过保存期限，仅作存储，不能再变动其材料。")


@transaction.atomic
def accept(actor, register, record, *, kind, name, data: bytes) -> Attachment:
    """Attach a file to `record`: checked (who, which kind, its name, size and content),
    sealed and audited together, or refused in Chinese with nothing written. `actor` None is
    the operator at the command line."""
    register = _register(register)
    _of_record(register, record)
    _may_change(actor, record, "上传")
    if kind not in AttachmentKind.values:
        raise ActionRefused(f"请选择材料类别：{'、'.join(AttachmentKind.labels)}。")
    name = clean_name(name)
    _check_size(data, name)
    file_type = file_type_of(data, name)
    attachment = Attachment.objects.create(
        register=register.name,
        record_id=record.pk,
        kind=kind,
        name=name,
        file_type=file_type,
        file=sealed_files.seal(data),
        uploaded_by=actor,
    )
    audit.record(
        actor,
        AuditAction.ATTACH,
        record,
        register=register.name,
        note=f"上传{AttachmentKind(kind).label}{_named(register, attachment)}"
        f"（{FileType(file_type).label}，{size_text(len(data))}）",
    )
    return attachment


def listed(register, record):
    """The record's files that are not removed, oldest first, with their uploaders."""
    return (
        Attachment.objects.filter(
            register=_register(register).name, record_id=record.pk, removed_at__isnull=True
        )
        .select_related("uploaded_by", "file")
        .order_by("uploaded_at", "id")
    )


def _belongs(attachment: Attachment, record) -> Register:
    register = get_register(attachment.register)
    if register.model is not type(record) or attachment.record_id != record.pk:
        raise ActionRefused("这份材料不属于这条记录。")
    if attachment.removed_at is not None:
        raise ActionRefused(f"材料「{attachment.name}」已被删除。")
    return register


def _may_view(actor, register: Register, record) -> None:
    if actor is None:
        return
    if not register.model.objects.visible_to(actor).filter(pk=record.pk).exists():
        raise ActionRefused("您不能查看这条记录的材料。")


def content(actor, attachment: Attachment, record) -> bytes:
    """The file's bytes, after checking they are as sealed. A download from a register that
    holds personal data is audited (who read which file of whose record), with the reason the
    reader gave for seeing that data."""
    register = _belongs(attachment, record)
    _may_view(actor, register, record)
    try:
        data = sealed_files.unseal(attachment.file)
    except sealed_files.SealedFileBroken as broken:
        raise ActionRefused(str(broken)) from None
    if register.sensitive:
        reason = getattr(actor, "personal_data_reasons", {}).get(register.name, "")
        audit.record(
            actor,
            AuditAction.DOWNLOAD,
            record,
            register=register.name,
            note=f"下载{attachment.get_kind_display()}{_named(register, attachment)}"
            + (f"；事由：{reason}" if reason else ""),
        )
    return data


def _named(register: Register, attachment: Attachment) -> str:
    """How the audit log names a file: by its name, or, in a register of personal data, whose
    file names may name the person (某某身份证.jpg), by its number."""
    if register.sensitive:
        return f"（材料编号 {attachment.pk}）"
    return f"「{attachment.name}」"


@transaction.atomic
def remove(actor, attachment: Attachment, record, reason) -> Attachment:
    """Take a file off the record (a wrong upload, a duplicate): it is no longer listed or
    downloadable, the reason is required and audited; its sealed bytes stay until the record's
    retention ends."""
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    register = _belongs(attachment, record)
    _may_change(actor, record, "删除")
    reason = required_text(reason, "删除理由", MAX_REASON, "请写明删除的理由。")
    attachment.removed_at, attachment.removed_by = timezone.now(), actor
    attachment.remove_reason = reason
    attachment.save(update_fields=["removed_at", "removed_by", "remove_reason"])
    audit.record(
        actor,
        AuditAction.REMOVE_ATTACHMENT,
        record,
        register=register.name,
        note=f"删除{attachment.get_kind_display()}{_named(register, attachment)}；理由：{reason}",
    )
    return attachment


def purge(actor, register, records, reason: str) -> list:
    """Delete the files of records leaving storage (manage.py purge_expired), removed ones too,
    with their sealed bytes; call in the purge's transaction. Gives the unsaved audit entries,
    one per file, for the purge to write with its own."""
    register = _register(register)
    by_id = {record.pk: record for record in records}
    doomed = list(
        Attachment.objects.filter(register=register.name, record_id__in=list(by_id)).order_by("id")
    )
    entries = [
        audit.entry(
            actor,
            AuditAction.REMOVE_ATTACHMENT,
            by_id[attachment.record_id],
            register=register.name,
            note=f"超过保存期限，随记录删除{attachment.get_kind_display()}"
            f"{_named(register, attachment)}及其文件；理由：{reason}",
        )
        for attachment in doomed
    ]
    files = [attachment.file_id for attachment in doomed]
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in doomed]).delete()
    SealedFile.objects.filter(pk__in=files).delete()  # and their parts (CASCADE)
    return entries
