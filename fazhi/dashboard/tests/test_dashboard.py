"""The dashboard page: its figures are compute()'s, its months add up to the year, it stays
within the reader's subtree, and its cost is pinned."""

import re

import pytest
from django.urls import reverse

from fazhi.dashboard import views
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period

from .conftest import YEAR

URL = reverse("dashboard:dashboard")


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def get(client, **params):
    return client.get(URL, {"year": YEAR, **params})


def big_numbers(response) -> dict:
    lines = response.context["lines"]
    return {f["indicator"].key: f["value"] for line in lines for f in line["figures"]}


def series(response, year) -> dict:
    return {
        s["key"]: s["data"]
        for chart in response.context["data"]["charts"]
        for s in chart["series"]
        if s["year"] == year
    }


def test_the_figures_are_computes(records, county_leader, as_user):
    response = get(as_user(county_leader))
    assert response.status_code == 200
    shown = big_numbers(response)
    expected = compute(list(shown), Period.year(YEAR), records["county"], user=county_leader)
    assert shown == {key: figure.value for key, figure in expected.items()}
    # The hand count: 古丈县 received 3 cases in 2024 and closed 3 (one received in 2023);
    # its committee received 3 disputes, 2 settled.
    assert shown["reconsideration.received"] == 3
    assert shown["reconsideration.closed"] == 3
    assert shown["mediation.received"] == 3
    assert shown["mediation.succeeded"] == 2
    lines = [line["line"].key for line in response.context["lines"]]
    assert {"reconsideration", "litigation", "mediation", "corrections"} <= set(lines)


def test_rates_show_numerator_and_denominator(records, county_leader, as_user):
    response = get(as_user(county_leader))
    html = response.content.decode()
    rate = next(
        r for line in response.context["lines"] for r in line["rates"]
        if r["indicator"].key == "mediation.success_rate"
    )  # fmt: skip
    assert (rate["figure"].numerator, rate["figure"].denominator, rate["shown"]) == (2, 3, "66.7%")
    assert re.search(r">2</a> /\s*<a [^>]*>3</a> =\s*<strong>66.7%</strong>", html)
    assert "part=denominator" in rate["denominator_url"]


def test_each_big_number_links_to_its_records(records, county_leader, as_user):
    response = get(as_user(county_leader))
    html = response.content.decode()
    link = reverse("indicators:records", args=["mediation.received"]) + "?year=2024&amp;unit=433126"
    assert f'href="{link}"' in html


def test_the_months_add_up_to_the_year(records, county_leader, as_user):
    response = get(as_user(county_leader))
    this_year, last_year = series(response, YEAR), series(response, YEAR - 1)
    assert set(this_year) >= {"reconsideration.received", "mediation.received"}
    for year, by_key in ((YEAR, this_year), (YEAR - 1, last_year)):
        found = compute(list(by_key), Period.year(year), records["county"], user=county_leader)
        for key, months in by_key.items():
            assert len(months) == 12
            assert sum(months) == found[key].value, (year, key)
    assert this_year["reconsideration.received"][1] == 1  # February
    assert this_year["reconsideration.received"][4] == 2  # May
    assert this_year["mediation.received"][2] == 2  # March
    assert last_year["reconsideration.received"][10] == 1  # November 2023


def test_the_chart_data_travels_as_json_and_no_inline_script(records, county_leader, as_user):
    html = get(as_user(county_leader)).content.decode()
    assert '<script id="dashboard-data" type="application/json">' in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "dashboard/vendor/echarts/echarts.min.js" in html
    assert "dashboard/dashboard.js" in html
    assert 'id="chart-mediation"' in html
    # Every script and stylesheet is served by the site itself (a CSRF token may happen to
    # contain "cdn", so look at the addresses, not the whole page).
    for address in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert not address.startswith(("http:", "https:", "//")), address


def test_a_line_the_reader_may_not_view_is_not_shown(records, mediator, as_user):
    response = get(as_user(mediator))
    assert [line["line"].key for line in response.context["lines"]] == ["mediation"]
    assert "reconsideration" not in big_numbers(response)


def test_a_unit_below_is_allowed_but_a_sibling_or_ancestor_is_refused(
    records, county_leader, as_user
):
    client = as_user(county_leader)
    office = get(client, unit="433126-S01")
    assert office.status_code == 200 and office.context["unit"] == records["office"]
    assert big_numbers(office)["mediation.received"] == 3  # the committee is below the office
    assert big_numbers(office)["reconsideration.received"] == 0
    assert get(client, unit="433122").status_code == 403  # 泸溪县, the sibling county
    assert get(client, unit="4331").status_code == 403  # the prefecture above
    assert get(client, unit="nonexistent").status_code == 403  # same answer: no probing


def test_the_prefecture_sees_both_counties(records, prefecture_leader, as_user):
    response = get(as_user(prefecture_leader))
    shown = big_numbers(response)
    assert shown["reconsideration.received"] == 4
    assert shown["mediation.received"] == 5
    assert response.context["can_compare"]


def test_the_default_year_and_the_report_dates(records, county_leader, as_user, monkeypatch):
    import datetime

    monkeypatch.setattr(views.timezone, "localdate", lambda: datetime.date(2025, 2, 20))
    response = as_user(county_leader).get(URL)
    assert response.context["year"] == 2024
    assert response.context["reported_year"] == 2024
    html = response.content.decode()
    assert "2025年3月1日前" in html and "还剩 8 天" in html
    assert "2025年4月1日前" in html and "还剩 39 天" in html
    assert f'href="{reverse("home")}"' in html


def test_the_board_counts_overdue_records(records, county_leader, as_user):
    # The 2024 case still open (G3) is long past its decision deadline.
    response = get(as_user(county_leader))
    assert response.context["board"]["overdue"] >= 1
    assert 'data-count="overdue"' in response.content.decode()


# Measured for a 局领导 of a county (every line): session, user, roles (3); the year's figures
# over every line (31: one per family or single indicator); the charts, one query per family
# over all their months (the 18 charted keys fall into 16 families or single indicators:
# compute_monthly, whatever the month); the deadline board (3 per
# watching register, 14 of them with 法治督察 and issue 22's complaints, checks, tasks and
# department reports, but mediation's windows lapse and are never overdue: 41); the
# unit select (1); whether there are child units (1). The year's figures also ask which
# registers have rollups of that year (1).
DASHBOARD_QUERIES = 3 + 31 + 1 + 16 + 41 + 1 + 1


def test_the_dashboards_query_count_is_pinned(
    records, county_leader, as_user, django_assert_num_queries
):
    client = as_user(county_leader)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert get(client).status_code == 200


def test_one_lines_reader_costs_little(records, mediator, as_user, django_assert_num_queries):
    # 人民调解 only: session, user, roles (3); the year (2: the received family, the subsidy
    # sum); every month of the chart in 1 query; the board (2: mediation's windows lapse,
    # never overdue); the unit select and whether there are child units (2); the settings in
    # force for the unit (1: how its 调解成功率 is rounded).
    client = as_user(mediator)
    with django_assert_num_queries(MEDIATOR_QUERIES):
        assert get(client).status_code == 200


MEDIATOR_QUERIES = 3 + 2 + 1 + 1 + 2 + 2 + 1


def test_months_not_yet_begun_are_empty_not_zero(records, county_leader, as_user, monkeypatch):
    import datetime

    monkeypatch.setattr(views.timezone, "localdate", lambda: datetime.date(YEAR, 6, 15))
    response = get(as_user(county_leader))
    months = series(response, YEAR)["reconsideration.received"]
    assert months[:6] == [0, 1, 0, 0, 2, 0] and months[6:] == [None] * 6


def test_an_administrator_sees_no_business_figures(tree, make_user, as_user):
    from fazhi.core.roles import Role

    admin = make_user("xitong", tree["prefecture"], Role.SYSTEM_ADMIN)
    response = get(as_user(admin))
    assert response.status_code == 200 and response.context["lines"] == []
    assert "没有可查看的登记簿统计" in response.content.decode()
    compare = as_user(admin).get(reverse("dashboard:compare"), {"year": YEAR})
    assert compare.context["table"].keys == []
    assert "没有可查看的登记簿统计" in compare.content.decode()
