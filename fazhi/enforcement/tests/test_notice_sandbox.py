"""Issue 15, point 1 for the 整改通知书: its Word template goes through the same renderer as an
uploaded report template. Were the template file replaced by one carrying an injection payload,
nothing would run; text typed into a finding is printed as text, never evaluated."""

import datetime
import html
import io
import re
import zipfile
from types import SimpleNamespace

import pytest

from fazhi.core.documents import DocumentRefused
from fazhi.enforcement import notice
from fazhi.reports.tests.injection_corpus import PAYLOADS, armed, docx_with


def _notice(findings=()):
    return notice.notice_docx(
        issuer="古丈县司法局",
        department="古丈县公安局",
        batch="2024年县级评查",
        reviewed=3,
        findings=list(findings),
        day=datetime.date(2024, 6, 20),
    )


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_notice_template_carrying_a_payload_is_refused(monkeypatch, tmp_path, name):
    canary = tmp_path / "canary"
    template = tmp_path / "notice.docx"
    template.write_bytes(docx_with("致{{ department }}：", armed(PAYLOADS[name], canary)))
    monkeypatch.setattr(notice, "TEMPLATE", template)
    with pytest.raises(DocumentRefused) as refused:
        _notice()
    assert refused.value.problems and not canary.exists()


def test_what_a_finding_says_is_printed_as_text_not_run():
    finding = SimpleNamespace(
        file_name="案卷{{ 7*7 }}",
        problems='{{ lipsum.__globals__["os"].popen("id").read() }} & <未告知>\x01',
        rectification_deadline=datetime.date(2024, 7, 12),
    )
    with zipfile.ZipFile(io.BytesIO(_notice([finding]))) as docx:
        xml = docx.read("word/document.xml").decode()
    text = html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))
    assert "案卷{{ 7*7 }}" in text and "49" not in text
    assert '{{ lipsum.__globals__["os"].popen("id").read() }} & <未告知>\ufffd' in text
    assert "uid=" not in text
