"""On PostgreSQL new rows go in through COPY: the records it writes are the same as the ORM's —
personal data encrypted, blind indexes, derived deadlines, timestamps — and each has its audit
entry with its id."""

import datetime
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import audit, pgcopy
from fazhi.core.audit import files
from fazhi.core.crypto import blind_index
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.tabular import read_table
from fazhi.corrections.columns import SUBJECT_REGISTER
from fazhi.corrections.models import CorrectionsSubject
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

from .files import case, write_csv

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY 快速通道只用于 PostgreSQL（SQLite 用 bulk_create）",
)
ROWS = pgcopy.COPY_FROM + 50


def id_number(n: int) -> str:
    first17 = f"43312619800101{n:03d}"
    return first17 + id_number_check_digit(first17)


def subject(n: int) -> dict:
    return {
        "矫正编号": f"古矫{n:04d}", "姓名": f"对象{n}", "身份证号": id_number(n),
        "居住地址": f"古丈县古阳镇{n}号", "矫正类别": "缓刑", "判决生效日期": "2024-03-01",
        "报到日期": "2024-03-05", "矫正起始日期": "2024-03-01", "矫正终止日期": "2025-02-28",
        "执行地司法所": "433126-S01", "状态": "在矫", "所属单位代码": "433126-S01",
    }  # fmt: skip


def test_copy_writes_what_the_orm_would(tree, tmp_path, capsys):
    path = write_csv(tmp_path / "subjects.csv", [subject(n) for n in range(ROWS)],
                     headers=SUBJECT_REGISTER.headers)  # fmt: skip
    call_command("import_register", "corrections_subject", str(path))
    assert f"新增 {ROWS} 条" in capsys.readouterr().out
    record = CorrectionsSubject.objects.get(number="古矫0007")
    assert record.id_number == id_number(7) and record.address == "古丈县古阳镇7号"
    assert record.id_number_index == blind_index(id_number(7))
    assert record.report_deadline == datetime.date(2024, 3, 11)
    assert record.created_at is not None and record.office_id == tree["office"].pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM corrections_correctionssubject LIMIT 1")
        assert cursor.fetchone()[0].startswith("sm4gcm$")
    # Ids taken from the sequence before the COPY: the import's entry names every one.
    entry = AuditEntry.objects.get(register="corrections_subject", action=AuditAction.IMPORT)
    ids = CorrectionsSubject.objects.values_list("pk", flat=True)
    assert entry.after[files.CREATED_IDS] == files.runs_text(files.id_runs(ids))
    assert all(audit.import_of("corrections_subject", pk) == entry for pk in ids)
    assert not AuditEntry.objects.filter(register="corrections_subject", action="create").exists()


def test_a_re_imports_audit_entries_of_changed_records_go_in_by_copy_and_verify(
    tree, tmp_path, capsys
):
    rows = [subject(n) for n in range(ROWS)]
    path = write_csv(tmp_path / "a.csv", rows, headers=SUBJECT_REGISTER.headers)
    call_command("import_register", "corrections_subject", str(path))
    for n, row in enumerate(rows):
        row["居住地址"] = f"古丈县默戎镇{n}号"
    path = write_csv(tmp_path / "b.csv", rows, headers=SUBJECT_REGISTER.headers)
    with CaptureQueriesContext(connection) as queries:
        call_command("import_register", "corrections_subject", str(path))
    # The import's own entry is one INSERT; the changed records' entries go in by COPY.
    assert sum('INSERT INTO "core_auditentry"' in q["sql"] for q in queries) == 1
    record = CorrectionsSubject.objects.get(number="古矫0007")
    entry = AuditEntry.objects.get(object_id=str(record.pk), action=AuditAction.UPDATE)
    assert entry.after["number"] == "古矫0007" and entry.after["name"] == "对**"  # masked
    assert entry.actor is None and entry.channel and entry.content_mac and entry.at is not None
    capsys.readouterr()
    call_command("verify_audit")
    assert "审计日志完整" in capsys.readouterr().out


def test_copy_and_then_a_re_import_updates_in_place(tree, tmp_path, capsys):
    rows = [case(f"古复{n:04d}") for n in range(ROWS)]
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "a.csv", rows)))
    rows[0]["申请人"] = "李某"
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "b.csv", rows)))
    assert "更新 1 条" in capsys.readouterr().out
    assert ReconsiderationCase.objects.count() == ROWS
    assert ReconsiderationCase.objects.get(number="古复0000").applicant == "李某"


def test_a_re_import_that_changes_many_rows_updates_them_through_the_staging_table(
    tree, tmp_path, capsys
):
    rows = [subject(n) for n in range(ROWS)]
    path = write_csv(tmp_path / "a.csv", rows, headers=SUBJECT_REGISTER.headers)
    call_command("import_register", "corrections_subject", str(path))
    first = CorrectionsSubject.objects.get(number="古矫0003")
    for n, row in enumerate(rows):
        row["居住地址"] = f"古丈县默戎镇{n}号"
    rows[3]["身份证号"] = id_number(900)
    path = write_csv(tmp_path / "b.csv", rows, headers=SUBJECT_REGISTER.headers)
    call_command("import_register", "corrections_subject", str(path))
    assert f"更新 {ROWS} 条" in capsys.readouterr().out
    assert CorrectionsSubject.objects.count() == ROWS
    again = CorrectionsSubject.objects.get(number="古矫0003")
    assert again.pk == first.pk and again.created_at == first.created_at
    assert again.updated_at > first.updated_at
    assert again.address == "古丈县默戎镇3号" and again.id_number == id_number(900)
    assert again.id_number_index == blind_index(id_number(900))
    updates = AuditEntry.objects.filter(register="corrections_subject", action=AuditAction.UPDATE)
    assert updates.count() == ROWS


def _blocked_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_new_number_another_import_stores_meanwhile_refuses_the_import_and_keeps_theirs(
    tree, tmp_path
):
    """Two imports of the same new 编号 at once: the second to commit used to overwrite the
    first through ON CONFLICT DO UPDATE; now it is refused whole and the first stands."""
    theirs = write_csv(tmp_path / "theirs.csv", [case("古复0005", 申请人="先导入者")])
    ours = write_csv(tmp_path / "ours.csv", [case(f"古复{n:04d}") for n in range(ROWS)])
    stored, release, outcome = threading.Event(), threading.Event(), {}

    def their_import():  # committed only once ours has looked and is waiting to write
        try:
            with transaction.atomic():
                import_rows(None, REGISTER, read_table(theirs, theirs.name))
                stored.set()
                release.wait(30)
        finally:
            connections.close_all()

    def our_import():
        try:
            import_rows(None, REGISTER, read_table(ours, ours.name))
        except ImportRejected as rejection:
            outcome["errors"] = rejection.errors
        finally:
            connections.close_all()

    first = threading.Thread(target=their_import)
    first.start()
    assert stored.wait(30)
    second = threading.Thread(target=our_import)
    second.start()
    deadline = time.monotonic() + 30
    while not _blocked_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    release.set()
    first.join(30)
    second.join(30)

    [error] = outcome["errors"]
    assert error.row == 7 and "古复0005" in error.message and "未写入任何记录" in error.message
    assert ReconsiderationCase.objects.count() == 1
    assert ReconsiderationCase.objects.get().applicant == "先导入者"
