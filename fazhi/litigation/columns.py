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
        Column(
            "负责人是否出声",
            "head_spoke",
            help="出庭的负责人在庭审中陈述、答辩或就实质性化解争议发表意见的，填“是”"
            "（法释〔2020〕3号第十一条）；负责人未出庭的填“否”。",
        ),
        Column("审结日期", "concluded_date", past_only=True),
        Column("裁判结果", "judgment"),
        Column(
            "结案方式",
            "closing_method",
            help="裁判结果为“其他”的必填；其余裁判结果由系统确定结案方式（判决、裁定、撤诉、调解）。",
        ),
        # The number as written; the foreign key is resolved from it by links.resolve_links.
        Column("关联复议案件编号", "reconsideration_number"),
        Column(
            "是否共同应诉",
            "joint_defence",
            help="复议机关维持原行政行为后，与作出原行政行为的机关作共同被告的，填“是”"
            "（行政诉讼法第二十六条第二款）。",
        ),
        Column(
            "是否附带审查规范性文件",
            "normative_review",
            help="原告在起诉时一并请求审查行政行为所依据的规范性文件的，填“是”"
            "（行政诉讼法第五十三条）。",
        ),
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
        "joint_defence",
        "normative_review",
        # A fact the hearing step now asks, kept for the hearings registered before it did.
        "head_spoke",
        # Only for 其他, whose 结案方式 the officer says (rules.derive sets the others).
        "closing_method",
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
        "负责人是否出声": "是",
        "审结日期": "2024-06-20",
        "裁判结果": "驳回诉讼请求",
        "结案方式": "判决",
        "是否共同应诉": "否",
        "是否附带审查规范性文件": "否",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="notice_received_date",
    search_fields=("number", "plaintiff", "defendant", "court"),
    filters=("act_type", "instance", "closing_method"),
)
