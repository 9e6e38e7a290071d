"""python manage.py indicators: the JSON contract, the table, periods and units."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.core import actions
from fazhi.core.models import UnitKind
from fazhi.indicators.registry import INDICATORS


def run(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_gives_every_indicator_by_key(tree, cases):
    found = json.loads(run("--year", "2024", "--format", "json"))
    assert list(found) == list(INDICATORS)
    assert found["reconsideration.received"] == {
        "label": "收到行政复议申请",
        "unit": "件",
        "value": 4,
    }
    assert found["reconsideration.closed.revoked"]["value"] == 1
    assert found["reconsideration.by_act_type.行政协议"]["value"] == 0


def test_json_rates_carry_numerator_and_denominator(tree, cases):
    found = json.loads(run("--year", "2024", "--unit", "433126", "--format", "json"))
    assert found["reconsideration.sued_after_rate"] == {
        "label": "复议后起诉率",
        "unit": "%",
        "value": 0.3333,
        "numerator": 1,
        "denominator": 3,
    }
    empty = json.loads(run("--year", "2020", "--unit", "433126", "--format", "json"))
    assert empty["reconsideration.correction_rate"]["value"] is None
    assert empty["reconsideration.correction_rate"]["denominator"] == 0


def test_from_and_to_narrow_the_period(tree, cases):
    found = json.loads(
        run("--year", "2024", "--unit", "433126", "--from", "2024-04-01", "--format", "json")
    )
    assert found["reconsideration.received"]["value"] == 2
    found = json.loads(
        run("--from", "2024-03-01", "--to", "2024-03-31", "--unit", "433126", "--format", "json")
    )
    assert found["reconsideration.received"]["value"] == 1


def test_table_is_aligned_and_chinese(tree, cases):
    text = run("--year", "2024", "--unit", "433126", "--format", "table")
    lines = text.splitlines()
    assert lines[0] == "古丈县司法局（433126）及下级单位 · 2024年"
    assert lines[1].split() == ["指标键", "指标", "数值", "单位"]
    received = next(line for line in lines if line.startswith("reconsideration.received "))
    assert received.split() == ["reconsideration.received", "收到行政复议申请", "3", "件"]
    rate = next(line for line in lines if line.startswith("reconsideration.correction_rate "))
    assert "50.00%（1/2）" in rate
    assert any(line.startswith("注：纠错率 — 复议纠错率的分母") for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024", "--unit", "999999"], "未知的单位代码「999999」"),
        (["--unit", "433126"], "请指定 --year"),
        (["--from", "2024-05-01", "--to", "2024-04-01"], "晚于截止日期"),
    ],
)
def test_mistakes_are_explained_in_chinese(tree, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_several_roots_need_a_unit(tree):
    actions.save_unit(None, code="52", name="贵州省司法厅", kind=UnitKind.PROVINCE, parent=None)
    with pytest.raises(CommandError, match="有多个顶级单位.*请用 --unit"):
        run("--year", "2024")
    assert "贵州省司法厅" in run("--year", "2024", "--unit", "52")


def test_no_units_at_all(db):
    with pytest.raises(CommandError, match="load_units"):
        run("--year", "2024")
