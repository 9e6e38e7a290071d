"""Backup and restore: the archive is sealed (no personal data in clear, tampering refused), a
restore is all or nothing into an empty database, and backup → restore on a fresh install
reproduces every record count and every indicator."""

import datetime
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection, transaction

from fazhi.core import actions
from fazhi.core.models import AuditAction, AuditEntry, Unit, UnitKind
from fazhi.corrections import actions as corrections
from fazhi.corrections.models import CorrectionsSubject
from fazhi.operations import backup

ROOT = Path(__file__).resolve().parents[3]
ID_NUMBER = "433126198001010015"
D = datetime.date


def _units():
    province = actions.save_unit(
        None, code="43", name="湖南省司法厅", kind=UnitKind.PROVINCE, parent=None
    )
    county = actions.save_unit(
        None, code="433126", name="古丈县司法局", kind=UnitKind.COUNTY, parent=province
    )
    office = actions.save_unit(
        None, code="433126-S01", name="古阳镇司法所", kind=UnitKind.JUDICIAL_OFFICE, parent=county
    )
    return office


def _subject(office):
    return corrections.register_subject(
        None, unit=office, office=office, number="古矫2024001", name="向某某",
        id_number=ID_NUMBER, address="古丈县古阳镇河西村", category="probation",
        offence="危险驾驶罪", judgment_effective_date=D(2024, 3, 1), reported_date=D(2024, 3, 5),
        start_date=D(2024, 3, 1), end_date=D(2025, 2, 28),
    )  # fmt: skip


class _Undo(Exception):
    pass


@pytest.fixture
def archive(tmp_path, settings, db):
    """An archive of a small database (the unit tree, a corrections subject, an uploaded file),
    made inside a transaction that is then rolled back: the test database is left empty, as a
    freshly migrated one, ready to be restored into."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "templates").mkdir(parents=True)
    (tmp_path / "media" / "templates" / "模板.docx").write_bytes(b"PK docx bytes")
    path = tmp_path / "fazhi.bak"
    found = {}
    try:
        with transaction.atomic():
            _subject(_units())
            found["summary"] = backup.backup(path)
            found["audit"] = AuditEntry.objects.filter(action=AuditAction.BACKUP).last()
            raise _Undo
    except _Undo:
        pass
    assert not Unit.objects.exists()
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    found["path"] = path
    return found


def test_the_archive_holds_no_personal_data_in_clear(archive):
    data = archive["path"].read_bytes()
    assert data.startswith(b"FAZHI-BACKUP 1\n")
    for secret in (ID_NUMBER, "向某某", "古丈县古阳镇河西村", "古矫2024001"):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data
    assert os.stat(archive["path"]).st_mode & 0o077 == 0  # its owner's only
    summary = archive["summary"]
    assert summary.counts["corrections.correctionssubject"] == 1
    assert summary.counts["core.unit"] == 3 and summary.media_files == 1
    assert "系统备份" in archive["audit"].note and "密钥" in archive["audit"].note


def test_the_manifest_counts_and_hashes_every_part(archive):
    manifest = backup.inspect(archive["path"])
    assert manifest["format"] == 1 and manifest["counts"]["core.unit"] == 3
    assert "contenttypes.contenttype" not in manifest["counts"]
    assert "sessions.session" not in manifest["counts"]
    assert set(manifest["parts"]) == {
        *(f"data/{label}.jsonl" for label in manifest["counts"]),
        "media/templates/模板.docx",
    }
    assert all(len(digest) == 64 for digest in manifest["parts"].values())
    assert any(name.startswith("core.") for name in manifest["migrations"])


def test_restore_brings_back_records_files_and_personal_data(archive, tmp_path):
    summary = backup.restore(archive["path"])
    assert summary.records == archive["summary"].records
    subject = CorrectionsSubject.objects.get()
    assert subject.id_number == ID_NUMBER and subject.address == "古丈县古阳镇河西村"
    assert subject.unit.code == "433126-S01"
    # Stored encrypted again, and findable by its blind index.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {CorrectionsSubject._meta.db_table}")
        assert cursor.fetchone()[0].startswith("sm4gcm$")
    assert CorrectionsSubject.objects.filter(id_number_index=subject.id_number_index).exists()
    assert (tmp_path / "restored-media" / "templates" / "模板.docx").read_bytes() == (
        b"PK docx bytes"
    )
    entry = AuditEntry.objects.filter(action=AuditAction.RESTORE).last()
    assert "从备份恢复" in entry.note and "fazhi.bak" in entry.note
    # New rows continue after the restored ids.
    province = Unit.objects.get(code="43")
    unit = actions.save_unit(
        None, code="433199", name="新县司法局", kind=UnitKind.COUNTY, parent=province
    )
    assert unit.pk > max(Unit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))


def test_a_database_with_records_is_refused(archive):
    actions.save_unit(None, code="43", name="湖南省司法厅", kind=UnitKind.PROVINCE, parent=None)
    with pytest.raises(backup.BackupError, match="目标数据库中已有业务数据"):
        backup.restore(archive["path"])


def test_a_failing_restore_leaves_nothing(archive, monkeypatch):
    def fail(*args, **kwargs):
        raise backup.BackupError("恢复中断")

    monkeypatch.setattr(backup, "_reset_sequences", fail)
    with pytest.raises(backup.BackupError, match="恢复中断"):
        backup.restore(archive["path"])
    assert backup.business_rows() == {}


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda size: 0, "不是本系统的备份文件"),
        (lambda size: 20, "文件头已损坏"),
        (lambda size: size // 2, "校验失败"),
        (lambda size: size - 1, "校验失败"),
    ],
    ids=["magic", "header", "body", "tag"],
)
def test_a_tampered_archive_is_refused(archive, where, message):
    path = archive["path"]
    data = bytearray(path.read_bytes())
    data[where(len(data))] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(path)
    assert backup.business_rows() == {}


def test_a_truncated_archive_or_another_key_is_refused(archive, settings):
    path = archive["path"]
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 100])
    with pytest.raises(backup.BackupError, match="校验失败"):
        backup.inspect(path)
    path.write_bytes(whole)
    settings.FAZHI_DATA_KEYS = "other:" + "ab" * 32
    with pytest.raises(backup.BackupError, match="当前 FAZHI_DATA_KEYS 中没有这个密钥"):
        backup.inspect(path)


# --- the round trip on a fresh install ---------------------------------------------------------

STATS = r"""
import json
from django.apps import apps
from django.db.models.functions import ExtractYear
from fazhi.operations.backup import archived_models
from fazhi.core.models import Unit, UnitKind
from fazhi.core.registers import REGISTERS
from fazhi.corrections.models import CorrectionsSubject
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period

counts = {m._meta.label_lower: m._base_manager.count() for m in archived_models()}
years = set()
for register in REGISTERS.values():
    found = register.model.objects.annotate(y=ExtractYear(register.date_field))
    years |= set(found.values_list("y", flat=True).distinct())
units = list(Unit.objects.filter(parent=None)) + list(Unit.objects.filter(kind=UnitKind.COUNTY))
figures = {}
for year in sorted(y for y in years if y):
    for unit in units:
        for key, figure in compute(list(INDICATORS), Period.year(year), unit).items():
            figures[f"{unit.code}/{year}/{key}"] = [
                str(figure.value), str(figure.numerator), str(figure.denominator)
            ]
ids = sorted(CorrectionsSubject.objects.values_list("id_number", flat=True))
years = sorted(y for y in years if y)  # a record not yet dated (a plan not yet filed) has none
print(json.dumps({"counts": counts, "figures": figures, "years": years, "ids": ids}))
"""


def _manage(env, *args, timeout=240) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def two_databases(tmp_path):
    """Two databases of the kind this test run uses — SQLite files, or (when the run is on
    PostgreSQL) two databases on the same server, dropped afterwards — and a way to make the
    second a copy of the first as it is just after `migrate`, which saves a second migrate."""
    if connection.vendor != "postgresql":
        files = [tmp_path / f"{side}.sqlite3" for side in ("source", "target")]
        yield [f"sqlite:///{f}" for f in files], lambda: shutil.copyfile(*files)
        return
    import psycopg

    params = connection.settings_dict
    names = [f"fazhi_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "target")]
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    server = f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"

    def admin(*statements):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
            for statement in statements:
                db.execute(statement)

    admin(f'CREATE DATABASE "{names[0]}"')
    try:
        yield (
            [f"{server}/{name}" for name in names],
            lambda: admin(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"'),
        )
    finally:
        admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names))


def test_backup_then_restore_on_a_fresh_install_reproduces_every_figure(two_databases, tmp_path):
    urls, copy_fresh = two_databases
    base = {**os.environ, "DEBUG": "1", "PYTHONWARNINGS": "ignore"}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    source, target = ({**base, "DATABASE_URL": url} for url in urls)
    archive = tmp_path / "fazhi.bak"

    _manage(source, "migrate", "-v0")
    copy_fresh()  # the target: a fresh install, migrated and empty
    _manage(source, "demo", "--password", "Demo-pass-2024")
    before = json.loads(_manage(source, "shell", "--no-imports", "-c", STATS))
    assert "备份" in _manage(source, "backup", "--out", str(archive))
    assert "已恢复" in _manage(target, "restore", str(archive))
    after = json.loads(_manage(target, "shell", "--no-imports", "-c", STATS))

    assert before["counts"]["mediation.mediationcase"] > 0 and len(before["figures"]) > 100
    audit_models = {"core.auditentry", "core.auditseal", "core.auditanchor"}
    # The restore adds its own audit entry (and its seal); everything else is as it was.
    for label, count in before["counts"].items():
        if label in audit_models:
            assert after["counts"][label] - count in (0, 1, 2), label
        else:
            assert after["counts"][label] == count, label
    assert after["years"] == before["years"]
    assert after["figures"] == before["figures"]
    assert after["ids"] == before["ids"] and before["ids"]

    sealed = archive.read_bytes()
    assert not any(number.encode() in sealed for number in before["ids"])
    assert "审计日志完整" in _manage(target, "verify_audit")


def test_the_holiday_calendar_travels_with_the_archive_and_replaces_the_seeded_one(
    tmp_path, settings, db
):
    # The archived database had 2027 entered; the freshly migrated target has only the
    # package's years, which are not "data already there" and give way to the archive's.
    from datetime import date

    from fazhi.core import holidays, workdays
    from fazhi.core.models import CalendarSource, HolidayYear

    settings.MEDIA_ROOT = str(tmp_path / "media")
    path = tmp_path / "fazhi.bak"
    try:
        with transaction.atomic():
            holidays.enter_year(
                None, 2027, [(date(2027, 1, 1), workdays.REST, "元旦")], "国办发明电〔2026〕1号"
            )
            backup.backup(path)
            raise _Undo
    except _Undo:
        pass
    holidays.forget()
    assert backup.business_rows() == {}
    backup.restore(path)
    assert HolidayYear.objects.get(year=2027).source == CalendarSource.ENTERED
    assert HolidayYear.objects.filter(year=2026).exists()
    assert not workdays.is_provisional(date(2027, 6, 1))
    # A target where a year was entered holds the bureau's data: a restore is refused.
    with pytest.raises(backup.BackupError, match="节假日安排年度"):
        backup.restore(path)
