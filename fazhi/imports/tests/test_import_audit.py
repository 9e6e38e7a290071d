"""An import is audited as one operation (issue 18, point 4): one entry with the file's digest
and the ids it created, the file kept encrypted beside it, one entry per changed record; and
verify_audit reports an edit of any of it, after an import of 50,000 rows."""

import json

from django.core.management import call_command

from fazhi.core import audit, crypto
from fazhi.core.audit import files
from fazhi.core.models import AuditAction, AuditEntry, AuditFile, ImportedRange
from fazhi.core.roles import Role
from fazhi.core.tests.tampering import attack, refused, verify
from fazhi.reconsideration.models import ReconsiderationCase

from .files import case, write_csv

ROWS = 50_000


def test_the_chain_verifies_after_50000_rows_and_any_edit_of_the_import_is_reported(tree, tmp_path):
    path = write_csv(tmp_path / "五万.csv", [case(f"古复{n:05d}") for n in range(ROWS)])
    call_command("import_register", "reconsideration", str(path))
    entry = AuditEntry.objects.get(register="reconsideration", action=AuditAction.IMPORT)
    ids = list(ReconsiderationCase.objects.values_list("pk", flat=True))
    assert len(ids) == ROWS and entry.after[files.CREATED] == ROWS
    assert entry.after[files.FILE_DIGEST] == crypto.sm3_hex(path.read_bytes())
    assert not AuditEntry.objects.filter(register="reconsideration", action="create").exists()
    assert "审计日志完整" in verify()

    # The kept file: one byte of the ciphertext changed.
    kept = AuditFile.objects.get(entry=entry)
    payload = bytearray(kept.payload)
    payload[100] ^= 1
    attack("UPDATE core_auditfile SET payload = %s WHERE id = %s", [bytes(payload), kept.pk])
    assert "留存文件无法解密" in refused()
    attack("UPDATE core_auditfile SET payload = %s WHERE id = %s", [kept.payload, kept.pk])

    # The kept file replaced by another file, encrypted as the system would but for a key
    # the attacker does not have: re-encrypting needs the key, so he can only swap copies.
    assert "审计日志完整" in verify()
    attack("DELETE FROM core_auditfile WHERE id = %s", [kept.pk])
    assert "留存文件不见了" in refused()
    attack(
        "INSERT INTO core_auditfile (id, entry_id, key_id, payload) VALUES (%s, %s, %s, %s)",
        [kept.pk, entry.pk, kept.key_id, kept.payload],
    )

    # One imported row's audit data: its id cut from the runs, so it no longer looks imported.
    run = ImportedRange.objects.get(entry=entry)
    attack("UPDATE core_importedrange SET last_id = %s WHERE id = %s", [run.last_id - 1, run.pk])
    assert audit.import_of("reconsideration", max(ids)) is None
    assert "新增记录的编号与日志记录的不符" in refused()
    attack("UPDATE core_importedrange SET last_id = %s WHERE id = %s", [run.last_id, run.pk])

    # A record made to look imported: a run pointing at an entry that is not an import.
    other = AuditEntry.objects.exclude(action=AuditAction.IMPORT).order_by("pk").first()
    attack(
        "INSERT INTO core_importedrange (entry_id, register, first_id, last_id) "
        "VALUES (%s, 'reconsideration', 1, 1)",
        [other.pk],
    )
    assert "指向的导入不在日志中" in refused()
    attack("DELETE FROM core_importedrange WHERE entry_id = %s", [other.pk])
    assert "审计日志完整" in verify()

    # The import's entry: its counts changed in place.
    after = {**entry.after, files.CREATED: ROWS - 1}
    attack(
        "UPDATE core_auditentry SET after = %s WHERE id = %s",
        [json.dumps(after, ensure_ascii=False), entry.pk],
    )
    assert f"条目 #{entry.pk}" in refused()


def test_a_re_import_audits_each_changed_record_and_the_record_page_names_its_import(
    tree, tmp_path, make_user, client
):
    rows = [case(f"古复{n}") for n in range(3)]
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "a.csv", rows)))
    rows[1]["申请人"] = "李某"
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "b.csv", rows)))
    second = AuditEntry.objects.filter(action=AuditAction.IMPORT).order_by("-pk").first()
    assert second.after[files.CHANGED] == 1 and second.after[files.UNCHANGED] == 2
    assert second.after[files.CREATED] == 0 and second.after[files.CREATED_IDS] == ""
    changed = ReconsiderationCase.objects.get(number="古复1")
    update = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(changed.pk))
    assert update.before["applicant"] == "张某" and update.after["applicant"] == "李某"
    assert "b.csv" in update.note and "第3行" in update.note
    # The record was created by the first import, whatever changed it since.
    first = AuditEntry.objects.filter(action=AuditAction.IMPORT).order_by("pk").first()
    assert audit.import_of("reconsideration", changed.pk) == first


def test_the_record_page_names_its_import_and_the_audit_log_shows_the_records_history(
    tree, tmp_path, make_user, client
):
    rows = [case(f"古复{n}") for n in range(3)]
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "来源.csv", rows)))
    record = ReconsiderationCase.objects.get(number="古复1")
    made_by = audit.import_of("reconsideration", record.pk)
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    client.force_login(officer)
    page = client.get(f"/reconsideration/{record.pk}/").content.decode()
    assert "由导入文件「来源.csv」新增" in page and "命令行操作" in page
    # The record's history, the import that made it included, in the audit log.
    # A command-line import concerns no one unit: the top unit's audit administrator reads it.
    auditor = make_user("shenji", tree["province"], Role.AUDIT_ADMIN)
    client.force_login(auditor)
    link = f"/audit/?register=reconsideration&record={record.pk}"
    history = client.get(link).content.decode()
    assert "来源.csv" in history and f"#{record.pk}" not in history  # only the import so far
    assert made_by.note in history
    rows[1]["申请人"] = "李某"
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "更正.csv", rows)))
    history = client.get(link).content.decode()
    assert "来源.csv" in history and f"#{record.pk}" in history and "更正.csv" in history
