"""The demo's 评议考核: last year's scheme and the results of 433126-E01 … E20, computed from the
案卷评查 and 行政应诉 demo records, with a few deductions by hand and their reasons, confirmed;
loading it again adds nothing."""

import datetime

import pytest
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.tabular import read_table
from fazhi.core.unit_loader import load_units
from fazhi.enforcement import demo as enforcement_demo
from fazhi.evaluation import demo, rules
from fazhi.evaluation.models import Deduction, EnforcementEvaluation, Grade, Status
from fazhi.litigation import demo as litigation_demo
from fazhi.portal.management.commands.demo import DEMO_ACCOUNTS, UNITS_FILE, reset_account
from fazhi.reconsideration import demo as reconsideration_demo

PASSWORD = "Kq7!vRw2-Ln9-demo"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_demo_scores_and_confirms_last_years_departments():
    today = timezone.localdate()
    load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))
    for account in DEMO_ACCOUNTS:
        reset_account(account, PASSWORD)
    for registers in (reconsideration_demo, litigation_demo, enforcement_demo):
        registers.load(today)

    assert demo.load(today) == 20
    year = today.year - 1
    results = EnforcementEvaluation.objects.filter(year=year).select_related("evaluated_unit")
    assert sorted(r.evaluated_unit_code for r in results) == [
        f"433126-E{n:02d}" for n in range(1, 21)
    ]
    assert {r.status for r in results} == {Status.CONFIRMED}
    assert all(r.confirmed_date == datetime.date(year, 12, 30) for r in results)
    # Computed from the other registers: the files reviewed and the suits lost.
    measured = {r.evaluated_unit_code: r.measured for r in results}
    assert measured["433126-E01"]["enforcement.review_average"] is not None
    assert any(m["litigation.lost_as_defendant"] not in (None, "0.00") for m in measured.values())
    deductions = Deduction.objects.filter(evaluation__year=year)
    reasons = deductions.filter(points__gt=0).values_list("reason", flat=True)
    assert len(reasons) == len(demo.DEDUCTIONS) and all(reasons)
    # A data item no register gives a value for yet is decided by hand (0, with the reason),
    # whichever those are when the demo runs.
    assert set(deductions.filter(points=0).values_list("reason", flat=True)) <= {demo.UNDECIDED}
    totals = {r.pk: r.total for r in results}
    assert len(set(rules.ranking(totals).values())) > 1
    assert {r.grade for r in results} >= {Grade.EXCELLENT, Grade.GOOD, Grade.FAIL}
    assert demo.load(today) == 0
    assert EnforcementEvaluation.objects.count() == 20
    assert Unit.objects.filter(code="433126").exists()
