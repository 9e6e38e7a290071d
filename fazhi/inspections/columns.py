"""涉企行政检查's two registers: their Excel columns (the domain file's order) and their
declarations."""

from fazhi.core.access import enters_as_clerk
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import alerts, links, plans, rules
from .models import EnterpriseInspection, InspectionPlan

PLAN_COLUMNS = bind(
    InspectionPlan,
    [
        Column("计划编号", "number", required=True),
        Column("年度", "year", required=True),
        Column("检查主体", "subjects", required=True),
        Column("检查事项清单", "items", required=True),
        Column("计划检查次数", "planned_count", required=True),
        Column("报备日期", "filed_date", required=True, past_only=True),
        Column("公布日期", "published_date", past_only=True),
        UNIT_COLUMN,
    ],
)

INSPECTION_COLUMNS = bind(
    EnterpriseInspection,
    [
        Column("检查编号", "number", required=True),
        Column("检查主体", "subject", required=True),
        Column("统一社会信用代码", "uscc", required=True, help="18位，按国家标准校验校验码"),
        Column("企业名称", "enterprise_name", required=True),
        Column("检查日期", "inspection_date", required=True, past_only=True),
        Column("检查事项", "matter", required=True),
        Column("检查类别", "kind", required=True),
        Column("检查方式", "method", required=True),
        Column("是否计划内", "planned", required=True),
        Column("审批日期", "approval_date", past_only=True),
        Column("检查结果", "result", required=True),
        Column("执法人员证号", "officer_numbers", required=True),
        UNIT_COLUMN,
    ],
)


def settings() -> dict:
    """The settings the rules read (the plan's due date, the cap), in one query."""
    return RegisterSetting.objects.current()


# A 填报员's plan is filed the day he enters it: he cannot backdate it to escape 逾期报备.
# The bureau's 执法监督 may enter any past day, for a plan filed with it on paper.
FILED_ON_ENTRY = (
    "填报员报备计划的报备日期为录入当天，不能填写或修改为其他日期；"
    "此前以纸质方式报备的，请司法局执法监督人员登记"
)


def may_date_plan(actor) -> bool:
    """Whether `actor` may set a plan's 报备日期: anyone working the register but a 填报员."""
    return not enters_as_clerk(actor, InspectionPlan)


def _yes(flag: bool) -> str:
    return TRUE_LABEL if flag else FALSE_LABEL


def plan_computed(plan) -> dict[str, str]:
    return {"逾期报备": _yes(plan.filed_late)}


def inspection_computed(inspection) -> dict[str, str]:
    return {
        "持有效执法证人数": str(inspection.valid_officers),
        "持证人数不足": _yes(inspection.short_of_officers),
        "信用代码校验未通过": _yes(inspection.code_unverified),
    }


PLAN_REGISTER = Register(
    name="inspection_plan",
    model=InspectionPlan,
    label="涉企检查计划",
    columns=PLAN_COLUMNS,
    check=rules.check_plan,
    computed=plan_computed,
    derive=rules.derive_plan,
    settings=settings,
    # One plan per department and year, refused naming the one filed (or the file's other row).
    resolve=plans.refuse_second_plan,
    links_from=("unit", "year"),
    protected={"filed_date": (may_date_plan, FILED_ON_ENTRY)},
    sample={
        "计划编号": "古市监检计〔2025〕1号",
        "年度": "2025",
        "检查主体": "古丈县市场监督管理局",
        "检查事项清单": (
            "食品生产经营监督检查｜《食品安全法》第一百一十条｜现场｜每年1次\n"
            "特种设备安全监督检查｜《特种设备安全法》第五十七条｜现场、非现场｜每年1次"
        ),
        "计划检查次数": "120",
        "报备日期": "2025-03-20",
        "公布日期": "2025-03-25",
        UNIT_CODE_HEADER: "433126-E02",
    },
    # The list's 年度 and order go by 报备日期; the figures count a plan by its 年度.
    date_field="filed_date",
    search_fields=("number", "subjects", "items"),
    alerts=alerts.plan_alerts,
)

INSPECTION_REGISTER = Register(
    name="enterprise_inspection",
    model=EnterpriseInspection,
    label="涉企行政检查",
    columns=INSPECTION_COLUMNS,
    check=rules.check_inspection,
    computed=inspection_computed,
    derive=rules.derive_inspection,
    settings=settings,
    resolve=links.resolve_officers,
    # An edit of the result or the name keeps the count found when the officers, the date, the
    # department or the method were written: a card 吊销 since, or an officer moved out of
    # post, does not undo an inspection done while the card was valid and he was in post. The
    # code is here too: a write that changes none of these leaves the flags an import kept
    # unrefused (rules.check_inspection), so a flagged record's result can be corrected.
    links_from=("uscc", "officer_numbers", "inspection_date", "unit", "method"),
    sample={
        "检查编号": "古市监检〔2025〕18号",
        "检查主体": "古丈县市场监督管理局",
        "统一社会信用代码": "91433126MA4L123455",
        "企业名称": "古丈县古阳茶业有限公司",
        "检查日期": "2025-05-12",
        "检查事项": "食品生产经营监督检查",
        "检查类别": "日常",
        # A joint inspection: the sample's two officers count whichever unit enters it.
        "检查方式": "联合",
        "是否计划内": "是",
        "审批日期": "2025-05-08",
        "检查结果": "责令整改",
        "执法人员证号": "43126020249001、43126020249002",
        UNIT_CODE_HEADER: "433126-E02",
    },
    date_field="inspection_date",
    search_fields=("number", "enterprise_name", "uscc", "matter", "subject"),
    filters=("kind", "method", "result"),
)
