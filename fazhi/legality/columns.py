"""The two registers' Excel columns (the domain file's order) and their declarations."""

from django.utils import timezone

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.models import RegisterSetting
from fazhi.core.records import deadline_fields
from fazhi.core.registers import Register

from . import indicators, normative_rules, rules
from .models import LegalityReview, NormativeDocument

REVIEW_COLUMNS = bind(
    LegalityReview,
    [
        Column("审查编号", "number", required=True),
        Column("送审单位", "submitter", required=True),
        Column("事项名称", "title", required=True),
        Column("审查类别", "category", required=True),
        Column("收文日期", "received_date", required=True, past_only=True),
        Column("出具意见日期", "opinion_date", past_only=True),
        Column("审查结论", "conclusion"),
        Column("是否专项审查", "special"),
        UNIT_COLUMN,
    ],
)

NORMATIVE_COLUMNS = bind(
    NormativeDocument,
    [
        Column("文号", "number", required=True),
        Column("文件名称", "title", required=True),
        Column("制定机关", "issuer", required=True),
        Column("公布日期", "published_date", required=True, past_only=True),
        Column("报送备案日期", "filed_date", past_only=True),
        Column("审查完成日期", "reviewed_date", past_only=True),
        Column("审查结论", "conclusion"),
        Column("是否列入下年度立项计划", "planned_next_year"),
        UNIT_COLUMN,
    ],
)


def review_settings() -> dict:
    """The configured review periods per 审查类别 (one query)."""
    return indicators.review_settings(RegisterSetting.objects.current())


def normative_settings() -> dict:
    """The configured filing and review periods (one query)."""
    return indicators.normative_settings(RegisterSetting.objects.current())


def review_computed(record, today=None) -> dict[str, str]:
    return deadline_fields(rules, record, (rules.REVIEW,), today or timezone.localdate())


def normative_computed(record, today=None) -> dict[str, str]:
    today = today or timezone.localdate()
    values = deadline_fields(
        normative_rules, record, (normative_rules.FILING, normative_rules.REVIEW), today
    )
    late = normative_rules.filed_late(record) or normative_rules.is_late_unfiled(record, today)
    values["逾期报备"] = "是" if late else "否"
    return values


REVIEW_REGISTER = Register(
    name="legality_review",
    model=LegalityReview,
    label="合法性审查",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "submitter",
        "title",
        "category",
        "special",
        "officer",
    ),
    columns=REVIEW_COLUMNS,
    check=rules.check,
    computed=review_computed,
    derive=rules.derive,
    settings=review_settings,
    sample={
        "审查编号": "古司合审〔2024〕1号",
        "送审单位": "古丈县自然资源局",
        "事项名称": "古丈县城区土地出让合同",
        "审查类别": "重大行政协议",
        "收文日期": "2024-03-04",
        "出具意见日期": "2024-03-15",
        "审查结论": "修改后合法",
        "是否专项审查": "否",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="received_date",
    search_fields=("number", "submitter", "title"),
    filters=("category",),
)

NORMATIVE_REGISTER = Register(
    name="normative_document",
    model=NormativeDocument,
    label="规范性文件备案审查",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "title",
        "issuer",
        "planned_next_year",
        "officer",
    ),
    columns=NORMATIVE_COLUMNS,
    check=normative_rules.check,
    computed=normative_computed,
    derive=normative_rules.derive,
    settings=normative_settings,
    sample={
        "文号": "古政发〔2024〕3号",
        "文件名称": "古丈县城乡居民最低生活保障实施办法",
        "制定机关": "古丈县人民政府",
        "公布日期": "2024-03-01",
        "报送备案日期": "2024-03-20",
        "审查完成日期": "2024-04-10",
        "审查结论": "予以备案",
        "是否列入下年度立项计划": "否",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="published_date",
    search_fields=("number", "title", "issuer"),
)
