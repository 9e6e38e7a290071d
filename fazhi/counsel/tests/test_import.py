"""The 法律顾问工作台账 imported from Excel: blank counts are 0; a second row of one adviser,
served unit and year (in the file or already stored) is refused by name; a served unit outside
the county, unknown, or a 人民调解委员会 is refused; bad counts and dates are refused with their
row and column — and a refused file writes nothing."""

import pytest

from fazhi.core.tabular import read_table
from fazhi.counsel.columns import REGISTER
from fazhi.counsel.models import LegalAdviser
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx

from .conftest import facts


def cells(number, name="彭晓燕", **changes) -> dict:
    row = {
        "登记编号": number,
        "年度": "2024",
        "姓名": name,
        "类别": "公职律师",
        "是否县政府法律顾问团成员": "否",
        "工作单位或执业机构": "古丈县市场监督管理局",
        "执业证号": "34331201210000301",
        "服务单位": "433126-E02",
        "聘任开始日期": "2021-03-01",
        "聘任结束日期": "",
        "审查合同（件）": "20",
        "出具法律意见（件）": "",
        "参与诉讼和仲裁案件（件）": "2",
        "列席会议（次）": "5",
        "其他事务（件）": "",
        "所属单位代码": "433126",
    }
    row.update(changes)
    return row


def run(actor, tmp_path, rows):
    path = write_xlsx(tmp_path / "台账.xlsx", rows, headers=REGISTER.headers)
    return import_rows(actor, REGISTER, read_table(path, path.name), filename=path.name)


def refused(actor, tmp_path, rows) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as rejected:
        run(actor, tmp_path, rows)
    return [(e.row, e.column, e.message) for e in rejected.value.errors]


def test_a_ledger_imports_with_blank_counts_as_zero_and_again_unchanged(officer, units, tmp_path):
    rows = [
        cells("古法顾〔2024〕1号"),
        cells("古法顾〔2024〕2号", name="吴刚", 执业证号="34331201210000302"),
        cells(
            "古法顾〔2024〕3号",
            name="向明辉",
            类别="政府法律顾问",
            是否县政府法律顾问团成员="是",
            工作单位或执业机构="湖南武陵律师事务所",
            执业证号="",
            服务单位="433126",
            聘任开始日期="2023-03-01",
            聘任结束日期="2026-02-28",
        ),
    ]
    assert run(officer, tmp_path, rows).created == 3
    first = LegalAdviser.objects.get(number="古法顾〔2024〕1号")
    assert (first.opinions_issued, first.other_matters, first.matters_total) == (0, 0, 27)
    assert first.served_unit == units["market"]
    panel = LegalAdviser.objects.get(name="向明辉")
    assert panel.on_county_panel and panel.served_unit == units["county"]
    assert panel.licence_number == "" and panel.end_date.isoformat() == "2026-02-28"
    again = run(officer, tmp_path, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_an_adviser_twice_in_a_year_and_unit_is_refused_by_name(officer, enter, tmp_path):
    enter(facts(number="古法顾〔2024〕1号"))
    rows = [
        cells("古法顾〔2024〕7号"),  # the stored row's adviser, unit and year
        cells("古法顾〔2024〕8号", name="吴刚"),
        cells("古法顾〔2024〕9号", name="吴 刚"),  # the same person, typed with a blank
        cells("古法顾〔2024〕10号", name="吴刚", 年度="2023"),  # another year: his own row
    ]
    errors = refused(officer, tmp_path, rows)
    assert errors[0][:2] == (2, "姓名")
    there = "「彭晓燕」2024年度作为公职律师在「古丈县市场监督管理局」已有登记："
    assert there + "登记编号「古法顾〔2024〕1号」" in errors[0][2]
    assert errors[1][:2] == (4, "姓名")
    assert "出现了两次（登记编号「古法顾〔2024〕8号」和「古法顾〔2024〕9号」）" in errors[1][2]
    assert len(errors) == 2
    assert LegalAdviser.objects.count() == 1


def test_the_same_adviser_serving_two_units_or_in_two_capacities_is_two_rows(officer, tmp_path):
    rows = [cells("甲"), cells("乙", 服务单位="433126-E01", 工作单位或执业机构="古丈县公安局")]
    # The bureau's own 公职律师 who also sits on the county government's 法律顾问团.
    bureau = {"服务单位": "433126", "工作单位或执业机构": "古丈县司法局", "姓名": "宋立新"}
    rows.append(cells("丙", **bureau))
    rows.append(cells("丁", **bureau, 类别="政府法律顾问", 是否县政府法律顾问团成员="是"))
    assert run(officer, tmp_path, rows).created == 4


def test_a_served_unit_outside_the_county_unknown_or_a_committee_is_refused(officer, tmp_path):
    rows = [
        cells("甲", 服务单位="433122-E01"),
        cells("乙", 服务单位="433126-X99"),
        cells("丙", 服务单位="433126-S01-01", 类别="政府法律顾问"),
        cells("丁", 服务单位="433126-GZ"),  # a 公证处 employs no 公职律师
    ]
    errors = refused(officer, tmp_path, rows)
    assert [(row, column) for row, column, _ in errors] == [
        (2, "服务单位"),
        (3, "服务单位"),
        (4, "服务单位"),
        (5, "服务单位"),
    ]
    assert "「泸溪县公安局」不在「古丈县司法局」的辖区内" in errors[0][2]
    assert "找不到单位代码「433126-X99」" in errors[1][2]
    assert "人民调解委员会" in errors[2][2]
    assert "不是党政机关或人民团体" in errors[3][2]
    assert not LegalAdviser.objects.exists()


@pytest.mark.parametrize("count", ["-1", "三", "1.5", "1234567890"])
def test_a_count_that_is_no_non_negative_integer_is_refused(officer, tmp_path, count):
    errors = refused(officer, tmp_path, [cells("甲", **{"审查合同（件）": count})])
    assert [(row, column) for row, column, _ in errors] == [(2, "审查合同（件）")]
    assert "不是非负整数" in errors[0][2]
    assert not LegalAdviser.objects.exists()


def test_dates_out_of_order_or_out_of_the_appointment_are_refused(officer, tmp_path):
    rows = [
        cells("甲", "张甲", 聘任开始日期="2024-05-01", 聘任结束日期="2024-04-30"),
        cells("乙", "张乙", 年度="2020"),  # before the appointment began
        cells("丙", "张丙", 聘任结束日期="2023-12-31"),  # after it ended
        cells("丁", "张丁", 聘任开始日期="2099-01-01"),  # not begun
        cells("戊", "张戊", 年度="2099", 聘任开始日期="2021-03-01"),  # a year not yet begun
        cells("己", "张己", 聘任开始日期="2024/03/01"),
    ]
    errors = refused(officer, tmp_path, rows)
    by_row = {row: (column, message) for row, column, message in errors}
    assert by_row[2] == ("聘任结束日期", "聘任结束日期不能早于聘任开始日期")
    assert by_row[3][0] == "年度" and "早于聘任开始日期（2021-03-01）" in by_row[3][1]
    assert by_row[4][0] == "年度" and "聘任已于2023-12-31结束" in by_row[4][1]
    assert by_row[5] == ("聘任开始日期", "日期「2099-01-01」晚于今天")
    assert by_row[6][0] == "年度" and "尚未开始" in by_row[6][1]
    assert by_row[7][0] == "聘任开始日期" and "格式不正确" in by_row[7][1]
    assert len(errors) == 6
    assert not LegalAdviser.objects.exists()


def test_a_public_lawyer_without_a_certificate_number_is_refused(officer, tmp_path):
    errors = refused(officer, tmp_path, [cells("甲", 执业证号="")])
    assert [(row, column) for row, column, _ in errors] == [(2, "执业证号")]
    assert "《公职律师管理办法》第二条" in errors[0][2]
