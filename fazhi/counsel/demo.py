"""Demo 法律顾问 for `manage.py demo`: last year's and this year's 台账 of 古丈县.

- the county government's 法律顾问团: 15 members (lawyers of three firms, two scholars, the
  bureau's own staff), engaged for three years; one member leaves after last year and another
  joins this year;
- an outside lawyer as 法律顾问 of each of four townships, one of whose engagements ends within
  the board's 30 days, and one that ended earlier this year while he is still on this year's
  list (when that day still falls in this year);
- 20 公职律师 in ten units: the bureau, its 法律援助中心, seven departments and 古阳镇.

Each row states the year's work; this year's counts are the year so far. Written through the
importer; re-running adds nothing (numbers already there are skipped).
"""

import datetime

from fazhi.imports.demo_records import import_new

COUNTY = "433126"
D = datetime.date
FIRMS = ("湖南武陵律师事务所", "湖南酉水律师事务所", "湖南栖凤律师事务所")
SCHOLARS = "吉首大学法学与公共管理学院"
BUREAU = "古丈县司法局"

# The 法律顾问团: name, employer, licence kind ("lawyer", "scholar", "staff"), serving in
# last year / this year.
PANEL = [
    ("向明辉", FIRMS[0], "lawyer", True, True),
    ("彭丽华", FIRMS[0], "lawyer", True, True),
    ("田志刚", FIRMS[0], "lawyer", True, True),
    ("龙晓梅", FIRMS[1], "lawyer", True, True),
    ("张建军", FIRMS[1], "lawyer", True, True),
    ("石红英", FIRMS[1], "lawyer", True, True),
    ("杨光明", FIRMS[2], "lawyer", True, True),
    ("梁海燕", FIRMS[2], "lawyer", True, True),
    ("符德胜", FIRMS[2], "lawyer", True, False),  # left after last year
    ("吴静怡", FIRMS[2], "lawyer", False, True),  # joined this year
    ("黄清源", SCHOLARS, "scholar", True, True),
    ("刘芳菲", SCHOLARS, "scholar", True, True),
    ("宋立新", BUREAU, "staff", True, True),
    ("滕春燕", BUREAU, "staff", True, True),
    ("舒文斌", BUREAU, "staff", True, True),
    ("麻永红", BUREAU, "staff", True, True),
]

# Townships' advisers: name, firm, unit, how the engagement ends ("term": in a year and a half,
# "soon": within the board's window, "ended": earlier this year).
TOWNSHIP_ADVISERS = [
    ("向东海", FIRMS[0], "433126-Z01", "term"),
    ("彭思远", FIRMS[1], "433126-Z02", "soon"),
    ("田雨晴", FIRMS[2], "433126-Z03", "term"),
    ("龙正阳", FIRMS[1], "433126-Z06", "ended"),
]

# 公职律师: unit served (their employer), names.
PUBLIC_LAWYERS = [
    (COUNTY, ("宋立新", "王晓丽")),
    ("433126-FY", ("向荣", "杨雪梅", "田甜")),
    ("433126-E01", ("石磊", "龙飞")),
    ("433126-E02", ("彭晓燕", "吴刚")),
    ("433126-E03", ("张琳", "李娜")),
    ("433126-E05", ("刘洋", "符晓东")),
    ("433126-E07", ("杨帆", "田野")),
    ("433126-E09", ("黄雅琴", "滕飞")),
    ("433126-E11", ("麻丽",)),
    ("433126-Z01", ("石秀英", "向前进")),
]
UNIT_NAMES = {
    COUNTY: BUREAU,
    "433126-FY": "古丈县法律援助中心",
    "433126-E01": "古丈县公安局",
    "433126-E02": "古丈县市场监督管理局",
    "433126-E03": "古丈县自然资源局",
    "433126-E05": "古丈县城市管理和综合执法局",
    "433126-E07": "古丈县交通运输局",
    "433126-E09": "古丈县住房和城乡建设局",
    "433126-E11": "古丈县人力资源和社会保障局",
    "433126-Z01": "古阳镇人民政府",
}

# A panel member's year of work: 审查合同, 出具法律意见, 参与诉讼和仲裁, 列席会议, 其他 — about
# 45 件次 each, so a year's 团 does some 700 (the reference report: “17人，718件次”).
PANEL_WORK = (14, 12, 3, 10, 6)
TOWNSHIP_WORK = (8, 5, 2, 6, 4)
PUBLIC_LAWYER_WORK = (20, 9, 2, 5, 3)


def _licence(kind: str, serial: int, since: int) -> str:
    """A 17-digit 执业证号 (律师) or 公职律师证号; none for a scholar."""
    if kind == "scholar":
        return ""
    first = "1" if kind == "lawyer" else "3"
    return f"{first}4331{since}{serial % 2}{serial:07d}"[:17]


def _work(base: tuple, serial: int, share: float) -> dict:
    fields = ("contracts_reviewed", "opinions_issued", "cases_handled", "meetings_attended")
    fields += ("other_matters",)
    return {
        field: round((count + (serial * (n + 3)) % 5) * share)
        for n, (field, count) in enumerate(zip(fields, base, strict=True))
    }


def plan(today: datetime.date) -> list[dict]:
    this, last = today.year, today.year - 1
    # This year's counts are the year so far.
    share = {last: 1.0, this: (today - D(this, 1, 1)).days / 365}
    panel_term = (D(this - 2, 3, 1), D(this + 1, 2, 28))
    rows, serial = [], {last: 0, this: 0}

    def row(year, **facts):
        serial[year] += 1
        number = f"古法顾〔{year}〕{serial[year]:03d}号"
        rows.append({"unit": COUNTY, "number": number, "year": year, **facts})

    for n, (name, employer, kind, in_last, in_this) in enumerate(PANEL):
        start = panel_term[0] if in_last else D(this, 1, 1)
        for year, serving in ((last, in_last), (this, in_this)):
            if not serving or start > today:
                continue
            row(
                year,
                name=name,
                category="government_counsel",
                on_county_panel=True,
                employer=employer,
                licence_number=_licence(kind, 100 + n, 2010 + n % 8),
                served_unit_code=COUNTY,
                start_date=start,
                end_date=panel_term[1] if in_this else D(last, 12, 31),
                **_work(PANEL_WORK, n, share[year]),
            )
    ends = {
        "term": D(this + 1, 6, 30),
        "soon": today + datetime.timedelta(days=20),
        "ended": today - datetime.timedelta(days=10),
    }
    for n, (name, employer, code, end) in enumerate(TOWNSHIP_ADVISERS):
        if ends[end].year < this:
            continue  # early January: "ended earlier this year" cannot be shown yet
        for year in (last, this):
            row(
                year,
                name=name,
                category="government_counsel",
                on_county_panel=False,
                employer=employer,
                licence_number=_licence("lawyer", 200 + n, 2012 + n),
                served_unit_code=code,
                start_date=D(last - 1, 7, 1),
                end_date=ends[end],
                **_work(TOWNSHIP_WORK, n, share[year]),
            )
    n = 0
    for code, names in PUBLIC_LAWYERS:
        for name in names:
            n += 1
            for year in (last, this):
                row(
                    year,
                    name=name,
                    category="public_lawyer",
                    on_county_panel=False,
                    employer=UNIT_NAMES[code],
                    licence_number=_licence("public", 300 + n, 2016 + n % 6),
                    served_unit_code=code,
                    start_date=D(2016 + n % 6, 3 + n % 9, 1),
                    end_date=None,
                    **_work(PUBLIC_LAWYER_WORK, n, share[year]),
                )
    return rows


def load(today: datetime.date) -> int:
    return import_new("legal_adviser", plan(today))
