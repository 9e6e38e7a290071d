"""Demo cases for `manage.py demo`.

First three past years (2023–2025), written through the importer, such that 2024 holds the
reference report's figures: 48 received, 23 closed — 不予受理 4, 逾期未补正 4, 维持 9, 变更 0,
驳回复议请求 3, 撤销 2, 撤回 1 — and 3 of them sued afterwards (their suits are in
litigation/demo.py). The 25 cases of 2024 not closed that year arrive from August on and close
early in 2025, their decision period extended and, where that is not enough, suspended (中止).

Then closed cases over the past year and open ones whose deadlines fall around today, so the
board, the lists and the figures have something to show: dates counted back from today, cases
through the same actions as an officer's, so the demo's audit log reads like real work.
Re-running adds nothing: numbers already there are skipped.

Issue 23's facts: every respondent is a unit of the county (its code, so 被申请人类型 follows
from the unit), each case has its 申请人类型 and 行政管理领域; 2023 and 2025 hold cases resolved
before acceptance (受理前化解) and 撤销并责令重新作出, which 2024 (the reference report's year)
does not; among the recent cases one is resolved before acceptance, one revoked with an order
to act again, one a 行政协议 decision, and one 撤销 is left as the migration leaves a record of
the old outcomes (`outcome_unresolved`), for an officer to state on the list's filter
仅看办结方式待明确.
"""

import datetime
import random

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new, spread

from . import actions
from .models import ReconsiderationCase

COUNTY = "433126"
OFFICER = "fuyi"


# number, applicant, respondent, 行政行为类别, received (days ago), steps [(step, days ago, inputs)]
def _delivered(recipient: str, method: str = "direct") -> dict:
    return {"delivery_method": method, "recipient": recipient}


# The respondents of the demo, each a unit of the county (portal/demo/units.csv), and the
# 行政管理领域 its acts fall in.
RESPONDENT_UNITS = {
    "古丈县公安局": ("433126-E01", "public_security"),
    "古丈县市场监督管理局": ("433126-E02", "market"),
    "古丈县自然资源局": ("433126-E03", "natural_resources"),
    "古丈县农业农村局": ("433126-E04", "agriculture"),
    "古丈县城市管理和综合执法局": ("433126-E05", "urban_management"),
    "古丈县交通运输局": ("433126-E07", "transport"),
    "古丈县住房和城乡建设局": ("433126-E09", "housing"),
    "古丈县人力资源和社会保障局": ("433126-E11", "human_resources"),
    "古丈县林业局": ("433126-E13", "forestry"),
    "古丈县医疗保障局": ("433126-E16", "medical_security"),
    "古阳镇人民政府": ("433126-Z01", "natural_resources"),
    "默戎镇人民政府": ("433126-Z02", "other"),
}


def respondent_facts(respondent: str) -> dict:
    code, field = RESPONDENT_UNITS[respondent]
    return {"respondent_unit_code": code, "admin_field": field}


def applicant_kind(i: int) -> str:
    """Most applicants are people; some companies, a few other organisations."""
    if i % 13 == 7:
        return "other_organisation"
    return "legal_person" if i % 6 == 5 else "natural_person"


CASES = [
    (
        "1",
        "张某",
        "古丈县市场监督管理局",
        "penalty",
        300,
        [
            ("accept", 296, {}),
            ("reply_notice", 294, {}),
            ("copy_delivered", 293, _delivered("古丈县市场监督管理局")),
            ("reply_received", 286, {}),
            ("close", 250, {"outcome": "upheld"}),
        ],
    ),
    (
        "2",
        "李某",
        "古丈县公安局",
        "penalty",
        280,
        [("accept", 276, {}), ("close", 230, {"outcome": "revoked"}), ("sued", 220, {})],
    ),
    ("3", "向某", "古丈县自然资源局", "licensing", 260, [("not_accept", 257, {})]),
    (
        "4",
        "彭某",
        "古阳镇人民政府",
        "inaction",
        240,
        [
            ("notify_correction", 238, {}),
            ("correction_delivered", 235, _delivered("彭某", "post")),
            ("correction_lapsed", 205, {}),
        ],
    ),
    (
        "5",
        "田某",
        "古丈县人力资源和社会保障局",
        "confirmation",
        200,
        [("accept", 197, {}), ("close", 170, {"outcome": "withdrawn"})],
    ),
    (
        "6",
        "龙某",
        "古丈县城市管理和综合执法局",
        "coercion",
        180,
        [
            ("accept", 176, {}),
            ("reply_notice", 174, {}),
            ("copy_delivered", 172, _delivered("古丈县城市管理和综合执法局", "post")),
            ("reply_received", 165, {}),
            ("extend", 120, {}),
            ("close", 100, {"outcome": "confirmed_illegal"}),
        ],
    ),
    (
        "7",
        "石某",
        "古丈县市场监督管理局",
        "penalty",
        150,
        [
            ("accept", 147, {"procedure": "simplified"}),
            ("reply_notice", 146, {}),
            ("copy_delivered", 146, _delivered("古丈县市场监督管理局", "electronic")),
            ("reply_received", 142, {}),
            ("close", 130, {"outcome": "claims_rejected"}),
        ],
    ),
    (
        "8",
        "杨某",
        "古丈县农业农村局",
        "information",
        120,
        [("accept", 116, {}), ("close", 80, {"outcome": "upheld"})],
    ),
    # open: in review, one of them suspended, one past its deadlines (the respondent's reply
    # and the decision), one whose copy was sent and waits for its delivery
    (
        "9",
        "梁某",
        "古丈县公安局",
        "penalty",
        95,
        [
            ("accept", 92, {}),
            ("reply_notice", 90, {}),
            ("copy_delivered", 88, _delivered("古丈县公安局")),
        ],
    ),
    (
        "10",
        "符某",
        "古丈县自然资源局",
        "expropriation",
        60,
        [
            ("accept", 57, {}),
            ("reply_notice", 55, {}),
            ("copy_delivered", 54, _delivered("古丈县自然资源局")),
            ("reply_received", 47, {}),
            ("suspend", 30, {"suspension_ground": "1"}),
        ],
    ),
    (
        "11",
        "吴某",
        "古丈县住房和城乡建设局",
        "agreement",
        40,
        [("accept", 38, {}), ("reply_notice", 36, {})],
    ),
    # open: suspended while the applicant's heirs decided, then resumed (第三十九条)
    (
        "16",
        "田某",
        "古丈县人力资源和社会保障局",
        "payment",
        75,
        [
            ("accept", 72, {}),
            ("reply_notice", 70, {}),
            ("copy_delivered", 68, _delivered("古丈县人力资源和社会保障局")),
            ("reply_received", 60, {}),
            ("suspend", 40, {"suspension_ground": "1"}),
            ("resume", 25, {}),
        ],
    ),
    # open: a simplified case turned into 普通程序 (第五十五条), then extended
    (
        "15",
        "黄某",
        "古丈县交通运输局",
        "penalty",
        30,
        [
            ("accept", 27, {"procedure": "simplified"}),
            ("reply_notice", 26, {}),
            ("copy_delivered", 25, _delivered("古丈县交通运输局")),
            ("reply_received", 21, {}),
            ("convert", 12, {}),
            ("extend", 10, {}),
        ],
    ),
    # open: waiting for the acceptance review, or for a correction
    (
        "12",
        "麻某",
        "古丈县市场监督管理局",
        "complaint",
        9,
        [("notify_correction", 7, {}), ("correction_delivered", 6, _delivered("麻某"))],
    ),
    ("13", "滕某", "默戎镇人民政府", "inaction", 4, []),
    ("14", "秦某", "古丈县公安局", "penalty", 1, []),
    # resolved before acceptance: the department put its act right during the review
    (
        "17",
        "曾某",
        "古丈县市场监督管理局",
        "complaint",
        50,
        [("resolve_before_acceptance", 47, {"pre_acceptance_method": "self_corrected"})],
    ),
    # revoked, the respondent ordered to act again (第六十四条)
    (
        "18",
        "覃某",
        "古丈县自然资源局",
        "licensing",
        140,
        [
            ("accept", 137, {}),
            ("reply_notice", 135, {}),
            ("copy_delivered", 134, _delivered("古丈县自然资源局")),
            ("reply_received", 127, {}),
            ("close", 95, {"outcome": "revoked_redo"}),
        ],
    ),
    # a 行政协议 decision (第七十一条第一款), a company against a township
    (
        "19",
        "古丈县某旅游开发有限公司",
        "默戎镇人民政府",
        "agreement",
        110,
        [
            ("accept", 107, {}),
            ("reply_notice", 105, {}),
            ("close", 60, {"outcome": "agreement_liability"}),
        ],
    ),
]
# The applicants that are no person.
COMPANIES = {"19": "legal_person"}
# Recent cases left as the migration leaves a record of the old outcomes: its 撤销 may have been
# 撤销并责令重新作出, so it is flagged for an officer to state (rules.LEGACY_OUTCOMES).
UNRESOLVED = ("2",)


RESPONDENTS = [
    ("古丈县公安局", "penalty"), ("古丈县市场监督管理局", "penalty"),
    ("古丈县自然资源局", "licensing"), ("古丈县人力资源和社会保障局", "confirmation"),
    ("古丈县城市管理和综合执法局", "coercion"), ("古丈县住房和城乡建设局", "expropriation"),
    ("古丈县农业农村局", "information"), ("古阳镇人民政府", "inaction"),
    ("古丈县交通运输局", "penalty"), ("古丈县林业局", "penalty"),
    ("默戎镇人民政府", "complaint"), ("古丈县医疗保障局", "payment"),
]  # fmt: skip
APPLICANTS = "张李王刘陈杨黄赵周吴向彭田龙石麻滕符梁"
# 办结方式 of the cases closed in the year they were received, and of those then sued
# (the first `sued` of the merits outcomes listed after the door ones).
CLOSED_IN_YEAR = {
    2023: ["not_accepted"] * 5 + ["abandoned"] * 3 + ["upheld"] * 14 + ["revoked"] * 3
    + ["varied"] + ["claims_rejected"] * 5 + ["withdrawn"] * 4 + ["confirmed_illegal"] * 2
    + ["settled"] + ["pre_acceptance_resolved"] * 2 + ["revoked_redo"],
    2024: ["not_accepted"] * 4 + ["abandoned"] * 4 + ["upheld"] * 9 + ["claims_rejected"] * 3
    + ["revoked"] * 2 + ["withdrawn"],
    2025: ["not_accepted"] * 4 + ["abandoned"] * 3 + ["upheld"] * 16 + ["revoked"] * 3
    + ["partly_revoked"] * 2
    + ["claims_rejected"] * 6 + ["withdrawn"] * 5 + ["confirmed_illegal"] * 2 + ["ordered"]
    + ["mediated"] + ["pre_acceptance_resolved"] * 3 + ["revoked_redo"] * 2,
}  # fmt: skip
# How the disputes resolved before acceptance were resolved, in turn.
PRE_ACCEPTANCE_METHODS = ("withdrawn", "self_corrected", "mediated", "settled")
# Which closed cases the applicant then took to court, by 办结方式; litigation/demo.py links a
# suit to each. 2024's three are two 维持 and one 驳回复议请求.
SUED = {
    2023: ("upheld", "upheld", "claims_rejected", "revoked"),
    2024: ("upheld", "upheld", "claims_rejected"),
    2025: ("upheld", "upheld", "upheld"),
}
# Received in 2024 but closed in 2025: from August on (a decision period of 60 days, extended
# by 30, and at most 60 days suspended, reaches into the new year), closed January to April.
CARRIED = {2024: 25}
CARRIED_FROM = (8, 10)  # (month, day) the first of them arrives
CARRIED_OUTCOMES = ["upheld", "claims_rejected", "upheld", "revoked", "withdrawn", "upheld"]


def fixed_number(year: int, serial: int) -> str:
    # Three digits: the cases counted back from today keep their short numbers, so the two
    # sets never collide whatever the year today is.
    return f"古政复〔{year}〕{serial:03d}号"


def sued_numbers(year: int) -> list[str]:
    """The numbers of `year`'s cases the applicant took to court after (for litigation)."""
    return [case["number"] for case in year_plan(year) if case.get("sued")]


def year_plan(year: int) -> list[dict]:
    closed_in_year = list(CLOSED_IN_YEAR[year])
    random.Random(year).shuffle(closed_in_year)
    # Cases closed the year they arrive come by October; then those carried over.
    arrivals = [
        (spread(year, len(closed_in_year), i, last=10), outcome)
        for i, outcome in enumerate(closed_in_year)
    ]
    carried = CARRIED.get(year, 0)
    first = datetime.date(year, *CARRIED_FROM)
    span = (datetime.date(year, 12, 20) - first).days
    arrivals += [
        (first + datetime.timedelta(days=(2 * i + 1) * span // (2 * carried)), None)
        for i in range(carried)
    ]
    arrivals.sort(key=lambda arrival: arrival[0])  # numbered in the order they arrive
    to_sue = list(SUED.get(year, ()))
    plan, later = [], 0
    for i, (received, outcome) in enumerate(arrivals):
        respondent, act_type = RESPONDENTS[(i * 5 + year) % len(RESPONDENTS)]
        case = {
            "number": fixed_number(year, i + 1),
            "unit": "433126",
            "applicant": APPLICANTS[(i * 7 + year) % len(APPLICANTS)] + "某",
            "applicant_kind": applicant_kind(i),
            "respondent": respondent,
            **respondent_facts(respondent),
            "act_type": act_type,
            "received_date": received,
        }
        if outcome is None:
            accepted = received + datetime.timedelta(days=3)
            closed = max(
                datetime.date(year + 1, 1, 6) + datetime.timedelta(days=later % 5),
                accepted + datetime.timedelta(days=75 + later % 4 * 10),
            )
            case.update(_merits(received, closed, CARRIED_OUTCOMES[later % 6]))
            later += 1
        else:
            case.update(_closed(received, outcome, i))
            if outcome in to_sue:
                to_sue.remove(outcome)
                case["sued"] = True
        # The documents went to the applicant (补正通知) and to the respondent (副本).
        if case.get("correction_delivered_date"):
            case["correction_recipient"] = case["applicant"]
        if case.get("copy_delivered_date"):
            case["copy_recipient"] = respondent
        plan.append(case)
    return plan


def _closed(received: datetime.date, outcome: str, i: int) -> dict:
    day = datetime.timedelta(days=1)
    if outcome == "pre_acceptance_resolved":
        # within the five working days of review (第三十条)
        return {
            "review_result": "pending",
            "outcome": outcome,
            "pre_acceptance_method": PRE_ACCEPTANCE_METHODS[i % len(PRE_ACCEPTANCE_METHODS)],
            "closed_date": received + 2 * day,
        }
    if outcome == "not_accepted":
        return {
            "review_result": "not_accepted",
            "outcome": outcome,
            "closed_date": received + 3 * day,
        }
    if outcome == "abandoned":
        notice = received + 2 * day
        return {
            "review_result": "abandoned",
            "correction_notice_date": notice,
            "correction_delivered_date": notice + 3 * day,
            "correction_delivery_method": "post",
            "outcome": outcome,
            # Ten working days to correct from the delivery (第三十一条第二款), a holiday week
            # or two included.
            "closed_date": notice + 30 * day,
        }
    return _merits(received, received + (35 + i % 20) * day, outcome)


def _merits(received, closed, outcome) -> dict:
    accepted = received + datetime.timedelta(days=3)
    taken = (closed - accepted).days
    facts = {
        "review_result": "accepted",
        "accepted_date": accepted,
        "reply_notice_date": accepted + datetime.timedelta(days=2),
        # 副本 handed to the respondent the next day; its reply a week later (第四十八条).
        "copy_delivered_date": accepted + datetime.timedelta(days=3),
        "copy_delivery_method": "direct",
        "reply_received_date": accepted + datetime.timedelta(days=10),
        "outcome": outcome,
        "closed_date": closed,
    }
    if taken > 60:  # extended once (第六十二条), and suspended for what is beyond that
        facts["extended"] = True
        facts["suspended_days"] = max(0, taken - 90)
        assert facts["suspended_days"] <= 60, "suspended past 60 days the case is terminated"
    return facts


def load(today: datetime.date) -> int:
    """Register the demo cases not yet there; returns how many were added."""
    added = sum(import_new("reconsideration", year_plan(year)) for year in CLOSED_IN_YEAR)
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    added = 0
    for serial, applicant, respondent, act_type, received_ago, steps in CASES:
        received = today - datetime.timedelta(days=received_ago)
        number = f"古政复〔{received.year}〕{serial}号"
        if ReconsiderationCase.objects.filter(unit=unit, number=number).exists():
            continue
        case = actions.register_case(
            officer,
            unit=unit,
            number=number,
            applicant=applicant,
            applicant_kind=COMPANIES.get(serial, "natural_person"),
            respondent=respondent,
            **respondent_facts(respondent),
            act_type=act_type,
            received_date=received,
        )
        for step, ago, inputs in steps:
            day = today - datetime.timedelta(days=ago)
            actions.record_step(officer, case, step, day, **inputs)
        if serial in UNRESOLVED:
            # What migration 0006 does to a record of the old outcomes, not an officer's act.
            ReconsiderationCase.objects.filter(pk=case.pk).update(outcome_unresolved=True)
        added += 1
    return added
