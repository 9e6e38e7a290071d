"""The annual report: the .docx read back (GB/T 9704 layout, figures in the text), frozen
figures on submission and the differences after, balance checks, template validation, the
preview's links, who may do what, and the command."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core.errors import ActionRefused
from fazhi.core.roles import Role
from fazhi.publicity import actions as publicity
from fazhi.publicity.models import Activity
from fazhi.reports import actions
from fazhi.reports.content import default_template_bytes, docx_for
from fazhi.reports.models import ReportStatus
from fazhi.reports.rendering import TemplateInvalid, document_text
from fazhi.reports.tests.ready import complete

D = datetime.date


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "pufa": make_user("pufa", tree["county"], Role.PUBLICITY),
        "luxi": make_user("luxi", tree["sibling"], Role.LEGALITY),
    }


def articles(unit, count, start=0):
    day = D(2024, 5, 6)
    for n in range(start, start + count):
        publicity.register_article(
            None, unit=unit, number=f"稿{n}", published_date=day, title=f"稿件{n}",
            platform="own_account",
        )  # fmt: skip


@pytest.fixture
def report(tree, people):
    articles(tree["county"], 43)
    made = actions.create_report(people["fazhi"], unit=tree["county"], year=2024)
    actions.write_prose(
        people["fazhi"], made, "opening", "2024年，我局强化政治引领。\n现将工作情况报告如下："
    )
    actions.write_prose(people["pufa"], made, "measures.publicity", "全面落实“谁执法谁普法”。")
    return made


def east_asian_font(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_the_docx_follows_gbt_9704_and_carries_the_figures(report):
    doc = Document(io.BytesIO(docx_for(report)))
    section = doc.sections[0]

    def mm(length) -> float:  # Word stores twips: compare to a tenth of a millimetre
        return round(length / Mm(1), 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    styles = doc.styles
    assert east_asian_font(styles["公文正文"]) == "仿宋_GB2312"
    assert styles["公文正文"].font.size == Pt(16)
    assert styles["公文正文"].paragraph_format.first_line_indent == Pt(32)
    assert east_asian_font(styles["公文标题"]) == "方正小标宋简体"
    assert styles["公文标题"].font.size == Pt(22)
    assert styles["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(styles["一级标题"]) == "黑体"
    assert east_asian_font(styles["二级标题"]) == "楷体_GB2312"
    odd, even = section.footer, section.even_page_footer
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert "PAGE" in paragraph._p.xml and paragraph.text.startswith("— ")
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    # Broken between words into two lines (GB/T 9704 7.3.1), not wherever the line runs out.
    assert paragraphs[0].text == "古丈县司法局关于2024年度\n法治政府建设情况的报告"
    assert paragraphs[1].text == "县委、县人民政府：" and paragraphs[1].style.name == "主送机关"
    assert [p.text for p in paragraphs[-2:]] == ["古丈县司法局", "2025年2月20日"]
    assert [p.style.name for p in paragraphs[-2:]] == ["发文机关署名", "成文日期"]
    text = document_text(docx_for(report))
    assert "2024年，我局强化政治引领。\n现将工作情况报告如下：" in text
    assert "发布信息稿件40余篇" in text and "全面落实“谁执法谁普法”。" in text
    assert "（二）持续巩固法治宣传教育成效" in text


def test_submission_freezes_the_text_and_lists_what_changed_since(report, people, tree):
    complete(report)
    before = document_text(docx_for(report))
    actions.submit(people["leader"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    frozen = report.frozen["figures"]["publicity.articles"]
    assert frozen["value"] == "43" and len(frozen["records"]["numerator"]) == 43
    articles(tree["county"], 10, start=100)  # recorded late, after submission
    from fazhi.publicity.models import Article

    Article.objects.filter(number="稿0").update(
        title="改", updated_at=datetime.datetime.now(tz=datetime.UTC)
    )
    assert document_text(docx_for(report)) == before
    from fazhi.reports import figures

    found = {
        d["key"]: d
        for d in figures.differences(
            report.frozen["figures"], tree["county"], 2024, report.submitted_at
        )
    }
    assert found["publicity.articles"]["now"] == "53" and found["publicity.articles"]["added"] == 10
    with pytest.raises(ActionRefused, match="已报送"):
        actions.write_prose(people["fazhi"], report, "opening", "改写")
    actions.publish(people["leader"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and document_text(docx_for(report)) == before


def test_a_breakdown_that_does_not_sum_blocks_submission(report, people, tree):
    publicity.register_activity(
        None, unit=tree["county"], number="活1", held_date=D(2024, 3, 5), name="宪法宣传周",
        category="constitution", organizer="县司法局",
    )  # fmt: skip
    # A legacy row whose 类别 is none of today's choices: counted in the whole, in no part.
    Activity.objects.filter(number="活1").update(category="legacy")
    complete(report)
    with pytest.raises(ActionRefused, match="开展普法活动.*为 1.*分类之和为 0"):
        actions.submit(people["leader"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.frozen is None


def _template_with(*paragraphs: str) -> bytes:
    doc = Document(io.BytesIO(default_template_bytes()))
    for paragraph in paragraphs:
        doc.add_paragraph(paragraph)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (lambda: _template_with('{{ v("no.such.key") }}'), "未知的统计指标「no.such.key」"),
        (lambda: _template_with('{{ v("publicity.articles")|nonsense }}'), "模板"),
        (lambda: _template_with('{{ v("publicity.articles" }}'), "占位符写法有误"),
        (
            lambda: _template_with('{%p for x in prose("nothing") %}', "{{ x }}", "{%p endfor %}"),
            "未知的文字段落「nothing」",
        ),
        (lambda: b"not a word file", "不是有效的 Word 文档"),
    ],
)
def test_a_bad_template_is_refused_at_upload_with_a_clear_message(report, people, content, message):
    with pytest.raises(TemplateInvalid) as refused:
        actions.upload_template(people["fazhi"], report, name="我的模板.docx", content=content())
    assert message in "；".join(refused.value.problems)
    report.refresh_from_db()
    assert report.template is None


def test_a_valid_uploaded_template_is_used(report, people):
    template = _template_with('另：本年度共发布稿件{{ v("publicity.articles") }}篇。')
    actions.upload_template(people["fazhi"], report, name="我的模板.docx", content=template)
    report.refresh_from_db()
    assert "另：本年度共发布稿件43篇。" in document_text(docx_for(report))


def test_who_may_write_what(report, people):
    with pytest.raises(ActionRefused):
        actions.write_prose(people["pufa"], report, "shortcomings", "我来写不足")
    with pytest.raises(ActionRefused):
        actions.submit(people["pufa"], report)
    with pytest.raises(ActionRefused):
        actions.write_prose(people["luxi"], report, "opening", "泸溪改古丈")


def test_the_page_previews_with_linked_figures_and_saves_prose(client, report, people):
    client.force_login(people["pufa"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    records = reverse("indicators:records", args=["publicity.articles"])
    assert f'href="{records}?year=2024&amp;unit=433126"' in page and ">40余</a>" in page
    response = client.post(
        reverse("reports:prose", args=[report.pk, "measures.publicity"]), {"text": "新写的一段。"}
    )
    assert response.status_code == 302
    assert (
        "新写的一段。" in client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    )
    client.force_login(people["luxi"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 403


def test_a_figure_links_its_records_only_for_whom_they_open(client, report, tree, make_user):
    """A 司法所's officer reads his county's report, but not the county's records: its figure
    is shown with its definition and no link, which would lead him to a 404 (issue 19's page
    contract found it)."""
    office = make_user("pufa_suo", tree["office"], Role.PUBLICITY)
    client.force_login(office)
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("indicators:records", args=["publicity.articles"]) not in html
    assert re.search(r'<span class="figure" title="[^"]+">40余</span>', html)


def test_the_command_writes_the_report(tmp_path, report, capsys):
    out = tmp_path / "report.docx"
    call_command("annual_report", "--year", "2024", "--unit", "433126", "--out", str(out))
    assert "发布信息稿件40余篇" in document_text(out.read_bytes())


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice (soffice) 未安装，跳过 PDF 转换"
)
def test_libreoffice_renders_it_to_pdf(tmp_path, report):
    source = tmp_path / "report.docx"
    source.write_bytes(docx_for(report))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_officers_work_on_their_own_bureaus_report_only(tree, people, make_user):
    with pytest.raises(ActionRefused):
        actions.create_report(people["fazhi"], unit=tree["prefecture"], year=2024)
    section = make_user("gu", tree["section"], Role.LEGALITY)
    report = actions.create_report(section, unit=tree["county"], year=2024)
    assert actions.may_manage(section, report)
    prefecture = make_user("zhou", tree["prefecture"], Role.LEGALITY)
    # The bureau above receives the report when it is submitted, not while it is drafted.
    assert not actions.may_view(prefecture, report) and not actions.may_manage(prefecture, report)
    actions.submit(section, complete(report))
    assert actions.may_view(prefecture, report) and not actions.may_manage(prefecture, report)


def test_a_prefecture_report_counts_its_whole_subtree(tree, people, make_user):
    articles(tree["county"], 30)
    for n in range(25):
        publicity.register_article(
            None, unit=tree["sibling"], number=f"泸{n}", published_date=D(2024, 6, 3),
            title="稿", platform="county",
        )  # fmt: skip
    zhou = make_user("zhou", tree["prefecture"], Role.LEADER)
    report = actions.create_report(zhou, unit=tree["prefecture"], year=2024)
    assert report.addressee == "州（市）委、州（市）人民政府"
    text = document_text(docx_for(report))
    assert text.startswith("湘西州司法局关于2024年度\n法治政府建设情况的报告")
    assert "发布信息稿件50余篇" in text  # 30 + 25


@pytest.mark.parametrize(
    "unit, lines",
    [
        ("古丈县司法局", ("古丈县司法局关于2024年度", "法治政府建设情况的报告")),
        ("湘西州司法局", ("湘西州司法局关于2024年度", "法治政府建设情况的报告")),
        # Too long with the year: the year goes down with the subject, a line each within 20.
        (
            "湘西土家族苗族自治州司法局",
            ("湘西土家族苗族自治州司法局关于", "2024年度法治政府建设情况的报告"),
        ),
    ],
)
def test_the_title_breaks_between_words(unit, lines):
    """GB/T 9704 7.3.1: a title that runs over a line breaks where the words allow, the
    lines of like length; never inside 建设 or 情况 as Word's own wrapping did."""
    from fazhi.reports.content import title_lines

    assert title_lines(unit, 2024) == lines
