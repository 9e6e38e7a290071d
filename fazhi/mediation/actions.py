"""Every change to the mediation register and its 以奖代补: one function per action, each in
one transaction with its audit entry (cases through core.writes.save_record)."""

import copy
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, permissions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import BUREAUS, AuditAction
from fazhi.core.text import text_problem
from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import REGISTER
from .models import Difficulty, MediationCase, SubsidyStatus, SubsidyTier
from .tiers import current_tiers, tiers_above

# What the 以奖代补 actions change under their own preconditions (Register.protected).
SUBSIDY = ("subsidy_status",)


def register_case(actor, *, unit, **facts) -> MediationCase:
    """登记一件调解案件: whoever registers it is its 承办人 unless one is named."""
    facts.setdefault("officer", actor)
    case = MediationCase(unit=unit, **facts)
    return save_record(actor, REGISTER, case, note="登记调解案件")


@transaction.atomic
def update_case(actor, case: MediationCase, **changes) -> MediationCase:
    lock(case)  # the note below reads the case as stored (held under review: Register.held)
    note = "修改调解案件"
    # rules.derive sends an approved case whose payee changed back to review on every write
    # path; this one can also say so in its audit note.
    changed = rules.changed_since_approval(_with(case, changes))
    if changed:
        note += f"；以奖代补退回重新审核：{rules.back_to_review_reason(changed)}"
    return update_record(actor, REGISTER, case, changes, note=note)


def _with(case: MediationCase, changes: dict) -> MediationCase:
    """The case as the changes would leave it, to say in the note what they do."""
    changed = copy.copy(case)
    for name, value in changes.items():
        setattr(changed, name, value)
    return changed


@transaction.atomic
def record_step(actor, case: MediationCase, step: str, day: datetime.date, **_):
    lock(case)
    rules.apply_step(case, step, day)
    return save_record(actor, REGISTER, case, note=rules.STEPS[step].label)


# --- 以奖代补 -----------------------------------------------------------------------------


@transaction.atomic
def submit_for_subsidy(actor, case: MediationCase, year: int) -> MediationCase:
    """The township 司法所 submits a successful case to the year's review round."""
    permissions.require("mediation.submit_subsidy", actor)
    lock(case)
    if not rules.may_submit(case):
        raise ActionRefused(
            f"「{case.number}」不能申报：只有调解成功、未申报或未通过的案件可以申报。"
        )
    case.subsidy_status = SubsidyStatus.SUBMITTED
    case.subsidy_year = year
    case.subsidy_reason = ""
    return save_record(actor, REGISTER, case, note=f"申报{year}年度以奖代补", effect=SUBSIDY)


@transaction.atomic
def approve_subsidy(actor, case: MediationCase) -> MediationCase:
    """The county approves: the amount is fixed now, from the tier of the case's round year,
    so that later changes of any year's tiers never change this payout."""
    permissions.require("mediation.review_subsidy", actor)
    lock(case)
    if not rules.may_review(case):
        raise ActionRefused(f"「{case.number}」不在待审核状态。")
    case.subsidy_status = SubsidyStatus.APPROVED
    # The case's own county pays: the nearest tier table at or above the case's unit.
    case.subsidy_amount = rules.tier_amount(
        tiers_above(case.unit), case.unit.path, case.subsidy_year, case.difficulty
    )
    case.subsidy_reason = ""
    case.subsidy_approved = {}  # rules.derive records who is paid as approved now
    return save_record(actor, REGISTER, case, note="以奖代补审核通过", effect=SUBSIDY)


@transaction.atomic
def reject_subsidy(actor, case: MediationCase, reason: str) -> MediationCase:
    permissions.require("mediation.review_subsidy", actor)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("审核不通过须写明理由。")
    problem = text_problem(reason, "不通过理由")
    if problem:
        raise ActionRefused(problem)
    lock(case)
    if not rules.may_review(case):
        raise ActionRefused(f"「{case.number}」不在待审核状态。")
    case.subsidy_status = SubsidyStatus.REJECTED
    case.subsidy_amount = None
    case.subsidy_reason = reason[:200]
    note = f"以奖代补审核不通过：{reason}"
    return save_record(actor, REGISTER, case, note=note, effect=SUBSIDY)


@transaction.atomic
def set_tier(actor, year: int, difficulty: str, amount: Decimal, *, unit=None) -> SubsidyTier:
    """Set a year's tier of the unit whose money it is: a new row (the old ones stay as
    history), audited under that unit. Only a 人民调解 officer of that very unit, which must be
    a county (or a prefecture or province setting defaults its counties inherit); `unit`, when
    given, must be his own. Actor None (the command line) names the unit."""
    if actor is not None:
        permissions.require("mediation.set_tiers", actor)
        if unit is not None and unit.pk != actor.unit_id:
            raise ActionRefused("只能设置本单位的以奖代补标准。")
        unit = actor.unit
    # A bureau pays 以奖代补: a county its own; a prefecture or province sets defaults.
    if unit is None or unit.kind not in BUREAUS:
        raise ActionRefused("以奖代补标准只能由县级、市州或省级司法局设置。")
    if difficulty not in Difficulty.values:
        raise ActionRefused("未知的疑难程度。")
    amount = Decimal(amount)
    if not amount.is_finite() or amount < 0:
        raise ActionRefused("补贴金额须为不小于零的数。")
    before = current_tiers(SubsidyTier.objects.filter(unit=unit)).get(unit.path, {})
    before = before.get((year, difficulty))
    tier = SubsidyTier.objects.create(
        unit=unit,
        year=year,
        difficulty=difficulty,
        amount=amount,
        set_by=actor,
        set_at=timezone.now(),
    )
    audit.record(
        actor,
        AuditAction.UPDATE if before is not None else AuditAction.CREATE,
        tier,
        register=REGISTER.name,
        before={"amount": str(before)} if before is not None else None,
        after={"unit": unit.code, "year": year, "difficulty": difficulty, "amount": str(amount)},
        note=f"设置{unit.name}{year}年以奖代补标准（{Difficulty(difficulty).label}）",
    )
    return tier
