"""The two registers' Excel columns (the domain file's order) and their declarations."""

from functools import partial

from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import links, rules
from .models import CaseFileReview, LawReport
from .permissions import FINDINGS_ONLY

REVIEW_COLUMNS = bind(
    CaseFileReview,
    [
        Column("评查编号", "number", required=True),
        Column("评查批次", "batch", required=True),
        # The code as written; the foreign key is resolved from it by links.
        Column("被评查单位", "reviewed_unit_code", required=True, help="行政执法部门的单位代码"),
        Column("案卷名称", "file_name", required=True),
        Column("执法类别", "enforcement_type"),
        Column("评查日期", "review_date", required=True, past_only=True),
        Column("得分", "score"),
        Column("等次", "grade"),
        Column("发现问题", "problems"),
        Column("整改期限", "rectification_deadline"),
        Column("整改完成日期", "rectified_date", past_only=True, keep_when_blank=True),
        UNIT_COLUMN,
    ],
)


def review_settings() -> dict:
    """The 等次 thresholds, read once per save or import."""
    return RegisterSetting.objects.current()


def review_computed(review, today=None) -> dict[str, str]:
    today = today or timezone.localdate()
    return {
        "整改状态": rules.status(review).label,
        "整改超期": TRUE_LABEL if rules.is_overdue(review, today) else FALSE_LABEL,
    }


REVIEW_REGISTER = Register(
    name="case_file_review",
    model=CaseFileReview,
    label="案卷评查",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "batch",
        "reviewed_unit_code",
        "file_name",
        "enforcement_type",
        "review_date",
        "score",
        "grade",
        "problems",
        "rectification_deadline",
        "officer",
    ),
    may_import=partial(permissions.allows, "enforcement.enter_findings"),
    columns=REVIEW_COLUMNS,
    check=rules.check,
    computed=review_computed,
    derive=rules.derive,
    settings=review_settings,
    resolve=links.resolve_reviewed_units,
    links_from=("reviewed_unit_code", "unit"),
    # Scores and findings: entered only by those who work the register; a department's
    # 填报员 records its rectification (整改完成日期), nothing else, by any way of writing.
    protected={
        column.field: (partial(permissions.allows, "enforcement.enter_findings"), FINDINGS_ONLY)
        for column in REVIEW_COLUMNS
        if column.field != "rectified_date"
    },
    sample={
        "评查编号": "古评〔2024〕1号",
        "评查批次": "2024年县级评查",
        "被评查单位": "433126-E02",
        "案卷名称": "古丈县市场监督管理局行政处罚案卷（古市监罚〔2024〕3号）",
        "执法类别": "行政处罚",
        "评查日期": "2024-06-12",
        "得分": "82",
        "等次": "合格",
        "发现问题": "未载明复议诉讼权利告知",
        "整改期限": "2024-07-12",
        "整改完成日期": "2024-07-05",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="review_date",
    search_fields=("number", "batch", "file_name", "reviewed_unit__name"),
    filters=("enforcement_type",),
)

LAW_REPORT_COLUMNS = bind(
    LawReport,
    [
        Column("述法编号", "number", required=True),
        Column("述法人", "reporter", required=True),
        Column("职务", "title", required=True),
        Column("单位名称", "unit_name", required=True),
        Column("述法日期", "report_date", required=True, past_only=True),
        Column("述法方式", "mode"),
        Column("评议等次", "rating"),
        UNIT_COLUMN,
    ],
)

LAW_REPORT_REGISTER = Register(
    name="law_report",
    model=LawReport,
    label="述法",
    columns=LAW_REPORT_COLUMNS,
    sample={
        "述法编号": "古述〔2024〕1号",
        "述法人": "李某",
        "职务": "局长",
        "单位名称": "古丈县市场监督管理局",
        "述法日期": "2024-12-20",
        "述法方式": "会议述法",
        "评议等次": "好",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="report_date",
    search_fields=("number", "reporter", "unit_name"),
    filters=("mode", "rating"),
)
