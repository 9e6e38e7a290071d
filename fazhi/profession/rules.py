"""The rules of 法律服务队伍 (docs/domain/legal-services.md), pure: no database.

- numbers: a 执业许可证号 / 执业证号 as stored and compared;
- the consistency checks of an org, a practitioner and an assessment;
- the 执业状态 steps (停止执业, 恢复执业, 注销, 吊销), each dated and reasoned, in the shape of
  every register's steps (core.steps);
- the 年度考核 deadlines, one setting per kind, and who is 未按期考核 on a day.
"""

import datetime
import re

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.steps import Step

from .models import (
    ENDED_STATUSES,
    AssessmentResult,
    LawyerKind,
    OrgKind,
    PracticeStatus,
    PractitionerKind,
    StatusStep,
    SubjectKind,
)

# --- numbers -------------------------------------------------------------------------------

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, as typed in a Chinese sheet.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
NUMBER_RE = re.compile(r"[0-9A-Z][0-9A-Z\-]{3,63}")


def normalise_number(text: str) -> str:
    """A 执业许可证号 or 执业证号 as stored and compared: half-width, upper-case, without spaces
    (a sheet often writes "1433 1201 9101 23456")."""
    return "".join((text or "").translate(_HALF_WIDTH).split()).upper()


def number_problem(number: str, label: str) -> str:
    """Why a (normalised) number cannot be a licence's, "" when it can. The numbers are
    digits (律师执业证号 17 位, 律师事务所执业许可证号 as 统一社会信用代码 18 位); letters and
    hyphens are let through for the older ones still held."""
    if not number or NUMBER_RE.fullmatch(number):
        return ""
    return f"{label}「{number}」格式不正确：应为 4—64 位数字、大写字母或连字符"


# --- which practitioner practises in which org --------------------------------------------

# 律师法 第十四条、公证法 第十八条、基层法律服务工作者管理办法 第二条: each practises in an
# org of his own kind.
ORG_KIND_OF = {
    PractitionerKind.LAWYER: OrgKind.LAW_FIRM,
    PractitionerKind.NOTARY: OrgKind.NOTARY_OFFICE,
    PractitionerKind.GRASSROOTS_WORKER: OrgKind.GRASSROOTS_OFFICE,
}
# 公职律师、公司律师 practise in their own organ or company (律师法 第十一条、第十二条;
# 司法部《公职律师管理办法》《公司律师管理办法》2018), not in a 律师事务所.
WITHOUT_ORG = (LawyerKind.PUBLIC, LawyerKind.CORPORATE)


def org_required(kind: str, lawyer_kind: str) -> bool:
    return not (kind == PractitionerKind.LAWYER and lawyer_kind in WITHOUT_ORG)


def org_kind_problem(kind: str, org_kind: str, org_number: str) -> str:
    """Why a practitioner of `kind` may not practise in an org of `org_kind`, "" when he may."""
    wanted = ORG_KIND_OF.get(kind)
    if wanted is None or org_kind == wanted:
        return ""
    return (
        f"执业机构「{org_number}」是{OrgKind(org_kind).label}，"
        f"{PractitionerKind(kind).label}应在{OrgKind(wanted).label}执业"
    )


# --- checks --------------------------------------------------------------------------------


def derive_org(record, settings: dict | None = None) -> None:
    record.number = normalise_number(record.number)


def check_org(record) -> list[Problem]:
    problems = []
    found = number_problem(record.number, "执业许可证号")
    if found:
        problems.append(Problem("执业许可证号", found))
    if record.firm_form and record.kind != OrgKind.LAW_FIRM:
        problems.append(Problem("组织形式", "只有律师事务所填写组织形式"))
    return problems


def derive_practitioner(record, settings: dict | None = None) -> None:
    record.number = normalise_number(record.number)
    record.org_number = normalise_number(record.org_number)


def check_practitioner(record) -> list[Problem]:
    problems = []
    found = number_problem(record.number, "执业证号")
    if found:
        problems.append(Problem("执业证号", found))
    if record.lawyer_kind and record.kind != PractitionerKind.LAWYER:
        problems.append(Problem("律师类别", "只有律师填写律师类别"))
    if record.kind == PractitionerKind.LAWYER and not record.lawyer_kind:
        problems.append(Problem("律师类别", "律师应填写律师类别"))
    if not record.org_number and org_required(record.kind, record.lawyer_kind):
        problems.append(Problem("执业机构", f"{_kind_label(record)}应填写执业机构的执业许可证号"))
    first, issued = record.first_practice_date, record.licensed_date
    if first and issued and first > issued:
        problems.append(Problem("首次执业日期", "首次执业日期不能晚于发证日期"))
    return problems


def _kind_label(record) -> str:
    if record.kind == PractitionerKind.LAWYER and record.lawyer_kind:
        return f"{LawyerKind(record.lawyer_kind).label}律师"
    return PractitionerKind(record.kind).label if record.kind else "法律服务人员"


# --- assessments ---------------------------------------------------------------------------

# 律师执业年度考核 (全国律协《律师执业年度考核规则》) grades a lawyer 称职、基本称职、不称职; a
# 律师事务所's 年度检查考核 (司法部《律师事务所年度检查考核办法》) is 合格 or 不合格. The same
# two scales serve 公证 and 基层法律服务.
RESULTS_OF = {
    SubjectKind.PRACTITIONER: (
        AssessmentResult.COMPETENT,
        AssessmentResult.BASICALLY_COMPETENT,
        AssessmentResult.INCOMPETENT,
    ),
    SubjectKind.ORG: (AssessmentResult.PASSED, AssessmentResult.FAILED),
}
# The results that fail the assessment, for the figures.
FAILING = (AssessmentResult.INCOMPETENT, AssessmentResult.FAILED)
FIRST_YEAR = 1980


def derive_assessment(record, settings: dict | None = None) -> None:
    record.subject_number = normalise_number(record.subject_number)


def check_assessment(record) -> list[Problem]:
    problems = []
    allowed = RESULTS_OF.get(record.subject_kind, ())
    if record.result and record.subject_kind and record.result not in allowed:
        labels = "、".join(AssessmentResult(r).label for r in allowed)
        problems.append(
            Problem(
                "考核结果",
                f"考核对象类别为{SubjectKind(record.subject_kind).label}的，考核结果只能是{labels}",
            )
        )
    year, day = record.year, record.assessed_date
    if year is not None and not FIRST_YEAR <= year <= 2100:
        problems.append(Problem("考核年度", f"考核年度应在 {FIRST_YEAR}—2100 年之间"))
    elif year is not None and day is not None and day.year <= year:
        problems.append(Problem("考核日期", f"{year}年度的考核应在{year + 1}年及以后进行"))
    return problems


# --- 执业状态 steps ------------------------------------------------------------------------

_NOT_ENDED = steps.requires(
    lambda record: record.status not in ENDED_STATUSES, "已注销或吊销，不能再办理执业状态变更"
)
_PRACTISING = steps.requires(
    lambda record: record.status == PracticeStatus.PRACTISING, "只有执业中的才能停止执业"
)
_SUSPENDED = steps.requires(
    lambda record: record.status == PracticeStatus.SUSPENDED, "只有停止执业的才能恢复执业"
)
REASON_LIMIT, DOCUMENT_LIMIT = 200, 64


def _effect(status: str):
    def effect(record, day: datetime.date, *, reason: str = "", **_):
        reason = (reason or "").strip()
        if not reason:
            raise StepRefused("请填写事由")
        if len(reason) > REASON_LIMIT:
            raise StepRefused(f"事由最多 {REASON_LIMIT} 个字")
        record.status = status
        record.status_date = day
        record.status_reason = reason

    return effect


STEPS = steps.by_key(
    Step(
        StatusStep.SUSPEND,
        StatusStep.SUSPEND.label,
        ("reason", "document_number"),
        refusal=steps.first(_NOT_ENDED, _PRACTISING),
        effect=_effect(PracticeStatus.SUSPENDED),
    ),
    Step(
        StatusStep.RESUME,
        StatusStep.RESUME.label,
        ("reason", "document_number"),
        refusal=steps.first(_NOT_ENDED, _SUSPENDED),
        effect=_effect(PracticeStatus.PRACTISING),
    ),
    Step(
        StatusStep.CANCEL,
        StatusStep.CANCEL.label,
        ("reason", "document_number"),
        refusal=_NOT_ENDED,
        effect=_effect(PracticeStatus.CANCELLED),
    ),
    Step(
        StatusStep.REVOKE,
        StatusStep.REVOKE.label,
        ("reason", "document_number"),
        refusal=_NOT_ENDED,
        effect=_effect(PracticeStatus.REVOKED),
    ),
)
STATUS_FIELDS = ("status", "status_date", "status_reason")


def _too_early(record, day: datetime.date | None) -> str | None:
    """A step is not dated before the licence, nor before the step before it."""
    if day is None:
        return None
    issued = record.licensed_date
    if issued and day < issued:
        label = "设立日期" if hasattr(record, "firm_form") else "发证日期"
        return f"日期不能早于{label}（{issued.isoformat()}）"
    if record.status_date and day < record.status_date:
        return f"日期不能早于上一次执业状态变更（{record.status_date.isoformat()}）"
    return None


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, today: datetime.date, **inputs) -> None:
    """Take step `key` on `record` on `day`, in place, or raise StepRefused."""
    if day > today:
        raise StepRefused("日期不能晚于今天")
    document = (inputs.get("document_number") or "").strip()
    if len(document) > DOCUMENT_LIMIT:
        raise StepRefused(f"文号最多 {DOCUMENT_LIMIT} 个字")
    steps.take(STEPS, record, key, day, too_early=_too_early, **inputs)


# --- 年度考核 deadlines (settings) --------------------------------------------------------

PREFIX = "practitioner_assessment."
# The kinds assessed, each with its own deadline: (subject kind, org or practitioner kind).
DEADLINE_KINDS = (
    (SubjectKind.ORG, OrgKind.LAW_FIRM),
    (SubjectKind.PRACTITIONER, PractitionerKind.LAWYER),
    (SubjectKind.ORG, OrgKind.NOTARY_OFFICE),
    (SubjectKind.PRACTITIONER, PractitionerKind.NOTARY),
    (SubjectKind.ORG, OrgKind.GRASSROOTS_OFFICE),
    (SubjectKind.PRACTITIONER, PractitionerKind.GRASSROOTS_WORKER),
)


KIND_LABELS = {**dict(OrgKind.choices), **dict(PractitionerKind.choices)}


def deadline_key(kind: str) -> str:
    return f"{PREFIX}{kind}_due"


# The day (月-日 of the year after the assessed year) by which each kind's 年度考核 is to be
# done. Sources, where periods.md found them, are in indicators.SETTINGS' help texts.
DEFAULTS = {
    deadline_key(OrgKind.LAW_FIRM): "05-31",
    deadline_key(PractitionerKind.LAWYER): "03-31",
    deadline_key(OrgKind.NOTARY_OFFICE): "05-31",
    deadline_key(PractitionerKind.NOTARY): "05-31",
    deadline_key(OrgKind.GRASSROOTS_OFFICE): "05-31",
    deadline_key(PractitionerKind.GRASSROOTS_WORKER): "05-31",
}


def settings_from(values: dict) -> dict:
    """What the rules read, from RegisterSetting.objects.current() (or any dict of stored
    values by key; a missing key takes its default): each kind's (month, day)."""
    due = {}
    for _subject, kind in DEADLINE_KINDS:
        key = deadline_key(kind)
        text = values.get(key) or DEFAULTS[key]
        month, day = (int(part) for part in text.split("-"))
        due[str(kind)] = (month, day)
    return {"due": due}


DEFAULT_SETTINGS = settings_from({})


def assessment_due(kind: str, year: int, settings: dict) -> datetime.date:
    """The day by which `kind`'s 年度考核 of `year` is to be done: in the year after."""
    month, day = settings["due"][str(kind)]
    return datetime.date(year + 1, month, day)


def watched_year(kind: str, today: datetime.date, settings: dict) -> int:
    """The assessment year watched for `kind` on `today`: the latest whose deadline has
    passed — last year's once its deadline (in this year) is past, else the year before."""
    year = today.year - 1
    return year if today > assessment_due(kind, year, settings) else year - 1


def not_assessed(
    *,
    kind: str,
    status: str,
    licensed_date: datetime.date,
    assessed_years: set[int],
    today: datetime.date,
    settings: dict,
) -> bool:
    """未按期考核 on `today`: in 执业, licensed before the end of the watched year (its kind's
    latest assessment year whose deadline has passed), with no assessment of that year.
    (queries.not_assessed is the same rule in SQL.)"""
    year = watched_year(kind, today, settings)
    return (
        status == PracticeStatus.PRACTISING
        and licensed_date <= datetime.date(year, 12, 31)
        and year not in assessed_years
    )
