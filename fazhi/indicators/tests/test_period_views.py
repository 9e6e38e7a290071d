"""统计指标 by quarter and by month (issue 19, defect 9): every figure counted over the chosen
period, the drill-down listing exactly what was counted, the export holding what the page
shows, a bad period answered in Chinese, and the page's queries pinned for a quarter."""

import io
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.registers import REGISTERS
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.indicators import rollups
from fazhi.indicators.compute import compute
from fazhi.indicators.periods import period_range
from fazhi.indicators.tests.test_views import families_seen_by, figure_rows
from fazhi.reconsideration.models import Outcome
from fazhi.reconsideration.tests.facts import make_case

FIGURES = "/indicators/"
XLSX = "/indicators/figures.xlsx"
Q2 = {"year": 2024, "period": "q2", "unit": "433126"}


def records_url(key):
    return f"/indicators/{quote(key)}/records/"


@pytest.fixture
def officer(tree, make_user):
    return make_user("officer", tree["county"], Role.RECONSIDERATION)


@pytest.fixture
def edges(tree):
    """Cases on both sides of the second quarter of 2024's edges, by receipt and by closing.

    In Q2 2024: received B2, B3 (2 cases, one 行政许可); closed B1 (revoked), B3 (upheld): one
    corrected of two closed on the merits. Outside it: A1 received 03-31, A2 received 07-01,
    B2 closed 07-01, A0 received and closed in Q2 of 2023.
    """
    county = tree["county"]
    return [
        make_case(county, "A0", "2023-04-10", accepted="2023-04-12", closed="2023-05-04",
                  outcome=Outcome.REVOKED),
        make_case(county, "A1", "2024-03-31"),
        make_case(county, "B1", "2024-03-29", accepted="2024-03-30", closed="2024-04-01",
                  outcome=Outcome.REVOKED),
        make_case(county, "B2", "2024-04-01", accepted="2024-04-02", closed="2024-07-01",
                  outcome=Outcome.UPHELD),
        make_case(county, "B3", "2024-06-30", accepted="2024-06-30", closed="2024-06-30",
                  outcome=Outcome.UPHELD, act_type="licensing"),
        make_case(county, "A2", "2024-07-01"),
    ]  # fmt: skip


def listed(response) -> list[str]:
    return sorted(row["record"].number for row in response.context["rows"])


def test_a_quarters_figures_count_only_the_records_inside_it(tree, edges):
    found = compute(
        ["reconsideration.received", "reconsideration.closed", "reconsideration.corrected"],
        period_range(2024, "q2"),
        tree["county"],
    )
    assert [f.value for f in found.values()] == [2, 2, 1]
    first = compute(["reconsideration.received"], period_range(2024, "q1"), tree["county"])
    assert first["reconsideration.received"].value == 2  # A1 on 03-31, B1 on 03-29


def test_a_quarter_of_a_rolled_up_year_is_counted_from_its_records(tree, edges):
    """The yearly rollups hold whole years: a quarter never reads them."""
    rollups.build("reconsideration", [2024])
    figure = compute(["reconsideration.received"], period_range(2024, "q2"), tree["county"])
    assert figure["reconsideration.received"].value == 2
    whole = compute(["reconsideration.received"], period_range(2024, "year"), tree["county"])
    assert whole["reconsideration.received"].value == 5


def test_the_page_counts_the_quarter_and_its_drill_down_lists_exactly_those(client, edges, officer):
    client.force_login(officer)
    response = client.get(FIGURES, Q2)
    rows = figure_rows(response)
    assert rows["reconsideration.received"]["shown"] == "2"
    assert rows["reconsideration.closed"]["shown"] == "2"
    assert rows["reconsideration.correction_rate"]["shown"] == "50.00%"
    for key, numbers in [
        ("reconsideration.received", ["B2", "B3"]),
        ("reconsideration.closed", ["B1", "B3"]),
        ("reconsideration.by_act_type.行政许可", ["B3"]),
    ]:
        url = rows[key]["url"]
        assert parse_qs(urlsplit(url).query)["period"] == ["q2"]
        assert listed(client.get(url)) == numbers, key
    denominator = client.get(rows["reconsideration.correction_rate"]["denominator_url"])
    assert listed(denominator) == ["B1", "B3"]
    assert "2024年第二季度" in strict(denominator)


def test_the_page_shows_the_chosen_period_and_its_links_keep_it(client, tree, edges, make_user):
    client.force_login(make_user("leader", tree["county"], Role.LEADER))
    asked = f"http://testserver{FIGURES}?year=2024&period=q2&unit=433126"
    response = client.get(asked)
    page = strict(response)
    assert "古丈县司法局及下级单位 · 2024年第二季度" in page
    assert "（2024-04-01 至 2024-06-30）" in page
    assert '<option value="q2" selected>第二季度</option>' in page
    assert '<option value="2024" selected>2024年</option>' in page
    links = page.split('<nav class="section-links"', 1)[1].split("</nav>", 1)[0]
    hrefs = [part.split('"', 1)[0] for part in links.split('href="')[1:]]
    assert len(hrefs) == len(response.context["sections"]) > 1
    for href in hrefs:
        # A link within the page keeps the address it is on, the period with it.
        followed = urlsplit(urljoin(asked, href))
        assert parse_qs(followed.query) == {"year": ["2024"], "period": ["q2"], "unit": ["433126"]}
        assert f'id="{followed.fragment}"' in page
    assert f"{XLSX}?year=2024&amp;period=q2&amp;unit=433126" in page
    drill = client.get(figure_rows(response)["reconsideration.received"]["url"])
    back = drill.context["figures_url"]
    assert parse_qs(urlsplit(back).query)["period"] == ["q2"]
    assert "2024年第二季度" in strict(drill)


def test_the_export_of_a_month_holds_the_pages_numbers(client, tree, edges, officer):
    client.force_login(officer)
    month = {"year": 2024, "period": "m4", "unit": "433126"}
    shown = figure_rows(client.get(FIGURES, month))
    response = client.get(XLSX, month)
    assert response.status_code == 200
    assert quote("统计指标-古丈县司法局-2024年4月.xlsx") in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.properties.title == "古丈县司法局2024年4月统计指标"
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "古丈县司法局及下级单位 · 2024年4月（2024-04-01 至 2024-04-30）"
    # 审结 is a figure of 复议 and of 应诉: a row is named by its line and its label.
    by_label = {(row[0], row[1]): row for row in rows[2:]}
    assert len(by_label) == len(shown)
    for row in shown.values():
        figure = row["figure"]
        label = (REGISTERS[row["indicator"].register].label, row["indicator"].label)
        if row["indicator"].is_rate:
            assert by_label[label][2:5] == (row["shown"], figure.numerator, figure.denominator)
        else:
            assert by_label[label][2] == figure.value, label
    received = shown["reconsideration.received"]["indicator"]
    # B2 on 04-01; B1 on 03-29 and A1 on 03-31 are March's
    assert by_label[(REGISTERS[received.register].label, received.label)][2] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "二〇二四"}, "年度「二〇二四」不正确"),
        ({"year": "1999", "period": "q1"}, "年度「1999」不正确"),
        ({"year": "2024", "period": "q9"}, "统计期间「q9」不正确"),
        ({"year": "2024", "period": "<b>"}, "统计期间「&lt;b&gt;」不正确"),
        ({"period": "soon", "year": str(timezone.localdate().year + 1)}, "统计期间「soon」不正确"),
        ({"year": str(timezone.localdate().year + 1), "period": "q1"}, "第一季度尚未开始"),
    ],
)
def test_a_bad_period_or_year_is_answered_in_chinese(client, edges, officer, params, message):
    client.force_login(officer)
    page = strict(client.get(FIGURES, params))
    assert message in page and 'class="msg warning" role="alert"' in page
    drill = strict(client.get(records_url("reconsideration.received"), params))
    assert message in drill
    export = client.get(XLSX, params, follow=True)
    assert export.redirect_chain and message in strict(export)


def test_a_fallback_shows_the_period_it_fell_back_to(client, edges, officer):
    client.force_login(officer)
    this_year = timezone.localdate().year
    response = client.get(FIGURES, {"year": 2024, "period": "q9"})
    assert "以下为2024年度的统计。" in response.content.decode()
    assert figure_rows(response)["reconsideration.received"]["shown"] == "5"
    future = client.get(FIGURES, {"year": this_year + 1})
    assert f"{this_year + 1}年度尚未开始" in future.content.decode()
    assert (future.context["chosen"].year, future.context["chosen"].period) == (this_year, "year")


def test_the_figures_page_of_a_quarter_is_pinned_in_queries(
    client, tree, officer, django_assert_num_queries
):
    client.force_login(officer)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FIGURES, Q2).status_code == 200
        return len(queries)

    for n in range(3):
        make_case(tree["county"], f"Q{n}", "2024-05-01", accepted="2024-05-04")
    few = count_queries()
    for n in range(3, 40):
        make_case(
            tree["office"], f"Q{n}", "2024-05-01", closed="2024-05-05", outcome="not_accepted"
        )
    assert count_queries() == few
    # session, user, the unit asked for, roles, unit options, settings; then one per family.
    # No look for the year's rollups: they hold whole years, never a quarter.
    with django_assert_num_queries(6 + families_seen_by(officer)):
        client.get(FIGURES, Q2)
