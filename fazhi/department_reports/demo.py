"""Demo 部门法治政府建设年度报告 for `manage.py demo`: the reports of 古丈县's twenty 行政执法部门,
seven 乡镇人民政府 and the 司法局 itself, of the year before last and of last year.

The year before last every unit's came and was published on time. Last year most came by
1 March and were published by 1 April; 卫生健康局's came late (12 March); 交通运输局's was
published late (20 April); 统计局 has sent nothing and is not registered at all, which the
board and the 报送情况 page show. 市场监督管理局's is registered by the bureau's
依法治县办 ("zhixian") and sent and published by the department's own 填报员 ("shijianju"),
through the record's steps; the rest come through the importer, the bureau's sheet. A date
after today has not happened yet: a demo loaded in January shows last year's reports still
coming in. Re-running adds nothing: numbers already there are skipped.
"""

import datetime

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new

from . import actions
from .models import DepartmentReport, Grade

COUNTY = "433126"
OFFICER = "zhixian"  # 依法治县 of the county (portal's demo accounts)
CLERK = "shijianju"  # 填报员 of 433126-E02
CLERK_UNIT = "433126-E02"
DEPARTMENTS = [f"{COUNTY}-E{n:02d}" for n in range(1, 21)]
TOWNSHIPS = [f"{COUNTY}-Z{n:02d}" for n in range(1, 8)]
MISSING = "433126-E17"  # 统计局: nothing sent, nothing registered
RECEIVED_LATE = {"433126-E08": (3, 12)}  # 卫生健康局
PUBLISHED_LATE = {"433126-E07": (4, 20)}  # 交通运输局
# The bureau's own report: sent with the county's on 26 February, published on 28 March.
OWN = ((2, 26), (3, 28))
GRADES = (Grade.GOOD, Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.GOOD)
D = datetime.timedelta


def plan(year: int, today: datetime.date, *, last: bool = True) -> list[dict]:
    """The reports of `year` as the bureau's sheet holds them on `today`: last year's with
    the rules broken, the year before's all on time."""
    rows = []
    for n, code in enumerate([COUNTY, *DEPARTMENTS, *TOWNSHIPS], start=1):
        if last and code == MISSING:
            continue
        received, published = _dates(year, code, n, last=last)
        received = received if received <= today else None
        published = published if published <= today else None
        row = {
            "unit": COUNTY,
            "number": f"{year}年度第{n:02d}号",
            "year": year,
            "reporting_unit_code": code,
            "received_date": received,
            "published_date": published,
            "link": _link(year, code) if published else "",
            "grade": _grade(code, n + (0 if last else 2)) if received else "",
            "note": "本局年度报告，见法治政府建设情况报告" if code == COUNTY else "",
        }
        rows.append(row)
    return rows


def _dates(year: int, code: str, n: int, *, last: bool) -> tuple[datetime.date, datetime.date]:
    following = year + 1
    if code == COUNTY:
        return datetime.date(following, *OWN[0]), datetime.date(following, *OWN[1])
    if last and code in RECEIVED_LATE:
        received = datetime.date(following, *RECEIVED_LATE[code])
    else:  # 20 January to 26 February, all before 1 March
        received = datetime.date(following, 1, 20) + D(days=(n * 7) % 38)
    if last and code in PUBLISHED_LATE:
        published = datetime.date(following, *PUBLISHED_LATE[code])
    else:  # within a month of receipt, by 31 March
        published = min(received + D(days=8 + n % 20), datetime.date(following, 3, 31))
    return received, published


def _grade(code: str, n: int) -> str:
    if code == COUNTY:
        return ""  # the bureau does not grade its own
    if code in RECEIVED_LATE:  # last year's came late
        return Grade.PASS
    return GRADES[n % len(GRADES)]


def _link(year: int, code: str) -> str:
    name = "sfj" if code == COUNTY else code.rsplit("-", 1)[1].lower()
    return f"http://www.guzhang.gov.cn/zfxxgk/fzzfjs/{year + 1}/{name}.html"


def load(today: datetime.date) -> int:
    added = import_new("department_report", plan(today.year - 2, today, last=False))
    rows = plan(today.year - 1, today)
    by_clerk = [row for row in rows if row["reporting_unit_code"] == CLERK_UNIT]
    added += import_new("department_report", [r for r in rows if r not in by_clerk])
    return added + sum(_sent_by_clerk(row) for row in by_clerk)


def _sent_by_clerk(row: dict) -> int:
    """The bureau registers the department's report; its own 填报员 records 报送 and 公开."""
    county = Unit.objects.get(code=COUNTY)
    if DepartmentReport.objects.filter(unit=county, number=row["number"]).exists():
        return 0
    officer = User.objects.get(username=OFFICER)
    clerk = User.objects.filter(username=CLERK, unit__code=CLERK_UNIT).first()
    record = actions.register_report(
        officer,
        unit=county,
        number=row["number"],
        year=row["year"],
        reporting_unit_code=row["reporting_unit_code"],
    )
    sender = clerk or officer
    if row["received_date"]:
        record = actions.record_sending(sender, record, row["received_date"])
    if row["published_date"]:
        record = actions.record_publishing(sender, record, row["published_date"], row["link"])
    if row["grade"]:
        actions.update_report(officer, record, grade=row["grade"])
    return 1
