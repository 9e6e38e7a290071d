"""An import in the audit log, as what it is: one entry for the operation, the file it read
kept beside it, and the ids of the records it created.

One entry per created row would be a million entries for a million-row file, written,
MAC'd and sealed one by one, and would hold nothing the file does not: the rows are in the
file. So an import writes (issue 18, GB/T 22239-2019 level 3 安全审计):

- one IMPORT entry: who, when, through which channel (the entry's own fields), and in its
  `after` the file's name, size and SM3 digest, the rows read, created, changed and
  unchanged, and the runs of ids it created;
- the file itself, SM4-GCM encrypted with the entry's id bound in (AuditFile), for as long
  as the entry stays in the database;
- those runs of ids again as rows (ImportedRange, runs.py), so that a record's page finds the
  import that made it by its id;
- one entry with before and after for each stored record it changed (the importer writes
  those through the one write path's change_entry).

The entry's content MAC covers the digest and the runs; `check_imports` (run by verify_audit
after the chain walk) decrypts each kept file and compares its digest, and compares the runs
with the rows (runs.runs_problem), so an edit of the file, of the runs or of the entry is
reported.
"""

from collections.abc import Iterable

from .. import crypto
from ..models import AuditAction, AuditEntry, AuditFile, AuditFilePart, ImportedRange, RangeKind
from .runs import CREATED_IDS, id_runs, keep_runs, runs_text
from .writing import record

FILE_NAME = "文件名"
FILE_SIZE = "文件大小（字节）"
FILE_DIGEST = "文件SM3摘要"
ROWS_READ = "读入行数"
CREATED = "新增条数"
CHANGED = "更新条数"
UNCHANGED = "未变条数"
# A kept file's ciphertext per row, and rows per INSERT or fetch: what memory holds of it.
PART_BYTES = 1 << 20
PARTS_AT_ONCE = 8


def file_context(entry_id: int) -> str:
    # Bound into the ciphertext: a kept file moved under another import does not decrypt.
    return f"fazhi audit file #{entry_id}"


def record_import(
    actor,
    register: str,
    *,
    note: str,
    filename: str,
    data: bytes | None,
    counts: dict[str, int],
    created_ids: Iterable[int],
) -> AuditEntry:
    """Write the import's entry, its kept file (when the import read one: `data`) and the runs
    of ids it created, inside the import's transaction. `counts`: ROWS_READ, CREATED, CHANGED,
    UNCHANGED."""
    runs = id_runs(created_ids)
    after = {FILE_NAME: filename, **counts, CREATED_IDS: runs_text(runs)}
    if data is not None:
        after[FILE_SIZE] = len(data)
        after[FILE_DIGEST] = crypto.sm3_hex(data)
    entry = record(actor, AuditAction.IMPORT, register=register, after=after, note=note)
    if data is not None:
        keep_file(entry, data)
    keep_runs(entry, RangeKind.CREATED, runs)
    return entry


def keep_file(entry: AuditEntry, data: bytes) -> AuditFile:
    """Encrypt `data` into the entry's kept file, PART_BYTES of ciphertext a row, PARTS_AT_ONCE
    rows an INSERT: memory holds a few parts, whatever the size of the file."""
    sealer = crypto.StreamSealer(file_context(entry.pk))
    kept = AuditFile.objects.create(
        entry=entry, key_id=sealer.key_id, nonce=sealer.nonce.hex(), size=len(data)
    )
    view = memoryview(data)
    starts = range(0, len(data), PART_BYTES)
    for batch in range(0, len(starts), PARTS_AT_ONCE):
        AuditFilePart.objects.bulk_create(
            AuditFilePart(
                file=kept, number=n, data=sealer.update(view[starts[n] : starts[n] + PART_BYTES])
            )
            for n in range(batch, min(batch + PARTS_AT_ONCE, len(starts)))
        )
    kept.tag = sealer.finish().hex()
    AuditFile.objects.filter(pk=kept.pk).update(tag=kept.tag)
    return kept


def kept_parts(kept: AuditFile, using: str = "default"):
    """The kept file's plaintext, part by part; raises DecryptionFailed at the end unless every
    part is as it was sealed, in order."""
    opener = crypto.StreamOpener(
        kept.key_id, bytes.fromhex(kept.nonce), file_context(kept.entry_id)
    )
    parts = (
        AuditFilePart.objects.using(using)
        .filter(file_id=kept.pk)
        .order_by("number")
        .values_list("data", flat=True)
    )
    for part in parts.iterator(chunk_size=PARTS_AT_ONCE):
        yield opener.update(bytes(part))
    opener.finish(bytes.fromhex(kept.tag))


def kept_file(entry: AuditEntry) -> bytes:
    """The whole file an import kept (for reading it back; the check streams it instead)."""
    return b"".join(kept_parts(AuditFile.objects.get(entry=entry)))


def import_of(register: str, record_id: int) -> AuditEntry | None:
    """The IMPORT entry of the import that created the record, or None (entered by hand, or
    imported before imports kept their runs of ids)."""
    found = (
        ImportedRange.objects.filter(
            kind=RangeKind.CREATED,
            register=register,
            first_id__lte=record_id,
            last_id__gte=record_id,
        )
        .select_related("entry")
        .order_by("-first_id")
        .first()
    )
    return found.entry if found is not None else None


def import_problem(entry: AuditEntry, using: str = "default") -> str:
    """What is wrong with an import entry's kept file, "" when it agrees with the entry (whose
    own content the chain walk has already vouched for; its runs are runs.runs_problem's)."""
    after = entry.after if isinstance(entry.after, dict) else {}
    digest = after.get(FILE_DIGEST)
    if not digest:
        return ""
    kept = AuditFile.objects.using(using).filter(entry_id=entry.pk).first()
    if kept is None:
        return "这次导入的留存文件不见了：被删除。"
    sm3 = crypto.StreamDigest()
    try:
        for part in kept_parts(kept, using):
            sm3.update(part)
    except (crypto.DecryptionFailed, ValueError):
        return "这次导入的留存文件无法解密：被改动或替换。"
    if not crypto.same_digest(sm3.hex(), str(digest)):
        return "这次导入的留存文件与日志记录的 SM3 摘要不符：被改动或替换。"
    return ""
