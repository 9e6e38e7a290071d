"""Retention, and archiving: the oldest run of the chain moves to a file that verifies on its
own (`archive`, `verify_archive`), and the chain goes on from an anchor."""

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.utils import timezone

from .. import crypto
from ..models import (
    AuditAction,
    AuditAnchor,
    AuditEntry,
    AuditFile,
    AuditFilePart,
    AuditSeal,
    ImportedRange,
)
from .chain import _chain_tail, _lock, _mac, anchor_mac, canonical, content_of, seal_pending
from .verification import (
    GAP_KEY,
    ChainBroken,
    ChainProblem,
    MacMessages,
    SealedEntry,
    _fsync_dir,
    _outside_chain,
    _start,
    _walk,
    check_macs,
)
from .writing import record

# --- Retention and archiving --------------------------------------------------------------------

ARCHIVE_FORMAT = "fazhi-audit-archive-1"
# 网络安全法 第二十一条: network logs are kept for no less than six months.
RETENTION_MINIMUM_DAYS = 180
ARCHIVE_MESSAGES = MacMessages(
    missing_key="FAZHI_DATA_KEYS 中没有此条所用的密钥，无法校验。",
    link="链接断开：封存校验码与前一条不衔接。",
    changed="内容与其校验码不符：条目被修改。",
)


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


def _delete_archived(using: str, start: int, stop: int) -> None:
    connection = connections[using]
    entries, seals = AuditEntry._meta.db_table, AuditSeal._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The database refuses any DELETE of the log unless this flag is set for the
            # transaction, and even then only of entries older than 180 days.
            cursor.execute("SET LOCAL fazhi.audit_archive = 'on'")
        # An archived import's kept file and the runs of ids an archived entry names go with
        # it: the retention period is over, and the archive keeps the entry, with the file's
        # digest and the runs as text.
        archived = f"SELECT entry_id FROM {seals} WHERE position BETWEEN %s AND %s"  # noqa: S608
        files, parts = AuditFile._meta.db_table, AuditFilePart._meta.db_table
        cursor.execute(
            f"DELETE FROM {parts} WHERE file_id IN "  # noqa: S608 (table names are ours)
            f"(SELECT id FROM {files} WHERE entry_id IN ({archived}))",
            [start, stop],
        )
        for kept in (files, ImportedRange._meta.db_table):
            cursor.execute(
                f"DELETE FROM {kept} WHERE entry_id IN ({archived})",  # noqa: S608
                [start, stop],
            )
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
    sealed = SealedEntry(
        entry_id=line["id"],
        position=line["position"],
        at=None,
        content=line["content"],
        content_mac=line["content_mac"],
        key_id=line["content"]["key_id"],
        seal_key_id=line["seal_key_id"],
        seal_mac=line["seal_mac"],
    )
    if previous is not None and line["position"] != previous["position"] + 1:
        raise ChainBroken(
            ChainProblem(
                "deleted",
                f"链位置 {previous['position'] + 1} 起的条目缺失。",
                entry_id=line["id"],
                position=line["position"],
            )
        )
    prev = previous["seal_mac"] if previous is not None else None
    check_macs(sealed, prev, ARCHIVE_MESSAGES, content_first=True)
