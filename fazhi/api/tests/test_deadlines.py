"""A record's deadlines through the API, each saying whether it is provisional (暂定): the
current one (due_date), every running one (deadlines) and each stored one (*_deadline)."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.api import records
from fazhi.core import holidays
from fazhi.core.models import CalendarSource, HolidayDay, HolidayYear

CASES = "/api/registers/reconsideration/records"
ISSUE_CASE = {
    "unit": "433126",
    "number": "古政复〔2026〕8号",
    "applicant": "张某",
    "respondent": "古丈县市场监督管理局",
    "received_date": "2026-11-20",
    "review_result": "accepted",
    "accepted_date": "2026-11-25",
}


@pytest.fixture
def case_officer(units, make_user):
    HolidayYear.objects.filter(year__gte=2027).delete()  # 2027 is not entered
    holidays.forget()
    return make_user("gz_fy", units["county"], "reconsideration")


def _by_label(data) -> dict:
    return {entry["label"]: entry for entry in data["deadlines"]}


@pytest.mark.django_db
def test_a_provisional_deadline_is_flagged_in_the_record_and_the_list(case_officer, api_for):
    api = api_for(case_officer)
    created = api.post(CASES, ISSUE_CASE)
    assert created.status_code == 201, created.json()
    for data in (created.json(), api.get(CASES).json()["results"][0]):
        # The 60th day is Sunday 2027-01-24: the 审理期限 is Monday 2027-01-25, provisional.
        assert data["decision_deadline"] == "2027-01-25"
        assert data["decision_deadline_provisional"] is True
        assert data["review_deadline"] == "2026-11-27"
        assert data["review_deadline_provisional"] is False
        decision = _by_label(data)["审理期限"]
        assert decision == {
            "label": "审理期限",
            "date": "2027-01-25",
            "provisional": True,
            "basis": "行政复议法第六十二条第一款",
            "awaiting": "",
        }
        # The current deadline is the earliest running one, with its own flag.
        dated = [e for e in data["deadlines"] if e["date"]]
        earliest = min(dated, key=lambda e: e["date"])
        assert data["due_date"] == earliest["date"] and data["due_label"] == earliest["label"]
        assert data["due_date_provisional"] is earliest["provisional"]


@pytest.mark.django_db
def test_entering_the_year_settles_the_flags(case_officer, api_for):
    api = api_for(case_officer)
    record_id = api.post(CASES, ISSUE_CASE).json()["id"]
    entered = HolidayYear.objects.create(year=2027, source=CalendarSource.ENTERED)
    HolidayDay.objects.create(
        year=entered, date=datetime.date(2027, 3, 1), arrangement="rest", name="测试假日"
    )
    holidays.forget()
    data = api.get(f"{CASES}/{record_id}").json()
    assert data["decision_deadline"] == "2027-01-25"
    assert data["decision_deadline_provisional"] is False
    assert _by_label(data)["审理期限"]["provisional"] is False


@pytest.mark.django_db
def test_the_document_describes_the_flags(case_officer, api_for):
    schemas = api_for(case_officer).get("/api/openapi.json").json()["components"]["schemas"]
    case = schemas["ReconsiderationRecord"]["properties"]
    assert case["due_date_provisional"]["type"] == "boolean"
    assert case["decision_deadline_provisional"]["title"] == "审理期限是否暂定"
    assert case["deadlines"]["items"]["$ref"].endswith("/DeadlineOut")
    entry = schemas["DeadlineOut"]["properties"]
    assert set(entry) == {"label", "date", "provisional", "basis", "awaiting"}
    assert "暂定" in entry["provisional"]["description"]
    # 案卷评查's 整改期限 is a date the reviewer chose, among the columns: no flag.
    review = schemas["CaseFileReviewRecord"]["properties"]
    assert "rectification_deadline" in review and "due_date_provisional" in review
    assert "rectification_deadline_provisional" not in review
    # A register without deadlines (普法活动) has none of these fields.
    activity = schemas["PublicityActivityRecord"]["properties"]
    assert not {"due_date", "deadlines"} & set(activity)
    assert not any(name.endswith("_provisional") for name in activity)


def test_running_deadlines_keep_what_waits_and_mark_what_is_provisional():
    # Pure: the package calendar knows no year after 2026 (conftest), so 2027 is provisional.
    record = SimpleNamespace(
        running_deadlines=[
            {"label": "审理期限", "date": "2027-01-25", "basis": "第六十二条", "awaiting": ""},
            {"label": "答复期限", "date": None, "basis": "第四十八条", "awaiting": "送达"},
            {"label": "受理审查期限", "date": "2026-11-27", "basis": "第三十条", "awaiting": ""},
        ],
        due_label="受理审查期限",
        due_date=datetime.date(2026, 11, 27),
    )
    assert records.running_deadlines(record) == [
        {
            "label": "审理期限",
            "date": "2027-01-25",
            "provisional": True,
            "basis": "第六十二条",
            "awaiting": "",
        },
        {
            "label": "答复期限",
            "date": None,
            "provisional": False,
            "basis": "第四十八条",
            "awaiting": "送达",
        },
        {
            "label": "受理审查期限",
            "date": "2026-11-27",
            "provisional": False,
            "basis": "第三十条",
            "awaiting": "",
        },
    ]


def test_a_record_saved_before_running_deadlines_were_kept_shows_its_current_one():
    record = SimpleNamespace(
        running_deadlines=[], due_label="审理期限", due_date=datetime.date(2027, 1, 25)
    )
    assert records.running_deadlines(record) == [
        {
            "label": "审理期限",
            "date": "2027-01-25",
            "provisional": True,
            "basis": "",
            "awaiting": "",
        }
    ]
    closed = SimpleNamespace(running_deadlines=[], due_label="", due_date=None)
    assert records.running_deadlines(closed) == []


def test_a_running_deadline_stored_as_settled_stays_settled():
    # A day that happened (失去联系日期) is stored with provisional false: it is not counted on
    # the calendar, so a year not entered does not make it provisional.
    record = SimpleNamespace(
        running_deadlines=[
            {
                "label": "脱管",
                "date": "2027-01-05",
                "basis": "社区矫正法实施办法第四十七条",
                "awaiting": "",
                "provisional": False,
            },
            {
                "label": "报到期限",
                "date": "2027-01-08",
                "basis": "",
                "awaiting": "",
                "provisional": True,
            },
        ],
        due_label="脱管",
        due_date=datetime.date(2027, 1, 5),
    )
    assert [e["provisional"] for e in records.running_deadlines(record)] == [False, True]
