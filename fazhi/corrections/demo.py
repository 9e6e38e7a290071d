"""Demo 社区矫正 for `manage.py demo`: subjects across the county's 司法所 whose dates put
exactly 55 under supervision on 2024-12-31 (the reference report's figure), some released
since, some admitted in 2025, a few admitted lately — two late in reporting (漏管) and one out
of contact (脱管) on the board — and education activities: in 2024 the reference report's 3
主题教育, 1 团体心理辅导 and 8 集中学习课堂 with 536 person-times (500余人次), in 2023 and 2025
their like, and two a month over the last year. Subjects go through the officer's actions,
the activities of past years through the importer; re-running adds nothing.
"""

import datetime

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new, spread

from . import actions
from .models import CorrectionsActivity, CorrectionsSubject

COUNTY = "433126"
OFFICER = "jiaozheng"
OFFICES = [f"{COUNTY}-S0{n}" for n in range(1, 8)]
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


# A past year's activities: (category, theme, person-times), spread over the year in order.
YEAR_ACTIVITIES = {
    2023: [("classroom", "宪法学习", 40), ("themed_education", "法治教育", 46),
           ("classroom", "社区矫正法学习", 42), ("community_service", "公益劳动", 30),
           ("classroom", "民法典学习", 41), ("group_counselling", "情绪管理", 28),
           ("classroom", "道德讲堂", 39), ("classroom", "禁毒知识", 43),
           ("themed_education", "警示教育", 45), ("classroom", "反诈知识", 40),
           ("community_service", "植树护林", 26), ("classroom", "法律常识", 38)],
    # 3 主题教育, 1 团体心理辅导, 8 集中学习课堂: 536 人次.
    2024: [("classroom", "宪法学习", 44), ("themed_education", "民法典进社区", 48),
           ("classroom", "社区矫正法学习", 45), ("classroom", "安全生产知识", 44),
           ("group_counselling", "心理健康团体辅导", 32), ("classroom", "禁毒知识", 45),
           ("themed_education", "警示教育", 48), ("classroom", "反电信网络诈骗", 46),
           ("classroom", "道德讲堂", 44), ("themed_education", "宪法宣传周", 48),
           ("classroom", "法律常识", 46), ("classroom", "年终集中教育", 46)],
    2025: [("classroom", "宪法学习", 46), ("themed_education", "法治教育", 50),
           ("classroom", "社区矫正法学习", 47), ("group_counselling", "情绪管理", 30),
           ("classroom", "民法典学习", 46), ("vocational_training", "茶叶种植技术", 25),
           ("classroom", "禁毒知识", 45), ("themed_education", "警示教育", 50),
           ("classroom", "反诈知识", 47), ("group_counselling", "家庭关系", 28),
           ("classroom", "道德讲堂", 44), ("themed_education", "宪法宣传周", 49),
           ("classroom", "法律常识", 45)],
}  # fmt: skip
ADMITTED_2025 = 9


def activity_plan(year: int) -> list[dict]:
    activities = YEAR_ACTIVITIES[year]
    return [
        {
            "number": f"古矫教〔{year}〕{n + 1:03d}号",
            "unit": COUNTY,
            "held_date": spread(year, len(activities), n),
            "category": category,
            "theme": theme,
            "person_times": people,
        }
        for n, (category, theme, people) in enumerate(activities)
    ]


def _admitted_2025() -> list[dict]:
    """Admitted in 2025, two-year terms: under supervision since."""
    plans = []
    for i in range(ADMITTED_2025):
        start = spread(2025, ADMITTED_2025, i)
        end = D(start.year + 2, start.month, 1) - datetime.timedelta(days=1)
        plans.append(_facts(400 + i, ("probation", "parole")[i % 4 == 3], start, end))
    return plans


def load(today: datetime.date) -> int:
    added = sum(import_new("corrections_activity", activity_plan(y)) for y in YEAR_ACTIVITIES)
    return added + _load_subjects(today)


def _load_subjects(today: datetime.date) -> int:
    county = Unit.objects.get(code=COUNTY)
    offices = {u.code: u for u in Unit.objects.filter(code__in=OFFICES)}
    officer = User.objects.get(username=OFFICER)
    added = 0
    # New ones last: a subject keeps the 司法所 an earlier run gave it.
    for n, facts in enumerate(_plan(today) + _board_cases(today) + _admitted_2025()):
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
