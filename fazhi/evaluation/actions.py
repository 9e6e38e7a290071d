"""Every change to 评议考核: one function per action. A result changes through
core.writes.save_record (scope, links, derived scores, checks, audit, one transaction); a
deduction by hand is written with its result's write, so the result's audit entry carries it;
the scheme is audited as one value.

Scoring is for those who work the register (执法监督, permissions.SCORE); a department's
填报员 reads his result and changes nothing. A confirmed result is frozen (columns.held), and so
is a scheme once a result under it is confirmed.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, permissions
from fazhi.core.errors import ActionRefused
from fazhi.core.measures import MEASURES
from fazhi.core.models import BUREAUS, AuditAction, Unit
from fazhi.core.text import required_text, text_problem
from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import REGISTER
from .models import Deduction, EnforcementEvaluation, EvaluationScheme, Status
from .permissions import SCORE, SET_SCHEME

REASON_LIMIT = 500
SCHEME_FIELDS = ("items", "excellent_min", "good_min", "pass_min")


def register_evaluation(actor, *, unit, **facts) -> EnforcementEvaluation:
    """登记 one department's result for a year (its scores follow from the scheme)."""
    permissions.require(SCORE, actor)
    record = EnforcementEvaluation(unit=unit, **facts)
    return save_record(actor, REGISTER, record, note="登记评议考核")


def update_evaluation(actor, record: EnforcementEvaluation, **changes) -> EnforcementEvaluation:
    permissions.require(SCORE, actor)
    return update_record(actor, REGISTER, record, changes, note="修改评议考核")


# --- the scheme ----------------------------------------------------------------------------


def scheme_of(unit, year: int) -> EvaluationScheme | None:
    return EvaluationScheme.objects.filter(unit=unit, year=year).first()


def is_frozen(scheme: EvaluationScheme | None) -> bool:
    """A scheme a confirmed result was scored under keeps its items: change it by copying it
    to the next year."""
    return scheme is not None and scheme.results.filter(status=Status.CONFIRMED).exists()


def _scheme_values(scheme: EvaluationScheme | None) -> dict | None:
    if scheme is None:
        return None
    return audit.snapshot(scheme, list(SCHEME_FIELDS))


@transaction.atomic
def set_scheme(
    actor, *, unit: Unit, year: int, items: list, thresholds: rules.Thresholds, note: str = ""
) -> EvaluationScheme:
    """Set the bureau's scheme for a year (a new one, or this year's changed), then score the
    year's results under it again. Refused, changing nothing, when the scheme is frozen, when
    its rows are not valid, or when it drops an item that holds deductions by hand."""
    permissions.require(SET_SCHEME, actor)
    if actor is not None and unit.pk != actor.unit_id:
        raise ActionRefused("只能制定本单位的评议考核方案。")
    if unit.kind not in BUREAUS:
        raise ActionRefused("评议考核方案只能由司法局制定。")
    if not rules.FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise ActionRefused("请填写正确的考核年度。")
    scheme = EvaluationScheme.objects.select_for_update().filter(unit=unit, year=year).first()
    if is_frozen(scheme):
        raise ActionRefused(
            f"{year}年度已有考核结果确定，方案不能再修改；如需调整，请复制到下一年度后修改。"
        )
    items = [rules.Item.from_stored(item.as_stored()) for item in items]
    problems = rules.scheme_problems(items, thresholds)
    for item in items:
        for label, text, limit in (("项目名称", item.name, 100), ("说明", item.note, 200)):
            problem = text_problem(text, f"第 {item.no} 项{label}")
            if problem:
                problems.append(problem)
            elif len(text) > limit:
                problems.append(f"第 {item.no} 项{label}最多 {limit} 个字。")
    if problems:
        raise ActionRefused("".join(problems))
    results = list(
        EnforcementEvaluation.objects.select_for_update()
        .filter(unit=unit, year=year)
        .exclude(status=Status.CONFIRMED)
    )
    moves = _deductions_moved(scheme, items, results)
    before = _scheme_values(scheme)
    if scheme is None:
        scheme = EvaluationScheme(unit=unit, year=year)
    scheme.items = [item.as_stored() for item in items]
    scheme.excellent_min = thresholds.excellent
    scheme.good_min = thresholds.good
    scheme.pass_min = thresholds.passing
    scheme.updated_by = actor
    scheme.full_clean()
    scheme.save()
    scheme.refresh_from_db()  # the thresholds as stored (Decimal places), for the entry
    audit.record(
        actor,
        AuditAction.UPDATE if before is not None else AuditAction.CREATE,
        scheme,
        before=before,
        after=_scheme_values(scheme),
        unit=unit,
        note=note or f"制定{year}年度评议考核方案",
    )
    # The year's open results are scored under it at once, their data items computed anew
    # (an item may name a measure the old scheme did not): one write each.
    for record in results:
        record.scheme = scheme
    for deduction, no in moves:
        deduction.item_no = no
        deduction.save(update_fields=["item_no"])
    values, now = measured_values(results), timezone.now()
    for record in results:
        record.measured, record.measured_at = values[record.pk], now
        record.hand = _hand_totals(record)
        save_record(actor, REGISTER, record, note=f"按{year}年度考核方案重新评分")
    return scheme


def _deductions_moved(scheme, items: list, results) -> list[tuple[Deduction, int]]:
    """Each deduction by hand of the year's open results whose item takes another 序号 in the
    new items, with that 序号: an item is known by its name (unique in a scheme), so a
    deduction stays on the item it was made for when rows are inserted or reordered. Refused
    while an item holding deductions would be dropped or renamed (withdraw them first)."""
    if scheme is None:
        return []
    old_names = {item.no: item.name for item in rules.items_of(scheme.items)}
    new_numbers = {item.name: item.no for item in items}
    moves, lost = [], {}
    for deduction in Deduction.objects.filter(evaluation__in=results).select_related("evaluation"):
        name = old_names.get(deduction.item_no)
        no = new_numbers.get(name)
        if no is None:
            if not deduction.withdrawn:
                lost.setdefault(deduction.evaluation.number, set()).add(
                    f"第{deduction.item_no}项「{name or deduction.item_name}」"
                )
        elif no != deduction.item_no:
            moves.append((deduction, no))
    if lost:
        number, names = sorted(lost.items())[0]
        raise ActionRefused(
            f"「{number}」在{'、'.join(sorted(names))}有人工扣分，不能删除这些项目或修改其名称；"
            "请先撤销扣分。"
        )
    return moves


def copy_scheme(actor, *, unit: Unit, year: int) -> EvaluationScheme:
    """复制上年方案: last year's scheme as this year's, where this year has none yet."""
    if scheme_of(unit, year) is not None:
        raise ActionRefused(f"{year}年度已有考核方案，请直接修改。")
    previous = scheme_of(unit, year - 1)
    if previous is None:
        raise ActionRefused(f"没有{year - 1}年度的考核方案可以复制。")
    return set_scheme(
        actor,
        unit=unit,
        year=year,
        items=rules.items_of(previous.items),
        thresholds=rules.thresholds_of(previous),
        note=f"复制{year - 1}年度方案为{year}年度评议考核方案",
    )


# --- the year's results ---------------------------------------------------------------------


def departments_of(unit: Unit):
    """The departments a bureau evaluates: the 行政执法部门 below it."""
    return Unit.objects.subtree(unit).filter(kind__in=rules.EVALUATED_KINDS).order_by("code")


@transaction.atomic
def generate(actor, *, unit: Unit, year: int, day: datetime.date) -> int:
    """One result for each department of the bureau that has none for the year, dated `day`,
    its data items computed at once. Returns how many were made."""
    permissions.require(SCORE, actor)
    if unit.kind not in BUREAUS:
        raise ActionRefused("评议考核由司法局组织，请在司法局下生成考核记录。")
    if day.year < year:
        raise ActionRefused(f"考核日期不能早于{year}年1月1日。")
    taken = set(
        EnforcementEvaluation.objects.filter(unit=unit, year=year).values_list(
            "evaluated_unit_code", flat=True
        )
    )
    numbers = set(EnforcementEvaluation.objects.filter(unit=unit).values_list("number", flat=True))
    made = []
    for department in departments_of(unit):
        if department.code in taken:
            continue
        number = f"{year}-{department.code}"
        if number in numbers:
            raise ActionRefused(f"编号「{number}」已被其他考核记录使用，请先修改该记录的编号。")
        made.append(
            save_record(
                actor,
                REGISTER,
                EnforcementEvaluation(
                    unit=unit,
                    number=number,
                    year=year,
                    evaluated_unit_code=department.code,
                    evaluated_on=day,
                ),
                note="生成年度评议考核记录",
            )
        )
    if made:
        recompute(actor, made)
    return len(made)


def measured_values(records) -> dict[int, dict]:
    """{record id: {measure key: stored value or None}} for the data items of each record's
    scheme whose measure is declared: one call of each measure per year, for all the
    departments of that year at once."""
    wanted: dict[int, set[str]] = {}
    for record in records:
        items = rules.items_of(record.scheme.items) if record.scheme_id else []
        keys = {item.measure for item in items if item.by_data and item.measure in MEASURES}
        wanted.setdefault(record.year, set()).update(keys)
    values: dict[tuple[int, str], dict] = {}
    for year, keys in wanted.items():
        departments = sorted({r.evaluated_unit_id for r in records if r.year == year} - {None})
        for key in sorted(keys):
            values[year, key] = MEASURES[key].per_department(year, departments)
    found = {}
    for record in records:
        items = rules.items_of(record.scheme.items) if record.scheme_id else []
        keys = {item.measure for item in items if item.by_data and item.measure in MEASURES}
        found[record.pk] = {
            key: rules.stored_number(
                rules.decimal(values[record.year, key].get(record.evaluated_unit_id))
            )
            for key in sorted(keys)
        }
    return found


@transaction.atomic
def recompute(actor, records) -> int:
    """重新计算: each result's data items from the registers now (the measures), until it is
    confirmed; a confirmed one is left as it is. Returns how many were computed."""
    permissions.require(SCORE, actor)
    open_ids = [r.pk for r in records if r.status != Status.CONFIRMED]
    # The results alone are locked: PostgreSQL locks no row on the nullable side of the
    # outer joins that read their scheme and units.
    locked = list(
        EnforcementEvaluation.objects.select_for_update(of=("self",))
        .filter(pk__in=open_ids)
        .exclude(status=Status.CONFIRMED)
        .select_related("scheme", "unit", "evaluated_unit")
        .order_by("pk")
    )
    values = measured_values(locked)
    now = timezone.now()
    for record in locked:
        record.measured = values[record.pk]
        record.measured_at = now
        save_record(actor, REGISTER, record, note="重新计算数据项得分")
    return len(locked)


# --- deductions by hand ---------------------------------------------------------------------


def _refuse_unless_open(record: EnforcementEvaluation) -> None:
    if record.status == Status.CONFIRMED:
        raise ActionRefused(f"「{record.number}」的考核结果已确定，不能再扣分或撤销扣分。")
    if record.scheme_id is None:
        raise ActionRefused(f"{record.year}年度还没有考核方案，请先制定方案。")


def _hand_totals(record: EnforcementEvaluation) -> dict:
    totals: dict[int, object] = {}
    for deduction in record.deductions.filter(withdrawn_at__isnull=True):
        totals[deduction.item_no] = totals.get(deduction.item_no, rules.ZERO) + deduction.points
    return rules.hand_record(record.scheme_id, record.evaluated_unit_code, totals)


@transaction.atomic
def add_deduction(actor, record: EnforcementEvaluation, *, item_no: int, points, reason: str):
    """扣分 on one item, with its reason: the deduction and the result's new score in one
    write. Refused for a confirmed result, an unknown item, points out of the item's range."""
    permissions.require(SCORE, actor)
    lock(record)
    _refuse_unless_open(record)
    item = next((i for i in rules.items_of(record.scheme.items) if i.no == item_no), None)
    if item is None:
        raise ActionRefused("请选择考核方案中的项目。")
    amount = rules.decimal(points)
    # 0 only where it records a decision: a data item no register gives a value for.
    nothing = rules.may_deduct_nothing(item, item.measure in MEASURES)
    if amount is None or amount > item.points or amount < 0 or (amount == 0 and not nothing):
        lower = "不小于 0" if nothing else "大于 0"
        raise ActionRefused(
            f"扣分应{lower}、不超过该项分值（{rules.points_text(item.points)} 分）。"
        )
    reason = required_text(reason, "扣分理由", REASON_LIMIT, "扣分须写明理由。")
    Deduction.objects.create(
        evaluation=record,
        item_no=item.no,
        item_name=item.name,
        points=amount,
        reason=reason,
        entered_by=actor,
        entered_at=timezone.now(),
    )
    record.hand = _hand_totals(record)
    note = f"扣分：第{item.no}项「{item.name}」扣{rules.points_text(amount)}分，理由：{reason}"
    return save_record(actor, REGISTER, record, note=note)


@transaction.atomic
def withdraw_deduction(actor, deduction: Deduction):
    """撤销 a deduction by hand (kept, marked withdrawn), the result scored again."""
    permissions.require(SCORE, actor)
    record = lock(deduction.evaluation)
    _refuse_unless_open(record)
    deduction = Deduction.objects.select_for_update().get(pk=deduction.pk)
    if deduction.withdrawn:
        raise ActionRefused("该扣分已撤销。")
    deduction.withdrawn_by = actor
    deduction.withdrawn_at = timezone.now()
    deduction.save(update_fields=["withdrawn_by", "withdrawn_at"])
    record.hand = _hand_totals(record)
    note = (
        f"撤销扣分：第{deduction.item_no}项「{deduction.item_name}」"
        f"扣{rules.points_text(deduction.points)}分（理由：{deduction.reason}）"
    )
    return save_record(actor, REGISTER, record, note=note)


# --- confirmation ---------------------------------------------------------------------------


@transaction.atomic
def confirm(actor, records, day: datetime.date) -> int:
    """确定: the results as they stand now, frozen from then on. All or none: one that cannot
    be confirmed refuses the lot, naming why. Returns how many were confirmed."""
    permissions.require(SCORE, actor)
    if day > timezone.localdate():
        raise ActionRefused("确定日期不能晚于今天。")
    ids = [r.pk for r in records]
    # The results alone are locked: PostgreSQL locks no row on the nullable side of the
    # outer joins that read their scheme and units.
    locked = list(
        EnforcementEvaluation.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .exclude(status=Status.CONFIRMED)
        .select_related("scheme", "unit", "evaluated_unit")
        .order_by("pk")
    )
    refusals = [rules.confirm_refusal(r) for r in locked]
    refusals += [
        f"「{r.number}」的确定日期不能早于考核日期。" for r in locked if day < r.evaluated_on
    ]
    refusals = [text for text in refusals if text]
    if refusals:
        raise ActionRefused("".join(refusals[:5]) + ("……" if len(refusals) > 5 else ""))
    for record in locked:
        record.status = Status.CONFIRMED
        record.confirmed_date = day
        record.confirmed_by = actor
        save_record(actor, REGISTER, record, note="确定考核结果")
    return len(locked)
