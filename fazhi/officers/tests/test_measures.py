"""持证率 as 评议考核 scores it (officers/measures.py): per department, from the cards as they
were on the year's last day, by the figure's own rule."""

from datetime import date as D
from decimal import Decimal

import pytest

from fazhi.core.measures import get_measure
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period
from fazhi.officers.models import Staffing

pytestmark = pytest.mark.django_db


def test_the_rate_per_department_is_the_figures_own(officer_of, departments):
    officer_of("market")
    officer_of("market")
    officer_of("market", card_number="")  # in post, 在编, no card
    officer_of("market", staffing=Staffing.AUXILIARY, card_number="")  # not counted at all
    officer_of("market", in_post=False)  # left: not counted
    officer_of("police", card_issued_date=D(2025, 3, 1))  # his card is not yet issued in 2024
    market, police = departments["market"], departments["police"]
    measure = get_measure("officers.certified_rate")
    rates = measure.per_department(2024, [market.pk, police.pk, departments["market"].parent_id])
    assert rates == {market.pk: Decimal("66.67"), police.pk: Decimal("0.00")}
    figure = compute(["enforcement_officer.certified_rate"], Period.year(2024), market)
    rate = figure["enforcement_officer.certified_rate"]
    assert (rate.numerator, rate.denominator) == (2, 3)
