"""The dashboard's charts: one grouped query per family of charted flows over the two years
(compute_monthly), not one compute() per month, so the page's query count does not grow with
the months; and the months it draws are still each month's compute()."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.dashboard import views
from fazhi.dashboard.selection import SELECTION
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.reconsideration.models import Outcome
from fazhi.reconsideration.tests.test_indicators import make_case

from .conftest import YEAR

URL = reverse("dashboard:dashboard")
CHARTED = [key for figures in SELECTION.values() for key in figures.charted]

# A 局领导 of a county (every line): session, user, roles (3); the year's figures over every
# line (31: one per family or single indicator) and which registers have rollups of that year
# (1); the charts, one query per family of charted flows over both years (16: the 18 charted
# keys fall into 16 families or single indicators); the deadline board (41, with 法治督察's
# rectifications and issue 22's four watched registers); the unit select
# (1); whether there are child units (1). One compute() per month cost 24 × 16 = 384 for the
# charts, 447 for the page.
LEADER_QUERIES = 3 + 31 + 1 + 16 + 41 + 1 + 1
# 人民调解 only: session, user, roles (3); the year (2) and rollups (1); the charts (1: the
# received family); the board (2); the unit select and child units (2); the unit's settings
# (1: its rates' rounding). It was 34.
MEDIATOR_QUERIES = 3 + 2 + 1 + 1 + 2 + 2 + 1


@pytest.fixture
def edges(records):
    """Cases received or closed on a month's first or last day: E1 received on 31 January and
    closed on 1 March, E2 received on 30 April and closed on 30 June, E0 received on
    31 December of the year before and closed on 31 January."""
    county = records["county"]
    make_case(county, "E1", "2024-01-31", accepted="2024-02-01", closed="2024-03-01",
              outcome=Outcome.UPHELD)  # fmt: skip
    make_case(county, "E2", "2024-04-30", accepted="2024-04-30", closed="2024-06-30",
              outcome=Outcome.VARIED)  # fmt: skip
    make_case(county, "E0", "2023-12-31", accepted="2024-01-02", closed="2024-01-31",
              outcome=Outcome.UPHELD)  # fmt: skip
    return records


def login(client, user):
    client.force_login(user)
    return client


def charts(response) -> dict:
    """{key: {year: the 12 values drawn}}."""
    found = {}
    for chart in response.context["data"]["charts"]:
        for series in chart["series"]:
            found.setdefault(series["key"], {})[series["year"]] = series["data"]
    return found


def month_by_month(keys, unit, user, today) -> dict:
    """The charts as they were drawn before: compute() of each month begun, None after."""
    found = {key: {} for key in keys}
    for year in (YEAR, YEAR - 1):
        for key in keys:
            found[key][year] = []
        for month in range(1, 13):
            period = Period.month(year, month)
            figures = compute(keys, period, unit, user=user) if period.start <= today else {}
            for key in keys:
                figure = figures.get(key)
                found[key][year].append(None if figure is None else views._plain(figure.value))
    return found


def test_every_charted_figure_is_dated():
    assert [key for key in CHARTED if not INDICATORS[key].by_month] == []


def test_the_pages_query_count_is_pinned(
    records, county_leader, client, django_assert_max_num_queries
):
    client = login(client, county_leader)
    with django_assert_max_num_queries(LEADER_QUERIES):
        assert client.get(URL, {"year": YEAR}).status_code == 200


def test_one_lines_reader_costs_little(records, mediator, client, django_assert_max_num_queries):
    client = login(client, mediator)
    with django_assert_max_num_queries(MEDIATOR_QUERIES):
        assert client.get(URL, {"year": YEAR}).status_code == 200


@pytest.mark.parametrize("today", [datetime.date(YEAR, 1, 5), datetime.date(YEAR + 1, 6, 1)])
def test_the_query_count_does_not_grow_with_the_months(
    records, county_leader, client, monkeypatch, today
):
    """January of the year shown (the year before's 12 months and one) costs what a year
    long past (all 24) costs: the months are one query per family either way."""
    client = login(client, county_leader)
    monkeypatch.setattr(views.timezone, "localdate", lambda: today)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"year": YEAR})
    months_begun = sum(value is not None for value in charts(response)["mediation.received"][YEAR])
    assert months_begun == (1 if today.year == YEAR else 12)
    assert len(queries) <= LEADER_QUERIES


@pytest.mark.parametrize("reader", ["county_leader", "mediator", "prefecture_leader"])
def test_the_charts_are_each_months_compute(edges, reader, client, monkeypatch, request):
    """For the county's leader, for a reader of one line, and for the prefecture (which sees the
    sibling county's records too): with June begun, the months drawn are compute() of each
    month, and the months after June are not yet (None), not 0."""
    user = request.getfixturevalue(reader)
    today = datetime.date(YEAR, 6, 15)
    monkeypatch.setattr(views.timezone, "localdate", lambda: today)
    response = login(client, user).get(URL, {"year": YEAR})
    drawn = charts(response)
    assert drawn and set(drawn) <= set(CHARTED)
    assert drawn == month_by_month(list(drawn), user.unit, user, today)
    for key, years in drawn.items():
        assert years[YEAR][6:] == [None] * 6 and None not in years[YEAR][:6], key
        assert None not in years[YEAR - 1], key


def test_a_month_edge_counts_in_its_own_month(edges, county_leader, client):
    drawn = charts(login(client, county_leader).get(URL, {"year": YEAR}))
    received, closed = drawn["reconsideration.received"], drawn["reconsideration.closed"]
    # Received: E1 on 31 Jan, G1 in Feb, E2 on 30 Apr, G2 and G3 in May; E0 on 31 Dec 2023.
    assert received[YEAR][:6] == [1, 1, 0, 1, 2, 0]
    assert received[YEAR - 1][10:] == [1, 1]  # G0 in November, E0 on 31 December
    # Closed: G0 in Jan and E0 on 31 Jan; E1 on 1 Mar; G1 in Apr; E2 on 30 Jun; G2 in Jul.
    assert closed[YEAR][:7] == [2, 0, 1, 1, 0, 1, 1]
