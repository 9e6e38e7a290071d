"""Demo 社区矫正 for `manage.py demo`: subjects across the county's 司法所 whose dates put
exactly 55 under supervision on 2024-12-31 (the reference report's figure), some released
since, a few admitted lately — two late in reporting (漏管) and one out of contact (脱管) on the
board — and a year of education activities. Records go through the officer's actions;
re-running adds nothing.
"""

import datetime

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import Unit, User

from . import actions
from .models import CorrectionsActivity, CorrectionsSubject

COUNTY = "433126"
OFFICER = "jiaozheng"
OFFICES = [f"{COUNTY}-S0{n}" for n in range(1, 8)]
REGISTERED_END_2024 = 55
SURNAMES = "向彭田龙张石王李杨吴刘黄周胡"
GIVEN = ["某", "某某", "某华", "某军", "某英", "某林", "某平", "某红"]
TOWNS = ["古阳镇", "默戎镇", "断龙山镇", "红石林镇", "岩头寨镇", "坪坝镇", "高峰镇"]
OFFENCES = ["危险驾驶罪", "盗窃罪", "故意伤害罪", "交通肇事罪", "诈骗罪", "非法采矿罪"]
# 55 registered on 2024-12-31, by category (mostly 缓刑, as in practice)
CATEGORIES = ["probation"] * 45 + ["parole"] * 6 + ["control"] * 2 + ["temporary_release"] * 2

ACTIVITIES = [
    ("classroom", "宪法学习"),
    ("themed_education", "民法典进社区"),
    ("community_service", "公益劳动"),
    ("group_counselling", "心理健康"),
    ("vocational_training", "电工技能"),
    ("individual_education", "个别谈话"),
]

D = datetime.date


def _id_number(serial: int) -> str:
    birth = D(1965, 1, 1) + datetime.timedelta(days=serial * 97 % 12000)
    first17 = f"{COUNTY}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def _name(serial: int) -> str:
    return SURNAMES[serial % len(SURNAMES)] + GIVEN[serial % len(GIVEN)]


def _plan(today: datetime.date) -> list[dict]:
    """Each subject's facts: (serial, category, start, months, ending)."""
    plans = []
    for i, category in enumerate(CATEGORIES):
        start = D(2023, 6, 1) + datetime.timedelta(days=i * 10)  # 2023-06 … 2024-11
        end = D(start.year + 2, start.month, 1) - datetime.timedelta(days=1)  # two years
        released = end if end < today else None  # those whose term has run out
        plans.append(_facts(i, category, start, end, released))
    # Ended before the end of 2024: not registered on 2024-12-31.
    for i in range(8):
        start = D(2023, 1, 10) + datetime.timedelta(days=i * 30)
        end = start + datetime.timedelta(days=365)
        plans.append(_facts(100 + i, "probation", start, end, end))
    # Admitted lately: counted in their own year, and on today's board.
    for i in range(6):
        start = today - datetime.timedelta(days=200 - i * 30)
        plans.append(_facts(200 + i, "probation", start, start + datetime.timedelta(days=730)))
    return plans


def _facts(serial, category, start, end, released=None) -> dict:
    judged = start - datetime.timedelta(days=3)
    facts = {
        "number": f"古矫{start.year}{serial:03d}",
        "name": _name(serial),
        "id_number": _id_number(serial),
        "address": f"古丈县{TOWNS[serial % len(TOWNS)]}某某村{serial % 9 + 1}组",
        "gender": "female" if serial % 6 == 0 else "male",
        "category": category,
        "offence": OFFENCES[serial % len(OFFENCES)],
        "judgment_effective_date": judged,
        "reported_date": judged + datetime.timedelta(days=5),
        "start_date": start,
        "end_date": end,
        "level": ("ordinary", "strict", "lenient")[serial % 3],
        "status": "released" if released else "supervised",
        "ended_date": released,
        "reoffended": False,
    }
    return facts


def _board_cases(today) -> list[dict]:
    """Two who have not reported (one past the 10 days: 漏管) and one out of contact."""
    late = _facts(
        300, "probation", today - datetime.timedelta(days=12), today + datetime.timedelta(days=360)
    )
    late.update(judgment_effective_date=today - datetime.timedelta(days=15), reported_date=None)
    pending = _facts(
        301, "control", today - datetime.timedelta(days=2), today + datetime.timedelta(days=180)
    )
    pending.update(judgment_effective_date=today - datetime.timedelta(days=4), reported_date=None)
    lost = _facts(
        302, "parole", today - datetime.timedelta(days=150), today + datetime.timedelta(days=200)
    )
    lost.update(status="lost_contact", lost_contact_date=today - datetime.timedelta(days=3))
    return [late, pending, lost]


def load(today: datetime.date) -> int:
    county = Unit.objects.get(code=COUNTY)
    offices = {u.code: u for u in Unit.objects.filter(code__in=OFFICES)}
    officer = User.objects.get(username=OFFICER)
    added = 0
    for n, facts in enumerate(_plan(today) + _board_cases(today)):
        office = offices[OFFICES[n % len(OFFICES)]]
        if CorrectionsSubject.objects.filter(unit=office, number=facts["number"]).exists():
            continue
        actions.register_subject(officer, unit=office, office=office, **facts)
        added += 1
    for n in range(24):  # two activities a month over the last year
        held = today - datetime.timedelta(days=15 * n + 3)
        number = f"古矫教{held:%Y%m%d}"
        if CorrectionsActivity.objects.filter(unit=county, number=number).exists():
            continue
        category, theme = ACTIVITIES[n % len(ACTIVITIES)]
        actions.register_activity(
            officer, unit=county, number=number, held_date=held, category=category,
            theme=theme, person_times=20 + n % 5 * 3,
        )  # fmt: skip
        added += 1
    return added
