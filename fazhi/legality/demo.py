"""Demo reviews and normative documents for `manage.py demo`.

Three past years (2023–2025) written through the importer, such that 2024 holds the reference
report's figures: 90 opinions (专项 and 退回 not counted) — 17 重大行政协议, 5 招商引资协议,
6 费用拨付文件 among them — and 8 normative documents reviewed for filing.

Then finished ones over the past year and open ones whose deadlines fall around today: dates
counted back from today, records through the officer's actions. Re-running adds nothing:
numbers already there are skipped.
"""

import datetime
import random

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new, pick, spread

from . import actions
from .models import LegalityReview, NormativeDocument

COUNTY = "433126"
OFFICER = "fazhi"

# serial, 送审单位, 事项名称, 审查类别, 专项, received (days ago), step (key, ago, 结论)
REVIEWS = [
    (
        "1",
        "古丈县自然资源局",
        "城区国有土地使用权出让合同",
        "major_agreement",
        False,
        300,
        ("issue", 290, "lawful_after_revision"),
    ),
    (
        "2",
        "古丈县商务局",
        "茶叶精深加工项目招商引资协议",
        "investment_agreement",
        False,
        250,
        ("issue", 240, "lawful"),
    ),
    (
        "3",
        "古丈县财政局",
        "乡村振兴专项资金拨付文件",
        "funding_document",
        False,
        200,
        ("issue", 185, "lawful"),
    ),
    (
        "4",
        "古丈县人民政府办公室",
        "城区停车管理办法（送审稿）",
        "normative_document",
        False,
        150,
        ("return", 148, ""),
    ),
    (
        "5",
        "古丈县住房和城乡建设局",
        "老旧小区改造实施方案",
        "major_decision",
        False,
        90,
        ("issue", 80, "unlawful"),
    ),
    (
        "6",
        "古丈县人民政府",
        "政府合同专项清理",
        "other_contract",
        True,
        60,
        ("issue", 40, "lawful"),
    ),
    ("7", "古丈县交通运输局", "客运站经营权转让协议", "major_agreement", False, 25, None),
    ("8", "古丈县教育局", "校车服务采购合同", "other_contract", False, 12, None),
    ("9", "古丈县人民政府", "城乡供水一体化决策", "major_decision", False, 3, None),
]

# serial, 文件名称, 制定机关, published (days ago), filed (days ago), reviewed (ago, 结论), 立项
DOCUMENTS = [
    ("1", "古丈县城乡居民最低生活保障实施办法", "古丈县人民政府", 320, 300, (280, "filed"), False),
    ("2", "古丈县农村宅基地管理办法", "古丈县人民政府", 260, 210, (190, "corrected"), True),
    ("3", "古丈县市容环境卫生管理规定", "古丈县人民政府办公室", 120, 100, (95, "rejected"), False),
    ("4", "古丈县茶产业扶持办法", "古丈县人民政府", 60, 40, None, False),
    ("5", "古丈县城区养犬管理规定", "古丈县人民政府办公室", 35, None, None, False),
]


SUBMITTERS = [
    "古丈县人民政府办公室", "古丈县发展和改革局", "古丈县财政局", "古丈县自然资源局",
    "古丈县住房和城乡建设局", "古丈县交通运输局", "古丈县商务局", "古丈县农业农村局",
    "古丈县教育局", "古丈县水利局", "古阳镇人民政府", "默戎镇人民政府",
]  # fmt: skip
SUBJECTS = {
    "major_decision": "重大行政决策", "normative_document": "规范性文件（送审稿）",
    "major_agreement": "合作协议", "investment_agreement": "招商引资协议",
    "funding_document": "资金拨付文件", "other_contract": "采购合同", "other": "事项",
}  # fmt: skip
# Opinions (not 专项) a year by 审查类别; then 专项 opinions and reviews returned unexamined.
OPINIONS = {
    2023: {"major_decision": 10, "normative_document": 13, "major_agreement": 14,
           "investment_agreement": 4, "funding_document": 5, "other_contract": 22, "other": 8},
    2024: {"major_decision": 12, "normative_document": 15, "major_agreement": 17,
           "investment_agreement": 5, "funding_document": 6, "other_contract": 25, "other": 10},
    2025: {"major_decision": 13, "normative_document": 14, "major_agreement": 19,
           "investment_agreement": 6, "funding_document": 8, "other_contract": 27, "other": 9},
}  # fmt: skip
SPECIAL, RETURNED = 6, 3
# Normative documents a year, all filed and reviewed within it; how many needed correction.
DOCUMENTS_A_YEAR = {2023: (7, 1), 2024: (8, 2), 2025: (9, 1)}
DOCUMENT_TOPICS = [
    "城乡居民医疗救助实施办法", "农村集体经营性建设用地入市管理办法", "城区户外广告设置管理规定",
    "茶叶产业高质量发展扶持办法", "农村危房改造补助资金管理办法", "城区物业管理实施细则",
    "森林防火管理规定", "中小学校舍安全管理办法", "就业创业补贴实施办法",
]  # fmt: skip


def review_plan(year: int) -> list[dict]:
    kinds = [(kind, False, "lawful") for kind, n in OPINIONS[year].items() for _ in range(n)]
    kinds += [("other_contract", True, "lawful")] * SPECIAL
    kinds += [("normative_document", False, "returned")] * RETURNED
    total = len(kinds)
    order = list(kinds)
    random.Random(year).shuffle(order)  # the categories interleaved over the year
    revised = pick(total, total // 4)
    plan = []
    for i, (category, special, conclusion) in enumerate(order):
        received = spread(year, total, i, end_day=10)
        if conclusion == "lawful" and i in revised:
            conclusion = "lawful_after_revision"
        submitter = SUBMITTERS[i % len(SUBMITTERS)]
        plan.append(
            {
                "number": f"古司合审〔{year}〕{i + 1:03d}号",
                "unit": COUNTY,
                "submitter": submitter,
                "title": f"{submitter.removeprefix('古丈县')}{SUBJECTS[category]}"
                + ("专项审查" if special else ""),
                "category": category,
                "received_date": received,
                "opinion_date": received + datetime.timedelta(days=3 + i % 9),
                "conclusion": conclusion,
                "special": special,
            }
        )
    return plan


def document_plan(year: int) -> list[dict]:
    count, corrected = DOCUMENTS_A_YEAR[year]
    plan = []
    for i in range(count):
        published = spread(year, count, i, end_day=5)
        filed = published + datetime.timedelta(days=12 + i % 10)
        issuer = "古丈县人民政府" if i % 3 else "古丈县人民政府办公室"
        plan.append(
            {
                "number": f"古政发〔{year}〕{i + 1:03d}号",
                "unit": COUNTY,
                "title": f"古丈县{DOCUMENT_TOPICS[(i + year) % len(DOCUMENT_TOPICS)]}",
                "issuer": issuer,
                "published_date": published,
                "filed_date": filed,
                "reviewed_date": filed + datetime.timedelta(days=10 + i % 12),
                "conclusion": "corrected" if i < corrected else "filed",
                "planned_next_year": i % 4 == 1,
            }
        )
    return plan


def load(today: datetime.date) -> int:
    added = sum(import_new("legality_review", review_plan(year)) for year in OPINIONS)
    added += sum(import_new("normative_document", document_plan(y)) for y in DOCUMENTS_A_YEAR)
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    added = 0
    for serial, submitter, title, category, special, ago, step in REVIEWS:
        received = today - datetime.timedelta(days=ago)
        number = f"古司合审〔{received.year}〕{serial}号"
        if LegalityReview.objects.filter(unit=unit, number=number).exists():
            continue
        record = actions.register_case(
            officer,
            unit=unit,
            number=number,
            submitter=submitter,
            title=title,
            category=category,
            special=special,
            received_date=received,
        )
        if step is not None:
            key, step_ago, conclusion = step
            day = today - datetime.timedelta(days=step_ago)
            actions.record_step(officer, record, key, day, conclusion=conclusion)
        added += 1
    for serial, title, issuer, published_ago, filed_ago, reviewed, planned in DOCUMENTS:
        published = today - datetime.timedelta(days=published_ago)
        number = f"古政发〔{published.year}〕{serial}号"
        if NormativeDocument.objects.filter(unit=unit, number=number).exists():
            continue
        record = actions.register_document(
            officer,
            unit=unit,
            number=number,
            title=title,
            issuer=issuer,
            published_date=published,
            planned_next_year=planned,
        )
        if filed_ago is not None:
            day = today - datetime.timedelta(days=filed_ago)
            actions.record_document_step(officer, record, "file", day)
        if reviewed is not None:
            day = today - datetime.timedelta(days=reviewed[0])
            actions.record_document_step(officer, record, "review", day, conclusion=reviewed[1])
        added += 1
    return added
