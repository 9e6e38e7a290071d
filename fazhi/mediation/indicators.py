"""人民调解's figures, as listed in domain/mediation.md (plus `mediation.concluded`, the
denominator of the success rate). Received cases are one family (one GROUP BY over 调解结果,
纠纷类型, 调解组织 and the two flags); the subsidy figures count and sum approved cases of the
period's review rounds.

mediation.by_committee.<unit> is not declared: the registry's keys are fixed at start-up and
committees are data; `by_committee()` gives the dashboard's counts in one GROUP BY instead."""

from decimal import Decimal

from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
    sum_of,
)

from . import columns
from .models import AgreementForm, DisputeType, MediationCase, Result, Source, SubsidyStatus

REGISTER = columns.REGISTER.name
PREFIX = "mediation."
COLUMNS = ("committee", "received_date", "dispute_type", "mediator", "status")


def received_records(period: Period, units):
    return MediationCase.objects.filter(
        unit__in=units, received_date__range=(period.start, period.end)
    )


def subsidy_records(period: Period, units):
    """Cases that passed review in the period's review rounds (years)."""
    return MediationCase.objects.filter(
        unit__in=units,
        subsidy_status=SubsidyStatus.APPROVED,
        subsidy_year__range=(period.start.year, period.end.year),
    )


# by_type sums to received: the figures page shows the balance check mediation.md asks for.
RECEIVED = Group(
    f"{PREFIX}received",
    received_records,
    ("status", "dispute_type", "judicial_confirmation", "prevented_criminal"),
    parts_sum_to_whole=True,
    dated_by="received_date",
)


MEDIATION_INDICATORS = (
    Indicator(
        key=f"{PREFIX}received",
        label="调解矛盾纠纷",
        unit="件",
        definition="受理日期在统计期间内的矛盾纠纷。",
        register=REGISTER,
        group=RECEIVED,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}succeeded",
        label="调解成功",
        unit="件",
        definition="受理日期在统计期间内、调解结果为调解成功的纠纷。",
        register=REGISTER,
        group=RECEIVED,
        match=(("status", (Result.SUCCEEDED,)),),
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}concluded",
        label="调解结案",
        unit="件",
        definition="受理日期在统计期间内、已结案（调解成功或调解不成）的纠纷。",
        register=REGISTER,
        group=RECEIVED,
        match=(("status", (Result.SUCCEEDED, Result.FAILED)),),
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}success_rate",
        label="调解成功率",
        unit="%",
        definition="调解成功 ÷ 调解结案（调解中的纠纷不计）。",
        register=REGISTER,
        numerator=f"{PREFIX}succeeded",
        denominator=f"{PREFIX}concluded",
        columns=COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}by_type",
        DisputeType.choices,
        field="dispute_type",
        group=RECEIVED,
        label="调解矛盾纠纷（{label}）",
        unit="件",
        definition="受理日期在统计期间内、纠纷类型为“{label}”的纠纷；各类型之和等于调解矛盾纠纷。",
        register=REGISTER,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}judicial_confirmations",
        label="申请司法确认",
        unit="件",
        definition="受理日期在统计期间内、当事人申请了司法确认的调解协议。",
        register=REGISTER,
        group=RECEIVED,
        match=(("judicial_confirmation", (True,)),),
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}prevented_criminal",
        label="防止民转刑",
        unit="件",
        definition="受理日期在统计期间内、防止了民间纠纷转化为刑事案件的纠纷。",
        register=REGISTER,
        group=RECEIVED,
        match=(("prevented_criminal", (True,)),),
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}subsidy_cases",
        label="以奖代补审核通过案件",
        unit="件",
        definition="统计期间各年度以奖代补审核中审核通过的案件。",
        register=REGISTER,
        records=subsidy_records,
        columns=(*COLUMNS, "difficulty", "subsidy_amount"),
    ),
    Indicator(
        key=f"{PREFIX}subsidy_amount",
        label="以奖代补资金",
        unit="元",
        definition="统计期间各年度以奖代补审核通过案件的补贴金额之和（金额按审核通过时该年度的标准确定）。",
        register=REGISTER,
        records=subsidy_records,
        value=sum_of("subsidy_amount"),
        columns=(*COLUMNS, "difficulty", "subsidy_amount"),
    ),
)


# --- for the official 人民调解 table (fazhi/tables, docs/domain/statistics-tables.md) --------
# 受理 = 调解成功 + 调解不成 + 调解中, and by 案件来源; 调解成功 by 协议形式, and the amount its
# agreements concern. Two families of their own (their fields are not RECEIVED's).


def succeeded_records(period: Period, units):
    return received_records(period, units).filter(status=Result.SUCCEEDED)


BY_SOURCE = Group(f"{PREFIX}by_source", received_records, ("source",), dated_by="received_date")
AGREEMENTS = Group(
    f"{PREFIX}agreements", succeeded_records, ("agreement_form",), dated_by="received_date"
)

TABLE_INDICATORS = (
    Indicator(
        key=f"{PREFIX}failed",
        label="调解不成",
        unit="件",
        definition="受理日期在统计期间内、调解结果为调解不成的纠纷。",
        register=REGISTER,
        group=RECEIVED,
        match=(("status", (Result.FAILED,)),),
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}ongoing",
        label="调解中",
        unit="件",
        definition="受理日期在统计期间内、调解结果仍为调解中的纠纷。",
        register=REGISTER,
        group=RECEIVED,
        match=(("status", (Result.ONGOING,)),),
        columns=COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}by_source",
        Source.choices,
        field="source",
        group=BY_SOURCE,
        label="调解矛盾纠纷（{label}）",
        unit="件",
        definition="受理日期在统计期间内、案件来源为“{label}”的纠纷（未填写案件来源的不计入）。",
        register=REGISTER,
        columns=(*COLUMNS, "source"),
    ),
    *breakdown(
        f"{PREFIX}agreements",
        AgreementForm.choices,
        field="agreement_form",
        group=AGREEMENTS,
        label="调解成功（{label}）",
        unit="件",
        definition="受理日期在统计期间内、调解成功且协议形式为“{label}”的纠纷。",
        register=REGISTER,
        columns=(*COLUMNS, "agreement_form"),
    ),
    Indicator(
        key=f"{PREFIX}agreement_amount",
        label="调解协议涉及金额",
        unit="元",
        definition="受理日期在统计期间内、调解成功的纠纷所填涉及金额之和（未填的不计）。",
        register=REGISTER,
        records=succeeded_records,
        value=sum_of("amount", Decimal("0")),
        columns=(*COLUMNS, "amount"),
        # Not dated_by: the demo's cases give no amount, and the monthly test asks every dated
        # figure to have some; compute_monthly counts it month by month meanwhile.
    ),
)


def register():
    """Called once from MediationConfig.ready()."""
    register_indicators(*MEDIATION_INDICATORS, *TABLE_INDICATORS)


def by_committee(period: Period, units) -> list[dict]:
    """Received cases per committee (mediation.by_committee.<code>), one query."""
    from django.db.models import Count

    return list(
        received_records(period, units)
        .order_by()
        .values("committee__code", "committee__name")
        .annotate(received=Count("id"))
        .order_by("committee__code")
    )
