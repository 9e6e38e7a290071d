"""The reconsideration register's Excel columns (the domain file's order) and its declaration."""

from django.utils import timezone

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.records import deadline_fields
from fazhi.core.registers import Register

from . import links, rules
from .models import ReconsiderationCase

COLUMNS = bind(
    ReconsiderationCase,
    [
        Column("案件编号", "number", required=True),
        Column("申请人", "applicant", required=True),
        Column("被申请人", "respondent", required=True),
        Column("被申请人单位代码", "respondent_unit_code"),
        Column(
            "被申请人类型",
            "respondent_kind",
            help="填了被申请人单位代码的，按该单位的类别确定（行政执法部门为县政府部门，"
            "乡镇人民政府为乡镇人民政府）",
        ),
        Column("申请人类型", "applicant_kind"),
        Column("行政行为类别", "act_type"),
        Column("行政管理领域", "admin_field"),
        Column("收到申请日期", "received_date", required=True, past_only=True),
        Column("适用程序", "procedure"),
        Column("审查结果", "review_result"),
        Column("补正通知日期", "correction_notice_date", past_only=True),
        Column("补正通知送达日期", "correction_delivered_date", past_only=True),
        Column("补正通知送达方式", "correction_delivery_method"),
        Column("补正通知受送达人", "correction_recipient"),
        Column("补正完成日期", "correction_done_date", past_only=True),
        Column("受理日期", "accepted_date", past_only=True),
        Column("答复通知日期", "reply_notice_date", past_only=True),
        Column("副本送达日期", "copy_delivered_date", past_only=True),
        Column("副本送达方式", "copy_delivery_method"),
        Column("副本受送达人", "copy_recipient"),
        Column("收到答复日期", "reply_received_date", past_only=True),
        Column("转为普通程序日期", "converted_date", past_only=True),
        Column("是否延期", "extended"),
        Column("中止天数", "suspended_days"),
        Column("办结日期", "closed_date", past_only=True),
        Column("办结方式", "outcome"),
        Column("受理前化解方式", "pre_acceptance_method"),
        Column("是否提起行政诉讼", "sued"),
        UNIT_COLUMN,
    ],
)

COMPUTED_DEADLINES = (rules.REVIEW, rules.CORRECTION, rules.REPLY, rules.DECISION)


def computed(case, today=None) -> dict[str, str]:
    """The computed fields of the domain file, each deadline with its legal basis, and whether
    the 办结方式 (recorded before the law's outcomes were told apart) awaits an officer."""
    found = deadline_fields(rules, case, COMPUTED_DEADLINES, today or timezone.localdate())
    found["办结方式待明确"] = "是" if case.outcome_unresolved else "否"
    return found


REGISTER = Register(
    name="reconsideration",
    model=ReconsiderationCase,
    label="行政复议案件",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "applicant",
        "respondent",
        "respondent_unit_code",
        "respondent_kind",
        "applicant_kind",
        "act_type",
        "admin_field",
        "officer",
    ),
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=rules.derive,
    resolve=links.resolve_respondents,
    links_from=("respondent_unit_code", "unit"),
    sample={
        "案件编号": "古政复〔2024〕1号",
        "申请人": "张某",
        "被申请人": "古丈县市场监督管理局",
        "被申请人类型": "县政府部门",
        "申请人类型": "自然人",
        "行政行为类别": "行政处罚",
        "行政管理领域": "市场监管",
        "收到申请日期": "2024-02-05",
        "适用程序": "普通程序",
        "审查结果": "受理",
        "受理日期": "2024-02-18",
        "答复通知日期": "2024-02-20",
        "副本送达日期": "2024-02-22",
        "副本送达方式": "直接送达",
        "副本受送达人": "古丈县市场监督管理局",
        "收到答复日期": "2024-03-01",
        "是否延期": "否",
        "中止天数": "0",
        "办结日期": "2024-04-10",
        "办结方式": "维持",
        "是否提起行政诉讼": "否",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="received_date",
    search_fields=("number", "applicant", "respondent"),
    filters=("act_type", "respondent_kind", "admin_field"),
)
