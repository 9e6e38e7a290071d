"""Backup and restore: one encrypted archive holding a consistent snapshot of the database, the
uploaded files, and a manifest that lets a restore prove it got everything back.

The archive (one file) is

    FAZHI-BACKUP 1\\n
    {"cipher": "SM4-GCM", "key_id": ..., "nonce": ..., "created": ...}\\n
    SM4-GCM ciphertext of a .tar.gz, then its 16-byte tag

and the .tar.gz holds `manifest.json`, `data/<app.model>.jsonl` (Django's JSON Lines
serialization, one record a line, so neither side holds a whole table in memory) and
`media/...` (MEDIA_ROOT; the report templates are stored in the database, ReportTemplate).

Why the whole archive is encrypted: serialization reads every field through the model, so
EncryptedTextField values (ID numbers, addresses) come out in clear. The archive is therefore
sealed with SM4-GCM under a key derived for backups from the current data key (core.crypto),
whose id is in the header: a restore needs the same FAZHI_DATA_KEYS, as the database does. The
two header lines are bound in as associated data, so changing the header, the ciphertext or the
tag is refused; inside, the manifest's SHA-256 of every part and row count per model are
checked again after loading.

Consistency: all tables are read in one transaction — REPEATABLE READ on PostgreSQL, where a
plain transaction would let each table be read at a different moment; on SQLite the read
transaction holds one snapshot by itself.

A restore goes into a freshly migrated, empty database, in one transaction: records are
inserted raw (as a fixture load does), so timestamps, audit MACs and seals come back exactly
as they were and no save() logic runs twice; PostgreSQL's sequences are then moved past the
restored ids.
"""

import datetime
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from fazhi.core import audit, crypto, holidays
from fazhi.core.models import AuditAction, CalendarSource, HolidayYear

MAGIC = b"FAZHI-BACKUP 1\n"
FORMAT_VERSION = 1
CIPHER = "SM4-GCM"
NONCE_BYTES = 12
TAG_BYTES = 16
CHUNK_BYTES = 1 << 20
BATCH = 1000
SERIALIZER = "jsonl"
# Rows a fresh `migrate` makes itself (and makes again, with other ids, on every install):
# references to them travel as natural keys instead. Sessions are not data worth restoring:
# bringing them back would bring back logins.
NOT_ARCHIVED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# The holiday calendar a fresh `migrate` seeds from the chinesecalendar package: archived (an
# entered year is the bureau's data), not counted as data already there, and replaced by the
# archive's on restore. A year entered in the target database counts as data.
SEEDED_BY_MIGRATE = {"core.holidayyear", "core.holidayday"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


@dataclass(frozen=True)
class Summary:
    path: Path
    counts: dict[str, int]
    media_files: int

    @property
    def records(self) -> int:
        return sum(self.counts.values())


# --- what is archived -------------------------------------------------------------------------


def archived_models() -> list:
    """Every concrete, managed model of every app except NOT_ARCHIVED, in an order where a
    model comes after those it refers to (foreign keys are deferred anyway; the order keeps
    a reader of the archive unsurprised)."""
    found = []
    for config in apps.get_app_configs():
        for model in config.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed or meta.label_lower in NOT_ARCHIVED:
                continue
            found.append(model)
    ordered = serializers.sort_dependencies([(None, found)], allow_cycles=True)
    return [m for m in ordered if m in found]


def _label(model) -> str:
    return model._meta.label_lower


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# --- the key --------------------------------------------------------------------------------


def archive_key(key: crypto.DataKey) -> bytes:
    """A 128-bit SM4 key for archives, derived one-way from the data key's encryption key, so
    an archive key never equals the key of a column."""
    mac = hmac.HMAC(key.encryption_key, hashes.SM3())
    mac.update(b"fazhi backup archive sm4-gcm")
    return mac.finalize()[:16]


# --- backup ---------------------------------------------------------------------------------


def backup(out: Path, *, using: str = DEFAULT_DB_ALIAS, note: str = "") -> Summary:
    """Write the archive to `out` (replaced only when complete) and log it in the audit log."""
    out = Path(out)
    key = crypto.current_key()
    with tempfile.TemporaryDirectory(prefix="fazhi-backup-") as work:
        work = Path(work)
        tree = work / "archive"
        counts = _dump_database(tree / "data", using)
        media_files = _copy_media(tree / "media")
        parts = {
            str(path.relative_to(tree)): _sha256(path)
            for path in sorted(tree.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
            "counts": counts,
            "media_files": media_files,
            "parts": parts,
        }
        (tree / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        packed = work / "archive.tar.gz"
        with tarfile.open(packed, "w:gz") as tar:
            tar.add(tree, arcname=".")
        partial = out.with_name(out.name + ".partial")
        try:
            _seal(packed, partial, key, manifest["created"])
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    summary = Summary(out, counts, media_files)
    with transaction.atomic(using=using):
        audit.record(
            None,
            AuditAction.BACKUP,
            note=_note(
                f"系统备份：{summary.records} 条记录、{media_files} 个文件，"
                f"密钥 {key.key_id}，写入 {out.name}",
                note,
            ),
        )
    return summary


def _note(text: str, extra: str) -> str:
    return f"{text}；{extra}"[:500] if extra else text[:500]


def _dump_database(directory: Path, using: str) -> dict[str, int]:
    directory.mkdir(parents=True)
    connection = connections[using]
    counts = {}
    # Called inside a transaction already (a test, a caller's own), that transaction is the
    # snapshot; the isolation level can only be set as a transaction's first statement.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # Must be the transaction's first statement: every table below is then read as of
            # this one moment, even while the bureau keeps working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in archived_models():
            records = model._base_manager.using(using).order_by("pk")
            counter = _Counter(records.iterator(chunk_size=BATCH))
            with open(directory / f"{_label(model)}.jsonl", "w", encoding="utf-8") as stream:
                serializers.serialize(
                    SERIALIZER,
                    counter,
                    stream=stream,
                    use_natural_foreign_keys=True,
                    cls=_ExactEncoder,
                )
            counts[_label(model)] = counter.count
    return counts


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an archive keeps them to the microsecond,
    or a restored audit entry's time would no longer match its content MAC."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and timezone.is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class _Counter:
    def __init__(self, items):
        self.items = iter(items)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.count += 1
        return item


def _media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root and Path(root).is_dir() else None


def _copy_media(directory: Path) -> int:
    directory.mkdir(parents=True)
    root = _media_root()
    if root is None:
        return 0
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            target = directory / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            count += 1
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _seal(plain: Path, out: Path, key: crypto.DataKey, created: str):
    nonce = os.urandom(NONCE_BYTES)
    header = json.dumps(
        {"cipher": CIPHER, "key_id": key.key_id, "nonce": nonce.hex(), "created": created},
        sort_keys=True,
    ).encode()
    preamble = MAGIC + header + b"\n"
    encryptor = Cipher(algorithms.SM4(archive_key(key)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(preamble)
    # The archive is only for this process's user to read, like the database it copies.
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as target, open(plain, "rb") as source:
        target.write(preamble)
        while chunk := source.read(CHUNK_BYTES):
            target.write(encryptor.update(chunk))
        target.write(encryptor.finalize())
        target.write(encryptor.tag)


# --- restore --------------------------------------------------------------------------------


def read_header(path: Path) -> tuple[bytes, dict]:
    with open(path, "rb") as stream:
        magic = stream.read(len(MAGIC))
        if magic != MAGIC:
            raise BackupError(f"「{Path(path).name}」不是本系统的备份文件（文件头不符）。")
        line = stream.readline(4096)
    try:
        header = json.loads(line)
        if set(header) != {"cipher", "key_id", "nonce", "created"}:
            raise ValueError("unexpected header fields")
        bytes.fromhex(header["nonce"])
    except (ValueError, TypeError, AttributeError):
        raise BackupError(f"备份文件「{Path(path).name}」的文件头已损坏。") from None
    if header.get("cipher") != CIPHER:
        raise BackupError(f"备份文件使用了不支持的加密算法「{header.get('cipher')}」。")
    return MAGIC + line, header


def _open_sealed(path: Path, plain: Path):
    """Decrypt the archive to `plain`; only a verified tag lets the caller use it."""
    preamble, header = read_header(path)
    key = crypto.key_by_id(header["key_id"])
    if key is None:
        raise BackupError(
            f"备份文件由编号为「{header['key_id']}」的数据密钥加密，当前 FAZHI_DATA_KEYS 中没有"
            "这个密钥：请使用备份时的密钥配置后再恢复。"
        )
    size = Path(path).stat().st_size - len(preamble)
    if size < TAG_BYTES:
        raise BackupError("备份文件不完整（可能在复制时被截断）。")
    with open(path, "rb") as source:
        source.seek(len(preamble) + size - TAG_BYTES)
        tag = source.read(TAG_BYTES)
        source.seek(len(preamble))
        decryptor = Cipher(
            algorithms.SM4(archive_key(key)), modes.GCM(bytes.fromhex(header["nonce"]), tag)
        ).decryptor()
        decryptor.authenticate_additional_data(preamble)
        remaining = size - TAG_BYTES
        with open(plain, "wb") as target:
            while remaining:
                chunk = source.read(min(CHUNK_BYTES, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                target.write(decryptor.update(chunk))
            try:
                target.write(decryptor.finalize())
            except InvalidTag:
                raise BackupError(
                    "备份文件校验失败：文件已被篡改或损坏，未恢复任何数据。"
                ) from None
    return header


def inspect(path: Path) -> dict:
    """The archive's manifest, after checking the archive is whole (for `restore --check`)."""
    with tempfile.TemporaryDirectory(prefix="fazhi-restore-") as work:
        return _unpack(Path(path), Path(work))[0]


def _unpack(path: Path, work: Path) -> tuple[dict, Path]:
    plain = work / "archive.tar.gz"
    _open_sealed(path, plain)
    tree = work / "archive"
    tree.mkdir()
    try:
        with tarfile.open(plain, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the tree, devices.
            tar.extractall(tree, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"备份文件内容无法解开：{error}") from None
    plain.unlink()
    try:
        manifest = json.loads((tree / "manifest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        raise BackupError("备份文件中缺少清单（manifest.json）或清单已损坏。") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"备份文件格式版本「{manifest.get('format')}」不受支持。")
    present = {str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file()} - {"manifest.json"}
    if present != set(manifest["parts"]):
        raise BackupError("备份文件中的内容与清单不一致（多出或缺少文件）。")
    for name, digest in manifest["parts"].items():
        if _sha256(tree / name) != digest:
            raise BackupError(f"备份文件中「{name}」的校验值与清单不符。")
    return manifest, tree


def business_rows(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows already in the database that a restore would have to mix with: every archived
    model's (a fresh `migrate` writes none)."""
    found = {}
    entered = HolidayYear.objects.using(using).filter(source=CalendarSource.ENTERED).count()
    if entered:
        found[_label(HolidayYear)] = entered
    for model in archived_models():
        if _label(model) in SEEDED_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found[_label(model)] = count
    return found


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Load the archive into this freshly migrated, empty database, all or nothing."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="fazhi-restore-") as work:
        manifest, tree = _unpack(path, Path(work))
        _check_migrations(manifest, using)
        occupied = business_rows(using)
        if occupied:
            names = {_label(m): str(m._meta.verbose_name) for m in archived_models()}
            listed = "、".join(
                f"{names[label]} {n} 条" for label, n in sorted(occupied.items())[:5]
            )
            raise BackupError(
                f"目标数据库中已有业务数据（{listed}……），为避免混入或覆盖，拒绝恢复："
                "请在新建并执行过 migrate 的空数据库上恢复。"
            )
        models = {_label(m): m for m in archived_models()}
        unknown = set(manifest["counts"]) - set(models)
        if unknown:
            raise BackupError(
                f"备份中有本系统没有的数据表：{'、'.join(sorted(unknown))}，请先升级系统再恢复。"
            )
        with transaction.atomic(using=using):
            for label in SEEDED_BY_MIGRATE:
                models[label]._base_manager.using(using).all().delete()
            for label, expected in manifest["counts"].items():
                loaded = _load(tree / "data" / f"{label}.jsonl", models[label], using)
                if loaded != expected:
                    raise BackupError(
                        f"恢复「{label}」时读到 {loaded} 条，与清单记录的 {expected} 条不符。"
                    )
            _reset_sequences(list(models.values()), using)
            for label, expected in manifest["counts"].items():
                stored = models[label]._base_manager.using(using).count()
                if stored != expected:
                    raise BackupError(
                        f"恢复后「{label}」有 {stored} 条，与清单记录的 {expected} 条不符。"
                    )
            media_files = _restore_media(tree / "media")
            summary = Summary(path, dict(manifest["counts"]), media_files)
            audit.record(
                None,
                AuditAction.RESTORE,
                note=(
                    f"从备份恢复：{path.name}（{manifest['created']} 备份），"
                    f"{summary.records} 条记录、{media_files} 个文件"
                )[:500],
            )
    holidays.forget()  # deadlines are computed on the restored calendar from now on
    return summary


def _check_migrations(manifest: dict, using: str):
    missing = sorted(set(manifest["migrations"]) - set(applied_migrations(using)))
    if missing:
        shown = "、".join(missing[:5])
        raise BackupError(
            f"备份来自更新版本的系统，目标数据库缺少迁移 {shown} 等 {len(missing)} 个："
            "请先升级系统并执行 migrate。"
        )


def _load(path: Path, model, using: str) -> int:
    if not path.exists():
        raise BackupError(f"备份文件中缺少「{path.name}」。")
    fields = [f for f in model._meta.local_concrete_fields]
    connection = connections[using]
    count = 0
    batch, m2m = [], []
    with open(path, encoding="utf-8") as stream:
        for item in serializers.deserialize(
            SERIALIZER, stream, using=using, handle_forward_references=True
        ):
            if item.deferred_fields:
                raise BackupError(f"「{path.name}」中有无法解析的引用。")
            batch.append(item.object)
            if item.m2m_data:
                m2m.append((item.object, item.m2m_data))
            count += 1
            if len(batch) >= BATCH:
                _insert(model, batch, fields, connection, using)
                batch = []
    if batch:
        _insert(model, batch, fields, connection, using)
    for obj, relations in m2m:
        for name, values in relations.items():
            getattr(obj, name).set(values)
    return count


def _insert(model, objs, fields, connection, using):
    # Raw, as loaddata inserts: field values go in exactly as archived (no auto_now, no
    # save() overrides); encrypted fields are encrypted again under the current key.
    size = max(connection.ops.bulk_batch_size(fields, objs) or len(objs), 1)
    for start in range(0, len(objs), size):
        model._base_manager.using(using)._insert(
            objs[start : start + size], fields=fields, raw=True, using=using
        )


def _reset_sequences(models, using: str):
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _restore_media(directory: Path) -> int:
    files = [p for p in sorted(directory.rglob("*")) if p.is_file()] if directory.exists() else []
    if not files:
        return 0
    root = getattr(settings, "MEDIA_ROOT", "")
    if not root:
        raise BackupError("备份中有上传文件，但未设置 MEDIA_ROOT，无法恢复这些文件。")
    for path in files:
        target = Path(root) / path.relative_to(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return len(files)
