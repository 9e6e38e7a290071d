"""What the bureau and the units see of a year's reports: the 报送情况 page (every unit that must
report, registered or not), the record page (the bureau's own report's state and link, the
clerk's steps), the board's reminders and the figures."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core import actions as core_actions
from fazhi.core import alerts as board
from fazhi.core.models import Unit, UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.department_reports import actions, alerts
from fazhi.department_reports.models import DepartmentReport
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period
from fazhi.portal.tests.page_contract import Contract
from fazhi.reports.models import AnnualReport, ReportStatus

from .conftest import YEAR

D = datetime.date
STATUS = reverse("department_report:status")


@pytest.fixture
def year(report):
    """古丈县's 2024: 市场监管 sent and published on time, 公安 sent late and never published,
    古阳镇 registered but nothing sent, 自然资源 not even registered; the bureau's own sent and
    published; 泸溪县公安局's in the other county."""
    return {
        "market": report("433126-E02", grade="good"),
        "police": report(
            "433126-E01", received_date=D(YEAR + 1, 3, 5), published_date=None, link=""
        ),
        "town": report("433126-Z01", received_date=None, published_date=None, link=""),
        "own": report(
            "433126",
            number="本局2024年度",
            received_date=D(YEAR + 1, 2, 26),
            published_date=D(YEAR + 1, 3, 28),
        ),
        "sibling": report("433122-E01", actor=None, unit_code="433122"),
    }


@pytest.fixture
def report(report, units):
    """The conftest's, owned by the sibling county when asked (`unit_code`)."""

    def make(code, unit_code="433126", **changes):
        if unit_code != "433126":
            changes["owner"] = units["sibling"]
        return report(code, **changes)

    return make


def rows_of(response) -> dict:
    return {row.unit.code: row for row in response.context["found"].rows}


# --- 报送情况 ---------------------------------------------------------------------------------


def test_the_year_lists_every_unit_that_must_report_registered_or_not(
    client, bureau, year, django_assert_num_queries
):
    client.force_login(bureau)
    client.get(STATUS)  # the session's first read of the calendar and settings out of the way
    # Session, user and roles (3); the unit filter's options (1); the settings (1); the units
    # that must report (1) and the year's reports (1).
    with django_assert_num_queries(7):
        response = client.get(STATUS, {"year": YEAR})
    page = strict(response)
    rows = rows_of(response)
    assert {code: (row.send, row.publish) for code, row in rows.items()} == {
        "433126": ("on_time", "on_time"),
        "433126-E01": ("late", "missing"),
        "433126-E02": ("on_time", "on_time"),
        "433126-E03": ("missing", "missing"),
        "433126-Z01": ("missing", "missing"),
    }
    # The bureau first, then its units by code; 自然资源局 is listed though not registered.
    assert list(rows)[0] == "433126" and rows["433126-E03"].record is None
    found = response.context["found"]
    assert (found.expected, found.received, found.received_late, found.missing) == (5, 3, 1, 2)
    assert (found.published, found.published_late, found.unpublished_overdue) == (2, 0, 3)
    assert [row.unit.name for row in found.unsent] == ["古丈县自然资源局", "古阳镇人民政府"]
    assert [row.unit.name for row in found.unregistered] == ["古丈县自然资源局"]
    assert 'data-count="missing">2</span>' in page and "逾期未报送" in page
    assert "泸溪县公安局" not in page
    assert 'href="https://www.guzhang.gov.cn/fzzf/2025/e02.html"' in page
    assert "良好" in page


def test_the_page_judges_late_by_the_due_dates_it_shows(client, bureau, year):
    """The due dates changed after the reports were saved: the page judges each date against
    the due date it shows now, not the flag stored under the old setting."""
    from fazhi.core.models import RegisterSetting
    from fazhi.department_reports import rules

    RegisterSetting.objects.create(key=rules.RECEIVE_DUE_SETTING, value="03-15")
    RegisterSetting.objects.create(key=rules.PUBLISH_DUE_SETTING, value="03-15")
    assert year["police"].received_late and not year["own"].published_late  # as stored
    client.force_login(bureau)
    response = client.get(STATUS, {"year": YEAR})
    found = response.context["found"]
    assert (found.receive_due, found.publish_due) == (D(YEAR + 1, 3, 15), D(YEAR + 1, 3, 15))
    rows = rows_of(response)
    # 公安局's 5 March is on time by 15 March; the bureau's own 28 March publication is late.
    assert rows["433126-E01"].send == "on_time"
    assert rows["433126"].publish == "late"
    assert rows["433126-E02"].publish == "on_time"  # 15 March itself is on time
    assert (found.received_late, found.published_late) == (0, 1)


def test_the_page_costs_the_same_for_twenty_more_units(
    client, tree, bureau, year, django_assert_num_queries
):
    for n in range(4, 24):
        core_actions.save_unit(
            None,
            code=f"433126-E{n:02d}",
            name=f"古丈县第{n}局",
            kind=UnitKind.ENFORCEMENT_DEPARTMENT,
            parent=tree["county"],
        )
    client.force_login(bureau)
    client.get(STATUS)
    with django_assert_num_queries(7):
        response = client.get(STATUS, {"year": YEAR})
    assert response.context["found"].expected == 25


def test_the_default_year_is_last_year_and_a_clerk_sees_his_own_unit(
    client, bureau, market_clerk, year, make_user, tree
):
    client.force_login(bureau)
    response = client.get(STATUS)
    assert response.context["found"].year == datetime.date.today().year - 1
    strict(response)

    client.force_login(market_clerk)
    response = client.get(STATUS, {"year": YEAR})
    strict(response)
    assert list(rows_of(response)) == ["433126-E02"]

    leader = make_user("lingdao", tree["prefecture"], Role.LEADER)
    client.force_login(leader)
    county = rows_of(client.get(STATUS, {"year": YEAR, "unit": "433126"}))
    assert set(county) == {"433126", "433126-E01", "433126-E02", "433126-E03", "433126-Z01"}
    whole = rows_of(client.get(STATUS, {"year": YEAR}))
    # The prefecture's own bureau and 泸溪县's must report too.
    assert {"4331", "433122", "433122-E01"} <= set(whole)

    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    assert client.get(STATUS).status_code == 403


def test_the_list_leads_to_the_status_page(client, bureau, year):
    client.force_login(bureau)
    page = strict(client.get(reverse("department_report:list")))
    assert f'href="{STATUS}"' in page and "登记年度报告" in page


# --- a record's page ----------------------------------------------------------------------


def test_the_bureaus_own_report_shows_its_annual_report_and_leads_to_it(
    client, bureau, year, units, make_user
):
    url = reverse("department_report:detail", args=[year["own"].pk])
    client.force_login(bureau)
    page = strict(client.get(url))
    assert 'data-own-report="none"' in page and "本局尚未建立2024年度法治政府建设情况报告" in page
    report = AnnualReport.objects.create(unit=units["county"], year=YEAR, signer="古丈县司法局")
    # A draft: its state, and a link, since the office writes the report's 依法治县 section.
    page = strict(client.get(url))
    own = reverse("reports:detail", args=[report.pk])
    assert 'data-own-report="draft"' in page and "起草中" in page and f'href="{own}"' in page
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    page = strict(client.get(url))
    assert 'data-own-report="submitted"' in page and f'href="{own}"' in page
    # A department's report has no such section.
    market = strict(client.get(reverse("department_report:detail", args=[year["market"].pk])))
    assert "own-report" not in market and "案件材料" in market


def test_the_clerk_sends_and_publishes_his_units_report_on_its_page(
    client, report, market_clerk, year
):
    mine = report("433126-E02", year=YEAR + 1, received_date=None, published_date=None, link="")
    client.force_login(market_clerk)
    url = reverse("department_report:detail", args=[mine.pk])
    page = strict(client.get(url))
    assert 'value="receive"' in page and 'value="publish"' in page
    assert "修改信息" not in page  # the particulars are the bureau's
    step = reverse("department_report:step", args=[mine.pk])
    client.post(step, {"step": "receive", "day": "2026-02-27"})
    response = client.post(
        step, {"step": "publish", "day": "2026-03-30", "link": "http://www.gz.gov.cn/a.html"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.received_date, mine.published_date, mine.link) == (
        D(2026, 2, 27),
        D(2026, 3, 30),
        "http://www.gz.gov.cn/a.html",
    )
    # A bad address is said in Chinese and nothing changes.
    other = report("433126-E02", year=YEAR - 1, received_date=None, published_date=None, link="")
    response = client.post(
        reverse("department_report:step", args=[other.pk]),
        {"step": "publish", "day": "2025-03-30", "link": "gz.gov.cn"},
        follow=True,
    )
    assert "不是有效的网页地址" in strict(response)
    other.refresh_from_db()
    assert other.published_date is None
    # Another unit's report he neither opens nor steps; the edit page is not his.
    theirs = year["police"]
    assert client.get(reverse("department_report:detail", args=[theirs.pk])).status_code == 404
    refused = client.post(
        reverse("department_report:step", args=[theirs.pk]),
        {"step": "publish", "day": "2025-03-30"},
    )
    assert refused.status_code == 404
    assert client.get(reverse("department_report:edit", args=[mine.pk])).status_code == 403
    assert client.get(reverse("department_report:create")).status_code == 403


# --- the board ----------------------------------------------------------------------------


def test_the_board_from_january_names_units_not_sent_then_those_overdue_and_unpublished(
    bureau, year, make_user, units
):
    assert DepartmentReport.objects.filter(year=YEAR, unit=units["county"]).count() == 4
    (waiting,) = alerts.unsent(bureau, D(YEAR + 1, 1, 1))
    # Nothing sent yet on 1 January: every unit but those already recorded as sent.
    assert waiting.label == f"部门法治政府建设年度报告未报送（{YEAR}年度）"
    assert [line.text for line in waiting.lines] == ["古丈县自然资源局", "古阳镇人民政府"]
    assert waiting.lines[0].detail == "应于2025-03-01前报送"
    assert waiting.url == f"{STATUS}?year={YEAR}"

    overdue, unpublished = alerts.unsent(bureau, D(YEAR + 1, 4, 11))
    assert (overdue.label, overdue.count) == (
        f"部门法治政府建设年度报告逾期未报送（{YEAR}年度）",
        2,
    )
    assert overdue.lines[0].detail == "应于2025-03-01前报送，已逾期41日"
    assert (unpublished.label, unpublished.count) == (
        f"部门法治政府建设年度报告逾期未公开（{YEAR}年度）",
        3,
    )
    assert [line.text for line in unpublished.lines] == [
        "古丈县公安局",
        "古丈县自然资源局",
        "古阳镇人民政府",
    ]
    # A unit's 填报员 is told of his own unit only.
    land_clerk = make_user("zrzy", units["land"], Role.CLERK)
    assert [a.count for a in alerts.unsent(land_clerk, D(YEAR + 1, 4, 11))] == [1, 1]
    market_clerk = make_user("scjg", units["market"], Role.CLERK)
    assert [a.count for a in alerts.unsent(market_clerk, D(YEAR + 1, 4, 11))] == [0, 0]


def test_the_board_shows_ten_lines_and_counts_them_all(
    tree, bureau, units, django_assert_max_num_queries
):
    for n in range(4, 16):
        core_actions.save_unit(
            None,
            code=f"433126-E{n:02d}",
            name=f"古丈县第{n}局",
            kind=UnitKind.ENFORCEMENT_DEPARTMENT,
            parent=tree["county"],
        )
    # The setting, then the first lines and the count beyond them of each alert.
    with django_assert_max_num_queries(5):
        unsent, unpublished = alerts.unsent(bureau, D(YEAR + 1, 5, 1))
    # 15 departments, a township and the bureau itself.
    assert unsent.count == 17 and len(unsent.lines) == board.LINES and unsent.more == 7
    assert unpublished.count == 17


# --- figures ------------------------------------------------------------------------------


def test_the_figures_count_what_reached_the_bureau_and_was_published_in_the_period(
    tree, bureau, year
):
    keys = [
        "department_report.received",
        "department_report.received_on_time",
        "department_report.received_late",
        "department_report.on_time_rate",
        "department_report.published",
        "department_report.published_on_time",
        "department_report.published_late",
        "department_report.grade.良好",
        "department_report.grade.优秀",
        "department_report.grade.未评定",
    ]
    period = Period.year(YEAR + 1)
    figures = compute(keys, period, tree["county"], user=bureau)
    assert [figures[k].value for k in keys[:3]] == [3, 2, 1]
    assert figures["department_report.on_time_rate"].shown == "66.67%"
    assert [figures[k].value for k in keys[4:]] == [2, 2, 0, 1, 0, 2]
    late = records_for("department_report.received_late", period, tree["county"], bureau)
    assert list(late) == [year["police"]]
    # The year reported on (2024) holds none of them: they reached the bureau in 2025.
    assert compute(keys[:1], Period.year(YEAR), tree["county"])[keys[0]].value == 0
    # The other county's are its own.
    sibling = compute(keys[:1], period, tree["sibling"])[keys[0]].value
    assert sibling == 1


def test_a_late_publication_is_counted_late(tree, bureau, year):
    actions.record_publishing(bureau, year["police"], D(YEAR + 1, 4, 20))
    figures = compute(
        ["department_report.published_late"], Period.year(YEAR + 1), tree["county"], user=bureau
    )
    assert figures["department_report.published_late"].value == 1


# --- the page contract ---------------------------------------------------------------------


def test_the_pages_keep_the_page_contract(client, bureau, market_clerk, year, units):
    """Chinese only, units by their names, strict HTML: the site-wide crawl's checks, on each of
    this register's pages as the bureau and as a department's 填报员 see them."""
    contract = Contract({unit.code: unit.name for unit in Unit.objects.all()})
    own = AnnualReport.objects.create(unit=units["county"], year=YEAR, signer="古丈县司法局")
    AnnualReport.objects.filter(pk=own.pk).update(status=ReportStatus.PUBLISHED)
    pages = {
        bureau: [
            reverse("department_report:list"),
            reverse("department_report:create"),
            f"{STATUS}?year={YEAR}",
            reverse("department_report:detail", args=[year["own"].pk]),
            reverse("department_report:detail", args=[year["police"].pk]),
            reverse("department_report:edit", args=[year["market"].pk]),
        ],
        market_clerk: [
            reverse("department_report:list"),
            STATUS,
            reverse("department_report:detail", args=[year["market"].pk]),
        ],
    }
    broken = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            problems, _ = contract.problems(response.content.decode())
            if problems:
                broken[(user.username, url)] = problems
    assert broken == {}


def test_the_figures_drill_down_to_their_reports(client, bureau, year):
    client.force_login(bureau)
    url = reverse("indicators:records", args=["department_report.received_late"])
    response = client.get(url, {"year": YEAR + 1})
    page = strict(response)
    assert [row["record"] for row in response.context["rows"]] == [year["police"]]
    assert "古丈县公安局" in page and "2025-03-05" in page
    ungraded = client.get(
        reverse("indicators:records", args=["department_report.grade.未评定"]), {"year": YEAR + 1}
    )
    assert {row["record"] for row in ungraded.context["rows"]} == {year["police"], year["own"]}
    figures = strict(client.get(reverse("indicators:figures"), {"year": YEAR + 1}))
    assert "逾期报送的部门年度报告" in figures and "部门年度报告按时报送率" in figures


def test_the_bureau_registers_every_unit_still_missing_for_its_clerk_to_send(
    client, bureau, year, make_user, units
):
    client.force_login(bureau)
    page = strict(client.get(STATUS, {"year": YEAR}))
    url = reverse("department_report:register_expected")
    assert f'action="{url}"' in page and "为未登记的 1 家单位登记2024年度报告" in page
    assert client.get(url).status_code == 405
    response = client.post(url, {"year": YEAR}, follow=True)
    assert "已为 1 家单位登记2024年度报告" in strict(response)
    made = DepartmentReport.objects.get(reporting_unit=units["land"], year=YEAR)
    assert (made.number, made.unit, made.officer, made.received_date) == (
        "2024年度第01号",
        units["county"],
        bureau,
        None,
    )
    assert response.context["found"].unregistered == []
    assert "为未登记的" not in response.content.decode()
    # Again: nothing left to register.
    client.post(url, {"year": YEAR})
    assert DepartmentReport.objects.filter(year=YEAR, unit=units["county"]).count() == 5
    # The department's 填报员 now finds his unit's report and sends it.
    land_clerk = make_user("zrzy", units["land"], Role.CLERK)
    actions.record_sending(land_clerk, made, D(YEAR + 1, 2, 28))
    # A 填报员 registers nothing.
    client.force_login(land_clerk)
    assert client.post(url, {"year": YEAR - 1}).status_code == 403
    assert not DepartmentReport.objects.filter(year=YEAR - 1).exists()
