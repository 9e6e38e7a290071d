"""Issuing a record's documents, cancelling one, recording its 送达, and a bureau's own templates
(issue 20). `make` renders a declared case document (core/case_documents.py) from the record,
numbers it and keeps the .docx as issued, sealed. The number is taken
from its series in the caller's transaction, so a step and the documents it issues are written
together or not at all, with their audit entries (on the record, so that its history in the
audit log shows them).

Gapless and unique under any number of issuers: the series row is created if missing (an
INSERT that ignores a conflict, so two first issuers do not both create it) and then locked
(SELECT … FOR UPDATE) while its serial is taken; a rolled-back step gives its serial back with
it. A number given is never given again: a cancelled document keeps it, marked 作废.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import audit, case_documents, permissions, sealed_files
from .access import may_change_record
from .case_documents import CaseDocument, CaseFile
from .choices import DeliveryMethod
from .documents import DocumentRefused
from .errors import ActionRefused
from .masks import mask
from .models import (
    BUREAUS,
    AuditAction,
    DocumentNumbering,
    DocumentSeries,
    DocumentTemplate,
    IssuedDocument,
)
from .numbering import default_pattern, format_number, number_regex, pattern_problems
from .personal import reason_for
from .registers import get_register, register_of
from .roles import Role
from .text import required_text

MAX_REASON = 200
MAX_NAME = 100
FIRST_YEAR = 2000
# A bureau's own template of one document: a few pages of Word, far below the report's.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a register issues: its key (register.document), its title and its
    文种代字 (复受字), which the default number pattern uses."""

    key: str
    register: str
    title: str
    word: str


def _record_day(register, record) -> datetime.date | None:
    """The day the record begins (its register's date field): no document predates it."""
    value = getattr(record, register.date_field, None)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value if isinstance(value, datetime.date) else None


def pattern_for(unit, kind: DocumentKind) -> str:
    stored = DocumentNumbering.objects.filter(unit=unit, kind=kind.key).first()
    return stored.pattern if stored is not None else default_pattern(kind.word)


def issuing_unit(record):
    """The organ whose series numbers a record's documents when its register names none
    (CaseFile.issuer): the 司法行政机关 the record's unit belongs to (Unit.bureau). A 司法所's
    社区矫正 case is the county's to number, so that two offices never give the same 文号."""
    return record.unit.bureau() or record.unit


@transaction.atomic
def issue(actor, kind: DocumentKind, record, day, unit=None) -> IssuedDocument:
    """Number the document `kind` of `record`, dated `day` (its 成文日期), in the series of the
    issuing organ (`unit`, default issuing_unit) for that year; a kind without a 文种代字 takes
    no number (serial 0). `actor` None is the operator at the command line."""
    register = register_of(type(record))
    if register is None or register.name != kind.register:
        raise ActionRefused(f"{kind.title}不是这类记录的文书。")
    if actor is not None and not may_change_record(actor, record):
        raise ActionRefused(f"您不能为这条记录制作{kind.title}。")
    if day.year < FIRST_YEAR or day > timezone.localdate():
        raise ActionRefused(
            f"成文日期「{day.isoformat()}」不能晚于今天，也不能早于{FIRST_YEAR}年。"
        )
    begun = _record_day(register, record)
    if begun is not None and day < begun:
        since = register.model._meta.get_field(register.date_field).verbose_name
        raise ActionRefused(
            f"成文日期「{day.isoformat()}」早于这条记录的{since}（{begun.isoformat()}）。"
        )
    unit = unit or issuing_unit(record)
    serial, number = 0, ""
    if kind.word:
        pattern = pattern_for(unit, kind)
        DocumentSeries.objects.bulk_create(
            [DocumentSeries(unit=unit, kind=kind.key, year=day.year)], ignore_conflicts=True
        )
        series = DocumentSeries.objects.select_for_update().get(
            unit=unit, kind=kind.key, year=day.year
        )
        series.last += 1
        series.save(update_fields=["last"])
        serial, number = series.last, format_number(pattern, day.year, series.last)
        if IssuedDocument.objects.filter(unit=unit, number=number).exists():
            # Two kinds whose patterns write the same number (set before set_pattern's check).
            raise ActionRefused(
                f"文号「{number}」已被本单位的另一份文书使用，"
                f"请在文书设置中修改{kind.title}的编号格式。"
            )
    document = IssuedDocument.objects.create(
        register=kind.register,
        record_id=record.pk,
        unit=unit,
        kind=kind.key,
        title=kind.title,
        year=day.year,
        serial=serial,
        number=number,
        issued_on=day,
        issued_by=actor,
    )
    shown = f"{kind.title}（{number}）" if number else kind.title
    audit.record(
        actor,
        AuditAction.ISSUE_DOCUMENT,
        record,
        register=kind.register,
        after={"document": kind.title, "document_number": number or "不编号"},
        note=f"制作{shown}",
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
        raise ActionRefused(f"{document.label}已经作废。")
    reason = required_text(reason, "作废理由", MAX_REASON, "请写明作废的理由。")
    document.cancelled_at, document.cancelled_by = timezone.now(), actor
    document.cancel_reason = reason
    document.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(
        actor,
        AuditAction.CANCEL_DOCUMENT,
        record,
        register=document.register,
        after={"document": document.title, "document_number": document.number},
        note=f"作废{document.label}，文号不再使用；理由：{reason}",
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
    others = [k for k in all_kinds() if k.key != kind.key and k.word]
    if any(pattern_for(unit, other) == pattern for other in others):
        raise ActionRefused("本单位另一种文书已使用这个编号格式，两种文书的文号会重复。")
    written = IssuedDocument.objects.filter(unit=unit, number__regex=number_regex(pattern))
    if written.exclude(kind=kind.key).exists():
        raise ActionRefused(
            "本单位另一种文书已按这个格式编过号（如更换格式前），两种文书的文号会重复。"
        )
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


def issuing_kinds() -> set[str]:
    """The kinds of unit that issue documents in their own name: the bureaus, and the organs
    the registers declare (a 法律援助中心, a 公证处, a 调委会)."""
    return {*BUREAUS, *(k for f in case_documents.CASE_FILES.values() for k in f.issuer_kinds)}


def may_set_pattern(user, unit=None) -> bool:
    """The number patterns and templates of a bureau and of the organs below it that issue
    documents of their own are the bureau's 局领导's and system administrator's to set (of his
    own unit when none is named: the 文书设置 page)."""
    if not user.is_authenticated or user.unit_id is None or user.unit.kind not in BUREAUS:
        return False
    unit = unit or user.unit
    roles = {Role.LEADER, Role.SYSTEM_ADMIN}
    if not user.role_codes & roles or unit.kind not in issuing_kinds():
        return False
    # His own bureau, or an organ of it: a prefecture's leader does not set a county's.
    return unit.pk == user.unit_id or (unit.kind not in BUREAUS and unit.bureau() == user.unit)


def register_rules():
    """Called once from CoreConfig.ready()."""
    permissions.register(
        "documents.set_pattern",
        may_set_pattern,
        "只有本单位的局领导或系统管理员可以设置文书编号格式。",
    )


def all_kinds() -> list[DocumentKind]:
    """Every kind of document every register declares."""
    return [kind_of(f, d) for f in case_documents.CASE_FILES.values() for d in f.documents]


def kind_of(case_file: CaseFile, document: CaseDocument) -> DocumentKind:
    return DocumentKind(
        key=case_documents.kind_key(case_file, document),
        register=case_file.register,
        title=document.title,
        word=document.word,
    )


def template_for(unit, case_file: CaseFile, document: CaseDocument) -> bytes:
    """The organ's own template of the document, else its default one."""
    own = DocumentTemplate.objects.filter(
        unit=unit, kind=case_documents.kind_key(case_file, document)
    ).first()
    return bytes(own.content) if own is not None else case_documents.default_template(document)


def draft(case_file: CaseFile, document: CaseDocument, record, day) -> bytes:
    """The document as it would be issued today, its number not yet given: for the officer
    to read before he issues it."""
    values = case_documents.values_for(
        case_file, document, record, number=case_documents.DRAFT_NUMBER, day=day
    )
    template = template_for(case_file.issuer(record), case_file, document)
    return _rendered(template, values)


def _rendered(template: bytes, values) -> bytes:
    try:
        return case_documents.render(template, values)
    except DocumentRefused as refused:
        raise ActionRefused(
            "本单位的文书模板无法生成文书：" + "；".join(refused.problems)
        ) from None


@transaction.atomic
def make(actor, case_file: CaseFile, record, key: str, day) -> IssuedDocument:
    """Issue the document `key` of `record`: number it (if its kind takes one), render it from
    the record with that number, and keep the .docx as issued, sealed, so that it downloads the
    same later. One transaction: a failed render gives the number back."""
    document = case_file.document(key)
    if not document.when(record):
        raise ActionRefused(f"这条记录现在不需要{document.title}。")
    issued = issue(actor, kind_of(case_file, document), record, day, case_file.issuer(record))
    values = case_documents.values_for(case_file, document, record, number=issued.number, day=day)
    content = _rendered(template_for(issued.unit, case_file, document), values)
    issued.content = sealed_files.seal(content)
    issued.recipient = values.get(document.recipient, "")[:MAX_NAME] if document.recipient else ""
    issued.save(update_fields=["content", "recipient"])
    return issued


@transaction.atomic
def take_step_with_documents(
    case_file: CaseFile | None, take_step, actor, record, key: str, day, documents=(), **inputs
) -> list[IssuedDocument]:
    """A step and the documents issued with it, written together or not at all (the number is
    given in the step's transaction). Of the documents ticked, those the record's facts call
    for after the step are issued (a decision step offers both 给予 and 不予; the decision
    taken says which one applies)."""
    take_step(actor, record, key, day, **inputs)
    if case_file is not None:
        _delivered_by_step(actor, case_file, record, key, day, inputs)
    if not documents:
        return []
    issued_here = {d.key for d in case_file.documents if d.step == key} if case_file else set()
    if not set(documents) <= issued_here:
        raise ActionRefused("所选文书不是这一步骤出具的文书。")
    record.refresh_from_db()
    return [
        make(actor, case_file, record, document_key, day)
        for document_key in documents
        if case_file.document(document_key).when(record)
    ]


def content_of(actor, document: IssuedDocument, record) -> bytes:
    """The issued .docx. A download of a document of a register holding personal data is
    audited (who read whose document, and when)."""
    if document.content_id is None:
        raise ActionRefused(f"{document.label}是编号功能上线前出具的，系统中没有它的文件。")
    try:
        data = sealed_files.unseal(document.content)
    except sealed_files.SealedFileBroken as broken:
        raise ActionRefused(str(broken)) from None
    audit_read(
        actor, document.register, record, document.title, f"下载{document.label}", document.number
    )
    return data


def audit_read(actor, register_name: str, record, title: str, what: str, number="") -> None:
    """A document of a register of personal data given out (downloaded, or its draft read):
    who read whose, when, and the reason he stated."""
    if not get_register(register_name).sensitive:
        return
    reason = reason_for(actor, register_name) if actor is not None else ""
    audit.record(
        actor,
        AuditAction.DOWNLOAD,
        record,
        register=register_name,
        after={"document": title, "document_number": number or "草稿"},
        note=what + (f"；事由：{reason}" if reason else ""),
    )


@transaction.atomic
def deliver(
    actor, case_file: CaseFile, document: IssuedDocument, record, *, day, method, signer
) -> IssuedDocument:
    """Record a document's 送达: the day it was received (on the 送达回证 or the post's receipt),
    how, and who signed for it. Where the document's delivery starts a period, the register's
    step that records it is taken in the same transaction, so the deadline moves with it."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    declared = _declared(case_file, document, record)
    if actor is not None and not may_change_record(actor, record):
        raise ActionRefused(f"您不能登记这条记录的{document.title}的送达。")
    if document.cancelled:
        raise ActionRefused(f"{document.label}已经作废，不能登记送达。")
    if not declared.recipient:
        raise ActionRefused(f"{document.title}不需要送达。")
    if document.delivered_on is not None:
        raise ActionRefused(f"{document.label}已于{document.delivered_on.isoformat()}送达。")
    if not isinstance(day, datetime.date) or day < document.issued_on:
        raise ActionRefused("送达日期不能早于文书的成文日期。")
    if day > timezone.localdate():
        raise ActionRefused("送达日期不能晚于今天。")
    if method not in DeliveryMethod.values:
        raise ActionRefused(f"请选择送达方式：{'、'.join(DeliveryMethod.labels)}。")
    signer = required_text(signer, "签收人", MAX_NAME)
    if (
        declared.delivery_step
        and case_file.take_step is not None
        and not declared.delivered(record)
    ):
        case_file.take_step(
            actor, record, declared.delivery_step, day, delivery_method=method, recipient=signer
        )
    _mark_delivered(actor, document, record, day, method, signer)
    return document


def _delivered_by_step(actor, case_file: CaseFile, record, key: str, day, inputs) -> None:
    """A delivery recorded by the register's own step (副本送达 on the step form) is the
    delivery of the latest such document awaiting it: the two never disagree."""
    for declared in case_file.documents:
        if declared.delivery_step != key:
            continue
        waiting = (
            IssuedDocument.objects.filter(
                register=case_file.register,
                record_id=record.pk,
                kind=case_documents.kind_key(case_file, declared),
                delivered_on__isnull=True,
                cancelled_at__isnull=True,
                issued_on__lte=day,
            )
            .order_by("-issued_on", "-id")
            .first()
        )
        method, signer = inputs.get("delivery_method", ""), inputs.get("recipient", "")
        if waiting is not None and method in DeliveryMethod.values and signer:
            _mark_delivered(actor, waiting, record, day, method, signer[:MAX_NAME])


def _mark_delivered(actor, document: IssuedDocument, record, day, method, signer) -> None:
    document.delivered_on, document.delivery_method = day, method
    document.delivered_to, document.delivery_recorded_by = signer, actor
    document.save(
        update_fields=["delivered_on", "delivery_method", "delivered_to", "delivery_recorded_by"]
    )
    audit.record(
        actor,
        AuditAction.DELIVER_DOCUMENT,
        record,
        register=document.register,
        after={
            "document": document.title,
            "document_number": document.number,
            "delivered_on": day.isoformat(),
            "delivery_method": DeliveryMethod(method).label,
        },
        note=f"{document.label}于{day.isoformat()}{DeliveryMethod(method).label}，"
        f"签收人{mask('name', signer) if get_register(document.register).sensitive else signer}",
    )


def _declared(case_file: CaseFile, document: IssuedDocument, record) -> CaseDocument:
    if (
        document.record_id != record.pk
        or document.register != case_file.register
        or get_register(case_file.register).model is not type(record)
    ):
        raise ActionRefused("这份文书不属于这条记录。")
    key = document.kind.removeprefix(f"{case_file.register}.")
    try:
        return case_file.document(key)
    except KeyError:
        raise ActionRefused(f"{document.title}已不在本登记簿的文书之列。") from None


@transaction.atomic
def set_template(
    actor, unit, case_file: CaseFile, document: CaseDocument, data: bytes, name: str
) -> DocumentTemplate:
    """An organ's own template of a document, after the check: it must render with the
    document's names alone (an unknown placeholder, a forbidden construct or a file that is no
    .docx is refused in Chinese, and nothing is stored)."""
    kind = kind_of(case_file, document)
    if actor is not None:
        permissions.require("documents.set_pattern", actor, unit)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ActionRefused(f"模板文件不能超过 {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB。")
    name = required_text(name, "模板文件名", 200)
    try:
        case_documents.check_template(case_file, document, data)
    except DocumentRefused as refused:
        raise ActionRefused("；".join(refused.problems)) from None
    stored, _ = DocumentTemplate.objects.update_or_create(
        unit=unit,
        kind=kind.key,
        defaults={"content": data, "name": name, "uploaded_by": actor},
    )
    audit.record(
        actor,
        AuditAction.DOCUMENT_TEMPLATE,
        unit,
        after={"document": kind.title, "template": name},
        note=f"上传{kind.title}的模板「{name}」",
    )
    return stored


@transaction.atomic
def drop_template(actor, unit, case_file: CaseFile, document: CaseDocument) -> None:
    """Back to the document's default template."""
    kind = kind_of(case_file, document)
    if actor is not None:
        permissions.require("documents.set_pattern", actor, unit)
    deleted, _ = DocumentTemplate.objects.filter(unit=unit, kind=kind.key).delete()
    if deleted:
        audit.record(
            actor,
            AuditAction.DOCUMENT_TEMPLATE,
            unit,
            after={"document": kind.title, "template": "默认模板"},
            note=f"{kind.title}恢复使用默认模板",
        )


def purge(actor, register_name: str, records, reason: str) -> list:
    """The documents of records leaving storage (manage.py purge_expired): their .docx as
    issued, which prints the person in full, is deleted with its sealed bytes, and the 受送达人
    and 签收人 cleared; the row keeps its number, so the series stays gapless and the number is
    never given again. Call in the purge's transaction; gives the unsaved audit entries, one per
    document, for the purge to write with its own."""
    by_id = {record.pk: record for record in records}
    doomed = list(
        IssuedDocument.objects.filter(register=register_name, record_id__in=list(by_id)).order_by(
            "id"
        )
    )
    entries = [
        audit.entry(
            actor,
            AuditAction.DELETE,
            by_id[document.record_id],
            register=register_name,
            before={"document": document.title, "document_number": document.number},
            note=f"超过保存期限，随记录删除{document.label}的文件（文号保留，不再使用）；理由：{reason}",
        )
        for document in doomed
    ]
    files = [document.content_id for document in doomed if document.content_id]
    IssuedDocument.objects.filter(pk__in=[document.pk for document in doomed]).update(
        content=None, recipient="", delivered_to=""
    )
    sealed_files.SealedFile.objects.filter(pk__in=files).delete()
    return entries
