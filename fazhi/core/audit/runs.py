"""Runs of record ids an audit entry names, kept beside it as rows (ImportedRange): one entry
for an act on many records, which each record's id still finds.

Two kinds of entry name records so:

- an import's IMPORT entry, the records it created (files.py; issue 18): a million-row file
  is one entry, and its ids, drawn from one sequence, are usually one run;
- a page's READ_SENSITIVE entry, the records it showed in full (core/personal.py; issue 19,
  defect 6): a list of 50 is one entry naming 50 records, not 50 entries that bury everything
  else the audit administrator reads.

The entry's content holds the runs as text, under its MAC; the rows hold them again for the
look-ups: which import made a record (files.import_of) and every entry that names a record
(`entries_naming`, the audit log's history of one record). `runs_problem` (verify_audit)
compares the two, so a row edited, added, moved or deleted is reported.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from ..models import AuditAction, AuditEntry, ImportedRange, RangeKind
from .writing import entry

CREATED_IDS = "新增记录编号"
SHOWN_IDS = "显示记录编号"
SHOWN_COUNT = "显示记录数"
RUN_SEPARATOR, RUN_DASH = "、", "–"
# Rows per INSERT: far below every database's bound-parameter limit.
RANGE_BATCH = 500
# A shown run is split into rows of at most this many ids, so that the rows naming one id are
# found in an index range this long below it, however many pages have been logged. An import's
# runs are few, and stay whole.
SHOWN_RUN_LIMIT = 1000
# Entries compared with their rows at a time (runs_problem).
CHECK_BATCH = 2000

# The entry that names each kind of run, and the key of its content that holds them.
NAMED_BY = {
    RangeKind.CREATED: (AuditAction.IMPORT, CREATED_IDS),
    RangeKind.SHOWN: (AuditAction.READ_SENSITIVE, SHOWN_IDS),
}

Run = tuple[int, int]


def id_runs(ids: Iterable[int]) -> list[Run]:
    """The ids, each once, as sorted runs of consecutive ids, (first, last) each."""
    runs: list[list[int]] = []
    for pk in sorted(set(ids)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [(first, last) for first, last in runs]


def runs_text(runs: Iterable[Run]) -> str:
    """How an entry shows its runs: "101–20100、20105", read by the audit administrator."""
    return RUN_SEPARATOR.join(
        str(first) if first == last else f"{first}{RUN_DASH}{last}" for first, last in runs
    )


def parse_runs(text: str) -> list[Run]:
    """The runs `runs_text` wrote (ValueError for anything else)."""
    runs = []
    for part in filter(None, text.split(RUN_SEPARATOR)):
        first, _, last = part.partition(RUN_DASH)
        runs.append((int(first), int(last or first)))
    return runs


def stored_runs(kind: str, runs: Iterable[Run]) -> list[Run]:
    """The rows that keep `runs` of this kind: a shown run in pieces of SHOWN_RUN_LIMIT ids."""
    if kind != RangeKind.SHOWN:
        return list(runs)
    return [
        (start, min(start + SHOWN_RUN_LIMIT - 1, last))
        for first, last in runs
        for start in range(first, last + 1, SHOWN_RUN_LIMIT)
    ]


def keep_runs(written: AuditEntry, kind: str, runs: Iterable[Run]) -> None:
    """The rows of an entry's runs, inside its transaction."""
    ImportedRange.objects.bulk_create(
        [
            ImportedRange(
                entry=written, register=written.register, first_id=first, last_id=last, kind=kind
            )
            for first, last in stored_runs(kind, runs)
        ],
        batch_size=RANGE_BATCH,
    )


def record_shown(
    actor, register: str, record_ids: Iterable[int], *, note: str, label: str, unit_id=None
) -> AuditEntry:
    """One READ_SENSITIVE entry for a page that showed many records' personal data in full:
    how many and which (in its content, under its MAC, and as rows for the look-ups), `note`
    saying which fields and why. `unit_id`: the unit the records share, if one; else the
    entry concerns the reader's unit, above all of them."""
    runs = id_runs(record_ids)
    count = sum(last - first + 1 for first, last in runs)
    written = entry(
        actor,
        AuditAction.READ_SENSITIVE,
        register=register,
        after={SHOWN_COUNT: count, SHOWN_IDS: runs_text(runs)},
        note=note,
    )
    written.object_repr = f"{label} {count} 条"[:200]
    if unit_id is not None:
        written.unit_id = unit_id
    # Together or not at all: an entry without its rows would read as tampered with. No
    # savepoint inside a caller's transaction: a failure there fails the caller's work anyway.
    with transaction.atomic(savepoint=False):
        written.save()
        keep_runs(written, RangeKind.SHOWN, runs)
    return written


def entries_naming(register: str, record_id: int):
    """The ids of the entries whose runs name the record (a subquery): the import that made
    it, and every page that showed it in full among others."""
    created = Q(kind=RangeKind.CREATED, first_id__lte=record_id, last_id__gte=record_id)
    shown = Q(
        kind=RangeKind.SHOWN,
        first_id__lte=record_id,
        first_id__gt=record_id - SHOWN_RUN_LIMIT,
        last_id__gte=record_id,
    )
    return ImportedRange.objects.filter(created | shown, register=register).values("entry_id")


# --- verify_audit -------------------------------------------------------------------------------

MISMATCH = {
    RangeKind.CREATED: "这次导入新增记录的编号与日志记录的不符：新增记录的来源被改动。",
    RangeKind.SHOWN: "这次显示完整个人信息的记录编号与日志记录的不符：显示过哪些记录被改动。",
}


def _stray(kind: str, register: str, first: int, last: int) -> str:
    run = runs_text([(first, last)])
    if kind == RangeKind.SHOWN:
        return f"{register} 的显示记录编号 {run} 指向的日志没有显示这些记录：查看记录系伪造。"
    return f"{register} 的新增记录编号 {run} 指向的导入不在日志中：记录的来源系伪造。"


def _entry_problem(action: str, register: str, after, rows: list) -> str:
    """What is wrong with one naming entry's rows ((kind, register, first, last) by first),
    "" when they are exactly its runs. Every import is asked, an older one without runs too: a
    run attached to it, or moved to another register (ids repeat across registers), would make
    records look imported."""
    kind = RangeKind.CREATED if action == AuditAction.IMPORT else RangeKind.SHOWN
    for other, other_register, first, last in rows:
        if other != kind:
            return _stray(other, other_register, first, last)
    text = after.get(NAMED_BY[kind][1], "") if isinstance(after, dict) else ""
    try:
        expected = stored_runs(kind, parse_runs(str(text or "")))
    except ValueError:
        return MISMATCH[kind]
    if (
        any(other != register for _, other, _, _ in rows)
        or [(first, last) for _, _, first, last in rows] != expected
    ):
        return MISMATCH[kind]
    return ""


def runs_problem(using: str = "default") -> tuple[int, str] | None:
    """The first entry whose runs of ids disagree with its rows, or the first row no entry
    names: (entry id, what is wrong); None when all agree. Entries and rows are read in
    windows of entry ids, so the check is linear in the log."""
    naming = (
        AuditEntry.objects.using(using)
        .filter(
            Q(action=AuditAction.IMPORT)
            | Q(action=AuditAction.READ_SENSITIVE, after__has_key=SHOWN_IDS)
        )
        .order_by("pk")
        .values_list("pk", "action", "register", "after")
    )
    low = None
    while True:
        chunk = list((naming if low is None else naming.filter(pk__gt=low))[:CHECK_BATCH])
        high = chunk[-1][0] if chunk else None
        rows = ImportedRange.objects.using(using).order_by("entry_id", "first_id")
        if low is not None:
            rows = rows.filter(entry_id__gt=low)
        if high is not None:
            rows = rows.filter(entry_id__lte=high)
        grouped = defaultdict(list)
        for entry_id, *row in rows.values_list(
            "entry_id", "kind", "register", "first_id", "last_id"
        ).iterator(chunk_size=RANGE_BATCH):
            grouped[entry_id].append(tuple(row))
        for pk, action, register, after in chunk:
            problem = _entry_problem(action, register, after, grouped.pop(pk, []))
            if problem:
                return pk, problem
        if grouped:
            entry_id = min(grouped)
            return entry_id, _stray(*grouped[entry_id][0])
        if high is None:
            return None
        low = high
