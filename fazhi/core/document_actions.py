"""Issuing a record's numbered documents, and cancelling one (issue 20): the number is taken
from its series in the caller's transaction, so a step and the documents it issues are written
together or not at all, with their audit entries (on the record, so that its history in the
audit log shows them).

Gapless and unique under any number of issuers: the series row is created if missing (an
INSERT that ignores a conflict, so two first issuers do not both create it) and then locked
(SELECT … FOR UPDATE) while its serial is taken; a rolled-back step gives its serial back with
it. A number given is never given again: a cancelled document keeps it, marked 作废.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import audit, permissions
from .access import may_change_record
from .errors import ActionRefused
from .models import BUREAUS, AuditAction, DocumentNumbering, DocumentSeries, IssuedDocument
from .numbering import default_pattern, format_number, pattern_problems
from .registers import get_register, register_of
from .roles import Role
from .text import text_problem

MAX_REASON = 200
FIRST_YEAR = 2000


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a register issues: its key (register.document), its title and its
    文种代字 (复受字), which the default number pattern uses."""

    key: str
    register: str
    title: str
    word: str


def pattern_for(unit, kind: DocumentKind) -> str:
    stored = DocumentNumbering.objects.filter(unit=unit, kind=kind.key).first()
    return stored.pattern if stored is not None else default_pattern(kind.word)


def issuing_unit(record):
    """The organ whose series numbers a record's documents: the 司法行政机关 the record's
    unit belongs to (Unit.bureau). A 司法所's 社区矫正 or a 调委会's case is the county's to
    number, so that two offices never give the same 文号."""
    return record.unit.bureau() or record.unit


@transaction.atomic
def issue(actor, kind: DocumentKind, record, day) -> IssuedDocument:
    """Number the document `kind` of `record`, dated `day` (its 成文日期), in the series of the
    issuing organ for that year. `actor` None is the operator at the command line."""
    register = register_of(type(record))
    if register is None or register.name != kind.register:
        raise ActionRefused(f"{kind.title}不是这类记录的文书。")
    if actor is not None and not may_change_record(actor, record):
        raise ActionRefused(f"您不能为这条记录制作{kind.title}。")
    if day.year < FIRST_YEAR or day > timezone.localdate():
        raise ActionRefused(
            f"成文日期「{day.isoformat()}」不能晚于今天，也不能早于{FIRST_YEAR}年。"
        )
    unit = issuing_unit(record)
    pattern = pattern_for(unit, kind)
    DocumentSeries.objects.bulk_create(
        [DocumentSeries(unit=unit, kind=kind.key, year=day.year)], ignore_conflicts=True
    )
    series = DocumentSeries.objects.select_for_update().get(unit=unit, kind=kind.key, year=day.year)
    series.last += 1
    series.save(update_fields=["last"])
    document = IssuedDocument.objects.create(
        register=kind.register,
        record_id=record.pk,
        unit=unit,
        kind=kind.key,
        title=kind.title,
        year=day.year,
        serial=series.last,
        number=format_number(pattern, day.year, series.last),
        issued_on=day,
        issued_by=actor,
    )
    audit.record(
        actor,
        AuditAction.ISSUE_DOCUMENT,
        record,
        register=kind.register,
        after={"document": kind.title, "document_number": document.number},
        note=f"制作{kind.title}（{document.number}）",
    )
    return document


@transaction.atomic
def cancel(actor, document: IssuedDocument, record, reason: str) -> IssuedDocument:
    """作废 a document: it keeps its number, which is never given again; the reason is
    required and audited."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    register = get_register(document.register)
    if document.record_id != record.pk or register.model is not type(record):
        raise ActionRefused("这份文书不属于这条记录。")
    if actor is not None and not may_change_record(actor, record):
        raise ActionRefused(f"您不能作废这条记录的{document.title}。")
    if document.cancelled:
        raise ActionRefused(f"{document.title}（{document.number}）已经作废。")
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("请写明作废的理由。")
    if len(reason) > MAX_REASON:
        raise ActionRefused(f"作废理由最多 {MAX_REASON} 个字。")
    problem = text_problem(reason, "作废理由")
    if problem:
        raise ActionRefused(problem)
    document.cancelled_at, document.cancelled_by = timezone.now(), actor
    document.cancel_reason = reason
    document.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(
        actor,
        AuditAction.CANCEL_DOCUMENT,
        record,
        register=document.register,
        after={"document": document.title, "document_number": document.number},
        note=f"作废{document.title}（{document.number}），文号不再使用；理由：{reason}",
    )
    return document


@transaction.atomic
def set_pattern(actor, unit, kind: DocumentKind, pattern: str) -> DocumentNumbering:
    """An organ's own number pattern for a kind of document: set by its 局领导 or system
    administrator, checked, never one its other kinds of document use (their numbers would
    clash), and audited with the pattern it replaces."""
    if actor is not None:
        permissions.require("documents.set_pattern", actor, unit)
    pattern = (pattern or "").strip()
    problems = pattern_problems(pattern)
    if problems:
        raise ActionRefused("；".join(problems))
    taken = DocumentNumbering.objects.filter(unit=unit, pattern=pattern).exclude(kind=kind.key)
    if taken.exists():
        raise ActionRefused("本单位另一种文书已使用这个编号格式，两种文书的文号会重复。")
    before = pattern_for(unit, kind)
    stored, _ = DocumentNumbering.objects.update_or_create(
        unit=unit, kind=kind.key, defaults={"pattern": pattern, "updated_by": actor}
    )
    audit.record(
        actor,
        AuditAction.UPDATE,
        unit,
        before={"document": kind.title, "number_pattern": before},
        after={"document": kind.title, "number_pattern": stored.pattern},
        note=f"设置{kind.title}的编号格式",
    )
    return stored


def may_set_pattern(user, unit) -> bool:
    """An organ's number patterns are its 局领导's and its system administrator's to set."""
    roles = {Role.LEADER, Role.SYSTEM_ADMIN}
    return bool(user.role_codes & roles) and unit.is_within(user.unit) and unit.kind in BUREAUS


def register_rules():
    """Called once from CoreConfig.ready()."""
    permissions.register(
        "documents.set_pattern",
        may_set_pattern,
        "只有本单位的局领导或系统管理员可以设置文书编号格式。",
    )
