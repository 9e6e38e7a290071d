"""The Excel columns of 法律服务投诉 and 专项治理检查 (docs/domain/legal-services.md's order: the
complaint's particulars, then each step's facts; the check's particulars, then the finding and
its rectification) and the two registers' declarations."""

from django.utils import timezone

from fazhi.core import rectification
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.models import RegisterSetting
from fazhi.core.records import deadline_fields
from fazhi.core.registers import Register

from . import check_rules, indicators, links, rules
from .models import LegalServiceCheck, LegalServiceComplaint

# --- legal_service_complaint ---------------------------------------------------------------

COMPLAINT_COLUMNS = bind(
    LegalServiceComplaint,
    [
        Column("投诉编号", "number", required=True),
        Column("收到日期", "received_date", required=True, past_only=True),
        Column("投诉渠道", "channel", required=True),
        Column("投诉人", "complainant", required=True),
        Column("联系方式", "contact"),
        Column("被投诉对象类别", "subject_kind", required=True),
        Column("被投诉对象名称", "subject_name", required=True),
        Column(
            "执业证号",
            "licence_number",
            help="律师、公证员、基层法律服务工作者的执业证号，或机构的执业许可证号；"
            "名册中查不到的保留并标记“未匹配”",
        ),
        Column("投诉事项", "matter", required=True),
        Column(
            "是否法律援助事项",
            "legal_aid",
            help="对律师事务所、基层法律服务所及其人员提供法律援助过程中的投诉，"
            "期限按《法律援助投诉处理办法》",
        ),
        Column("受理情况", "acceptance"),
        Column("受理（不予受理）日期", "acceptance_date", past_only=True),
        Column("不予受理理由", "refusal_reason"),
        Column("调查完成日期", "investigated_date", past_only=True),
        Column("核查情况", "investigation_note"),
        Column("延期日期", "extended_date", past_only=True),
        Column("延期理由", "extension_reason"),
        Column("中止天数", "suspended_days", help="已恢复调查的中止期间合计天数，不计入处理期限"),
        Column("中止日期", "suspended_since", past_only=True, help="正在中止的，填写中止之日"),
        Column("中止事由", "suspension_reason"),
        Column("处理日期", "handled_date", past_only=True),
        Column("核查结论", "finding"),
        Column("处理方式", "disposal"),
        Column("答复日期", "replied_date", past_only=True),
        Column("答复方式", "reply_method"),
        Column("办结日期", "closed_date", past_only=True),
        UNIT_COLUMN,
    ],
)

COMPLAINT_DEADLINES = (rules.ACCEPT, rules.HANDLE, rules.REPLY)


def complaint_settings() -> dict:
    """The configured periods per line (one query)."""
    return indicators.period_settings(RegisterSetting.objects.current())


def complaint_computed(record, today=None) -> dict[str, str]:
    """Each deadline with its basis, the status, 超期; and what the roster said of the number."""
    values = deadline_fields(rules, record, COMPLAINT_DEADLINES, today or timezone.localdate())
    values["超期办理"] = TRUE_LABEL if record.late else FALSE_LABEL
    values["未匹配"] = TRUE_LABEL if record.unmatched else FALSE_LABEL
    values["匹配的执业机构或人员"] = record.holder_name
    return values


COMPLAINT_REGISTER = Register(
    name="legal_service_complaint",
    model=LegalServiceComplaint,
    label="法律服务投诉",
    # The complainant is a private person who wrote to the bureau: his name and how to reach
    # him are personal data, stored encrypted, shown in full only to the register's role.
    sensitive={"complainant": "name", "contact": "text"},
    ended_field="ended_date",  # 办结 or 不予受理 (rules.ended_on)
    retention_years=10,  # the bureau's choice (core/retention.py), FAZHI_RETENTION_YEARS
    # What an edit of the particulars may change; the procedure's facts only its steps.
    editable=(
        "number",
        "channel",
        "complainant",
        "contact",
        "subject_kind",
        "subject_name",
        "licence_number",
        "matter",
        "legal_aid",
        "officer",
    ),
    columns=COMPLAINT_COLUMNS,
    check=rules.check,
    computed=complaint_computed,
    derive=rules.derive,
    settings=complaint_settings,
    resolve=links.resolve_complaints,
    links_from=("licence_number", "subject_kind"),
    sample={
        "投诉编号": "古司投〔2024〕1号",
        "收到日期": "2024-03-04",
        "投诉渠道": "12348热线",
        "投诉人": "张某某",
        "联系方式": "13800000000",
        "被投诉对象类别": "律师",
        "被投诉对象名称": "李某",
        "执业证号": "14331201910123456",
        "投诉事项": "收取代理费后长期不与委托人沟通案件进展",
        "是否法律援助事项": "否",
        "中止天数": "0",
        "受理情况": "受理",
        "受理（不予受理）日期": "2024-03-08",
        "调查完成日期": "2024-04-10",
        "核查情况": "调取委托合同和工作记录，约谈被投诉律师，沟通不及时属实",
        "处理日期": "2024-04-15",
        "核查结论": "查证属实",
        "处理方式": "批评教育/责令改正",
        "答复日期": "2024-04-16",
        "答复方式": "书面",
        "办结日期": "2024-04-18",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="received_date",
    search_fields=("number", "subject_name", "licence_number", "matter"),
    filters=("channel", "subject_kind"),
)

# --- legal_service_check --------------------------------------------------------------------

CHECK_COLUMNS = bind(
    LegalServiceCheck,
    [
        Column(
            "记录编号",
            "number",
            required=True,
            help="每个问题一条记录，如“古司查〔2025〕1号-1”；未发现问题的检查登记一条",
        ),
        Column("检查编号", "check_number", required=True, help="同一次检查的各条记录相同"),
        Column(
            "专项治理",
            "campaign_name",
            help="专项治理名称，须先在专项治理页面登记；不属于专项治理的留空",
        ),
        Column(
            "被检查机构许可证号",
            "licence_number",
            required=True,
            help="律师事务所、公证机构或基层法律服务所的执业许可证号",
        ),
        Column("检查日期", "check_date", required=True, past_only=True),
        Column("检查人员", "inspectors", required=True),
        Column("发现问题", "problems"),
        Column("整改期限", "rectification_deadline"),
        Column("整改完成日期", "rectified_date", past_only=True),
        Column("整改情况", "rectification_note"),
        UNIT_COLUMN,
    ],
)


def check_computed(record, today=None) -> dict[str, str]:
    today = today or timezone.localdate()
    closed = rectification.on_time(record)
    return {
        "被检查机构": record.org_name,
        "未匹配": TRUE_LABEL if record.unmatched else FALSE_LABEL,
        "整改状态": check_rules.status(record).label,
        "整改超期": TRUE_LABEL if check_rules.is_overdue(record, today) else FALSE_LABEL,
        "按期整改": "" if closed is None else (TRUE_LABEL if closed else FALSE_LABEL),
    }


CHECK_REGISTER = Register(
    name="legal_service_check",
    model=LegalServiceCheck,
    label="专项治理检查",
    # What an edit may change; the rectification only its step.
    editable=(
        "number",
        "check_number",
        "campaign_name",
        "licence_number",
        "check_date",
        "inspectors",
        "problems",
        "rectification_deadline",
        "officer",
    ),
    columns=CHECK_COLUMNS,
    check=check_rules.check,
    computed=check_computed,
    derive=check_rules.derive,
    resolve=links.resolve_checks,
    links_from=("unit", "check_number", *check_rules.PARTICULARS),
    sample={
        "记录编号": "古司查〔2024〕1号-1",
        "检查编号": "古司查〔2024〕1号",
        "被检查机构许可证号": "31430000MD0123456X",
        "检查日期": "2024-05-06",
        "检查人员": "龙秀英、彭某",
        "发现问题": "收费公示不规范，未公示政府指导价收费项目",
        "整改期限": "2024-06-30",
        "整改完成日期": "2024-06-20",
        "整改情况": "已在接待场所和网站公示收费项目和标准",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="check_date",
    search_fields=("number", "check_number", "campaign_name", "licence_number", "org_name"),
)
