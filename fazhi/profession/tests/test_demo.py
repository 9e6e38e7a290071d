"""The demo: loaded once, each rule at work — one lawyer not assessed past his deadline on the
board, the newly licensed one not yet due, a firm and an office 注销, one lawyer 停止执业, the
律协's rows of other counties kept 未匹配 — and every dated figure with records last year in
two months at least (what the month-by-month check of the figures moves about)."""

import datetime

import pytest

from fazhi.profession import alerts, demo
from fazhi.profession.models import (
    LegalPractitioner,
    LegalServiceOrg,
    PracticeStatus,
    PractitionerAssessment,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [datetime.date(2026, 6, 15), datetime.date(2026, 2, 10)])
def test_the_demo_loads_once_and_shows_each_rule(tree, keeper, today):
    added = demo.load(today)
    assert LegalServiceOrg.objects.count() == 8
    assert LegalPractitioner.objects.count() == 28
    assessed = PractitionerAssessment.objects.count()
    assert added == 8 + 28 + assessed + 5  # and five steps
    assert demo.load(today) == 0

    practising = LegalServiceOrg.objects.filter(status=PracticeStatus.PRACTISING)
    kinds = sorted(practising.values_list("kind", flat=True))
    assert kinds == ["grassroots_office"] * 2 + ["law_firm"] * 3 + ["notary_office"]
    ended = LegalServiceOrg.objects.filter(status=PracticeStatus.CANCELLED)
    assert sorted(ended.values_list("name", flat=True)) == [
        "古丈县红石林镇法律服务所",
        "湖南红石林律师事务所",
    ]
    statuses = dict(LegalPractitioner.objects.values_list("name", "status"))
    assert statuses[demo.SUSPENDED] == PracticeStatus.SUSPENDED
    assert statuses["宋建军"] == statuses["向德明"] == PracticeStatus.CANCELLED
    assert all(
        p.org is not None or p.lawyer_kind in ("public", "corporate")
        for p in LegalPractitioner.objects.all()
    )

    (alert,) = alerts.practitioner_alerts(keeper, today)
    assert [line.text.split("（")[0] for line in alert.lines] == [demo.NOT_ASSESSED]
    assert alerts.org_alerts(keeper, today)[0].count == 0
    unmatched = PractitionerAssessment.objects.filter(unmatched=True)
    assert unmatched.count() == 4 and {a.subject_name for a in unmatched} == {
        "覃某（吉首市）",
        "石某（花垣县）",
    }
    assert PractitionerAssessment.objects.filter(result="incompetent").count() == 2

    # Two records at least of last year, outside January, August and September, for each date
    # a figure counts by (indicators/tests/test_monthly.py moves them onto months' edges).
    last = today.year - 1
    dated = [
        (LegalServiceOrg.objects, "licensed_date"),
        (LegalServiceOrg.objects.filter(status=PracticeStatus.CANCELLED), "status_date"),
        (LegalPractitioner.objects, "licensed_date"),
        (LegalPractitioner.objects.filter(status=PracticeStatus.CANCELLED), "status_date"),
        (PractitionerAssessment.objects, "assessed_date"),
        (unmatched, "assessed_date"),
    ]
    for records, field in dated:
        days = records.filter(**{f"{field}__year": last}).values_list(field, flat=True)
        assert len([day for day in days if day.month not in (1, 8, 9)]) >= 2, field
