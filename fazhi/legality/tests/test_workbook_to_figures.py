"""Hand-made workbooks of both registers import through the command, their computed deadlines
export right, and `indicators --format json` equals a hand count of each workbook."""

import datetime
import json

import pytest
from django.core.management import call_command

from fazhi.imports.tests.files import figures, import_workbooks, write_xlsx
from fazhi.legality.columns import NORMATIVE_REGISTER, REVIEW_REGISTER

D = datetime.date


def review(number, category, received, opinion="", conclusion="", special="否"):
    return {
        "审查编号": number,
        "送审单位": "古丈县人民政府办公室",
        "事项名称": f"事项{number}",
        "审查类别": category,
        "收文日期": received,
        "出具意见日期": opinion,
        "审查结论": conclusion,
        "是否专项审查": special,
        "所属单位代码": "433126",
    }


REVIEWS = [
    # deadline 2024-10-23 (National Day); opinion on time
    review("R1", "重大行政决策", D(2024, 9, 27), D(2024, 10, 10), "合法"),
    review("R2", "重大行政协议", "2024-03-01", "2024-03-15", "修改后合法"),
    # received 04-01: 04-04..06 清明 (04-07 调休 Sunday works) → deadline 2024-04-23; late
    review("R3", "重大行政协议", "2024-04-01", "2024-05-30", "合法"),
    review("R4", "招商引资协议", "2024-06-03", "2024-06-14", "不合法"),
    review("R5", "费用拨付文件", "2024-07-01", "2024-07-05", "合法"),
    review("R6", "其他事项", "2024-08-01", "2024-08-10", "合法", special="是"),  # 专项
    review("R7", "行政规范性文件", "2024-08-05", "2024-08-08", "退回"),  # returned: no opinion
    # received 12-02, deadline 2024-12-23, still open at the end of 2024: overdue
    review("R8", "其他合同协议", "2024-12-02"),
    # deadline 2025-01-13 (元旦): opinion in 2025, on time
    review("R9", "其他合同协议", "2024-12-20", "2025-01-06", "合法"),
    review("R10", "重大行政协议", "2024-10-08", "2024-10-20", "合法"),
]


def document(number, published, filed="", reviewed="", conclusion="", planned="否"):
    return {
        "文号": number,
        "文件名称": f"文件{number}",
        "制定机关": "古丈县人民政府",
        "公布日期": published,
        "报送备案日期": filed,
        "审查完成日期": reviewed,
        "审查结论": conclusion,
        "是否列入下年度立项计划": planned,
        "所属单位代码": "433126",
    }


DOCUMENTS = [
    document("N1", "2024-01-10", "2024-02-01", "2024-02-20", "予以备案"),
    # filing deadline 03-31 (Sunday) → 2024-04-01; filed 04-15: late
    document("N2", "2024-03-01", "2024-04-15", "2024-05-10", "纠正后备案", planned="是"),
    document("N3", "2024-05-06", "2024-05-20", "2024-06-20", "不予备案"),
    document("N4", "2024-06-03", "2024-06-10"),
    # filing deadline 2024-11-14, never filed: late
    document("N5", "2024-10-15"),
    # filed 12-01 + 30 = 12-31; review completed in 2025
    document("N6", "2024-11-20", "2024-12-01", "2025-01-05", "予以备案", planned="是"),
]


@pytest.fixture
def imported(tree, tmp_path):
    import_workbooks(tmp_path, (REVIEW_REGISTER, REVIEWS, 10), (NORMATIVE_REGISTER, DOCUMENTS, 6))
    return tmp_path


def test_figures_equal_the_hand_count_of_the_workbooks(imported, capsys):
    got = figures(2024)

    def value(key):
        return got[key]["value"]

    assert value("legality.opinions") == 6  # R1 R2 R3 R4 R5 R10
    assert value("legality.special_opinions") == 1  # R6
    expected = {
        "重大行政决策": 1,
        "行政规范性文件": 0,
        "重大行政协议": 3,
        "招商引资协议": 1,
        "费用拨付文件": 1,
        "其他合同协议": 0,
        "其他事项": 0,
    }
    assert {k: value(f"legality.by_category.{k}") for k in expected} == expected
    assert value("legality.overdue") == 2  # R3 late, R8 open past its deadline
    assert value("normative.filed") == 3  # N1 N2 N3
    assert value("normative.corrected") == 2  # N2 N3
    assert value("normative.late_filed") == 2  # N2 late, N5 never filed
    assert value("normative.planned_next_year") == 2  # N2 N6
    later = figures(2025)
    assert later["legality.opinions"]["value"] == 1  # R9
    assert later["legality.overdue"]["value"] == 0
    assert later["normative.filed"]["value"] == 1  # N6


def test_export_json_shows_the_computed_deadlines(imported, capsys):
    call_command("export_register", "legality_review", "--format", "json", "--year", "2024")
    by_number = {r["审查编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["R1"]["审查期限"] == "2024-10-23"
    assert by_number["R1"]["审查期限依据"].startswith("重大行政决策程序暂行条例第二十六条")
    assert by_number["R3"]["审查期限"] == "2024-04-23"
    assert (by_number["R3"]["超期"], by_number["R2"]["超期"]) == ("是", "否")
    assert by_number["R8"]["办理状态"] == "审查中" and by_number["R8"]["超期"] == "是"
    assert by_number["R9"]["审查期限"] == "2025-01-13"
    call_command("export_register", "normative_document", "--format", "json", "--year", "2024")
    by_number = {r["文号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["N2"]["报备期限"] == "2024-04-01"
    assert by_number["N2"]["逾期报备"] == "是"
    assert by_number["N5"]["逾期报备"] == "是" and by_number["N5"]["审查期限"] == ""
    assert by_number["N1"]["逾期报备"] == "否"
    assert by_number["N6"]["审查期限"] == "2024-12-31"


def test_the_templates_carry_the_domain_files_headers(tree, tmp_path):
    assert REVIEW_REGISTER.headers == [
        "审查编号", "送审单位", "事项名称", "审查类别", "收文日期", "出具意见日期", "审查结论",
        "是否专项审查", "所属单位代码",
    ]  # fmt: skip
    assert NORMATIVE_REGISTER.headers == [
        "文号", "文件名称", "制定机关", "公布日期", "报送备案日期", "审查完成日期", "审查结论",
        "是否列入下年度立项计划", "所属单位代码",
    ]  # fmt: skip
    for name in ("legality_review", "normative_document"):
        out = tmp_path / f"{name}.xlsx"
        call_command("register_template", name, "--out", str(out))
        assert out.stat().st_size > 0


def test_a_workbook_breaking_the_checks_imports_nothing(tree, tmp_path, capsys):
    from django.core.management.base import CommandError

    from fazhi.legality.models import LegalityReview

    rows = [
        review("B1", "重大行政协议", "2024-03-01", "2024-03-15", "合法"),
        review("B2", "重大行政协议", "2024-03-01", "2024-02-15", "合法"),  # before 收文日期
        review("B3", "另一种类别", "2024-03-01"),
    ]
    path = write_xlsx(tmp_path / "坏.xlsx", rows, REVIEW_REGISTER.headers)
    with pytest.raises(CommandError):
        call_command("import_register", "legality_review", str(path))
    output = capsys.readouterr()
    text = output.out + output.err
    assert "出具意见日期" in text and "审查类别" in text
    assert not LegalityReview.objects.exists()
