"""Demo records for `manage.py demo`: six 法治督察 of 古丈县's departments and a township.

Last year's three are imported (the bureau's 整改台账): two found problems, all rectified, one
of them late; one found nothing. This year's three are entered through the actions, dated
around today: one rectified on time, one with a finding overdue (the board shows it), and one
of 古丈县市场监督管理局 (the demo 填报员 "shijianju"'s department) still being rectified, one
deadline within days. Re-running adds nothing."""

import datetime

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new

from . import actions
from .models import RuleOfLawInspection

COUNTY = "433126"
OFFICER = "fazhi"
TEAM = "县委依法治县办第{}督察组"
D = datetime.timedelta

# Last year's: serial, kind, unit, (month, day) begun, days long, findings as
# (problem, days from the end to the deadline, days from the end to the rectification).
PAST = [
    (
        1,
        "rule_of_law",
        "433126-E01",
        (4, 8),
        11,
        [
            ("行政处罚决定书未按规定在20个工作日内公示", 60, 41),
            ("部分执法人员未按要求参加年度法律知识培训", 90, 75),
        ],
    ),
    (
        2,
        "with_patrol",
        "433126-Z02",
        (7, 1),
        11,
        [
            ("重大行政决策未经合法性审查即提交集体讨论", 45, 30),
            ("行政执法案卷归档不及时、卷内目录不全", 45, 58),  # rectified 13 days late
        ],
    ),
    (3, "special", "433126-E09", (10, 14), 4, []),
]

# This year's, dated from today: serial, kind, unit, days ago begun, days long, findings as
# (problem, deadline from today, rectified days ago or None).
RECENT = [
    (
        1,
        "rule_of_law",
        "433126-E05",
        100,
        10,
        [
            ("占道经营整治中行政强制措施未制作现场笔录", -60, 70),
            ("行政执法公示栏信息未及时更新", -60, 65),
        ],
    ),
    (
        2,
        "with_patrol",
        "433126-E07",
        75,
        9,
        [
            ("超限运输处罚案件未落实法制审核", -30, 40),
            ("涉企行政检查未按计划公示检查事项清单", -10, None),  # overdue
        ],
    ),
    (
        3,
        "rule_of_law",
        "433126-E02",
        20,
        5,
        [
            ("食品安全抽检不合格后续处置未闭环", 3, None),  # due within days
            ("行政执法人员持证信息未在门户网站公示", 40, None),
        ],
    ),
]


def _number(year: int, serial: int) -> str:
    return f"古法督〔{year}〕{serial}号"


def past_plan(year: int) -> list[dict]:
    plan = []
    for serial, kind, code, (month, day), days, findings in PAST:
        start = datetime.date(year, month, day)
        end = start + D(days=days)
        inspection = {
            "unit": COUNTY,
            "inspection_number": _number(year, serial),
            "kind": kind,
            "inspected_unit_code": code,
            "start_date": start,
            "end_date": end,
            "team": TEAM.format("一二三"[serial % 3]),
        }
        for n, (problem, deadline, rectified) in enumerate(findings or [("", None, None)]):
            row = {**inspection, "number": f"{_number(year, serial)}-{n + 1}"}
            if problem:
                row.update(
                    problems=problem,
                    rectification_deadline=end + D(days=deadline),
                    rectified_date=end + D(days=rectified),
                    rectification_note="已按督察反馈意见完成整改，建立长效机制",
                )
            plan.append(row)
    return plan


def load(today: datetime.date) -> int:
    added = import_new("rule_of_law_inspection", past_plan(today.year - 1))
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    added = 0
    for serial, kind, code, ago, days, findings in RECENT:
        start = today - D(days=ago)
        # This year's serials come after last year's, whichever year the start falls in.
        number = _number(start.year, serial + (len(PAST) if start.year < today.year else 0))
        if RuleOfLawInspection.objects.filter(unit=unit, inspection_number=number).exists():
            continue
        (problem, deadline, rectified), *more = findings
        record = actions.register_inspection(
            officer,
            unit=unit,
            number=f"{number}-1",
            inspection_number=number,
            kind=kind,
            inspected_unit_code=code,
            start_date=start,
            end_date=start + D(days=days),
            team=TEAM.format("一二三"[serial % 3]),
            problems=problem,
            rectification_deadline=today + D(days=deadline),
        )
        records = [(record, rectified)]
        for problem, deadline, rectified in more:
            finding = actions.add_finding(
                officer, record, problems=problem, rectification_deadline=today + D(days=deadline)
            )
            records.append((finding, rectified))
        for finding, rectified in records:
            if rectified is not None:
                note = "已完成整改并将整改报告报送县委依法治县办"
                actions.record_rectification(officer, finding, today - D(days=rectified), note)
        added += len(records)
    return added
