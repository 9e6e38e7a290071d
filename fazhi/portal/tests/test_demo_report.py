"""The demo county's records reproduce the reference report (2024) figure by figure, and the
years around it have records too, so trends show.

One test function: loading the demo takes seconds, and pytest-django cannot share a database
between tests of a module cheaply.
"""

import datetime
import io

import pytest
from django.core.management import call_command

from fazhi.core.models import Unit
from fazhi.indicators.compute import balances, compute
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.litigation.models import LitigationCase
from fazhi.reconsideration.models import ReconsiderationCase

# 2024's figures as the reference report prints them (annual_report.md); a pair is a range
# for a figure printed as 约数 ("70余名" is 70–79).
REPORT_2024 = {
    "law_report.reporters": (70, 79),
    "publicity.articles": (40, 49),
    "reconsideration.received": 48,
    "reconsideration.closed": 23,
    "reconsideration.closed.not_accepted": 4,
    "reconsideration.closed.abandoned": 4,  # 申请人逾期未补正
    "reconsideration.closed.upheld": 9,
    "reconsideration.closed.varied": 0,
    "reconsideration.closed.claims_rejected": 3,  # 驳回申请人复议请求
    "reconsideration.closed.revoked": 2,
    "reconsideration.closed.withdrawn": 1,
    "reconsideration.sued_after": 3,
    "litigation.handled": 63,
    "litigation.concluded": 54,
    "litigation.lost": 12,
    "legality.opinions": 90,
    "legality.by_category.重大行政协议": 17,
    "legality.by_category.招商引资协议": 5,
    "legality.by_category.费用拨付文件": 6,
    "normative.filed": 8,
    "enforcement.units_rectifying": 14,
    "legal_aid.accepted": 213,
    "consultation.person_times": (650, 659),
    "legal_aid.recovered": (1_000_000, 1_099_999),
    "notarization.issued": 106,
    "notarization.fee_waived": 15,
    "mediation.received": 1085,
    "mediation.succeeded": 1055,
    "mediation.subsidy_amount": 97200,
    "corrections.registered": 55,
    "corrections.activities.主题教育": 3,
    "corrections.activities.团体心理辅导": 1,
    "corrections.activities.集中学习课堂": 8,
    "corrections.education_person_times": (500, 599),
    "resettlement.registered": 731,
    "resettlement.key_subjects": 33,
}
# The other closing methods of 2024 are none: the seven above sum to the 23 closed.
CLOSED_ELSEWHERE = (
    "confirmed_illegal",
    "confirmed_void",
    "ordered",
    "application_rejected",
    "mediated",
    "settled",
    "other_terminated",
)
MAIN_KEYS = (
    "law_report.reporters",
    "publicity.articles",
    "publicity.activities",
    "reconsideration.received",
    "reconsideration.closed",
    "litigation.handled",
    "litigation.concluded",
    "legality.opinions",
    "normative.filed",
    "enforcement.units_rectifying",
    "legal_aid.accepted",
    "legal_aid.recovered",
    "consultation.person_times",
    "notarization.issued",
    "mediation.received",
    "mediation.subsidy_amount",
    "corrections.registered",
    "corrections.education_person_times",
    "resettlement.registered",
)


def _matches(value, expected) -> bool:
    if isinstance(expected, tuple):
        low, high = expected
        return low <= value <= high
    return value == expected


@pytest.mark.django_db
def test_the_demo_county_reproduces_the_reference_report(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--password", "Demo-pass-2024", stdout=io.StringIO())
    county = Unit.objects.get(code="433126")

    keys = [*REPORT_2024, *(f"reconsideration.closed.{k}" for k in CLOSED_ELSEWHERE)]
    keys += ["litigation.loss_rate"]
    figures = compute(keys, Period.year(2024), county)

    wrong = {
        key: (figures[key].value, expected)
        for key, expected in REPORT_2024.items()
        if not _matches(figures[key].value, expected)
    }
    assert wrong == {}
    assert all(figures[f"reconsideration.closed.{k}"].value == 0 for k in CLOSED_ELSEWHERE)
    rate = figures["litigation.loss_rate"]
    assert (rate.numerator, rate.denominator) == (12, 54)
    assert round(rate.value * 100) == 22  # printed 22%

    # 转为行政诉讼3件，其中1件被法院裁定驳回原告起诉，另2件暂未审结 (as of 2024's end).
    sued = ReconsiderationCase.objects.filter(sued=True, closed_date__year=2024)
    suits = LitigationCase.objects.filter(reconsideration__in=sued)
    concluded = [s.judgment for s in suits if s.concluded_date and s.concluded_date.year == 2024]
    assert (suits.count(), concluded) == (3, ["suit_dismissed"])

    # Every breakdown the figures page checks sums to its whole, in each year.
    for year in (2023, 2024, 2025):
        found = compute(list(INDICATORS), Period.year(year), county)
        assert [b for b in balances(INDICATORS.values(), found) if not b["ok"]] == []

    # Trends: the years around 2024 hold records too, and 2024 spreads over its months.
    for year in (2023, 2025):
        found = compute(MAIN_KEYS, Period.year(year), county)
        assert {k: f.value for k, f in found.items() if not f.value} == {}, year
    for month in range(1, 13):
        start = datetime.date(2024, month, 1)
        end = (start + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
        monthly = ["mediation.received", "reconsideration.received", "legality.opinions"]
        found = compute(monthly, Period(start, end), county)
        assert all(f.value for f in found.values()), month
