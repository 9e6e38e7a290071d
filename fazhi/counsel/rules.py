"""法律顾问's rules (pure, no database): the consistency of one row, the units an adviser may
serve, the year's work added up, and when an appointment (聘任) is about to end or has ended.

Sources (docs/domain/county-rule-of-law.md, legal_adviser):
- 中办、国办《关于推行法律顾问制度和公职律师公司律师制度的意见》(中办发〔2016〕30号, ◐ known through
  渭南 渭市办发〔2019〕2号 and 安徽's implementing rules): 党政机关 build a 法律顾问 team, internal
  advisers first and outside lawyers and 法学专家 as a supplement; advisers are engaged (聘任) for
  a term.
- 司法部《公职律师管理办法》(司发通〔2018〕131号, ◐ 第一至六条) 第二条: a 公职律师
  任职于党政机关或者人民团体, holds a 公职律师证书 and works on his own unit's legal
  affairs — hence his 证号 is required and a 公证机构 or 人民调解委员会 is no unit of his.
Neither sets a reminder before a term ends: the board's window is a setting
(TERM_WARNING_DAYS), 30 days by default as the bureau asked — no source found.
"""

import datetime

from fazhi.core.errors import Problem
from fazhi.core.models import BUREAUS, UnitKind

FIRST_YEAR, LAST_YEAR = 2000, 2100
GOVERNMENT_COUNSEL, PUBLIC_LAWYER = "government_counsel", "public_lawyer"

# The year's work, in the order of the 台账: field, header, unit of measure.
WORK = (
    ("contracts_reviewed", "审查合同（件）", "件"),
    ("opinions_issued", "出具法律意见（件）", "件"),
    ("cases_handled", "参与诉讼和仲裁案件（件）", "件"),
    ("meetings_attended", "列席会议（次）", "次"),
    ("other_matters", "其他事务（件）", "件"),
)
WORK_FIELDS = tuple(field for field, _, _ in WORK)

# --- the board's window -------------------------------------------------------------------

TERM_WARNING_DAYS = "legal_adviser.term_warning_days"
WARNING_CHOICES = ("15", "30", "60", "90")
DEFAULT_WARNING_DAYS = "30"  # the bureau's choice; no rule sets a period (no source found)

EXPIRING, EXPIRED = "expiring", "expired"
# Units that are neither 党政机关 nor 人民团体: a 公证机构 (a 事业单位 practising 公证) employs no
# 公职律师 (公职律师管理办法 第二条); 人民调解委员会 serve no adviser at all (served_unit_problems).
NOT_PUBLIC_BODIES = (UnitKind.NOTARY_OFFICE,)


def warning_days(settings: dict) -> int:
    value = settings.get(TERM_WARNING_DAYS, DEFAULT_WARNING_DAYS)
    return int(value if value in WARNING_CHOICES else DEFAULT_WARNING_DAYS)


# --- derived ---------------------------------------------------------------------------------


def derive(record, settings: dict | None = None) -> None:
    """A count left blank is 0, and the year's matters are their sum.

    Blank is 0, not "not reported": the row is the served unit's own 台账 of what the adviser
    did for it, every adviser may do each kind of work (unlike an enforcement power a
    department may lack), and the figures print sums (“718件次”), in which an unreported count
    would count as nothing anyway. A form's empty box, an import's empty cell and the API's
    missing value thus mean the same, and a page shows 0 rather than a blank that reads as
    "unknown".

    The name is stored squeezed (no blanks between its characters): 「彭 晓燕」 and 「彭晓燕」 are
    one adviser to the one-row key, the constraint, the board's latest row and a row's other
    years alike, each comparing the stored names as they are."""
    record.name = squeeze(record.name)
    total = 0
    for field in WORK_FIELDS:
        value = getattr(record, field)
        if value is None:
            setattr(record, field, 0)
        elif isinstance(value, int) and value > 0:
            total += value
    record.matters_total = total


# --- checks ----------------------------------------------------------------------------------


def served_unit_problems(code: str, kind: str) -> list[str]:
    """Any unit of the owner's subtree may be served (the bureau itself, its sections and
    司法所, the 法律援助中心 whose lawyers are 公职律师, the departments and townships), but a
    人民调解委员会: a 群众性自治组织, not one of the 党政机关 that 中办发〔2016〕30号 has appoint
    法律顾问 or employ 公职律师."""
    if kind == UnitKind.MEDIATION_COMMITTEE:
        return [f"单位「{code}」是人民调解委员会，不是聘请法律顾问或设立公职律师的党政机关"]
    return []


def year_problems(year, this_year: int) -> list[Problem]:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        return [Problem("年度", f"年度应在 {FIRST_YEAR}—{LAST_YEAR} 之间")]
    if year > this_year:
        return [Problem("年度", f"{year}年度尚未开始，只能登记本年度及以前年度的工作")]
    return []


def overlap_problems(year: int, start: datetime.date | None, end: datetime.date | None):
    """The 年度 must fall (at least in part) within the appointment: a row is a year of it."""
    if start is not None and year < start.year:
        return [
            Problem(
                "年度",
                f"{year}年度早于聘任开始日期（{start.isoformat()}）：只能登记聘任期内年度的工作",
            )
        ]
    if end is not None and year > end.year:
        return [
            Problem(
                "年度",
                f"聘任已于{end.isoformat()}结束，{year}年度不在聘任期内；续聘的请修改聘任结束日期",
            )
        ]
    return []


def check(record, this_year: int) -> list[Problem]:
    problems = []
    start, end = record.start_date, record.end_date
    if start and end and end < start:
        problems.append(Problem("聘任结束日期", "聘任结束日期不能早于聘任开始日期"))
    found = year_problems(record.year, this_year)
    problems += found
    if not found and not problems:
        problems += overlap_problems(record.year, start, end)
    if record.on_county_panel and record.category != GOVERNMENT_COUNSEL:
        problems.append(
            Problem(
                "是否县政府法律顾问团成员",
                "只有政府法律顾问是县政府法律顾问团成员；公职律师参加法律顾问团的，"
                "请另登记一条类别为政府法律顾问的记录",
            )
        )
    served = getattr(record, "served_unit", None)
    if record.on_county_panel and served is not None and served.kind not in BUREAUS:
        problems.append(
            Problem(
                "服务单位",
                "县政府法律顾问团成员的服务单位应填写县司法局的单位代码（代表县人民政府），"
                f"不是「{served.name}」",
            )
        )
    if record.category == PUBLIC_LAWYER and not (record.licence_number or "").strip():
        problems.append(
            Problem(
                "执业证号",
                "公职律师应填写公职律师证号（《公职律师管理办法》第二条：公职律师应取得公职律师证书）",
            )
        )
    if record.category == PUBLIC_LAWYER and served is not None and served.kind in NOT_PUBLIC_BODIES:
        problems.append(
            Problem(
                "服务单位",
                f"「{served.name}」不是党政机关或人民团体，不设公职律师"
                "（《公职律师管理办法》第二条）",
            )
        )
    for field, header, _ in WORK:
        value = getattr(record, field)
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(Problem(header, f"{header}应为非负整数"))
    return problems


# --- the appointment's end ---------------------------------------------------------------------


def term_state(record, today: datetime.date, window: int, *, latest: bool = True) -> str:
    """The board's 聘任期满 of a row: EXPIRING when the appointment ends within `window` days
    from today (today included), EXPIRED when it has ended and the row is this year's (the
    adviser is still on this year's list), else "". Only an adviser's latest row counts
    (`latest`: no row of a later year for the same adviser and served unit): a renewed
    appointment is the later row's."""
    end = record.end_date
    if not latest or end is None:
        return ""
    if today <= end <= today + datetime.timedelta(days=window):
        return EXPIRING
    if end < today and record.year == today.year:
        return EXPIRED
    return ""


def same_person(a: str, b: str) -> bool:
    """Two names of one adviser, whatever blanks the typist put between the characters."""
    return squeeze(a) == squeeze(b)


def squeeze(name: str) -> str:
    return "".join((name or "").split())
