"""Each entry's content MAC, stamped as it is written, and its seal in the one chain, given
after its transaction commits (the sealer and its lock)."""

import datetime
import decimal
import ipaddress
import json
import logging
import secrets
from functools import cache

from cryptography.hazmat.primitives import hashes, hmac
from django.db import OperationalError, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from .. import crypto, pgcopy
from ..models import AuditAnchor, AuditEntry, AuditSeal

logger = logging.getLogger(__name__)

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
# PostgreSQL advisory lock key of the one sealer (any fixed 64-bit number).
SEAL_LOCK = 0x66617A6869_0001
BATCH = 5000
# The ids a sealer asks about at once, by two index range counts, before reading any entry.
SPAN = 50_000
# How long an after-commit sealer waits for another (an archive run holds the lock for as long
# as it writes its file) before leaving its entries to the next sweep.
AFTER_COMMIT_WAIT = datetime.timedelta(seconds=3)


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
    """Give every committed, unsealed entry (with id in low..high, if given; else all) the
    next chain position, in id order. Returns how many were sealed.

    Linear in the range, whatever the size of the log: the range is walked in spans of ids,
    each asked by two index range counts (entries, seals) whether anything in it is pending,
    and a span that is is sealed in chunks of BATCH entries, each chunk in its own short
    transaction under the sealer's lock, so other writers never wait behind a long seal. (An
    "entries without a seal" query would be an anti-join over both whole tables, once per
    chunk: quadratic in an import.)"""
    if low is None or high is None:
        bounds = AuditEntry.objects.using(using).aggregate(low=Min("pk"), high=Max("pk"))
        low, high = bounds["low"], bounds["high"]
        if low is None:
            return 0
    sealed = 0
    for start in range(low, high + 1, SPAN):
        end = min(start + SPAN - 1, high)
        if _pending_in(start, end, using):
            sealed += _seal_span(start, end, using, wait)
    return sealed


def _pending_in(start: int, end: int, using: str) -> bool:
    """Whether an entry with id in start..end has no seal: every seal names one entry, so the
    two counts differ exactly when one is pending (both are index-only range counts). Asked in
    one statement, so both counts come from one snapshot: two statements could count the
    entries before another sealer committed seals of entries committed after the count, and
    take the span for sealed."""
    connection = connections[using]
    quote = connection.ops.quote_name
    entries, seals = quote(AuditEntry._meta.db_table), quote(AuditSeal._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {entries} WHERE id BETWEEN %s AND %s), "  # noqa: S608
            f"(SELECT count(*) FROM {seals} WHERE entry_id BETWEEN %s AND %s)",
            [start, end, start, end],
        )
        counted, sealed = cursor.fetchone()
    return sealed < counted


def _seal_span(start: int, end: int, using: str, wait) -> int:
    sealed, after = 0, start - 1
    while after is not None:
        with transaction.atomic(using=using):
            _lock(using, wait)
            count, after = _seal_chunk(after, end, using)
        sealed += count
    return sealed


def _seal_chunk(after: int, end: int, using: str) -> tuple[int, int | None]:
    """Seal the pending among the next BATCH entries after `after` (up to `end`); returns how
    many, and where the next chunk starts (None: the span is done)."""
    rows = list(
        AuditEntry.objects.using(using)
        .filter(pk__gt=after, pk__lte=end)
        .order_by("pk")
        .values_list("pk", "content_mac")[:BATCH]
    )
    if not rows:
        return 0, None
    first, last = rows[0][0], rows[-1][0]
    done = set(
        AuditSeal.objects.using(using)
        .filter(entry_id__gte=first, entry_id__lte=last)
        .values_list("entry_id", flat=True)
    )
    pending = [(pk, mac) for pk, mac in rows if pk not in done]
    if pending:
        key = crypto.current_key()
        position, prev = _chain_tail(using)
        seals = []
        for pk, mac in pending:
            position += 1
            prev = seal_mac(key, position, pk, mac, prev)
            seals.append(AuditSeal(position=position, entry_id=pk, key_id=key.key_id, mac=prev))
        _insert_seals(seals, using)
    return len(pending), (last if len(rows) == BATCH else None)


def _insert_seals(seals: list, using: str) -> None:
    """A chunk's seals by COPY where PostgreSQL takes it (an import's thousands of seals spend
    most of their time in Django compiling INSERTs), else in one bulk INSERT."""
    connection = connections[using]
    if using != "default" or not pgcopy.usable(len(seals)):
        AuditSeal.objects.using(using).bulk_create(seals)
        return
    quote = connection.ops.quote_name
    columns = [quote(name) for name in ("position", "entry_id", "key_id", "mac")]
    rows = ((seal.position, seal.entry_id, seal.key_id, seal.mac) for seal in seals)
    with connection.cursor() as cursor:
        pgcopy.write(cursor, quote(AuditSeal._meta.db_table), columns, rows)
