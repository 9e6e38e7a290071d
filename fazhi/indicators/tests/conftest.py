"""Reconsideration cases to compute figures over: the first register with indicators."""

import pytest

from fazhi.reconsideration.models import Outcome
from fazhi.reconsideration.tests.facts import make_case


@pytest.fixture
def cases(tree):
    """2024: the county 2 cases, its 司法所 1, the sibling county 1; one more in 2023.

    County subtree in 2024: received 3, closed 3 (撤销 and sued, 维持, 不予受理): corrected 1,
    closed on the merits 2.
    """
    return [
        make_case(
            tree["county"],
            "K1",
            "2024-03-01",
            accepted="2024-03-04",
            closed="2024-04-01",
            outcome=Outcome.REVOKED,
            sued=True,
        ),
        make_case(
            tree["county"],
            "K2",
            "2024-04-01",
            accepted="2024-04-03",
            closed="2024-05-06",
            outcome=Outcome.UPHELD,
            act_type="licensing",
        ),
        make_case(
            tree["office"], "K3", "2024-05-06", closed="2024-05-08", outcome=Outcome.NOT_ACCEPTED
        ),
        make_case(
            tree["sibling"],
            "K4",
            "2024-05-06",
            accepted="2024-05-08",
            closed="2024-06-03",
            outcome=Outcome.VARIED,
        ),
        make_case(tree["county"], "K5", "2023-05-04", accepted="2023-05-06"),
    ]
