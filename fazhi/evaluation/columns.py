"""评议考核's Excel columns and its declaration. A file enters or corrects who is evaluated in
which year; the scores are the scheme's and the actions' (重新计算, 扣分, 确定), exported as
computed columns, never imported."""

from functools import partial

from fazhi.core import permissions
from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.measures import MEASURES
from fazhi.core.registers import Register

from . import links, rules
from .models import EnforcementEvaluation, Status
from .permissions import READ_ONLY, SCORE

COLUMNS = bind(
    EnforcementEvaluation,
    [
        Column("考核编号", "number", required=True),
        Column("考核年度", "year", required=True, help="如 2024"),
        # The code as written; the foreign key is resolved from it by links.
        Column("被考核单位", "evaluated_unit_code", required=True, help="行政执法部门的单位代码"),
        Column("考核日期", "evaluated_on", required=True, past_only=True),
        Column("备注", "remarks"),
        UNIT_COLUMN,
    ],
)


def declared_measures() -> dict[str, tuple[str, str]]:
    """The declared measures' (label, unit label) by key: what derive scores data items by."""
    return {key: (m.label, m.unit_label) for key, m in MEASURES.items()}


def derive(record, settings=None) -> None:
    rules.derive(record, declared_measures())


def computed(record, today=None) -> dict[str, str]:
    return {
        "总分": rules.points_text(record.total) if record.total is not None else "",
        "等次": record.get_grade_display(),
        "考核状态": record.get_status_display(),
        "确定日期": record.confirmed_date.isoformat() if record.confirmed_date else "",
    }


def held(stored) -> str:
    """A confirmed result is frozen: no edit, import or API write changes it."""
    if stored.status == Status.CONFIRMED:
        return f"「{stored.number}」的考核结果已确定，不能再修改。"
    return ""


REGISTER = Register(
    name="enforcement_evaluation",
    model=EnforcementEvaluation,
    label="评议考核",
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=derive,
    resolve=links.resolve,
    links_from=("evaluated_unit_code", "year", "unit"),
    held=held,
    may_import=partial(permissions.allows, SCORE),
    # A department's 填报员 reads his result and writes nothing of it, by any way of writing.
    protected={column.field: (partial(permissions.allows, SCORE), READ_ONLY) for column in COLUMNS},
    sample={
        "考核编号": "古考〔2024〕2号",
        "考核年度": "2024",
        "被考核单位": "433126-E02",
        "考核日期": "2024-12-26",
        "备注": "年终集中考核",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="evaluated_on",
    search_fields=("number", "evaluated_unit__name", "remarks"),
    filters=("status", "grade"),
)
