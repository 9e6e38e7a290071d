"""Every case document every register declares renders from a case of the demo, as `make run`
loads it (issue 20: "for each register named above, every listed document renders from a demo
case"), and the demo itself shows documents issued, numbered and awaiting delivery."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core import case_documents, document_actions, sealed_files
from fazhi.core.models import Attachment, IssuedDocument
from fazhi.core.registers import REGISTERS, get_register

PASSWORD = "Demo-Pass-2026!x"
DOCUMENT_REGISTERS = {
    "reconsideration",
    "legal_aid",
    "notarization",
    "mediation",
    "corrections_subject",
}
# Forms a party fills in by hand: they print the organ and their title, nothing of the record
# (a mediation case keeps no party's name: the applicant writes his own).
BLANK_FORMS = {"mediation.application"}


@pytest.fixture
def demo_data(demo_once, db):
    """The demo, loaded once for the module (conftest.demo_once)."""


def test_every_declared_document_renders_from_a_demo_case(demo_data):
    assert set(case_documents.CASE_FILES) >= DOCUMENT_REGISTERS
    today = timezone.localdate()
    missing, blank, rendered = [], set(), 0
    for name, case_file in sorted(case_documents.CASE_FILES.items()):
        records = list(get_register(name).model.objects.select_related("unit").order_by("pk"))
        for document in case_file.documents:
            record = next((r for r in records if document.when(r)), None)
            if record is None:
                missing.append(f"{name}.{document.key}")
                continue
            text = case_documents.docx_text(
                document_actions.draft(case_file, document, record, today)
            )
            assert case_file.organ(record) in text, (name, document.key)
            assert document.title in text, (name, document.key)
            values = [v for v in case_file.values(record).values() if isinstance(v, str)]
            shown = [v for v in values if len(v) >= 2 and v in text]
            if not shown and record.number not in text:
                blank.add(f"{name}.{document.key}")
            rendered += 1
    assert not missing, f"no demo case calls for: {missing}"
    assert blank == BLANK_FORMS
    assert rendered == sum(len(f.documents) for f in case_documents.CASE_FILES.values())


def test_the_demo_issues_numbered_documents_some_awaiting_delivery(demo_data):
    issued = list(IssuedDocument.objects.all())
    assert {d.register for d in issued} >= {"reconsideration", "legal_aid", "corrections_subject"}
    numbered = [d for d in issued if d.number]
    assert numbered and all(d.serial >= 1 for d in numbered)
    assert any(d.awaiting_delivery for d in issued)
    for document in issued:
        assert case_documents.docx_text(sealed_files.unseal(document.content))
    # Each register's first record holds a scanned paper.
    filed = Attachment.objects.filter(kind="application")
    assert set(filed.values_list("register", flat=True)) == set(REGISTERS)
    assert {d.register for d in issued} == set(case_documents.CASE_FILES)
    # A second run adds none.
    call_command("demo", password=PASSWORD, stdout=io.StringIO())
    assert IssuedDocument.objects.count() == len(issued)
    assert Attachment.objects.count() == filed.count()
