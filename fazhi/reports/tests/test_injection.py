"""Issue 15, point 1: an uploaded Word template is code its uploader wrote. Every known Jinja
injection payload is refused at upload with a Chinese message and stores nothing; a payload
already stored (written straight into ReportTemplate, as one uploaded before the fix would be)
never runs on the preview or the download; and the sandbox alone, without the allow-list in
front of it, still lets none of them reach Python."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core import documents
from fazhi.core.models import AuditEntry
from fazhi.core.roles import Role
from fazhi.publicity import actions as publicity
from fazhi.reports import actions
from fazhi.reports.content import default_template_bytes
from fazhi.reports.models import AnnualReport, ReportTemplate
from fazhi.reports.rendering import Content, TemplateInvalid, document_text, render
from fazhi.reports.tests.ready import complete

from .injection_corpus import PAYLOADS, armed, docx_with

FIGURE = '本年度共发布稿件{{ v("publicity.articles") }}篇。'
CHINESE = re.compile("[\u4e00-\u9fff]")


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
    }


@pytest.fixture
def report(tree, people):
    publicity.register_article(
        None, unit=tree["county"], number="稿1", published_date="2024-05-06", title="稿件",
        platform="own_account",
    )  # fmt: skip
    made = actions.create_report(people["fazhi"], unit=tree["county"], year=2024)
    actions.write_prose(people["fazhi"], made, "opening", "第一段。\n第二段。")
    return made


def _leaks(text: str, canary) -> list[str]:
    """What a payload that ran would have left: the canary file, a uid, the secret key."""
    found = []
    if canary.exists():
        found.append("canary written")
    if "uid=" in text:
        found.append("uid in output")
    if settings.SECRET_KEY in text:
        found.append("SECRET_KEY in output")
    return found


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_every_payload_is_refused_at_upload_in_chinese_and_stores_nothing(
    client, report, people, tmp_path, name
):
    canary = tmp_path / "canary"
    template = docx_with(FIGURE, armed(PAYLOADS[name], canary))
    client.force_login(people["fazhi"])
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("reports:template", args=[report.pk]),
        {"file": SimpleUploadedFile("模板.docx", template)},
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown and all(m.startswith("模板未采用：") for m in shown), shown
    assert all(CHINESE.search(m.removeprefix("模板未采用：")) for m in shown), shown
    assert "模板已通过检查并采用。" not in shown
    report.refresh_from_db()
    assert report.template_id is None and not ReportTemplate.objects.exists()
    assert AuditEntry.objects.count() == entries
    assert _leaks(" ".join(shown), canary) == []


@pytest.mark.parametrize("where", ["title", "header"])
def test_a_payload_in_the_title_or_header_is_refused_too(report, people, tmp_path, where):
    canary = tmp_path / "canary"
    payload = armed(PAYLOADS["lipsum_globals_os"], canary)
    template = docx_with(FIGURE, **{where: payload})
    with pytest.raises(TemplateInvalid) as refused:
        actions.upload_template(people["fazhi"], report, name="模板.docx", content=template)
    assert "不允许的写法" in refused.value.problems[0]
    assert not canary.exists()


def _store(report, template: bytes):
    """As an upload before the fix would have left it: straight into the table, unchecked."""
    stored = ReportTemplate.objects.create(
        unit=report.unit, name="旧模板.docx", content=template, sha256="-"
    )
    AnnualReport.objects.filter(pk=report.pk).update(template=stored)


def test_a_payload_stored_before_the_fix_never_runs_on_preview_or_download(
    client, report, people, tmp_path
):
    client.force_login(people["fazhi"])
    detail = reverse("reports:detail", args=[report.pk])
    download = reverse("reports:download", args=[report.pk])
    failures = {}
    for name, payload in sorted(PAYLOADS.items()):
        canary = tmp_path / f"canary-{name}"
        _store(report, docx_with(FIGURE, armed(payload, canary)))
        page = client.get(detail)
        text = page.content.decode()
        problems = []
        if page.status_code != 200 or '<ul class="msg error"><li>' not in text:
            problems.append(f"preview {page.status_code}")
        fetched = client.get(download)
        shown = [str(m) for m in get_messages(fetched.wsgi_request)]
        if fetched.status_code != 302 or not shown or not CHINESE.search(shown[0]):
            problems.append(f"download {fetched.status_code} {shown}")
        problems += _leaks(text + " ".join(shown), canary)
        if problems:
            failures[name] = problems
    assert failures == {}


def test_a_submitted_report_with_a_stored_payload_does_not_run_it(client, report, people, tmp_path):
    actions.submit(people["leader"], complete(report))
    client.force_login(people["leader"])
    for name in ("lipsum_globals_os", "v_func_globals_os", "subclass_popen"):
        canary = tmp_path / f"canary-{name}"
        _store(report, docx_with(FIGURE, armed(PAYLOADS[name], canary)))
        page = client.get(reverse("reports:detail", args=[report.pk]))
        assert page.status_code == 200 and '<ul class="msg error"><li>' in page.content.decode()
        fetched = client.get(reverse("reports:download", args=[report.pk]))
        assert fetched.status_code == 302
        assert _leaks(page.content.decode(), canary) == []


def _content(mark=False) -> Content:
    return Content(
        values={"publicity.articles": 43},
        prose={"opening": "第一段。\n第二段。"},
        meta={"title": "古丈县司法局关于2024年度", "title_more": "法治政府建设情况的报告",
              "unit_name": "古丈县司法局", "year": 2024, "addressee": "县委", "signer": "局",
              "sign_date": None},
        mark=mark,
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_the_sandbox_alone_lets_no_payload_reach_python(monkeypatch, tmp_path, name):
    """Layer 2 on its own: with the allow-list switched off, a payload either fails with a
    Chinese message or renders harmless text; none runs a command or prints a secret."""
    monkeypatch.setattr(documents, "check_source", lambda *args, **kwargs: [])
    canary = tmp_path / "canary"
    template = docx_with(FIGURE, armed(PAYLOADS[name], canary))
    try:
        text = document_text(render(template, _content()))
    except TemplateInvalid as refused:
        text = "；".join(refused.problems)
        assert CHINESE.search(text)
    assert _leaks(text, canary) == []
    assert "__globals__" not in text and "subclasses" not in text.lower()
    assert "<class" not in text and "function" not in text and "method" not in text


def test_the_functions_given_to_a_template_expose_nothing():
    figure = documents.Function(_content().v)
    assert not [name for name in dir(figure) if not name.startswith("_")]
    assert str(figure) == "" and figure("publicity.articles") == 43
    with pytest.raises(TypeError):
        documents.plain({"report": object()})


def test_the_default_template_and_a_loop_with_a_condition_still_render(monkeypatch):
    template = docx_with(
        FIGURE,
        '{%p for para in prose("opening") %}',
        "{{ loop.index|h2 }}{{ para }}{% if loop.last %}（完）{% endif %}",
        "{%p endfor %}",
        "{{ year }}年 {{ sign_date|cn_date }}",
    )
    text = document_text(render(template, _content()))
    assert "本年度共发布稿件43篇。" in text
    assert "（一）第一段。" in text and "（二）第二段。（完）" in text
    assert "发布信息稿件" in document_text(render(default_template_bytes(), _content()))


def test_a_document_longer_than_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_OUTPUT_CHARS", 50_000)
    content = _content()
    content.prose["opening"] = "\n".join(["很长的一段文字。" * 20] * 400)
    loop = ('{%p for para in prose("opening") %}', "{{ para }}", "{%p endfor %}")
    template = docx_with(FIGURE, *loop)
    with pytest.raises(TemplateInvalid) as refused:
        render(template, content)
    assert "文档过长" in refused.value.problems[0]
