"""The demo's case documents (issue 20): a few issued, one of them delivered, for each register
that issues documents, and a scanned paper on each register's first record, so that a new user
sees the 文书 and 案件材料 sections, the board's 待送达 and a numbered series at work. Issued as
the operator (actor None), dated today, through the one write path of documents; run once (a
second `demo` finds them there)."""

import contextlib

from fazhi.core import attachments, case_documents, document_actions
from fazhi.core.errors import ActionRefused, StepRefused
from fazhi.core.models import IssuedDocument
from fazhi.core.registers import REGISTERS, get_register

RECORDS_PER_REGISTER = 2


def load(today) -> int:
    if IssuedDocument.objects.exists():
        return 0
    made = 0
    filed = set()
    for name, case_file in sorted(case_documents.CASE_FILES.items()):
        model = get_register(name).model
        for record in _records_with_documents(model, case_file):
            made += _issue_some(case_file, record, today)
            if name not in filed:  # the case shows its documents and its files together
                _attach_application(name, record)
                filed.add(name)
    for name, register in sorted(REGISTERS.items()):
        # The record its list shows first, the newest: the one a visitor opens.
        first = register.model.objects.order_by(f"-{register.date_field}", "-id").first()
        if first is not None and name not in filed:
            _attach_application(name, first)
    return made


def _attach_application(register: str, record) -> None:
    """A scanned paper on the first record of each register (every record page holds files): a
    one-page PDF, written here so that the demo ships no binary file."""
    attachments.accept(
        None,
        register,
        record,
        kind="application",
        name=f"{record.number}原始材料（扫描件）.pdf",
        data=_one_page_pdf(),
    )


def _one_page_pdf() -> bytes:
    """A blank A4 page (ISO 32000-1 §7.5: header, objects, cross-reference table, trailer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def _records_with_documents(model, case_file) -> list:
    found = []
    for record in model.objects.select_related("unit").order_by("-pk")[:200]:
        if any(d.word for d in case_documents.offered(case_file, record)):
            found.append(record)
        if len(found) == RECORDS_PER_REGISTER:
            break
    return found


def _issue_some(case_file, record, today) -> int:
    """The first numbered document the record calls for, delivered on the first record only if
    its delivery starts no period (a period's step has its own order); and the first
    unnumbered one."""
    offered = case_documents.offered(case_file, record)
    numbered = next(d for d in offered if d.word)
    issued = document_actions.make(None, case_file, record, numbered.key, today)
    made = 1
    if record.pk % 2 and numbered.recipient and not numbered.delivery_step:
        # Refused (the rules' order): the demo shows it awaiting delivery instead.
        with contextlib.suppress(ActionRefused, StepRefused):
            document_actions.deliver(
                None, case_file, issued, record, day=today, method="direct", signer=issued.recipient
            )
    plain = next((d for d in offered if not d.word), None)
    if plain is not None:
        document_actions.make(None, case_file, record, plain.key, today)
        made += 1
    return made
