"""The issue's acceptance: a workbook made by hand with the template's headers imports through
the command, `export_register --format json` shows the deadlines right across holidays, and
`indicators --format json` equals a hand count of the workbook."""

import datetime
import json

import pytest
from django.core.management import call_command

from fazhi.imports.tests.files import case, figures, import_workbooks
from fazhi.reconsideration.columns import REGISTER

D = datetime.date


def accepted(number, received, accepted_on, act_type, closed="", outcome="", **cells) -> dict:
    """An application accepted on `accepted_on` and, where `closed` is given, closed so."""
    return case(
        number,
        收到申请日期=received,
        审查结果="受理",
        受理日期=accepted_on,
        行政行为类别=act_type,
        办结日期=closed,
        办结方式=outcome,
        **cells,
    )


# Twelve applications of 2024 as an officer would type them; comments give the hand count.
ROWS = [
    # received 2024-02-05 (before the Spring Festival): review deadline 2024-02-18, a 调休 Sunday
    case("古政复〔2024〕1号", 收到申请日期=D(2024, 2, 5), 行政行为类别="行政处罚"),
    # accepted 2024-08-03: 60 days end on 10-02 (National Day) → 2024-10-08; closed 维持
    accepted(
        "古政复〔2024〕2号", D(2024, 7, 29), D(2024, 8, 3), "行政处罚", D(2024, 9, 20), "维持"
    ),
    accepted(
        "古政复〔2024〕3号",
        "2024-03-01",
        "2024-03-06",
        "行政许可",
        "2024-04-30",
        "撤销",
        是否提起行政诉讼="是",
    ),  # fmt: skip
    accepted("古政复〔2024〕4号", "2024-03-04", "2024-03-08", "行政处罚", "2024-05-06", "部分撤销"),
    case(
        "古政复〔2024〕5号",
        收到申请日期="2024-04-01",
        审查结果="不予受理",
        行政行为类别="政府信息公开",
        办结日期="2024-04-03",
        办结方式="不予受理",
    ),
    case(
        "古政复〔2024〕6号",
        收到申请日期="2024-04-08",
        审查结果="逾期未补正",
        补正通知日期="2024-04-10",
        补正通知送达日期="2024-04-12",
        补正通知送达方式="邮寄送达",
        补正通知受送达人="张某",
        办结日期="2024-05-10",
        办结方式="逾期未补正",
    ),
    accepted("古政复〔2024〕7号", "2024-05-06", "2024-05-08", "行政强制", "2024-06-03", "撤回终止"),
    accepted("古政复〔2024〕8号", "2024-06-03", "2024-06-05", "行政处罚", "2024-07-20", "确认违法"),
    accepted(
        "古政复〔2024〕9号", "2024-06-10", "2024-06-12", "行政处罚", "2024-08-01", "驳回复议请求"
    ),
    # accepted, still open at the end of 2024 and past its deadline (08-12 + 60 + 30 = 11-10,
    # a Sunday → 11-11): overdue
    accepted("古政复〔2024〕10号", "2024-08-05", "2024-08-12", "行政征收征用", 是否延期="是"),
    case(
        "古政复〔2024〕11号",
        收到申请日期="2024-09-27",
        审查结果="通知补正",
        补正通知日期="2024-09-29",
        补正通知送达日期="2024-09-29",
        补正通知送达方式="直接送达",
        补正通知受送达人="张某",
        行政行为类别="行政处罚",
    ),
    # received in 2024, closed in 2025: counts as received in 2024, not as closed in 2024
    accepted("古政复〔2024〕12号", "2024-12-20", "2024-12-25", "行政处罚", "2025-02-10", "维持"),
]


@pytest.fixture
def imported(tree, tmp_path):
    import_workbooks(tmp_path, (REGISTER, ROWS, 12))
    return tmp_path


def test_figures_equal_the_hand_count_of_the_workbook(imported, capsys):
    got = figures(2024)

    def value(key):
        return got[f"reconsideration.{key}"]["value"]

    assert value("received") == 12
    assert value("accepted") == 8  # 2,3,4,7,8,9,10,12
    assert value("closed") == 8  # 2,3,4,5,6,7,8,9
    expected_parts = {
        "upheld": 1,
        "revoked": 2,
        "not_accepted": 1,
        "abandoned": 1,
        "withdrawn": 1,
        "confirmed_illegal": 1,
        "claims_rejected": 1,
        "varied": 0,
        "mediated": 0,
    }
    for key, count in expected_parts.items():
        assert value(f"closed.{key}") == count, key
    parts = [k for k in got if k.startswith("reconsideration.closed.")]
    assert sum(got[k]["value"] for k in parts) == value("closed")
    assert value("corrected") == 3  # 撤销, 部分撤销, 确认违法
    rate = got["reconsideration.correction_rate"]
    assert (rate["numerator"], rate["denominator"]) == (3, 6)  # closed on the merits
    assert value("sued_after") == 1
    assert value("overdue") == 1
    assert value("by_act_type.行政处罚") == 7
    assert value("by_act_type.行政协议") == 0
    assert figures(2025)["reconsideration.closed"]["value"] == 1


def test_export_json_shows_deadlines_across_the_holidays(imported, capsys):
    call_command("export_register", "reconsideration", "--format", "json", "--year", "2024")
    by_number = {r["案件编号"]: r for r in json.loads(capsys.readouterr().out)}
    first = by_number["古政复〔2024〕1号"]
    assert first["收到申请日期"] == "2024-02-05"
    assert first["受理审查期限"] == "2024-02-18"  # a 调休 Sunday after the Spring Festival
    assert first["受理审查期限依据"] == "行政复议法第三十条"
    assert by_number["古政复〔2024〕2号"]["审理期限"] == "2024-10-08"  # after National Day
    assert by_number["古政复〔2024〕10号"]["审理期限"] == "2024-11-11"
    assert by_number["古政复〔2024〕10号"]["超期"] == "是"
    # received 2024-09-27: 09-29 (调休 Sunday) … → review deadline 2024-10-10
    assert by_number["古政复〔2024〕11号"]["受理审查期限"] == "2024-10-10"
    # correction notice delivered 2024-09-29 + 10 working days: 09-30, 10-08..10-11,
    # 10-12 (调休 Sat), 10-14..10-17
    assert by_number["古政复〔2024〕11号"]["补正期限"] == "2024-10-17"
