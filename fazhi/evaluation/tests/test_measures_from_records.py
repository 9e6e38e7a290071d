"""The measures 案卷评查 and 行政应诉 declare for 评议考核 (core/measures.py), computed from their
records: by the department reviewed, and by the defendant's name within the bureau's area."""

import datetime
from decimal import Decimal

import pytest

from fazhi.core import actions as unit_actions
from fazhi.core.measures import get_measure
from fazhi.core.models import UnitKind

from .records import review, suit

pytestmark = pytest.mark.django_db
D = datetime.date


def measure(key, year, *units):
    return get_measure(key).per_department(year, [u.pk for u in units])


def test_case_file_reviews_count_for_the_department_reviewed_in_the_year(units):
    county, e01, e02 = units["county"], units["433126-E01"], units["433126-E02"]
    review(county, e02.code, 1, day=D(2024, 3, 1), score=80)
    review(county, e02.code, 2, day=D(2024, 5, 1), score=55)  # 不合格 (below 60)
    # Problems closed after the deadline, and closed in time.
    late = dict(problems="证据不全", deadline=D(2024, 6, 30), rectified=D(2024, 7, 5))
    review(county, e02.code, 3, day=D(2024, 6, 1), score=90, **late)
    kept = dict(problems="文书不规范", deadline=D(2024, 6, 30), rectified=D(2024, 6, 20))
    review(county, e02.code, 4, day=D(2024, 6, 1), score=None, **kept)
    review(county, e02.code, 5, day=D(2023, 6, 1), score=10)  # another year
    open_past = dict(problems="未告知权利", deadline=D(2024, 9, 1))
    review(county, e01.code, 6, day=D(2024, 8, 1), score=None, **open_past)

    average = measure("enforcement.review_average", 2024, e01, e02)
    assert average == {e02.pk: Decimal("75.00")}  # (80 + 55 + 90) / 3; E01 has no score
    assert measure("enforcement.review_failed", 2024, e01, e02) == {e01.pk: 0, e02.pk: 1}
    overdue = measure("enforcement.rectification_overdue", 2024, e01, e02)
    assert overdue == {e01.pk: 1, e02.pk: 1}
    assert measure("enforcement.review_failed", 2023, e01, e02) == {e01.pk: 0, e02.pk: 1}


def test_suits_lost_count_for_the_defendant_named_within_the_bureaus_area(units):
    county, e01, e02 = units["county"], units["433126-E01"], units["433126-E02"]
    day = D(2024, 10, 10)
    suit(county, 1, "古丈县市场监督管理局", concluded=day, judgment="revoked")
    # Two defendants: each loses.
    suit(
        county, 2, "古丈县市场监督管理局、古丈县公安局", concluded=day, judgment="confirmed_illegal"
    )
    suit(county, 3, "古丈县市场监督管理局", concluded=day, judgment="claims_dismissed")  # won
    suit(county, 4, "古丈县市场监督管理局", concluded=D(2023, 10, 10), judgment="revoked")
    suit(county, 5, "古丈县市场监督管理局城区分局", concluded=day, judgment="revoked")  # another
    # A namesake department of another county's bureau is not E02.
    suit(units["sibling"], 6, "古丈县市场监督管理局", concluded=day, judgment="revoked")
    lost = measure("litigation.lost_as_defendant", 2024, e01, e02)
    assert lost == {e01.pk: 1, e02.pk: 2}


def test_a_department_of_another_county_counts_its_own_bureaus_suits(units):
    sibling = units["sibling"]
    namesake = unit_actions.save_unit(
        None,
        code="433122-E02",
        name="古丈县市场监督管理局",
        kind=UnitKind.ENFORCEMENT_DEPARTMENT,
        parent=sibling,
    )
    suit(units["county"], 1, "古丈县市场监督管理局", concluded=D(2024, 5, 5), judgment="revoked")
    suit(sibling, 2, "古丈县市场监督管理局", concluded=D(2024, 5, 6), judgment="varied")
    suit(sibling, 3, "古丈县市场监督管理局", concluded=D(2024, 5, 7), judgment="ordered")
    lost = measure("litigation.lost_as_defendant", 2024, units["433126-E02"], namesake)
    assert lost == {units["433126-E02"].pk: 1, namesake.pk: 2}
