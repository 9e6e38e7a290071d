"""Hand-made workbooks of both registers imported through the command, and
`indicators --format json` equal to a hand count of them."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from fazhi.enforcement import rules
from fazhi.enforcement.columns import LAW_REPORT_REGISTER, REVIEW_REGISTER
from fazhi.enforcement.models import CaseFileReview, Grade
from fazhi.imports.tests.files import figures, import_workbook, import_workbooks, write_xlsx
from fazhi.indicators.actions import change_setting

D = datetime.date
BATCH = "2024年县级评查"


def review(number, dept, score, problems="", deadline="", done="", day="2024-06-12", **cells):
    row = {
        "评查编号": number,
        "评查批次": BATCH,
        "被评查单位": dept,
        "案卷名称": f"案卷{number}",
        "执法类别": "行政处罚",
        "评查日期": day,
        "得分": str(score),
        "发现问题": problems,
        "整改期限": deadline,
        "整改完成日期": done,
        "所属单位代码": "433126",
    }
    row.update(cells)
    return row


REVIEWS = [
    review("1", "433126-E01", 95),  # 优秀
    review("2", "433126-E01", 78, "未告知陈述申辩权利", "2024-07-12", "2024-07-01"),  # 合格
    review("3", "433126-E01", 70, "证据不全", D(2024, 7, 12)),  # 合格, open → overdue
    review("4", "433126-E02", 55, "送达不规范", "2024-08-01", "2024-07-20"),  # 不合格
    review("5", "433126-E02", 90),  # 优秀
    review("6", "433126-E03", 88, 执法类别="行政检查"),  # 合格
    # reviewed in 2023: outside the 2024 figures
    review("7", "433126-E03", 50, "卷宗装订不规范", "2023-12-01", "2024-01-05", day="2023-11-01"),
]

REPORT_HEADERS = LAW_REPORT_REGISTER.headers


def report(number, who, unit_name, mode, day="2024-12-20"):
    return {
        "述法编号": number,
        "述法人": who,
        "职务": "局长",
        "单位名称": unit_name,
        "述法日期": day,
        "述法方式": mode,
        "评议等次": "好",
        "所属单位代码": "433126",
    }


REPORTS = [
    report("1", "龙某", "古丈县公安局", "会议述法"),
    report("2", "龙某", "古丈县公安局", "书面述法", "2024-12-25"),  # the same person again
    report("3", "田某", "古丈县市场监督管理局", "会议述法"),
    report("4", "田某", "古丈县自然资源局", "会议述法"),  # same name, another unit
    report("5", "向某", "古丈县自然资源局", "会议述法", "2023-12-20"),
]


@pytest.fixture
def imported(departments, tmp_path):
    import_workbooks(tmp_path, (REVIEW_REGISTER, REVIEWS, 7), (LAW_REPORT_REGISTER, REPORTS, 5))


def test_figures_equal_the_hand_count(imported, capsys):
    got = figures(2024)

    def value(key):
        return got[key]["value"]

    assert value("enforcement.files_reviewed") == 6
    assert value("enforcement.files_with_problems") == 3  # 2, 3, 4
    assert value("enforcement.units_rectifying") == 2  # 公安局, 市场监管局: departments, not files
    rate = got["enforcement.rectified_rate"]
    assert (rate["numerator"], rate["denominator"]) == (2, 3)
    assert value("enforcement.by_grade.优秀") == 2
    assert value("enforcement.by_grade.合格") == 3
    assert value("enforcement.by_grade.不合格") == 1
    assert value("enforcement.overdue_rectifications") == 1  # 3
    assert value("law_report.reporters") == 3  # 龙某 once; 田某 of two units twice
    assert value("law_report.by_mode.会议述法") == 3
    assert value("law_report.by_mode.书面述法") == 1
    earlier = figures(2023)
    assert earlier["enforcement.files_reviewed"]["value"] == 1
    assert earlier["law_report.reporters"]["value"] == 1


def test_reviewed_department_is_linked_and_grades_derived(imported):
    third = CaseFileReview.objects.select_related("reviewed_unit").get(number="3")
    assert third.reviewed_unit.name == "古丈县公安局"
    assert (third.grade, third.due_date) == (Grade.PASS, D(2024, 7, 12))


def test_changed_threshold_grades_the_import(departments, tmp_path):
    change_setting(None, rules.EXCELLENT_SETTING, "85")
    import_workbook(tmp_path / "评查.xlsx", REVIEW_REGISTER, [review("6", "433126-E03", 88)])
    assert CaseFileReview.objects.get(number="6").grade == Grade.EXCELLENT


def test_bad_department_codes_are_refused_per_row(departments, tmp_path):
    rows = [
        review("1", "433126-E99", 90),  # unknown
        review("2", "433126-S01", 90),  # a 司法所, not a 行政执法部门
        review("3", "433122-E01", 90),  # the sibling county's department
        review("4", "433126-E01", 90),
    ]
    path = write_xlsx(tmp_path / "评查.xlsx", rows, REVIEW_REGISTER.headers)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_register", "case_file_review", str(path), stdout=io.StringIO(), stderr=err
        )
    lines = err.getvalue()
    assert "找不到单位代码「433126-E99」" in lines
    assert "单位「433126-S01」不是行政执法部门" in lines
    assert "「泸溪县公安局」不在「古丈县司法局」的辖区内" in lines
    assert not CaseFileReview.objects.exists()


def test_export_json_shows_rectification_status(imported, capsys):
    call_command("export_register", "case_file_review", "--format", "json", "--year", "2024")
    by_number = {r["评查编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["3"]["被评查单位"] == "433126-E01"
    assert (by_number["3"]["等次"], by_number["3"]["整改状态"]) == ("合格", "整改中")
    assert by_number["3"]["整改超期"] == "是"
    assert by_number["2"]["整改状态"] == "整改到位"
    assert by_number["1"]["整改状态"] == "无需整改"


def test_reimporting_the_round_keeps_a_rectification_the_department_recorded(
    imported, tmp_path, make_user, departments
):
    from fazhi.core.roles import Role
    from fazhi.enforcement import actions

    clerk = make_user("gaj", departments["police"], Role.CLERK)
    open_file = CaseFileReview.objects.get(number="3")
    actions.record_rectification(clerk, open_file, D(2024, 7, 10))
    # The sheet's 整改完成日期 for 3 is still blank.
    import_workbook(tmp_path / "评查-再导入.xlsx", REVIEW_REGISTER, REVIEWS)
    assert CaseFileReview.objects.get(number="3").rectified_date == D(2024, 7, 10)
