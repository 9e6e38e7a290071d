"""Demo records for `manage.py demo`.

Three past years (2023–2025) written through the importer, such that 2024 holds the reference
report's figures: 72 主要负责人 reported on their rule-of-law duties (述法), and the review
rounds found problems in files of 14 departments, which were urged to rectify (all did).

Then a county review round of last quarter with findings, some rectified, some open around
today, and a few 述法. Re-running adds nothing."""

import datetime

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new

from . import actions
from .models import CaseFileReview, LawReport

COUNTY = "433126"
OFFICER = "fazhi"

# serial, department code, file, 执法类别, score, problems, deadline (days after review), rectified
FILES = [
    ("1", "433126-E01", "治安管理处罚案卷", "penalty", 93, "", None, False),
    ("2", "433126-E01", "道路交通违法处罚案卷", "penalty", 78, "未告知陈述申辩权利", 30, True),
    ("3", "433126-E02", "食品安全行政处罚案卷", "penalty", 85, "证据目录不完整", 30, False),
    ("4", "433126-E02", "营业执照许可案卷", "licensing", 95, "", None, False),
    (
        "5",
        "433126-E03",
        "土地违法查封案卷",
        "coercion",
        55,
        "未制作现场笔录；送达程序不规范",
        45,
        False,
    ),
    ("6", "433126-E05", "占道经营检查案卷", "inspection", 88, "", None, False),
]
REPORTS = [
    ("1", "龙某", "局长", "古丈县公安局", "meeting", "good"),
    ("2", "田某", "局长", "古丈县市场监督管理局", "meeting", "fairly_good"),
    ("3", "向某", "局长", "古丈县自然资源局", "written", "good"),
]


DEPARTMENTS = [f"{COUNTY}-E{n:02d}" for n in range(1, 16)]
# Departments with problem files in a year's rounds: the first n of DEPARTMENTS.
WITH_PROBLEMS = {2023: 11, 2024: 14, 2025: 12}
ROUNDS = [("县级评查", 6, 12), ("州级评查", 10, 22)]  # batch, month, day
FILE_KINDS = [
    ("行政处罚案卷", "penalty"), ("行政许可案卷", "licensing"), ("行政强制案卷", "coercion"),
    ("行政检查案卷", "inspection"),
]  # fmt: skip
PROBLEMS = [
    "未告知陈述申辩权利", "证据目录不完整", "送达程序不规范", "法律适用不准确",
    "未制作现场笔录", "自由裁量未说明理由",
]  # fmt: skip
# 述法: people of the county's towns and departments, two of each (Party and government).
TOWNS = ["古阳镇", "默戎镇", "断龙山镇", "红石林镇", "岩头寨镇", "坪坝镇", "高峰镇"]
AGENCIES = [
    "公安局", "市场监督管理局", "自然资源局", "农业农村局", "城市管理和综合执法局",
    "交通运输局", "卫生健康局", "住房和城乡建设局", "应急管理局", "人力资源和社会保障局",
    "文化旅游广电体育局", "林业局", "水利局", "教育局", "发展和改革局", "财政局", "民政局",
    "司法局", "商务局", "统计局", "审计局", "医疗保障局", "退役军人事务局", "乡村振兴局",
    "民族宗教事务局", "税务局", "人民政府办公室", "工业和信息化局", "档案馆",
    "融媒体中心", "科学技术局",
]  # fmt: skip
REPORTERS = {2023: 64, 2024: 72, 2025: 75}
SURNAMES = "向彭田龙张石王李杨吴刘黄周胡梁符麻滕"


def review_plan(year: int) -> list[dict]:
    plan = []
    for r, (batch, month, day) in enumerate(ROUNDS):
        reviewed = datetime.date(year, month, day)
        for d, code in enumerate(DEPARTMENTS):
            # Each round finds problems in half of the departments that have some this year,
            # alternately, so every one of them is urged at least once.
            problem = d < WITH_PROBLEMS[year] and (d + r) % 2 == 0
            problem = problem or (d < WITH_PROBLEMS[year] and d == WITH_PROBLEMS[year] - 1)
            name, kind = FILE_KINDS[(d + r) % len(FILE_KINDS)]
            n = len(plan) + 1
            facts = {
                "number": f"古评〔{year}〕{n:03d}号",
                "unit": COUNTY,
                "batch": f"{year}年{batch}",
                "reviewed_unit_code": code,
                "file_name": name,
                "enforcement_type": kind,
                "review_date": reviewed,
                "score": 62 + (d * 7 + r * 3) % 24 if problem else 88 + (d + r) % 10,
            }
            if problem:
                deadline = reviewed + datetime.timedelta(days=30)
                facts.update(
                    problems=PROBLEMS[(d + r) % len(PROBLEMS)],
                    rectification_deadline=deadline,
                    rectified_date=deadline - datetime.timedelta(days=3 + d % 10),
                )
            plan.append(facts)
    return plan


def _people() -> list[tuple[str, str, str]]:
    people = []
    for n, town in enumerate(TOWNS):
        people.append((SURNAMES[n % 18] + "某", "镇党委书记", f"{town}党委"))
        people.append((SURNAMES[(n + 7) % 18] + "某", "镇长", f"{town}人民政府"))
    for n, agency in enumerate(AGENCIES):
        people.append((SURNAMES[(n + 3) % 18] + "某", "党组书记", f"古丈县{agency}"))
        people.append((SURNAMES[(n + 11) % 18] + "某某", "主要负责人", f"古丈县{agency}"))
    return people


def report_plan(year: int) -> list[dict]:
    """述法 early in the year (January to March), at the assessment meetings or in writing."""
    count = REPORTERS[year]
    plan = []
    for n, (reporter, title, unit_name) in enumerate(_people()[:count]):
        plan.append(
            {
                "number": f"古述〔{year}〕{n + 1:03d}号",
                "unit": COUNTY,
                "reporter": reporter,
                "title": title,
                "unit_name": unit_name,
                "report_date": datetime.date(year, 1 + n % 3, 10 + n % 15),
                "mode": "meeting" if n % 4 == 0 else "written",
                "rating": ("good", "good", "fairly_good", "average")[n % 4],
            }
        )
    return plan


def load(today: datetime.date) -> int:
    added = sum(import_new("case_file_review", review_plan(y)) for y in WITH_PROBLEMS)
    added += sum(import_new("law_report", report_plan(year)) for year in REPORTERS)
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    reviewed = today - datetime.timedelta(days=40)
    batch = f"{reviewed.year}年县级评查"
    added = 0
    for serial, code, name, kind, score, problems, days, rectified in FILES:
        number = f"古评〔{reviewed.year}〕{serial}号"
        if CaseFileReview.objects.filter(unit=unit, number=number).exists():
            continue
        review = actions.register_case(
            officer,
            unit=unit,
            number=number,
            batch=batch,
            reviewed_unit_code=code,
            file_name=name,
            enforcement_type=kind,
            review_date=reviewed,
            score=score,
            problems=problems,
            rectification_deadline=reviewed + datetime.timedelta(days=days) if days else None,
        )
        if rectified:
            actions.record_rectification(officer, review, reviewed + datetime.timedelta(days=20))
        added += 1
    for serial, reporter, title, unit_name, mode, rating in REPORTS:
        number = f"古述〔{reviewed.year}〕{serial}号"
        if LawReport.objects.filter(unit=unit, number=number).exists():
            continue
        actions.register_report(
            officer,
            unit=unit,
            number=number,
            reporter=reporter,
            title=title,
            unit_name=unit_name,
            report_date=reviewed,
            mode=mode,
            rating=rating,
        )
        added += 1
    return added
