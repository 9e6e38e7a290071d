"""评议考核's rules (pure, no database): a scheme's items and thresholds and their checks, each
item's score from its measure and the deductions by hand, the total, the 等次 and the ranking.

Scoring (decided here, issue 21 leaves it open):
- an item's deduction is its data deduction (from the measure, by the item's rule) plus the
  deductions entered by hand on it, capped at the item's 分值: no item goes below 0;
- the total is the sum of the items' scores (with items summing to 100, the same as 100 minus
  all deductions; a scheme whose items sum otherwise is scored out of that sum);
- 等次 by the scheme's thresholds, each inclusive: 优秀 ≥ excellent, 良好 ≥ good, 合格 ≥ pass,
  else 不合格;
- the ranking is by total, highest first, equal totals sharing a place and the next place
  skipped (1, 2, 2, 4): a tie is not broken by anything the scheme does not score.
A data item whose measure nobody declares (core.measures), or whose value is missing, takes no
data deduction: it is scored by hand, and the page says why. Where the measure is not declared
the result is confirmed only once something is decided on the item by hand (a deduction, or 0
with its reason): it never deducts nothing silently (confirm_refusal).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fazhi.core.errors import Problem
from fazhi.core.models import UnitKind

from .models import Grade, Method, RuleKind, Status

CENT = Decimal("0.01")
ZERO = Decimal("0")
MAX_POINTS = Decimal("1000")  # one item's 分值, and the thresholds: a sanity bound
MAX_ITEMS = 30
FIRST_YEAR = 2000
EVALUATED_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT,)

# What stands for a data item's value when it has none (the page shows it).
NOT_COMPUTED = "未计算"
NO_DATA = "无数据"
NO_SOURCE = "暂无数据来源"


def decimal(value) -> Decimal | None:
    """A stored or typed number as a Decimal to the cent, None for none; a float (SQLite's
    average) goes through its text, so that 88.5 stays 88.5."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def points_text(value) -> str:
    """A number as people write it: 20, 2.5, 92.25 (no trailing zeros)."""
    number = decimal(value)
    if number is None:
        return "—"
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def stored_number(value: Decimal | None) -> str | None:
    """A number as JSON keeps it: text to the cent, exact."""
    return None if value is None else format(value.quantize(CENT), "f")


# --- the scheme ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One row of a scheme: 序号, 名称, 分值, 评分方式 and, for a data item, its measure and
    rule: ABOVE deducts `rate` for each unit the measure exceeds `base` (每败诉1件扣5分: base
    0), BELOW for each unit it falls short of `base` (持证率低于95%的每低1个百分点扣1分)."""

    no: int
    name: str
    points: Decimal
    method: str = Method.HAND
    measure: str = ""
    rule: str = ""
    base: Decimal = ZERO
    rate: Decimal = ZERO
    note: str = ""

    @property
    def by_data(self) -> bool:
        return self.method == Method.DATA

    def as_stored(self) -> dict:
        data = self.by_data
        return {
            "no": self.no,
            "name": self.name,
            "points": stored_number(self.points),
            "method": str(self.method),
            "measure": self.measure if data else "",
            "rule": str(self.rule) if data else "",
            "base": stored_number(self.base) if data else None,
            "rate": stored_number(self.rate) if data else None,
            "note": self.note,
        }

    @classmethod
    def from_stored(cls, raw: dict) -> "Item":
        return cls(
            no=int(raw.get("no") or 0),
            name=str(raw.get("name") or ""),
            points=decimal(raw.get("points")) or ZERO,
            method=raw.get("method") or Method.HAND,
            measure=raw.get("measure") or "",
            rule=raw.get("rule") or "",
            base=decimal(raw.get("base")) or ZERO,
            rate=decimal(raw.get("rate")) or ZERO,
            note=str(raw.get("note") or ""),
        )


@dataclass(frozen=True)
class Thresholds:
    excellent: Decimal
    good: Decimal
    passing: Decimal


DEFAULT_THRESHOLDS = Thresholds(Decimal(90), Decimal(80), Decimal(60))


# The measures issue 21 names, by the keys their registers declare them under (each app from
# its own ready(); core/measures.py): what a scheme item names before its app declares it.
PLANNED_MEASURES = {
    "enforcement.review_average": ("案卷评查平均分", "分"),
    "enforcement.review_failed": ("评查不合格案卷", "件"),
    "enforcement.rectification_overdue": ("评查问题未按期整改", "件"),
    "litigation.lost_as_defendant": ("行政诉讼败诉", "件"),
    "officers.certified_rate": ("持证率", "%"),
    "inspections.over_cap": ("涉企检查超过频次上限的企业", "家"),
    "inspections.uncertified": ("持证执法人员不足两人的涉企检查", "件"),
    "enforcement_data.filed_late_or_missing": ("执法数据年报逾期或未报", "次"),
    "oversight.rectification_late": ("法治督察问题未按期整改", "件"),
}


def _item(no, name, points, measure="", rule="", base=0, rate=0, note="") -> Item:
    return Item(
        no=no,
        name=name,
        points=Decimal(points),
        method=Method.DATA if measure else Method.HAND,
        measure=measure,
        rule=rule,
        base=Decimal(base),
        rate=Decimal(rate),
        note=note,
    )


# A first scheme to start from where a bureau has none and no earlier year to copy: the items
# issue 21 names, scored from the registers' measures, and the rest by hand. 100 points.
# The measures of the other registers of the line are declared by their apps under these keys.
DEFAULT_ITEMS = (
    _item(1, "案卷评查质量", 20, "enforcement.review_average", RuleKind.BELOW, 90, 1),
    _item(2, "评查问题整改", 10, "enforcement.rectification_overdue", RuleKind.ABOVE, 0, 2),
    _item(3, "行政应诉", 10, "litigation.lost_as_defendant", RuleKind.ABOVE, 0, 5),
    _item(4, "执法人员持证", 10, "officers.certified_rate", RuleKind.BELOW, 95, 1),
    _item(5, "涉企检查频次", 10, "inspections.over_cap", RuleKind.ABOVE, 0, 2),
    _item(6, "涉企检查人员资格", 10, "inspections.uncertified", RuleKind.ABOVE, 0, 2),
    _item(7, "执法数据年报", 5, "enforcement_data.filed_late_or_missing", RuleKind.ABOVE, 0, 5),
    _item(8, "法治督察整改", 10, "oversight.rectification_late", RuleKind.ABOVE, 0, 2),
    _item(9, "执法制度建设", 15, note="三项制度落实、执法公示、执法责任制等，人工评分"),
)


def items_of(stored: list) -> list[Item]:
    return [Item.from_stored(raw) for raw in stored or []]


def full_marks(items: list[Item]) -> Decimal:
    return sum((item.points for item in items), ZERO)


def scheme_problems(items: list[Item], thresholds: Thresholds) -> list[str]:
    """Why a scheme cannot be saved as it stands, in Chinese, each row by its 序号."""
    problems = []
    if not items:
        problems.append("方案至少要有一个考核项目。")
    if len(items) > MAX_ITEMS:
        problems.append(f"考核项目不能超过 {MAX_ITEMS} 项。")
    seen = set()
    for item in items:
        row = f"第 {item.no} 项"
        if not item.name.strip():
            problems.append(f"{row}：请填写项目名称。")
        elif item.name in seen:
            problems.append(f"{row}：项目名称「{item.name}」重复。")
        seen.add(item.name)
        if not ZERO < item.points <= MAX_POINTS:
            problems.append(f"{row}：分值应大于 0、不超过 {points_text(MAX_POINTS)}。")
        if item.method not in Method.values:
            problems.append(f"{row}：请选择评分方式。")
        if not item.by_data:
            continue
        if not item.measure:
            problems.append(f"{row}：按数据评分的项目须选择数据来源。")
        if item.rule not in RuleKind.values:
            problems.append(f"{row}：按数据评分的项目须选择扣分规则。")
        if item.rate <= ZERO or item.rate > MAX_POINTS:
            problems.append(f"{row}：每单位扣分应大于 0。")
        if item.base < ZERO or item.base > MAX_POINTS * 100:
            problems.append(f"{row}：起扣值（目标值）不能小于 0。")
    full = full_marks(items)
    t = thresholds
    if not ZERO <= t.passing < t.good < t.excellent:
        problems.append("等次分数线应满足：合格 < 良好 < 优秀，且都不小于 0。")
    elif items and t.excellent > full:
        problems.append(f"优秀分数线不能高于满分（各项分值合计 {points_text(full)} 分）。")
    return problems


def rule_text(item: Item, unit_label: str = "") -> str:
    """The deduction rule in words, as the scheme page and the notice say it."""
    if not item.by_data:
        return "人工评分，每项扣分须写明理由"
    unit = unit_label
    cap = f"最多扣{points_text(item.points)}分"
    rate = points_text(item.rate)
    if item.rule == RuleKind.BELOW:
        return f"低于{points_text(item.base)}{unit}的，每低1{unit}扣{rate}分，{cap}"
    if item.base:
        return f"超过{points_text(item.base)}{unit}的，每超出1{unit}扣{rate}分，{cap}"
    return f"每1{unit}扣{rate}分，{cap}"


# --- scoring -------------------------------------------------------------------------------


def data_deduction(item: Item, value: Decimal | None) -> Decimal:
    """What the item's rule deducts for the measure's value, before the cap; 0 without a
    value or for a hand item."""
    if value is None or not item.by_data:
        return ZERO
    if item.rule == RuleKind.ABOVE:
        gap = value - item.base
    elif item.rule == RuleKind.BELOW:
        gap = item.base - value
    else:
        return ZERO
    return (max(gap, ZERO) * item.rate).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ItemScore:
    no: int
    name: str
    points: Decimal
    method: str
    measure: str = ""
    measure_label: str = ""
    unit_label: str = ""
    value: Decimal | None = None
    state: str = ""  # NOT_COMPUTED, NO_DATA, NO_SOURCE: why a data item has no value
    data_deduction: Decimal = ZERO
    hand_deduction: Decimal = ZERO
    score: Decimal = ZERO

    @property
    def deduction(self) -> Decimal:
        return self.points - self.score

    @property
    def capped(self) -> bool:
        return self.data_deduction + self.hand_deduction > self.deduction

    def as_stored(self) -> dict:
        return {
            "no": self.no,
            "name": self.name,
            "points": stored_number(self.points),
            "method": str(self.method),
            "measure": self.measure,
            "measure_label": self.measure_label,
            "unit_label": self.unit_label,
            "value": stored_number(self.value),
            "state": self.state,
            "data_deduction": stored_number(self.data_deduction),
            "hand_deduction": stored_number(self.hand_deduction),
            "score": stored_number(self.score),
        }

    @classmethod
    def from_stored(cls, raw: dict) -> "ItemScore":
        return cls(
            no=int(raw.get("no") or 0),
            name=str(raw.get("name") or ""),
            points=decimal(raw.get("points")) or ZERO,
            method=raw.get("method") or Method.HAND,
            measure=raw.get("measure") or "",
            measure_label=raw.get("measure_label") or "",
            unit_label=raw.get("unit_label") or "",
            value=decimal(raw.get("value")),
            state=raw.get("state") or "",
            data_deduction=decimal(raw.get("data_deduction")) or ZERO,
            hand_deduction=decimal(raw.get("hand_deduction")) or ZERO,
            score=decimal(raw.get("score")) or ZERO,
        )


def score_item(
    item: Item, measured: dict, hand: Decimal, measures: dict[str, tuple[str, str]]
) -> ItemScore:
    """One item's score: `measured` is {measure key: stored value or None} as last computed
    (a key absent: not computed yet), `hand` the item's deductions by hand, `measures` the
    declared measures' (label, unit label) by key."""
    value, state, label, unit_label = None, "", "", ""
    if item.by_data:
        if item.measure not in measures:
            state = NO_SOURCE
        else:
            label, unit_label = measures[item.measure]
            if item.measure not in measured:
                state = NOT_COMPUTED
            else:
                value = decimal(measured[item.measure])
                state = NO_DATA if value is None else ""
    from_data = data_deduction(item, value)
    taken = min(item.points, from_data + hand)
    return ItemScore(
        no=item.no,
        name=item.name,
        points=item.points,
        method=item.method,
        measure=item.measure if item.by_data else "",
        measure_label=label,
        unit_label=unit_label,
        value=value,
        state=state,
        data_deduction=from_data,
        hand_deduction=hand,
        score=item.points - taken,
    )


def score_items(
    items: list[Item], measured: dict, hand: dict[int, Decimal], measures: dict
) -> list[ItemScore]:
    return [score_item(item, measured, hand.get(item.no, ZERO), measures) for item in items]


def total_of(scores: list[ItemScore]) -> Decimal | None:
    """The sum of the items' scores; None without items (no scheme)."""
    if not scores:
        return None
    return sum((score.score for score in scores), ZERO)


def grade_for(total: Decimal | None, thresholds: Thresholds) -> str:
    """等次 of a total, each threshold inclusive; no total, no 等次."""
    if total is None:
        return ""
    if total >= thresholds.excellent:
        return Grade.EXCELLENT
    if total >= thresholds.good:
        return Grade.GOOD
    if total >= thresholds.passing:
        return Grade.PASS
    return Grade.FAIL


def ranking(totals: dict) -> dict:
    """{key: place} by total, highest first, equal totals sharing a place and the next place
    skipped (competition ranking: 1, 2, 2, 4); a key without a total has no place (None)."""
    scored = sorted((t for t in totals.values() if t is not None), reverse=True)
    first_place = {}
    for place, total in enumerate(scored, start=1):
        first_place.setdefault(total, place)
    return {
        key: first_place.get(total) if total is not None else None for key, total in totals.items()
    }


# --- the hand deductions, as the result keeps them ------------------------------------------


def hand_points(hand: dict) -> dict[int, Decimal]:
    """{item 序号: points} out of the result's stored `hand`."""
    items = (hand or {}).get("items") or {}
    return {int(no): decimal(points) or ZERO for no, points in items.items()}


def hand_record(scheme_id, unit_code: str, points: dict[int, Decimal]) -> dict:
    """The result's `hand` value for these deductions (by item), under its scheme and unit: a
    result whose scheme or department changes later is refused while it has any (check)."""
    # An item deducted 0 (a data item without a source, judged by hand to lose nothing) is
    # kept: it is a decision recorded, as confirmation asks (confirm_refusal).
    kept = {str(no): stored_number(p) for no, p in sorted(points.items()) if p is not None}
    return {"scheme": scheme_id, "unit": unit_code, "items": kept} if kept else {}


# --- the record ----------------------------------------------------------------------------


def thresholds_of(scheme) -> Thresholds:
    return Thresholds(scheme.excellent_min, scheme.good_min, scheme.pass_min)


def derive(record, measures: dict) -> None:
    """Each item's score, the total and the 等次 from the scheme, the measured values and the
    hand deductions; a confirmed result keeps them as they are (frozen). `measures`: the
    declared measures' (label, unit label) by key."""
    if record.status == Status.CONFIRMED:
        return
    scheme = record.scheme if record.scheme_id else None
    if scheme is None:
        record.item_scores, record.total, record.grade = [], None, ""
        return
    scores = score_items(
        items_of(scheme.items), record.measured or {}, hand_points(record.hand), measures
    )
    record.item_scores = [score.as_stored() for score in scores]
    record.total = total_of(scores)
    record.grade = grade_for(record.total, thresholds_of(scheme))


def check(record) -> list[Problem]:
    problems = []
    if record.year is not None and record.year < FIRST_YEAR:
        problems.append(Problem("考核年度", f"考核年度不能早于 {FIRST_YEAR} 年"))
    elif (
        record.year
        and record.evaluated_on
        and record.evaluated_on < datetime.date(record.year, 1, 1)
    ):
        problems.append(Problem("考核日期", "考核日期不能早于考核年度的1月1日"))
    hand = record.hand or {}
    if hand_points(hand) and (
        hand.get("scheme") != record.scheme_id or hand.get("unit") != record.evaluated_unit_code
    ):
        problems.append(
            Problem(
                "考核年度",
                "该考核已有人工扣分，不能改变考核年度、被考核单位或所属单位；请先撤销扣分",
            )
        )
    if record.status == Status.CONFIRMED and record.total is None:
        problems.append(Problem("考核状态", "没有考核方案、未得出总分的考核不能确定"))
    unit = getattr(record, "evaluated_unit", None)
    if unit is not None:
        problems += [Problem("被考核单位", m) for m in unit_problems(unit.code, unit.kind)]
    return problems


def unit_problems(code: str, kind: str) -> list[str]:
    if kind not in EVALUATED_KINDS:
        return [f"单位「{code}」不是行政执法部门"]
    return []


def confirm_refusal(record) -> str:
    """Why the result cannot be confirmed now, "" when it can."""
    if record.status == Status.CONFIRMED:
        return f"「{record.number}」的考核结果已确定。"
    if record.scheme_id is None or record.total is None:
        return f"「{record.number}」还没有考核方案，不能确定。"
    pending = [s["name"] for s in record.item_scores or [] if s.get("state") == NOT_COMPUTED]
    if pending:
        return f"「{record.number}」的数据项尚未计算（{'、'.join(pending)}），请先重新计算。"
    undecided = [s["name"] for s in undecided_items(record)]
    if undecided:
        return (
            f"「{record.number}」的{'、'.join(undecided)}暂无数据来源，须人工评分："
            "请登记扣分，不扣分的登记扣 0 分并写明理由。"
        )
    return ""


def undecided_items(record) -> list[dict]:
    """The stored item scores of the result's data items whose measure no register declares
    (暂无数据来源) and on which nothing is decided by hand yet: they would deduct nothing
    silently."""
    decided = hand_points(record.hand)
    return [
        s
        for s in record.item_scores or []
        if s.get("state") == NO_SOURCE and int(s.get("no") or 0) not in decided
    ]


def may_deduct_nothing(item: Item, declared: bool) -> bool:
    """Whether 0 may be entered on the item: only on a data item whose measure no register
    declares, where it records that it was judged by hand and loses nothing."""
    return item.by_data and not declared
