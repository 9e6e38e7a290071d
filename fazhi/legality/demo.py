"""Demo reviews and normative documents for `manage.py demo`: finished ones over the past year
and open ones whose deadlines fall around today. Dates count back from today; records go
through the officer's actions. Re-running adds nothing: numbers already there are skipped.
"""

import datetime

from fazhi.core.models import Unit, User

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


def load(today: datetime.date) -> int:
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
