"""Issue 23 point 6, "the report follows the data", and point 3, rounding as the bureau prints
it: each expected sentence is computed by hand from the records the test enters.

- a breakdown's parts listed from whatever has cases, largest first, the rest as 其他, so the
  items sum to the whole (`parts("…")`), and the 复议 sentence of the default template so;
- the default template's words follow the figures' definitions: 审结 where it counts 审结,
  判决 where it counts judgments;
- how the suits after a reconsideration ended, from whichever parts have cases;
- a percentage as each county's rounding setting says, and the change from the year before
  computed (`yoy`, `prev`), both kept as they were when the report was frozen.

Tests that need keys the 行政复议 and 行政应诉 registers add for issue 23 say so first
(`needs`): reconsideration.concluded, litigation.judged, litigation.concluded.<结案方式> and
litigation.after_reconsideration.<结案方式|pending>.
"""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.core.writes import save_record
from fazhi.indicators.actions import change_setting
from fazhi.indicators.registry import INDICATORS
from fazhi.litigation.columns import REGISTER as LITIGATION
from fazhi.litigation.models import Judgment, LitigationCase
from fazhi.mediation import actions as mediation
from fazhi.mediation.models import MediationCase
from fazhi.publicity import actions as publicity
from fazhi.publicity.models import Article, ArticlePlatform
from fazhi.reconsideration.models import Outcome, ReconsiderationCase
from fazhi.reconsideration.tests.facts import make_case
from fazhi.reports import actions
from fazhi.reports.content import docx_for
from fazhi.reports.rendering import document_text
from fazhi.reports.tests.ready import complete

from .injection_corpus import docx_with

D = datetime.date


def needs(*keys):
    """The keys a test reads, which the registers' helpers add for issue 23: a clear failure,
    not a skip, until they are declared."""
    missing = [key for key in keys if key not in INDICATORS]
    assert not missing, f"尚未声明的统计指标（由行政复议、行政应诉的改动添加）：{missing}"


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "luxi": make_user("luxi", tree["sibling"], Role.LEGALITY),
        "luxi_leader": make_user("luxi_leader", tree["sibling"], Role.LEADER),
        "pufa": make_user("pufa", tree["county"], Role.PUBLICITY),
        "tiaojie": make_user("tiaojie", tree["county"], Role.MEDIATION),
    }


def report_with(people, unit, *paragraphs, maker="fazhi", year=2024):
    report = actions.create_report(people[maker], unit=unit, year=year)
    actions.upload_template(people[maker], report, name="模板.docx", content=docx_with(*paragraphs))
    report.refresh_from_db()
    return report


def sentence(text: str, start: str) -> str:
    """The sentence of `text` that begins with `start`, up to its full stop."""
    found = re.search(re.escape(start) + "[^。]*。", text)
    assert found, f"「{start}」not in:\n{text}"
    return found.group()


# --- a breakdown's parts, from the records -------------------------------------------------


PLATFORMS = ["own_account"] * 5 + ["provincial"] * 3 + ["county"] * 3 + ["other"]


@pytest.fixture
def articles(tree):
    county = tree["county"]
    for n, platform in enumerate([*PLATFORMS, "county"]):
        publicity.register_article(
            None, unit=county, number=f"稿{n}", published_date=D(2024, 5, 6), title="稿件",
            platform=platform,
        )  # fmt: skip
    # A row whose 平台 is none of today's choices: counted in the whole, in no part.
    Article.objects.filter(number=f"稿{len(PLATFORMS)}").update(platform="legacy")
    publicity.register_article(
        None, unit=county, number="旧稿", published_date=D(2023, 5, 6), title="稿件",
        platform="provincial",
    )  # fmt: skip
    return Article.objects.filter(unit=county, published_date__year=2024)


def test_a_breakdown_lists_its_parts_largest_first_and_the_rest_as_other(
    client, tree, people, articles
):
    counts = Counter(articles.values_list("platform", flat=True))
    whole, labels = articles.count(), dict(ArticlePlatform.choices)
    named = [(labels[p], counts[p]) for p, _ in ArticlePlatform.choices if p != "other"]
    listed = sorted((item for item in named if item[1]), key=lambda item: -item[1])
    other = whole - sum(n for _, n in listed)  # the part 其他 and the row of no part
    expected = "、".join(f"{name}{n}篇" for name, n in listed) + f"、其他{other}篇"
    assert expected == "本单位公众号5篇、省级媒体3篇、县级媒体3篇、其他2篇"
    report = report_with(
        people,
        tree["county"],
        '共发布稿件{{ v("publicity.articles") }}篇，其中{{ parts("publicity.articles") }}。',
        '{% for p in parts("publicity.articles") %}[{{ p.part }}|{{ p.n }}]{% endfor %}',
    )
    text = document_text(docx_for(report))
    assert f"共发布稿件{whole}篇，其中{expected}。" in text
    assert "[本单位公众号|5][省级媒体|3][县级媒体|3][其他|2]" in text
    # The preview: each part links to its records; 其他 to the page of its terms.
    client.force_login(people["pufa"])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    records = reverse("indicators:records", args=["publicity.articles.省级媒体"])
    assert f'href="{records}?year=2024&amp;unit=433126"' in html
    link = re.search(r'<a class="figure" href="([^"]+)" title="由以下各项计算：[^"]*">2</a>', html)
    page = client.get(link.group(1).replace("&amp;", "&"))
    assert page.status_code == 200
    rows = re.findall(
        r"<tr>\s*<td>(.)</td>\s*<td>([^<]+)</td>\s*<td[^>]*>(\d+)", page.content.decode()
    )
    assert rows == [
        ("＋", "发布信息稿件", str(whole)),
        ("－", "发布信息稿件（本单位公众号）", "5"),
        ("－", "发布信息稿件（省级媒体）", "3"),
        ("－", "发布信息稿件（县级媒体）", "3"),
    ]


def test_parts_of_an_unknown_family_are_refused_at_upload(tree, people):
    from fazhi.reports.rendering import TemplateInvalid

    report = actions.create_report(people["fazhi"], unit=tree["county"], year=2024)
    template = docx_with('{{ v("publicity.articles") }}{% if 0 %}{{ parts("no.such") }}{% endif %}')
    with pytest.raises(TemplateInvalid, match="未知的统计指标「no.such」"):
        actions.upload_template(people["fazhi"], report, name="模板.docx", content=template)


# --- the default template: 复议 outcomes, 审结 and 判决, suits after a reconsideration ------


def suit(unit, number, received, *, concluded=None, judgment="", linked=None):
    case = LitigationCase(
        unit=unit, number=number, plaintiff="王某", defendant="古丈县自然资源局",
        notice_received_date=D.fromisoformat(received),
        concluded_date=D.fromisoformat(concluded) if concluded else None, judgment=judgment,
        reconsideration_number=linked.number if linked else "", reconsideration=linked,
    )  # fmt: skip
    return save_record(None, LITIGATION, case)


@pytest.fixture
def cases(tree):
    county = tree["county"]
    for n in range(3):
        make_case(county, f"维{n}", "2024-02-01", accepted="2024-02-03", closed="2024-03-20",
                  outcome=Outcome.UPHELD)  # fmt: skip
    for n in range(2):
        make_case(county, f"不{n}", "2024-04-01", closed="2024-04-03",
                  outcome=Outcome.NOT_ACCEPTED)  # fmt: skip
    sued = [
        make_case(county, f"诉{n}", "2023-09-01", accepted="2023-09-03", closed="2024-01-05",
                  outcome=Outcome.WITHDRAWN if n == 0 else Outcome.UPHELD, sued=True)
        for n in range(3)
    ]  # fmt: skip
    make_case(county, "审", "2024-11-01", accepted="2024-11-03")  # pending
    suit(county, "行初1", "2024-03-01", concluded="2024-08-01",
         judgment=Judgment.SUIT_DISMISSED, linked=sued[0])  # fmt: skip
    suit(county, "行初2", "2024-03-05", linked=sued[1])
    suit(county, "行初3", "2024-06-05", linked=sued[2])
    suit(county, "行初4", "2024-02-05", concluded="2024-09-01", judgment=Judgment.CLAIMS_DISMISSED)
    suit(county, "行初5", "2024-02-06", concluded="2024-10-01", judgment=Judgment.REVOKED)
    return tree


def test_the_default_template_says_what_each_figure_counts(cases, tree, people):
    needs(
        "reconsideration.concluded",
        "litigation.judged",
        "litigation.concluded.判决",
        "litigation.after_reconsideration.pending",
    )
    closed = ReconsiderationCase.objects.filter(closed_date__year=2024)
    by_outcome = Counter(closed.values_list("outcome", flat=True))
    assert by_outcome == {Outcome.UPHELD: 5, Outcome.NOT_ACCEPTED: 2, Outcome.WITHDRAWN: 1}
    door = {Outcome.NOT_ACCEPTED, Outcome.ABANDONED, Outcome.PRE_ACCEPTANCE_RESOLVED}
    concluded = sum(n for outcome, n in by_outcome.items() if outcome not in door)
    suits = LitigationCase.objects.all()
    ended = suits.filter(concluded_date__year=2024)
    judged = ended.exclude(judgment__in=[Judgment.SUIT_DISMISSED, Judgment.WITHDRAWN,
                                         Judgment.MEDIATED])  # fmt: skip
    lost = ended.filter(judgment=Judgment.REVOKED)
    after = suits.filter(reconsideration__isnull=False, notice_received_date__year=2024)
    pending = after.filter(concluded_date__isnull=True)
    text = document_text(docx_for(actions.create_report(people["fazhi"], unit=tree["county"],
                                                        year=2024)))  # fmt: skip
    assert sentence(text, "2024年度共收到行政复议案件") == (
        f"2024年度共收到行政复议案件{ReconsiderationCase.objects.filter(received_date__year=2024).count()}件，"
        f"办结{closed.count()}件，其中维持5件、不予受理2件、撤回终止1件；受理后审结{concluded}件。"
    )
    assert (closed.count(), concluded) == (8, 6)
    assert sentence(text, "2024年度收到复议后提起的行政诉讼案件") == (
        f"2024年度收到复议后提起的行政诉讼案件{after.count()}件，其中{pending.count()}件暂未审结，"
        f"另{after.count() - pending.count()}件裁定结案。"
    )
    assert (after.count(), pending.count()) == (3, 2)
    handled = suits.count()  # all received in 2024, none concluded before it
    assert sentence(text, "2024年度共办理行政诉讼案件") == (
        f"2024年度共办理行政诉讼案件{handled}件，其中有{ended.count()}件诉讼案件已审结"
        f"（判决{judged.count()}件、裁定1件）。"
    )
    rate = f"{lost.count() * 100 / ended.count():.2f}%"  # half up, two decimals (the default)
    assert sentence(text, "2024年度审结的") == (
        f"2024年度审结的{ended.count()}件行政诉讼案件中，判决结案{judged.count()}件，"
        f"败诉{lost.count()}件，败诉率为{rate}。"
    )
    assert rate == "33.33%" and "已判决的" not in text


# --- rounding per county, the year before, and what a frozen report keeps ------------------


def mediate(committee, number, received, status):
    return mediation.register_case(
        None, unit=committee, number=number, committee_code=committee.code,
        received_date=received, dispute_type="neighbour", mediator="向某", status=status,
        agreement_form="written" if status == "succeeded" else "",
        closed_date=None if status == "ongoing" else received + datetime.timedelta(days=5),
    )  # fmt: skip


@pytest.fixture
def mediations(tree):
    from fazhi.core import actions as core_actions
    from fazhi.core.models import UnitKind

    sibling_committee = core_actions.save_unit(
        None, code="433122-S01-01", name="白沙村人民调解委员会",
        kind=UnitKind.MEDIATION_COMMITTEE, parent=tree["sibling_office"],
    )  # fmt: skip
    for n, status in enumerate(["succeeded", "succeeded", "failed", "ongoing"]):
        mediate(tree["committee"], f"白果{n}", D(2024, 3, 1 + n), status)
    mediate(tree["committee"], "白果旧", D(2023, 3, 1), "succeeded")
    for n, status in enumerate(["succeeded", "failed", "failed"]):
        mediate(sibling_committee, f"白沙{n}", D(2024, 6, 3 + n), status)
    for n, status in enumerate(["succeeded", "failed"]):
        mediate(sibling_committee, f"白沙旧{n}", D(2023, 6, 3 + n), status)
    # The county truncates to one decimal; its sibling keeps the default (half up, two).
    change_setting(None, "mediation.rounding", "truncate_1", unit=tree["county"])
    return tree


RATE_SENTENCE = (
    '调解成功率{{ v("mediation.success_rate")|pct }}，{{ v("mediation.success_rate")|yoy }}；'
    '受理{{ v("mediation.received") }}件，{{ v("mediation.received")|yoy }}，'
    '上年{{ prev("mediation.received") }}件。'
)


def by_hand(unit_codes, year):
    """(succeeded, concluded, received) of the year, counted from the records."""
    cases = MediationCase.objects.filter(unit__code__in=unit_codes, received_date__year=year)
    succeeded = cases.filter(status="succeeded").count()
    return succeeded, cases.filter(status__in=["succeeded", "failed"]).count(), cases.count()


def test_each_county_prints_its_rate_as_it_rounds_and_compares_with_last_year(mediations, people):
    tree = mediations
    county = report_with(people, tree["county"], RATE_SENTENCE)
    sibling = report_with(people, tree["sibling"], RATE_SENTENCE, maker="luxi")
    ok, concluded, received = by_hand(["433126-S01-01"], 2024)
    ok0, concluded0, received0 = by_hand(["433126-S01-01"], 2023)
    assert (ok, concluded, received, ok0, concluded0, received0) == (2, 3, 4, 1, 1, 1)
    # 2 ÷ 3 = 66.666…% truncated to 66.6%; 2023: 100.0%; 66.6 − 100.0 = −33.4.
    assert "调解成功率66.6%，较上年下降33.4个百分点；受理4件，较上年增加3件，上年1件。" in (
        document_text(docx_for(county))
    )
    ok, concluded, received = by_hand(["433122-S01-01"], 2024)
    ok0, concluded0, received0 = by_hand(["433122-S01-01"], 2023)
    assert (ok, concluded, received, ok0, concluded0, received0) == (1, 3, 3, 1, 2, 2)
    # 1 ÷ 3 = 33.33% half up; 2023: 50.00%; 33.33 − 50.00 = −16.67.
    assert "调解成功率33.33%，较上年下降16.67个百分点；受理3件，较上年增加1件，上年2件。" in (
        document_text(docx_for(sibling))
    )


def test_a_template_may_ask_for_its_own_decimals_but_not_its_own_mode(mediations, people):
    report = report_with(people, mediations["county"], '{{ v("mediation.success_rate")|pct(2) }}')
    assert "66.66%" in document_text(docx_for(report))  # truncated, not 66.67%


def test_a_frozen_report_keeps_the_rounding_and_the_year_before_it_was_frozen_with(
    client, mediations, people
):
    tree = mediations
    report = report_with(people, tree["county"], RATE_SENTENCE)
    before = document_text(docx_for(report))
    actions.submit(people["leader"], complete(report))
    report.refresh_from_db()
    rate = report.frozen["figures"]["mediation.success_rate"]
    assert rate["rounding"] == "truncate_1" and rate["value"] == str(rate_value(2, 3))
    previous = report.frozen["previous"]
    assert previous["year"] == 2023
    assert {key: entry["value"] for key, entry in previous["figures"].items()} == {
        "mediation.received": "1",
        "mediation.success_rate": "1",
    }
    # The settings that decided it, as the figure said then (compute.Figure.setting_note).
    assert rate["setting_note"] == previous["figures"]["mediation.success_rate"]["setting_note"]
    # Later: the county rounds otherwise, and records of both years arrive.
    change_setting(None, "mediation.rounding", "half_up_0", unit=tree["county"])
    mediate(tree["committee"], "白果迟", D(2023, 8, 1), "failed")
    mediate(tree["committee"], "白果迟2", D(2024, 8, 1), "succeeded")
    assert document_text(docx_for(report)) == before
    client.force_login(people["tiaojie"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert ">66.6%</a>" in page and ">较上年下降33.4个百分点</a>" in page


def rate_value(numerator, denominator):
    from decimal import Decimal

    return Decimal(numerator) / Decimal(denominator)


def test_the_comparison_links_to_both_years_records(client, mediations, people):
    report = report_with(people, mediations["county"], RATE_SENTENCE)
    client.force_login(people["tiaojie"])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    link = re.search(r'<a class="figure" href="([^"]+)"[^>]*>较上年增加3件</a>', html)
    page = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert re.search(r"<h1>报告中的数字：3</h1>", page)
    records = reverse("indicators:records", args=["mediation.received"])
    assert f"{records}?year=2024&amp;unit=433126" in page
    assert f"{records}?year=2023&amp;unit=433126" in page
    # Only the report's year and the one before are figures of the report.
    other_year = link.group(1).replace("&amp;", "&").replace("2023", "2019")
    assert client.get(other_year).status_code == 404


def test_a_report_frozen_before_rounding_was_a_setting_prints_as_it_did(mediations, people):
    """Frozen without a rounding, a rate prints as `pct` always did then: half up, whole
    percent (numbers.LEGACY) — not as the county's setting says now."""
    from fazhi.reports.models import AnnualReport

    report = report_with(people, mediations["county"], '{{ v("mediation.success_rate")|pct }}')
    actions.submit(people["leader"], complete(report))
    frozen = AnnualReport.objects.get(pk=report.pk).frozen
    del frozen["previous"]
    for entry in frozen["figures"].values():
        entry.pop("rounding", None), entry.pop("setting_note", None)
    AnnualReport.objects.filter(pk=report.pk).update(frozen=frozen)
    report.refresh_from_db()
    assert "67%" in document_text(docx_for(report))  # 2 ÷ 3, not the county's 66.6%
