"""Demo rosters of 古丈县's twenty departments (433126-E01 … E20) and a year of training.

Each department has 14 officers in 编制 with a card and one 辅助人员 without: 300 in all. The
i-th officer of department Enn holds card 43126nn000i (i = 1 … 14), issued over the last four
years and reviewed each year as due, so that officers 1 … 9 of every department hold a card
valid today. The rules show on a few:

- E03 No.14: card expired some weeks ago, not renewed (到期未换证);
- E02 No.13: 年审 missed;
- E02 No.12 and E05 No.12: cards expiring within 60 days;
- next year's 申领换发 opened: E02's holders have applied, one holder of E06 … E20 renewed;
- E02 No.11: no longer in post, card not yet cancelled (非在岗持证);
- E04 No.10: card suspended (暂扣) until next month;
- E06 No.14: card renewed this year (old card 注销, new one 43126065014);
- E01 … E03: exams recorded; three training sessions a year (2024, 2025 and this year), which
  the officers whose number is a multiple of 7 partly missed (below 60 学时), and one attendee
  of this year's first session matched to no roster.

Records are written through the importer (the roster, the sign-in sheets) and the actions (the
cards' 年审, 暂扣 and renewal, the exams), as officers would.
"""

import datetime
from decimal import Decimal

from fazhi.core.models import Unit
from fazhi.imports.demo_records import id_number, import_new

from . import actions, campaign, rules
from .models import Certificate, EnforcementOfficer, Staffing, TrainingCategory

COUNTY = "433126"
DEPARTMENTS = [f"{COUNTY}-E{n:02}" for n in range(1, 21)]
PER_DEPARTMENT = 14  # officers in 编制 with a card; one 辅助人员 more
CATEGORIES = [
    "公安",
    "市场监管",
    "自然资源",
    "农业农村",
    "城市管理",
    "生态环境",
    "交通运输",
    "卫生健康",
    "住房城乡建设",
    "应急管理",
    "人力资源社会保障",
    "文化旅游",
    "林业",
    "水利",
    "教育",
    "医疗保障",
    "统计",
    "民政",
    "商务",
    "发展改革",
]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉鹏飞宇浩然俊峰"
D = datetime.date


def card_number(department: int, serial: int) -> str:
    return f"43126{department:02}{serial:04}"


def _name(department: int, serial: int) -> str:
    n = department * 31 + serial * 7
    return (
        SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 3) % len(GIVEN)] + GIVEN[(n * 5 + 1) % len(GIVEN)]
    )


def _issued(today: datetime.date, department: int, serial: int) -> datetime.date:
    """Spread over the last four years, the newest a month ago."""
    days = 30 + ((department * 53 + serial * 97) % (4 * 365 - 30))
    return today - datetime.timedelta(days=days)


def _special_issue(today, department, serial) -> datetime.date | None:
    """The issue dates that put the rules on show (module docstring)."""
    five_years = rules.add_years(today, -5)
    if (department, serial) == (3, 14):
        return five_years - datetime.timedelta(days=25)  # expired 26 days ago
    if (department, serial) == (2, 12):
        return five_years + datetime.timedelta(days=21)  # expires in 20 days
    if (department, serial) == (5, 12):
        return five_years + datetime.timedelta(days=46)  # expires in 45 days
    if (department, serial) == (2, 13):
        return rules.add_years(today, -2)
    return None


def officer_plan(today: datetime.date) -> list[dict]:
    plan = []
    for department, code in enumerate(DEPARTMENTS, start=1):
        category = CATEGORIES[department - 1]
        for serial in range(1, PER_DEPARTMENT + 2):
            auxiliary = serial == PER_DEPARTMENT + 1
            issued = _special_issue(today, department, serial) or _issued(today, department, serial)
            row = {
                "unit": code,
                "number": f"{code[-3:]}-{serial:03}",
                **_attendee(department, serial),
                "post": "执法辅助岗位" if auxiliary else "行政执法岗位",
                "in_post": (department, serial) != (2, 11),
                "staffing": Staffing.AUXILIARY
                if auxiliary
                else (Staffing.INSTITUTIONAL if serial % 5 == 0 else Staffing.ADMINISTRATIVE),
                "enforcement_category": category,
                "enforcement_area": "古丈县",
            }
            if not auxiliary:
                row.update(
                    card_number=card_number(department, serial),
                    card_issuer="湖南省人民政府",
                    card_issued_date=issued,
                    card_state="valid",
                )
            plan.append(row)
    return plan


def _review_cards(today: datetime.date) -> None:
    """A passed 年审 for each card in force whose review is due, but E02 No.13's."""
    settings = rules.DEFAULT_SETTINGS
    skipped = card_number(2, 13)
    officers = {
        o.card_number: o
        for o in EnforcementOfficer.objects.filter(unit__code__in=DEPARTMENTS).exclude(
            card_number=""
        )
    }
    cards = Certificate.objects.filter(number__in=list(officers))
    for card in cards:
        year = rules.review_year_due(card, today, settings)
        if year is None or card.number == skipped or card.last_passed_review:
            continue
        if rules.state_on(card, today) not in ("valid", "suspended"):
            continue
        day = min(D(year, 3, 10 + card.pk % 15), today)
        actions.change_card(None, officers[card.number], "reviewed", day, result="passed")


def _by_card(number) -> EnforcementOfficer:
    return EnforcementOfficer.objects.get(card_number=number)


def _sanctions_and_renewal(today: datetime.date) -> None:
    actions.change_card(
        None,
        _by_card(card_number(4, 10)),
        "suspended",
        today - datetime.timedelta(days=20),
        until=today + datetime.timedelta(days=40),
        reason="执法过错责任追究，暂扣执法证件",
        document_number=f"古司发〔{today.year}〕12号",
    )
    renewed = _by_card(card_number(6, 14))
    actions.update_officer(
        None,
        renewed,
        card_number=card_number(6, 5014),
        card_issued_date=max(D(today.year, 1, 15), renewed.card_issued_date),
        card_valid_until=None,
    )


def _exams(today: datetime.date) -> None:
    for department in (1, 2, 3):
        for serial in (1, 2, 3):
            officer = _by_card(card_number(department, serial))
            day = officer.card_issued_date - datetime.timedelta(days=40)
            actions.record_exam(None, officer, date=day, kind="general", score=70 + serial * 5)
            actions.record_exam(
                None, officer, date=day + datetime.timedelta(days=7), kind="special", score=80
            )


SESSIONS = (
    ("001", "行政处罚法、行政许可法专题培训", TrainingCategory.PUBLIC, Decimal("24")),
    ("002", "本系统执法业务法律法规培训", TrainingCategory.PROFESSIONAL, Decimal("24")),
    ("003", "行政执法文书制作与现场执法技能培训", TrainingCategory.SKILLS, Decimal("16")),
)


PAST_YEARS = (2024, 2025)  # the dashboard's years, whatever today is
PAST_DAYS = ((3, 18), (6, 12), (11, 6))


def _attendee(department: int, serial: int) -> dict:
    return {
        "name": _name(department, serial),
        "id_number": id_number(
            D(1970 + serial * 2, department % 12 + 1, 10), department * 50 + serial
        ),
    }


def _stranger(n: int) -> dict:
    return {"name": "外聘人员", "id_number": id_number(D(1990, 6, 1), 990 + n)}


def session_plan(year: int, held: list[datetime.date], strangers: int) -> list[dict]:
    """A year's three county sessions, each attended by the officers in post (the third not by
    those whose number is a multiple of 7), and E02's sheet of the first `strangers` sessions
    with one person matched to no roster."""
    plan = []
    for s, (suffix, topic, category, hours) in enumerate(SESSIONS):
        session = {
            "session_number": f"古培{year}{suffix}",
            "held_date": held[s],
            "topic": topic,
            "hours": hours,
            "organiser": "古丈县司法局",
            "category": category,
        }
        for department, code in enumerate(DEPARTMENTS, start=1):
            for serial in range(1, PER_DEPARTMENT + 1):
                if (department, serial) == (2, 11) or (s == 2 and serial % 7 == 0):
                    continue
                number = f"古培{year}{suffix}-{department:02}{serial:02}"
                plan.append(
                    {"unit": code, "number": number, **session, **_attendee(department, serial)}
                )
        if s < strangers:
            number = f"古培{year}{suffix}-0299"
            plan.append({"unit": DEPARTMENTS[1], "number": number, **session, **_stranger(s)})
    return plan


def training_plan(today: datetime.date) -> list[dict]:
    """Three sessions a year: in each past year of the dashboard (one stranger at each), and
    this year (one stranger in all)."""
    plan = []
    for year in PAST_YEARS:
        if year < today.year:
            plan += session_plan(year, [D(year, m, d) for m, d in PAST_DAYS], strangers=3)
    year = today.year if today >= D(today.year, 3, 1) else today.year - 1
    if year in PAST_YEARS:
        return plan
    last = min(today - datetime.timedelta(days=1), D(year, 12, 31))
    span = max((last - D(year, 1, 10)).days, 3)
    held = [D(year, 1, 10) + datetime.timedelta(days=span * (s + 1) // 4) for s in range(3)]
    return plan + session_plan(year, held, strangers=1)


def _campaign(today: datetime.date) -> None:
    """Next year's 申领换发 opened by the county; E02's holders have applied, and one holder of
    a later department (E06 …, whose cards no other demo counts on) has passed the exam and
    been issued his new card."""
    county = Unit.objects.get(code=COUNTY)
    year = today.year + 1
    made = campaign.open_campaign(None, county, year, D(year, 12, 31))
    entries = made.entries.select_related("officer")
    e02 = entries.filter(officer__unit__code=DEPARTMENTS[1])
    campaign.record_applications(None, made, e02.values_list("pk", flat=True), today)
    later = entries.filter(officer__unit__code__in=DEPARTMENTS[5:], officer__in_post=True)
    entry = later.order_by("certificate__valid_until").first()
    if entry is None:
        return
    officer = entry.officer
    campaign.record_applications(None, made, [entry.pk], today)
    actions.record_exam(None, officer, date=today, kind="general", score=86)
    department, serial = int(officer.unit.code[-2:]), int(officer.number[-3:])
    actions.update_officer(
        None,
        officer,
        card_number=card_number(department, 5000 + serial),
        card_issued_date=today,
        card_valid_until=None,
    )


def load(today: datetime.date) -> int:
    added = import_new("enforcement_officer", officer_plan(today))
    if added:
        _review_cards(today)
        _sanctions_and_renewal(today)
        _exams(today)
        _campaign(today)
    return added + import_new("enforcement_training", training_plan(today))
