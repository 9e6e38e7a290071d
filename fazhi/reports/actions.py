"""Every change to a report: create it, write a prose block, choose or upload a template,
submit (balance checks, then the figures frozen) and publish — one function each, one
transaction, audited."""

import datetime
import hashlib

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import ActionRefused
from fazhi.core.models import BUREAUS, AuditAction, UnitKind
from fazhi.core.text import text_problem

from . import figures
from .content import meta_of, prose_of, template_bytes
from .models import AnnualReport, ProseRevision, ReportStatus, ReportTemplate
from .parts import BLOCKS, GENERAL_ROLES, PROSE_BLOCKS
from .rendering import validate_template

REGISTER = "annual_report"
ADDRESSEES = {
    UnitKind.COUNTY: "县委、县人民政府",
    UnitKind.PREFECTURE: "州（市）委、州（市）人民政府",
    UnitKind.PROVINCE: "省委、省人民政府",
}


def home_bureau(user):
    """The bureau whose report the user works on: his unit if it is one, else the nearest
    bureau above it (a section's, a 司法所's county). Cached on the user."""
    if user.unit_id is None:
        return None
    if not hasattr(user, "_home_bureau"):
        user._home_bureau = user.unit.bureau()
    return user._home_bureau


def _within(user, report) -> bool:
    bureau = home_bureau(user)
    return bureau is not None and bureau.pk == report.unit_id


# Who makes a report: its bureau's leaders and 法治 section, and the officers who write a part.
MAKER_ROLES = frozenset(GENERAL_ROLES).union(*(block.roles for block in PROSE_BLOCKS))


def readable(user) -> Q:
    """THE rule of who reads which reports (the list, a report's page, preview and .docx):

    - a draft is read only by those who make it: people of its bureau (home_bureau, so a
      section's or a 司法所's officers too) holding a maker role. A department's or a
      committee's 填报员 works under the county bureau but does not make its report, and the
      bureaus above receive it when it is submitted, not before;
    - a submitted or published report is read by its bureau's people, by those of the units
      below it whose work it reports, and by the bureaus above, to whom it was submitted;
    - never the three administrators (三员 hold no business data)."""
    if not user.is_authenticated or user.is_admin_role or user.unit_id is None:
        return Q(pk__in=[])
    bureau = home_bureau(user)
    own = Q(unit=bureau) if bureau is not None else Q(pk__in=[])
    draft = Q(status=ReportStatus.DRAFT)
    makes = own if user.role_codes & MAKER_ROLES else Q(pk__in=[])
    return (draft & makes) | (~draft & (Q(unit__path__startswith=user.unit.path) | own))


def may_view(user, report) -> bool:
    return AnnualReport.objects.filter(readable(user), pk=report.pk).exists()


def may_manage(user, report_or_unit) -> bool:
    """Create the report, set its particulars and template, submit and publish it: the
    bureau's leaders and its 法治 section (合法性审查), of that bureau — not those above or
    below it, who have reports of their own."""
    unit = getattr(report_or_unit, "unit", report_or_unit)
    bureau = home_bureau(user)
    return (
        bureau is not None and bureau.pk == unit.pk and bool(user.role_codes & set(GENERAL_ROLES))
    )


def may_write(user, report, block_key: str) -> bool:
    block = BLOCKS.get(block_key)
    return (
        block is not None
        and report.status == ReportStatus.DRAFT
        and _within(user, report)
        and bool(user.role_codes & set(block.roles))
    )


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
    if actor is not None and not may_manage(actor, unit):
        raise ActionRefused("只有本单位的局领导或法治（合法性审查）人员可以建立年度报告。")
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


def _draft(actor, report, check):
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DRAFT:
        raise ActionRefused("报告已报送，内容不能再修改。")
    if actor is not None and not check(report):
        raise ActionRefused("您无权修改这份报告的这一部分。")
    return report


@transaction.atomic
def write_prose(actor, report, block_key: str, text: str) -> ProseRevision:
    if block_key not in BLOCKS:
        raise ActionRefused(f"未知的段落「{block_key}」。")
    # fazhi's figure markers typed into prose would forge a figure in the preview.
    _refuse_bad_characters(text, BLOCKS[block_key].label)
    report = _draft(actor, report, lambda r: may_write(actor, r, block_key))
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
    report = _draft(actor, report, lambda r: may_manage(actor, r))
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
    report = _draft(actor, report, lambda r: may_manage(actor, r))
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
    report = _draft(actor, report, lambda r: may_manage(actor, r))
    report.template = None
    report.save(update_fields=["template", "updated_at"])
    audit.record(actor, AuditAction.UPDATE, report, register=REGISTER, note="改用默认模板")
    return report


@transaction.atomic
def submit(actor, report) -> AnnualReport:
    """报送: refused while a breakdown does not sum to its whole; otherwise the figures the
    template uses, with their records, the prose and the particulars are frozen."""
    report = _draft(actor, report, lambda r: may_manage(actor, r))
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
    if actor is not None and not may_manage(actor, report):
        raise ActionRefused("只有本单位的局领导或法治（合法性审查）人员可以公开报告。")
    report.status, report.published_at = ReportStatus.PUBLISHED, timezone.now()
    report.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor, AuditAction.UPDATE, report, register=REGISTER, note="公开年度报告")
    return report
