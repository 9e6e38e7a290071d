"""A hand-made workbook of a year (the reference report: 调解1085件, 成功1055件,
以奖代补资金97200元) imported through the command, and `indicators --format json` equal to
the hand count."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from fazhi.imports.tests.files import figures, import_workbooks, write_xlsx
from fazhi.mediation.columns import REGISTER
from fazhi.mediation.models import DisputeType, MediationCase

TYPES = [label for _, label in DisputeType.choices]


def row(n, **cells):
    values = {
        "调解编号": f"调〔2024〕{n}号",
        "调解组织": "433126-S01-01" if n % 2 else "433126-S01-02",
        "受理日期": "2024-03-01",
        "纠纷类型": TYPES[n % len(TYPES)],
        "案件来源": "申请调解",
        "当事人数": "2",
        "涉及金额（元）": "1000.50",
        "调解员": "向某" if n % 3 else "彭某",
        "调解结果": "调解成功",
        "协议形式": "书面协议",
        "结案日期": "2024-03-20",
        "是否申请司法确认": "否",
        "是否防止民转刑": "否",
        "疑难程度": "一般",
        "以奖代补审核": "未申报",
        "所属单位代码": "433126-S01-01" if n % 2 else "433126-S01-02",
    }
    values.update(cells)
    return values


def rows():
    """1085 cases: 1..1055 调解成功, 1056..1075 调解不成, 1076..1085 调解中.
    Subsidies: 1..600 一般, 601..750 疑难, 751..774 重大 审核通过 = 60000 + 30000 + 7200 元.
    司法确认: 1..40; 防止民转刑: 1..12."""
    made = []
    for n in range(1, 1086):
        cells = {}
        if n > 1075:
            cells.update(调解结果="调解中", 协议形式="", 结案日期="")
        elif n > 1055:
            cells.update(调解结果="调解不成", 协议形式="")
        if n <= 774:
            cells["以奖代补审核"] = "审核通过"
            cells["疑难程度"] = "一般" if n <= 600 else "疑难" if n <= 750 else "重大"
        if n <= 40:
            cells["是否申请司法确认"] = "是"
        if n <= 12:
            cells["是否防止民转刑"] = "是"
        made.append(row(n, **cells))
    # one case of 2023, outside the 2024 figures
    made.append(row(2000, 受理日期="2023-05-01", 结案日期="2023-05-09"))
    return made


@pytest.fixture
def imported(committees, tmp_path):
    import_workbooks(tmp_path, (REGISTER, rows(), 1086))


def test_figures_equal_the_hand_count(imported, capsys):
    got = figures(2024)

    def value(key):
        return got[key]["value"]

    assert value("mediation.received") == 1085
    assert value("mediation.succeeded") == 1055
    rate = got["mediation.success_rate"]
    assert (rate["numerator"], rate["denominator"]) == (1055, 1075)
    assert value("mediation.judicial_confirmations") == 40
    assert value("mediation.prevented_criminal") == 12
    assert value("mediation.subsidy_cases") == 774
    assert float(value("mediation.subsidy_amount")) == 97200
    by_type = {k: v["value"] for k, v in got.items() if k.startswith("mediation.by_type.")}
    assert set(by_type) == {f"mediation.by_type.{label}" for label in TYPES}
    # 1085 = 15 × 72 + 5: n % 15 in 1..5 gets one more (婚姻家庭 is n % 15 == 0)
    assert by_type["mediation.by_type.邻里"] == 73
    assert by_type["mediation.by_type.婚姻家庭"] == 72
    assert sum(by_type.values()) == value("mediation.received")
    assert figures(2023)["mediation.received"]["value"] == 1


def test_township_figures_cover_its_committees_only(imported, capsys):
    assert figures(2024, "433126-S01-02")["mediation.received"]["value"] == 542


def test_committee_must_be_a_mediation_committee_in_the_owners_subtree(committees, tmp_path):
    bad = [
        row(1, 调解组织="433126-S01"),  # a 司法所
        row(2, 调解组织="433122-S01-01"),  # 泸溪县's committee
        row(3, 调解组织="433126-S09-99"),  # unknown
        row(4, 调解结果="调解成功", 结案日期="", 协议形式=""),
    ]
    path = write_xlsx(tmp_path / "调解.xlsx", bad, REGISTER.headers)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", "mediation", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue()
    assert "单位「433126-S01」不是人民调解委员会" in lines
    assert "不在" in lines and "找不到单位代码「433126-S09-99」" in lines
    assert "调解成功的案件须填写结案日期" in lines
    assert not MediationCase.objects.exists()


def test_export_json_carries_the_confirmation_deadline(committees, tmp_path, capsys):
    path = write_xlsx(tmp_path / "调解.xlsx", [row(1)], REGISTER.headers)
    call_command("import_register", "mediation", str(path), stdout=io.StringIO())
    call_command("export_register", "mediation", "--format", "json", "--year", "2024")
    (record,) = json.loads(capsys.readouterr().out)
    assert record["司法确认申请期限"] == "2024-04-19"
    assert "第三十三条" in record["司法确认申请期限依据"]
    assert record["纠纷类型"] == TYPES[1]
