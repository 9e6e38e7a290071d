"""人民调解's Excel columns (mediation.md's order) and the register's declaration."""

from functools import partial

from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.registers import Register
from fazhi.core.workdays import date_text

from . import links, rules
from .models import MediationCase, SubsidyStatus

COLUMNS = bind(
    MediationCase,
    [
        Column("调解编号", "number", required=True),
        Column("调解组织", "committee_code", required=True, help="人民调解委员会的单位代码"),
        Column("受理日期", "received_date", required=True, past_only=True),
        Column("纠纷类型", "dispute_type", required=True),
        Column("案件来源", "source"),
        Column("当事人数", "parties"),
        Column("涉及金额（元）", "amount"),
        Column("调解员", "mediator"),
        Column("调解结果", "status"),
        Column("协议形式", "agreement_form"),
        Column("结案日期", "closed_date", past_only=True),
        Column("是否申请司法确认", "judicial_confirmation"),
        Column("是否防止民转刑", "prevented_criminal"),
        Column("疑难程度", "difficulty"),
        Column("以奖代补审核", "subsidy_status"),
        UNIT_COLUMN,
    ],
)


def settings() -> dict:
    """The tier table, read once per save or import."""
    from .tiers import current_tiers

    return {rules.TIERS_SETTING: current_tiers()}


def computed(case, today=None) -> dict[str, str]:
    """The window as the pages show it (rules.window_state): its date (暂定 marked), basis and
    state in words; 超期 is 否 for a lapsed window, which is the parties' and not overdue."""
    today = today or timezone.localdate()
    found = rules.confirmation_deadline(case)
    window = rules.window_state(case, today)
    return {
        rules.CONFIRMATION: date_text(found.date) if found else "",
        f"{rules.CONFIRMATION}依据": found.basis if found else "",
        "司法确认申请期": window.text(),
        "司法确认申请期内": TRUE_LABEL if window.is_open else FALSE_LABEL,
        "超期": TRUE_LABEL if rules.is_overdue(case, today) else FALSE_LABEL,
        "以奖代补金额（元）": "" if case.subsidy_amount is None else str(case.subsidy_amount),
    }


def held_for_review(case: MediationCase) -> str:
    """A case submitted for 以奖代补 is not changed, by any path, until the county decides."""
    if case.subsidy_status == SubsidyStatus.SUBMITTED:
        return "已申报以奖代补、正在审核的案件不能修改。"
    return ""


REGISTER = Register(
    name="mediation",
    model=MediationCase,
    label="人民调解",
    # What an edit may change (the 以奖代补 fields only its review).
    editable=(
        "number",
        "committee_code",
        "received_date",
        "dispute_type",
        "source",
        "parties",
        "amount",
        "mediator",
        "status",
        "agreement_form",
        "closed_date",
        "judicial_confirmation",
        "prevented_criminal",
        "difficulty",
        "officer",
    ),
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=rules.derive,
    settings=settings,
    resolve=links.resolve_committees,
    links_from=("committee_code", "unit"),
    # 以奖代补审核 changes through its actions (申报, 审核), each under its own precondition;
    # an import, the API or an edit by anyone but the county reviewer leaves it as stored.
    held=held_for_review,
    protected={
        "subsidy_status": (
            partial(permissions.allows, "mediation.review_subsidy"),
            "以奖代补审核状态只能由司法所申报、县局审核，不能通过导入修改",
        )
    },
    sample={
        "调解编号": "白果调〔2024〕1号",
        "调解组织": "433126-S01-01",
        "受理日期": "2024-03-05",
        "纠纷类型": "邻里",
        "案件来源": "申请调解",
        "当事人数": "2",
        "涉及金额（元）": "3000",
        "调解员": "向某",
        "调解结果": "调解成功",
        "协议形式": "书面协议",
        "结案日期": "2024-03-12",
        "是否申请司法确认": "否",
        "是否防止民转刑": "否",
        "疑难程度": "一般",
        "以奖代补审核": "未申报",
        UNIT_CODE_HEADER: "433126-S01-01",
    },
    date_field="received_date",
    search_fields=("number", "mediator", "committee__name"),
    filters=("dispute_type", "subsidy_status"),
)
