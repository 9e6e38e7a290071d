"""What a review of the holiday calendar found, each fixed: an upgraded database recomputes
its records once, a retried recomputation still lists what the failed one moved, two
administrators entering one new year, years entered out of order, a recomputation that starts
before every process has read the new calendar, and a sheet far longer than a year."""

import datetime
from datetime import date

import pytest
from django.utils import timezone

from fazhi.core import holidays, workdays
from fazhi.core.holidays import seed_package_years
from fazhi.core.models import DeadlineRecompute, HolidayYear, RecomputeStatus
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import Role
from fazhi.core.tabular import Row, Table
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.tests.facts import accepted_late_in_2026

pytestmark = pytest.mark.django_db

REST = workdays.REST
NOTICE = "国办发明电〔2026〕12号"


def year_2027(extra=()):
    days = [(date(2027, 1, 1), REST, "元旦")]
    days += [(date(2027, 2, d), REST, "春节") for d in range(5, 12)]
    days += [(date(2027, 10, d), REST, "国庆节") for d in range(1, 8)]
    return sorted(days + list(extra))


@pytest.fixture
def sysadmin(tree, make_user):
    return make_user("xitong", tree["province"], Role.SYSTEM_ADMIN)


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION)


def test_an_upgraded_database_recomputes_every_record_once(tree, officer):
    case = accepted_late_in_2026(officer, tree["county"], "古政复〔2026〕32号")
    # As an earlier version stored it: 2027 unknown, the deadline 待定, nothing running kept.
    ReconsiderationCase.objects.filter(pk=case.pk).update(
        decision_deadline=None, due_date=None, running_deadlines=[]
    )
    seed_package_years(sender=None)
    seed_package_years(sender=None)  # a second migrate queues nothing more
    (job,) = DeadlineRecompute.objects.all()
    assert job.year == holidays.ALL_YEARS
    holidays.run_recompute(holidays.claim_recompute())
    case.refresh_from_db()
    assert case.decision_deadline == date(2027, 1, 25)
    assert {entry["label"] for entry in case.running_deadlines} == {"审理期限", "答复通知期限"}


def test_a_retried_recomputation_still_lists_what_the_failed_one_moved(
    tree, officer, sysadmin, monkeypatch
):
    first = accepted_late_in_2026(officer, tree["county"], "古政复〔2026〕41号")
    second = accepted_late_in_2026(officer, tree["county"], "古政复〔2026〕42号")
    holidays.enter_year(
        sysadmin, 2027, year_2027([(date(2027, 1, 25), REST, "特别放假日")]), NOTICE
    )
    register = REGISTERS["reconsideration"]
    real = register.derive

    def failing_on_the_second(record, settings):
        if record.pk == second.pk:
            raise RuntimeError("数据库连接中断")
        return real(record, settings)

    original = holidays.recompute_records
    monkeypatch.setattr(
        holidays, "recompute_records", lambda *a, **kw: original(*a, **{**kw, "batch": 1})
    )
    object.__setattr__(register, "derive", failing_on_the_second)
    try:
        failed = holidays.run_recompute(holidays.claim_recompute())
    finally:
        object.__setattr__(register, "derive", real)
    assert failed.status == RecomputeStatus.FAILED
    first.refresh_from_db()
    assert first.decision_deadline == date(2027, 1, 26)  # its batch was written

    holidays.requeue(sysadmin, 2027)
    done = holidays.run_recompute(holidays.claim_recompute())
    assert done.status == RecomputeStatus.DONE
    assert {moved["number"] for moved in done.moved} == {first.number, second.number}


def test_two_administrators_entering_one_new_year_get_a_chinese_refusal(sysadmin, monkeypatch):
    real_save = HolidayYear.save

    def racing_save(self, *args, **kwargs):
        if self.pk is None and not getattr(racing_save, "done", False):
            racing_save.done = True  # the other administrator's entry committed meanwhile
            HolidayYear.objects.create(year=self.year, source="entered", notice_number="x")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(HolidayYear, "save", racing_save)
    with pytest.raises(holidays.HolidaysInvalid, match="刚被他人录入"):
        holidays.enter_year(sysadmin, 2027, year_2027(), NOTICE)
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_years_are_entered_in_order(sysadmin):
    days_2028 = [(date(2028, 1, 1), REST, "元旦")]
    with pytest.raises(holidays.HolidaysInvalid, match="请先录入2027年"):
        holidays.enter_year(sysadmin, 2028, days_2028, NOTICE)
    holidays.enter_year(sysadmin, 2027, year_2027(), NOTICE)
    holidays.enter_year(sysadmin, 2028, days_2028, NOTICE)
    assert HolidayYear.objects.filter(year=2028).exists()


def test_a_recomputation_waits_until_every_process_has_read_the_new_calendar(sysadmin, monkeypatch):
    monkeypatch.setattr(holidays, "SETTLE_SECONDS", 65)
    holidays.enter_year(sysadmin, 2027, year_2027(), NOTICE)
    assert holidays.claim_recompute() is None
    DeadlineRecompute.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=66))
    assert holidays.claim_recompute() is not None


def test_a_sheet_far_longer_than_a_year_is_refused():
    rows = [
        Row(number=n + 2, values={"日期": "2027-01-01", "安排": "放假", "名称": "元旦"})
        for n in range(holidays.MAX_SHEET_ROWS + 1)
    ]
    table = Table(headers=list(holidays.SHEET_HEADERS), rows=rows)
    with pytest.raises(holidays.HolidaysInvalid, match="不会超过"):
        holidays.parse_table(table, 2027)
