"""A hand-made 整改台账 imported, its figures equal to a hand count (with their drill-down),
exported and imported back unchanged; an inspection whose rows disagree refused whole; and
the overdue rectification on the deadline board, for the bureau and the inspected unit."""

import datetime

import pytest

from fazhi.core import rectification
from fazhi.core.measures import get_measure
from fazhi.core.rectification import Status
from fazhi.core.tabular import read_table
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period
from fazhi.oversight.columns import REGISTER
from fazhi.oversight.models import RuleOfLawInspection
from fazhi.portal.board import board_for

D = datetime.date
YEAR = Period.year(2024)

pytestmark = pytest.mark.django_db


def row(number, inspection, unit, start, problems="", deadline="", done="", note="", **cells):
    values = {
        "记录编号": f"{inspection}-{number}",
        "督察编号": inspection,
        "督察类别": "法治督察",
        "督察对象": unit,
        "督察开始日期": start,
        "督察结束日期": "",
        "督察组": "县委依法治县办第一督察组",
        "发现问题": problems,
        "整改期限": deadline,
        "整改完成日期": done,
        "整改情况": note,
        "所属单位代码": "433126",
    }
    values.update(cells)
    return values


A, B, C, OLD = "古法督〔2024〕1号", "古法督〔2024〕2号", "古法督〔2024〕3号", "古法督〔2023〕5号"
ROWS = [
    # 1号 of 市场监管局: one finding rectified on time, one still open and overdue.
    row(1, A, "433126-E02", "2024-05-06", "公示不及时", "2024-07-31", "2024-07-20", "已更新"),
    row(2, A, "433126-E02", "2024-05-06", "案卷归档不及时", "2024-08-31"),
    # 2号 of 默戎镇 (政治巡察+法治督察): nothing found.
    row(1, B, "433126-Z02", "2024-06-03", 督察类别="政治巡察+法治督察"),
    # 3号 of 公安局: rectified, late.
    row(1, C, "433126-E01", "2024-09-02", "未落实法制审核", "2024-10-31", "2024-11-15", "已审核"),
    # Last year's, of 交通运输局: still open at the end of 2024, overdue since 2023.
    row(1, OLD, "433126-E07", "2023-11-06", "检查事项未公示", "2023-12-31"),
]


def import_sheet(tmp_path, rows, actor=None, name="台账.xlsx"):
    path = write_xlsx(tmp_path / name, rows, headers=REGISTER.headers)
    return import_rows(actor, REGISTER, read_table(path, path.name), filename=path.name)


def figures(unit, user=None, period=YEAR):
    keys = [
        "count",
        "findings",
        "rectified",
        "rectified_on_time",
        "on_time_rate",
        "units_urged",
        "units_rectifying",
        "overdue",
    ]
    found = compute([f"{REGISTER.name}.{k}" for k in keys], period, unit, user=user)
    return {key.split(".", 1)[1]: figure for key, figure in found.items()}


def numbers(key, unit, user=None):
    records = records_for(f"{REGISTER.name}.{key}", YEAR, unit, user)
    return sorted(records.values_list("number", flat=True))


def test_the_ledger_imports_and_its_figures_equal_the_hand_count(tmp_path, units, supervisor):
    result = import_sheet(tmp_path, ROWS, supervisor)
    assert (result.created, result.updated) == (5, 0)
    stored = {r.number: r for r in RuleOfLawInspection.objects.all()}
    assert stored[f"{A}-2"].status == Status.RECTIFYING
    assert stored[f"{B}-1"].status == Status.NO_PROBLEM
    assert stored[f"{A}-1"].inspected_unit == units["market"]

    found = figures(units["county"], supervisor)
    values = {key: figure.value for key, figure in found.items() if key != "on_time_rate"}
    assert values == {
        "count": 3,  # 1号, 2号, 3号: an inspection is counted once, however many findings
        "findings": 3,
        "rectified": 2,
        "rectified_on_time": 1,  # 3号's was late
        "units_urged": 2,  # 市场监管局 and 公安局; 默戎镇 had nothing to rectify
        "units_rectifying": 2,  # 市场监管局 and, from 2023, 交通运输局
        "overdue": 2,
    }
    rate = found["on_time_rate"]
    assert (rate.numerator, rate.denominator) == (1, 3)
    # The drill-down shows exactly the records counted.
    county = units["county"]
    assert numbers("overdue", county) == sorted([f"{A}-2", f"{OLD}-1"])
    assert numbers("rectified_on_time", county) == [f"{A}-1"]
    assert len(numbers("count", county)) == 4  # the inspections' records: 2 + 1 + 1
    # On 2024-08-01 the 1号's open finding was not yet due: the stock is judged on the day.
    summer = Period(D(2024, 1, 1), D(2024, 8, 1))
    assert figures(county, period=summer)["overdue"].value == 1  # the 2023 finding alone


def test_the_inspected_units_clerk_counts_his_own_findings(tmp_path, units, market_clerk):
    import_sheet(tmp_path, ROWS)
    found = figures(units["county"], market_clerk)
    assert (found["count"].value, found["findings"].value, found["overdue"].value) == (1, 2, 1)


def test_the_export_imports_back_unchanged(tmp_path, units, supervisor):
    import_sheet(tmp_path, ROWS, supervisor)
    records = RuleOfLawInspection.objects.order_by("id")
    data = export_records(REGISTER, records, "xlsx", actor=supervisor)
    path = tmp_path / "导出.xlsx"
    path.write_bytes(data)
    table = read_table(path, path.name)
    exported = {r.values["记录编号"]: r.values for r in table.rows}
    assert exported[f"{A}-2"]["整改状态"] == "整改中"
    assert exported[f"{A}-2"]["整改超期"] == "是"
    assert exported[f"{C}-1"]["按期整改"] == "否"
    # Its computed columns (整改状态 …) are for reading: the register's own go back in.
    result = import_sheet(tmp_path, list(exported.values()), supervisor, name="回填.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)


def test_rows_of_one_inspection_that_disagree_are_refused_whole(tmp_path, units, supervisor):
    wrong = [*ROWS[:1], {**ROWS[1], "督察组": "第二督察组"}, *ROWS[2:]]
    with pytest.raises(ImportRejected) as rejected:
        import_sheet(tmp_path, wrong, supervisor)
    (error,) = rejected.value.errors
    assert (error.row, error.column) == (3, "督察编号")
    assert "督察组" in error.message and "须一致" in error.message
    assert not RuleOfLawInspection.objects.exists()
    # A later file adding a finding to a stored inspection is held to what is stored.
    import_sheet(tmp_path, ROWS, supervisor)
    late = row(3, A, "433126-E01", "2024-05-06", "又一个问题", "2024-08-31")
    with pytest.raises(ImportRejected) as rejected:
        import_sheet(tmp_path, [late], supervisor, name="补充.xlsx")
    assert "督察对象" in rejected.value.errors[0].message
    assert RuleOfLawInspection.objects.count() == 5


def test_the_board_shows_the_overdue_rectification(tmp_path, units, supervisor, market_clerk):
    import_sheet(tmp_path, ROWS)
    today = D(2024, 9, 2)

    def lines(user):
        board, _ = board_for(user, today)
        (section,) = [s for s in board if s.register.name == REGISTER.name]
        return [(line.number, line.label, line.days_left) for line in section.overdue]

    assert lines(supervisor) == [(f"{OLD}-1", "整改期限", -246), (f"{A}-2", "整改期限", -2)]
    assert lines(market_clerk) == [(f"{A}-2", "整改期限", -2)]


@pytest.mark.parametrize("day", [D(2023, 12, 31), D(2024, 7, 31), D(2024, 8, 1), D(2024, 11, 15)])
def test_the_figures_conditions_are_the_python_rule(tmp_path, units, day):
    """core.rectification's SQL twins select exactly the records its Python rules name."""
    import_sheet(tmp_path, ROWS)
    records = RuleOfLawInspection.objects.all()
    pairs = [
        (rectification.overdue_condition(day), lambda r: rectification.overdue_on(r, day)),
        (rectification.on_time_condition(), lambda r: rectification.on_time(r) is True),
        (rectification.late_condition(day), lambda r: rectification.late(r, day)),
    ]
    for condition, rule in pairs:
        selected = set(records.filter(condition).values_list("number", flat=True))
        assert selected == {r.number for r in records if rule(r)}


def test_the_evaluation_measure_counts_late_rectification_per_inspected_unit(tmp_path, units):
    import_sheet(tmp_path, ROWS)
    measure = get_measure("oversight.rectification_late")
    ids = [units[name].pk for name in ("market", "police", "town", "transport")]
    # 市场监管局's open finding is past its day, 公安局's was closed late; 2023's is not of 2024.
    assert measure.per_department(2024, ids) == dict(zip(ids, (1, 1, 0, 0), strict=True))
    assert measure.per_department(2023, ids)[units["transport"].pk] == 1


def test_a_sheet_with_blank_rectification_cells_keeps_what_the_unit_recorded(tmp_path, units):
    """整改完成日期 and 整改情况 are the inspected unit's: the bureau re-importing its sheet with
    those cells blank changes neither (a blank text cell reads as "", a blank date as None)."""
    import_sheet(tmp_path, ROWS[:1])
    blank = [{**ROWS[0], "整改完成日期": "", "整改情况": ""}]
    import_sheet(tmp_path, blank, name="再次导入.xlsx")
    record = RuleOfLawInspection.objects.get(number=f"{A}-1")
    assert (record.rectified_date, record.rectification_note) == (D(2024, 7, 20), "已更新")
    assert record.status == Status.RECTIFIED
