"""Every change to a report: create it, write a prose block, choose or upload a template,
submit (balance checks, then the figures frozen) and publish — one function each, one
transaction, audited."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, permissions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import BUREAUS, AuditAction, UnitKind
from fazhi.core.text import text_problem

from . import figures
from .content import meta_of, prose_of, template_bytes
from .models import AnnualReport, ProseRevision, ReportStatus, ReportTemplate
from .parts import BLOCKS
from .rendering import validate_template

REGISTER = "annual_report"
ADDRESSEES = {
    UnitKind.COUNTY: "县委、县人民政府",
    UnitKind.PREFECTURE: "州（市）委、州（市）人民政府",
    UnitKind.PROVINCE: "省委、省人民政府",
}


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
def submit(actor, report) -> AnnualReport:
    """报送: refused while a breakdown does not sum to its whole; otherwise the figures the
    template uses, with their records, the prose and the particulars are frozen."""
    report = _draft(actor, report, "reports.manage")
    problems = figures.balance_problems(report.unit, report.year)
    if problems:
        raise ActionRefused("数据不平衡，不能报送：" + "；".join(problems) + "。请先核对这些记录。")
    template = template_bytes(report)
    meta = meta_of(report)
    keys = validate_template(template, meta)
    if report.template is None:
        # The default template is code and may change with a release: keep the one used.
        stored = ReportTemplate.objects.create(
            unit=report.unit,
            name="默认模板",
            content=template,
            sha256=hashlib.sha256(template).hexdigest(),
            uploaded_by=actor,
        )
        report.template = stored
    report.frozen = {
        "figures": figures.freeze(keys, report.unit, report.year),
        "prose": prose_of(report),
        "meta": {**meta, "sign_date": meta["sign_date"].isoformat() if meta["sign_date"] else ""},
    }
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), actor
    report.save()
    audit.record(
        actor,
        AuditAction.UPDATE,
        report,
        register=REGISTER,
        note=f"报送年度报告，冻结 {len(keys)} 项统计数据",
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
