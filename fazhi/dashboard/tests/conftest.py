"""A small year of records in both counties of the fixture tree, entered through the
registers' own actions, and the people who read them."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import user_fixture
from fazhi.mediation import actions as mediation
from fazhi.reconsideration.models import Outcome
from fazhi.reconsideration.tests.facts import make_case

D = datetime.date
YEAR = 2024


@pytest.fixture
def records(tree):
    """古丈县 (433126): reconsideration cases received in Feb, May (two) and Nov 2023; mediation
    at its committee in Mar (two, one failed) and Jul. 泸溪县 (433122): one reconsideration
    case, two mediation cases."""
    c, s = tree["county"], tree["sibling"]
    sibling_committee = core_actions.save_unit(
        None,
        code="433122-S01-01",
        name="白沙村人民调解委员会",
        kind=UnitKind.MEDIATION_COMMITTEE,
        parent=tree["sibling_office"],
    )
    make_case(c, "G1", "2024-02-05", accepted="2024-02-07", closed="2024-04-20",
              outcome=Outcome.UPHELD)  # fmt: skip
    make_case(c, "G2", "2024-05-06", accepted="2024-05-08", closed="2024-07-01",
              outcome=Outcome.REVOKED)  # fmt: skip
    make_case(c, "G3", "2024-05-20", accepted="2024-05-22")
    make_case(c, "G0", "2023-11-20", accepted="2023-11-22", closed="2024-01-10",
              outcome=Outcome.UPHELD)  # fmt: skip
    make_case(s, "L1", "2024-03-01", accepted="2024-03-04", closed="2024-05-10",
              outcome=Outcome.VARIED)  # fmt: skip

    def mediate(committee, number, received, status="succeeded", closed=None):
        succeeded = status == "succeeded"
        return mediation.register_case(
            None,
            unit=committee,
            number=number,
            committee_code=committee.code,
            received_date=received,
            dispute_type="neighbour",
            mediator="向某",
            status=status,
            agreement_form="written" if succeeded else "",
            closed_date=closed or received + datetime.timedelta(days=5),
        )

    mediate(tree["committee"], "白果1", D(2024, 3, 1))
    mediate(tree["committee"], "白果2", D(2024, 3, 12), status="failed")
    mediate(tree["committee"], "白果3", D(2024, 7, 2))
    mediate(tree["committee"], "白果0", D(2023, 7, 2))
    mediate(sibling_committee, "白沙1", D(2024, 6, 3))
    mediate(sibling_committee, "白沙2", D(2024, 9, 9), status="failed")
    return tree


county_leader = user_fixture("juzhang", "county", Role.LEADER, full_name="古局长")
sibling_leader = user_fixture("luxi", "sibling", Role.LEADER, full_name="泸局长")
prefecture_leader = user_fixture("zhouju", "prefecture", Role.LEADER, full_name="州局长")
province_leader = user_fixture("shengting", "province", Role.LEADER, full_name="省厅")
mediator = user_fixture("tiaojie", "county", Role.MEDIATION, full_name="李调解")  # 人民调解 only
