"""A page showing many records' personal data in full is one READ_SENSITIVE entry naming them
(issue 19, defect 6: a 社区矫正 list after a stated reason wrote some 50 entries a view, and the
audit administrator found nothing else): who, the register, the reason, the fields, how many
records and which. The audit log's history of one record finds it, verify_audit vouches for the
ids it names, and a record's own page keeps its own entry."""

import datetime
import json

import pytest
from django.core import serializers

from fazhi.core import audit
from fazhi.core.audit import runs
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry, ImportedRange, RangeKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason
from fazhi.core.tests.tampering import attack, refused, verify
from fazhi.corrections import actions
from fazhi.corrections.models import CorrectionsSubject

D = datetime.date
REGISTER = "corrections_subject"
REASON = "核查报到情况"
SHOWN = 7


def subject(unit, n: int):
    first17 = f"43312619850505{n:03}"
    return actions.register_subject(
        None, unit=unit, office=unit, number=f"古矫2024{n:03}", name=f"彭{n}号",
        id_number=first17 + id_number_check_digit(first17), address=f"古阳镇白果社区{n}组",
        category="probation", offence="危险驾驶罪", judgment_effective_date=D(2024, 3, 1),
        reported_date=D(2024, 3, 5), start_date=D(2024, 3, 1), end_date=D(2025, 2, 28),
    )  # fmt: skip


@pytest.fixture
def people(tree):
    """SHOWN subjects of the county's 司法所, each followed by one of the other county's: the
    ids the officer's list shows are not one run, and the gaps are records he never saw."""
    ours, theirs = [], []
    for n in range(SHOWN):
        ours.append(subject(tree["office"], 2 * n + 1))
        theirs.append(subject(tree["sibling_office"], 2 * n + 2))
    return ours, theirs


@pytest.fixture
def officer(tree, make_user):
    return make_user("jiaozheng", tree["county"], Role.CORRECTIONS)


def reads():
    return AuditEntry.objects.filter(action=AuditAction.READ_SENSITIVE)


def open_list(client, officer):
    login_with_reason(client, officer, REGISTER, reason=REASON)
    response = client.get("/corrections/")
    assert response.status_code == 200 and len(response.context["page"]) == SHOWN
    return response.content.decode()


def test_a_list_shown_in_full_is_one_entry_naming_its_records_and_the_reason(
    client, people, officer, tree
):
    ours, theirs = people
    page = open_list(client, officer)
    assert all(person.id_number in page for person in ours)
    entry = reads().get()
    ids = sorted(person.pk for person in ours)
    assert (entry.actor, entry.register, entry.object_id) == (officer, REGISTER, "")
    assert entry.after[runs.SHOWN_COUNT] == SHOWN
    assert entry.after[runs.SHOWN_IDS] == "、".join(str(pk) for pk in ids)
    assert entry.note == f"列表查看字段：姓名、身份证号、居住地址、罪名；事由：{REASON}"
    assert entry.object_repr == f"社区矫正对象 {SHOWN} 条"
    # All of one 司法所's records: the entry concerns that office, whose auditor reads it.
    assert entry.unit_id == tree["office"].pk
    stored = ImportedRange.objects.filter(entry=entry)
    assert {row.kind for row in stored} == {RangeKind.SHOWN}
    assert sorted(row.first_id for row in stored) == ids
    # A second view is a second entry: one a view, never one a record.
    client.get("/corrections/")
    assert reads().count() == 2


def test_the_auditor_finds_the_list_entry_by_any_record_it_showed(
    client, people, officer, tree, make_user
):
    ours, theirs = people
    open_list(client, officer)
    entry = reads().get()
    client.force_login(make_user("shenji", tree["county"], Role.AUDIT_ADMIN))
    for person in (ours[0], ours[3], ours[-1]):
        found = client.get("/audit/", {"register": REGISTER, "record": person.pk})
        assert entry in found.context["page"]
        text = found.content.decode()
        assert f"<b>{runs.SHOWN_COUNT}</b>：" in text and f"事由：{REASON}" in text
    # A record between two shown ones (the other county's), and a shown id under another
    # register: the entry is not theirs.
    gap = client.get("/audit/", {"register": REGISTER, "record": theirs[0].pk})
    assert entry not in gap.context["page"]
    elsewhere = client.get("/audit/", {"register": "resettlement_subject", "record": ours[0].pk})
    assert entry not in elsewhere.context["page"]


def test_a_records_own_page_keeps_its_own_entry(client, people, officer):
    ours, _ = people
    login_with_reason(client, officer, REGISTER, reason=REASON)
    assert ours[2].id_number in client.get(f"/corrections/{ours[2].pk}/").content.decode()
    entry = reads().get()
    assert (entry.object_id, entry.after) == (str(ours[2].pk), None)
    assert entry.note.endswith(f"事由：{REASON}")
    assert not ImportedRange.objects.filter(entry=entry).exists()


def test_without_a_reason_the_list_is_masked_and_nothing_is_logged(client, people, officer):
    ours, _ = people
    client.force_login(officer)
    page = client.get("/corrections/").content.decode()
    assert ours[0].number in page and ours[0].id_number not in page
    assert not reads().exists() and not ImportedRange.objects.exists()


def test_tampering_with_the_ids_a_list_entry_names_is_reported(client, people, officer):
    ours, theirs = people
    open_list(client, officer)
    client.get(f"/corrections/{ours[0].pk}/")  # a record's own entry, with no runs
    entry = reads().exclude(object_id=str(ours[0].pk)).get()
    single = reads().get(object_id=str(ours[0].pk))
    assert "审计日志完整" in verify()
    row = ImportedRange.objects.filter(entry=entry).order_by("first_id").first()
    table = ImportedRange._meta.db_table

    # A shown record's id moved onto one he never saw.
    attack(
        f"UPDATE {table} SET first_id = %s, last_id = %s WHERE id = %s",
        [theirs[0].pk] * 2 + [row.pk],
    )
    assert "显示完整个人信息的记录编号与日志记录的不符" in refused()
    attack(
        f"UPDATE {table} SET first_id = %s, last_id = %s WHERE id = %s",
        [row.first_id] * 2 + [row.pk],
    )
    # A shown record struck out, so that his history no longer shows the list.
    attack(f"DELETE FROM {table} WHERE id = %s", [row.pk])
    assert "显示完整个人信息的记录编号与日志记录的不符" in refused()
    attack(
        f"INSERT INTO {table} (id, entry_id, register, first_id, last_id, kind) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        [row.pk, entry.pk, REGISTER, row.first_id, row.last_id, RangeKind.SHOWN],
    )
    # The same ids moved to another register, where ids mean other records.
    attack(f"UPDATE {table} SET register = 'resettlement_subject' WHERE id = %s", [row.pk])
    assert "显示完整个人信息的记录编号与日志记录的不符" in refused()
    attack(f"UPDATE {table} SET register = %s WHERE id = %s", [REGISTER, row.pk])
    # Passed off as an import's run: the record would look imported.
    attack(f"UPDATE {table} SET kind = %s WHERE id = %s", [RangeKind.CREATED, row.pk])
    assert "指向的导入不在日志中" in refused()
    attack(f"UPDATE {table} SET kind = %s WHERE id = %s", [RangeKind.SHOWN, row.pk])
    assert "审计日志完整" in verify()
    # A display forged onto an entry that showed one record, or onto none at all.
    for forged_on in (single.pk, entry.pk + 1000):
        attack(
            f"INSERT INTO {table} (entry_id, register, first_id, last_id, kind) "
            "VALUES (%s, %s, %s, %s, %s)",
            [forged_on, REGISTER, theirs[1].pk, theirs[1].pk, RangeKind.SHOWN],
        )
        assert "指向的日志没有显示这些记录" in refused()
        attack(f"DELETE FROM {table} WHERE entry_id = %s", [forged_on])
    assert "审计日志完整" in verify()
    # The entry's own list of ids rewritten: its content no longer matches its MAC.
    after = {**entry.after, runs.SHOWN_IDS: str(theirs[0].pk)}
    attack(
        "UPDATE core_auditentry SET after = %s WHERE id = %s",
        [json.dumps(after, ensure_ascii=False), entry.pk],
    )
    assert f"条目 #{entry.pk}" in refused()


def test_a_long_run_is_kept_in_pieces_each_found_and_verified(db, monkeypatch):
    monkeypatch.setattr(runs, "SHOWN_RUN_LIMIT", 3)
    entry = audit.record_shown(
        None, REGISTER, range(1, 11), note="接口列表查看", label="社区矫正对象"
    )
    assert entry.after == {runs.SHOWN_COUNT: 10, runs.SHOWN_IDS: "1–10"}
    pieces = ImportedRange.objects.filter(entry=entry).order_by("first_id")
    assert [(r.first_id, r.last_id) for r in pieces] == [(1, 3), (4, 6), (7, 9), (10, 10)]
    for pk in (1, 5, 9, 10):
        assert list(audit.entries_naming(REGISTER, pk)) == [{"entry_id": entry.pk}]
    assert not audit.entries_naming(REGISTER, 11).exists()
    assert "审计日志完整" in verify()
    # Two pieces joined into one longer than the look-up reaches: reported.
    attack("DELETE FROM core_importedrange WHERE entry_id = %s AND first_id = 4", [entry.pk])
    attack(
        "UPDATE core_importedrange SET last_id = 6 WHERE entry_id = %s AND first_id = 1", [entry.pk]
    )
    assert "显示完整个人信息的记录编号与日志记录的不符" in refused()


def test_the_persons_page_of_several_terms_is_one_entry(client, tree, officer):
    first = subject(tree["office"], 1)
    actions.update_subject(None, first, status="released", ended_date=D(2025, 2, 28))
    again = CorrectionsSubject.objects.get(pk=first.pk)
    second = actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number="古矫2025001", name=again.name,
        id_number=again.id_number, address=again.address, category="probation",
        offence="盗窃罪", judgment_effective_date=D(2025, 4, 1), reported_date=D(2025, 4, 3),
        start_date=D(2025, 4, 1), end_date=D(2026, 3, 31),
    )  # fmt: skip
    login_with_reason(client, officer, REGISTER, reason=REASON)
    assert client.get(f"/corrections/{second.pk}/person/").status_code == 200
    entry = reads().get()
    assert entry.after[runs.SHOWN_COUNT] == 2 and entry.note.startswith("人员档案查看字段：")
    assert entry.after[runs.SHOWN_IDS] == f"{first.pk}–{second.pk}"


def test_a_backed_up_run_from_before_the_kinds_restores_as_an_imports(db):
    """A backup made before this change holds rows without a kind (operations/backup.py loads
    them through Django's deserializer): each is read as the import run it was."""
    entry = audit.record(None, AuditAction.IMPORT, register=REGISTER, note="旧的导入")
    row = ImportedRange(entry=entry, register=REGISTER, first_id=1, last_id=5)
    line = json.loads(serializers.serialize("jsonl", [row]))
    del line["fields"]["kind"]
    (loaded,) = serializers.deserialize("jsonl", json.dumps(line))
    assert loaded.object.kind == RangeKind.CREATED
