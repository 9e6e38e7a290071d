"""部门法治政府建设年度报告 through its actions and the write path: who may be a reporting unit,
one report a unit and year (refused by name, by an action and by an import), and the reporting
unit's 填报员 recording his own unit's 报送 and 公开, nothing else and no other unit's."""

import datetime

import pytest

from fazhi.core.errors import ActionRefused, RecordInvalid, StepRefused
from fazhi.core.models import AuditAction, AuditEntry, RegisterSetting
from fazhi.core.roles import CHANGE
from fazhi.core.tabular import HEADER_ROW, Row, Table
from fazhi.core.writes import update_record
from fazhi.department_reports import actions, rules
from fazhi.department_reports.columns import REGISTER
from fazhi.department_reports.models import DepartmentReport, ReportStatus
from fazhi.department_reports.permissions import BUREAU_ONLY, BY_STEP
from fazhi.imports.importer import ImportRejected, import_rows

from .conftest import YEAR

D = datetime.date

pytestmark = pytest.mark.django_db


def entries(record):
    return list(
        AuditEntry.objects.filter(register=REGISTER.name, object_id=str(record.pk))
        .exclude(action=AuditAction.READ_SENSITIVE)
        .order_by("id")
    )


def test_a_registered_report_is_judged_against_its_due_days(report, units):
    record = report("433126-E02", received_date=D(YEAR + 1, 3, 4), published_date=None, link="")
    assert record.reporting_unit == units["market"]
    assert (record.received_due, record.published_due) == (D(2025, 3, 1), D(2025, 4, 1))
    assert (record.received_late, record.status) == (True, ReportStatus.SENT)
    assert (record.due_date, record.due_label) == (D(2025, 4, 1), "公开期限")
    (entry,) = entries(record)
    assert (entry.action, entry.note) == (AuditAction.CREATE, "登记部门法治政府建设年度报告")


def test_the_reporting_unit_must_be_one_that_reports_in_the_area(report, units):
    with pytest.raises(RecordInvalid, match="不是应报送法治政府建设年度报告的单位"):
        report("433126-S01")
    with pytest.raises(RecordInvalid, match="不在「古丈县司法局」的辖区内"):
        report("433122-E01")
    with pytest.raises(RecordInvalid, match="找不到单位代码"):
        report("433126-E99")
    assert not DepartmentReport.objects.exists()
    # The bureau's own report is one of them.
    own = report("433126", number="本局2024年度")
    assert own.reporting_unit == units["county"]


def test_the_setting_names_the_kinds_that_report(report):
    RegisterSetting.objects.create(key=rules.KINDS_SETTING, value=["enforcement_department"])
    with pytest.raises(RecordInvalid, match="（行政执法部门或司法行政机关）"):
        report("433126-Z01")
    assert report("433126-E01").pk


# --- one report a unit and year -----------------------------------------------------------------


def test_a_second_report_of_a_unit_and_year_is_refused_naming_the_first(report, units):
    first = report("433126-E02")
    with pytest.raises(RecordInvalid) as refused:
        report("433126-E02", number="另一个编号")
    (problem,) = refused.value.problems
    assert (problem.header, problem.message) == (
        "报告年度",
        "「古丈县市场监督管理局」2024年度的法治政府建设年度报告已经登记：登记编号"
        f"「{first.number}」，2025-02-20报送。每个单位每年度只登记一份，请打开已有的记录修改",
    )
    # Its number taken again in the same unit: the number's own rule says so.
    with pytest.raises(Exception, match="本单位已登记过这个编号"):
        report("433126-E02")
    # Another year, or a correction of the first, is no second report.
    assert report("433126-E02", year=YEAR - 1).pk
    actions.update_report(None, first, note="经核对")
    assert DepartmentReport.objects.count() == 2


def test_an_import_refuses_a_unit_twice_in_one_file(bureau):
    row = {
        "登记编号": "2024年度第01号",
        "报告年度": "2024",
        "报告单位": "433126-E01",
        "报送日期": "2025-02-20",
        "所属单位代码": "433126",
    }
    twice = [row, {**row, "登记编号": "2024年度第02号"}]
    table = Table(
        headers=REGISTER.headers,
        rows=[Row(HEADER_ROW + 1 + n, r) for n, r in enumerate(twice)],
    )
    with pytest.raises(ImportRejected) as rejected:
        import_rows(bureau, REGISTER, table, filename="两次.xlsx")
    ((row, header, message),) = [(e.row, e.column, e.message) for e in rejected.value.errors]
    assert (row, header) == (HEADER_ROW + 2, "报告年度")
    assert message == (
        "「古丈县公安局」2024年度的报告在本次登记中出现了两次"
        "（登记编号「2024年度第01号」和「2024年度第02号」），每个单位每年度只登记一份"
    )
    assert not DepartmentReport.objects.exists()


# --- the reporting unit's 填报员 ------------------------------------------------------------------


def test_the_clerk_sees_his_units_reports_and_records_their_sending_and_publishing(
    report, market_clerk
):
    mine = report("433126-E02", received_date=None, published_date=None, link="")
    report("433126-E01")
    assert list(DepartmentReport.objects.visible_to(market_clerk, CHANGE)) == [mine]
    sent = actions.record_sending(market_clerk, mine, D(2025, 2, 26))
    assert (sent.received_date, sent.received_late, sent.status) == (
        D(2025, 2, 26),
        False,
        ReportStatus.SENT,
    )
    published = actions.record_publishing(
        market_clerk, sent, D(2025, 4, 3), "https://www.guzhang.gov.cn/scjg/2025.html"
    )
    assert (published.published_date, published.published_late, published.status) == (
        D(2025, 4, 3),
        True,
        ReportStatus.DONE,
    )
    assert published.link == "https://www.guzhang.gov.cn/scjg/2025.html"
    notes = [entry.note for entry in entries(mine)]
    assert notes == ["登记部门法治政府建设年度报告", "年度报告：报送", "年度报告：公开"]
    assert entries(mine)[-1].actor == market_clerk


def test_the_clerk_cannot_reach_another_units_report(report, market_clerk, police_clerk):
    theirs = report("433126-E01", received_date=None, published_date=None, link="")
    with pytest.raises(ActionRefused, match="您无权登记或修改"):
        actions.record_sending(market_clerk, theirs, D(2025, 2, 20))
    theirs.refresh_from_db()
    assert theirs.received_date is None
    assert actions.record_sending(police_clerk, theirs, D(2025, 2, 20)).received_date


def test_the_clerk_neither_grades_nor_changes_the_bureaus_particulars(report, market_clerk):
    mine = report("433126-E02")
    with pytest.raises(ActionRefused, match="不能登记报告或修改其他信息"):
        actions.update_report(market_clerk, mine, grade="excellent")
    # Nor by the write path itself (an import, the API): the grade and the rest are the
    # bureau's, the dates his only by the steps.
    with pytest.raises(RecordInvalid) as refused:
        update_record(market_clerk, REGISTER, mine, {"grade": "excellent"}, note="改")
    assert [(p.header, p.message) for p in refused.value.problems] == [("评定等次", BUREAU_ONLY)]
    with pytest.raises(RecordInvalid) as refused:
        update_record(market_clerk, REGISTER, mine, {"received_date": D(2025, 2, 1)}, note="改")
    assert [(p.header, p.message) for p in refused.value.problems] == [("报送日期", BY_STEP)]
    with pytest.raises(ActionRefused):
        actions.register_report(
            market_clerk,
            unit=mine.reporting_unit,
            number="自报",
            year=YEAR,
            reporting_unit_code="433126-E02",
        )
    mine.refresh_from_db()
    assert mine.grade == "" and len(entries(mine)) == 1


def test_the_bureau_grades_a_report_received(report, bureau):
    record = report("433126-E02")
    graded = actions.update_report(bureau, record, grade="excellent")
    assert graded.get_grade_display() == "优秀"
    RegisterSetting.objects.create(key=rules.GRADING_SETTING, value=rules.NOT_GRADED)
    with pytest.raises(RecordInvalid, match="本地设置为不评定部门年度报告等次"):
        actions.update_report(bureau, graded, note="不评定后再改")
    assert actions.update_report(bureau, graded, grade="", note="不评定").grade == ""


def test_a_step_is_refused_twice_and_before_the_year_ends(report, market_clerk):
    mine = report("433126-E02", published_date=None, link="")
    with pytest.raises(StepRefused, match="不能“报送”：已登记报送日期2025-02-20"):
        actions.record_sending(market_clerk, mine, D(2025, 2, 21))
    with pytest.raises(StepRefused, match="不是有效的网页地址"):
        actions.record_publishing(market_clerk, mine, D(2025, 3, 1), "gz.gov.cn/a")
    fresh = report("433126-E02", year=YEAR + 1, received_date=None, published_date=None, link="")
    with pytest.raises(StepRefused, match="办理日期应在2026年1月1日或以后"):
        actions.record_sending(market_clerk, fresh, D(2025, 12, 30))
    assert DepartmentReport.objects.filter(published_date__isnull=False).count() == 0


def test_the_link_is_checked_whichever_way_it_is_written(report, bureau):
    with pytest.raises(RecordInvalid, match="「www.gz.gov.cn」不是有效的网页地址"):
        report("433126-E02", link="www.gz.gov.cn")
    record = report("433126-E02")
    with pytest.raises(RecordInvalid, match="不是有效的网页地址"):
        actions.update_report(bureau, record, link="gz.gov.cn/x")
    record.refresh_from_db()
    assert record.link.startswith("https://")
