"""Demo records for `manage.py demo`: the 依法治县办's two meetings this year and the work tasks
of its 工作要点, across 古丈县's departments and townships; and the year before's meetings and
tasks, all done, for last year's figures.

The 工作要点 (15 tasks) is imported as the office's workbook would be, issued 120 days ago:
some already 办结 on time, one 办结 late, one past its 完成时限 and still open (the board
shows it), two due next year, the rest in hand. The 委员会全体会议 decided three things; two
became tasks (one led by 古丈县市场监督管理局, the demo 填报员 "shijianju"'s department), the
third waits for 转为任务. A few progress reports, one of them the 填报员's asking to close.
Everything is dated from today, so that each rule shows whatever the day; re-running adds
nothing."""

import datetime

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new

from . import actions, rules
from .models import CommitteeMeeting, MeetingKind, TaskSource, WorkTask

COUNTY = "433126"
OFFICER = "zhixian"  # the county's 依法治县办 (demo accounts in the portal's demo command)
CLERK = "shijianju"  # 填报员 of 433126-E02, 古丈县市场监督管理局
D = datetime.timedelta
ISSUED_AGO = 120  # days since the 工作要点 was issued

# The 工作要点: unit leading, content, 完成时限 (days from today, or "next" for the next year's
# 6月30日 / "next-may" 5月31日), 办结 (days from today, None while open), 配合单位.
PLAN = [
    ("433126-E02", "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度", -60, -65, ""),
    ("433126-E05", "修订城市管理领域行政处罚裁量基准并向社会公布", -50, -52, ""),
    ("433126-Z01", "推进乡镇法治政府建设示范创建，完成创建申报材料", -40, -30, ""),  # late
    ("433126-E01", "开展道路交通安全领域执法突出问题专项整治", -30, -35, "433126-E07"),
    ("433126-E07", "落实涉企行政检查计划报备和检查事项公示", -10, None, ""),  # overdue
    ("433126-E03", "完善重大行政决策合法性审查和公众参与机制", 20, None, ""),
    ("433126-E08", "在卫生健康领域推行说理式执法和柔性执法", 45, None, ""),
    ("433126-Z02", "健全村（居）法律顾问制度，实现村（居）法律顾问全覆盖", 60, None, "433126-E18"),
    ("433126-E02", "开展食品安全领域行政执法案卷评查问题整改", 10, None, ""),
    (COUNTY, "组织开展党政主要负责人年度述法", 30, None, "433126-01、433126-04"),
    ("433126-E04", "推进农业综合行政执法规范化建设", "next", None, ""),
    ("433126-Z03", "开展民主法治示范村创建", "next-may", None, "433126-E18"),
    ("433126-E06", "开展生态环境执法规范化建设年活动", -20, -25, ""),
    ("433126-E09", "推进住房城乡建设领域信用监管和“双随机、一公开”监管", 90, None, ""),
    ("433126-E10", "组织应急管理领域行政执法人员全员培训", -5, None, ""),  # closed by the step
]
CLOSED_BY_STEP = 15  # 要点15号 is closed on the page's 办结, on time
COMPLETION = "已按要点要求完成，相关材料已报送县委依法治县办"

MEETINGS = [
    (
        "古法委〔{y}〕1号",
        MeetingKind.PLENARY,
        75,
        "县委全面依法治县委员会第八次会议",
        "县委书记",
        "委员会主任、副主任，委员会成员单位主要负责人",
        27,
        "传达学习中央全面依法治国工作会议精神\n审议{y}年全面依法治县工作要点\n听取法治政府建设工作情况汇报",
        "1.印发{y}年全面依法治县工作要点\n2.开展行政执法突出问题专项整治\n3.将法治建设纳入各乡镇、各部门年度绩效考核",
    ),
    (
        "古法办〔{y}〕1号",
        MeetingKind.OFFICE,
        20,
        "县委依法治县办主任会议",
        "县委依法治县办主任",
        "县委依法治县办主任、副主任，县司法局相关股室负责人",
        9,
        "研究法治督察工作安排\n调度工作要点推进情况",
        "",
    ),
]
# The plenary's decisions made into tasks: item, unit leading, 完成时限 (days from today).
MEETING_TASKS = [(2, "433126-E02", 40), (3, "433126-Z01", 55)]
# Progress reports: task number's serial in the plan (or the meeting task's item), reported
# by (OFFICER or CLERK), days ago, text, asking to close.
PLAN_REPORTS = [
    (5, OFFICER, 15, "检查计划已报备，检查事项清单正在梳理，尚未公示", False),
    (6, OFFICER, 10, "已起草重大行政决策程序规定实施细则征求意见稿", False),
    (9, CLERK, 3, "评查发现的12个问题已全部整改，整改报告已报送", True),
]
MEETING_REPORTS = [(2, CLERK, 2, "已制定专项整治方案，正在开展自查自纠", False)]

# The year before's work, all done (one task late): what last year's figures and the
# dashboard's months count. Meetings: number, kind, (month, day), name, 议题, 决定事项.
PAST_MEETINGS = [
    ("古法委〔{y}〕1号", MeetingKind.PLENARY, (3, 18), "县委全面依法治县委员会第七次会议",
     "审议{y}年全面依法治县工作要点\n听取上年度法治政府建设情况汇报\n研究法治督察工作安排",
     "1.开展行政执法案卷评查\n2.推进乡镇合法性审查全覆盖"),
    ("古法办〔{y}〕1号", MeetingKind.OFFICE, (6, 12), "县委依法治县办主任会议",
     "调度工作要点上半年推进情况", ""),
    ("古法委〔{y}〕2号", MeetingKind.SPECIAL, (10, 22), "法治政府建设示范创建专题会议",
     "研究示范创建申报工作\n部署迎检准备", "1.成立示范创建工作专班"),
    ("古法办〔{y}〕2号", MeetingKind.OFFICE, (11, 26), "县委依法治县办主任会议",
     "调度工作要点全年完成情况\n研究年度述法评议安排", ""),
]  # fmt: skip
# Tasks: number, unit leading, content, (month, day) due, (month, day) 办结, the meeting's
# decision it came from (meeting number, item) or None for the 工作要点.
PAST_TASKS = [
    ("古法办〔{y}〕要点1号", "433126-E01", "规范公安机关执法办案场所管理", (6, 30), (6, 18), None),
    ("古法办〔{y}〕要点2号", "433126-E02", "推行市场监管领域包容审慎监管", (7, 31), (7, 25), None),
    ("古法办〔{y}〕要点3号", "433126-E05", "公布城市管理执法事项清单", (5, 31), (5, 20), None),
    ("古法办〔{y}〕要点4号", "433126-Z02", "完成乡镇合法性审查机构和人员配备", (10, 31), (11, 12),
     None),  # late
    ("古法办〔{y}〕要点5号", "433126-E03", "完成自然资源领域行政执法公示平台建设", (12, 15),
     (12, 10), None),
    ("古法办〔{y}〕要点6号", "433126-E09", "开展住建领域执法突出问题自查", (11, 30), (11, 28),
     None),
    ("古法委〔{y}〕1号决定1", "433126-E07", "开展交通运输领域行政执法案卷评查", (4, 30),
     (4, 28), ("古法委〔{y}〕1号", 1)),
    ("古法委〔{y}〕1号决定2", "433126-Z01", "推进乡镇合法性审查全覆盖", (12, 31), (12, 20),
     ("古法委〔{y}〕1号", 2)),
]  # fmt: skip
PAST_ISSUED = (2, 20)  # the year's 工作要点 issued


def _plan_number(year: int, serial: int) -> str:
    return f"古法办〔{year}〕要点{serial}号"


def _deadline(today, year: int, due) -> datetime.date:
    if due == "next":
        return datetime.date(year + 1, 6, 30)
    if due == "next-may":
        return datetime.date(year + 1, 5, 31)
    return today + D(days=due)


def plan_rows(today: datetime.date) -> list[dict]:
    """The 工作要点 as the office's workbook, issued ISSUED_AGO days before `today`."""
    issued = today - D(days=ISSUED_AGO)
    year = issued.year
    rows = []
    for serial, (lead, content, due, closed, partners) in enumerate(PLAN, start=1):
        row = {
            "unit": COUNTY,
            "number": _plan_number(year, serial),
            "year": year,
            "source": TaskSource.PLAN,
            "content": content,
            "lead_unit_code": lead,
            "partner_codes": partners,
            "assigned_date": issued,
            "deadline": _deadline(today, year, due),
        }
        if closed is not None:
            row.update(closed_date=today + D(days=closed), completion_note=COMPLETION)
        rows.append(row)
    return rows


def past_meeting_rows(year: int) -> list[dict]:
    return [
        {
            "unit": COUNTY,
            "number": number.format(y=year),
            "kind": kind,
            "meeting_date": datetime.date(year, *day),
            "name": name,
            "chair": "县委书记" if kind == MeetingKind.PLENARY else "县委依法治县办主任",
            "topics": topics.format(y=year),
            "decisions": decisions,
        }
        for number, kind, day, name, topics, decisions in PAST_MEETINGS
    ]


def past_task_rows(year: int) -> list[dict]:
    rows = []
    for number, lead, content, due, closed, decision in PAST_TASKS:
        row = {
            "unit": COUNTY,
            "number": number.format(y=year),
            "year": year,
            "source": TaskSource.PLAN,
            "content": content,
            "lead_unit_code": lead,
            "assigned_date": datetime.date(year, *PAST_ISSUED),
            "deadline": datetime.date(year, *due),
            "closed_date": datetime.date(year, *closed),
            "completion_note": COMPLETION,
        }
        if decision is not None:
            meeting, item = decision
            row.update(
                source=TaskSource.MEETING,
                source_meeting_number=meeting.format(y=year),
                decision_item=item,
                assigned_date=datetime.date(year, *PAST_MEETINGS[0][2]),  # the plenary's day
            )
        rows.append(row)
    return rows


def load(today: datetime.date) -> int:
    rows = plan_rows(today)
    # The year before this 工作要点's: meetings first, the tasks name them.
    past = rows[0]["year"] - 1
    added = import_new("committee_meeting", past_meeting_rows(past))
    added += import_new("work_task", past_task_rows(past))
    added += import_new("work_task", rows)
    officer = User.objects.get(username=OFFICER)
    clerk = User.objects.filter(username=CLERK).first() or officer
    reporters = {OFFICER: officer, CLERK: clerk}
    tasks = {t.number: t for t in WorkTask.objects.filter(number__in=[r["number"] for r in rows])}
    closing = tasks[rows[CLOSED_BY_STEP - 1]["number"]]
    if closing.closed_date is None:
        actions.close_task(officer, closing, today - D(days=8), COMPLETION)
    for serial, who, ago, text, asks in PLAN_REPORTS:
        _report(reporters[who], tasks[rows[serial - 1]["number"]], today - D(days=ago), text, asks)
    meeting_added, meeting_tasks = _load_meetings(today, officer)
    for item, who, ago, text, asks in MEETING_REPORTS:
        _report(reporters[who], meeting_tasks[item], today - D(days=ago), text, asks)
    return added + meeting_added


def _report(actor, task, day, text, asks):
    if task.progress.exists():  # reported on an earlier run
        return
    # Never before the task was set (a meeting held on 1 January, the demo run on the 2nd).
    day = max(day, task.assigned_date)
    actions.report_progress(actor, task, day, text, requests_closing=asks, today=day)


def _load_meetings(today, officer) -> tuple[int, dict]:
    """This year's meetings (never before 1 January), and the plenary's decisions made into
    tasks through the pages' action: (records added, the tasks by decision item)."""
    county = Unit.objects.get(code=COUNTY)
    first_day = datetime.date(today.year, 1, 1)
    added, plenary = 0, None
    for number, kind, ago, name, chair, attendees, attendance, topics, decisions in MEETINGS:
        y = today.year
        meeting = CommitteeMeeting.objects.filter(unit=county, number=number.format(y=y)).first()
        if meeting is None:
            meeting = actions.register_meeting(
                officer,
                unit=county,
                number=number.format(y=y),
                kind=kind,
                meeting_date=max(today - D(days=ago), first_day),
                name=name,
                chair=chair,
                attendees=attendees,
                attendance=attendance,
                topics=topics.format(y=y),
                decisions=decisions.format(y=y),
            )
            added += 1
        plenary = plenary or meeting
    items = rules.decision_lines(plenary.decisions)
    tasks = {}
    for item, lead, due in MEETING_TASKS:
        number = f"{plenary.number}决定{item}"
        task = WorkTask.objects.filter(unit=county, number=number).first()
        if task is None:
            task = actions.register_task(
                officer,
                unit=county,
                number=number,
                year=plenary.meeting_date.year,
                source=TaskSource.MEETING,
                source_meeting_number=plenary.number,
                decision_item=item,
                content=items[item - 1],
                lead_unit_code=lead,
                assigned_date=plenary.meeting_date,
                deadline=today + D(days=due),
            )
            added += 1
        tasks[item] = task
    return added, tasks
