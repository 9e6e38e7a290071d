"""The demo county's rosters load, and their figures show each rule at work."""

import pytest
from django.utils import timezone

from fazhi.core import actions as core_actions
from fazhi.core.models import Unit, UnitKind
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period
from fazhi.officers import campaign, certified, demo, rules
from fazhi.officers.alerts import officer_alerts
from fazhi.officers.models import (
    Certificate,
    EnforcementOfficer,
    RenewalCampaign,
    TrainingAttendance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(tree):
    for n in range(1, 21):
        core_actions.save_unit(
            None,
            code=f"433126-E{n:02}",
            name=f"古丈县第{n}执法部门",
            kind=UnitKind.ENFORCEMENT_DEPARTMENT,
            parent=tree["county"],
        )
    return tree["county"]


def test_the_demo_shows_every_rule_and_loads_once(county, make_user):
    from fazhi.core.roles import Role

    today = timezone.localdate()
    added = demo.load(today)
    assert EnforcementOfficer.objects.count() == 300
    assert added > 300
    assert demo.load(today) == 0
    supervisor = make_user("jiandu", county, Role.ENFORCEMENT)
    alerts = {alert.label: alert.count for alert in officer_alerts(supervisor, today)}
    assert alerts == {
        "60日内到期的执法证": 2,
        "年审逾期的执法证": 1,
        "非在岗人员持证（待注销）": 1,
    }
    keys = [
        "enforcement_officer.expired_not_renewed",
        "enforcement_officer.certified_rate",
        "enforcement_training.below_minimum",
        "enforcement_training.unmatched",
    ]
    figures = compute(keys, Period.year(today.year), county, user=supervisor)
    assert figures["enforcement_officer.expired_not_renewed"].value == 1
    rate = figures["enforcement_officer.certified_rate"]
    # 280 in 编制, one not in post; of 279, one expired and one suspended.
    assert (rate.numerator, rate.denominator) == (277, 279)
    # Officers 7 and 14 of each department missed the third session: 48 学时.
    assert figures["enforcement_training.below_minimum"].value == 40
    assert figures["enforcement_training.unmatched"].value == 1
    # Officers 1 … 9 of E01 … E05 hold cards valid today (for 涉企行政检查's demo).
    for department in range(1, 6):
        numbers = [demo.card_number(department, serial) for serial in range(1, 10)]
        assert len(certified.valid_cards(numbers, today)) == 9
    assert Certificate.objects.filter(number=demo.card_number(6, 5014)).exists()
    assert TrainingAttendance.objects.filter(unmatched=True).count() == 7
    (made,) = RenewalCampaign.objects.all()
    rows = {
        row.unit.code: row
        for row in campaign.progress(made, EnforcementOfficer.objects.all(), rules.DEFAULT_SETTINGS)
    }
    assert rows["433126-E02"].applied == rows["433126-E02"].due > 0
    assert sum(row.issued for row in rows.values()) == 1
    assert Unit.objects.filter(code="433126-E20").exists()
