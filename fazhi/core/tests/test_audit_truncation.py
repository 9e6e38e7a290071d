"""Issue 15, point 13: cutting the audit log's end is reported.

The attacker has write access to the database (the append-only triggers out of his way) but
neither the data keys nor the server's files. He deletes the newest entries together with their
seals, or every entry and every seal, which leaves a chain whose every link still verifies.
verify_audit must report it (exit 1, in Chinese) from what he cannot rewrite: the database's id
sequence (SQLite: sqlite_sequence; PostgreSQL: only the emptied log, since PostgreSQL burns the
ids of rolled-back transactions) and the tail the worker records outside the database.
"""

import datetime
import json
import types
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from fazhi.core import actions, audit
from fazhi.core.models import AuditAction, AuditAnchor, AuditEntry, AuditSeal
from fazhi.core.roles import Role
from fazhi.imports.management.commands import work

from .tampering import attack, refused, verify

DAY = datetime.timedelta(days=1)
SQLITE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL burns the ids of rolled-back transactions: there the sequence shows "
    "only an emptied log, and the tail file shows a cut end (tested below on both)",
)


def cut_newest(count: int) -> list[int]:
    """Delete the newest `count` entries of the chain together with their seals."""
    seals = list(AuditSeal.objects.order_by("-position")[:count])
    for seal in seals:
        attack("DELETE FROM core_auditentry WHERE id = %s", [seal.entry_id])
        attack("DELETE FROM core_auditseal WHERE position = %s", [seal.position])
    return [seal.position for seal in seals]


def cut_everything():
    attack("DELETE FROM core_auditentry")
    attack("DELETE FROM core_auditseal")
    attack("DELETE FROM core_auditanchor")


def work_a_while(monkeypatch, cycles: int = 1):
    """Run `manage.py work` (not --once) in this process until it has gone idle `cycles`
    times: its sleep ends the loop."""
    slept = []

    class Stop(Exception):
        pass

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) >= cycles:
            raise Stop

    clock = types.SimpleNamespace(monotonic=__import__("time").monotonic, sleep=sleep)
    monkeypatch.setattr(work, "time", clock)
    # The test's transaction must stay open: the worker's per-cycle reconnect would end it.
    monkeypatch.setattr(work, "close_old_connections", lambda: None)
    out = StringIO()
    with pytest.raises(Stop):
        call_command("work", stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def tail(settings, tmp_path):
    settings.FAZHI_AUDIT_TAIL_FILE = str(tmp_path / "tail" / "audit-tail.jsonl")
    return tmp_path / "tail" / "audit-tail.jsonl"


@pytest.fixture
def no_tail(settings):
    settings.FAZHI_AUDIT_TAIL_FILE = ""


@pytest.fixture
def log(tree, make_user):
    """Ordinary work: a few users made and changed, an export; all sealed."""
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["office"], full_name="张三")
    with audit.origin("10.1.2.3", "web"):
        actions.update_user(admin, officer, full_name="张三丰")
        for n in range(3):
            audit.record(admin, AuditAction.EXPORT, register="user", note=f"导出用户 {n}")
    audit.seal_pending()
    return list(AuditEntry.objects.order_by("pk"))


def more_work(n: int = 2):
    for _ in range(n):
        audit.record(None, AuditAction.LOGIN, register="session")
    audit.seal_pending()


# --- A log nobody touched passes ---------------------------------------------------------------


def test_a_normal_chain_passes_with_its_tail_records(log, tail):
    assert audit.record_tail() is not None
    more_work()  # written after the record: the chain has only grown
    out = verify()
    assert out.startswith(f"审计日志完整：{len(log) + 2} 条")
    assert "链尾记录：已对照" in out and "1 条记录" in out and "均在链中" in out


def test_a_normal_chain_passes_without_a_tail_file_yet(log, tail):
    out = verify()
    assert out.startswith(f"审计日志完整：{len(log)} 条")
    assert "尚无本数据库的记录" in out


# --- Deleting the newest entries with their seals ----------------------------------------------


@SQLITE_ONLY
def test_deleting_the_newest_entries_with_their_seals_is_reported_by_the_sequence(log, no_tail):
    assert verify().startswith(f"审计日志完整：{len(log)} 条")
    cut_newest(2)
    message = refused()
    assert "审计日志校验未通过" in message
    assert "其中 2 条既不在数据库中、也未归档" in message
    assert "链末尾的条目连同封存被删除" in message
    # New entries written after the cut do not hide it: the ids stay missing.
    more_work(3)
    assert "其中 2 条既不在数据库中" in refused()


def test_deleting_the_newest_entries_with_their_seals_is_reported_against_the_tail(log, tail):
    written = audit.record_tail()
    assert written.position == AuditSeal.objects.latest("position").position
    cut_newest(2)
    message = refused()
    assert f"已到链位置 {written.position}" in message
    assert f"数据库中的链现在只到链位置 {written.position - 2}" in message
    assert "此后的条目连同封存被删除" in message


def test_a_cut_end_written_over_with_new_entries_is_reported_against_the_tail(log, tail):
    written = audit.record_tail()
    cut_newest(2)
    more_work(4)  # the chain grows past the recorded position again, on other entries
    assert AuditSeal.objects.filter(position=written.position).exists()
    message = refused()
    assert f"链位置 {written.position} 的链校验码与" in message and "链尾记录不同" in message


def test_a_tail_record_of_another_database_is_not_held_against_this_one(log, tail):
    # One file may serve several databases (a test run's, a restored copy's): each record says
    # which one it speaks of, from the connection settings the attacker cannot change.
    tail.parent.mkdir(parents=True)
    other = audit.TailRecord(timezone.now(), "postgresql://elsewhere:5432/fazhi", 10**6, "ab" * 32)
    tail.write_text(other.line() + "\n", encoding="utf-8")
    assert verify().startswith(f"审计日志完整：{len(log)} 条")


# --- Deleting everything -----------------------------------------------------------------------


def test_deleting_every_entry_and_seal_is_reported_by_the_sequence(log, no_tail):
    cut_everything()
    assert AuditEntry.objects.count() == 0 and AuditSeal.objects.count() == 0
    message = refused()
    assert "数据库中一条审计日志也没有" in message and "全部条目连同封存被删除" in message


def test_deleting_every_entry_and_seal_is_reported_against_the_tail(log, tail):
    written = audit.record_tail()
    cut_everything()
    message = refused()
    assert f"已到链位置 {written.position}" in message and "只到链位置 0" in message


# --- Archive ----------------------------------------------------------------------------------


@pytest.fixture
def archived(db, tail, tmp_path):
    """Old entries recorded in the tail file, then archived; then a day's more work."""
    for i in range(5):
        AuditEntry(
            at=timezone.now() - (400 - i) * DAY, action=AuditAction.EXPORT, note=f"旧{i}"
        ).save()
    audit.seal_pending()
    before_archive = audit.record_tail()
    assert before_archive.position == 5
    result = audit.archive(timezone.localdate() - 200 * DAY, tmp_path / "audit-old.jsonl")
    assert (result.count, result.last_position) == (5, 5)
    more_work(2)
    audit.record_tail(now=timezone.now() + DAY)
    return before_archive


def test_after_archive_audit_the_chain_passes(archived, tail):
    out = verify()
    assert out.startswith("审计日志完整：3 条")  # the archive's own entry and two logins
    assert "已对照" in out and "2 条记录" in out


def test_after_an_archive_deleting_the_newest_entries_is_reported(archived, tail):
    cut_newest(1)
    assert "此后的条目连同封存被删除" in refused()


@SQLITE_ONLY
def test_after_an_archive_the_sequence_still_shows_a_cut_end(archived, no_tail):
    cut_newest(1)
    assert "其中 1 条既不在数据库中" in refused()


def test_after_an_archive_deleting_everything_but_the_anchor_is_reported(archived, no_tail):
    attack("DELETE FROM core_auditentry")
    attack("DELETE FROM core_auditseal")
    assert AuditAnchor.objects.exists()
    message = refused()
    assert "归档锚点" in message and "“归档审计日志”记录" in message


# --- The worker writes the tail ----------------------------------------------------------------


def test_the_worker_records_the_tail_daily_outside_the_database(log, tail, monkeypatch, caplog):
    caplog.set_level("INFO", logger="fazhi.audit.tail")
    out = work_a_while(monkeypatch)
    assert "已记录审计日志链尾" in out
    lines = tail.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    last = AuditSeal.objects.latest("position")
    assert (record["position"], record["mac"], record["entry_id"]) == (
        last.position,
        last.mac,
        last.entry_id,
    )
    assert record["database"] == audit.database_label()
    assert tail.stat().st_mode & 0o777 == 0o600
    # ... and in the journal, a second copy outside the database.
    assert f"链位置 {last.position}，链校验码 {last.mac}" in caplog.text

    # Once a day: a second run the same day adds nothing, the next day's appends a line.
    more_work()
    work_a_while(monkeypatch)
    assert len(tail.read_text(encoding="utf-8").splitlines()) == 1
    assert audit.record_tail(now=timezone.now() + DAY).position == last.position + 2
    assert len(tail.read_text(encoding="utf-8").splitlines()) == 2

    # verify_audit checks the worker's records: a cut end is reported.
    assert "2 条记录" in verify()
    cut_newest(1)
    assert "此后的条目连同封存被删除" in refused()


def test_the_worker_reports_a_cut_end_in_the_journal(log, tail, caplog):
    audit.record_tail()
    cut_newest(2)
    more_work(1)
    with caplog.at_level("ERROR", logger="fazhi.core.audit"):
        audit.record_tail(now=timezone.now() + DAY)
    assert "审计日志链尾核对未通过" in caplog.text and "连同封存被删除" in caplog.text


def test_the_worker_goes_on_when_the_tail_file_cannot_be_written(
    log, settings, tmp_path, monkeypatch
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.FAZHI_AUDIT_TAIL_FILE = str(blocker / "audit-tail.jsonl")
    out = work_a_while(monkeypatch, cycles=2)
    assert "无法写入审计日志链尾记录文件" in out


def test_the_worker_does_not_record_with_once(log, tail, monkeypatch):
    monkeypatch.setattr(work, "close_old_connections", lambda: None)
    call_command("work", "--once", stdout=StringIO())
    assert not tail.exists()
