"""A 司法确认 window the parties let lapse is closed, not the committee's overdue work (issue 16
point 7): rules.window_state is the one rule, and the list, the case page, the 仅看超期 filter,
the export, the board and the dashboard's overdue count all say the same of one case."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.records import passed
from fazhi.core.tests.helpers import strict_html as strict
from fazhi.imports.exporter import export_records
from fazhi.mediation import rules
from fazhi.mediation.columns import REGISTER, computed
from fazhi.mediation.models import MediationCase
from fazhi.portal.board import board_for

D = datetime.date
TODAY = D(2026, 12, 6)  # a Sunday: the 30-day windows below end on both sides of it
OVERDUE_DAYS = re.compile(r"超期\s*\d+\s*天")


def case(**facts):
    values = {
        "received_date": D(2024, 3, 1),
        "dispute_type": "neighbour",
        "status": "succeeded",
        "agreement_form": "written",
        "closed_date": D(2024, 3, 10),  # window ends Tuesday 2024-04-09
    }
    values.update(facts)
    return MediationCase(**values)


# --- the rule (pure) ---------------------------------------------------------------------


def test_the_window_is_open_to_its_last_day_then_lapsed_never_overdue():
    lapsing = case()
    assert rules.window_state(lapsing, D(2024, 4, 9)).state == rules.OPEN
    assert rules.window_state(lapsing, D(2024, 4, 9)).days_left == 0
    after = rules.window_state(lapsing, D(2024, 4, 10))
    assert after.state == rules.LAPSED and after.date == D(2024, 4, 9)
    assert after.text() == "申请期已于 2024-04-09 届满"
    for day in (D(2024, 4, 1), D(2024, 4, 10), D(2025, 4, 10)):
        assert rules.is_overdue(lapsing, day) is False


def test_every_state_of_the_window():
    day = D(2024, 4, 1)
    assert rules.window_state(case(), day).text() == "申请期至 2024-04-09，剩 8 天"
    assert rules.window_state(case(judicial_confirmation=True), day).state == rules.APPLIED
    assert rules.window_state(case(judicial_confirmation=True), day).text() == "已申请"
    for none in (case(agreement_form="oral"), case(status="failed", agreement_form="")):
        found = rules.window_state(none, day)
        assert (found.state, found.text()) == (rules.NO_WINDOW, "")
    # A window the calendar cannot reach (after 2100) is 待定, not lapsed nor overdue.
    beyond = case(received_date=D(2100, 12, 1), closed_date=D(2100, 12, 20))
    assert rules.window_state(beyond, D(2200, 1, 1)).state == rules.UNDETERMINED
    assert rules.is_overdue(beyond, D(2200, 1, 1)) is False


def test_a_window_in_a_year_not_entered_reads_provisional():
    # On the package calendar 2027 is not entered: 2026-12-05 + 30 days = Monday 2027-01-04.
    late = case(received_date=D(2026, 12, 1), closed_date=D(2026, 12, 5))
    assert rules.window_state(late, TODAY).text() == "申请期至 2027-01-04（暂定），剩 29 天"
    assert rules.window_state(late, D(2027, 2, 1)).text() == "申请期已于 2027-01-04（暂定） 届满"


def test_running_is_the_window_until_the_parties_apply_and_derive_stores_it():
    waiting = case()
    assert [d.label for d in rules.running(waiting)] == [rules.CONFIRMATION]
    assert rules.running(case(judicial_confirmation=True)) == []
    rules.derive(waiting, {})
    assert (waiting.due_label, waiting.due_date) == (rules.CONFIRMATION, D(2024, 4, 9))
    assert waiting.running_deadlines == [
        {
            "label": rules.CONFIRMATION,
            "date": "2024-04-09",
            "basis": rules.CONFIRMATION_BASIS,
            "awaiting": "",
            "provisional": False,
        }
    ]
    # The window has passed, yet no duty of the committee has: nothing is overdue.
    assert passed(rules.running(waiting), D(2025, 1, 1)) != []
    assert passed(rules.duties(waiting), D(2025, 1, 1)) == []


def test_the_export_fields_say_lapsed_and_not_overdue():
    fields = computed(case(), TODAY)
    assert fields[rules.CONFIRMATION] == "2024-04-09"
    assert fields["司法确认申请期"] == "申请期已于 2024-04-09 届满"
    assert fields["司法确认申请期内"] == "否"
    assert fields["超期"] == "否"
    assert computed(case(agreement_form="oral"), TODAY)["司法确认申请期"] == ""


# --- every page and output agrees (database) ---------------------------------------------


@pytest.fixture
def today(monkeypatch):
    """The pages' today (timezone.localdate) fixed, so the windows stand as the tests say."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def windows(mediate, today):
    return {
        # window ended 2024-04-09: lapsed, 970 days ago
        "lapsed": mediate("已届满"),
        # 2026-11-10 + 30 days = Thursday 2026-12-10: open, due within five working days
        "open": mediate("期内", received_date=D(2026, 11, 5), closed_date=D(2026, 11, 10)),
        # window ends 2027-01-04, a year not entered: open and 暂定
        "provisional": mediate("跨年", received_date=D(2026, 12, 1), closed_date=D(2026, 12, 5)),
        "applied": mediate("已申请", judicial_confirmation=True),
        "oral": mediate("口头", agreement_form="oral"),
    }


def listed(client, **params):
    response = client.get(reverse("mediation:list"), params)
    assert response.status_code == 200
    return strict(response.content.decode())


def numbers_in(page, windows):
    return {key for key, found in windows.items() if f">{found.number}</a>" in page}


def test_the_list_shows_a_lapsed_window_as_lapsed_never_as_overdue(client, office, windows):
    client.force_login(office)
    page = listed(client)
    assert numbers_in(page, windows) == set(windows)
    assert not OVERDUE_DAYS.search(page)
    assert 'class="overdue"' not in page and "warn" not in page
    assert "申请期已于 2024-04-09 届满" in page
    assert "申请期至 2026-12-10，剩 4 天" in page
    assert '申请期至 2027-01-04<span class="provisional"' in page
    assert "已申请" in page


def test_overdue_filter_lists_none_and_the_window_filter_follows_the_rule(client, office, windows):
    client.force_login(office)
    assert numbers_in(listed(client, overdue="on"), windows) == set()
    assert numbers_in(listed(client, window=rules.LAPSED), windows) == {"lapsed"}
    assert numbers_in(listed(client, window=rules.OPEN), windows) == {"open", "provisional"}
    assert numbers_in(listed(client, window=rules.APPLIED), windows) == {"applied"}
    # The SQL of the filter and the rule agree on every case.
    for state in (rules.OPEN, rules.LAPSED, rules.APPLIED):
        shown = numbers_in(listed(client, window=state), windows)
        ruled = {k for k, c in windows.items() if rules.window_state(c, TODAY).state == state}
        assert shown == ruled, state


def test_the_case_page_shows_the_lapsed_window_without_overdue(client, office, windows):
    client.force_login(office)
    url = reverse("mediation:detail", args=[windows["lapsed"].pk])
    page = strict(client.get(url).content.decode())
    assert "司法确认：申请期已于 2024-04-09 届满" in page
    assert "不属于超期" in page
    assert 'class="overdue"' not in page and not OVERDUE_DAYS.search(page)
    url = reverse("mediation:detail", args=[windows["provisional"].pk])
    page = strict(client.get(url).content.decode())
    assert '2027-01-04<span class="provisional"' in page
    assert "待录入该年度节假日安排后确定" in page


def test_board_dashboard_export_and_list_agree_on_one_lapsed_case(client, office, windows):
    sections, _ = board_for(office, TODAY)
    (section,) = [s for s in sections if s.register is REGISTER]
    assert section.overdue == []
    # the dashboard's overdue figure is the board's counts summed (dashboard.views)
    assert sum(c["overdue"] for c in section.counts) == 0
    assert sum(c["running"] for c in section.counts) == 2  # the two open windows
    # (a board line is a record, or a (record, deadline) line that holds it)
    soon = {getattr(line, "record", line).number for line in section.due_soon}
    assert soon == {windows["open"].number}

    rows = json.loads(export_records(REGISTER, MediationCase.objects.all(), "json"))
    by_number = {row["调解编号"]: row for row in rows}
    lapsed = by_number[windows["lapsed"].number]
    assert (lapsed["超期"], lapsed["司法确认申请期内"]) == ("否", "否")
    assert lapsed["司法确认申请期"] == "申请期已于 2024-04-09 届满"
    assert {row["超期"] for row in rows} == {"否"}
    assert by_number[windows["provisional"].number][rules.CONFIRMATION] == "2027-01-04（暂定）"

    client.force_login(office)
    page = listed(client)
    for row in rows:
        assert row["司法确认申请期"].replace("（暂定）", "") in re.sub(
            r"<span[^>]*>（暂定）</span>", "", page
        )


def test_an_unknown_window_filter_is_refused_in_chinese(client, office, windows):
    client.force_login(office)
    page = listed(client, window="overdue")
    assert "选择一个有效的选项" in page
