"""Demo suits for `manage.py demo`, two of them after a demo reconsideration case (see
reconsideration/demo.py, which runs first). Same approach: through the actions, dates counted
back from today, numbers already there skipped."""

import datetime

from fazhi.core.models import Unit, User

from . import actions
from .models import LitigationCase

COUNTY = "433126"
OFFICER = "fuyi"
COURT = "吉首市人民法院"

# serial, plaintiff, defendant, received (days ago), linked reconsideration serial, steps
CASES = [
    (
        "12",
        "李某",
        "古丈县人民政府",
        215,
        "2",
        [
            ("defence", 205, {}),
            ("hearing", 160, {"head_appeared": True, "head_name": "彭某", "head_title": "副县长"}),
            ("conclude", 120, {"judgment": "claims_dismissed"}),
        ],
    ),
    (
        "18",
        "王某",
        "古丈县自然资源局",
        190,
        None,
        [("defence", 180, {}), ("hearing", 140, {}), ("conclude", 90, {"judgment": "revoked"})],
    ),
    (
        "23",
        "周某",
        "古丈县公安局",
        150,
        None,
        [("defence", 141, {}), ("conclude", 100, {"judgment": "withdrawn"})],
    ),
    (
        "31",
        "龙某",
        "古丈县城市管理和综合执法局",
        70,
        "6",
        [
            ("defence", 60, {}),
            ("hearing", 20, {"head_appeared": True, "head_name": "田某", "head_title": "局长"}),
        ],
    ),
    ("40", "刘某", "古丈县市场监督管理局", 12, None, []),
    ("41", "陈某", "古丈县农业农村局", 3, None, []),
]


def load(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    added = 0
    for serial, plaintiff, defendant, received_ago, linked, steps in CASES:
        received = today - datetime.timedelta(days=received_ago)
        number = f"（{received.year}）湘3101行初{serial}号"
        if LitigationCase.objects.filter(unit=unit, number=number).exists():
            continue
        link = ""
        if linked:
            link_received = today - datetime.timedelta(days=_received_ago(linked))
            link = f"古政复〔{link_received.year}〕{linked}号"
        case = actions.register_case(
            officer,
            unit=unit,
            number=number,
            plaintiff=plaintiff,
            defendant=defendant,
            act_type="penalty",
            instance="first",
            court=COURT,
            notice_received_date=received,
            reconsideration_number=link,
        )
        for step, ago, inputs in steps:
            actions.record_step(officer, case, step, today - datetime.timedelta(days=ago), **inputs)
        added += 1
    return added


def _received_ago(serial: str) -> int:
    from fazhi.reconsideration.demo import CASES as RECONSIDERATION_CASES

    return next(case[4] for case in RECONSIDERATION_CASES if case[0] == serial)
