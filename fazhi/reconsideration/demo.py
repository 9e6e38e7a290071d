"""Demo cases for `manage.py demo`: closed cases over the past year and open ones whose
deadlines fall around today, so the board, the lists and the figures have something to show.

Dates are counted back from today; cases go through the same actions as an officer's, so the
demo's audit log reads like real work. Re-running adds nothing: numbers already there are
skipped.
"""

import datetime

from fazhi.core.models import Unit, User

from . import actions
from .models import ReconsiderationCase

COUNTY = "433126"
OFFICER = "fuyi"

# number, applicant, respondent, 行政行为类别, received (days ago), steps [(step, days ago, inputs)]
CASES = [
    (
        "1",
        "张某",
        "古丈县市场监督管理局",
        "penalty",
        300,
        [("accept", 296, {}), ("reply_notice", 294, {}), ("close", 250, {"outcome": "upheld"})],
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
        [("notify_correction", 238, {}), ("correction_lapsed", 220, {})],
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
    # open: in review, one of them suspended, one past its deadline
    ("9", "梁某", "古丈县公安局", "penalty", 95, [("accept", 92, {})]),
    (
        "10",
        "符某",
        "古丈县自然资源局",
        "expropriation",
        60,
        [("accept", 57, {}), ("suspend", 30, {})],
    ),
    ("11", "吴某", "古丈县住房和城乡建设局", "agreement", 40, [("accept", 38, {})]),
    # open: waiting for the acceptance review, or for a correction
    ("12", "麻某", "古丈县市场监督管理局", "complaint", 9, [("notify_correction", 7, {})]),
    ("13", "滕某", "默戎镇人民政府", "inaction", 4, []),
    ("14", "秦某", "古丈县公安局", "penalty", 1, []),
]


def load(today: datetime.date) -> int:
    """Register the demo cases not yet there; returns how many were added."""
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
            respondent=respondent,
            act_type=act_type,
            received_date=received,
        )
        for step, ago, inputs in steps:
            day = today - datetime.timedelta(days=ago)
            actions.record_step(officer, case, step, day, **inputs)
        added += 1
    return added
