"""涉企行政检查's rules (docs/domain/enforcement-supervision.md): the plan's lists and its due
date, the inspection's checks (统一社会信用代码 by GB 32100-2015, two officers with valid
执法证) and the frequency cap. Pure functions: no database.

Settings (declared in indicators.py, read here from the dict of RegisterSetting.objects.current()):
- the plan's due date (month-day, default 03-31: 湖南 counties ◐);
- the cap on one department's inspections of one enterprise in a year (no national default:
  国办发〔2024〕54号 leaves it to the 主管部门), and which kinds of inspection count towards it
  (default 日常, 个案, 专项; 上级部署专项 excluded, as the 司法部 解答 says ◐).
"""

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from fazhi.core.errors import Problem
from fazhi.core.uscc import normalise_uscc, uscc_problem

from .models import InspectionKind, InspectionMethod

# --- settings: keys and defaults ------------------------------------------------------------

PLAN_DUE_SETTING = "inspection_plan.due"
DEFAULT_PLAN_DUE = "03-31"
PLAN_DUE_CHOICES = ("01-31", "02-28", "03-31", "04-30", "05-31", "06-30")

CAP_SETTING = "enterprise_inspection.cap"
NO_CAP = "none"
CAP_CHOICES = (NO_CAP, "1", "2", "3", "4", "6", "12")
CAP_KINDS_SETTING = "enterprise_inspection.cap_kinds"
DEFAULT_CAP_KINDS = (InspectionKind.ROUTINE, InspectionKind.CASE, InspectionKind.SPECIAL)

# 行政处罚法 第四十二条, 行政强制法 第十八条: at least two officers holding a valid 执法证.
MIN_OFFICERS = 2

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_SUBJECT = 100  # as EnterpriseInspection.subject
MAX_ITEM_NAME = 200  # as EnterpriseInspection.matter
MAX_ITEM_PART = 500

# --- the plan's lists -----------------------------------------------------------------------

ITEM_SEPARATOR = "｜"  # the full-width bar a Chinese input method types; "|" is taken too
ITEM_PARTS = ("事项名称", "依据", "方式", "频次")
# 方式 of a planned item: the inspection methods, and 书面 (the domain's 非现场/书面).
PLAN_METHODS = ("现场", "非现场", "书面", "联合")
_METHOD_SPLIT = re.compile(r"[、，,/／]")


@dataclass(frozen=True)
class PlanItem:
    """One line of a plan's 检查事项清单."""

    name: str
    basis: str = ""
    method: str = ""
    frequency: str = ""


def _lines(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of a cell, stripped, with their 1-based line numbers."""
    return [
        (n, line.strip())
        for n, line in enumerate((text or "").splitlines(), start=1)
        if line.strip()
    ]


def parse_items(text: str) -> tuple[list[PlanItem], list[str]]:
    """The 检查事项清单: one item a line, 事项名称｜依据｜方式｜频次 (the last three may be left
    out). Returns the items and, for each bad line, a Chinese message naming it."""
    items, problems = [], []
    seen: dict[str, int] = {}
    for n, line in _lines(text):
        parts = [part.strip() for part in line.replace("|", ITEM_SEPARATOR).split(ITEM_SEPARATOR)]
        problem = _item_problem(parts, seen.get(parts[0]))
        if problem:
            problems.append(f"第{n}行：{problem}")
            continue
        seen[parts[0]] = n
        items.append(PlanItem(*parts))
    if not items and not problems:
        problems.append("至少填写一个检查事项")
    return items, problems


def _item_problem(parts: list[str], earlier_line: int | None) -> str:
    if len(parts) > len(ITEM_PARTS):
        return (
            f"分成了{len(parts)}段，最多{len(ITEM_PARTS)}段："
            f"{ITEM_SEPARATOR.join(ITEM_PARTS)}（事项名称中不能有“｜”）"
        )
    name = parts[0]
    if not name:
        return "缺少事项名称（每行以事项名称开头）"
    if len(name) > MAX_ITEM_NAME:
        return f"事项名称过长：最多 {MAX_ITEM_NAME} 个字"
    if earlier_line is not None:
        return f"事项“{name}”与第{earlier_line}行重复"
    long = [
        label for label, part in zip(ITEM_PARTS, parts, strict=False) if len(part) > MAX_ITEM_PART
    ]
    if long:
        return f"{long[0]}过长：最多 {MAX_ITEM_PART} 个字"
    if len(parts) >= 3 and parts[2]:
        unknown = [m for m in _METHOD_SPLIT.split(parts[2]) if m.strip() not in PLAN_METHODS]
        if unknown:
            return (
                f"检查方式“{parts[2]}”不是可选的方式，可选：{'、'.join(PLAN_METHODS)}"
                "（多个用顿号分隔）"
            )
    return ""


def parse_subjects(text: str) -> tuple[list[str], list[str]]:
    """The 检查主体, one a line: the names and the Chinese problems."""
    subjects, problems = [], []
    seen: dict[str, int] = {}
    for n, line in _lines(text):
        if len(line) > MAX_SUBJECT:
            problems.append(f"第{n}行：检查主体名称过长，最多 {MAX_SUBJECT} 个字")
        elif line in seen:
            problems.append(f"第{n}行：检查主体“{line}”与第{seen[line]}行重复")
        else:
            seen[line] = n
            subjects.append(line)
    if not subjects and not problems:
        problems.append("至少填写一个检查主体")
    return subjects, problems


def tidy_lines(text: str) -> str:
    """A list as stored: its non-empty lines, stripped, one a line."""
    return "\n".join(line for _, line in _lines(text))


# --- the plan's due date --------------------------------------------------------------------


def plan_due(year: int, settings: dict | None) -> datetime.date:
    """The last day a department's plan for `year` may be filed with the bureau."""
    value = (settings or {}).get(PLAN_DUE_SETTING, DEFAULT_PLAN_DUE)
    month, day = (int(part) for part in str(value).split("-"))
    return datetime.date(year, month, day)


def due_label(value: str) -> str:
    """How a due date setting reads: 03-31 → 3月31日."""
    month, day = (int(part) for part in value.split("-"))
    return f"{month}月{day}日"


def is_filed_late(plan, settings: dict | None) -> bool:
    if plan.filed_date is None or plan.year is None:
        return False
    return plan.filed_date > plan_due(plan.year, settings)


def plans_overdue(today: datetime.date, settings: dict | None) -> bool:
    """Whether this year's plans are due by now: after the due date, a department with none
    filed is missing its plan (缺报计划)."""
    return today > plan_due(today.year, settings)


def derive_plan(plan, settings: dict | None) -> None:
    """Set a plan's derived fields before every save: its lists tidied, and whether it was
    filed late."""
    plan.subjects = tidy_lines(plan.subjects)
    plan.items = tidy_lines(plan.items)
    valid_year = isinstance(plan.year, int) and FIRST_YEAR <= plan.year <= LAST_YEAR
    plan.filed_late = valid_year and is_filed_late(plan, settings)


def check_plan(plan) -> list[Problem]:
    problems = []
    if plan.year is None:
        problems.append(Problem("年度", "必填项不能为空"))
    elif not FIRST_YEAR <= plan.year <= LAST_YEAR:
        problems.append(Problem("年度", f"年度应在 {FIRST_YEAR}—{LAST_YEAR} 之间"))
    _, subject_problems = parse_subjects(plan.subjects)
    problems += [Problem("检查主体", message) for message in subject_problems]
    _, item_problems = parse_items(plan.items)
    problems += [Problem("检查事项清单", message) for message in item_problems]
    return problems


# --- an inspection ----------------------------------------------------------------------------

CODE_HEADER = "统一社会信用代码"
OFFICERS_HEADER = "执法人员证号"


def derive_inspection(inspection, settings: dict | None = None) -> None:
    """The code as stored (GB 32100: half-width, upper case, no spaces) and the two flags an
    import keeps: the code failing its check, and fewer than two officers with a valid card
    (valid_officers is looked up by links.resolve_officers)."""
    inspection.uscc = normalise_uscc(inspection.uscc or "")
    inspection.code_unverified = uscc_problem(inspection.uscc) is not None
    inspection.short_of_officers = (inspection.valid_officers or 0) < MIN_OFFICERS


# Why a 证号 does not count towards the two (links.resolve_officers), in the message's order.
NOT_VALID, NOT_IN_POST, OTHER_DEPARTMENT = "not_valid", "not_in_post", "other_department"
REASONS = {
    NOT_VALID: "证号 {} 在检查日期不是有效的执法证",
    NOT_IN_POST: "证号 {} 的持证人不在岗",
    OTHER_DEPARTMENT: "证号 {} 不是本部门的执法证",
}


def officers_message(valid: int, not_counted: dict | None = None, *, joint: bool = False) -> str:
    """Why an inspection lacks its two officers, in Chinese: in post, with a card valid that
    day and, unless the inspection is 联合, issued for the inspecting department."""
    not_counted = not_counted or {}
    reasons = "；".join(
        text.format("、".join(not_counted[reason]))
        for reason, text in REASONS.items()
        if not_counted.get(reason)
    )
    whose = "" if joint else "本部门"
    message = f"检查日期当天在岗且持有{whose}有效执法证的执法人员只有 {valid} 名"
    if reasons:
        message += f"（{reasons}）"
    message += (
        f"，{'联合检查' if joint else '涉企行政检查'}应由至少 {MIN_OFFICERS} 名"
        f"在岗且持有{whose}有效执法证的执法人员实施"
    )
    if not joint:
        message += "；联合检查的，其他部门在岗持证的执法人员也计入"
    return message


def check_inspection(inspection) -> list[Problem]:
    """Refused on entry, kept and flagged on import (Problem.kept_on_import): the record of
    an inspection that happened stays, and the figures count it.

    Refused only when the facts the flags come from (the code, the officers, the date, the
    department, the method) are written now — a new record, or a stored one whose facts
    change: links.resolve_officers marks it (`facts_checked`) in this write only. A flagged
    record kept by an import may then have its result or its name corrected."""
    # Taken off the record here, so that a later write of the same object is judged afresh;
    # a new record is always checked (pure callers set no mark).
    checked = inspection.__dict__.pop("facts_checked", inspection.pk is None)
    problems = []
    code_problem = uscc_problem(inspection.uscc)
    if not inspection.uscc:
        # A code left out is no record of anything: refused on import, and on any write.
        problems.append(Problem(CODE_HEADER, code_problem))
    elif code_problem and checked:
        problems.append(Problem(CODE_HEADER, code_problem, kept_on_import=True))
    if inspection.short_of_officers and checked:
        # The numbers not counted, when links.resolve_officers has just looked them up.
        message = officers_message(
            inspection.valid_officers or 0,
            getattr(inspection, "cards_not_counted", None),
            joint=inspection.method == InspectionMethod.JOINT,
        )
        problems.append(Problem(OFFICERS_HEADER, message, kept_on_import=True))
    return problems


# --- the frequency cap ------------------------------------------------------------------------


def cap(settings: dict | None) -> int | None:
    """Inspections of one enterprise by one department a year; None: no cap."""
    value = (settings or {}).get(CAP_SETTING, NO_CAP)
    return None if value in (NO_CAP, None, "") else int(value)


def counted_kinds(settings: dict | None) -> tuple[str, ...]:
    """The kinds of inspection the cap counts."""
    return tuple((settings or {}).get(CAP_KINDS_SETTING, DEFAULT_CAP_KINDS))


def is_over_cap(count: int, limit: int | None) -> bool:
    return limit is not None and count > limit


def cap_key(inspection) -> tuple:
    """What the cap counts by: the department, the enterprise and the year."""
    return (inspection.unit_id, inspection.uscc, inspection.inspection_date.year)


def over_cap(inspections: Iterable, settings: dict | None) -> set[tuple]:
    """The (department, enterprise, year) whose counted inspections exceed the cap."""
    limit, kinds = cap(settings), counted_kinds(settings)
    if limit is None:
        return set()
    counts = Counter(cap_key(i) for i in inspections if i.kind in kinds)
    return {key for key, count in counts.items() if is_over_cap(count, limit)}
