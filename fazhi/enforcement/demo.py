"""Demo records for `manage.py demo`: a county review round of last quarter with findings,
some rectified, some open around today, and a few 述法. Re-running adds nothing."""

import datetime

from fazhi.core.models import Unit, User

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


def load(today: datetime.date) -> int:
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
