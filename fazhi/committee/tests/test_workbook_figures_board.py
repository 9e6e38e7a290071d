"""A 工作要点 imported as the register's workbook, its figures equal to a hand count (with their
drill-down), exported and imported back unchanged; the figures' SQL the Python rule; the
评议考核 measure per lead unit; and the overdue tasks on the board, for the office and for the
lead unit's 填报员."""

import datetime

import pytest

from fazhi.committee import actions, rules
from fazhi.committee.columns import MEETING_REGISTER, TASK_REGISTER
from fazhi.committee.models import TaskStatus, WorkTask
from fazhi.core.measures import get_measure
from fazhi.core.tabular import read_table
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period
from fazhi.portal.board import board_for

D = datetime.date
YEAR = Period.year(2024)
NAME = TASK_REGISTER.name

pytestmark = pytest.mark.django_db


def row(number, lead, deadline, closed="", note="", **cells):
    values = {
        "任务编号": f"古法办〔2024〕要点{number}号",
        "年度": "2024",
        "来源": "年度工作要点",
        "来源会议编号": "",
        "决定事项序号": "",
        "任务内容": f"第{number}项任务",
        "牵头单位": lead,
        "配合单位": "",
        "交办日期": "2024-02-20",
        "完成时限": deadline,
        "办结日期": closed,
        "完成情况": note,
        "所属单位代码": "433126",
    }
    values.update(cells)
    return values


ROWS = [
    row(1, "433126-E02", "2024-06-30", "2024-06-20", "已落实"),  # on time
    row(2, "433126-E02", "2024-08-31"),  # open, overdue since September
    row(3, "433126-E01", "2024-10-31", "2024-11-15", "已完成"),  # late
    row(4, "433126-Z02", "2025-03-31", 来源="上级交办"),  # due next year
    # Last year's, still open: overdue since 2023, set before the period.
    row(5, "433126-E07", "2023-12-31", 年度="2023", 交办日期="2023-02-20"),
    row(
        6,
        "433126",
        "2024-12-31",
        "2024-12-31",
        "已完成",
        来源="其他",
        配合单位="433126-E01,433126-E02",
    ),
]


def number(n):
    return f"古法办〔2024〕要点{n}号"


def import_sheet(tmp_path, rows, actor=None, name="工作要点.xlsx", register=TASK_REGISTER):
    path = write_xlsx(tmp_path / name, rows, headers=register.headers)
    return import_rows(actor, register, read_table(path, path.name), filename=path.name)


def figures(unit, user=None, period=YEAR, register=NAME, keys=()):
    keys = keys or (
        "assigned",
        "assigned.年度工作要点",
        "assigned.会议决定事项",
        "assigned.上级交办",
        "assigned.其他",
        "closed",
        "closed_on_time",
        "on_time_rate",
        "overdue",
        "open",
        "due_next_year",
    )
    found = compute([f"{register}.{k}" for k in keys], period, unit, user=user)
    return {key.split(".", 1)[1]: figure for key, figure in found.items()}


def numbers(key, unit, user=None, period=YEAR):
    records = records_for(f"{NAME}.{key}", period, unit, user)
    return sorted(records.values_list("number", flat=True))


def test_the_plan_imports_and_its_figures_equal_the_hand_count(tmp_path, units, office):
    result = import_sheet(tmp_path, ROWS, office)
    assert (result.created, result.updated) == (6, 0)
    stored = {t.number: t for t in WorkTask.objects.select_related("lead_unit")}
    assert stored[number(1)].status == TaskStatus.CLOSED
    assert stored[number(2)].status == TaskStatus.OPEN
    assert stored[number(2)].lead_unit == units["market"]
    assert stored[number(6)].partner_codes == "433126-E01、433126-E02"

    found = figures(units["county"], office)
    values = {key: figure.value for key, figure in found.items() if key != "on_time_rate"}
    assert values == {
        "assigned": 5,  # the 2023 task was set before the period
        "assigned.年度工作要点": 3,
        "assigned.会议决定事项": 0,
        "assigned.上级交办": 1,
        "assigned.其他": 1,
        "closed": 3,
        "closed_on_time": 2,
        "overdue": 2,  # 2号 and last year's 5号
        "open": 3,  # 2号, 4号, 5号
        "due_next_year": 1,  # 4号
    }
    rate = found["on_time_rate"]
    assert (rate.numerator, rate.denominator) == (2, 3)
    county = units["county"]
    assert numbers("overdue", county) == [number(2), number(5)]
    assert numbers("closed_on_time", county) == [number(1), number(6)]
    assert numbers("due_next_year", county) == [number(4)]
    # On 2024-08-01 the 2号 was not yet due: the stock is judged on the period's last day.
    summer = Period(D(2024, 1, 1), D(2024, 8, 1))
    assert figures(county, period=summer, keys=("overdue",))["overdue"].value == 1


def test_the_lead_units_clerk_counts_his_own_tasks(tmp_path, units, market_clerk):
    import_sheet(tmp_path, ROWS)
    found = figures(units["county"], market_clerk, keys=("assigned", "overdue", "closed"))
    assert {k: f.value for k, f in found.items()} == {"assigned": 2, "overdue": 1, "closed": 1}


def test_a_clerks_workbook_is_refused_whole(tmp_path, units, market_clerk):
    with pytest.raises(ImportRejected):
        import_sheet(tmp_path, ROWS[:2], market_clerk)
    assert not WorkTask.objects.exists()


def test_the_export_imports_back_unchanged(tmp_path, units, office, market_clerk):
    import_sheet(tmp_path, ROWS, office)
    actions.report_progress(
        market_clerk, WorkTask.objects.get(number=number(2)), D(2024, 9, 1), "已整改一半"
    )
    data = export_records(TASK_REGISTER, WorkTask.objects.order_by("id"), "xlsx", actor=office)
    path = tmp_path / "导出.xlsx"
    path.write_bytes(data)
    exported = {r.values["任务编号"]: r.values for r in read_table(path, path.name).rows}
    assert exported[number(2)]["任务状态"] == "推进中"
    assert exported[number(2)]["超期"] == "是"
    assert exported[number(2)]["最新进展"] == "已整改一半"
    assert exported[number(3)]["按期办结"] == "否"
    assert exported[number(6)]["配合单位"] == "433126-E01、433126-E02"
    result = import_sheet(tmp_path, list(exported.values()), office, name="回填.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    # A sheet without the 办结日期 does not reopen a task.
    first = [{**r, "办结日期": ""} for r in ROWS]
    result = import_sheet(tmp_path, first, office, name="原要点.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert WorkTask.objects.get(number=number(1)).closed_date == D(2024, 6, 20)


def test_a_row_naming_an_unknown_unit_or_meeting_is_refused_in_chinese(tmp_path, units, office):
    wrong = [
        ROWS[0],
        row(7, "433126-E02", "2024-12-31", 配合单位="433126-E99"),
        row(8, "433126-E02", "2024-12-31", 来源="会议决定事项", 来源会议编号="古法委〔2024〕9号"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_sheet(tmp_path, wrong, office)
    found = {(e.row, e.column, e.message) for e in rejected.value.errors}
    assert found == {
        (3, "配合单位", "找不到单位代码「433126-E99」"),
        (4, "来源会议编号", "本单位没有登记编号为「古法委〔2024〕9号」的会议"),
    }
    assert not WorkTask.objects.exists()


@pytest.mark.parametrize("day", [D(2023, 12, 31), D(2024, 6, 30), D(2024, 9, 1), D(2024, 11, 15)])
def test_the_figures_conditions_are_the_python_rule(tmp_path, units, day):
    import_sheet(tmp_path, ROWS)
    records = WorkTask.objects.all()
    pairs = [
        (rules.overdue_condition(day), lambda r: rules.overdue_on(r, day)),
        (rules.on_time_condition(), lambda r: rules.on_time(r) is True),
        (rules.late_condition(day), lambda r: rules.late(r, day)),
        (
            rules.open_condition(day),
            lambda r: r.assigned_date <= day and (r.closed_date is None or r.closed_date > day),
        ),
    ]
    for condition, rule in pairs:
        selected = set(records.filter(condition).values_list("number", flat=True))
        assert selected == {r.number for r in records if rule(r)}


def test_the_measure_counts_late_tasks_per_lead_unit(tmp_path, units, monkeypatch):
    import_sheet(tmp_path, ROWS)
    monkeypatch.setattr("fazhi.committee.measures.timezone.localdate", lambda: D(2024, 12, 31))
    measure = get_measure("committee.tasks_overdue")
    ids = [units[name].pk for name in ("market", "police", "town", "transport")]
    # 市场监管局's 2号 is past its day, 公安局's 3号 was closed late, 默戎镇's is due in 2025;
    # 交通运输局's is a task of 2023.
    assert measure.per_department(2024, ids) == dict(zip(ids, (1, 1, 0, 0), strict=True))
    assert measure.per_department(2023, ids)[units["transport"].pk] == 1


def test_the_meetings_figures(units, office, meeting):
    actions.register_meeting(
        office,
        unit=units["county"],
        number="古法办〔2024〕1号",
        kind="office",
        meeting_date=D(2024, 9, 3),
        name="依法治县办主任会议",
        chair="依法治县办主任",
        topics="调度工作要点推进情况",
    )
    keys = ("held", "held.委员会全体会议", "held.委员会办公室会议", "held.专题会议")
    keys += ("topics", "decisions")
    found = figures(units["county"], office, register=MEETING_REGISTER.name, keys=keys)
    assert {k: f.value for k, f in found.items()} == {
        "held": 2,
        "held.委员会全体会议": 1,
        "held.委员会办公室会议": 1,
        "held.专题会议": 0,
        "topics": 3,
        "decisions": 3,
    }


def test_the_board_shows_the_overdue_tasks(tmp_path, units, office, market_clerk, town_clerk):
    import_sheet(tmp_path, ROWS)
    today = D(2024, 9, 2)

    def lines(user):
        board, _ = board_for(user, today)
        sections = [s for s in board if s.register.name == NAME]
        if not sections:
            return []
        return [(line.number, line.label, line.days_left) for line in sections[0].overdue]

    assert lines(office) == [(number(5), "完成时限", -246), (number(2), "完成时限", -2)]
    # The lead unit's 填报员 sees his own unit's task, another unit's none of them.
    assert lines(market_clerk) == [(number(2), "完成时限", -2)]
    assert lines(town_clerk) == []
