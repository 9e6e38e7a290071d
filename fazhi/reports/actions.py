"""Every change to a report: create it, write a prose block, choose or upload a template,
submit (what is missing, balance checks, then the figures frozen), withdraw (a 局领导, with a
reason) and publish — one function each, one transaction, audited."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, permissions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import BUREAUS, AuditAction, UnitKind
from fazhi.core.text import text_problem

from . import figures, rules
from .content import (
    DEFAULT_TEMPLATE_NAME,
    meta_of,
    missing_for_submission,
    prose_of,
    template_bytes,
)
from .models import AnnualReport, ProseRevision, ReportStatus, ReportSubmission, ReportTemplate
from .parts import BLOCKS
from .rendering import template_use, validate_template

REGISTER = "annual_report"
ADDRESSEES = {
    UnitKind.COUNTY: "县委、县人民政府",
    UnitKind.PREFECTURE: "州（市）委、州（市）人民政府",
    UnitKind.PROVINCE: "省委、省人民政府",
}


MAX_REASON = 200  # the audit entry's note (500 characters) holds it whole


class ContentChanged(ActionRefused):
    """Submission confirmed on a page that showed other content than would be frozen now."""


def today() -> datetime.date:
    """The day the reports go by: the one place they read it (tests pin it here)."""
    return timezone.localdate()


def missing(report, use=None) -> list[str]:
    """What still stands in the way of submitting the report today (rules.py); `use`, the
    template's use when the caller has it already."""
    return missing_for_submission(report, today(), use)


# The tests of who may do what ask the rules (permissions.py) by these names.
def may_view(user, report) -> bool:
    return permissions.allows("reports.view", user, report)


def may_manage(user, report_or_unit) -> bool:
    return permissions.allows("reports.manage", user, report_or_unit)


def new_report(unit, year: int) -> AnnualReport:
    """A report with its defaults, not saved: 主送 the unit's Party committee and government,
    signed by the unit, dated before the 1 March deadline of the following year."""
    return AnnualReport(
        unit=unit,
        year=year,
        addressee=ADDRESSEES.get(unit.kind, ""),
        signer=unit.name,
        sign_date=datetime.date(year + 1, 2, 20),
    )


@transaction.atomic
def create_report(actor, *, unit, year: int) -> AnnualReport:
    if unit.kind not in BUREAUS:
        raise ActionRefused("只有司法局（省、市州、县）编制法治政府建设年度报告。")
    if actor is not None:
        permissions.require("reports.manage", actor, unit)
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        raise ActionRefused(f"{unit.name}{year}年度的报告已经建立。")
    report = new_report(unit, year)
    report.save()
    audit.record(actor, AuditAction.CREATE, report, register=REGISTER, note=str(report))
    return report


def _refuse_bad_characters(text: str, label: str):
    problem = text_problem(text, label)
    if problem:
        raise ActionRefused(problem)


def _draft(actor, report, rule: str, *args):
    """The report locked, if it is still a draft and `rule` lets the actor change it."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DRAFT:
        raise ActionRefused("报告已报送，内容不能再修改。")
    if actor is not None:
        permissions.require(rule, actor, report, *args)
    return report


@transaction.atomic
def write_prose(actor, report, block_key: str, text: str) -> ProseRevision:
    if block_key not in BLOCKS:
        raise ActionRefused(f"未知的段落「{block_key}」。")
    # fazhi's figure markers typed into prose would forge a figure in the preview.
    _refuse_bad_characters(text, BLOCKS[block_key].label)
    report = _draft(actor, report, "reports.write_block", block_key)
    revision = ProseRevision.objects.create(
        report=report, block=block_key, text=text.strip(), author=actor
    )
    audit.record(
        actor,
        AuditAction.UPDATE,
        report,
        register=REGISTER,
        after={"block": block_key, "text": revision.text[:500]},
        note=f"撰写「{BLOCKS[block_key].label}」",
    )
    return revision


@transaction.atomic
def set_particulars(actor, report, *, addressee: str, signer: str, sign_date) -> AnnualReport:
    _refuse_bad_characters(addressee, "主送机关")
    _refuse_bad_characters(signer, "发文机关署名")
    report = _draft(actor, report, "reports.manage")
    before = audit.snapshot(report, ["addressee", "signer", "sign_date"])
    report.addressee, report.signer, report.sign_date = addressee, signer, sign_date
    report.save(update_fields=["addressee", "signer", "sign_date", "updated_at"])
    audit.record(
        actor,
        AuditAction.UPDATE,
        report,
        register=REGISTER,
        before=before,
        after=audit.snapshot(report, ["addressee", "signer", "sign_date"]),
    )
    return report


@transaction.atomic
def upload_template(actor, report, *, name: str, content: bytes) -> ReportTemplate:
    """Validate the template by rendering it, then keep it and use it for this report."""
    _refuse_bad_characters(name, "模板文件名")
    report = _draft(actor, report, "reports.manage")
    validate_template(content, meta_of(report))
    template = ReportTemplate.objects.create(
        unit=report.unit,
        name=name[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    report.template = template
    report.save(update_fields=["template", "updated_at"])
    audit.record(actor, AuditAction.UPDATE, report, register=REGISTER, note=f"上传模板「{name}」")
    return template


@transaction.atomic
def use_default_template(actor, report) -> AnnualReport:
    report = _draft(actor, report, "reports.manage")
    report.template = None
    report.save(update_fields=["template", "updated_at"])
    audit.record(actor, AuditAction.UPDATE, report, register=REGISTER, note="改用默认模板")
    return report


@transaction.atomic
def submit(actor, report, *, expected: str | None = None) -> AnnualReport:
    """报送: refused before the year has ended, while a block or particular the template
    prints is empty, or while a breakdown does not sum to its whole; then, given the digest
    of what the confirmation page showed (`expected`), refused when the content to be frozen
    is no longer that; otherwise the figures the template uses, with their records, the prose
    and the particulars are frozen, and kept as this submission (a withdrawal does not lose
    it). The report stays locked from the check to the freeze."""
    report = _draft(actor, report, "reports.manage")
    template, meta = template_bytes(report), meta_of(report)
    use = template_use(template, meta)  # the one dry run: what is missing, what to freeze
    wanting = missing(report, use)
    if wanting:
        raise ActionRefused(rules.refusal(wanting))
    problems = figures.balance_problems(report.unit, report.year)
    if problems:
        raise ActionRefused("数据不平衡，不能报送：" + "；".join(problems) + "。请先核对这些记录。")
    frozen = {
        "figures": figures.freeze(use.figures, report.unit, report.year),
        "previous": figures.freeze_previous(use.previous, report.unit, report.year),
        "prose": prose_of(report),
        "meta": {**meta, "sign_date": meta["sign_date"].isoformat() if meta["sign_date"] else ""},
    }
    if expected is not None and expected != digest_of(frozen, template):
        raise ContentChanged("报告内容在您确认之后有变化，请重新核对后再报送。")
    stored_default = report.template is None
    if stored_default:
        # The default template is code and may change with a release: keep the one used.
        report.template = ReportTemplate.objects.create(
            unit=report.unit,
            name=DEFAULT_TEMPLATE_NAME,
            content=template,
            sha256=hashlib.sha256(template).hexdigest(),
            uploaded_by=actor,
        )
    report.frozen = frozen
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), actor
    report.save()
    submission = ReportSubmission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        frozen=report.frozen,
        template=report.template,
        stored_default=stored_default,
        submitted_at=report.submitted_at,
        submitted_by=actor,
    )
    again = f"（第{submission.number}次）" if submission.number > 1 else ""
    audit.record(
        actor,
        AuditAction.UPDATE,
        report,
        register=REGISTER,
        note=f"报送年度报告{again}，冻结 {len(use.figures)} 项统计数据",
    )
    return report


def digest_of(frozen: dict, template: bytes) -> str:
    """The digest (rules.content_digest) of content as submit freezes it."""
    previous = frozen.get("previous", {}).get("figures", {})
    return rules.content_digest(
        figures={key: entry["value"] for key, entry in frozen["figures"].items()},
        prose=frozen["prose"],
        meta=frozen["meta"],
        template_sha256=hashlib.sha256(template).hexdigest(),
        previous={key: entry["value"] for key, entry in previous.items()},
        roundings={
            key: entry["rounding"]
            for key, entry in {**previous, **frozen["figures"]}.items()
            if "rounding" in entry
        },
    )


def reason_problem(reason: str) -> str | None:
    """Why a withdrawal's reason cannot be taken, or None."""
    if not reason.strip():
        return "请填写撤回的理由。"
    if len(reason.strip()) > MAX_REASON:
        return f"撤回理由不能超过 {MAX_REASON} 字。"
    return text_problem(reason, "撤回理由")


@transaction.atomic
def withdraw(actor, report, reason: str) -> AnnualReport:
    """撤回: a 局领导 takes a submitted report back to draft, with his reason. The submission
    stays on record (ReportSubmission) with who withdrew it, when and why; the report is
    frozen afresh when it is submitted again. A published report is not withdrawn: the public
    has read it, and the system's copy must stay what was published."""
    problem = reason_problem(reason)
    if problem:
        raise ActionRefused(problem)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.PUBLISHED:
        raise ActionRefused("报告已公开，不能撤回。")
    if report.status != ReportStatus.SUBMITTED:
        raise ActionRefused("报告尚未报送，无需撤回。")
    if actor is not None:
        permissions.require("reports.withdraw", actor, report)
    reason = reason.strip()
    which = "报送"
    submission = report.submissions.filter(withdrawn_at=None).first()
    if submission is not None:
        which = f"第{submission.number}次报送"
        submission.withdrawn_at, submission.withdrawn_by = timezone.now(), actor
        submission.withdraw_reason = reason
        submission.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        if submission.stored_default:
            report.template = None
    report.status, report.frozen = ReportStatus.DRAFT, None
    report.submitted_at = report.submitted_by = None
    report.save()
    # The log names the status in words: a snapshot would show the stored code (submitted).
    audit.record(
        actor,
        AuditAction.UPDATE,
        report,
        register=REGISTER,
        note=f"撤回{which}，报告退回起草中。理由：{reason}",
    )
    return report


@transaction.atomic
def publish(actor, report) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ActionRefused("报告须先报送，才能公开。")
    if actor is not None:
        permissions.require("reports.manage", actor, report)
    report.status, report.published_at = ReportStatus.PUBLISHED, timezone.now()
    report.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor, AuditAction.UPDATE, report, register=REGISTER, note="公开年度报告")
    return report
