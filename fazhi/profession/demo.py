"""Demo records for `manage.py demo`: 古丈县's 法律服务队伍 (all names fictional).

- orgs in practice: three 律师事务所 (one set up last year), the 公证处, two 基层法律服务所 (one
  set up last year); and two ended last year: a 个人所 注销 (its lawyer moved to another firm)
  and a 法律服务所 注销 on its merger;
- 27 practitioners: lawyers of the firms, 公职 and 公司 lawyers without a firm, 公证员,
  基层法律服务工作者; two licensed last year, one this year; one lawyer 停止执业 (a penalty), one
  lawyer and one worker 注销 last year;
- the 年度考核 of the two latest years whose deadline has passed for each kind
  (rules.watched_year and the one before), for everyone due but one lawyer in the latest, whom
  the board lists 未按期考核 (the lawyer licensed this year is not due yet); two rows of each
  year's 律协 sheet name lawyers of other counties and are kept, flagged 未匹配.
Orgs, practitioners and assessments go through the importer, the steps through the actions.
Re-running adds nothing."""

import datetime

from fazhi.imports.demo_records import COUNTY, id_number, import_new

from . import actions, rules
from .models import LegalPractitioner, LegalServiceOrg, PractitionerKind, StatusChange, SubjectKind

D = datetime.date
DAY = datetime.timedelta(days=1)
SETTINGS = rules.DEFAULT_SETTINGS
LAST = -1  # a year given as LAST is last year (of the demo's today), with a month and day

# Digits (a 统一社会信用代码's check character at most): no page shows a Latin word.
FIRM_A, FIRM_B = "314300006895126011", "314300006895126022"
FIRM_C, FIRM_D = "31430000689512603X", "314300006895126044"
NOTARY_OFFICE = "4331260000000001"
OFFICE_A, OFFICE_B, OFFICE_C = "43312620050601", "43312620250512", "43312620060318"

# number, name, kind, form, head, licensed (a date, or (LAST, month, day)), address
ORGS = [
    (
        FIRM_A,
        "湖南湘古律师事务所",
        "law_firm",
        "general",
        "田明远",
        D(2009, 3, 16),
        "古阳镇红星路18号",
    ),
    (
        FIRM_B,
        "湖南古阳律师事务所",
        "law_firm",
        "general",
        "向清和",
        D(2014, 7, 8),
        "古阳镇古阳路6号",
    ),
    (
        FIRM_C,
        "湖南红石林律师事务所",
        "law_firm",
        "sole",
        "彭立新",
        D(2017, 5, 22),
        "红石林镇集镇街3号",
    ),
    (
        FIRM_D,
        "湖南酉水律师事务所",
        "law_firm",
        "special",
        "符春兰",
        (LAST, 4, 15),
        "古阳镇酉水路21号",
    ),
    (
        NOTARY_OFFICE,
        "湖南省古丈县公证处",
        "notary_office",
        "",
        "龙秀英",
        D(2002, 1, 10),
        "古阳镇和平路2号",
    ),
    (
        OFFICE_A,
        "古丈县古阳镇法律服务所",
        "grassroots_office",
        "",
        "张德贵",
        D(2005, 6, 1),
        "古阳镇新街9号",
    ),
    (
        OFFICE_B,
        "古丈县默戎镇法律服务所",
        "grassroots_office",
        "",
        "石光荣",
        (LAST, 5, 12),
        "默戎镇老街5号",
    ),
    (
        OFFICE_C,
        "古丈县红石林镇法律服务所",
        "grassroots_office",
        "",
        "向德明",
        D(2006, 3, 18),
        "红石林镇老街1号",
    ),
]

# name, gender, kind, lawyer kind, org, licensed (a year: its 1 June; or (LAST, month, day))
PEOPLE = [
    ("田明远", "male", "lawyer", "full_time", FIRM_A, 2009),
    ("向小梅", "female", "lawyer", "full_time", FIRM_A, 2011),
    ("杨志刚", "male", "lawyer", "full_time", FIRM_A, 2013),
    ("吴雪莲", "female", "lawyer", "full_time", FIRM_A, 2015),
    ("滕文华", "male", "lawyer", "full_time", FIRM_A, 2016),  # not assessed: the board lists him
    ("周晓燕", "female", "lawyer", "part_time", FIRM_A, 2018),
    ("彭立新", "male", "lawyer", "full_time", FIRM_A, 2017),  # from the firm 注销, moved here
    ("向清和", "male", "lawyer", "full_time", FIRM_B, 2012),
    ("龙海波", "male", "lawyer", "full_time", FIRM_B, 2019),  # 停止执业
    ("麻秋菊", "female", "lawyer", "legal_aid", FIRM_B, 2020),
    ("宋建军", "male", "lawyer", "full_time", FIRM_B, 2014),  # 注销 last year
    ("符春兰", "female", "lawyer", "full_time", FIRM_D, 2016),
    ("欧阳峰", "male", "lawyer", "full_time", FIRM_D, (LAST, 5, 20)),
    ("彭雨欣", "female", "lawyer", "full_time", FIRM_D, (LAST, 6, 18)),
    ("田思远", "male", "lawyer", "public", "", 2019),
    ("向红梅", "female", "lawyer", "public", "", 2020),
    ("唐国平", "male", "lawyer", "public", "", 2021),
    ("姚丽娟", "female", "lawyer", "corporate", "", 2021),
    ("龙秀英", "female", "notary", "", NOTARY_OFFICE, 2002),
    ("梁永胜", "male", "notary", "", NOTARY_OFFICE, 2010),
    ("贾小芳", "female", "notary", "", NOTARY_OFFICE, 2016),
    ("张德贵", "male", "grassroots_worker", "", OFFICE_A, 2005),
    ("李桂香", "female", "grassroots_worker", "", OFFICE_A, 2009),
    ("杨光明", "male", "grassroots_worker", "", OFFICE_A, 2012),
    ("石光荣", "male", "grassroots_worker", "", OFFICE_B, 2008),  # from the office merged
    ("胡春燕", "female", "grassroots_worker", "", OFFICE_B, 2013),
    ("向德明", "male", "grassroots_worker", "", OFFICE_C, 2006),  # retired: 注销 last year
]
NEW_LAWYER = ("谭晓宇", "male", "lawyer", "full_time", FIRM_B)
NOT_ASSESSED = "滕文华"
SUSPENDED = "龙海波"
# 基本称职 and 不称职 among the practitioners, 不合格 among the orgs: the results' figures.
RESULTS = {"周晓燕": "basically_competent", "杨光明": "incompetent", OFFICE_A: "failed"}
# Lawyers of other counties on the 律协's sheet: kept, flagged 未匹配.
STRANGERS = [("覃某（吉首市）", 2015, 91), ("石某（花垣县）", 2017, 92)]
PREFIX = {"lawyer": "1", "notary": "2", "grassroots_worker": "3"}
ASSESSORS = {
    "law_firm": "湘西州司法局",
    "lawyer": "湘西州律师协会",
    "notary_office": "古丈县司法局",
    "notary": "古丈县司法局",
    "grassroots_office": "古丈县司法局",
    "grassroots_worker": "古丈县司法局",
}


def _day(when, today: datetime.date) -> datetime.date:
    if isinstance(when, datetime.date):
        return when
    if isinstance(when, int):
        return D(when, 6, 1)
    _, month, day = when
    return D(today.year - 1, month, day)


def practitioner_number(kind: str, year: int, serial: int) -> str:
    """A 17-digit 执业证号 of 古丈县 (fictional): kind, the year licensed, a serial."""
    return f"{PREFIX[kind]}4331{year}{serial:08d}"


def _person(serial, name, gender, kind, lawyer_kind, org, licensed) -> dict:
    birth = D(1965 + serial % 25, 1 + serial % 12, 1 + serial % 27)
    return {
        "number": practitioner_number(kind, licensed.year, serial),
        "name": name,
        "id_number": id_number(birth, 300 + serial),
        "gender": gender,
        "kind": kind,
        "lawyer_kind": lawyer_kind,
        "org_number": org,
        "first_practice_date": licensed,
        "licensed_date": licensed,
        "unit": COUNTY,
    }


def _people(today: datetime.date) -> list[dict]:
    rows = [
        _person(serial, name, gender, kind, lawyer_kind, org, _day(licensed, today))
        for serial, (name, gender, kind, lawyer_kind, org, licensed) in enumerate(PEOPLE, 1)
    ]
    # Licensed this year (before today): not due for an assessment yet.
    licensed = max(today - 30 * DAY, D(today.year, 1, 1))
    rows.append(_person(len(PEOPLE) + 1, *NEW_LAWYER, licensed))
    return rows


def _orgs(today: datetime.date) -> list[dict]:
    return [
        {
            "number": number,
            "name": name,
            "kind": kind,
            "firm_form": form,
            "head": head,
            "licensed_date": _day(licensed, today),
            "address": f"古丈县{address}",
            "unit": COUNTY,
        }
        for number, name, kind, form, head, licensed, address in ORGS
    ]


# The steps: (org number or practitioner name, step, when, reason, 文号).
def _steps(today: datetime.date) -> list[tuple]:
    last = today.year - 1
    return [
        (
            FIRM_C,
            "cancel",
            D(last, 6, 20),
            "律师事务所自行解散，清算结束后申请注销",
            f"湘司律注〔{last}〕3号",
        ),
        (
            OFFICE_C,
            "cancel",
            D(last, 11, 3),
            "并入默戎镇法律服务所，申请注销",
            f"古司发〔{last}〕12号",
        ),
        ("宋建军", "cancel", D(last, 4, 10), "本人申请注销律师执业证书", ""),
        ("向德明", "cancel", D(last, 10, 28), "退休，申请注销执业证", ""),
        (
            SUSPENDED,
            "suspend",
            max(today - 40 * DAY, D(today.year, 1, 1)),
            "违反律师执业规范，受到停止执业四个月的行政处罚",
            f"湘西司罚〔{today.year}〕2号",
        ),
    ]


def _ended_by(today: datetime.date) -> dict[str, datetime.date]:
    """Who ended when (by org number or person's name): not assessed for a year begun after."""
    return {key: day for key, step, day, _, _ in _steps(today) if step == "cancel"}


def _assessments(today: datetime.date, orgs: list[dict], people: list[dict]) -> list[dict]:
    """Each kind's watched year's assessment and the year before's, each done a fortnight
    before its deadline, of those licensed by the year's end and not ended by then."""
    ended = _ended_by(today)
    rows = []

    def add(subject_kind, kind, number, name, licensed, passed, back: int):
        year = rules.watched_year(kind, today, SETTINGS) - back
        day = rules.assessment_due(kind, year, SETTINGS) - 14 * DAY
        end = ended.get(number) or ended.get(name)
        if licensed > D(year, 12, 31) or (end is not None and end < day):
            return
        result = RESULTS.get(number) or RESULTS.get(name) or passed
        serial = len(rows) + 1
        rows.append(
            {
                "number": f"古考{year}-{serial:03d}",
                "year": year,
                "subject_kind": subject_kind,
                "subject_number": number,
                "subject_name": name,
                "result": result,
                "assessed_date": day,
                "assessor": ASSESSORS[kind],
                "note": "",
                "unit": COUNTY,
            }
        )

    for back in (1, 0):
        for org in orgs:
            number, kind = org["number"], org["kind"]
            add(SubjectKind.ORG, kind, number, org["name"], org["licensed_date"], "passed", back)
        for person in people:
            if person["name"] == NOT_ASSESSED and back == 0:
                continue
            add(
                SubjectKind.PRACTITIONER,
                person["kind"],
                person["number"],
                person["name"],
                person["licensed_date"],
                "competent",
                back,
            )
        for name, year, serial in STRANGERS:
            number = practitioner_number("lawyer", year, serial)
            add(
                SubjectKind.PRACTITIONER,
                PractitionerKind.LAWYER,
                number,
                name,
                D(year, 6, 1),
                "competent",
                back,
            )
    return rows


def load(today: datetime.date) -> int:
    orgs, people = _orgs(today), _people(today)
    added = import_new("legal_service_org", orgs)
    added += import_new("legal_practitioner", people)
    added += import_new("practitioner_assessment", _assessments(today, orgs, people))
    for key, step, day, reason, document in _steps(today):
        records = LegalServiceOrg.objects.filter(number=key) or LegalPractitioner.objects.filter(
            name=key
        )
        record = records.get(unit__code=COUNTY)
        subject = "org" if isinstance(record, LegalServiceOrg) else "practitioner"
        if StatusChange.objects.filter(**{subject: record}).exists():
            continue
        actions.take_step(None, record, step, day, reason=reason, document_number=document)
        added += 1
    return added
