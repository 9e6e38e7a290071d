"""The audit log: what is written, that nothing can change it, and how it is searched."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.core import actions, audit
from fazhi.core.admin import admin_site
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry, AuditLogIsAppendOnly
from fazhi.core.roles import Role


def test_successful_and_failed_logins_are_logged_with_address(client, tree, make_user):
    make_user("officer", tree["county"], Role.RECONSIDERATION)
    assert not client.login(username="officer", password="wrong-password")
    assert not client.login(username="nobody", password="whatever")
    client.post("/login/", {"username": "officer", "password": PASSWORD})
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("id")
    assert [e.actor_username for e in failed] == ["officer", "nobody"]
    assert failed[0].unit == tree["county"]
    assert failed[1].unit is None and failed[1].note == "用户名不存在"
    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert login.actor.username == "officer"
    assert login.ip == "127.0.0.1"
    client.post("/logout/")
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, actor=login.actor).exists()


def test_a_change_records_who_what_and_the_values_before_and_after(tree, make_user):
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["office"], full_name="张三")
    with audit.origin("10.1.2.3", "web"):
        actions.update_user(admin, officer, full_name="张三丰", phone="0743-1234567")
    entry = AuditEntry.objects.latest("id")
    assert entry.action == AuditAction.UPDATE
    assert (entry.actor, entry.ip, entry.register) == (admin, "10.1.2.3", "user")
    assert entry.object_id == str(officer.pk)
    assert entry.unit == tree["office"]
    assert dict((k, (b, a)) for k, b, a in entry.changed_fields()) == {
        "姓名": ("张三", "张三丰"),
        "联系电话": ("", "0743-1234567"),
    }
    assert entry.after["unit"] == f"古阳镇司法所 (#{tree['office'].pk})"
    assert entry.register_label == "用户"


def test_a_refused_change_writes_neither_the_change_nor_an_entry(tree, make_user):
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    stranger = make_user("stranger", tree["sibling"], full_name="李四")
    count = AuditEntry.objects.count()
    with pytest.raises(ActionRefused):
        actions.update_user(admin, stranger, full_name="王五")
    stranger.refresh_from_db()
    assert stranger.full_name == "李四"
    assert AuditEntry.objects.count() == count


def test_entries_cannot_be_changed_or_deleted_through_the_orm(tree):
    entry = AuditEntry.objects.latest("id")
    entry.note = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(note="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.note != "tampered"


def test_the_database_refuses_an_update_from_raw_sql(tree):
    entry = AuditEntry.objects.latest("id")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET note = 'tampered' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.note != "tampered"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_a_delete_from_raw_sql(tree):
    count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
    assert AuditEntry.objects.count() == count


def test_no_page_changes_the_log(client, tree, make_user):
    auditor = make_user("auditor", tree["county"], Role.AUDIT_ADMIN)
    client.force_login(auditor)
    count = AuditEntry.objects.count()
    assert client.post("/audit/", {"note": "x"}).status_code == 405
    assert AuditEntry not in admin_site._registry
    assert AuditEntry.objects.count() == count


def test_reading_a_sensitive_field_is_logged_and_only_for_the_security_admin(
    client, tree, make_user
):
    security = make_user("security", tree["county"], Role.SECURITY_ADMIN)
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["office"], id_number="11010519491231002X")

    client.force_login(admin)
    page = client.get(f"/users/{officer.pk}/").content.decode()
    assert "1101**********002X" in page and "11010519491231002X" not in page
    assert client.get(f"/users/{officer.pk}/?show=id_number").status_code == 403

    client.force_login(security)
    page = client.get(f"/users/{officer.pk}/?show=id_number").content.decode()
    assert "11010519491231002X" in page
    read = AuditEntry.objects.get(action=AuditAction.READ_SENSITIVE)
    assert (read.actor, read.object_id, read.register) == (security, str(officer.pk), "user")


@pytest.fixture
def log(tree, make_user):
    auditor = make_user("auditor", tree["county"], Role.AUDIT_ADMIN)
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["office"])
    actions.update_user(admin, officer, full_name="赵六")
    actions.save_unit(admin, code="433126-02", name="办公室", kind="section", parent=tree["county"])
    return auditor, admin


def _search(client, **params):
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return list(response.context["page"])


def test_audit_admin_searches_by_user_register_action_and_date(client, log):
    auditor, admin = log
    client.force_login(auditor)
    by_admin = _search(client, user="admin")
    assert by_admin and {e.actor_username for e in by_admin} == {"admin"}
    units = _search(client, register="unit", user="admin")
    assert [e.object_repr for e in units] == ["办公室"]
    updates = _search(client, action=AuditAction.UPDATE)
    assert [e.register for e in updates] == ["user"]
    today = timezone.localdate()
    assert len(_search(client, date_from=today.isoformat(), date_to=today.isoformat())) > 3
    tomorrow = today + datetime.timedelta(days=1)
    assert _search(client, date_from=tomorrow.isoformat()) == []


def test_audit_search_rejects_an_inverted_date_range_and_is_itself_logged(client, log):
    auditor, _ = log
    client.force_login(auditor)
    response = client.get("/audit/", {"date_from": "2024-05-02", "date_to": "2024-05-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()
    response = client.get("/audit/", {"date_from": "2024/05/02"})
    assert "date_from" in response.context["form"].errors
    assert response.context["form"].errors["date_from"] == ["输入一个有效的日期。"]
    assert AuditEntry.objects.filter(action=AuditAction.SEARCH_AUDIT, actor=auditor).exists()


def test_audit_admin_of_another_county_sees_nothing_of_ours(client, log, tree, make_user):
    client.force_login(make_user("their_auditor", tree["sibling"], Role.AUDIT_ADMIN))
    entries = _search(client, register="unit")
    assert all(e.unit is None or e.unit.is_within(tree["sibling"]) for e in entries)
    assert "办公室" not in [e.object_repr for e in entries]


def test_the_log_records_that_an_id_number_changed_but_not_the_number(client, tree, make_user):
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["office"], id_number="11010519491231002X")
    actions.update_user(admin, officer, id_number="")
    entries = AuditEntry.objects.filter(register="user", object_id=str(officer.pk))
    texts = [str(e.before) + str(e.after) for e in entries]
    assert all("11010519491231002X" not in text for text in texts)
    assert entries.get(action=AuditAction.CREATE).after["id_number"] == "1101**********002X"
    assert entries.get(action=AuditAction.UPDATE).before["id_number"] == "1101**********002X"
    client.force_login(make_user("auditor", tree["county"], Role.AUDIT_ADMIN))
    page = client.get("/audit/", {"register": "user"}).content.decode()
    assert "1101**********002X" in page and "11010519491231002X" not in page
