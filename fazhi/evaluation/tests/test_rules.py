"""评议考核's scoring rules, without a database: deduction rules and caps, totals, grades on
their boundaries, ranking with ties, the scheme's checks, and a result's derived scores."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.evaluation import rules
from fazhi.evaluation.models import Grade, Method, RuleKind, Status

D = Decimal
MEASURES = {"x.lost": ("败诉", "件"), "x.rate": ("持证率", "%")}


def data_item(no=1, points=10, measure="x.lost", rule=RuleKind.ABOVE, base=0, rate=2):
    return rules.Item(
        no=no,
        name=f"项目{no}",
        points=D(points),
        method=Method.DATA,
        measure=measure,
        rule=rule,
        base=D(base),
        rate=D(rate),
    )


def hand_item(no=2, points=20):
    return rules.Item(no=no, name=f"项目{no}", points=D(points))


THRESHOLDS = rules.Thresholds(D(90), D(80), D(60))


# --- deduction rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule,base,rate,value,deducted",
    [
        (RuleKind.ABOVE, 0, 2, "3", "6"),  # 每败诉1件扣2分
        (RuleKind.ABOVE, 0, 2, "0", "0"),
        (RuleKind.ABOVE, 1, 2, "3", "4"),  # 超过1件的，每超出1件扣2分
        (RuleKind.ABOVE, 5, 2, "3", "0"),  # under the allowance: nothing, never a bonus
        (RuleKind.BELOW, 95, 1, "92.5", "2.5"),  # 持证率低于95%的，每低1个百分点扣1分
        (RuleKind.BELOW, 95, 1, "95", "0"),  # at the target: nothing
        (RuleKind.BELOW, 95, 1, "100", "0"),
        (RuleKind.BELOW, 90, "0.5", "87", "1.5"),
    ],
)
def test_a_data_rule_deducts_for_each_unit_beyond_its_base(rule, base, rate, value, deducted):
    item = data_item(rule=rule, base=base, rate=rate, points=100)
    assert rules.data_deduction(item, D(value)) == D(deducted)


def test_no_value_and_a_hand_item_deduct_nothing_from_data():
    assert rules.data_deduction(data_item(), None) == 0
    assert rules.data_deduction(hand_item(), D(5)) == 0


def test_an_items_deduction_is_capped_at_its_points_from_data_and_by_hand_together():
    item = data_item(points=10, rate=2)
    # 败诉 7 件 × 2 = 14 > 10: the item scores 0, not −4.
    score = rules.score_item(item, {"x.lost": "7"}, D(0), MEASURES)
    assert (score.data_deduction, score.score, score.capped) == (D(14), D(0), True)
    # 2 from data and 9 by hand: 11 > 10, capped again.
    score = rules.score_item(item, {"x.lost": "1"}, D(9), MEASURES)
    assert (score.data_deduction, score.hand_deduction, score.score) == (D(2), D(9), D(0))
    assert score.deduction == D(10)
    # Under the cap nothing is cut.
    score = rules.score_item(item, {"x.lost": "1"}, D("3.5"), MEASURES)
    assert (score.score, score.capped) == (D("4.5"), False)


def test_a_data_item_says_why_it_has_no_value_and_takes_only_hand_deductions():
    undeclared = data_item(measure="officers.certified_rate", rule=RuleKind.BELOW, base=95)
    score = rules.score_item(undeclared, {}, D(3), MEASURES)
    assert (score.state, score.score) == (rules.NO_SOURCE, D(7))
    score = rules.score_item(data_item(), {}, D(0), MEASURES)
    assert (score.state, score.score, score.measure_label) == (rules.NOT_COMPUTED, D(10), "败诉")
    score = rules.score_item(data_item(), {"x.lost": None}, D(0), MEASURES)
    assert (score.state, score.value, score.score) == (rules.NO_DATA, None, D(10))
    score = rules.score_item(data_item(), {"x.lost": "2"}, D(0), MEASURES)
    assert (score.state, score.value, score.score) == ("", D(2), D(6))


# --- totals, grades, ranking -----------------------------------------------------------------


def test_the_total_is_the_sum_of_the_items_scores():
    items = [data_item(1, 10), hand_item(2, 90)]
    scores = rules.score_items(items, {"x.lost": "2"}, {2: D("5.5")}, MEASURES)
    assert [s.score for s in scores] == [D(6), D("84.5")]
    assert rules.total_of(scores) == D("90.5")
    # With items summing to 100 that is 100 minus the deductions.
    assert rules.total_of(scores) == 100 - sum(s.deduction for s in scores)
    assert rules.total_of([]) is None


@pytest.mark.parametrize(
    "total,grade",
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.PASS),
        ("60", Grade.PASS),
        ("59.99", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_each_threshold_is_inclusive(total, grade):
    assert rules.grade_for(D(total), THRESHOLDS) == grade


def test_no_total_no_grade():
    assert rules.grade_for(None, THRESHOLDS) == ""


def test_equal_totals_share_a_place_and_the_next_place_is_skipped():
    totals = {"a": D("95"), "b": D("90.5"), "c": D("90.50"), "d": D("88"), "e": None, "f": D(95)}
    assert rules.ranking(totals) == {"a": 1, "f": 1, "b": 3, "c": 3, "d": 5, "e": None}
    assert rules.ranking({}) == {}


# --- the scheme ------------------------------------------------------------------------------


def test_the_default_scheme_is_valid_and_worth_100():
    items = list(rules.DEFAULT_ITEMS)
    assert rules.scheme_problems(items, rules.DEFAULT_THRESHOLDS) == []
    assert rules.full_marks(items) == 100
    assert [i.no for i in items] == list(range(1, len(items) + 1))
    assert all(i.measure in rules.PLANNED_MEASURES for i in items if i.by_data)


def test_a_scheme_with_faults_names_each_row():
    items = [
        data_item(1, measure=""),
        rules.Item(no=2, name="项目1", points=D(0)),
        data_item(3, rule="", rate=0),
    ]
    problems = rules.scheme_problems(items, THRESHOLDS)
    assert "第 1 项：按数据评分的项目须选择数据来源。" in problems
    assert "第 2 项：项目名称「项目1」重复。" in problems
    assert "第 2 项：分值应大于 0、不超过 1000。" in problems
    assert "第 3 项：按数据评分的项目须选择扣分规则。" in problems
    assert "第 3 项：每单位扣分应大于 0。" in problems


@pytest.mark.parametrize(
    "excellent,good,passing,said",
    [
        (90, 90, 60, "合格 < 良好 < 优秀"),
        (80, 90, 60, "合格 < 良好 < 优秀"),
        (90, 80, -1, "合格 < 良好 < 优秀"),
        (101, 80, 60, "优秀分数线不能高于满分（各项分值合计 100 分）"),
    ],
)
def test_thresholds_must_rise_and_stay_within_full_marks(excellent, good, passing, said):
    thresholds = rules.Thresholds(D(excellent), D(good), D(passing))
    problems = rules.scheme_problems(list(rules.DEFAULT_ITEMS), thresholds)
    assert any(said in p for p in problems), problems


def test_an_empty_scheme_is_refused():
    assert rules.scheme_problems([], THRESHOLDS) == ["方案至少要有一个考核项目。"]


def test_an_item_survives_being_stored():
    for item in rules.DEFAULT_ITEMS:
        assert rules.Item.from_stored(item.as_stored()) == item
    # A hand item keeps no rule, whatever its row said.
    stored = rules.Item(1, "制度", D(10), Method.HAND, "x.lost", RuleKind.ABOVE).as_stored()
    assert (stored["measure"], stored["rule"], stored["rate"]) == ("", "", None)


def test_the_rule_reads_in_words():
    assert rules.rule_text(data_item(rate=5), "件") == "每1件扣5分，最多扣10分"
    assert (
        rules.rule_text(data_item(base=1, rate=2), "件") == "超过1件的，每超出1件扣2分，最多扣10分"
    )
    below = data_item(rule=RuleKind.BELOW, base=95, rate="0.5", points=10)
    assert rules.rule_text(below, "%") == "低于95%的，每低1%扣0.5分，最多扣10分"
    assert rules.rule_text(hand_item()) == "人工评分，每项扣分须写明理由"


# --- a result: derive and check --------------------------------------------------------------


def result(**fields):
    scheme = SimpleNamespace(
        items=[data_item(1, 40).as_stored(), hand_item(2, 60).as_stored()],
        excellent_min=D(90),
        good_min=D(80),
        pass_min=D(60),
    )
    values = {
        "scheme": scheme,
        "scheme_id": 7,
        "measured": {"x.lost": "2"},
        "hand": rules.hand_record(7, "433126-E02", {2: D(1)}),
        "status": Status.SCORING,
        "item_scores": [],
        "total": None,
        "grade": "",
        "year": 2024,
        "evaluated_on": datetime.date(2024, 12, 20),
        "evaluated_unit_code": "433126-E02",
        "evaluated_unit": None,
    }
    values.update(fields)
    return SimpleNamespace(**values)


def test_derive_scores_a_result_and_leaves_a_confirmed_one_as_it_was():
    record = result()
    rules.derive(record, MEASURES)
    assert (record.total, record.grade) == (D(95), Grade.EXCELLENT)
    assert [s["score"] for s in record.item_scores] == ["36.00", "59.00"]
    frozen = result(status=Status.CONFIRMED, total=D(70), grade=Grade.PASS, item_scores=["kept"])
    rules.derive(frozen, MEASURES)
    assert (frozen.total, frozen.grade, frozen.item_scores) == (D(70), Grade.PASS, ["kept"])
    none = result(scheme=None, scheme_id=None, hand={})
    rules.derive(none, MEASURES)
    assert (none.total, none.grade, none.item_scores) == (None, "", [])


def test_deductions_by_hand_tie_a_result_to_its_scheme_and_department():
    assert rules.check(result()) == []
    for moved in ({"scheme_id": 8}, {"evaluated_unit_code": "433126-E03"}):
        problems = rules.check(result(**moved))
        assert [p.header for p in problems] == ["考核年度"]
        assert "请先撤销扣分" in problems[0].message
    assert rules.check(result(scheme_id=8, hand={})) == []


def test_the_evaluation_date_falls_in_or_after_its_year():
    problems = rules.check(result(evaluated_on=datetime.date(2023, 12, 31)))
    assert [(p.header, p.message) for p in problems] == [
        ("考核日期", "考核日期不能早于考核年度的1月1日")
    ]
    assert rules.check(result(evaluated_on=datetime.date(2025, 1, 10))) == []
    assert [p.header for p in rules.check(result(year=1999))] == ["考核年度"]


def test_a_result_is_confirmed_only_with_a_scheme_and_computed_data():
    record = result()
    rules.derive(record, MEASURES)
    record.number = "1号"
    assert rules.confirm_refusal(record) == ""
    pending = result(measured={})
    rules.derive(pending, MEASURES)
    pending.number = "2号"
    assert "数据项尚未计算（项目1）" in rules.confirm_refusal(pending)
    bare = result(scheme=None, scheme_id=None, hand={}, number="3号")
    rules.derive(bare, MEASURES)
    assert "还没有考核方案" in rules.confirm_refusal(bare)


def test_numbers_read_as_written():
    assert [rules.points_text(v) for v in (D("20.00"), D("2.50"), D("92.25"), None)] == [
        "20",
        "2.5",
        "92.25",
        "—",
    ]
    assert rules.decimal(88.5) == D("88.50")
    assert rules.decimal("不是数") is None
