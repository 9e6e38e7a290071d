"""The figures through the API are those the figures page shows the same user."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(settings):
    # The login steps (password, authenticator) are the security app's to test.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("RequiredStepsMiddleware")
    ]

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def _page_figures(client, params) -> dict:
    response = client.get(reverse("indicators:figures"), params)
    assert response.status_code == 200
    return {
        row["indicator"].key: row["shown"]
        for section in response.context["sections"]
        for row in section["rows"]
    }


@pytest.mark.parametrize("who", ["officer", "prefecture_leader"])
def test_the_api_gives_the_figures_page_figures(
    who, units, sample_records, officer, make_user, api_for, web
):
    user = officer if who == "officer" else make_user("xx_leader", units["prefecture"], "leader")
    params = {"year": 2024, "unit": units["county"].code}
    data = api_for(user).get("/api/indicators", params).json()
    assert data["unit"] == units["county"].code and data["year"] == 2024
    through_api = {f["key"]: f["shown"] for f in data["figures"]}
    assert through_api == _page_figures(web(user), params)
    # The sample records are counted: the figures are not all zero.
    assert through_api["reconsideration.received"] == "1"


@pytest.mark.parametrize("period", ["q1", "h1", "c3", "m2"])
def test_the_api_answers_for_a_period_as_the_page_does(
    period, units, sample_records, officer, api_for, web
):
    """Quarters, half-years, months and 1–N months cumulative (issue 23), each the figures
    page's figures for the same period, with the period's dates."""
    params = {"year": 2024, "period": period, "unit": units["county"].code}
    data = api_for(officer).get("/api/indicators", params).json()
    assert data["period"] == period
    ends = {"q1": "2024-03-31", "h1": "2024-06-30", "c3": "2024-03-31", "m2": "2024-02-29"}
    assert (data["start"], data["end"]) == (
        "2024-02-01" if period == "m2" else "2024-01-01",
        ends[period],
    )
    through_api = {f["key"]: f["shown"] for f in data["figures"]}
    assert through_api == _page_figures(web(officer), params)


def test_an_unknown_period_is_refused_in_chinese(officer, api_for):
    response = api_for(officer).get("/api/indicators", {"year": 2024, "period": "q5"})
    assert response.status_code == 422
    assert "未知的统计期间「q5」" in response.json()["errors"]["period"][0]


def test_a_year_out_of_range_is_refused_in_chinese(officer, api_for):
    response = api_for(officer).get("/api/indicators", {"year": 1066})
    assert response.status_code == 422
    assert "年度" in response.json()["errors"]["year"][0]


def test_a_reader_of_some_registers_gets_only_their_figures(units, make_user, api_for):
    clerk = make_user("gz_pub", units["county"], "publicity")
    registers = {
        f["register_name"] for f in api_for(clerk).get("/api/indicators").json()["figures"]
    }
    assert registers == {"publicity_activity", "publicity_article"}
