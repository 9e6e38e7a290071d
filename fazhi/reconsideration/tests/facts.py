"""A 行政复议 case as the tests build it: its facts only, never saved, for the pure rules
(test_rules.py, test_running.py); saved through the register's one write path, for the
figures (test_indicators.py, the indicators' and the dashboard's tests); or the holiday
calendar's examples: one an officer enters (core/tests/test_holidays*.py), one whose deadline
is provisional (the figures' and the dashboard's test_provisional.py)."""

import datetime
from datetime import date

from fazhi.core import holidays
from fazhi.core.models import HolidayYear
from fazhi.core.writes import save_record
from fazhi.reconsideration import actions
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, ReviewResult

# The dates a saved case may be given as text beside its own (received, accepted, closed).
DATES = ("correction_notice_date", "correction_delivered_date", "suspended_since")


def case(**facts) -> ReconsiderationCase:
    """The county's case 古政复〔2024〕1号, received 2024-03-04 unless told."""
    facts.setdefault("received_date", date(2024, 3, 4))
    return ReconsiderationCase(number="古政复〔2024〕1号", **facts)


def accepted(**facts) -> ReconsiderationCase:
    """… and accepted on 2024-03-08 unless told."""
    facts.setdefault("accepted_date", date(2024, 3, 8))
    return case(review_result=ReviewResult.ACCEPTED, **facts)


def make_case(unit, number, received, *, accepted=None, closed=None, outcome="", **fields):
    """A consistent case saved through the register's one write path (derive, checks, audit),
    its dates given as text: accepted when `accepted` is, refused at the door when `outcome`
    is 不予受理, else pending review, unless `review_result` says otherwise."""
    parse = datetime.date.fromisoformat
    for name in DATES:
        if fields.get(name):
            fields[name] = parse(fields[name])
    review = ReviewResult.ACCEPTED if accepted else ReviewResult.PENDING
    if outcome == Outcome.NOT_ACCEPTED:
        review = ReviewResult.NOT_ACCEPTED
    record = ReconsiderationCase(
        unit=unit,
        number=number,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        act_type=fields.pop("act_type", "penalty"),
        received_date=parse(received),
        review_result=fields.pop("review_result", review),
        accepted_date=parse(accepted) if accepted else None,
        closed_date=parse(closed) if closed else None,
        outcome=outcome,
        **fields,
    )
    return save_record(None, REGISTER, record)


def accepted_late_in_2026(officer, unit, number="古政复〔2026〕31号") -> ReconsiderationCase:
    """The holiday calendar's example, as `officer` enters it: received 2026-11-20, accepted
    2026-11-25, so that its deadlines run into 2027 and move with that year's calendar."""
    case = actions.register_case(
        officer,
        unit=unit,
        number=number,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        received_date=date(2026, 11, 20),
    )
    return actions.record_step(officer, case, "accept", date(2026, 11, 25))


def provisional_in_2027(unit) -> ReconsiderationCase:
    """Issue 16's case, accepted 2026-11-25 while 2027 is not entered (its years deleted): its
    审理期限 is 2027-01-25 (the 60th day is a Sunday), provisional. The copy has gone to the
    respondent, so only the 审理期限 and the reply (awaiting its delivery) run."""
    HolidayYear.objects.filter(year__gte=2027).delete()
    holidays.forget()
    return make_case(
        unit,
        "古政复〔2026〕8号",
        "2026-11-20",
        accepted="2026-11-25",
        reply_notice_date=date(2026, 11, 26),
    )
