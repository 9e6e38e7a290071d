"""Hand-made workbooks of the three registers import through the command, and
`indicators --format json` equals a hand count — the reference report's 受理法律援助案件213件、
咨询650人次、挽回损失106万元、公证106件、减免15件. Exports show the computed deadlines; a
bad 受援人身份证号 is refused with its row and column."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.imports.tests.files import figures, import_workbooks, write_xlsx
from fazhi.legalaid.columns import CONSULTATION_REGISTER, LEGAL_AID_REGISTER, NOTARIZATION_REGISTER
from fazhi.legalaid.models import LegalAidCase

D = datetime.date
ID = "11010519491231002X"


def aid(number, category, applied, decided="", decision="", appointed="", closed="",
        recovered="", route="申请", migrant="否", id_number=ID):  # fmt: skip
    return {
        "案件编号": number,
        "受援人": f"受援人{number}",
        "受援人身份证号": id_number,
        "案件类别": category,
        "援助途径": route,
        "是否农民工": migrant,
        "申请日期": applied,
        "决定日期": decided,
        "决定结果": decision,
        "指派日期": appointed,
        "承办人": "李律师" if appointed else "",
        "结案日期": closed,
        "挽回经济损失（元）": recovered,
        "所属单位代码": "433126",
    }


def aid_rows():
    rows = []
    # 刑事 80: 60 by application, granted; 20 通知辩护 appointed in 2024 (no decision).
    for n in range(60):
        rows.append(aid(f"X{n}", "刑事", "2024-03-04", "2024-03-06", "给予援助", "2024-03-07"))
    for n in range(20):
        rows.append(aid(f"T{n}", "刑事", "2024-04-01", appointed="2024-04-02", route="通知辩护"))
    # 民事 90, closed in 2024 with 7,000 each = 630,000.
    for n in range(90):
        rows.append(aid(f"M{n}", "民事", "2024-05-06", "2024-05-08", "给予援助", "2024-05-09",
                        "2024-09-30", "7000"))  # fmt: skip
    # 劳动仲裁 43, 农民工, closed in 2024 with 10,000 each = 430,000.
    for n in range(43):
        rows.append(aid(f"L{n}", "劳动仲裁", "2024-06-03", "2024-06-05", "给予援助", "2024-06-06",
                        "2024-11-29", "10000", migrant="是"))  # fmt: skip
    # Not accepted in 2024: refused; granted in 2023; a notice appointed in 2025.
    rows.append(aid("R1", "民事", "2024-07-01", "2024-07-03", "不予援助"))
    rows.append(aid("P1", "民事", "2023-12-01", "2023-12-05", "给予援助", "2023-12-06"))
    rows.append(aid("N1", "刑事", "2024-12-30", appointed="2025-01-02", route="通知代理"))
    # Decided late: applied 09-28, due 10-08 (National Day), decided (refused) 10-10.
    rows.append(aid("O1", "行政", "2024-09-28", "2024-10-10", "不予援助"))
    # Never decided: applied 12-02, due 12-09 — overdue at the end of 2024.
    rows.append(aid("O2", "其他非诉讼", "2024-12-02", id_number=""))
    return rows


def consultation_rows():
    rows = [
        {"咨询编号": f"C{n}", "咨询日期": "2024-03-15", "咨询方式": "来访", "咨询人次": "5",
         "咨询事项类别": "婚姻家庭", "接待人": "王某", "所属单位代码": "433126-S01"}
        for n in range(130)
    ]  # fmt: skip
    rows.append({"咨询编号": "C-old", "咨询日期": "2023-12-31", "咨询人次": "9",
                 "所属单位代码": "433126"})  # fmt: skip
    return rows


def notary(number, accepted, issued="", due="", paid="", reason=""):
    return {
        "公证编号": number,
        "申请人": f"申请人{number}",
        "公证事项": "继承",
        "是否涉外": "否",
        "受理日期": accepted,
        "出证日期": issued,
        "应收费用（元）": due,
        "实收费用（元）": paid,
        "减免原因": reason,
        "所属单位代码": "433126",
    }


def notarization_rows():
    rows = [notary(f"G{n}", "2024-03-04", "2024-03-15", "400", "400") for n in range(90)]
    rows += [notary(f"J{n}", "2024-05-06", "2024-05-20", "400", "0", "法律援助") for n in range(15)]
    # Accepted 09-20, due 10-16 (15 working days over National Day), issued 10-30: late.
    rows.append(notary("S1", "2024-09-20", "2024-10-30", "400", "400"))
    rows.append(notary("S2", "2024-12-20"))  # due 2025: not overdue in 2024
    return rows


@pytest.fixture
def imported(tree, tmp_path):
    import_workbooks(
        tmp_path,
        (LEGAL_AID_REGISTER, aid_rows(), 218),
        (CONSULTATION_REGISTER, consultation_rows(), 131),
        (NOTARIZATION_REGISTER, notarization_rows(), 107),
    )
    return tmp_path


def test_figures_equal_the_hand_count_of_the_reference_report(imported, capsys):
    got = figures(2024)

    def value(key):
        return got[key]["value"]

    assert value("legal_aid.accepted") == 213  # 60 + 20 + 90 + 43
    expected = {"刑事": 80, "民事": 90, "行政": 0, "劳动仲裁": 43, "其他非诉讼": 0}
    assert {k: value(f"legal_aid.by_category.{k}") for k in expected} == expected
    assert value("legal_aid.migrant_workers") == 43
    assert value("legal_aid.closed") == 133
    assert Decimal(str(value("legal_aid.recovered"))) == Decimal("1060000")  # 100余万元
    assert value("legal_aid.overdue_decisions") == 2  # O1 late, O2 open
    assert value("consultation.person_times") == 650
    assert value("notarization.issued") == 106
    assert value("notarization.fee_waived") == 15
    assert Decimal(str(value("notarization.waived_amount"))) == Decimal("6000")
    assert value("notarization.overdue") == 1  # S1
    assert got["consultation.person_times"]["unit"] == "人次"
    later = figures(2025)
    assert later["legal_aid.accepted"]["value"] == 1  # N1, appointed 2025-01-02
    assert later["consultation.person_times"]["value"] == 0


def test_export_json_shows_deadlines_and_the_operator_sees_id_numbers(imported, capsys):
    call_command("export_register", "legal_aid", "--format", "json", "--year", "2024")
    by_number = {r["案件编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["O1"]["决定期限"] == "2024-10-08"
    assert by_number["O1"]["决定期限依据"].startswith("法律援助法第四十三条")
    assert by_number["O2"]["超期"] == "是" and by_number["O2"]["办理状态"] == "待审查决定"
    # 04-01 + 3 = 04-04, 清明 (04-04..06) → 04-07, the 调休 Sunday that is a working day.
    assert by_number["T0"]["指派期限"] == "2024-04-07" and by_number["T0"]["决定期限"] == ""
    assert by_number["X0"]["受援人身份证号"] == ID  # the command-line operator
    call_command("export_register", "notarization", "--format", "json", "--year", "2024")
    by_number = {r["公证编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["S1"]["出证期限"] == "2024-10-16"
    assert by_number["S2"]["办理状态"] == "办理中" and by_number["S2"]["出证期限"] > "2025"
    assert by_number["J0"]["减免金额（元）"] == "400.00"


def test_the_drill_down_never_shows_the_id_number():
    from fazhi.indicators.registry import INDICATORS

    for key, indicator in INDICATORS.items():
        if key.split(".")[0] in ("legal_aid", "consultation", "notarization"):
            assert "id_number" not in indicator.columns, key


def test_the_templates_carry_the_domain_files_headers(tree, tmp_path):
    assert LEGAL_AID_REGISTER.headers == [
        "案件编号", "受援人", "受援人身份证号", "案件类别", "援助途径", "是否农民工", "申请日期",
        "决定日期", "决定结果", "指派日期", "承办人", "结案日期", "挽回经济损失（元）",
        "所属单位代码",
    ]  # fmt: skip
    assert CONSULTATION_REGISTER.headers == [
        "咨询编号", "咨询日期", "咨询方式", "咨询人次", "咨询事项类别", "接待人", "所属单位代码",
    ]  # fmt: skip
    assert NOTARIZATION_REGISTER.headers == [
        "公证编号", "申请人", "公证事项", "是否涉外", "受理日期", "出证日期", "应收费用（元）",
        "实收费用（元）", "减免原因", "所属单位代码",
    ]  # fmt: skip
    for name in ("legal_aid", "consultation", "notarization"):
        out = tmp_path / f"{name}.xlsx"
        call_command("register_template", name, "--out", str(out))
        assert out.stat().st_size > 0


def test_a_wrong_check_digit_is_refused_with_row_and_column(tree, tmp_path, capsys):
    rows = [
        aid("B1", "民事", "2024-03-04"),
        aid("B2", "民事", "2024-03-04", id_number="110105194912310021"),  # check digit is X
    ]
    path = write_xlsx(tmp_path / "坏.xlsx", rows, LEGAL_AID_REGISTER.headers)
    with pytest.raises(CommandError):
        call_command("import_register", "legal_aid", str(path))
    output = capsys.readouterr()
    text = output.out + output.err
    assert "第3行" in text and "「受援人身份证号」" in text, text  # header is row 1
    assert not LegalAidCase.objects.exists()
