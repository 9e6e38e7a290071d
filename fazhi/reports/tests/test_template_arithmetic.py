"""Issue 23 point 6: template arithmetic on figures works in the .docx and the web preview
alike, and the preview drills down to the records of every figure in it; the sandbox still
lets a template add nothing but figures and numbers. Expected text is counted from records.

These need core/documents.py to let a template add its figures (`render_docx(…, operands=)`,
the change the reports helper's report gives): until then each fails saying so."""

import datetime
import re

import pytest
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.publicity import actions as publicity
from fazhi.publicity.models import Activity, Article
from fazhi.reports import actions
from fazhi.reports.content import docx_for
from fazhi.reports.rendering import TemplateInvalid, document_text, template_use
from fazhi.reports.tests.ready import complete

from .injection_corpus import docx_with

D = datetime.date
A, B = 'v("publicity.articles")', 'v("publicity.activities")'
SUMS = (
    f"合计{{{{ {A} + {B} + 2 }}}}项，差{{{{ {A} - {B} }}}}项，"
    f"约{{{{ ({A} + {B})|approx }}}}项，"
    f"{{% if {A} + {B} > 6 %}}多{{% else %}}少{{% endif %}}。"
)


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "pufa": make_user("pufa", tree["county"], Role.PUBLICITY),
    }


@pytest.fixture
def report(tree, people):
    county = tree["county"]
    for n in range(4):
        publicity.register_article(
            None, unit=county, number=f"稿{n}", published_date=D(2024, 5, 6), title="稿件",
            platform="own_account",
        )  # fmt: skip
    for n in range(3):
        publicity.register_activity(
            None, unit=county, number=f"活{n}", held_date=D(2024, 3, 5), name="宪法宣传周",
            category="villages", organizer="县司法局",
        )  # fmt: skip
    made = actions.create_report(people["fazhi"], unit=county, year=2024)
    actions.upload_template(people["fazhi"], made, name="模板.docx", content=docx_with(SUMS))
    made.refresh_from_db()
    return made


def expected() -> str:
    a = Article.objects.filter(published_date__year=2024).count()
    b = Activity.objects.filter(held_date__year=2024).count()
    assert (a, b) == (4, 3)
    return f"合计{a + b + 2}项，差{a - b}项，约{a + b}项，{'多' if a + b > 6 else '少'}。"


def test_a_sum_prints_alike_in_the_document_and_the_preview(client, report, people):
    assert expected() in document_text(docx_for(report))
    client.force_login(people["pufa"])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert expected() in re.sub(r"<[^>]+>", "", html)
    assert "模板中的数字格式写法有误" not in html


def test_a_sum_drills_down_to_each_of_its_figures_records(client, report, people):
    client.force_login(people["pufa"])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    links = dict(
        (shown, href.replace("&amp;", "&"))
        for href, shown in re.findall(r'<a class="figure" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    )
    page = client.get(links["9"]).content.decode()  # 4 + 3 + 2: the 2 is the template's own
    assert "<h1>报告中的数字：7</h1>" in page  # the figures' part of it
    for key in ("publicity.articles", "publicity.activities"):
        records = reverse("indicators:records", args=[key])
        assert f"{records}?year=2024&amp;unit=433126" in page
    assert links["9"] == links["7"] and links["1"] != links["9"]


def test_the_terms_page_shows_only_the_figures_the_report_prints(client, report, people):
    """The page computes over the report's whole unit, without its reader: a figure the
    report does not print (here a 社区矫正 one) is not shown through it."""
    client.force_login(people["pufa"])
    url = reverse("reports:figure", args=[report.pk])
    used = client.get(url, {"t": ["+2024:publicity.articles", "+2024:publicity.activities"]})
    assert used.status_code == 200
    probe = client.get(url, {"t": ["+2024:publicity.articles", "+2024:corrections.reoffended"]})
    assert probe.status_code == 404
    assert client.get(url, {"t": "+2023:publicity.articles"}).status_code == 404  # no prev()


def test_a_frozen_sum_renders_as_it_was_submitted(report, people, tree):
    before, sentence = document_text(docx_for(report)), expected()
    assert sentence in before
    actions.submit(people["leader"], complete(report))
    publicity.register_article(
        None, unit=tree["county"], number="迟", published_date=D(2024, 12, 6), title="稿件",
        platform="own_account",
    )  # fmt: skip
    report.refresh_from_db()
    assert document_text(docx_for(report)) == before


META = {"title": "标题", "title_more": "", "unit_name": "古丈县司法局", "year": 2024,
        "addressee": "县委", "signer": "局", "sign_date": D(2025, 2, 20)}  # fmt: skip


def test_validation_knows_the_figures_of_a_sum():
    use = template_use(docx_with(f"{{{{ ({A} + {B})|approx }}}}"), META)
    assert use.figures == {"publicity.articles", "publicity.activities"}


@pytest.mark.parametrize(
    "placeholder, message",
    [
        (f'{{{{ {A} + v("no.such") }}}}', "未知的统计指标「no.such」"),
        (f'{{{{ {A} + "件" }}}}', "加减只能用于统计数字"),
        ('{{ unit_name + "x" }}', "加减只能用于统计数字"),
        ("{{ 1 + 2 }}", "加减只能用于统计数字"),
        (f"{{{{ {A} * 2 }}}}", "算术运算 *"),
        (f"{{{{ -{A} }}}}", "负号"),
        (f"{{{{ {A}|approx + 1 }}}}", "已经按格式打印成文字"),
        (f'{{{{ {A} + v("mediation.success_rate") }}}}', "比率不能与件数"),
    ],
)
def test_what_a_template_may_not_add_is_refused_at_upload(placeholder, message):
    with pytest.raises(TemplateInvalid) as refused:
        template_use(docx_with(f"{{{{ {A} }}}}", placeholder), META)
    assert message in "；".join(refused.value.problems)
