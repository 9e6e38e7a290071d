"""Reconsideration cases to compute figures over: the first register with indicators."""

import datetime

import pytest

from fazhi.core.writes import save_record
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, ReviewResult


def make_case(unit, number, received, *, accepted=None, closed=None, outcome="", **fields):
    """A consistent case saved through the register's one write path."""
    date = datetime.date.fromisoformat
    review = ReviewResult.ACCEPTED if accepted else ReviewResult.PENDING
    if outcome == Outcome.NOT_ACCEPTED:
        review = ReviewResult.NOT_ACCEPTED
    case = ReconsiderationCase(
        unit=unit,
        number=number,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        act_type=fields.pop("act_type", "penalty"),
        received_date=date(received),
        review_result=fields.pop("review_result", review),
        accepted_date=date(accepted) if accepted else None,
        closed_date=date(closed) if closed else None,
        outcome=outcome,
        **fields,
    )
    return save_record(None, REGISTER, case)


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
