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
(`check_truncation`, "Truncation" below):

- The database's own sequence of entry ids: an id it issued is in the log, archived, or was
  never committed. On SQLite ids of rolled-back transactions are issued again, so the ids
  neither in the log nor archived are a constant of the database, and entries cut from the
  tail raise it. On PostgreSQL a rolled-back transaction burns its ids for good, so there the
  sequence shows only a log emptied of every entry.
- The tail record: the worker (manage.py work) appends the chain's last position and MAC daily
  to FAZHI_AUDIT_TAIL_FILE, outside the database (and to the journal). The database must still
  hold every recorded position with its recorded MAC, or an archive anchor past it.
"""

import contextvars
import datetime
import decimal
import ipaddress
import json
import logging
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connections, models, transaction
from django.utils import timezone

from . import crypto
from .encrypted import BlindIndexField, EncryptedTextField
from .masks import mask
from .models import AuditAction, AuditAnchor, AuditEntry, AuditSeal, Unit

logger = logging.getLogger(__name__)

# (ip, channel) of the work being done; outside a request it is the command line.
_origin = contextvars.ContextVar("audit_origin", default=(None, "cli"))


@contextmanager
def origin(ip: str | None, channel: str):
    token = _origin.set((ip, channel))
    try:
        yield
    finally:
        _origin.reset(token)


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client and cannot be trusted unless
    # a proxy we run sets it, which a deployment configures in its proxy, not here.
    return request.META.get("REMOTE_ADDR") or None


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The values of a record as JSON-safe data, by field name.

    A foreign key is kept as "name (#id)": the auditor reads names, and the id stays
    unambiguous when two units share a name.
    """
    names = fields or [f.name for f in obj._meta.concrete_fields]
    personal = getattr(type(obj), "personal_masks", {})
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        if isinstance(field, EncryptedTextField):
            # The log records that an ID number or address changed, not the value: the log
            # is read by the audit administrator, who has no call to see it, and it must not
            # keep in clear what the register keeps encrypted.
            values[name] = field.mask(getattr(obj, name))
        elif isinstance(field, BlindIndexField):
            continue
        elif name in personal:
            # 姓名 and 罪名 of a person under supervision are his register's to show, not the
            # log's: the audit administrator reads who did what to which record (its number).
            values[name] = mask(personal[name], getattr(obj, field.attname))
        elif field.is_relation:
            related = getattr(obj, name)
            values[name] = None if related is None else f"{related} (#{related.pk})"
        else:
            values[name] = _plain(getattr(obj, field.attname))
    return values


def entry(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    register: str = "",
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    username: str = "",
    unit=None,
) -> AuditEntry:
    """An unsaved audit entry, stamped with the current origin: `record` saves one, and bulk
    writers (imports) collect many for one bulk_create."""
    ip, channel = _origin.get()
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEntry(
        actor=actor_obj,
        actor_username=username or (actor_obj.username if actor_obj else ""),
        unit_id=_concerned_unit_id(unit, obj, actor_obj),
        ip=ip,
        channel=channel,
        action=action,
        register=register or (obj._meta.model_name if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        note=note[:500],
    )


def record(actor, action: str, obj: models.Model | None = None, **details) -> AuditEntry:
    """Write one audit entry now (inside the caller's transaction)."""
    written = entry(actor, action, obj, **details)
    written.save()
    return written


def _concerned_unit_id(unit, obj, actor):
    if unit is not None:
        return unit.pk
    if isinstance(obj, Unit):
        return obj.pk
    if obj is not None and getattr(obj, "unit_id", None):
        return obj.unit_id
    return actor.unit_id if actor is not None else None


def record_sensitive_read(actor, obj: models.Model, *, register: str = "", fields=()):
    """Log that `actor` was shown `obj`'s sensitive fields unmasked."""
    return record(
        actor,
        AuditAction.READ_SENSITIVE,
        obj,
        register=register,
        note="查看字段：" + "、".join(fields) if fields else "",
    )


# --- Tamper evidence --------------------------------------------------------------------------

# The fields an entry's content MAC covers, in this fixed order. A field added to AuditEntry
# must be added here under a new MAC_FORMAT, or the entries already written stop verifying.
CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "unit_id",
    "ip",
    "channel",
    "action",
    "register",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
    "nonce",
    "key_id",
)
MAC_FORMAT = b"fazhi audit entry v1\n"
SEAL_FORMAT = "fazhi audit seal v1"
ANCHOR_FORMAT = "fazhi audit anchor v1"
ARCHIVE_FORMAT = "fazhi-audit-archive-1"
# PostgreSQL advisory lock key of the one sealer (any fixed 64-bit number).
SEAL_LOCK = 0x66617A6869_0001
BATCH = 5000
# How long an after-commit sealer waits for another (an archive run holds the lock for as long
# as it writes its file) before leaving its entries to the next sweep.
AFTER_COMMIT_WAIT = datetime.timedelta(seconds=3)
# 网络安全法 第二十一条: network logs are kept for no less than six months.
RETENTION_MINIMUM_DAYS = 180


@cache
def _keyed(data_key: crypto.DataKey) -> hmac.HMAC:
    """A prepared HMAC-SM3 under the audit subkey of a data key; copied per message, so the
    key schedule is computed once rather than once per entry of a million-row import."""
    derive = hmac.HMAC(data_key.index_key, hashes.SM3())
    derive.update(b"fazhi audit log hmac-sm3")
    return hmac.HMAC(derive.finalize(), hashes.SM3())


def _mac(data_key: crypto.DataKey, message: bytes) -> str:
    mac = _keyed(data_key).copy()
    mac.update(message)
    return mac.finalize().hex()


def _utc(value) -> str | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    # Always six digits of microseconds: isoformat() drops them when they are zero.
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ip(value) -> str | None:
    # PostgreSQL's inet prints an address in its own normal form; the MAC covers the same
    # normal form on both databases. An empty address is no address (stored NULL).
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return str(value)


def _json(value):
    """A JSON value as the database gives it back: keys strings (json.dumps makes them so),
    tuples lists, and integral floats integers: PostgreSQL's jsonb keeps the decimal text a
    float was written as (1e+308) and prints it back as the integer that text means."""
    if value is None:
        return None
    return _integral(json.loads(json.dumps(value)))


def _integral(value):
    if isinstance(value, float) and value.is_integer():
        return int(decimal.Decimal(repr(value)))
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral(v) for v in value]
    return value


def _text(value) -> str | None:
    return None if value is None else str(value)


def content_of(entry) -> dict:
    """An entry's fields as the canonical JSON-safe values its content MAC covers; the same
    on SQLite and PostgreSQL, before the INSERT and after reading the row back."""
    return {
        "at": _utc(entry.at),
        "actor_id": entry.actor_id,
        "actor_username": _text(entry.actor_username),
        "unit_id": entry.unit_id,
        "ip": _ip(entry.ip),
        "channel": _text(entry.channel),
        "action": _text(entry.action),
        "register": _text(entry.register),
        "object_id": _text(entry.object_id),
        "object_repr": _text(entry.object_repr),
        "before": _json(entry.before),
        "after": _json(entry.after),
        "note": _text(entry.note),
        "nonce": _text(entry.nonce),
        "key_id": _text(entry.key_id),
    }


def canonical(content: dict) -> bytes:
    # Sorted keys, no whitespace, no NaN: one byte string for one content, whatever the order
    # a database returns JSON keys in. null and "" stay distinct.
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()


def content_mac(data_key: crypto.DataKey, content: dict) -> str:
    return _mac(data_key, MAC_FORMAT + canonical(content))


def protect(entry: AuditEntry) -> None:
    """Stamp an entry about to be inserted with its nonce, key id and content MAC.

    An entry that already has a MAC (restored from a backup) keeps it: it is verified as it was
    written, not vouched for anew.
    """
    if entry.content_mac:
        return
    key = crypto.current_key()
    if entry.at is None:
        entry.at = timezone.now()
    elif timezone.is_naive(entry.at):
        # What the database will store (Django makes a naive time aware in the default zone).
        entry.at = timezone.make_aware(entry.at, timezone.get_default_timezone())
    entry.nonce = entry.nonce or secrets.token_hex(8)
    entry.key_id = key.key_id
    entry.content_mac = content_mac(key, content_of(entry))


def seal_mac(data_key: crypto.DataKey, position: int, entry_id: int, mac: str, prev: str) -> str:
    return _mac(data_key, f"{SEAL_FORMAT}\n{position}\n{entry_id}\n{mac}\n{prev}".encode())


def anchor_mac(data_key: crypto.DataKey, anchor: AuditAnchor) -> str:
    fields = (
        ANCHOR_FORMAT,
        anchor.first_position,
        anchor.last_position,
        anchor.count,
        anchor.last_mac,
        anchor.before.isoformat(),
        anchor.file_name,
        _utc(anchor.created_at),
    )
    return _mac(data_key, "\n".join(str(f) for f in fields).encode())


class _Sealer:
    """The after-commit call that seals one transaction's entries (ids low..high); widened as
    the transaction writes more, so a transaction seals once however many entries it wrote."""

    def __init__(self, low, high, using):
        self.low, self.high, self.using = low, high, using

    def widen(self, low, high):
        if low is None or self.low is None:
            self.low = self.high = None
        else:
            self.low, self.high = min(self.low, low), max(self.high, high)

    def __call__(self):
        try:
            seal_pending(self.low, self.high, using=self.using, wait=AFTER_COMMIT_WAIT)
        except OperationalError:
            # Another sealer (an archive run) held the lock too long: the user's action is
            # done and must not wait on it. The entries stay pending, still carrying their
            # content MACs, until the next full sweep (verify_audit, archive_audit).
            logger.warning("审计日志封存等待超时，条目 #%s–#%s 留待下次封存", self.low, self.high)


def schedule_seal(low: int | None, high: int | None, using: str = "default") -> None:
    """Seal entries low..high (None: all pending) once the current transaction commits."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        # Autocommit: the entry is committed already. A failed seal is not the caller's
        # failure; the entry stays pending for the next sealer (verify_audit seals all).
        try:
            seal_pending(low, high, using=using)
        except Exception:
            logger.exception("审计日志封存失败，条目留待下次封存")
        return
    current = getattr(connection, "_fazhi_audit_sealer", None)
    queued = getattr(connection, "run_on_commit", [])
    if current is not None and any(item[1] is current for item in queued):
        current.widen(low, high)
        return
    sealer = _Sealer(low, high, using)
    connection._fazhi_audit_sealer = sealer
    # robust: the business transaction has committed; a sealing failure is logged, and the
    # entries are sealed by the next sealer instead of turning a done action into an error.
    transaction.on_commit(sealer, using=using, robust=True)


def _lock(using: str, wait: datetime.timedelta | None = None) -> None:
    """Take the one sealer's lock until the transaction ends; with `wait`, give up after it
    (OperationalError) rather than queue behind a long archive run."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return  # SQLite lets one writer at a time anyway
    with connection.cursor() as cursor:
        if wait is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
            return
        cursor.execute("SELECT current_setting('lock_timeout')")
        (previous,) = cursor.fetchone()
        milliseconds = max(1, int(wait.total_seconds() * 1000))
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{milliseconds}ms"])
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def _chain_tail(using: str) -> tuple[int, str]:
    """(position, MAC) of the chain's last seal, or of the archive anchor, or (0, "")."""
    last = AuditSeal.objects.using(using).order_by("-position").values_list("position", "mac")
    if tail := last.first():
        return tail
    anchor = AuditAnchor.objects.using(using).order_by("-last_position").first()
    return (anchor.last_position, anchor.last_mac) if anchor else (0, "")


def seal_pending(
    low: int | None = None,
    high: int | None = None,
    using: str = "default",
    wait: datetime.timedelta | None = None,
) -> int:
    """Give every committed, unsealed entry (with id in low..high, if given) the next chain
    position, in id order. Returns how many were sealed; cheap when there are none."""
    with transaction.atomic(using=using):
        _lock(using, wait)
        pending = AuditEntry.objects.using(using).filter(seal__isnull=True)
        if low is not None:
            pending = pending.filter(pk__gte=low, pk__lte=high)
        key = crypto.current_key()
        position, prev = None, None
        sealed, after = 0, 0
        while True:
            rows = list(
                pending.filter(pk__gt=after).order_by("pk").values_list("pk", "content_mac")[:BATCH]
            )
            if not rows:
                break
            if position is None:
                position, prev = _chain_tail(using)
            seals = []
            for pk, mac in rows:
                position += 1
                prev = seal_mac(key, position, pk, mac, prev)
                seals.append(AuditSeal(position=position, entry_id=pk, key_id=key.key_id, mac=prev))
            AuditSeal.objects.using(using).bulk_create(seals)
            sealed += len(rows)
            after = rows[-1][0]
            if len(rows) < BATCH:
                break
    return sealed


# --- Verifying ----------------------------------------------------------------------------------


@dataclass
class ChainProblem:
    """The first place where the log is not as written. kind: changed (content differs from
    its MAC), deleted, inserted, link (a seal that is not the chain's), key, anchor, archive."""

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
    where = (entry.pk, seal.position, entry.at)
    seal_key = crypto.key_by_id(seal.key_id)
    entry_key = crypto.key_by_id(entry.key_id)
    for key_id, key in ((seal.key_id, seal_key), (entry.key_id, entry_key)):
        if key is None:
            raise ChainBroken(
                ChainProblem(
                    "key",
                    f"FAZHI_DATA_KEYS 中没有编号为「{key_id}」的密钥，无法校验；"
                    "轮换密钥后，旧密钥须保留到以它写入的审计日志归档之后。",
                    *where,
                )
            )
    if not crypto.same_digest(
        seal.mac, seal_mac(seal_key, seal.position, entry.pk, entry.content_mac, prev)
    ):
        raise ChainBroken(
            ChainProblem(
                "link",
                "链接断开：封存校验码与前一条不衔接（封存被伪造、改动或调换，"
                "或条目的校验码被改动）。",
                *where,
            )
        )
    if not crypto.same_digest(entry.content_mac, content_mac(entry_key, content_of(entry))):
        raise ChainBroken(
            ChainProblem(
                "changed",
                "内容与其校验码不符：条目写入后被修改，或是绕过系统插入的伪造条目。",
                *where,
            )
        )


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
    check_truncation(report, using=using, tail_file=tail_file)
    return report


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


# --- Retention and archiving --------------------------------------------------------------------


def retention_days() -> int:
    """FAZHI_AUDIT_RETENTION_DAYS, refused below the legal minimum of 180 days."""
    days = int(getattr(settings, "FAZHI_AUDIT_RETENTION_DAYS", RETENTION_MINIMUM_DAYS))
    if days < RETENTION_MINIMUM_DAYS:
        raise ImproperlyConfigured(
            f"FAZHI_AUDIT_RETENTION_DAYS 为 {days} 天：审计日志至少保存 "
            f"{RETENTION_MINIMUM_DAYS} 天（网络安全法第二十一条），不能设得更短。"
        )
    return days


@checks.register(checks.Tags.security)
def check_audit_retention(app_configs=None, **kwargs):
    try:
        retention_days()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="fazhi.E101")]
    return []


@dataclass
class ArchiveResult:
    count: int
    first_position: int | None
    last_position: int | None
    path: Path | None


class ArchiveRefused(Exception):
    """The archive was not written (and nothing deleted); the message is for the operator."""


def archive(before: datetime.date, out, *, using: str = "default") -> ArchiveResult:
    """Move the entries written before `before` (the oldest run of the chain) to a JSON-lines
    file with a manifest, then delete them from the database, in one transaction, and only
    after the file is written and on disk. The chain then starts from an anchor."""
    days = retention_days()
    newest_allowed = timezone.localdate() - datetime.timedelta(days=days)
    if before > newest_allowed:
        raise ArchiveRefused(
            f"只能归档 {newest_allowed:%Y-%m-%d} 之前的审计日志：审计日志须保存 {days} 天"
            "（网络安全法第二十一条）。"
        )
    out = Path(out)
    if out.exists():
        raise ArchiveRefused(f"文件 {out} 已存在，不会覆盖。")
    cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    seal_pending(using=using)
    part = out.with_name(out.name + ".part")
    committed = False
    try:
        with transaction.atomic(using=using):
            _lock(using)
            start, prev, _ = _start(using)
            young = (
                AuditSeal.objects.using(using)
                .filter(position__gte=start, entry__at__gte=cutoff)
                .order_by("position")
                .values_list("position", flat=True)
                .first()
            )
            tail, _ = _chain_tail(using)
            # The chain is cut at its first entry that is not old enough: an older entry
            # sealed after it (a long import's) stays until a later archive.
            stop = young - 1 if young is not None else tail
            if stop < start:
                return ArchiveResult(0, None, None, None)
            count, last_mac = _write_archive(part, using, start, prev, stop, before)
            os.replace(part, out)
            _fsync_dir(out.parent)
            key = crypto.current_key()
            anchor = AuditAnchor(
                created_at=timezone.now(),
                before=before,
                file_name=out.name,
                first_position=start,
                last_position=stop,
                count=count,
                last_mac=last_mac,
                key_id=key.key_id,
            )
            anchor.mac = anchor_mac(key, anchor)
            anchor.save(using=using)
            _delete_archived(using, start, stop)
            record(
                None,
                AuditAction.ARCHIVE_AUDIT,
                register="audit",
                note=f"归档 {count} 条审计日志（链位置 {start}–{stop}，"
                f"{before:%Y-%m-%d} 之前）至 {out.name}",
                # Once the oldest ids are gone, the log's first id no longer tells how many
                # ids lie outside the chain; verify_audit compares the sequence with this.
                # As text: the log page shows a number 0 as "（空）".
                after={GAP_KEY: str(_outside_chain(using))}
                if connections[using].vendor == "sqlite"
                else None,
            )
        committed = True
    except ChainBroken as broken:
        raise ArchiveRefused(
            f"审计日志链已断开，未归档、未删除任何条目（请先用 verify_audit 调查）：{broken}"
        ) from broken
    finally:
        part.unlink(missing_ok=True)
        if not committed and out.exists():
            # Nothing was deleted (the transaction rolled back): the file would only
            # duplicate entries that are still in the database.
            out.unlink()
    return ArchiveResult(count, start, stop, out)


def _write_archive(part: Path, using, start, prev, stop, before) -> tuple[int, str]:
    count, last_mac = 0, prev
    with open(part, "x", encoding="utf-8") as file:
        for seal, entry in _walk(using, start, prev, stop):
            line = {
                "position": seal.position,
                "seal_key_id": seal.key_id,
                "seal_mac": seal.mac,
                "id": entry.pk,
                "content_mac": entry.content_mac,
                "content": content_of(entry),
            }
            file.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            count, last_mac = count + 1, seal.mac
        if count != stop - start + 1:
            raise ChainBroken(ChainProblem("deleted", "链末尾的条目缺失。", position=stop))
        manifest = {
            "format": ARCHIVE_FORMAT,
            "count": count,
            "first_position": start,
            "last_position": stop,
            "anchor_mac": prev,
            "last_mac": last_mac,
            "before": before.isoformat(),
            "key_id": crypto.current_key().key_id,
        }
        manifest["mac"] = _manifest_mac(crypto.current_key(), manifest)
        file.write(json.dumps({"manifest": manifest}, ensure_ascii=False, sort_keys=True) + "\n")
        file.flush()
        os.fsync(file.fileno())
    return count, last_mac


def _manifest_mac(key: crypto.DataKey, manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return _mac(key, b"fazhi audit manifest v1\n" + canonical(body))


def _fsync_dir(path: Path) -> None:
    # The rename is durable only once the directory is on disk too.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _delete_archived(using: str, start: int, stop: int) -> None:
    connection = connections[using]
    entries, seals = AuditEntry._meta.db_table, AuditSeal._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The database refuses any DELETE of the log unless this flag is set for the
            # transaction, and even then only of entries older than 180 days.
            cursor.execute("SET LOCAL fazhi.audit_archive = 'on'")
        cursor.execute(
            f"DELETE FROM {entries} WHERE id IN "  # noqa: S608 (table names are ours)
            f"(SELECT entry_id FROM {seals} WHERE position BETWEEN %s AND %s)",
            [start, stop],
        )
        cursor.execute(
            f"DELETE FROM {seals} WHERE position BETWEEN %s AND %s",  # noqa: S608
            [start, stop],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL fazhi.audit_archive = 'off'")


def verify_archive(path) -> dict:
    """Check an archive file: every entry's content MAC, the chain through it from the anchor
    its manifest names, and the manifest's own MAC. Returns the manifest; raises ChainBroken at
    the first problem."""
    lines = _archive_lines(path)
    manifest = None
    first = last = None
    count = 0
    for number, line in lines:
        if manifest is not None:
            raise ChainBroken(ChainProblem("archive", f"清单之后还有内容（第 {number} 行）。"))
        if "manifest" in line:
            manifest = line["manifest"]
            continue
        try:
            _check_archived(line, last)
        except (KeyError, TypeError, ValueError):
            raise ChainBroken(ChainProblem("archive", f"第 {number} 行格式不正确。")) from None
        first, last, count = first or line, line, count + 1
    if manifest is None:
        raise ChainBroken(ChainProblem("archive", "文件没有清单（最后一行）：文件被截断。"))
    key = crypto.key_by_id(manifest.get("key_id", ""))
    if key is None or not crypto.same_digest(manifest.get("mac", ""), _manifest_mac(key, manifest)):
        raise ChainBroken(ChainProblem("archive", "清单的校验码不符：清单被改动。"))
    if count != manifest["count"] or (
        count
        and (
            first["position"] != manifest["first_position"]
            or last["position"] != manifest["last_position"]
            or last["seal_mac"] != manifest["last_mac"]
        )
    ):
        raise ChainBroken(
            ChainProblem(
                "archive",
                f"文件中有 {count} 条，与清单（{manifest['count']} 条，链位置 "
                f"{manifest['first_position']}–{manifest['last_position']}）不符：条目被删除。",
            )
        )
    if first is not None:
        # The first entry's seal links to the anchor the manifest names.
        _check_archived(
            first, {"position": first["position"] - 1, "seal_mac": manifest["anchor_mac"]}
        )
    return manifest


def _archive_lines(path):
    with open(path, encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            try:
                yield number, json.loads(text)
            except ValueError:
                raise ChainBroken(
                    ChainProblem("archive", f"第 {number} 行不是完整的 JSON：文件被截断或改动。")
                ) from None


def _check_archived(line: dict, previous: dict | None) -> None:
    """One archived entry against its own MAC and (if known) the line before it."""
    content = line["content"]
    where = {"entry_id": line["id"], "position": line["position"]}
    entry_key = crypto.key_by_id(content["key_id"])
    seal_key = crypto.key_by_id(line["seal_key_id"])
    if entry_key is None or seal_key is None:
        raise ChainBroken(
            ChainProblem("key", "FAZHI_DATA_KEYS 中没有此条所用的密钥，无法校验。", **where)
        )
    if not crypto.same_digest(line["content_mac"], content_mac(entry_key, content)):
        raise ChainBroken(ChainProblem("changed", "内容与其校验码不符：条目被修改。", **where))
    if previous is None:
        return
    if line["position"] != previous["position"] + 1:
        raise ChainBroken(
            ChainProblem("deleted", f"链位置 {previous['position'] + 1} 起的条目缺失。", **where)
        )
    expected = seal_mac(
        seal_key, line["position"], line["id"], line["content_mac"], previous["seal_mac"]
    )
    if not crypto.same_digest(line["seal_mac"], expected):
        raise ChainBroken(ChainProblem("link", "链接断开：封存校验码与前一条不衔接。", **where))
