"""Writing the audit log, and keeping it tamper-evident.

Every action function calls `record(...)` inside its own transaction, so a change and its audit
entry land together or not at all. Where the change came from (address, web or command line)
is set once per request by AuditOriginMiddleware, so action functions need not carry the
request around.

Tamper evidence (GB/T 22239-2019 level 3, 安全审计 c: audit records are protected from
deletion, modification and overwriting):

- When an entry is written (AuditEntry.save or AuditEntry.objects.bulk_create) it gets
  `content_mac`: HMAC-SM3 over a canonical serialisation of all its fields, keyed with a subkey
  of the current data key (fazhi.core.crypto) whose id it records, so a key rotation keeps old
  entries verifiable while the old key stays in FAZHI_DATA_KEYS.
- After the writing transaction commits, `seal_pending` gives each new entry the next position
  in one chain (an AuditSeal whose MAC covers the position, the entry's id and content MAC, and
  the previous seal's MAC). Chaining at insert time would need a global lock held for as long
  as the writing transaction, and an import holds its transaction for minutes; an uncommitted
  entry is invisible to others anyway, so its place in the chain is only known after commit.
  One sealer runs at a time (an advisory lock on PostgreSQL; SQLite serialises writers).
- `verify_chain` (manage.py verify_audit) walks the chain from its start or from the anchor
  left by `archive` (manage.py archive_audit) and names the first broken entry.

Whoever can write to the database but does not hold the keys can neither change an entry nor
add one without it being reported. Removing the newest entries together with their seals
leaves a shorter chain whose every link still verifies; two checks outside the chain catch it
(`check_truncation`, described in verification.py).

The package, each module importing only those listed before it:

- writing.py: record, entry (for bulk writers), snapshot; the origin of the work being done.
- chain.py: each entry's content MAC, and its seal in the one chain (the sealer, its lock).
- runs.py: the runs of record ids one entry names, kept as rows that a record's id finds (an
  import's created records; a page's records shown in full: record_shown, entries_naming),
  and the check that they agree with the entries (runs_problem).
- files.py: an import as one entry, with the file it read kept encrypted and the runs of ids
  it created (record_import, import_of), and the check of the kept file (import_problem).
- verification.py: verify_chain, and the checks that nothing was cut from the chain's end (the
  id sequence, the tail file the worker writes); check_macs, the one check of an entry's MACs.
- archiving.py: retention, archive and verify_archive.

The rest of fazhi uses the names below as `audit.record(...)`. A test that replaces a module
attribute replaces it in the module that reads it (`fazhi.core.audit.chain.AFTER_COMMIT_WAIT`).
"""

from .archiving import (
    ARCHIVE_FORMAT,
    RETENTION_MINIMUM_DAYS,
    ArchiveRefused,
    ArchiveResult,
    archive,
    check_audit_retention,
    retention_days,
    verify_archive,
)
from .chain import (
    ANCHOR_FORMAT,
    CONTENT_FIELDS,
    MAC_FORMAT,
    SEAL_FORMAT,
    SEAL_LOCK,
    anchor_mac,
    canonical,
    content_mac,
    content_of,
    protect,
    schedule_seal,
    seal_mac,
    seal_pending,
)
from .files import import_of, record_import
from .runs import entries_naming, record_shown
from .verification import (
    GAP_KEY,
    ChainBroken,
    ChainProblem,
    ChainReport,
    TailRecord,
    check_tail,
    check_truncation,
    database_label,
    issued_ids,
    read_tail,
    record_tail,
    tail_file_path,
    verify_chain,
)
from .writing import client_ip, entry, origin, record, record_sensitive_read, snapshot

__all__ = [
    "ANCHOR_FORMAT",
    "ARCHIVE_FORMAT",
    "CONTENT_FIELDS",
    "GAP_KEY",
    "MAC_FORMAT",
    "RETENTION_MINIMUM_DAYS",
    "SEAL_FORMAT",
    "SEAL_LOCK",
    "ArchiveRefused",
    "ArchiveResult",
    "ChainBroken",
    "ChainProblem",
    "ChainReport",
    "TailRecord",
    "anchor_mac",
    "archive",
    "canonical",
    "check_audit_retention",
    "check_tail",
    "check_truncation",
    "client_ip",
    "content_mac",
    "content_of",
    "database_label",
    "entries_naming",
    "entry",
    "import_of",
    "issued_ids",
    "origin",
    "protect",
    "read_tail",
    "record",
    "record_import",
    "record_sensitive_read",
    "record_shown",
    "record_tail",
    "retention_days",
    "schedule_seal",
    "seal_mac",
    "seal_pending",
    "snapshot",
    "tail_file_path",
    "verify_archive",
    "verify_chain",
]
