"""An import is audited as one operation (issue 18, point 4): one entry with the file's digest
and the ids it created, the file kept encrypted beside it, one entry per changed record; and
verify_audit reports an edit of any of it, after an import of 50,000 rows."""

import datetime
import json

from django.core.management import call_command
from django.utils import timezone

from fazhi.core import audit, crypto
from fazhi.core.audit import files
from fazhi.core.models import AuditAction, AuditEntry, AuditFile, AuditFilePart, ImportedRange
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.core.tests.tampering import attack, refused, verify
from fazhi.imports.importer import import_rows
from fazhi.reconsideration.columns import REGISTER
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
    assert files.kept_file(entry) == path.read_bytes()
    kept = AuditFile.objects.get(entry=entry)
    part = AuditFilePart.objects.get(file=kept, number=0)
    changed = bytearray(part.data)
    changed[100] ^= 1
    attack("UPDATE core_auditfilepart SET data = %s WHERE id = %s", [bytes(changed), part.pk])
    assert "留存文件无法解密" in refused()
    attack("UPDATE core_auditfilepart SET data = %s WHERE id = %s", [bytes(part.data), part.pk])
    assert "审计日志完整" in verify()

    # The kept file deleted (re-encrypting another file needs the key the attacker lacks).
    attack("DELETE FROM core_auditfile WHERE id = %s", [kept.pk])
    assert "留存文件不见了" in refused()
    attack(
        "INSERT INTO core_auditfile (id, entry_id, key_id, nonce, tag, size) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        [kept.pk, entry.pk, kept.key_id, kept.nonce, kept.tag, kept.size],
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
    # A 记录编号 past any id is refused by the form, not by the database.
    huge = client.get("/audit/?register=reconsideration&record=99999999999999999999")
    assert huge.status_code == 200 and "99999999999999999999" in huge.content.decode()
    # A count of 0 shows as 0, not as （空）.
    assert '<b>更新条数</b>：<span class="value">0</span>' in history
    rows[1]["申请人"] = "李某"
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "更正.csv", rows)))
    history = client.get(link).content.decode()
    assert "来源.csv" in history and f"#{record.pk}" in history and "更正.csv" in history


def test_a_kept_file_of_many_parts_verifies_and_goes_with_its_archived_entry(
    db, tmp_path, monkeypatch
):
    monkeypatch.setattr(files, "PART_BYTES", 1000)
    monkeypatch.setattr(files, "PARTS_AT_ONCE", 3)
    data = "\n".join(f"第{n}行，张某" for n in range(2000)).encode()
    entry = AuditEntry(
        at=timezone.now() - datetime.timedelta(days=400),
        action=AuditAction.IMPORT,
        register="reconsideration",
        after={files.FILE_NAME: "旧.csv", files.FILE_DIGEST: crypto.sm3_hex(data)},
    )
    entry.save()
    files.keep_file(entry, data)
    assert AuditFilePart.objects.filter(file__entry=entry).count() == len(data) // 1000 + 1
    assert files.kept_file(entry) == data
    assert "审计日志完整" in verify()
    # Two parts swapped: each decrypts, but the tag vouches for the order.
    first, second = AuditFilePart.objects.filter(file__entry=entry).order_by("number")[:2]
    attack("UPDATE core_auditfilepart SET number = 999999 WHERE id = %s", [first.pk])
    attack("UPDATE core_auditfilepart SET number = 0 WHERE id = %s", [second.pk])
    attack("UPDATE core_auditfilepart SET number = 1 WHERE id = %s", [first.pk])
    assert "留存文件无法解密" in refused()
    attack("UPDATE core_auditfilepart SET number = 999999 WHERE id = %s", [second.pk])
    attack("UPDATE core_auditfilepart SET number = 0 WHERE id = %s", [first.pk])
    attack("UPDATE core_auditfilepart SET number = 1 WHERE id = %s", [second.pk])
    assert "审计日志完整" in verify()
    # Past the retention period the entry is archived, and its kept file goes with it.
    before = timezone.localdate() - datetime.timedelta(days=200)
    call_command(
        "archive_audit", "--before", before.isoformat(), "--out", str(tmp_path / "a.jsonl")
    )
    assert not AuditFile.objects.exists() and not AuditFilePart.objects.exists()
    assert "审计日志完整" in verify()


def test_runs_moved_to_another_register_or_attached_to_an_older_import_are_reported(tree, tmp_path):
    rows = [case(f"古复{n}") for n in range(3)]
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "a.csv", rows)))
    entry = AuditEntry.objects.get(register="reconsideration", action=AuditAction.IMPORT)
    assert "审计日志完整" in verify()
    # Ids repeat across registers: the same run under 应诉 would claim its records.
    attack("UPDATE core_importedrange SET register = 'litigation' WHERE entry_id = %s", [entry.pk])
    assert "新增记录的编号与日志记录的不符" in refused()
    attack(
        "UPDATE core_importedrange SET register = 'reconsideration' WHERE entry_id = %s",
        [entry.pk],
    )
    # An import entry written before imports kept their runs has none: a run given to it.
    older = audit.record(None, AuditAction.IMPORT, register="litigation", note="旧的导入")
    attack(
        "INSERT INTO core_importedrange (entry_id, register, first_id, last_id) "
        "VALUES (%s, 'litigation', 1, 5)",
        [older.pk],
    )
    assert "新增记录的编号与日志记录的不符" in refused()


def test_another_countys_audit_administrator_finds_nothing_of_a_records_history(
    tree, tmp_path, make_user, client
):
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    path = write_csv(tmp_path / "本县.csv", [case(f"古复{n}") for n in range(2)])
    import_rows(officer, REGISTER, read_table(path, path.name), filename=path.name)
    record = ReconsiderationCase.objects.get(number="古复1")
    link = f"/audit/?register=reconsideration&record={record.pk}"
    client.force_login(make_user("shenji", tree["county"], Role.AUDIT_ADMIN))
    assert "本县.csv" in client.get(link).content.decode()
    client.force_login(make_user("other", tree["sibling"], Role.AUDIT_ADMIN))
    page = client.get(link).content.decode()
    assert "本县.csv" not in page and "共 0 条" in page
