"""The litigation register's Excel columns (the domain file's order) and its declaration."""

from django.utils import timezone

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.records import deadline_fields
from fazhi.core.registers import Register

from . import links, rules
from .models import LitigationCase

COLUMNS = bind(
    LitigationCase,
    [
        Column("案号", "number", required=True),
        Column("原告", "plaintiff", required=True),
        Column("被告", "defendant", required=True),
        Column("行政行为类别", "act_type"),
        Column("审级", "instance"),
        Column("审理法院", "court"),
        Column("收到应诉通知日期", "notice_received_date", required=True, past_only=True),
        Column("是否开庭", "hearing_held"),
        Column("开庭日期", "hearing_date"),
        Column("负责人是否出庭", "head_appeared"),
        Column("出庭负责人", "head_name"),
        Column("出庭负责人职务", "head_title"),
        Column("审结日期", "concluded_date", past_only=True),
        Column("裁判结果", "judgment"),
        # The number as written; the foreign key is resolved from it by links.resolve_links.
        Column("关联复议案件编号", "reconsideration_number"),
        UNIT_COLUMN,
    ],
)

COMPUTED_DEADLINES = (rules.ANSWER,)


def computed(case, today=None) -> dict[str, str]:
    """The computed fields of the domain file, each deadline with its legal basis."""
    return deadline_fields(rules, case, COMPUTED_DEADLINES, today or timezone.localdate())


REGISTER = Register(
    name="litigation",
    model=LitigationCase,
    label="行政应诉案件",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "plaintiff",
        "defendant",
        "act_type",
        "instance",
        "court",
        "reconsideration_number",
        "officer",
    ),
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=rules.derive,
    resolve=links.resolve_links,
    links_from=("reconsideration_number", "unit"),
    sample={
        "案号": "（2024）湘3101行初12号",
        "原告": "王某",
        "被告": "古丈县自然资源局",
        "行政行为类别": "行政处罚",
        "审级": "一审",
        "审理法院": "吉首市人民法院",
        "收到应诉通知日期": "2024-03-11",
        "是否开庭": "是",
        "开庭日期": "2024-05-14",
        "负责人是否出庭": "是",
        "出庭负责人": "李某",
        "出庭负责人职务": "副局长",
        "审结日期": "2024-06-20",
        "裁判结果": "驳回诉讼请求",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="notice_received_date",
    search_fields=("number", "plaintiff", "defendant", "court"),
    filters=("act_type", "instance"),
)
