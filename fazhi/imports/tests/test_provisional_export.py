"""Exports mark a provisional deadline 暂定 in its cell, count any running deadline passed as
超期, and still re-import (issue 16, points 2 and 3)."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.api import records as api_records
from fazhi.api.tests.conftest import DEPARTMENT, sample_card_holders, sample_payload
from fazhi.core import actions as core_actions
from fazhi.core import holidays, workdays
from fazhi.core.models import CalendarSource, HolidayDay, HolidayYear, UnitKind
from fazhi.core.registers import REGISTERS
from fazhi.core.writes import save_record
from fazhi.corrections.models import CorrectionsSubject
from fazhi.imports.exporter import export_rows
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

from .files import case, run_import, write_xlsx

# The case: received 2026-11-20, accepted 2026-11-25; the 60th day is Sunday
# 2027-01-24, so the 审理期限 is Monday 2027-01-25 while 2027 is not entered.
NUMBER = "古政复〔2026〕8号"
ACCEPTED = {"收到申请日期": "2026-11-20", "审查结果": "受理", "受理日期": "2026-11-25"}


@pytest.fixture
def no_2027(db):
    """2027 is not entered (whatever chinesecalendar version seeded the table)."""
    HolidayYear.objects.filter(year__gte=2027).delete()
    holidays.forget()


@pytest.fixture
def accepted(tree, tmp_path, no_2027):
    run_import(write_xlsx(tmp_path / "cases.xlsx", [case(NUMBER, **ACCEPTED)]))
    return ReconsiderationCase.objects.get(number=NUMBER)


def on(monkeypatch, day: datetime.date):
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


def export(fmt: str, tmp_path=None):
    out = io.StringIO()
    args = ["export_register", "reconsideration", "--format", fmt]
    if fmt == "xlsx":
        args += ["--out", str(tmp_path / "export.xlsx")]
    call_command(*args, stdout=out)
    return out.getvalue()


def json_row() -> dict:
    return {row["案件编号"]: row for row in json.loads(export("json"))}[NUMBER]


def test_a_provisional_deadline_reads_provisional_in_json_csv_and_xlsx(accepted, tmp_path):
    row = json_row()
    assert row["审理期限"] == "2027-01-25（暂定）"
    assert row["审理期限依据"] == "行政复议法第六十二条第一款"
    # A deadline in an entered year is a plain date.
    assert row["受理审查期限"] == "2026-11-27"

    text = export("csv").removeprefix("\ufeff")
    (csv_row,) = [r for r in csv.DictReader(io.StringIO(text)) if r["案件编号"] == NUMBER]
    assert csv_row["审理期限"] == "2027-01-25（暂定）"

    export("xlsx", tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["审理期限"] == "2027-01-25（暂定）"
    assert values["受理审查期限"] == "2026-11-27"


def test_once_2027_is_entered_the_export_shows_the_settled_date_unmarked(accepted):
    entered = HolidayYear.objects.create(year=2027, source=CalendarSource.ENTERED)
    HolidayDay.objects.create(
        year=entered, date=datetime.date(2027, 1, 25), arrangement="rest", name="测试假日"
    )
    holidays.forget()
    # The export computes each deadline from the case's facts on the calendar now: the new
    # holiday moves it to the next working day, settled.
    assert json_row()["审理期限"] == "2027-01-26"


def test_an_export_with_provisional_marks_reimports_unchanged(accepted, tmp_path):
    export("xlsx", tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(2)]
    assert rows[0]["审理期限"] == "2027-01-25（暂定）"
    # The register's columns of the export are its import file; the computed ones, marks and
    # all, are not the template's and are left out, as the import asks.
    trimmed = write_xlsx(tmp_path / "again.xlsx", rows, headers=REGISTER.headers)
    assert run_import(trimmed).strip() == "已导入：新增 0 条，更新 0 条，未变 1 条。"
    assert ReconsiderationCase.objects.get(number=NUMBER).decision_deadline == datetime.date(
        2027, 1, 25
    )


def test_overdue_counts_a_passed_provisional_deadline(accepted, monkeypatch):
    on(monkeypatch, datetime.date(2027, 2, 10))
    row = json_row()
    assert row["审理期限"] == "2027-01-25（暂定）" and row["超期"] == "是"


def test_overdue_counts_any_running_deadline_passed_not_only_the_decision(accepted, monkeypatch):
    # Accepted 2026-11-25, the copy not yet sent to the respondent: its seven working days
    # (第四十八条) ended 2026-12-04 while the 审理期限 runs to 2027-01-25. The case is overdue.
    on(monkeypatch, datetime.date(2026, 12, 10))
    row = json_row()
    assert row["办理状态"] == "审理中"
    assert row["超期"] == "是"
    # Once the copy is sent, only the 审理期限 and the reply (awaiting delivery) run.
    accepted.reply_notice_date = datetime.date(2026, 12, 3)
    save_record(None, REGISTER, accepted)
    assert json_row()["超期"] == "否"


class EveryYearProvisional(workdays.Calendar):
    """The stored calendar's working days, every year of it taken as not entered."""

    def is_provisional(self, day) -> bool:
        return day is not None


@pytest.fixture
def every_register(tree, monkeypatch):
    """One record of every register (its import template's sample row), then a calendar on
    which each of their deadlines is provisional."""
    department = core_actions.save_unit(
        None,
        code=DEPARTMENT,
        name="古丈县市场监督管理局",
        kind=UnitKind.ENFORCEMENT_DEPARTMENT,
        parent=tree["county"],
    )
    sample_card_holders(department)  # the 涉企行政检查 sample's two officers
    for name, register in REGISTERS.items():
        api_records.create(None, register, sample_payload(name))
    provisional = EveryYearProvisional(holidays.current().years)
    monkeypatch.setattr(workdays, "_provider", lambda: provisional)


def _deadline_cells(register) -> dict[str, str]:
    """Each exported deadline (a computed field with its legal basis beside it) of the
    register's sample record, by its column."""
    # The sample record (the officers' roster also holds the inspection sample's two holders).
    sample = register.sample[register.number_column.header]
    (row,) = export_rows(register, register.model.objects.filter(number=sample))
    computed = list(row)[len(register.headers) :]
    return {name: row[name] for name in computed if f"{name}依据" in row and row[name]}


def test_every_deadline_column_of_every_register_marks_a_provisional_date(every_register):
    checked = 0
    for register in REGISTERS.values():
        for column, text in _deadline_cells(register).items():
            assert text.endswith("（暂定）"), f"{register.label}「{column}」：{text}"
            checked += 1
    assert checked >= 10  # 复议, 应诉, 合法性审查, 备案审查, 法律援助, 公证, 调解 …


def test_the_corrections_report_deadline_marks_a_provisional_date(every_register):
    (row,) = export_rows(REGISTERS["corrections_subject"], CorrectionsSubject.objects.all())
    assert row["报到期限"].endswith("（暂定）")
