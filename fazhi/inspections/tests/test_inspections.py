"""涉企行政检查 with the database: what is refused on entry but kept and flagged on import (a
credit code failing GB 32100, fewer than two officers with a valid 执法证), who sees what, the
figures counted from the records, and an export that imports back unchanged."""

import datetime
import json

import pytest

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditEntry
from fazhi.core.tabular import read_table
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import import_rows
from fazhi.imports.tests.files import figures, import_workbook, write_xlsx
from fazhi.indicators.actions import change_setting
from fazhi.inspections import rules
from fazhi.inspections.columns import INSPECTION_REGISTER
from fazhi.inspections.models import EnterpriseInspection

from .conftest import BAD_CODE, OTHER_CODE, TWO_VALID, VALID_CODE

D = datetime.date


# --- entry ----------------------------------------------------------------------------------


def test_an_inspection_by_two_valid_cards_is_registered(inspect):
    record = inspect("检1", officer_numbers=" 43126020240001，43126020240002 ")
    record.refresh_from_db()
    assert record.officer_numbers == TWO_VALID
    assert (record.valid_officers, record.short_of_officers, record.code_unverified) == (
        2,
        False,
        False,
    )


def test_a_failing_credit_code_is_refused_on_entry_in_chinese(inspect):
    with pytest.raises(RecordInvalid) as refused:
        inspect("检1", uscc=BAD_CODE)
    assert "「统一社会信用代码」统一社会信用代码的校验码不符，请核对。" in str(refused.value)
    assert not EnterpriseInspection.objects.exists()


def test_one_valid_card_is_refused_on_entry_naming_the_card_not_valid(inspect):
    # 0003 expired on 2025-03-31; the same officer's card twice counts once.
    for numbers in ("43126020240001、43126020200003", "43126020240001、43126020240001"):
        with pytest.raises(RecordInvalid) as refused:
            inspect("检1", officer_numbers=numbers)
        assert "持有本部门有效执法证的执法人员只有 1 名" in str(refused.value)
    assert "证号 43126020200003 在检查日期不是有效的执法证" in _message(
        inspect, "43126020240001、43126020200003"
    )
    assert not EnterpriseInspection.objects.exists()


def _message(inspect, numbers) -> str:
    with pytest.raises(RecordInvalid) as refused:
        inspect("检1", officer_numbers=numbers)
    return str(refused.value)


def test_a_card_is_judged_on_the_inspection_date(inspect):
    # Before it expired, 0003 was valid: an inspection of March 2025 had two certified officers.
    record = inspect(
        "检1", officer_numbers="43126020240001、43126020200003", inspection_date=D(2025, 3, 31)
    )
    assert record.valid_officers == 2 and not record.short_of_officers
    # Correcting the date to after the expiry is refused: the officers are asked again.
    from fazhi.inspections import actions

    with pytest.raises(RecordInvalid):
        actions.update_inspection(None, record, inspection_date=D(2025, 4, 1))
    record.refresh_from_db()
    assert record.inspection_date == D(2025, 3, 31)


def test_an_edit_of_the_result_keeps_the_officers_count(inspect):
    from fazhi.inspections import actions

    record = inspect("检1")
    actions.update_inspection(None, record, result="rectify")
    record.refresh_from_db()
    assert (record.result, record.valid_officers) == ("rectify", 2)


def test_only_in_post_officers_of_the_inspecting_department_count(inspect, market_clerk):
    from fazhi.inspections import actions
    from fazhi.officers import actions as officer_actions
    from fazhi.officers.models import EnforcementOfficer

    # 0004 is 自然资源局's card: it does not count for 市场监管局's own inspection …
    with pytest.raises(RecordInvalid) as refused:
        inspect("检1", actor=market_clerk, officer_numbers="43126020240001、43126020240004")
    assert "证号 43126020240004 不是本部门的执法证" in str(refused.value)
    # … but it does for a 联合 inspection, carried out with other departments.
    joint = inspect("检1", officer_numbers="43126020240001、43126020240004", method="joint")
    assert (joint.valid_officers, joint.short_of_officers) == (2, False)
    # An officer out of post (his card not yet 注销) counts for no inspection written now.
    officer = EnforcementOfficer.objects.get(card_number="43126020240002")
    officer_actions.update_officer(None, officer, in_post=False)
    with pytest.raises(RecordInvalid) as refused:
        inspect("检2")
    assert "证号 43126020240002 的持证人不在岗" in str(refused.value)
    # Turning the joint inspection into a department's own is asked again, and refused.
    with pytest.raises(RecordInvalid):
        actions.update_inspection(None, joint, method="on_site")
    assert EnterpriseInspection.objects.get().method == "joint"


# --- import: kept and flagged ---------------------------------------------------------------


def row(number, **cells) -> dict:
    values = {
        "检查编号": number,
        "检查主体": "古丈县市场监督管理局",
        "统一社会信用代码": VALID_CODE,
        "企业名称": "古丈县古阳茶业有限公司",
        "检查日期": "2025-05-12",
        "检查事项": "食品生产经营监督检查",
        "检查类别": "日常",
        "检查方式": "现场",
        "是否计划内": "是",
        "审批日期": "2025-05-08",
        "检查结果": "未发现问题",
        "执法人员证号": TWO_VALID,
        "所属单位代码": "433126-E02",
    }
    values.update(cells)
    return values


ROWS = [
    row("1"),
    row("2", 统一社会信用代码=BAD_CODE),  # kept, 校验未通过
    row("3", 执法人员证号="43126020240001、43126020200003"),  # kept, 持证人数不足
    row("4", 是否计划内="否", 审批日期="", 检查类别="个案"),
    row("5", 统一社会信用代码=OTHER_CODE, 检查日期="2025-06-01", 检查类别="专项"),
    row("6", 检查日期="2025-09-01", 检查类别="上级部署专项"),
    # A 联合 inspection: 自然资源局's officer with 市场监管局's.
    row(
        "7",
        所属单位代码="433126-E03",
        执法人员证号="43126020240004、43126020240001",
        检查方式="联合",
    ),
    row("8", 检查日期="2024-11-05"),  # last year
]


@pytest.fixture
def imported(cards, tmp_path):
    out = import_workbook(tmp_path / "检查.xlsx", INSPECTION_REGISTER, ROWS)
    assert "新增 8 条" in out, out


def by_number(number) -> EnterpriseInspection:
    return EnterpriseInspection.objects.get(number=number)


def test_the_rows_entry_refuses_are_kept_on_import_and_flagged(imported):
    bad_code = by_number("2")
    assert bad_code.code_unverified and bad_code.uscc == BAD_CODE
    assert not bad_code.short_of_officers
    short = by_number("3")
    assert (short.valid_officers, short.short_of_officers) == (1, True)
    assert not by_number("1").code_unverified and not by_number("1").short_of_officers
    # Officers of two departments inspect together (联合): both cards count.
    assert by_number("7").valid_officers == 2


def test_a_flagged_record_is_corrected_but_its_facts_are_checked_when_changed(imported, supervisor):
    from fazhi.inspections import actions

    bad_code, short = by_number("2"), by_number("3")
    actions.update_inspection(supervisor, bad_code, result="rectify")
    actions.update_inspection(supervisor, short, result="rectify", enterprise_name="另一家公司")
    assert by_number("2").result == by_number("3").result == "rectify"
    assert by_number("3").short_of_officers  # the flag stays as found
    # Changing what the flags come from is checked as on entry.
    with pytest.raises(RecordInvalid) as refused:
        actions.update_inspection(supervisor, bad_code, uscc="91433126MA4L123457")
    assert "统一社会信用代码" in str(refused.value)
    with pytest.raises(RecordInvalid):
        actions.update_inspection(supervisor, short, inspection_date=D(2025, 5, 13))
    # Correcting the code or the officers clears the flag.
    actions.update_inspection(supervisor, by_number("2"), uscc=VALID_CODE)
    actions.update_inspection(supervisor, by_number("3"), officer_numbers=TWO_VALID)
    assert not by_number("2").code_unverified and not by_number("3").short_of_officers


def test_an_import_still_refuses_a_row_with_no_code(cards, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        import_workbook(
            tmp_path / "检查.xlsx", INSPECTION_REGISTER, [row("1", 统一社会信用代码="")]
        )
    assert not EnterpriseInspection.objects.exists()


def test_figures_are_counted_from_the_records(imported):
    got = figures(2025)

    def value(key):
        return got[f"enterprise_inspection.{key}"]["value"]

    assert value("count") == 7
    assert value("unplanned") == 1  # 4
    assert value("uncertified") == 1  # 3
    assert value("code_unverified") == 1  # 2
    assert value("without_approval") == 1  # 4
    assert value("by_kind.日常") == 4  # 1, 2, 3, 7
    assert value("by_kind.上级部署专项") == 1
    assert value("enterprises_over_cap") == 0  # no cap by default
    assert figures(2024)["enterprise_inspection.count"]["value"] == 1
    assert figures(2025, "433126-E03")["enterprise_inspection.count"]["value"] == 1


def test_enterprises_over_the_cap_follow_the_settings(imported):
    # 市场监管局 inspected VALID_CODE in 2025 by 1, 3 (日常), 4 (个案) and 6 (上级部署专项);
    # 2 is another code as written, 8 another year.
    change_setting(None, rules.CAP_SETTING, "2")
    assert figures(2025)["enterprise_inspection.enterprises_over_cap"]["value"] == 1
    change_setting(None, rules.CAP_SETTING, "3")
    assert figures(2025)["enterprise_inspection.enterprises_over_cap"]["value"] == 0
    # Counting 上级部署专项 too puts it over again.
    change_setting(None, rules.CAP_KINDS_SETTING, ["routine", "case", "special", "ordered"])
    assert figures(2025)["enterprise_inspection.enterprises_over_cap"]["value"] == 1


def test_the_measures_count_each_departments_records(imported, departments, inspect):
    from fazhi.core.measures import get_measure

    ids = [departments[name].pk for name in ("police", "market", "land")]
    police, market, land = ids
    over_cap = get_measure("inspections.over_cap").per_department
    uncertified = get_measure("inspections.uncertified").per_department
    assert over_cap(2025, ids) == {police: 0, market: 0, land: 0}  # no cap set
    change_setting(None, rules.CAP_SETTING, "2")
    assert over_cap(2025, ids) == {police: 0, market: 1, land: 0}
    # A second enterprise over the cap: the measure counts enterprises, not inspections.
    for n in range(3):
        inspect(f"检O{n}", uscc=OTHER_CODE, inspection_date=D(2025, 7, 1 + n))
    assert over_cap(2025, ids)[market] == 2
    assert over_cap(2024, ids)[market] == 0
    # 3 was kept by the import with one certified officer; 8 is of 2024 and certified.
    assert uncertified(2025, ids) == {police: 0, market: 1, land: 0}
    assert uncertified(2024, ids)[market] == 0


def test_the_over_cap_drill_down_lists_the_counted_inspections(imported):
    from fazhi.core.models import Unit
    from fazhi.indicators.compute import records_for
    from fazhi.indicators.registry import Period

    change_setting(None, rules.CAP_SETTING, "2")
    records = records_for(
        "enterprise_inspection.enterprises_over_cap",
        Period.year(2025),
        Unit.objects.get(code="433126"),
    )
    assert sorted(r.number for r in records) == ["1", "3", "4"]


# --- scope ----------------------------------------------------------------------------------


def test_a_departments_clerk_sees_and_enters_only_his_own(imported, market_clerk, inspect):
    seen = EnterpriseInspection.objects.visible_to(market_clerk)
    assert sorted(seen.values_list("number", flat=True)) == ["1", "2", "3", "4", "5", "6", "8"]
    inspect("检新", actor=market_clerk)
    with pytest.raises(ActionRefused):
        inspect("检他", actor=market_clerk, unit="land")
    assert not EnterpriseInspection.objects.filter(number="检他").exists()


def test_the_clerk_reads_his_departments_figures_only(imported, market_clerk):
    from fazhi.core.models import Unit
    from fazhi.indicators.compute import compute
    from fazhi.indicators.registry import Period

    county = Unit.objects.get(code="433126")
    key = "enterprise_inspection.count"
    assert compute([key], Period.year(2025), county, user=market_clerk)[key].value == 6


# --- import / export ------------------------------------------------------------------------


def test_an_export_imports_back_unchanged(imported, supervisor, tmp_path):
    records = EnterpriseInspection.objects.order_by("number")
    exported = json.loads(export_records(INSPECTION_REGISTER, records, "json", actor=supervisor))
    assert len(exported) == 8
    flagged = next(r for r in exported if r["检查编号"] == "3")
    assert (flagged["持证人数不足"], flagged["持有效执法证人数"]) == ("是", "1")
    path = write_xlsx(tmp_path / "导出.xlsx", exported, headers=INSPECTION_REGISTER.headers)
    entries = AuditEntry.objects.count()
    result = import_rows(supervisor, INSPECTION_REGISTER, read_table(path, path.name))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 8)
    assert AuditEntry.objects.count() == entries + 1  # the import's own entry only
