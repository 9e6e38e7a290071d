"""行政执法人员's measure for 评议考核 (core/measures.py): each department's 持证率 at the end of
the year scored, by the same rule as the figure `enforcement_officer.certified_rate`.

Declared from OfficersConfig.ready(); the evaluation app asks it by key.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q

from fazhi.core.measures import Measure, declare_measures
from fazhi.indicators.registry import Period

from . import indicators
from .columns import OFFICER_REGISTER
from .models import EnforcementOfficer


def certified_rate(year: int, unit_ids) -> dict:
    """持证率 (%, two places) per department: 在编 officers in post holding a card 有效 on the
    year's last day (or today, while the year runs) over all of them. A department with no
    such officer has no rate and is left out."""
    day = indicators.reference_day(Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    rows = (
        EnforcementOfficer.objects.filter(
            unit_id__in=unit_ids, in_post=True, staffing__in=indicators.ESTABLISHED
        )
        .alias(valid=indicators.card_valid_on(day))
        .order_by()
        .values("unit_id")
        .annotate(officers=Count("id"), certified=Count("id", filter=Q(valid=True)))
    )
    return {
        row["unit_id"]: (Decimal(100) * row["certified"] / row["officers"]).quantize(
            Decimal("0.01")
        )
        for row in rows
        if row["officers"]
    }


MEASURES = (
    Measure(
        key="officers.certified_rate",
        label="持证率",
        unit_label="%",
        per_department=certified_rate,
        source=OFFICER_REGISTER.name,
        help="年末（本年为今日）在岗在编执法人员中持有效执法证的比例。",
    ),
)


def declare():
    declare_measures(*MEASURES)
