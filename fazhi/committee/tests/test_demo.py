"""The demo's meetings and tasks on 古丈县's demo units: loaded once, each rule at work whatever
the day (closed on time, closed late, one overdue on the board, two due next year, a decision
still to become a task), and the demo 填报员's department's tasks his alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.committee import demo, rules
from fazhi.committee.models import CommitteeMeeting, TaskProgress, TaskStatus, WorkTask
from fazhi.committee.views import decisions_with_tasks
from fazhi.core.models import Unit
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.core.unit_loader import load_units
from fazhi.indicators.compute import compute, compute_monthly, months_between
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.portal.board import board_for
from fazhi.portal.management.commands.demo import UNITS_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county(db, make_user):
    load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))
    county, market = Unit.objects.get(code="433126"), Unit.objects.get(code="433126-E02")
    office = make_user(demo.OFFICER, county, Role.RULE_OF_LAW, full_name="周立新")
    clerk = make_user(demo.CLERK, market, Role.CLERK, full_name="吴海波")
    return county, office, clerk


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 6, 15), datetime.date(2026, 1, 2), datetime.date(2026, 4, 20)]
)
def test_the_demo_loads_once_and_shows_each_rule(demo_county, today):
    county, office, clerk = demo_county
    added = demo.load(today)
    assert added == WorkTask.objects.count() + CommitteeMeeting.objects.count() == 31
    assert demo.load(today) == 0 and TaskProgress.objects.count() == 4

    tasks = list(WorkTask.objects.all())
    assert all(t.assigned_date <= today and (t.closed_date or today) <= today for t in tasks)
    overdue = [t for t in tasks if rules.is_overdue(t, today)]
    assert [t.lead_unit_code for t in overdue] == ["433126-E07"]
    late = sorted(t.lead_unit_code for t in tasks if rules.on_time(t) is False)
    assert late == ["433126-Z01", "433126-Z02"]  # one this year, one the year before
    assert sum(1 for t in tasks if rules.on_time(t)) == 5 + 7
    year = (today - datetime.timedelta(days=demo.ISSUED_AGO)).year  # the 工作要点's
    assert sum(1 for t in tasks if t.deadline.year == year + 1) >= 2
    assert WorkTask.objects.filter(status=TaskStatus.REQUESTED).count() == 1
    before = compute(
        ["committee_meeting.held", "work_task.closed", "work_task.closed_on_time"],
        Period.year(year - 1),
        county,
    )
    assert [f.value for f in before.values()] == [4, 8, 7]

    # Two meetings this year; the plenary's third decision waits for 转为任务.
    meetings = CommitteeMeeting.objects.filter(meeting_date__year=today.year)
    assert meetings.count() == 2
    plenary = meetings.get(kind="plenary")
    rows, others = decisions_with_tasks(plenary, plenary.tasks.all())
    assert [len(row["tasks"]) for row in rows] == [0, 1, 1] and others == []

    figures = compute(
        ["work_task.closed", "work_task.on_time_rate", "committee_meeting.held"],
        Period(datetime.date(year, 1, 1), today),
        county,
    )
    assert figures["committee_meeting.held"].value >= 1
    rate = figures["work_task.on_time_rate"]
    assert rate.numerator < rate.denominator  # one was closed late

    board, _ = board_for(office, today)
    (section,) = [s for s in board if s.register.name == "work_task"]
    assert [line.record.lead_unit_code for line in section.overdue] == ["433126-E07"]
    # The demo 填报员 sees his department's tasks only, one of them asking to close.
    mine = WorkTask.objects.visible_to(clerk)
    assert {t.lead_unit_code for t in mine} == {"433126-E02"} and mine.count() == 4
    assert mine.filter(status=TaskStatus.REQUESTED).exists()


def test_the_pages_on_the_demo_keep_the_page_contract(client, demo_county):
    """Each page of the two registers, on the demo's records, as the office and as the demo
    填报员: strict HTML, Chinese only, every unit by its name (portal/tests/page_contract.py)."""
    from fazhi.portal.tests.page_contract import Contract

    county, office, clerk = demo_county
    demo.load(timezone.localdate())
    contract = Contract(dict(Unit.objects.values_list("code", "name")))
    plenary = CommitteeMeeting.objects.filter(kind="plenary").latest("meeting_date")
    mine = WorkTask.objects.visible_to(clerk).get(source="meeting", closed_date=None)
    open_task = WorkTask.objects.filter(status=TaskStatus.OPEN, partner_codes__gt="").first()
    meeting_pages = [
        reverse("committee_meeting:list"),
        reverse("committee_meeting:detail", args=[plenary.pk]),
        reverse("committee_meeting:create"),
        reverse("committee_meeting:edit", args=[plenary.pk]),
    ]
    task_pages = [
        reverse("work_task:list"),
        reverse("work_task:list") + "?status=requested&source=plan&overdue=on&sort=due",
        reverse("work_task:detail", args=[open_task.pk]),
        reverse("work_task:edit", args=[open_task.pk]),
        reverse("work_task:create") + f"?from_meeting={plenary.pk}&item=1",
    ]
    clerk_pages = [reverse("work_task:list"), reverse("work_task:detail", args=[mine.pk])]
    office_pages = [*meeting_pages, *task_pages, *clerk_pages]
    broken = {}
    for user, urls in ((office, office_pages), (clerk, clerk_pages)):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            problems, _ = contract.problems(response.content.decode())
            if problems:
                broken[(user.username, url)] = problems
    assert broken == {}


def test_the_months_of_each_dated_figure_are_what_each_month_gives(demo_county):
    """compute_monthly (the dashboard's charts) agrees with compute() month by month on the
    demo's meetings and tasks, for the office and for the demo 填报员 (indicators/tests/
    test_monthly.py's check, on this app's figures alone)."""
    county, office, clerk = demo_county
    today = timezone.localdate()
    demo.load(today)
    keys = [
        key
        for key, indicator in INDICATORS.items()
        if indicator.register in ("committee_meeting", "work_task") and indicator.by_month
    ]
    assert "work_task.closed" in keys and "committee_meeting.topics" in keys
    first, last = (today.year - 1, 1), (today.year, 12)
    for user in (None, office, clerk):
        monthly = compute_monthly(keys, first, last, county, user=user)
        for month in months_between(first, last):
            expected = compute(keys, Period.month(*month), county, user=user)
            assert {k: monthly[k][month] for k in keys} == {k: expected[k].value for k in keys}
    whole = compute_monthly(keys, first, last, county)
    assert all(any(whole[key].values()) for key in keys if not INDICATORS[key].is_part)
