"""What the bureau sees of a year: which departments filed (on time or late) and which did not,
with the totals computed from the filings; the board's 未报执法数据; the figures."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core import actions as core_actions
from fazhi.core import alerts as board
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.enforcement_data import alerts
from fazhi.enforcement_data.models import AnnualData
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period

D = datetime.date
STATUS = reverse("enforcement_annual_data:status")
OPERATOR = None  # the command line: any unit
YEAR = timezone.localdate().year - 2  # its due date (31 January last year) has passed


@pytest.fixture
def filings(departments, file_year):
    """古丈县's year: 市场监管 on time, 公安 late, 古阳镇 (not expected, but filed) on time,
    自然资源 not at all; 泸溪县公安局 filed in the other county."""
    return {
        "market": file_year(departments["market"], YEAR),
        "police": file_year(
            departments["police"],
            YEAR,
            licensing=None,
            penalty=100,
            coercion=7,
            inspection=3,
            other=None,
            fines=Decimal("50000"),
            filed_date=D(YEAR + 1, 2, 10),
        ),
        "town": file_year(
            departments["town"], YEAR, licensing=2, penalty=0, inspection=6, fines=Decimal(0)
        ),
        "sibling": file_year(departments["sibling"], YEAR, actor=OPERATOR, licensing=999),
    }


def rows_of(response) -> dict:
    return {row.unit.code: row for row in response.context["found"].rows}


def test_the_year_lists_who_filed_and_who_did_not_with_totals_from_the_filings(
    client, supervisor, filings, django_assert_num_queries
):
    client.force_login(supervisor)
    client.get(STATUS)  # the session's first read of the calendar and settings out of the way
    # Session, user and roles (3); the unit filter's options (1); the due-date setting (1);
    # the departments (1) and the year's filings (1); the menu's registers (none: in code).
    with django_assert_num_queries(7):
        response = client.get(STATUS, {"year": YEAR})
    page = strict(response)
    rows = rows_of(response)
    assert {code: row.state for code, row in rows.items()} == {
        "433126-E01": "late",
        "433126-E02": "on_time",
        "433126-E03": "missing",
        "433126-Z01": "on_time",
    }
    found = response.context["found"]
    assert (found.expected, len(found.filed), found.late, found.missing) == (3, 3, 1, 1)
    assert [row.unit.name for row in found.unfiled] == ["古丈县自然资源局"]
    # Totals over the three filings of 古丈县: an empty count adds nothing; 泸溪县's is not his.
    assert found.total_cells == ["12", "105", "7", "49", "—", "0", "51,200.50"]
    assert rows["433126-E01"].cells[0] == "无此职权" and rows["433126-E03"].cells[0] == ""
    assert 'data-count="unfiled">1</strong>' in page and 'data-count="late">1</span>' in page
    assert "未填报：" in page and "古丈县自然资源局" in page and "逾期未报" in page
    assert "泸溪县公安局" not in page


def test_the_page_costs_the_same_for_twenty_departments(
    client, tree, supervisor, filings, django_assert_num_queries
):
    for n in range(4, 24):
        core_actions.save_unit(
            None,
            code=f"433126-E{n:02d}",
            name=f"古丈县第{n}局",
            kind=UnitKind.ENFORCEMENT_DEPARTMENT,
            parent=tree["county"],
        )
    client.force_login(supervisor)
    client.get(STATUS)
    with django_assert_num_queries(7):
        response = client.get(STATUS, {"year": YEAR})
    assert response.context["found"].expected == 23


def test_a_unit_below_narrows_the_year_and_a_clerk_sees_his_department(
    client, tree, make_user, departments, filings, police_clerk
):
    client.force_login(police_clerk)
    response = client.get(STATUS, {"year": YEAR})
    strict(response)
    assert list(rows_of(response)) == ["433126-E01"]
    assert response.context["found"].total_cells[1] == "100"

    leader = make_user("lingdao", tree["prefecture"], Role.LEADER)
    client.force_login(leader)
    county = client.get(STATUS, {"year": YEAR, "unit": "433126"})
    assert set(rows_of(county)) == {"433126-E01", "433126-E02", "433126-E03", "433126-Z01"}
    whole = client.get(STATUS, {"year": YEAR})
    assert "433122-E01" in rows_of(whole)


def test_a_reader_without_the_register_is_refused(client, tree, make_user):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    assert client.get(STATUS).status_code == 403


def test_a_year_nobody_filed_lists_every_department_as_waiting_or_missing(
    client, supervisor, departments
):
    client.force_login(supervisor)
    response = client.get(STATUS)
    found = response.context["found"]
    assert found.year == timezone.localdate().year - 1
    assert len(found.unfiled) == 3 and found.filed == [] and found.total_cells[0] == "—"
    strict(response)


# --- the board ----------------------------------------------------------------------------------


def test_the_board_names_departments_without_last_years_data_once_it_is_due(
    supervisor, departments, filings, make_user
):
    due = D(YEAR + 1, 1, 31)
    assert alerts.unfiled(supervisor, due) == []
    (alert,) = alerts.unfiled(supervisor, due + datetime.timedelta(days=3))
    assert (alert.label, alert.count) == (f"未报执法数据（{YEAR}年度）", 1)
    assert alert.lines == (
        board.AlertLine(
            "古丈县自然资源局", f"{YEAR}年度数据应于{due.isoformat()}前填报，已逾期3日"
        ),
    )
    assert alert.url == f"{STATUS}?year={YEAR}"
    # A department's 填报员 is told of his own department only.
    land_clerk = make_user("zrzy", departments["land"], Role.CLERK)
    assert alerts.unfiled(land_clerk, due + datetime.timedelta(days=1))[0].count == 1
    police_clerk = make_user("gaj2", departments["police"], Role.CLERK)
    assert alerts.unfiled(police_clerk, due + datetime.timedelta(days=1))[0].count == 0


def test_the_board_shows_ten_lines_and_counts_them_all(
    tree, supervisor, departments, django_assert_max_num_queries
):
    for n in range(4, 16):
        core_actions.save_unit(
            None,
            code=f"433126-E{n:02d}",
            name=f"古丈县第{n}局",
            kind=UnitKind.ENFORCEMENT_DEPARTMENT,
            parent=tree["county"],
        )
    today = D(YEAR + 1, 3, 1)
    # The setting, the first lines, and the count beyond them.
    with django_assert_max_num_queries(3):
        (alert,) = alerts.unfiled(supervisor, today)
    assert alert.count == 15 and len(alert.lines) == board.LINES and alert.more == 5


# --- figures ------------------------------------------------------------------------------------


def test_the_figures_count_the_filings_of_the_year_and_sum_the_powers_held(
    tree, supervisor, filings
):
    keys = [
        "enforcement_annual_data.filed",
        "enforcement_annual_data.late",
        "enforcement_annual_data.licensing",
        "enforcement_annual_data.penalty",
        "enforcement_annual_data.expropriation",
        "enforcement_annual_data.fines",
    ]
    figures = compute(keys, Period.year(YEAR), tree["county"], user=supervisor)
    assert [figures[k].value for k in keys] == [3, 1, 12, 105, 0, Decimal("51200.50")]
    late = records_for(
        "enforcement_annual_data.late", Period.year(YEAR), tree["county"], supervisor
    )
    assert list(late) == [filings["police"]]
    # The year's data lies in its December, not in the month it was filed.
    january = Period.month(YEAR + 1, 1)
    assert compute(keys[:1], january, tree["county"])[keys[0]].value == 0
    december = Period.month(YEAR, 12)
    assert compute(keys[:1], december, tree["county"])[keys[0]].value == 3
    assert AnnualData.objects.count() == 4


# --- 评议考核 ------------------------------------------------------------------------------------


def test_the_measure_counts_a_late_or_missing_filing_once_due(
    departments, file_year, filings, monkeypatch
):
    from fazhi.core.measures import get_measure
    from fazhi.enforcement_data import measures

    measure = get_measure("enforcement_data.filed_late_or_missing").per_department
    ids = {name: unit.pk for name, unit in departments.items()}
    # On time 0, late 1, a 行政执法部门 with none 1; a 乡镇 is not expected (it filed on time).
    assert measure(YEAR, list(ids.values())) == {
        ids["police"]: 1,
        ids["market"]: 0,
        ids["land"]: 1,
        ids["town"]: 0,
        ids["sibling"]: 0,
    }
    # Before the due date nobody is missing yet: zeros for all.
    monkeypatch.setattr(measures.timezone, "localdate", lambda: D(YEAR + 1, 1, 31))
    assert measure(YEAR, [ids["land"], ids["market"], ids["town"]]) == {
        ids["land"]: 0,
        ids["market"]: 0,
        ids["town"]: 0,
    }
    # An unfiled 乡镇 is never counted; an unfiled department of a year long due is.
    monkeypatch.undo()
    assert measure(YEAR - 1, [ids["town"], ids["market"]]) == {ids["town"]: 0, ids["market"]: 1}
