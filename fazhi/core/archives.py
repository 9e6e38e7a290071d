"""Checking an uploaded Office file (.xlsx, .docx: both are zip archives) before any parser
opens it (pure: bytes in, a refusal or nothing out).

A zip bomb is a small file that declares or holds a huge content: a 1 MB .xlsx whose
sharedStrings.xml inflates to 1 GB took the web process to 6 GB, because calamine (and
python-docx) inflate a member whole. So before parsing, every member is checked:

- the number of members, each member's declared size, the declared total, and each member's
  compression ratio (from the central directory, nothing inflated);
- then each member's real size, by inflating it in 1 MB steps and throwing the output away:
  a header may lie (declare 1 KB for a stream that inflates to 1 GB). Python's zipfile stops at
  the declared size, but calamine's zip reader inflates whatever the stream holds, so the real
  size is measured here, capped at the declared size: a stream that goes on is refused the
  moment it passes it. Memory stays at one step; time is bounded by the limits below.

The limits, measured on a real file: a 100,000-row 行政复议 import built from the import tests'
rows (fazhi/imports/tests/files.case, written by openpyxl) is 5.3 MB; its sheet1.xml inflates
to 78 MB, a ratio of 15, and this check reads it in well under a second. The largest import the
pages accept is 500,000 rows (imports.views.MAX_UPLOAD_ROWS) in at most 20 MB
(imports.forms.MAX_UPLOAD_BYTES), some 400 MB of sheet XML; a report template .docx inflates to
under 1 MB. So a member may declare 512 MB and the whole 1 GB: room above any real file, far
below what hurts the server. A ratio above 200 is refused for members above 1 MB: real sheets
stay near 15 (rows of empty formatted cells compress better, hence the headroom), deflate's
ceiling, where bombs sit, is about 1000; a tiny member of repeated bytes may compress beyond
200 and is harmless.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024
STEP_BYTES = 1024 * 1024

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"

BOMB = "文件「{name}」解压后过大（{why}），可能是恶意构造的压缩文件，未读取。"
DAMAGED = "文件「{name}」已损坏，或不是 Office 文件，未读取。"


class ArchiveRefused(Exception):
    """The file must not be parsed; the message is for the user, in Chinese."""


class NotAnArchive(ArchiveRefused):
    """Not a zip archive that could be checked (random bytes, truncated, damaged): the caller
    says so in its own words."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


@dataclass(frozen=True)
class Limits:
    members: int
    member_bytes: int
    total_bytes: int


# An import of 500,000 rows needs the limits above; a Word template does not. python-docx and
# docxtpl hold a part whole, parsed (lxml) and rendered, at some 90 bytes of memory for each
# byte of XML: a 3.9 MB .docx whose document.xml inflated to 50 MB (at a ratio under 200) took
# 22 s and 4.6 GB. The default annual report template inflates to under 1 MB, a long report
# with pictures a few MB; so a template may hold 10 MB in one member and 20 MB in all.
TEMPLATE = Limits(members=1_000, member_bytes=10 * 1024 * 1024, total_bytes=20 * 1024 * 1024)


def check_archive(data: bytes, name: str = "", limits: Limits | None = None) -> None:
    """Raise ArchiveRefused (or NotAnArchive) unless `data` is a zip archive whose members,
    declared and real, stay within `limits` (by default the spreadsheet limits above)."""
    name = name or "上传的文件"
    limits = limits or Limits(MAX_MEMBERS, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise NotAnArchive(DAMAGED.format(name=name)) from None
    if len(members) > limits.members:
        raise ArchiveRefused(BOMB.format(name=name, why=f"含有 {len(members):,} 个部件"))
    total = 0
    for member in members:
        declared = member.file_size
        total += declared
        if declared > limits.member_bytes:
            why = f"其中「{member.filename}」声明解压后为 {_mb(declared)}"
            raise ArchiveRefused(BOMB.format(name=name, why=why))
        if total > limits.total_bytes:
            raise ArchiveRefused(BOMB.format(name=name, why=f"声明解压后共 {_mb(total)} 以上"))
        ratio = declared / max(member.compress_size, 1)
        if declared > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            why = f"其中「{member.filename}」压缩了 {ratio:,.0f} 倍"
            raise ArchiveRefused(BOMB.format(name=name, why=why))
    for member in members:
        _check_real_size(data, member, name)


def _check_real_size(data: bytes, member: zipfile.ZipInfo, name: str) -> None:
    # Office files are never encrypted member by member and use no other compression.
    methods = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    if member.flag_bits & 0x1 or member.compress_type not in methods:
        raise NotAnArchive(DAMAGED.format(name=name))
    start = member.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise NotAnArchive(DAMAGED.format(name=name))
    fields = _LOCAL_HEADER.unpack(header)
    name_length, extra_length = fields[-2], fields[-1]
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    stream = memoryview(data)[begin : begin + member.compress_size]
    if len(stream) < member.compress_size:
        raise NotAnArchive(DAMAGED.format(name=name))
    declared = member.file_size
    if member.compress_type == zipfile.ZIP_STORED:
        real, finished = len(stream), True
    else:
        real, finished = _inflated_size(stream, cap=declared)
    if real > declared:
        why = f"其中「{member.filename}」声明 {declared:,} 字节，实际解压超过此数"
        raise ArchiveRefused(BOMB.format(name=name, why=why))
    if real != declared or not finished:
        raise NotAnArchive(DAMAGED.format(name=name))


def _inflated_size(stream, cap: int) -> tuple[int, bool]:
    """(bytes the raw deflate stream inflates to, but stopping just past `cap`; whether the
    stream ended) — one step of output in memory at a time."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    try:
        for offset in range(0, len(stream), STEP_BYTES):
            pending = bytes(stream[offset : offset + STEP_BYTES])
            while pending:
                size += len(inflater.decompress(pending, STEP_BYTES))
                if size > cap:
                    return size, False
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    return size, True
        while not inflater.eof:
            out = inflater.decompress(inflater.unconsumed_tail, STEP_BYTES)
            if not out:
                break
            size += len(out)
            if size > cap:
                return size, False
    except zlib.error:
        return size, False
    return size, inflater.eof
