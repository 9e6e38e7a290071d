"""法律顾问's Excel columns (the 法律顾问工作台账's order: who, whom he serves and from when to
when, then the year's work) and the register's declaration."""

from django.utils import timezone

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.registers import Register

from . import alerts, links, rules
from .models import LegalAdviser

COLUMNS = bind(
    LegalAdviser,
    [
        Column("登记编号", "number", required=True),
        Column("年度", "year", required=True, help="如 2025；每人每个服务单位每年登记一条"),
        Column("姓名", "name", required=True),
        Column("类别", "category", required=True),
        Column("是否县政府法律顾问团成员", "on_county_panel"),
        Column("工作单位或执业机构", "employer", required=True),
        Column("执业证号", "licence_number"),
        Column("服务单位", "served_unit_code", required=True),
        # An appointment is registered once it has begun: the 台账 lists advisers serving.
        Column("聘任开始日期", "start_date", required=True, past_only=True),
        Column("聘任结束日期", "end_date"),
        *(Column(header, field) for field, header, _ in rules.WORK),
        UNIT_COLUMN,
    ],
)


def check(record) -> list:
    """rules.check against this year: a row of a year not yet begun is refused."""
    return rules.check(record, timezone.localdate().year)


def computed(record) -> dict[str, str]:
    return {"办理事务合计（件次）": str(record.matters_total)}


REGISTER = Register(
    name="legal_adviser",
    model=LegalAdviser,
    label="法律顾问",
    columns=COLUMNS,
    check=check,
    computed=computed,
    derive=rules.derive,
    resolve=links.resolve,
    # Every field of the one-row key (links._key, the ONE_A_YEAR constraint): an edit of any
    # of them alone must be looked up, or it reaches the constraint as an IntegrityError.
    links_from=("unit", "year", "name", "category", "served_unit_code"),
    sample={
        "登记编号": "古法顾〔2024〕21号",
        "年度": "2024",
        "姓名": "彭晓燕",
        "类别": "公职律师",
        "是否县政府法律顾问团成员": "否",
        "工作单位或执业机构": "古丈县市场监督管理局",
        "执业证号": "14331201210123456",
        "服务单位": "433126-E02",
        "聘任开始日期": "2012-03-01",
        "聘任结束日期": "",
        "审查合同（件）": "26",
        "出具法律意见（件）": "14",
        "参与诉讼和仲裁案件（件）": "3",
        "列席会议（次）": "9",
        "其他事务（件）": "",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="start_date",
    search_fields=("number", "name", "employer", "licence_number", "served_unit__name"),
    filters=("category",),
    alerts=alerts.term_alerts,
)
