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
- those runs of ids again as rows (ImportedRange), so that a record's page finds the import
  that made it by its id;
- one entry with before and after for each stored record it changed (the importer writes
  those through the one write path's change_entry).

The entry's content MAC covers the digest and the runs; `check_imports` (run by verify_audit
after the chain walk) decrypts each kept file and compares its digest, and compares the runs
with the rows, so an edit of the file, of the runs or of the entry is reported.
"""

from collections.abc import Iterable

from .. import crypto
from ..models import AuditAction, AuditEntry, AuditFile, AuditFilePart, ImportedRange
from .writing import record

FILE_NAME = "文件名"
FILE_SIZE = "文件大小（字节）"
FILE_DIGEST = "文件SM3摘要"
ROWS_READ = "读入行数"
CREATED = "新增条数"
CHANGED = "更新条数"
UNCHANGED = "未变条数"
CREATED_IDS = "新增记录编号"
RUN_SEPARATOR, RUN_DASH = "、", "–"
# Rows of ImportedRange per INSERT: far below every database's bound-parameter limit.
RANGE_BATCH = 500
# A kept file's ciphertext per row, and rows per INSERT or fetch: what memory holds of it.
PART_BYTES = 1 << 20
PARTS_AT_ONCE = 8


def id_runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted ids as runs of consecutive ids, (first, last) each: an import's ids come from
    one sequence, so a million of them are usually a single run."""
    runs: list[list[int]] = []
    for pk in sorted(ids):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [(first, last) for first, last in runs]


def runs_text(runs: Iterable[tuple[int, int]]) -> str:
    """How the entry shows the runs: "101–20100、20105", read by the audit administrator."""
    return RUN_SEPARATOR.join(
        str(first) if first == last else f"{first}{RUN_DASH}{last}" for first, last in runs
    )


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
    ImportedRange.objects.bulk_create(
        [
            ImportedRange(entry=entry, register=register, first_id=first, last_id=last)
            for first, last in runs
        ],
        batch_size=RANGE_BATCH,
    )
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
            register=register, first_id__lte=record_id, last_id__gte=record_id
        )
        .select_related("entry")
        .order_by("-first_id")
        .first()
    )
    return found.entry if found is not None else None


def import_problem(entry: AuditEntry, using: str = "default") -> str:
    """What is wrong with an import entry's kept file and runs of ids, "" when they agree with
    the entry (whose own content the chain walk has already vouched for)."""
    after = entry.after if isinstance(entry.after, dict) else {}
    digest = after.get(FILE_DIGEST)
    if digest:
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
    # Every import entry, an older one without runs too: a run attached to it, or moved to
    # another register (ids repeat across registers), would make records look imported.
    rows = list(
        ImportedRange.objects.using(using)
        .filter(entry_id=entry.pk)
        .order_by("first_id")
        .values_list("register", "first_id", "last_id")
    )
    if any(register != entry.register for register, _, _ in rows) or runs_text(
        (first, last) for _, first, last in rows
    ) != after.get(CREATED_IDS, ""):
        return "这次导入新增记录的编号与日志记录的不符：新增记录的来源被改动。"
    return ""


def stray_ranges(using: str = "default") -> ImportedRange | None:
    """A run of ids that names no import entry: added to make a record look imported."""
    imports = AuditEntry.objects.using(using).filter(action=AuditAction.IMPORT)
    return (
        ImportedRange.objects.using(using)
        .exclude(entry_id__in=imports.values("pk"))
        .order_by("pk")
        .first()
    )
