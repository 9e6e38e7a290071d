"""Demo cases for `manage.py demo`.

Three past years of the county's 16 committees (2023, 2024, 2025), written through the
importer: in 2024 exactly the reference report's figures — 1085 disputes received, 1055
mediated successfully, 以奖代补 97200 元 approved at the default tiers (一般 100, 疑难 200,
重大 300 元). Then a few months of 古阳镇's committees counted back from today, the
successful ones submitted by the 司法所 and reviewed by the county (through their actions), so
the 以奖代补 pages and the payout list have something to show. Numbers already there are
skipped.
"""

import datetime
import random
from dataclasses import dataclass

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new, spread

from . import actions
from .models import MediationCase

COMMITTEES = [
    "433126-S01-01", "433126-S01-02", "433126-S01-03", "433126-S02-01", "433126-S02-02",
    "433126-S02-03", "433126-S03-01", "433126-S03-02", "433126-S04-01", "433126-S04-02",
    "433126-S05-01", "433126-S05-02", "433126-S06-01", "433126-S06-02", "433126-S07-01",
    "433126-S07-02",
]  # fmt: skip
# Village disputes first: the weights roughly follow a rural county's yearly statistics.
DISPUTE_TYPES = [
    ("neighbour", 22), ("marriage", 18), ("land", 16), ("housing", 12), ("damages", 8),
    ("contract", 6), ("labour", 5), ("traffic", 4), ("business", 3), ("expropriation", 2),
    ("consumer", 1), ("medical", 1), ("property", 1), ("pollution", 1), ("other", 0),
]  # fmt: skip
MEDIATORS = "向彭田龙张石杨吴"
SOURCES = ["active"] * 5 + ["applied"] * 4 + ["referred"]


@dataclass(frozen=True)
class Year:
    """A year's disputes: how many, how many mediated successfully, and of those how many
    passed 以奖代补 review at each tier (ordinary, difficult, major) or were refused."""

    year: int
    received: int
    succeeded: int
    approved: tuple[int, int, int]
    rejected: int


# 2024: 720×100 + 96×200 + 20×300 = 97200 元, the reference report's 以奖代补资金.
YEARS = [
    Year(2023, 986, 951, (650, 90, 18), 10),
    Year(2024, 1085, 1055, (720, 96, 20), 12),
    Year(2025, 1132, 1099, (760, 100, 22), 9),
]


def year_plan(spec: Year) -> list[dict]:
    rng = random.Random(spec.year)  # fixed seed: the same demo every run
    ordinary, difficult, major = spec.approved
    fates = (
        [("approved", "ordinary")] * ordinary
        + [("approved", "difficult")] * difficult
        + [("approved", "major")] * major
        + [("rejected", "ordinary")] * spec.rejected
    )
    fates += [("none", "ordinary")] * (spec.succeeded - len(fates))
    fates += [("failed", "ordinary")] * (spec.received - spec.succeeded)
    rng.shuffle(fates)
    kinds = [kind for kind, weight in DISPUTE_TYPES for _ in range(weight)]
    serials = dict.fromkeys(COMMITTEES, 0)
    names = {u.code: u.name for u in Unit.objects.filter(code__in=COMMITTEES)}
    plan = []
    for i, (fate, difficulty) in enumerate(fates):
        code = COMMITTEES[i % len(COMMITTEES)]
        serials[code] += 1
        # Received by mid-December and closed within a fortnight: each case, and its
        # 以奖代补 review round, falls in the year it was received.
        received = spread(spec.year, spec.received, i, end_day=15)
        succeeded = fate != "failed"
        plan.append(
            {
                "number": f"{names[code][:3]}调〔{spec.year}〕{code[-2:]}-{serials[code]:03d}号",
                "unit": code,
                "committee_code": code,
                "received_date": received,
                "dispute_type": rng.choice(kinds),
                "source": rng.choice(SOURCES),
                "parties": 2 + (i % 7 == 0),
                "mediator": MEDIATORS[(i // len(COMMITTEES)) % len(MEDIATORS)] + "某",
                "status": "succeeded" if succeeded else "failed",
                "agreement_form": ("written" if i % 5 else "oral") if succeeded else "",
                "closed_date": received + datetime.timedelta(days=2 + i % 12),
                "judicial_confirmation": bool(succeeded and i % 5 and i % 23 == 0),
                "prevented_criminal": i % 97 == 0,
                "difficulty": difficulty,
                "subsidy_status": "none" if fate == "failed" else fate,
            }
        )
    return plan


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


RECENT_SOURCES = ("active", "applied", "referred")


def load(today: datetime.date) -> int:
    added = sum(import_new("mediation", year_plan(spec)) for spec in YEARS)
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
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
            # Every case says how it came: the 人民调解 table checks 受理 = 主动 + 申请 + 委托移送.
            source=RECENT_SOURCES[int(serial) % len(RECENT_SOURCES)],
        )
        if fate:
            actions.submit_for_subsidy(users[SUBMITTER], case, closed.year)
        if fate == "approve":
            actions.approve_subsidy(users[REVIEWER], case)
        elif fate == "reject":
            actions.reject_subsidy(users[REVIEWER], case, "调解协议未经双方签字，材料不全")
        added += 1
    return added
