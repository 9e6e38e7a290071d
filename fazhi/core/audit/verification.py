"""Verifying the audit log: every entry and its seal along the chain, then that nothing was
cut from the chain's end.

Removing the newest entries together with their seals leaves a shorter chain whose every link
still verifies; two checks outside the chain catch it (`check_truncation`, "Truncation" below):

- The database's own sequence of entry ids: an id it issued is in the log, archived, or was
  never committed. On SQLite ids of rolled-back transactions are issued again, so the ids
  neither in the log nor archived are a constant of the database, and entries cut from the
  tail raise it. On PostgreSQL a rolled-back transaction burns its ids for good, so there the
  sequence shows only a log emptied of every entry.
- The tail record: the worker (manage.py work) appends the chain's last position and MAC daily
  to FAZHI_AUDIT_TAIL_FILE, outside the database (and to the journal). The database must still
  hold every recorded position with its recorded MAC, or an archive anchor past it.
"""

import datetime
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone

from .. import crypto
from ..models import AuditAction, AuditAnchor, AuditEntry, AuditSeal
from .chain import (
    BATCH,
    _chain_tail,
    _utc,
    anchor_mac,
    content_mac,
    content_of,
    seal_mac,
    seal_pending,
)
from .files import FILE_DIGEST, import_problem
from .runs import runs_problem

logger = logging.getLogger(__name__)

# --- Verifying ----------------------------------------------------------------------------------


@dataclass
class ChainProblem:
    """The first place where the log is not as written. kind: changed (content differs from
    its MAC), deleted, inserted, link (a seal that is not the chain's), key, anchor, archive,
    import (a kept file), runs (the record ids an entry names)."""

    kind: str
    message: str
    entry_id: int | None = None
    position: int | None = None
    at: datetime.datetime | None = None

    def __str__(self):
        where = []
        if self.entry_id is not None:
            where.append(f"条目 #{self.entry_id}")
        if self.position is not None:
            where.append(f"链位置 {self.position}")
        if self.at is not None:
            where.append(f"时间 {timezone.localtime(self.at):%Y-%m-%d %H:%M:%S}")
        return (f"{'，'.join(where)}：" if where else "") + self.message


class ChainBroken(Exception):
    def __init__(self, problem: ChainProblem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class ChainReport:
    count: int
    first_position: int | None
    last_position: int | None
    last_mac: str
    anchor: AuditAnchor | None
    # What the truncation checks compared the chain with (check_truncation).
    issued: int | None = None
    tail_file: Path | None = None
    tail_records: list = field(default_factory=list)


def _check_entry(seal: AuditSeal, entry: AuditEntry | None, expected: int, prev: str) -> None:
    """Raise ChainBroken unless `entry` is the intact entry sealed at position `expected`."""
    if seal.position != expected:
        missing = seal.position - expected
        raise ChainBroken(
            ChainProblem(
                "deleted",
                f"此前链位置 {expected}–{seal.position - 1} 的 {missing} 条审计日志"
                "连同其封存被删除。",
                seal.entry_id,
                seal.position,
                entry.at if entry else None,
            )
        )
    if entry is None:
        raise ChainBroken(
            ChainProblem(
                "deleted", "该条审计日志已被删除（其封存仍在）。", seal.entry_id, seal.position
            )
        )
    sealed = SealedEntry(
        entry_id=entry.pk,
        position=seal.position,
        at=entry.at,
        content=content_of(entry),
        content_mac=entry.content_mac,
        key_id=entry.key_id,
        seal_key_id=seal.key_id,
        seal_mac=seal.mac,
    )
    check_macs(sealed, prev, VERIFY_MESSAGES)


@dataclass(frozen=True)
class SealedEntry:
    """An entry and its seal as check_macs reads them, from the database or an archive line."""

    entry_id: int
    position: int
    at: datetime.datetime | None
    content: dict
    content_mac: str
    key_id: str
    seal_key_id: str
    seal_mac: str


@dataclass(frozen=True)
class MacMessages:
    """What check_macs says of an entry whose MACs do not hold, worded for its reader."""

    missing_key: str  # may name the missing key as {key_id}
    link: str
    changed: str


VERIFY_MESSAGES = MacMessages(
    missing_key="FAZHI_DATA_KEYS 中没有编号为「{key_id}」的密钥，无法校验；"
    "轮换密钥后，旧密钥须保留到以它写入的审计日志归档之后。",
    link="链接断开：封存校验码与前一条不衔接（封存被伪造、改动或调换，或条目的校验码被改动）。",
    changed="内容与其校验码不符：条目写入后被修改，或是绕过系统插入的伪造条目。",
)


def check_macs(
    sealed: SealedEntry, prev: str | None, messages: MacMessages, *, content_first: bool = False
) -> None:
    """Raise ChainBroken unless the entry's content MAC covers its content and its seal's MAC
    links it to the seal before, whose MAC is `prev` (None: not known, the link is left
    unchecked). The one check of an entry's MACs, for verify_chain and verify_archive.

    A rewritten content MAC breaks both; verify_chain reports the broken link first (its message
    names that cause), the archive check (`content_first`) the content that does not match."""
    where = (sealed.entry_id, sealed.position, sealed.at)
    seal_key = crypto.key_by_id(sealed.seal_key_id)
    entry_key = crypto.key_by_id(sealed.key_id)
    for key_id, key in ((sealed.seal_key_id, seal_key), (sealed.key_id, entry_key)):
        if key is None:
            raise ChainBroken(
                ChainProblem("key", messages.missing_key.format(key_id=key_id), *where)
            )

    def check_link():
        if prev is None:
            return
        expected = seal_mac(seal_key, sealed.position, sealed.entry_id, sealed.content_mac, prev)
        if not crypto.same_digest(sealed.seal_mac, expected):
            raise ChainBroken(ChainProblem("link", messages.link, *where))

    def check_content():
        if not crypto.same_digest(sealed.content_mac, content_mac(entry_key, sealed.content)):
            raise ChainBroken(ChainProblem("changed", messages.changed, *where))

    for check in (check_content, check_link) if content_first else (check_link, check_content):
        check()


def _walk(using: str, start: int, prev: str, stop: int | None = None, duplicates=frozenset()):
    """Yield (seal, entry) from chain position `start` (whose predecessor's MAC is `prev`) to
    `stop` or the end, checking each; raise ChainBroken at the first that is not intact."""
    expected, after = start, start - 1
    first_of = {}
    while True:
        seals = AuditSeal.objects.using(using).filter(position__gt=after).order_by("position")
        if stop is not None:
            seals = seals.filter(position__lte=stop)
        chunk = list(seals[:BATCH])
        if not chunk:
            return
        entries = AuditEntry.objects.using(using).in_bulk([s.entry_id for s in chunk])
        for seal in chunk:
            entry = entries.get(seal.entry_id)
            _check_entry(seal, entry, expected, prev)
            if entry.content_mac in duplicates:
                if entry.content_mac in first_of:
                    raise ChainBroken(
                        ChainProblem(
                            "inserted",
                            f"是条目 #{first_of[entry.content_mac]} 的复制，系伪造插入。",
                            entry.pk,
                            seal.position,
                            entry.at,
                        )
                    )
                first_of[entry.content_mac] = entry.pk
            yield seal, entry
            prev, expected = seal.mac, expected + 1
        after = chunk[-1].position


def _start(using: str) -> tuple[int, str, AuditAnchor | None]:
    anchor = AuditAnchor.objects.using(using).order_by("-last_position").first()
    if anchor is None:
        return 1, "", None
    key = crypto.key_by_id(anchor.key_id)
    if key is None or not crypto.same_digest(anchor.mac, anchor_mac(key, anchor)):
        raise ChainBroken(
            ChainProblem(
                "anchor",
                f"归档锚点（{anchor.file_name}，链位置 {anchor.last_position}）的校验码不符："
                "锚点被改动或伪造。",
                position=anchor.last_position,
            )
        )
    return anchor.last_position + 1, anchor.last_mac, anchor


def verify_chain(using: str = "default", tail_file=None) -> ChainReport:
    """Seal what is pending, then check every entry in the database from the chain's start
    (or the archive anchor), then that nothing was cut from its end (the id sequence and the
    tail records in `tail_file`, by default FAZHI_AUDIT_TAIL_FILE). Raises ChainBroken naming
    the first problem."""
    seal_pending(using=using)
    start, prev, anchor = _start(using)
    duplicates = set(
        AuditEntry.objects.using(using)
        .values("content_mac")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
        .values_list("content_mac", flat=True)
    )
    count, last = 0, None
    for seal, _ in _walk(using, start, prev, duplicates=duplicates):
        count, last = count + 1, seal
    unsealed = AuditEntry.objects.using(using).filter(seal__isnull=True).order_by("pk").first()
    if unsealed is not None:
        # Written since the sweep above by a transaction still open then; not an error of
        # the log, but not verified either.
        logger.warning("审计日志 #%s 在校验期间写入，未纳入本次校验", unsealed.pk)
    report = ChainReport(
        count,
        start if count else None,
        last.position if last else None,
        last.mac if last else prev,
        anchor,
    )
    check_imports(using)
    check_truncation(report, using=using, tail_file=tail_file)
    return report


def check_imports(using: str = "default") -> None:
    """After the chain walk vouched for every entry's content: each import's kept file agrees
    with its entry (files.py), and the runs of ids every entry names (an import's created
    records, a page's records shown in full) agree with their rows, no row naming an entry
    that does not name it (runs.py)."""
    imports = (
        AuditEntry.objects.using(using)
        .filter(action=AuditAction.IMPORT, after__has_key=FILE_DIGEST)
        .order_by("pk")
    )
    for entry in imports.iterator(chunk_size=500):
        problem = import_problem(entry, using)
        if problem:
            raise ChainBroken(ChainProblem("import", problem, entry.pk, at=entry.at))
    found = runs_problem(using)
    if found is not None:
        entry_id, problem = found
        raise ChainBroken(ChainProblem("runs", problem, entry_id))


# --- Truncation: the id sequence and the tail recorded outside the database --------------------

# How often the worker appends the chain's tail to the tail file. Entries written since the
# last record can be cut unseen by the file (on SQLite the sequence still shows it).
TAIL_INTERVAL = datetime.timedelta(days=1)
# The worker's tail record also goes to the journal (syslog), a second copy outside the database.
tail_logger = logging.getLogger("fazhi.audit.tail")
# The ARCHIVE_AUDIT entry's `after` key for the count of ids the sequence issued that are not in
# the chain when the archive ran (ids skipped by a test runner's flush; shown on the log page).
GAP_KEY = "链外编号数"


def issued_ids(using: str = "default") -> int | None:
    """The highest AuditEntry id the database has ever issued (0: none yet), read from its own
    sequence, which a DELETE leaves as it was; None for a database without one."""
    connection = connections[using]
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Django makes SQLite primary keys AUTOINCREMENT, so sqlite_sequence holds the
            # highest id ever used, deleted or not.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return int(row[0]) if row else 0
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            if sequence is None:
                return None
            # The name comes from the catalogue, already quoted.
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            value, called = cursor.fetchone()
            return int(value) if called else 0
    return None


def _outside_chain(using: str) -> int:
    """Ids issued that are neither sealed into the chain (in the database or archived) nor
    waiting to be sealed. Read in one transaction so that the three numbers agree."""
    with transaction.atomic(using=using):
        issued = issued_ids(using) or 0
        tail, _ = _chain_tail(using)
        pending = AuditEntry.objects.using(using).filter(seal__isnull=True).count()
    return issued - tail - pending


def _archive_record(using: str, anchor: AuditAnchor) -> AuditEntry | None:
    """The ARCHIVE_AUDIT entry the latest archive wrote with its anchor: it is the newest
    archive's, so no later archive has moved it out of the database."""
    return (
        AuditEntry.objects.using(using)
        .filter(
            action=AuditAction.ARCHIVE_AUDIT,
            register="audit",
            note__contains=f"链位置 {anchor.first_position}–{anchor.last_position}，",
        )
        .order_by("-pk")
        .first()
    )


def _check_sequence(report: ChainReport, using: str) -> None:
    """Compare the chain with the database's id sequence (see the module's docstring for what
    this detects on each database)."""
    issued = report.issued = issued_ids(using)
    if issued is None:
        return
    entries = AuditEntry.objects.using(using)
    ids = entries.aggregate(low=models.Min("id"), high=models.Max("id"))
    if ids["high"] is not None and issued < ids["high"]:
        raise ChainBroken(
            ChainProblem(
                "sequence",
                f"数据库为审计日志分配编号的序列（至 #{issued}）小于现存最大的条目编号 "
                f"#{ids['high']}：序列被改动。",
            )
        )
    anchor = report.anchor
    if anchor is not None:
        record = _archive_record(using, anchor)
        if record is None:
            # An archive writes its own entry in the transaction that leaves the anchor; only
            # a later archive moves that entry out, and it leaves a newer anchor.
            raise ChainBroken(
                ChainProblem(
                    "truncated",
                    f"归档锚点（{anchor.file_name}，链位置 {anchor.last_position}）之后应有"
                    "这次归档的“归档审计日志”记录，但数据库中没有：链末尾的条目连同封存被删除。",
                    position=anchor.last_position,
                )
            )
    elif ids["high"] is None:
        if issued:
            raise ChainBroken(
                ChainProblem(
                    "truncated",
                    f"数据库中一条审计日志也没有，但数据库已为审计日志分配过编号（至 #{issued}）："
                    "全部条目连同封存被删除。",
                )
            )
        return
    if connections[using].vendor != "sqlite":
        # PostgreSQL keeps the ids of rolled-back transactions burnt: a gap at the end of the
        # sequence is no evidence there. The tail file covers it.
        return
    if anchor is None:
        # No archive: the log's first id follows the ids a flush of the whole table skipped.
        expected = ids["low"] - 1
    else:
        after = record.after if isinstance(record.after, dict) else {}
        try:
            expected = int(after[GAP_KEY])
        except (KeyError, TypeError, ValueError):
            return  # an archive made before the count was recorded: nothing to compare
    gap = _outside_chain(using)
    if gap > expected:
        raise ChainBroken(
            ChainProblem(
                "truncated",
                f"数据库已为审计日志分配编号至 #{issued}，其中 {gap - expected} 条既不在数据库中、"
                "也未归档、也不在等待封存：链末尾的条目连同封存被删除。",
                position=report.last_position,
            )
        )
    if gap < expected:
        raise ChainBroken(
            ChainProblem(
                "sequence",
                f"审计日志条目比数据库分配过的编号多 {expected - gap} 条：编号序列被改动。",
            )
        )


@dataclass
class TailRecord:
    """One line of the tail file: the chain had reached `position` with seal MAC `mac` at `at`."""

    at: datetime.datetime
    database: str
    position: int
    mac: str
    entry_id: int | None = None

    def line(self) -> str:
        return json.dumps(
            {
                "at": _utc(self.at),
                "database": self.database,
                "position": self.position,
                "mac": self.mac,
                "entry_id": self.entry_id,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @property
    def when(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S}"


def tail_file_path(tail_file=None) -> Path | None:
    """The tail file: the argument, else FAZHI_AUDIT_TAIL_FILE; None when switched off ("")."""
    chosen = tail_file if tail_file is not None else getattr(settings, "FAZHI_AUDIT_TAIL_FILE", "")
    return Path(chosen) if str(chosen) else None


def database_label(using: str = "default") -> str:
    """Which database a tail record speaks of, from the connection settings (which an attacker
    inside the database cannot change), so that one file may serve several databases: a test
    run's or a restored copy's records are not held against this one."""
    connection = connections[using]
    config = connection.settings_dict
    name = str(config.get("NAME") or "")
    if connection.vendor == "sqlite":
        return f"sqlite:{name if connection.is_in_memory_db() else Path(name).resolve()}"
    if connection.vendor == "postgresql":
        # The database's oid too: a database dropped and made again under the same name (a
        # test run's, a restore into a new database) starts afresh. Making one needs CREATEDB,
        # which the application's role does not have (docs/deploy.md).
        with connection.cursor() as cursor:
            cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
            name = f"{name}#{cursor.fetchone()[0]}"
    return f"{connection.vendor}://{config.get('HOST') or ''}:{config.get('PORT') or ''}/{name}"


def read_tail(path: Path, database: str) -> tuple[list[TailRecord], int]:
    """This database's records in the tail file (oldest first), and how many lines could not
    be read (a line cut short by a crash while it was written)."""
    records, unreadable = [], 0
    with open(path, encoding="utf-8") as file:
        for text in file:
            if not text.strip():
                continue
            try:
                data = json.loads(text)
                record = TailRecord(
                    at=datetime.datetime.fromisoformat(data["at"].replace("Z", "+00:00")),
                    database=str(data["database"]),
                    position=int(data["position"]),
                    mac=str(data["mac"]),
                    entry_id=data.get("entry_id"),
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                unreadable += 1
                continue
            if record.database == database:
                records.append(record)
    return records, unreadable


def check_tail(records: list[TailRecord], anchor: AuditAnchor | None, using: str) -> None:
    """Each recorded tail must still be in the database: its position sealed with the recorded
    MAC, or archived (an anchor at or past it). Call after the chain walk, which vouched for
    every seal in the database. The earliest record that no longer holds is reported."""
    if not records:
        return
    tail, _ = _chain_tail(using)
    wanted = sorted({r.position for r in records})
    sealed = {}
    for i in range(0, len(wanted), 500):
        sealed.update(
            AuditSeal.objects.using(using)
            .filter(position__in=wanted[i : i + 500])
            .values_list("position", "mac")
        )
    for record in records:
        if record.position <= 0:
            continue
        if anchor is not None and record.position <= anchor.last_position:
            if record.position == anchor.last_position and not crypto.same_digest(
                record.mac, anchor.last_mac
            ):
                raise ChainBroken(_replaced(record))
            continue  # archived: the anchor's own MAC vouches for the run that ends there
        mac = sealed.get(record.position)
        if mac is None:
            raise ChainBroken(
                ChainProblem(
                    "truncated",
                    f"链尾记录显示审计日志在 {record.when} 已到链位置 {record.position}，"
                    f"数据库中的链现在只到链位置 {tail}：此后的条目连同封存被删除。",
                    record.entry_id,
                    record.position,
                )
            )
        if not crypto.same_digest(mac, record.mac):
            raise ChainBroken(_replaced(record))


def _replaced(record: TailRecord) -> ChainProblem:
    return ChainProblem(
        "truncated",
        f"链位置 {record.position} 的链校验码与 {record.when} 的链尾记录不同：该位置及之后的"
        "条目被删除后又写入了新的条目，或整条链被替换。",
        position=record.position,
    )


def check_truncation(report: ChainReport, using: str = "default", tail_file=None) -> None:
    """After the chain walk: raise ChainBroken if the database's sequence or the tail file
    show entries cut from the chain's end."""
    path = report.tail_file = tail_file_path(tail_file)
    if path is not None:
        try:
            records, unreadable = read_tail(path, database_label(using))
        except FileNotFoundError:
            records, unreadable = [], 0
            report.tail_file = None  # nothing recorded yet (the worker writes it daily)
        except OSError as error:
            raise ChainBroken(
                ChainProblem("tail", f"无法读取链尾记录文件 {path}：{error.strerror or error}。")
            ) from error
        if unreadable:
            logger.warning("链尾记录文件 %s 中有 %s 行无法读取，已跳过", path, unreadable)
        check_tail(records, report.anchor, using)
        report.tail_records = records
    _check_sequence(report, using)


def record_tail(using: str = "default", *, now=None, tail_file=None) -> TailRecord | None:
    """Append the chain's tail to the tail file (fsynced) and the journal, unless this
    database's last record is younger than TAIL_INTERVAL or the file is switched off. Called
    by the worker; returns the record written, or None."""
    path = tail_file_path(tail_file)
    if path is None:
        return None
    now = now or timezone.now()
    database = database_label(using)
    try:
        earlier, _ = read_tail(path, database)
    except FileNotFoundError:
        earlier = []
    if earlier and now - earlier[-1].at < TAIL_INTERVAL:
        return None
    seal_pending(using=using)
    try:
        anchor = AuditAnchor.objects.using(using).order_by("-last_position").first()
        check_tail(earlier, anchor, using)
    except ChainBroken as broken:
        # Worth an alarm in the journal even if nobody runs verify_audit today; the new record
        # is written all the same, the old one still shows what was lost.
        logger.error("审计日志链尾核对未通过：%s", broken)
    position, mac = _chain_tail(using)
    if not position:
        return None  # an empty log: nothing to vouch for yet
    seal = AuditSeal.objects.using(using).filter(position=position).first()
    record = TailRecord(now, database, position, mac, seal.entry_id if seal else None)
    _append_line(path, record.line())
    tail_logger.info(
        "审计日志链尾：链位置 %s，链校验码 %s（%s，数据库 %s）",
        position,
        mac,
        record.when,
        database,
    )
    return record


def _append_line(path: Path, line: str) -> None:
    """Append one line and make it durable: a record lost in a crash vouches for nothing."""
    created = not path.exists()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if created:
        _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    # The rename is durable only once the directory is on disk too.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
