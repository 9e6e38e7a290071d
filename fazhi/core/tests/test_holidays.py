"""The holiday calendar the bureau keeps (issue 16, point 1): entering a year (by hand, from a
sheet, on the command line), what it refuses, who may do it, `holidays show`, the recompute
of the stored deadlines it moves, and the board's warning from 1 October."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import holidays, workdays
from fazhi.core.errors import ActionRefused
from fazhi.core.models import (
    AuditAction,
    AuditEntry,
    CalendarSource,
    DeadlineRecompute,
    HolidayDay,
    HolidayYear,
    RecomputeStatus,
)
from fazhi.core.roles import Role
from fazhi.reconsideration import actions as reconsideration
from fazhi.reconsideration.tests.facts import accepted_late_in_2026

REST, WORK = workdays.REST, workdays.WORK
NOTICE = "国办发明电〔2026〕12号"

# A 2027 notice as the issue imagines it: 2027-01-25 (the provisional 审理期限 of its example
# case) declared a day off, and a 调休 Saturday (2027-02-20) that is a working day.
SHEET_2027 = [
    ("2027-01-01", "放假", "元旦"),
    ("2027-01-02", "放假", "元旦"),
    ("2027-01-03", "放假", "元旦"),
    ("2027-01-25", "放假", "特别放假日"),
    *((f"2027-02-{day:02d}", "放假", "春节") for day in range(5, 12)),
    ("2027-02-20", "上班", "春节"),
    ("2027-10-01", "放假", "国庆节"),
]


def sheet_file(tmp_path, rows, name="2027.csv", headers=("日期", "安排", "名称")):
    path = tmp_path / name
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def days_of(rows):
    return [(date.fromisoformat(d), holidays.ARRANGEMENT_WORDS[a], n) for d, a, n in rows]


@pytest.fixture
def sysadmin(tree, make_user):
    """The top unit's (湖南省司法厅's) system administrator."""
    return make_user("xitong", tree["province"], Role.SYSTEM_ADMIN)


@pytest.fixture
def accepted_case(tree, make_user):
    """The issue's example: received 2026-11-20, accepted 2026-11-25."""
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    return accepted_late_in_2026(officer, tree["county"])


def run_queued():
    job = holidays.claim_recompute()
    assert job is not None
    return holidays.run_recompute(job)


# --- the example ---------------------------------------------------------------------


def test_importing_2027_moves_the_example_case_and_lists_it(tmp_path, accepted_case, capsys):
    case = accepted_case
    assert case.decision_deadline == date(2027, 1, 25)  # the 60th day, Sunday 01-24, moved on
    assert workdays.is_provisional(case.decision_deadline)

    call_command(
        "holidays",
        "import",
        str(sheet_file(tmp_path, SHEET_2027)),
        "--year",
        "2027",
        "--notice",
        NOTICE,
        "--notice-date",
        "2026-11-10",
    )
    assert "已录入2027年节假日安排（国办发明电〔2026〕12号）：放假 12 天，调休上班 1 天" in (
        capsys.readouterr().out
    )
    stored = HolidayYear.objects.get(year=2027)
    assert (stored.source, stored.notice_number, stored.notice_date, stored.entered_by) == (
        CalendarSource.ENTERED,
        NOTICE,
        date(2026, 11, 10),
        None,
    )
    case.refresh_from_db()
    assert case.decision_deadline == date(2027, 1, 25)  # stored: not recomputed yet

    job = run_queued()
    assert (job.status, job.year, job.done) == (RecomputeStatus.DONE, 2027, job.total)
    case.refresh_from_db()
    assert case.decision_deadline == date(2027, 1, 26)
    assert workdays.is_provisional(case.decision_deadline) is False
    assert {
        "register": "reconsideration",
        "id": case.pk,
        "number": "古政复〔2026〕31号",
        "field": "审理期限",
        "before": "2027-01-25",
        "after": "2027-01-26",
    } in job.moved
    assert DeadlineRecompute.objects.get(pk=job.pk).moved == job.moved

    entry = AuditEntry.objects.filter(register="reconsideration", action=AuditAction.UPDATE)
    entry = entry.latest("id")
    assert entry.note == "按2027年节假日安排重新计算法定期限"
    assert (entry.before["decision_deadline"], entry.after["decision_deadline"]) == (
        "2027-01-25",
        "2027-01-26",
    )
    assert AuditEntry.objects.filter(action=AuditAction.RECOMPUTE).count() == 1

    # Idempotent: running it again changes nothing and writes no entry.
    entries = AuditEntry.objects.count()
    holidays.requeue(None, 2027)
    again = run_queued()
    assert again.moved == [] and AuditEntry.objects.count() == entries + 1  # the RECOMPUTE one


def test_a_working_saturday_counts_after_entry(sysadmin):
    saturday = date(2027, 2, 20)
    assert workdays.is_working_day(saturday) is False  # provisional: no 调休
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)
    assert workdays.is_working_day(saturday) is True
    assert workdays.is_working_day(date(2027, 1, 25)) is False
    # Friday 02-19 + 1 working day is that Saturday, not Monday 02-22.
    assert workdays.add_working_days(date(2027, 2, 19), 1) == saturday
    assert workdays.is_provisional(date(2027, 3, 1)) is False


def test_entering_is_audited_and_queues_one_recompute(sysadmin):
    holder, job = holidays.enter_year(
        sysadmin, 2027, days_of(SHEET_2027), NOTICE, date(2026, 11, 10)
    )
    entry = AuditEntry.objects.get(action=AuditAction.HOLIDAYS)
    assert (entry.actor, entry.object_id, entry.note) == (
        sysadmin,
        str(holder.pk),
        f"录入2027年节假日安排（{NOTICE}）",
    )
    assert entry.before == {"来源": "未录入（按法定节假日暂定计算）"}
    assert entry.after["通知文号"] == NOTICE and entry.after["通知日期"] == "2026-11-10"
    assert "2027-01-25 放假 特别放假日；" in entry.after["日期安排"]
    assert "2027-02-20 上班 春节" in entry.after["日期安排"]
    assert (job.year, job.status, job.requested_by) == (2027, RecomputeStatus.QUEUED, sysadmin)

    # A correction replaces the year's rows; its entry shows what was there before.
    corrected = [day for day in days_of(SHEET_2027) if day[0] != date(2027, 1, 25)]
    holidays.enter_year(sysadmin, 2027, corrected, NOTICE + "（更正）")
    assert not HolidayDay.objects.filter(date=date(2027, 1, 25)).exists()
    assert HolidayDay.objects.filter(year__year=2027).count() == len(corrected)
    second = AuditEntry.objects.filter(action=AuditAction.HOLIDAYS).latest("id")
    assert "2027-01-25" in second.before["日期安排"]
    assert "2027-01-25" not in second.after["日期安排"]
    assert workdays.is_working_day(date(2027, 1, 25)) is True

    # The same entry again changes nothing: no entry, no recompute.
    assert holidays.enter_year(sysadmin, 2027, corrected, NOTICE + "（更正）")[1] is None
    assert AuditEntry.objects.filter(action=AuditAction.HOLIDAYS).count() == 2
    assert DeadlineRecompute.objects.count() == 2


def test_an_entered_year_wins_over_the_package_year(sysadmin):
    assert workdays.is_working_day(date(2026, 1, 4)) is True  # the package's 调休 Sunday
    holidays.enter_year(sysadmin, 2026, [(date(2026, 1, 1), REST, "元旦")], "国办发明电〔2025〕7号")
    assert HolidayYear.objects.get(year=2026).source == CalendarSource.ENTERED
    assert workdays.is_working_day(date(2026, 1, 4)) is False
    assert workdays.is_working_day(date(2026, 2, 17)) is True  # no longer 春节


# --- who may ---------------------------------------------------------------------------------


def test_only_the_top_units_system_administrator_may_enter(tree, make_user):
    county_admin = make_user("xianxitong", tree["county"], Role.SYSTEM_ADMIN)
    security = make_user("anquan", tree["province"], Role.SECURITY_ADMIN)
    auditor = make_user("shenji", tree["province"], Role.AUDIT_ADMIN)
    leader = make_user("lingdao", tree["province"], Role.LEADER)
    for user in (county_admin, security, auditor, leader):
        assert holidays.may_enter(user) is False
        with pytest.raises(ActionRefused, match="只有最上级单位的系统管理员可以录入"):
            holidays.enter_year(user, 2027, days_of(SHEET_2027), NOTICE)
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.HOLIDAYS).exists()
    assert not DeadlineRecompute.objects.exists()


# --- what is refused -------------------------------------------------------------------------

BAD_SHEETS = {
    "bad date": (
        [("2027-02-30", "放假", "春节")],
        "第2行：「2027-02-30」不是有效的日期",
    ),
    "another year": (
        [("2027-01-01", "放假", "元旦"), ("2028-01-01", "放假", "元旦")],
        "第3行：2028-01-01 不在2027年内",
    ),
    "arrangement": (
        [("2027-01-01", "休息", "元旦")],
        "第2行：安排「休息」无效，只能是「放假」或「上班」",
    ),
    "duplicate": (
        [("2027-01-01", "放假", "元旦"), ("2027-01-01", "放假", "元旦")],
        "第3行：2027-01-01 与第2行重复",
    ),
    "control character": (
        [("2027-01-01", "放假", "元\x01旦")],
        "第2行：「名称」第 2 个字符是不可见的控制字符（U+0001）",
    ),
    "work on a weekday": (
        [("2027-01-01", "放假", "元旦"), ("2027-01-04", "上班", "元旦")],
        "第3行：2027-01-04 是星期一，本来就是工作日",
    ),
    "no name": ([("2027-01-01", "放假", "")], "第2行：请填写名称"),
    "no rest day": ([("2027-02-20", "上班", "春节")], "没有任何放假的日期"),
    "empty": ([], "没有填写任何日期"),
}


@pytest.mark.parametrize("case", BAD_SHEETS, ids=list(BAD_SHEETS))
def test_a_bad_sheet_is_refused_naming_its_row_and_stores_nothing(tmp_path, tree, case):
    rows, message = BAD_SHEETS[case]
    path = sheet_file(tmp_path, rows)
    with pytest.raises(CommandError) as refused:
        call_command("holidays", "import", str(path), "--year", "2027", "--notice", NOTICE)
    assert "未录入，系统中的数据没有任何改动" in str(refused.value)
    assert message in str(refused.value)
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.HOLIDAYS).exists()
    assert not DeadlineRecompute.objects.exists()


def test_a_sheet_without_a_column_or_notice_is_refused(tmp_path, tree):
    path = sheet_file(tmp_path, [("2027-01-01", "放假")], headers=("日期", "安排"))
    with pytest.raises(CommandError, match="第1行表头缺少必填的列：名称"):
        call_command("holidays", "import", str(path), "--year", "2027", "--notice", NOTICE)
    good = sheet_file(tmp_path, SHEET_2027, name="good.csv")
    with pytest.raises(CommandError, match="请填写通知文号"):
        call_command("holidays", "import", str(good), "--year", "2027", "--notice", " ")
    with pytest.raises(CommandError, match="通知日期「2026-13-01」无效"):
        call_command(
            "holidays", "import", str(good), "--year", "2027", "--notice", NOTICE,
            "--notice-date", "2026-13-01",
        )  # fmt: skip
    with pytest.raises(CommandError, match="年度应在 2004 至 2100 年之间"):
        call_command("holidays", "import", str(good), "--year", "2101", "--notice", NOTICE)
    with pytest.raises(CommandError, match="只支持 .xlsx 和 .csv"):
        call_command("holidays", "import", str(tmp_path / "a.txt"), "--year", "2027",
                     "--notice", NOTICE)  # fmt: skip
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_an_xlsx_sheet_is_read_like_a_csv(tmp_path, tree):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["日期", "安排", "名称"])
    for day, arrangement, name in SHEET_2027:
        sheet.append([date.fromisoformat(day), arrangement, name])  # Excel dates, not text
    path = tmp_path / "2027.xlsx"
    workbook.save(path)
    call_command("holidays", "import", str(path), "--year", "2027", "--notice", NOTICE)
    assert HolidayDay.objects.filter(year__year=2027).count() == len(SHEET_2027)


def test_enter_year_checks_what_it_is_given(sysadmin):
    with pytest.raises(holidays.HolidaysInvalid) as refused:
        holidays.enter_year(
            sysadmin, 2027, [(date(2027, 1, 1), "holiday", "元旦"), ("2027-01-02", REST, "x")],
            "通\x07知",
        )  # fmt: skip
    assert refused.value.problems == [
        "第1条：安排只能是「放假」或「上班」。",
        "第2条：日期应按“年-月-日”填写，如 2027-01-01。",
        "「通知文号」第 2 个字符是不可见的控制字符（U+0007），请删除后重新输入。",
    ]
    with pytest.raises(holidays.HolidaysInvalid, match="年度应在 2004 至 2100 年之间"):
        holidays.enter_year(sysadmin, 2003, [(date(2003, 1, 1), REST, "元旦")], NOTICE)
    long_run = [(date(2027, 3, 1) + workdays.timedelta(days=i), REST, "长假") for i in range(40)]
    with pytest.raises(holidays.HolidaysInvalid, match="连续 44 天不上班"):
        holidays.enter_year(sysadmin, 2027, long_run, NOTICE)
    assert not HolidayYear.objects.filter(year__in=[2003, 2027]).exists()


def test_typed_lines_parse_strictly_naming_the_line():
    text = "2027-01-01 放假 元旦\n\n2027-02-20\u3000上班\u3000春节\n"
    assert holidays.parse_lines(text, 2027) == [
        (date(2027, 1, 1), REST, "元旦"),
        (date(2027, 2, 20), WORK, "春节"),
    ]
    with pytest.raises(holidays.HolidaysInvalid) as refused:
        holidays.parse_lines("2027-01-01 放假 元旦\n2027-01-02 放假\n2027/01/03 放假 元旦", 2027)
    assert refused.value.problems == [
        "第2行：应为「日期 安排 名称」三项，用空格分开，如「2027-01-01 放假 元旦」。"
    ]
    with pytest.raises(holidays.HolidaysInvalid, match="第1行：「2027/01/03」不是有效的日期"):
        holidays.parse_lines("2027/01/03 放假 元旦", 2027)


# --- show ------------------------------------------------------------------------------------


def test_show_prints_a_stored_year_and_a_provisional_one(sysadmin, capsys):
    call_command("holidays", "show", "--year", "2027")
    out = capsys.readouterr().out
    assert out.startswith("2027年：未录入（暂定）。")
    assert "  春节：2027-02-05 至 2027-02-10，共 6 天" in out  # 除夕–初三 + 补假 for the weekend
    assert "调休上班（0 天）：\n  无" in out

    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE, date(2026, 11, 10))
    call_command("holidays", "show", "--year", "2027")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"2027年：来源 管理员录入；通知文号 {NOTICE}（2026-11-10）；录入人 {sysadmin}"
    )
    assert "  元旦：2027-01-01 至 2027-01-03，共 3 天" in out
    assert "  特别放假日：2027-01-23 至 2027-01-25，共 3 天" in out  # with its weekend
    assert "  春节：2027-02-05 至 2027-02-11，共 7 天" in out
    assert "调休上班（1 天）：\n  2027-02-20（星期六）春节" in out
    assert "暂定" not in out

    call_command("holidays", "show", "--year", "2026")
    assert "2026年：来源 系统内置数据" in capsys.readouterr().out
    with pytest.raises(CommandError, match="年度应为四位数字的年份"):
        call_command("holidays", "show", "--year", "二〇二七")


def test_periods_group_consecutive_days_off_with_their_weekends():
    arrangement = workdays.statutory_year(2027)
    found = holidays.periods(arrangement)
    assert [str(p) for p in found][-1] == "国庆节：2027-10-01 至 2027-10-05，共 5 天"
    assert found[0] == holidays.Period("元旦", date(2027, 1, 1), date(2027, 1, 3))


# --- the recompute ---------------------------------------------------------------------------


def test_recompute_skips_records_the_year_cannot_move_and_counts_progress(
    sysadmin, accepted_case, tree
):
    old = reconsideration.register_case(
        None,
        unit=tree["county"],
        number="古政复〔2024〕2号",
        applicant="李某",
        respondent="古丈县公安局",
        received_date=date(2024, 3, 4),
    )
    reconsideration.record_step(None, old, "not_accept", date(2024, 3, 8))
    selected = holidays.affected(holidays.REGISTERS["reconsideration"], 2027)
    assert list(selected.values_list("pk", flat=True)) == [accepted_case.pk]
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)
    job = run_queued()
    assert (job.total, job.done) == (1, 1)
    assert "重新计算了 1 条记录，其中 1 条有变化" in job.result


def test_a_recompute_left_running_is_queued_again_and_runs(sysadmin, accepted_case):
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)
    job = holidays.claim_recompute()
    assert job.status == RecomputeStatus.RUNNING
    assert holidays.claim_recompute() is None  # nothing else queued
    # The worker dies here; the next worker's start queues it again.
    assert holidays.requeue_recomputes() == 1
    job = run_queued()
    assert job.status == RecomputeStatus.DONE and len(job.moved) >= 1


def test_queued_recomputes_of_one_year_run_once(sysadmin, accepted_case):
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE + "（更正）")
    first, second = DeadlineRecompute.objects.order_by("created_at", "id")
    job = holidays.claim_recompute()
    assert job.pk == second.pk
    first.refresh_from_db()
    assert first.status == RecomputeStatus.DONE and f"任务 {second.pk}" in first.result
    assert holidays.claim_recompute() is None


def test_the_worker_runs_a_queued_recompute(sysadmin, accepted_case, monkeypatch):
    from fazhi.imports.management.commands import work

    # Between jobs the worker drops a connection that is not in autocommit: the test's is
    # in its transaction (on PostgreSQL it would be closed under the test).
    monkeypatch.setattr(work, "close_old_connections", lambda: None)
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)
    out = io.StringIO()
    call_command("work", "--once", stdout=out)
    assert "开始按2027年节假日安排重新计算期限" in out.getvalue()
    accepted_case.refresh_from_db()
    assert accepted_case.decision_deadline == date(2027, 1, 26)
    assert DeadlineRecompute.objects.get().status == RecomputeStatus.DONE


def test_a_failing_recompute_is_recorded_and_the_worker_goes_on(
    sysadmin, accepted_case, monkeypatch
):
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)

    def broken(*args, **kwargs):
        raise RuntimeError("模拟故障")

    monkeypatch.setattr(holidays, "recompute_records", broken)
    job = run_queued()
    assert job.status == RecomputeStatus.FAILED and "模拟故障" in job.result


# --- the board's warning (point 2) ------------------------------------------------------------


def test_the_next_year_warning_from_1_october_only(sysadmin, tree, make_user):
    text = (
        "2027年节假日安排尚未录入：该年度的期限按法定节假日暂定计算。"
        "请在国务院办公厅通知发布后录入。"
    )
    assert holidays.next_year_warning(sysadmin, date(2026, 9, 30)) == ""
    assert holidays.next_year_warning(sysadmin, date(2026, 10, 1)) == text
    assert holidays.next_year_warning(sysadmin, date(2026, 12, 31)) == text
    county_admin = make_user("xianxitong", tree["county"], Role.SYSTEM_ADMIN)
    auditor = make_user("shenji", tree["province"], Role.AUDIT_ADMIN)
    for other in (county_admin, auditor):
        assert holidays.next_year_warning(other, date(2026, 10, 1)) == ""
    # 2026 is stored (the package's): no warning in October 2025.
    assert holidays.next_year_warning(sysadmin, date(2025, 10, 1)) == ""
    holidays.enter_year(sysadmin, 2027, days_of(SHEET_2027), NOTICE)
    assert holidays.next_year_warning(sysadmin, date(2026, 10, 1)) == ""
