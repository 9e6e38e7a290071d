"""法律援助、法律咨询、公证: the figures of domain/legal_services.md.

Cases accepted in the period are one GROUP BY by 案件类别 and 是否农民工; certificates issued in
the period one GROUP BY by 减免费用. No indicator shows 受援人身份证号 in its drill-down.
"""

from decimal import Decimal

from django.db.models import Case, F, Q, When
from django.utils import timezone

from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
    sum_of,
)

from . import columns
from .models import (
    NOTIFIED_ROUTES,
    AidCategory,
    AidDecision,
    AidRoute,
    Consultation,
    LegalAidCase,
    Notarization,
)

LEGAL_AID = columns.LEGAL_AID_REGISTER.name
CONSULTATION = columns.CONSULTATION_REGISTER.name
NOTARIZATION = columns.NOTARIZATION_REGISTER.name


# --- legal_aid ---------------------------------------------------------------------------

AID_COLUMNS = ("recipient", "category", "route", "application_date", "decision_date", "lawyer")


def _cases(units):
    return LegalAidCase.objects.filter(unit__in=units)


def accepted_records(period: Period, units):
    """Applications granted by a decision in the period, and notified cases appointed in it."""
    within = (period.start, period.end)
    granted = Q(decision=AidDecision.GRANTED, decision_date__range=within) & ~Q(
        route__in=NOTIFIED_ROUTES
    )
    notified = Q(route__in=NOTIFIED_ROUTES, appointment_date__range=within)
    return _cases(units).filter(granted | notified)


def closed_records(period: Period, units):
    return _cases(units).filter(closed_date__range=(period.start, period.end))


def overdue_decision_records(period: Period, units):
    """Decisions made in the period after the 7 days, and applications whose 7 days ended in
    the period without a decision by its end (judged as of today if it is not over)."""
    end = min(period.end, timezone.localdate())
    decided_late = Q(decision_date__range=(period.start, period.end)) & Q(
        decision_date__gt=F("decision_deadline")
    )
    open_at_end = (Q(decision_date__isnull=True) | Q(decision_date__gt=end)) & Q(
        decision_deadline__gte=period.start, decision_deadline__lt=end
    )
    return _cases(units).filter(decided_late | open_at_end)


# The date accepted_records counts a case by: its appointment if notified, else its decision.
ACCEPTED_ON = Case(
    When(route__in=NOTIFIED_ROUTES, then=F("appointment_date")), default=F("decision_date")
)
ACCEPTED = Group(
    "legal_aid.accepted", accepted_records, ("category", "migrant_worker"), dated_by=ACCEPTED_ON
)

LEGAL_AID_INDICATORS = (
    Indicator(
        key="legal_aid.accepted",
        label="受理法律援助案件",
        unit="件",
        definition=(
            "决定日期在统计期间内、决定给予援助的申请，加上指派日期在统计期间内的"
            "通知辩护、通知代理案件。"
        ),
        register=LEGAL_AID,
        group=ACCEPTED,
        columns=AID_COLUMNS,
    ),
    *breakdown(
        "legal_aid.by_category",
        AidCategory.choices,
        field="category",
        group=ACCEPTED,
        label="受理法律援助案件（{label}）",
        unit="件",
        definition="受理法律援助案件中案件类别为“{label}”的件。",
        register=LEGAL_AID,
        columns=AID_COLUMNS,
    ),
    Indicator(
        key="legal_aid.migrant_workers",
        label="农民工法律援助案件",
        unit="件",
        definition="受理法律援助案件中受援人为农民工的件。",
        register=LEGAL_AID,
        group=ACCEPTED,
        match=(("migrant_worker", (True,)),),
        columns=AID_COLUMNS,
    ),
    Indicator(
        key="legal_aid.closed",
        label="法律援助案件结案",
        unit="件",
        definition="结案日期在统计期间内的法律援助案件。",
        register=LEGAL_AID,
        records=closed_records,
        columns=(*AID_COLUMNS, "closed_date"),
    ),
    Indicator(
        key="legal_aid.recovered",
        label="挽回经济损失",
        unit="元",
        definition="结案日期在统计期间内的法律援助案件挽回经济损失之和。",
        register=LEGAL_AID,
        records=closed_records,
        value=sum_of("recovered", Decimal("0")),
        columns=(*AID_COLUMNS, "closed_date", "recovered"),
    ),
    Indicator(
        key="legal_aid.overdue_decisions",
        label="超期未决定",
        unit="件",
        definition=(
            "统计期间内超过七日才作出决定的申请，以及七日期限在统计期间内届满、期末仍未作出"
            "决定的申请（法律援助法第四十三条）。"
        ),
        register=LEGAL_AID,
        records=overdue_decision_records,
        columns=(*AID_COLUMNS, "decision_deadline"),
    ),
)

# For the legal-aid table (fazhi/tables): accepted cases by 援助途径, a family of its own (its
# field is not ACCEPTED's); the three sum to legal_aid.accepted.
BY_ROUTE = Group("legal_aid.by_route", accepted_records, ("route",), dated_by=ACCEPTED_ON)

TABLE_INDICATORS = breakdown(
    "legal_aid.by_route",
    AidRoute.choices,
    field="route",
    group=BY_ROUTE,
    label="受理法律援助案件（{label}）",
    unit="件",
    definition="受理法律援助案件中援助途径为“{label}”的件。",
    register=LEGAL_AID,
    columns=AID_COLUMNS,
)

# --- consultation ------------------------------------------------------------------------


def consultation_records(period: Period, units):
    return Consultation.objects.filter(
        unit__in=units, consulted_date__range=(period.start, period.end)
    )


CONSULTATION_INDICATORS = (
    Indicator(
        key="consultation.person_times",
        label="法律咨询",
        unit="人次",
        definition="咨询日期在统计期间内的法律咨询人次之和。",
        register=CONSULTATION,
        records=consultation_records,
        value=sum_of("person_times"),
        columns=("consulted_date", "mode", "person_times", "matter"),
        dated_by="consulted_date",
    ),
)

# --- notarization ------------------------------------------------------------------------

NOTARIZATION_COLUMNS = ("applicant", "matter", "accepted_date", "issued_date")


def _notarizations(units):
    return Notarization.objects.filter(unit__in=units)


def issued_records(period: Period, units):
    return _notarizations(units).filter(issued_date__range=(period.start, period.end))


def waived_records(period: Period, units):
    return issued_records(period, units).filter(fee_waived=True)


def overdue_notarization_records(period: Period, units):
    """Certificates issued in the period after the 15 working days, and matters whose period
    ended in the period without a certificate by its end (judged as of today)."""
    end = min(period.end, timezone.localdate())
    issued_late = Q(issued_date__range=(period.start, period.end)) & Q(
        issued_date__gt=F("issue_deadline")
    )
    open_at_end = (Q(issued_date__isnull=True) | Q(issued_date__gt=end)) & Q(
        issue_deadline__gte=period.start, issue_deadline__lt=end
    )
    return _notarizations(units).filter(issued_late | open_at_end)


ISSUED = Group("notarization.issued", issued_records, ("fee_waived",), dated_by="issued_date")
FEE_COLUMNS = (*NOTARIZATION_COLUMNS, "fee_due", "fee_paid", "waiver_reason")

NOTARIZATION_INDICATORS = (
    Indicator(
        key="notarization.issued",
        label="办理公证",
        unit="件",
        definition="出证日期在统计期间内的公证。",
        register=NOTARIZATION,
        group=ISSUED,
        columns=NOTARIZATION_COLUMNS,
    ),
    Indicator(
        key="notarization.fee_waived",
        label="减免费用公证",
        unit="件",
        definition="出证日期在统计期间内、实收费用少于应收费用的公证。",
        register=NOTARIZATION,
        group=ISSUED,
        match=(("fee_waived", (True,)),),
        columns=FEE_COLUMNS,
    ),
    Indicator(
        key="notarization.waived_amount",
        label="减免金额",
        unit="元",
        definition="出证日期在统计期间内的公证减免的费用（应收减实收）之和。",
        register=NOTARIZATION,
        records=waived_records,
        value=sum_of("waived_amount", Decimal("0")),
        columns=(*FEE_COLUMNS, "waived_amount"),
    ),
    Indicator(
        key="notarization.overdue",
        label="超期出证",
        unit="件",
        definition=(
            "统计期间内超过十五个工作日才出证的公证，以及出证期限在统计期间内届满、期末仍未"
            "出证的公证（公证法第三十条）。"
        ),
        register=NOTARIZATION,
        records=overdue_notarization_records,
        columns=(*NOTARIZATION_COLUMNS, "issue_deadline"),
    ),
)


def register():
    """Called once from LegalAidConfig.ready()."""
    register_indicators(
        *LEGAL_AID_INDICATORS,
        *TABLE_INDICATORS,
        *CONSULTATION_INDICATORS,
        *NOTARIZATION_INDICATORS,
    )
