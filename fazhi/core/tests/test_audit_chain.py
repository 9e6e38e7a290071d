"""The audit log's tamper evidence, retention and archive, and that no role can erase it.

An "attacker" below is someone with write access to the database who bypasses the application
(and its append-only triggers) but does not hold the data keys: every change he makes to the
log must be reported by `verify_audit` at the entry he touched.
"""

import datetime
import json
import re
from contextlib import contextmanager
from io import StringIO

import pytest
from django.apps import apps
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, models, transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core import actions, audit, crypto
from fazhi.core.models import AuditAction, AuditAnchor, AuditEntry, AuditSeal
from fazhi.core.roles import BUSINESS_ROLES, Role

DAY = datetime.timedelta(days=1)


@contextmanager
def attacker():
    """Raw database access with the append-only triggers out of the way, for the rest of the
    test's transaction (rolled back after the test, so the triggers come back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Disables user triggers without ALTER TABLE (which pending FK checks forbid).
            cursor.execute("SET LOCAL session_replication_role = 'replica'")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditseal_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditanchor_no_update")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = 'origin'")


def raw_update(queryset, **values):
    # QuerySet.update itself, not the audit queryset's refusal: what a direct UPDATE does.
    return models.QuerySet.update(queryset, **values)


def raw_insert(*entries):
    # A direct INSERT: no content MAC computed by the application, no sealer scheduled.
    return models.QuerySet.bulk_create(AuditEntry.objects.all(), list(entries))


def raw_delete(table, column, value):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [value])  # noqa: S608


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def broken() -> str:
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit", stdout=StringIO())
    return str(refused.value)


@pytest.fixture
def log(tree, make_user):
    """A few entries of ordinary work, all sealed."""
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["office"], full_name="张三")
    with audit.origin("10.1.2.3", "web"):
        actions.update_user(admin, officer, full_name="张三丰")
        audit.record(admin, AuditAction.EXPORT, register="user", note="导出用户")
    audit.seal_pending()
    return list(AuditEntry.objects.order_by("pk"))


# --- Writing and sealing ------------------------------------------------------------------------


def test_the_content_mac_covers_every_field_of_an_entry():
    # A field added to AuditEntry must be added to the MAC (under a new format) on purpose.
    stored = {f.attname for f in AuditEntry._meta.concrete_fields} - {"id", "content_mac"}
    assert set(audit.CONTENT_FIELDS) == stored


def test_an_entry_is_written_with_its_mac_and_sealed_once_its_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first = audit.record(None, AuditAction.LOGIN, register="session")
        bulk = AuditEntry.objects.bulk_create(
            [audit.entry(None, AuditAction.EXPORT, note=f"第{i}批") for i in range(3)]
        )
        last = audit.record(None, AuditAction.LOGOUT, register="session")
        # Written, not yet sealed: its place in the chain is decided after commit.
        assert not AuditSeal.objects.filter(entry_id=first.pk).exists()
    written = [first, *bulk, last]
    key = crypto.current_key()
    for entry in written:
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert stored.key_id == key.key_id and len(stored.nonce) == 16
        assert stored.content_mac == audit.content_mac(key, audit.content_of(stored))
    # One sealer for the whole transaction, however many entries it wrote.
    assert len(callbacks) == 1
    seals = list(AuditSeal.objects.filter(entry_id__in=[e.pk for e in written]))
    assert [s.entry_id for s in seals] == sorted(e.pk for e in written)
    positions = [s.position for s in seals]
    assert positions == list(range(positions[0], positions[0] + len(written)))


def test_a_rolled_back_transaction_leaves_nothing_to_seal(db, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        audit.record(None, AuditAction.LOGIN, register="session")
        raise RuntimeError
    assert callbacks == []
    assert not AuditSeal.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sealer's lock is PostgreSQL's")
def test_an_after_commit_sealer_does_not_wait_long_for_another(db):
    entry = audit.record(None, AuditAction.LOGIN, register="session")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [audit.SEAL_LOCK])
        sealer = audit.chain._Sealer(entry.pk, entry.pk, "default")
        with pytest.MonkeyPatch.context() as patch:
            wait = datetime.timedelta(milliseconds=50)
            patch.setattr(audit.chain, "AFTER_COMMIT_WAIT", wait)  # read where the sealer runs
            sealer()  # gives up quietly: the action that wrote the entry is done
    finally:
        other.close()
    assert not AuditSeal.objects.filter(entry_id=entry.pk).exists()
    assert verify().startswith("审计日志完整：")  # the next sweep seals it
    assert AuditSeal.objects.filter(entry_id=entry.pk).exists()


def test_a_clean_log_verifies(log):
    audit.record(None, AuditAction.LOGIN, register="session")  # written after the last seal
    assert verify().startswith(f"审计日志完整：{len(log) + 1} 条")


def test_an_entry_edited_in_the_database_is_reported(log):
    target = log[2]
    with attacker():
        raw_update(AuditEntry.objects.filter(pk=target.pk), note="篡改后的说明")
    message = broken()
    assert f"条目 #{target.pk}" in message and "内容与其校验码不符" in message
    assert "时间" in message


def test_an_edit_that_also_rewrites_the_mac_breaks_the_link(log):
    target = log[1]
    with attacker():
        raw_update(AuditEntry.objects.filter(pk=target.pk), content_mac="0" * 64)
    message = broken()
    assert f"条目 #{target.pk}" in message and "链接断开" in message


def test_a_deleted_entry_is_reported(log):
    target = log[3]
    with attacker():
        raw_delete("core_auditentry", "id", target.pk)
    message = broken()
    assert f"条目 #{target.pk}" in message and "已被删除" in message


def test_an_entry_deleted_with_its_seal_is_reported_at_the_next_one(log):
    target, following = log[3], log[4]
    position = AuditSeal.objects.get(entry_id=target.pk).position
    with attacker():
        raw_delete("core_auditentry", "id", target.pk)
        raw_delete("core_auditseal", "entry_id", target.pk)
    message = broken()
    assert f"条目 #{following.pk}" in message
    assert f"链位置 {position}–{position}" in message and "被删除" in message


def test_a_forged_entry_is_reported(log):
    with attacker():
        (forged,) = raw_insert(
            AuditEntry(
                action=AuditAction.LOGIN,
                actor_username="admin",
                note="伪造",
                key_id=crypto.current_key().key_id,
                nonce="0" * 16,
                content_mac="ab" * 32,
            )
        )
    message = broken()
    assert f"条目 #{forged.pk}" in message and "伪造" in message


def test_a_copied_entry_is_reported_as_inserted(log):
    original = log[2]
    copy = AuditEntry.objects.get(pk=original.pk)
    copy.pk = None
    with attacker():
        (forged,) = raw_insert(copy)
    message = broken()
    assert f"条目 #{forged.pk}" in message and f"条目 #{original.pk} 的复制" in message


def test_swapping_two_entries_in_the_chain_is_reported(log):
    one, two = AuditSeal.objects.filter(entry_id__in=[log[1].pk, log[2].pk]).order_by("position")
    with attacker():
        raw_update(AuditSeal.objects.filter(pk=one.pk), entry_id=-1)
        raw_update(AuditSeal.objects.filter(pk=two.pk), entry_id=one.entry_id)
        raw_update(AuditSeal.objects.filter(pk=one.pk), entry_id=two.entry_id)
    message = broken()
    assert f"链位置 {one.position}" in message and "链接断开" in message


def test_an_entry_under_a_removed_key_is_reported_not_passed(log, settings):
    settings.FAZHI_DATA_KEYS = "k9:" + "1" * 64
    assert "没有编号为" in broken()


def test_old_entries_verify_after_a_key_rotation(log, settings):
    old = settings.FAZHI_DATA_KEYS
    settings.FAZHI_DATA_KEYS = "k9:" + "2" * 64 + "," + old
    audit.record(None, AuditAction.KEY_ROTATION, note="轮换")
    assert AuditEntry.objects.latest("pk").key_id == "k9"
    assert verify().startswith(f"审计日志完整：{len(log) + 1} 条")


# --- The same bytes on SQLite and PostgreSQL ----------------------------------------------------

json_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(json_text, children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=json_values, after=json_values, note=json_text, ip=st.ip_addresses())
def test_an_entry_read_back_from_the_database_has_the_mac_it_was_written_with(
    db, before, after, note, ip
):
    entry = AuditEntry(action=AuditAction.UPDATE, before=before, after=after, note=note, ip=str(ip))
    entry.save()
    stored = AuditEntry.objects.get(pk=entry.pk)
    key = crypto.key_by_id(stored.key_id)
    assert stored.content_mac == audit.content_mac(key, audit.content_of(stored))


def test_canonical_form_keeps_none_and_empty_apart_and_orders_keys(db):
    at = timezone.now().replace(microsecond=0)
    one = AuditEntry(at=at, action=AuditAction.UPDATE, before={"b": 1.0, "a": None}, after={})
    one.save()
    two = AuditEntry(at=at, action=AuditAction.UPDATE, before={"a": "", "b": 1}, after=None)
    two.save()
    first, second = (audit.content_of(AuditEntry.objects.get(pk=e.pk)) for e in (one, two))
    assert first["at"].endswith(".000000Z")
    assert (first["before"], first["after"]) == ({"a": None, "b": 1}, {})
    assert (second["before"], second["after"]) == ({"a": "", "b": 1}, None)
    assert audit.canonical(first).startswith(
        b'{"action":"update","actor_id":null,"actor_username":"","after":{},'
    )


# --- Retention and archive ----------------------------------------------------------------------


def _old(days_ago: int, note: str) -> AuditEntry:
    entry = AuditEntry(
        at=timezone.now() - days_ago * DAY, action=AuditAction.EXPORT, note=note, register="user"
    )
    entry.save()
    return entry


@pytest.fixture
def aged(db):
    """Six entries of 300–400 days ago, then three of today, sealed in that order."""
    old = [_old(400 - 20 * i, f"旧{i}") for i in range(6)]
    young = [audit.record(None, AuditAction.LOGIN, register="session") for _ in range(3)]
    audit.seal_pending()
    return old, young


def _archive(path, before) -> str:
    out = StringIO()
    call_command("archive_audit", "--before", before.isoformat(), "--out", str(path), stdout=out)
    return out.getvalue()


def test_archive_moves_old_entries_to_a_verified_file_and_the_chain_goes_on(aged, tmp_path):
    old, young = aged
    path = tmp_path / "audit-2025.jsonl"
    before = timezone.localdate() - 200 * DAY
    assert "已归档 6 条审计日志（链位置 1–6）" in _archive(path, before)

    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["content"]["note"] for line in lines[:-1]] == [e.note for e in old]
    manifest = json.loads(lines[-1])["manifest"]
    assert (manifest["count"], manifest["first_position"], manifest["last_position"]) == (6, 1, 6)
    assert manifest["anchor_mac"] == "" and manifest["before"] == before.isoformat()
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert not AuditSeal.objects.filter(position__lte=6).exists()
    archived = AuditEntry.objects.get(action=AuditAction.ARCHIVE_AUDIT)
    assert "归档 6 条" in archived.note and path.name in archived.note

    report = verify()
    assert report.startswith(f"审计日志完整：{len(young) + 1} 条")
    assert "归档锚点" in report
    out = StringIO()
    call_command("verify_audit", "--archive", str(path), stdout=out)
    assert out.getvalue().startswith("归档文件完整：6 条（链位置 1–6")


def test_a_second_archive_continues_from_the_first(aged, tmp_path):
    old, _ = aged
    today = timezone.localdate()
    assert "链位置 1–4" in _archive(tmp_path / "a.jsonl", today - 330 * DAY)
    assert "链位置 5–6" in _archive(tmp_path / "b.jsonl", today - 200 * DAY)
    first = audit.verify_archive(tmp_path / "a.jsonl")
    second = audit.verify_archive(tmp_path / "b.jsonl")
    assert second["anchor_mac"] == first["last_mac"]
    assert verify().startswith("审计日志完整：")


def test_archive_keeps_entries_younger_than_180_days(aged, tmp_path):
    path = tmp_path / "a.jsonl"
    with pytest.raises(CommandError, match="须保存 180 天"):
        _archive(path, timezone.localdate() - 100 * DAY)
    assert not path.exists()
    assert AuditEntry.objects.count() == 9


@override_settings(FAZHI_AUDIT_RETENTION_DAYS=365)
def test_archive_keeps_entries_for_the_configured_period(aged, tmp_path):
    with pytest.raises(CommandError, match="须保存 365 天"):
        _archive(tmp_path / "a.jsonl", timezone.localdate() - 200 * DAY)
    assert "链位置 1–2" in _archive(tmp_path / "b.jsonl", timezone.localdate() - 365 * DAY)


@override_settings(FAZHI_AUDIT_RETENTION_DAYS=90)
def test_a_retention_below_180_days_is_refused(aged, tmp_path):
    errors = audit.check_audit_retention()
    assert [e.id for e in errors] == ["fazhi.E101"] and "180" in errors[0].msg
    assert any(e.id == "fazhi.E101" for e in checks.run_checks(tags=[checks.Tags.security]))
    with pytest.raises(CommandError, match="不能设得更短"):
        _archive(tmp_path / "a.jsonl", timezone.localdate() - 365 * DAY)
    assert AuditEntry.objects.count() == 9


def test_archive_does_not_overwrite_a_file(aged, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("已有内容")
    with pytest.raises(CommandError, match="已存在"):
        _archive(path, timezone.localdate() - 200 * DAY)
    assert path.read_text() == "已有内容" and AuditEntry.objects.count() == 9


def test_archive_refuses_a_broken_chain_and_deletes_nothing(aged, tmp_path):
    old, _ = aged
    with attacker():
        raw_update(AuditEntry.objects.filter(pk=old[2].pk), note="改")
    path = tmp_path / "a.jsonl"
    with pytest.raises(CommandError, match=f"链已断开.*条目 #{old[2].pk}"):
        _archive(path, timezone.localdate() - 200 * DAY)
    assert not path.exists() and not (tmp_path / "a.jsonl.part").exists()
    assert AuditEntry.objects.count() == 9 and not AuditAnchor.objects.exists()


@pytest.fixture
def archived(aged, tmp_path):
    path = tmp_path / "a.jsonl"
    _archive(path, timezone.localdate() - 200 * DAY)
    return path, path.read_text(encoding="utf-8").splitlines()


def _archive_broken(path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit", "--archive", str(path), stdout=StringIO())
    return str(refused.value)


def test_an_edited_archive_is_reported_at_the_entry(archived):
    path, lines = archived
    line = json.loads(lines[2])
    line["content"]["note"] = "改"
    lines[2] = json.dumps(line, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _archive_broken(path)
    assert f"条目 #{line['id']}" in message and "内容与其校验码不符" in message


def test_an_archive_missing_a_line_is_reported(archived):
    path, lines = archived
    gone = json.loads(lines[3])
    path.write_text("\n".join(lines[:3] + lines[4:]) + "\n", encoding="utf-8")
    assert f"链位置 {gone['position']} 起的条目缺失" in _archive_broken(path)


def test_a_truncated_archive_is_reported(archived):
    path, lines = archived
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert "被截断" in _archive_broken(path)
    path.write_text("\n".join(lines)[:-40], encoding="utf-8")
    assert "被截断" in _archive_broken(path)


def test_an_archive_with_its_last_entries_and_manifest_count_cut_is_reported(archived):
    path, lines = archived
    manifest = json.loads(lines[-1])
    manifest["manifest"]["count"] = 4
    path.write_text("\n".join(lines[:4] + [json.dumps(manifest)]) + "\n", encoding="utf-8")
    assert "清单的校验码不符" in _archive_broken(path)


def test_a_moved_anchor_is_reported(archived):
    with attacker():
        raw_update(AuditAnchor.objects.all(), last_position=3)
    assert "归档锚点" in broken() and "校验码不符" in broken()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's")
def test_postgresql_deletes_entries_only_when_archiving_and_only_old_ones(aged):
    old, young = aged
    delete = "DELETE FROM core_auditentry WHERE id = %s"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(delete, [old[0].pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL fazhi.audit_archive = 'on'")
        cursor.execute(delete, [young[0].pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL fazhi.audit_archive = 'on'")
        cursor.execute("DELETE FROM core_auditseal WHERE entry_id = %s", [old[0].pk])
    assert AuditEntry.objects.count() == 9 and AuditSeal.objects.count() == 9


def test_the_database_refuses_to_update_a_seal_or_an_anchor(archived):
    for sql in ("UPDATE core_auditseal SET mac = 'x'", "UPDATE core_auditanchor SET mac = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert verify().startswith("审计日志完整：")


# --- 三员分立: no role can erase the trace ------------------------------------------------------


def _routes() -> list[str]:
    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern.pattern, RoutePattern):
                yield prefix + str(pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _urls(entry_id: int, position: int) -> list[str]:
    """Every route with its parameters filled by an audit entry's id, and the admin's URLs for
    the audit models (its catch-all would answer them if they were registered)."""
    urls = [
        "/" + re.sub(r"<(?:\w+:)?\w+>", str(entry_id), route)
        for route in _routes()
        if not route.endswith("logout/")  # logging out would end the sweep early
    ]
    for model, pk in (("auditentry", entry_id), ("auditseal", position), ("auditanchor", 1)):
        base = f"/admin/core/{model}/"
        urls += [base, f"{base}add/", f"{base}{pk}/change/", f"{base}{pk}/delete/"]
    return urls


def _log_state():
    return {
        e.pk: (e.content_mac, audit.content_of(e))
        for e in AuditEntry.objects.order_by("pk").iterator()
    }


def _records_state():
    """Every row of every table except the log itself and login bookkeeping."""
    skipped = {AuditEntry, AuditSeal, AuditAnchor}
    state = {}
    for model in apps.get_models():
        if model in skipped or model._meta.app_label in {"sessions", "axes"}:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        state[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*fields))
    return state


@pytest.fixture
def staff(tree, make_user):
    county = tree["county"]
    business = make_user("business", county, Role.LEADER, Role.CLERK, *sorted(BUSINESS_ROLES))
    return {
        Role.SYSTEM_ADMIN: make_user("sysadmin", county, Role.SYSTEM_ADMIN),
        Role.SECURITY_ADMIN: make_user("secadmin", county, Role.SECURITY_ADMIN),
        Role.AUDIT_ADMIN: make_user("auditor", county, Role.AUDIT_ADMIN),
        "business": business,
    }


@pytest.mark.parametrize(
    "who", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, "business"]
)
def test_no_role_can_change_or_delete_audit_entries_through_any_url(staff, who):
    """Each of the three administrators, and a user holding every business role at once, posts
    to every URL of the site (the admin's audit URLs included) with its parameters aimed at an
    audit entry: afterwards every entry is there, unchanged, and the chain verifies."""
    user = staff[who]
    audit.seal_pending()
    target = AuditEntry.objects.order_by("pk").first()
    position = AuditSeal.objects.get(entry_id=target.pk).position
    before_log = _log_state()
    before_records = _records_state()
    client = Client(raise_request_exception=False)
    client.force_login(user)
    data = {"id": target.pk, "pk": target.pk, "note": "篡改", "action": "delete", "post": "yes"}
    urls = _urls(target.pk, position)
    redirected = 0
    for url in urls:
        redirected += client.post(url, data).status_code == 302
        if url.startswith("/api/"):
            for method in (client.put, client.patch, client.delete):
                method(url, json.dumps(data), content_type="application/json")
    # Most requests reached their view: a sweep answered by a login redirect proves nothing.
    assert redirected < len(urls) / 2
    after_log = _log_state()
    assert {pk: after_log.get(pk) for pk in before_log} == before_log
    assert verify().startswith("审计日志完整：")
    if who == Role.AUDIT_ADMIN:
        # The audit administrator reads the log and changes nothing else either.
        assert _records_state() == before_records


def test_only_the_audit_administrator_reads_the_log_and_not_through_the_admin(client, staff):
    for who in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, "business"):
        client.force_login(staff[who])
        assert client.get("/audit/").status_code == 403
        assert not AuditEntry.objects.visible_to(staff[who]).exists()
    client.force_login(staff[Role.SYSTEM_ADMIN])
    entry = AuditEntry.objects.first()
    for url in ("/admin/core/auditentry/", f"/admin/core/auditentry/{entry.pk}/delete/"):
        assert client.get(url).status_code == 404
    client.force_login(staff[Role.AUDIT_ADMIN])
    assert client.get("/audit/").status_code == 200
    # The admin site is the system administrator's; the auditor is sent to its login.
    assert client.get("/admin/").status_code == 302
