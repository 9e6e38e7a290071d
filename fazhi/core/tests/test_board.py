"""The deadline board: overdue and due-within-five-working-days, per register, per officer."""

from datetime import date

import pytest
from django.utils import timezone

from fazhi.core.board import board_for, watch_horizon
from fazhi.core.roles import Role
from fazhi.core.workdays import KNOWN_YEARS
from fazhi.reconsideration import actions
from fazhi.reconsideration.columns import REGISTER

ROLE = Role.RECONSIDERATION
TODAY = date(2024, 3, 11)  # a Monday; five working days later is Monday 03-18


@pytest.fixture
def cases(tree, make_user):
    officer = make_user("fuyi", tree["county"], ROLE, full_name="向红梅")
    office = make_user("guyang", tree["office"], ROLE, full_name="张桂兰")

    def new(actor, unit, number, received):
        return actions.register_case(
            actor, unit=unit, number=number, applicant="甲", respondent="乙", received_date=received
        )

    made = {
        # review deadline 03-08 (Fri): overdue on 03-11
        "overdue": new(officer, tree["county"], "超期", date(2024, 3, 1)),
        # review deadline 03-15: due soon
        "soon": new(officer, tree["county"], "临近", date(2024, 3, 8)),
        # review deadline 03-18, the last day of the window
        "edge": new(office, tree["office"], "边界", date(2024, 3, 11)),
        # review deadline 03-19: beyond the window
        "later": new(officer, tree["county"], "较远", date(2024, 3, 12)),
        "closed": new(officer, tree["county"], "已办结", date(2024, 3, 1)),
    }
    actions.record_step(officer, made["closed"], "not_accept", date(2024, 3, 5))
    return officer, office, made


def reconsideration_section(sections):
    (section,) = [s for s in sections if s.register is REGISTER]
    return section


def numbers(records):
    return [r.number for r in records]


def test_board_lists_overdue_and_due_soon_and_counts_per_officer(cases):
    officer, _, _ = cases
    sections, note = board_for(officer, TODAY)
    assert note == ""
    section = reconsideration_section(sections)
    assert numbers(section.overdue) == ["超期"]
    assert numbers(section.due_soon) == ["临近", "边界"]
    assert section.overdue[0].days_left == -3  # calendar days since 03-08
    counts = {(c["unit__name"], c["officer__full_name"]): c for c in section.counts}
    mine = counts[("古丈县司法局", "向红梅")]
    assert (mine["running"], mine["overdue"], mine["soon"]) == (3, 1, 1)
    theirs = counts[("古阳镇司法所", "张桂兰")]
    assert (theirs["running"], theirs["overdue"], theirs["soon"]) == (1, 0, 1)
    assert mine["undetermined"] == 0


def test_a_running_deadline_of_unknown_date_is_counted_as_undetermined(tree, make_user):
    officer = make_user("fuyi", tree["county"], ROLE)
    last_known = KNOWN_YEARS.stop - 1
    case = actions.register_case(
        officer,
        unit=tree["county"],
        number="跨年",
        applicant="甲",
        respondent="乙",
        received_date=date(last_known, 11, 20),
    )
    actions.record_step(officer, case, "accept", date(last_known, 11, 25))
    assert (case.due_label, case.due_date) == ("审理期限", None)
    section = reconsideration_section(board_for(officer, date(last_known, 11, 26))[0])
    assert section.is_empty
    (row,) = section.counts
    assert (row["running"], row["undetermined"], row["overdue"]) == (1, 1, 0)


def test_board_shows_only_what_the_user_may_see(cases, tree, make_user):
    _, office, _ = cases
    section = reconsideration_section(board_for(office, TODAY)[0])
    assert numbers(section.overdue) == [] and numbers(section.due_soon) == ["边界"]
    stranger = make_user("luxi", tree["sibling"], ROLE)
    section = reconsideration_section(board_for(stranger, TODAY)[0])
    assert section.is_empty and section.counts == []
    assert board_for(make_user("pf", tree["county"], Role.PUBLICITY), TODAY)[0] == []


def test_board_window_beyond_the_known_calendar_says_so():
    horizon, note = watch_horizon(date(KNOWN_YEARS.stop - 1, 12, 29))
    assert horizon == date(KNOWN_YEARS.stop, 1, 5)
    assert "超出法定节假日日历的已知范围" in note


def test_home_page_shows_the_board_with_links(
    client, tree, make_user, django_assert_max_num_queries
):
    officer = make_user("fuyi", tree["county"], ROLE)
    today = timezone.localdate()
    case = actions.register_case(
        officer,
        unit=tree["county"],
        number="今日收件",
        applicant="甲",
        respondent="乙",
        received_date=today,
    )
    client.force_login(officer)
    with django_assert_max_num_queries(9):
        page = client.get("/").content.decode()
    assert "期限看板" in page
    assert f'href="/reconsideration/{case.pk}/"' in page
    assert "受理审查期限" in page
    client.force_login(make_user("admin", tree["county"], Role.SYSTEM_ADMIN))
    assert "期限看板" not in client.get("/").content.decode()
