"""部门法治政府建设年度报告's rules (pure, no database): when a year's report is due to the
county and due to be published, whether it came or was published late, who must report, the
consistency of one record, and the steps the reporting unit's 填报员 takes (报送, 公开).

Sources (docs/domain/county-rule-of-law.md; /tmp research notes of issue 22):
- 中共中央办公厅、国务院办公厅《法治政府建设与责任落实督察工作规定》(厅字〔2019〕28号): 县级以上
  政府部门 report their previous year's 法治政府建设 to 本级党委和政府 and the department above
  每年3月1日之前, copying the 本级党委法治建设议事协调机构办事机构 (the 依法治县办); 县、乡党委和
  政府 report to the level above by the same date. The article number of this sentence was not
  confirmed from the full text (read through 贵州's 2023 工作指引, which cites the 规定), so the
  basis names the 规定 without it.
- the same 规定 第二十四条: 每年4月1日之前, 地方各级政府和县级以上政府部门's reports are
  published through 报刊、网站等新闻媒体 (quoted verbatim by 衡山县's 主动公开事项目录).
Both dates are settings (RECEIVE_DUE_SETTING, PUBLISH_DUE_SETTING), each the last day on
time. "之前" read strictly would make 1 March itself late (docs/domain/county-rule-of-law.md
reads it so); the defaults, as the issue set them and as 执法数据年报 and 涉企检查计划 count
their days, take the day named as the last day on time, so that no unit is flagged late on a
reading the text does not settle. A county that reads it strictly chooses 次年2月末 (the last
day of February, 29 in a leap year) and 次年3月31日.
- 评定等次: no national rule grades these reports; some counties grade them in their 法治政府
  建设考核. Whether the bureau grades is a setting (GRADING_SETTING), no source found.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.models import BUREAUS, UnitKind
from fazhi.core.records import set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline

FIRST_YEAR, LAST_YEAR = 2000, 2100

# --- settings -------------------------------------------------------------------------------

RECEIVE_DUE_SETTING = "department_report.receive_due"
PUBLISH_DUE_SETTING = "department_report.publish_due"
KINDS_SETTING = "department_report.kinds"
GRADING_SETTING = "department_report.grading"

DEFAULT_RECEIVE_DUE = "03-01"
DEFAULT_PUBLISH_DUE = "04-01"
# Month-days of the following year a county may set; none is 29 February, which END_OF_FEBRUARY
# names in the years that have it ("3月1日之前" read strictly).
END_OF_FEBRUARY = "02-end"
RECEIVE_DUE_CHOICES = ("01-31", "02-15", END_OF_FEBRUARY, "03-01", "03-15", "03-31")
PUBLISH_DUE_CHOICES = ("03-15", "03-31", "04-01", "04-15", "04-30")

# The units that must report, beside the bureau itself (whose own report is one of them):
# the 行政执法部门 (the county government's departments here) and the 乡镇人民政府.
REPORTING_KIND_CHOICES = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)
DEFAULT_KINDS = tuple(kind.value for kind in REPORTING_KIND_CHOICES)

GRADED, NOT_GRADED = "graded", "not_graded"
DEFAULT_GRADING = GRADED


def due_label(month_day: str) -> str:
    if month_day == END_OF_FEBRUARY:
        return "次年2月末（3月1日之前，不含当日）"
    month, day = (int(part) for part in month_day.split("-"))
    return f"次年{month}月{day}日"


def due_date(year: int, month_day: str) -> datetime.date:
    """The last day on time for `year`'s report: the set month-day of the following year."""
    if month_day == END_OF_FEBRUARY:
        return datetime.date(year + 1, 3, 1) - datetime.timedelta(days=1)
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year + 1, month, day)


def is_late(done: datetime.date | None, due: datetime.date | None) -> bool:
    """Done after the due day; on the due day itself is on time; not done is not late (it is
    overdue while it runs: running())."""
    return done is not None and due is not None and done > due


def year_is_valid(year) -> bool:
    return isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR


def reporting_kinds(settings: dict) -> tuple[str, ...]:
    """The kinds of unit that must report: those the setting names, and the 司法行政机关
    (core.models.BUREAUS), whose own report the bureau records too."""
    chosen = tuple(settings.get(KINDS_SETTING, DEFAULT_KINDS))
    return (*chosen, *(kind.value for kind in BUREAUS))


def grades(settings: dict) -> bool:
    return settings.get(GRADING_SETTING, DEFAULT_GRADING) == GRADED


def unit_problems(code: str, kind: str, kinds: tuple[str, ...]) -> list[str]:
    """A reporting unit must be of a kind that must report."""
    if kind not in kinds:
        labels = "、".join(
            str(UnitKind(k).label) for k in kinds if k not in {b.value for b in BUREAUS}
        )
        also = f"{labels}或" if labels else ""
        return [f"单位「{code}」不是应报送法治政府建设年度报告的单位（{also}司法行政机关）"]
    return []


# --- deadlines -------------------------------------------------------------------------------

RECEIVE_LABEL = "报送期限"
PUBLISH_LABEL = "公开期限"
RECEIVE_BASIS = (
    "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）：每年3月1日之前报告"
    "上一年度法治政府建设情况，抄送本级党委法治建设议事协调机构办事机构"
)
PUBLISH_BASIS = (
    "《法治政府建设与责任落实督察工作规定》第二十四条：每年4月1日之前通过报刊、网站等"
    "新闻媒体向社会公开"
)


def _basis(text: str, due: datetime.date, default: str) -> str:
    """The rule, and the county's own day where its setting moved it."""
    if f"{due.month:02d}-{due.day:02d}" == default:
        return text
    return f"{text}（本地设置为次年{due.month}月{due.day}日）"


def deadlines(record) -> dict[str, Deadline]:
    """Both deadlines of the report, from its stored due dates (derive() sets them from the
    settings). A fixed day of the calendar, not working days: never provisional."""
    found = {}
    if record.received_due:
        basis = _basis(RECEIVE_BASIS, record.received_due, DEFAULT_RECEIVE_DUE)
        found[RECEIVE_LABEL] = Deadline(record.received_due, basis, RECEIVE_LABEL)
    if record.published_due:
        basis = _basis(PUBLISH_BASIS, record.published_due, DEFAULT_PUBLISH_DUE)
        found[PUBLISH_LABEL] = Deadline(record.published_due, basis, PUBLISH_LABEL)
    return found


def running(record) -> list[Deadline | None]:
    """Every deadline running now: 报送 until the report is received, 公开 until it is
    published, both at once (a unit may publish before it sends)."""
    found = deadlines(record)
    return [
        found.get(RECEIVE_LABEL) if record.received_date is None else None,
        found.get(PUBLISH_LABEL) if record.published_date is None else None,
    ]


def is_overdue(record, today: datetime.date) -> bool:
    return any(d is not None and d.date < today for d in running(record))


# --- status ----------------------------------------------------------------------------------

PENDING, SENT, PUBLISHED_UNSENT, DONE = "pending", "sent", "published_unsent", "done"


def status(record) -> str:
    received, published = record.received_date is not None, record.published_date is not None
    if received and published:
        return DONE
    if received:
        return SENT
    return PUBLISHED_UNSENT if published else PENDING


def derive(record, settings: dict) -> None:
    """The due dates, late flags, status and running deadlines, from the 报告年度, the dates
    and the settings. Also whether the bureau grades now, which check() reads: a register's
    check sees the record alone, and this is the one place the settings reach it."""
    record.grading = grades(settings)
    if year_is_valid(record.year):
        receive = settings.get(RECEIVE_DUE_SETTING, DEFAULT_RECEIVE_DUE)
        publish = settings.get(PUBLISH_DUE_SETTING, DEFAULT_PUBLISH_DUE)
        record.received_due = due_date(record.year, receive)
        record.published_due = due_date(record.year, publish)
    else:
        record.received_due = record.published_due = None  # check() says what is wrong
    record.received_late = is_late(record.received_date, record.received_due)
    record.published_late = is_late(record.published_date, record.published_due)
    record.status = status(record)
    set_running(record, running(record))


# --- the consistency of one record ------------------------------------------------------------

_LINK = URLValidator(schemes=["http", "https"])


def is_web_link(text: str) -> bool:
    try:
        _LINK(text)
    except ValidationError:
        return False
    return True


def link_problem(text: str) -> str:
    # No Latin in the message: it is shown on pages (the page contract); the file's column help
    # names the schemes.
    return f"「{text}」不是有效的网页地址，请从浏览器地址栏复制公开报告的网页的完整网址"


def year_ended_problem(year: int, header: str, day: datetime.date) -> str:
    return (
        f"{year}年度到12月31日才结束，{header}应在{year + 1}年1月1日或以后"
        f"（填写的是{day.isoformat()}）"
    )


def check(record) -> list[Problem]:
    if not year_is_valid(record.year):
        return [Problem("报告年度", f"报告年度应在 {FIRST_YEAR}—{LAST_YEAR} 之间")]
    problems = []
    year_end = datetime.date(record.year, 12, 31)
    for field, header in (("received_date", "报送日期"), ("published_date", "公开日期")):
        day = getattr(record, field)
        if day is not None and day <= year_end:
            problems.append(Problem(header, year_ended_problem(record.year, header, day)))
    link = (record.link or "").strip()
    if link and not is_web_link(link):
        problems.append(Problem("公开网址", link_problem(link)))
    if link and record.published_date is None:
        problems.append(Problem("公开日期", "填写了公开网址，请同时填写公开日期"))
    if record.grade:
        if not getattr(record, "grading", True):
            problems.append(Problem("评定等次", "本地设置为不评定部门年度报告等次，评定等次应留空"))
        elif record.received_date is None:
            problems.append(Problem("评定等次", "报告尚未报送，不能评定等次"))
    return problems


# --- steps: 报送 and 公开 -----------------------------------------------------------------------

RECEIVE, PUBLISH = "receive", "publish"


def _not_received(record, day) -> str | None:
    if record.received_date is not None:
        return f"已登记报送日期{record.received_date.isoformat()}"
    return None


def _not_published(record, day) -> str | None:
    if record.published_date is not None:
        return f"已登记公开日期{record.published_date.isoformat()}"
    return None


def _receive(record, day, **_):
    record.received_date = day


def _publish(record, day, *, link: str = "", **_):
    """公开 on `day`, at the address given (optional: a report published in a newspaper has
    none); an address already recorded is kept when none is given."""
    link = (link or "").strip()
    if link and not is_web_link(link):
        raise StepRefused(link_problem(link))
    record.published_date = day
    if link:
        record.link = link


def _after_the_year(record, day) -> str | None:
    """Neither step before the 报告年度 has ended."""
    if day is not None and year_is_valid(record.year) and day.year <= record.year:
        return f"{record.year}年度到12月31日才结束，办理日期应在{record.year + 1}年1月1日或以后"
    return None


STEPS = steps.by_key(
    Step(RECEIVE, "报送", refusal=_not_received, effect=_receive),
    Step(PUBLISH, "公开", ("link",), refusal=_not_published, effect=_publish),
)
# What each step sets: the reporting unit's 填报员 writes them only by the step.
STEP_FIELDS = {RECEIVE: ("received_date",), PUBLISH: ("published_date", "link")}


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, **inputs):
    steps.take(STEPS, record, key, day, too_early=_after_the_year, **inputs)


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = []
    if record.received_date:
        late = "（逾期）" if record.received_late else ""
        events.append((record.received_date, f"报送县委依法治县办{late}"))
    if record.published_date:
        late = "（逾期）" if record.published_late else ""
        events.append((record.published_date, f"向社会公开{late}"))
    return sorted(events, key=lambda e: e[0])


# --- a unit's state for a year (the 报送情况 page, the board) ------------------------------------

ON_TIME, LATE, WAITING, MISSING = "on_time", "late", "waiting", "missing"
SEND_LABELS = {ON_TIME: "按时报送", LATE: "逾期报送", WAITING: "尚未报送", MISSING: "逾期未报送"}
PUBLISH_LABELS = {ON_TIME: "按时公开", LATE: "逾期公开", WAITING: "尚未公开", MISSING: "逾期未公开"}


def act_state(done: datetime.date | None, due: datetime.date, today) -> str:
    """A unit's 报送 (or 公开) for a year: done on time or late, or not done yet (before the due
    day passes) or not at all (after it). Late is judged against `due`, the due day the page
    shows under the settings now, not the record's stored flag: that was judged under the
    settings when it was saved, and after a change of the setting the page would contradict
    the due day it shows."""
    if done is not None:
        return LATE if is_late(done, due) else ON_TIME
    return MISSING if today > due else WAITING


def days_overdue(due: datetime.date, today: datetime.date) -> int:
    return max((today - due).days, 0)
