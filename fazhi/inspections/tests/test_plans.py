"""涉企检查计划 with the database: one plan per department and year, 逾期报备 by the due date,
the board's 缺报计划 over what the reader may see, the figures, and the plan's lines checked on
import."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.errors import ActionRefused
from fazhi.imports.tests.files import figures, import_workbook, write_xlsx
from fazhi.indicators.actions import change_setting
from fazhi.inspections import alerts, rules
from fazhi.inspections.columns import PLAN_REGISTER
from fazhi.inspections.models import InspectionPlan

D = datetime.date
AFTER_DUE = D(2025, 4, 10)


def test_a_department_files_one_plan_a_year(file_plan):
    plan = file_plan("market")
    assert not plan.filed_late
    with pytest.raises(Exception) as refused:
        file_plan("market", number="另一份")
    assert (
        "「古丈县市场监督管理局」2025年度的涉企检查计划已经报备：计划编号「计划market2025」，"
        "报备日期 2025-03-20。每个部门每年只报备一份计划，请打开已有的计划修改"
    ) in str(refused.value)
    assert InspectionPlan.objects.count() == 1
    file_plan("market", 2026, filed_date=D(2025, 12, 30))  # next year's, filed early


def test_a_plan_filed_after_the_due_date_is_late(file_plan):
    assert file_plan("market", filed_date=D(2025, 4, 1)).filed_late
    change_setting(None, rules.PLAN_DUE_SETTING, "04-30")
    assert not file_plan("land", filed_date=D(2025, 4, 1)).filed_late


def test_the_plans_lists_are_checked_line_by_line(file_plan):
    with pytest.raises(Exception) as refused:
        file_plan("market", items="食品检查\n｜无名\n计量检查｜依据｜上门")
    message = str(refused.value)
    assert "第2行：缺少事项名称" in message and "第3行：检查方式“上门”不是可选的方式" in message
    assert not InspectionPlan.objects.exists()


def test_the_clerk_files_his_own_departments_plan_only(file_plan, market_clerk):
    file_plan("market", actor=market_clerk)
    with pytest.raises(ActionRefused):
        file_plan("land", actor=market_clerk)
    file_plan("land")
    assert list(
        InspectionPlan.objects.visible_to(market_clerk).values_list("unit__code", flat=True)
    ) == ["433126-E02"]


# --- the board ------------------------------------------------------------------------------


def test_missing_plans_show_after_the_due_date(file_plan, supervisor):
    file_plan("market")
    assert alerts.plan_alerts(supervisor, D(2025, 3, 31)) == []
    (alert,) = alerts.plan_alerts(supervisor, AFTER_DUE)
    # 公安局 and 自然资源局 of 古丈县; not the sibling county's department.
    assert alert.count == 2
    assert [line.text for line in alert.lines] == ["古丈县公安局", "古丈县自然资源局"]
    assert alert.lines[0].detail == "应于3月31日前报备，已逾期10日"
    assert alert.label == "未报备2025年涉企检查计划的部门"


def test_the_clerk_is_reminded_of_his_own_department_only(file_plan, market_clerk, land_clerk):
    file_plan("market")
    assert alerts.plan_alerts(market_clerk, AFTER_DUE) == []
    (alert,) = alerts.plan_alerts(land_clerk, AFTER_DUE)
    assert alert.count == 1 and alert.lines[0].text == "古丈县自然资源局"


def test_the_due_date_setting_moves_the_reminder(file_plan, supervisor):
    change_setting(None, rules.PLAN_DUE_SETTING, "04-30")
    assert alerts.plan_alerts(supervisor, AFTER_DUE) == []


# --- import and figures ---------------------------------------------------------------------


def plan_row(number, unit, **cells) -> dict:
    values = {
        "计划编号": number,
        "年度": "2025",
        "检查主体": "本部门",
        "检查事项清单": "食品生产经营监督检查｜《食品安全法》｜现场｜每年1次",
        "计划检查次数": "10",
        "报备日期": "2025-03-20",
        "所属单位代码": unit,
    }
    values.update(cells)
    return values


def test_imported_plans_give_the_figures(departments, tmp_path):
    rows = [
        plan_row("1", "433126-E01"),
        plan_row("2", "433126-E02", 报备日期="2025-04-15", 计划检查次数="30"),  # late
        plan_row("3", "433126-E03", 年度="2024", 报备日期="2024-03-01"),
    ]
    out = import_workbook(tmp_path / "计划.xlsx", PLAN_REGISTER, rows)
    assert "新增 3 条" in out, out
    got = figures(2025)
    assert got["inspection_plan.filed"]["value"] == 2
    assert got["inspection_plan.late"]["value"] == 1
    assert got["inspection_plan.planned_inspections"]["value"] == 40
    assert figures(2024)["inspection_plan.filed"]["value"] == 1


def _import_errors(path, actor=None) -> str:
    from fazhi.core.tabular import read_table
    from fazhi.imports.importer import ImportRejected, import_rows

    with pytest.raises(ImportRejected) as rejected:
        import_rows(actor, PLAN_REGISTER, read_table(path, path.name))
    return "\n".join(str(error) for error in rejected.value.errors)


def test_an_import_refuses_a_second_plan_of_a_year_naming_the_other(
    departments, file_plan, tmp_path
):
    """Two rows of one department and year in a file, or a row of a year already filed: the
    row is refused naming the other plan, nothing is written (no database error)."""
    path = write_xlsx(
        tmp_path / "计划.xlsx",
        [plan_row("1", "433126-E01"), plan_row("2", "433126-E01")],
        headers=PLAN_REGISTER.headers,
    )
    errors = _import_errors(path)
    assert (
        "「古丈县公安局」2025年度的涉企检查计划在本次填报中出现了两次（计划编号「1」和「2」），"
        "每个部门每年只报备一份计划"
    ) in errors
    assert not InspectionPlan.objects.exists()

    file_plan("police", 2025)
    path = write_xlsx(
        tmp_path / "计划2.xlsx", [plan_row("X2", "433126-E01")], headers=PLAN_REGISTER.headers
    )
    errors = _import_errors(path)
    assert (
        "2025年度的涉企检查计划已经报备：计划编号「计划police2025」，报备日期 2025-03-20" in errors
    )
    assert list(InspectionPlan.objects.values_list("number", flat=True)) == ["计划police2025"]
    # The filed plan re-imported under its own number is an update, not a second plan.
    path = write_xlsx(
        tmp_path / "计划3.xlsx",
        [plan_row("计划police2025", "433126-E01", 计划检查次数="12")],
        headers=PLAN_REGISTER.headers,
    )
    from fazhi.core.tabular import read_table
    from fazhi.imports.importer import import_rows

    assert import_rows(None, PLAN_REGISTER, read_table(path, path.name)).updated == 1


# --- 报备日期: a 填报员's is the day he enters it ----------------------------------------------


def test_a_clerks_plan_is_filed_today_whatever_date_he_gives(file_plan, market_clerk):
    from django.utils import timezone

    plan = file_plan("market", actor=market_clerk, filed_date=D(2025, 3, 1))
    assert plan.filed_date == timezone.localdate()
    from fazhi.core.errors import RecordInvalid
    from fazhi.inspections import actions

    with pytest.raises(RecordInvalid) as refused:
        actions.update_plan(market_clerk, plan, filed_date=D(2025, 3, 1))
    assert "填报员报备计划的报备日期为录入当天" in str(refused.value)
    plan.refresh_from_db()
    assert plan.filed_date == timezone.localdate()
    # The bureau's 执法监督 enters a plan filed on paper by its day, and may correct it.
    actions.update_plan(None, plan, filed_date=D(2025, 3, 1))
    paper = file_plan("land", filed_date=D(2025, 3, 2))
    assert paper.filed_date == D(2025, 3, 2)


def test_a_clerk_cannot_backdate_a_plan_by_api_or_import(departments, market_clerk, tmp_path):
    from django.utils import timezone

    from fazhi.api import records

    today = timezone.localdate()
    data = {
        "number": "接口计划",
        "year": today.year,
        "subjects": "本部门",
        "items": "食品检查",
        "planned_count": 3,
        "filed_date": "2025-03-01",
        "published_date": None,
        "unit": "433126-E02",
    }
    with pytest.raises(records.Invalid) as refused:
        records.create(market_clerk, PLAN_REGISTER, data)
    assert "填报员报备计划的报备日期为录入当天" in str(refused.value)
    path = write_xlsx(
        tmp_path / "计划.xlsx",
        [plan_row("导入计划", "433126-E02", 报备日期="2025-03-01")],
        headers=PLAN_REGISTER.headers,
    )
    assert "填报员报备计划的报备日期为录入当天" in _import_errors(path, market_clerk)
    assert not InspectionPlan.objects.exists()
    # Dated today, both take his plan.
    records.create(market_clerk, PLAN_REGISTER, data | {"filed_date": today.isoformat()})
    assert InspectionPlan.objects.get().filed_date == today


def test_a_bad_line_refuses_the_file_with_its_row_and_line(departments, tmp_path):
    rows = [plan_row("1", "433126-E01", 检查事项清单="食品检查\n食品检查")]
    path = write_xlsx(tmp_path / "计划.xlsx", rows, headers=PLAN_REGISTER.headers)
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", PLAN_REGISTER.name, str(path), stderr=errors)
    assert "第2行：事项“食品检查”与第1行重复" in errors.getvalue()
    assert "检查事项清单" in errors.getvalue()
    assert not InspectionPlan.objects.exists()
