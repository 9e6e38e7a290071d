"""Demo cases for `manage.py demo`: a few months of 古阳镇's committees, the successful ones
submitted by the 司法所 and reviewed by the county (through their actions), so
the 以奖代补 pages and the payout list have something to show. Dates are counted back from
today; numbers already there are skipped."""

import datetime

from fazhi.core.models import Unit, User

from . import actions
from .models import MediationCase

SUBMITTER, REVIEWER = "guyang", "tiaojie"

# committee, serial, 纠纷类型, 调解员, received (days ago), closed (days ago) or None, result,
# 疑难程度, what happens to its subsidy: "approve", "reject", "submit" or ""
CASES = [
    ("433126-S01-01", "1", "neighbour", "向某", 120, 115, "succeeded", "ordinary", "approve"),
    ("433126-S01-01", "2", "marriage", "向某", 110, 100, "succeeded", "difficult", "approve"),
    ("433126-S01-01", "3", "housing", "彭某", 95, 80, "succeeded", "major", "approve"),
    ("433126-S01-01", "4", "damages", "彭某", 90, 85, "failed", "ordinary", ""),
    ("433126-S01-02", "1", "land", "田某", 85, 70, "succeeded", "difficult", "approve"),
    ("433126-S01-02", "2", "labour", "田某", 60, 50, "succeeded", "ordinary", "reject"),
    ("433126-S01-03", "1", "contract", "石某", 45, 40, "succeeded", "ordinary", "submit"),
    ("433126-S01-03", "2", "neighbour", "石某", 20, 12, "succeeded", "ordinary", ""),
    ("433126-S01-03", "3", "traffic", "石某", 6, None, "ongoing", "ordinary", ""),
]


def load(today: datetime.date) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=[SUBMITTER, REVIEWER])}
    added = 0
    for code, serial, kind, mediator, received_ago, closed_ago, result, tier, fate in CASES:
        committee = Unit.objects.get(code=code)
        received = today - datetime.timedelta(days=received_ago)
        number = f"{committee.name[:3]}调〔{received.year}〕{code[-2:]}-{serial}号"
        if MediationCase.objects.filter(unit=committee, number=number).exists():
            continue
        closed = today - datetime.timedelta(days=closed_ago) if closed_ago is not None else None
        case = actions.register_case(
            None,
            unit=committee,
            number=number,
            committee_code=code,
            received_date=received,
            dispute_type=kind,
            mediator=mediator,
            status=result,
            agreement_form="written" if result == "succeeded" else "",
            closed_date=closed,
            difficulty=tier,
        )
        if fate:
            actions.submit_for_subsidy(users[SUBMITTER], case, closed.year)
        if fate == "approve":
            actions.approve_subsidy(users[REVIEWER], case)
        elif fate == "reject":
            actions.reject_subsidy(users[REVIEWER], case, "调解协议未经双方签字，材料不全")
        added += 1
    return added
