"""涉企行政检查's measures for 评议考核 (core/measures.py): a department's inspections of a year,
by the department that owns them (the inspecting one).

Declared from InspectionsConfig.ready(); the evaluation app asks them by key.
"""

from django.db.models import Count

from fazhi.core.measures import Measure, declare_measures
from fazhi.indicators.registry import Period

from .columns import INSPECTION_REGISTER
from .indicators import over_cap_records
from .models import EnterpriseInspection

SOURCE = INSPECTION_REGISTER.name


def over_cap(year: int, unit_ids) -> dict:
    """The distinct enterprises the department inspected over the frequency cap in the year,
    by the rule of the figure 超过检查频次上限的企业 (indicators.over_cap_records: the cap and
    the kinds it counts as set now). Zeros included, and all zero when no cap is set."""
    records = over_cap_records(Period.year(year), unit_ids)
    rows = records.order_by().values("unit_id").annotate(n=Count("uscc", distinct=True))
    return _with_zeros({row["unit_id"]: row["n"] for row in rows}, unit_ids)


def uncertified(year: int, unit_ids) -> dict:
    """The department's inspections of the year flagged 持证人数不足 (kept by an import)."""
    rows = (
        EnterpriseInspection.objects.filter(
            unit_id__in=unit_ids, inspection_date__year=year, short_of_officers=True
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    return _with_zeros({row["unit_id"]: row["n"] for row in rows}, unit_ids)


def _with_zeros(found: dict, unit_ids) -> dict:
    """{unit id: how many}, zeros included: a count has a value for every department."""
    return {unit_id: found.get(unit_id, 0) for unit_id in unit_ids}


MEASURES = (
    Measure(
        key="inspections.over_cap",
        label="超过检查频次上限的企业",
        unit_label="家",
        per_department=over_cap,
        source=SOURCE,
        help="考核年度内本部门实施的计入上限的检查超过频次上限（设置）的企业数，按企业计；"
        "未设置上限的为0。",
    ),
    Measure(
        key="inspections.uncertified",
        label="持证执法人员不足2名的涉企检查",
        unit_label="件",
        per_department=uncertified,
        source=SOURCE,
        help="考核年度内本部门实施、标记为“持证人数不足”的涉企行政检查件数。",
    ),
)


def declare():
    """Called once from InspectionsConfig.ready()."""
    declare_measures(*MEASURES)
