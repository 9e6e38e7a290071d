"""The deadline board: overdue and due-within-five-working-days, per register, per officer; a
case once per running deadline; provisional dates listed, marked and counted like any other."""

import re
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from fazhi.core import holidays
from fazhi.core.models import HolidayYear
from fazhi.core.roles import Role
from fazhi.corrections import actions as corrections_actions
from fazhi.corrections import rules as corrections_rules
from fazhi.corrections.columns import SUBJECT_REGISTER
from fazhi.litigation import actions
from fazhi.litigation.columns import REGISTER
from fazhi.portal import board
from fazhi.portal.board import board_for, watch_horizon
from fazhi.reconsideration import actions as reconsideration_actions
from fazhi.reconsideration import rules as reconsideration_rules
from fazhi.reconsideration.columns import REGISTER as RECONSIDERATION

ROLE = Role.RECONSIDERATION  # works 行政复议 and 行政应诉
TODAY = date(2024, 3, 11)  # a Monday; five working days later is Monday 03-18
ID = "11010519491231002X"


def suit(actor, unit, number, received):
    """A suit whose 答辩期限 is 15 calendar days after `received` (行政诉讼法第六十七条)."""
    return actions.register_case(
        actor,
        unit=unit,
        number=number,
        plaintiff="甲",
        defendant="乙",
        notice_received_date=received,
    )


@pytest.fixture
def cases(tree, make_user):
    officer = make_user("yingsu", tree["county"], ROLE, full_name="向红梅")
    office = make_user("guyang", tree["office"], ROLE, full_name="张桂兰")
    made = {
        "overdue": suit(officer, tree["county"], "超期", date(2024, 2, 22)),  # due Fri 03-08
        "soon": suit(officer, tree["county"], "临近", date(2024, 2, 29)),  # due Fri 03-15
        # due Mon 03-18, the last day of the window
        "edge": suit(office, tree["office"], "边界", date(2024, 3, 3)),
        "later": suit(officer, tree["county"], "较远", date(2024, 3, 4)),  # due 03-19: beyond
        "answered": suit(officer, tree["county"], "已答辩", date(2024, 2, 22)),
    }
    actions.record_step(officer, made["answered"], "defence", date(2024, 3, 5))
    return officer, office, made


def section_of(sections, register=REGISTER):
    (section,) = [s for s in sections if s.register is register]
    return section


def lines(found):
    return [(line.record.number, line.label, line.date) for line in found]


def numbers(found):
    return [line.record.number for line in found]


def test_board_lists_overdue_and_due_soon_and_counts_per_officer(cases):
    officer, _, _ = cases
    sections, note = board_for(officer, TODAY)
    assert note == ""
    section = section_of(sections)
    assert numbers(section.overdue) == ["超期"]
    assert numbers(section.due_soon) == ["临近", "边界"]
    assert section.overdue[0].days_left == -3  # calendar days since 03-08
    assert section.overdue[0].label == "答辩期限"
    assert (section.overdue_cases, section.due_soon_cases) == (1, 2)
    counts = {(c["unit__name"], c["officer__full_name"]): c for c in section.counts}
    mine = counts[("古丈县司法局", "向红梅")]
    assert (mine["running"], mine["overdue"], mine["soon"]) == (3, 1, 1)
    theirs = counts[("古阳镇司法所", "张桂兰")]
    assert (theirs["running"], theirs["overdue"], theirs["soon"]) == (1, 0, 1)
    assert mine["undetermined"] == 0


def test_a_subject_running_against_two_deadlines_is_on_the_board_for_each(tree, make_user):
    """Lost contact before ever reporting: the 10 days to report and the search due at once
    (社区矫正法第二十一条, 第三十条) both run. One overdue and one due soon: the case, selected by
    its earliest deadline, shows in both lists, and is counted once."""
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    subject = corrections_actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number="古矫1", name="张某",
        id_number=ID, category="probation", judgment_effective_date=date(2024, 3, 5),
        start_date=date(2024, 3, 5), end_date=date(2025, 3, 4),
        status="lost_contact", lost_contact_date=date(2024, 3, 8),
    )  # fmt: skip
    assert [d["label"] for d in subject.running_deadlines] == [
        corrections_rules.REPORT_LABEL,
        corrections_rules.ABSCONDED_LABEL,
    ]
    section = section_of(board_for(officer, TODAY)[0], SUBJECT_REGISTER)
    assert lines(section.overdue) == [
        ("古矫1", corrections_rules.ABSCONDED_LABEL, date(2024, 3, 8))
    ]
    assert lines(section.due_soon) == [("古矫1", corrections_rules.REPORT_LABEL, date(2024, 3, 15))]
    (row,) = section.counts
    assert (row["running"], row["overdue"], row["soon"]) == (1, 1, 0)
    # Both overdue a week later: two lines of one case, one case overdue.
    section = section_of(board_for(officer, date(2024, 3, 18))[0], SUBJECT_REGISTER)
    assert [line.label for line in section.overdue] == [
        corrections_rules.ABSCONDED_LABEL,
        corrections_rules.REPORT_LABEL,
    ]
    assert (section.overdue_cases, section.due_soon) == (1, [])


def test_an_accepted_reconsideration_is_watched_for_its_copy_and_its_decision(tree, make_user):
    """The issue's case: accepted, the copy must go out within 7 working days (第四十八条) while
    the 60 days of 第六十二条 run; the board must not lose the first behind the second."""
    officer = make_user("fuyi", tree["county"], ROLE)
    case = reconsideration_actions.register_case(
        officer, unit=tree["county"], number="古复1", applicant="甲", respondent="乙",
        received_date=date(2024, 1, 2),
    )  # fmt: skip
    reconsideration_actions.record_step(officer, case, "accept", date(2024, 1, 5))
    copy, decision = reconsideration_rules.COPY, reconsideration_rules.DECISION
    # 7 working days after Fri 01-05 is Tue 01-16; the decision is due 60 days later, 03-05.
    section = section_of(board_for(officer, date(2024, 1, 15))[0], RECONSIDERATION)
    assert lines(section.due_soon) == [("古复1", copy, date(2024, 1, 16))]
    section = section_of(board_for(officer, TODAY)[0], RECONSIDERATION)
    assert lines(section.overdue) == [
        ("古复1", copy, date(2024, 1, 16)),
        ("古复1", decision, date(2024, 3, 5)),
    ]
    assert section.overdue_cases == 1
    (row,) = section.counts
    assert (row["running"], row["overdue"]) == (1, 1)


def test_a_provisional_date_is_listed_marked_and_counted_overdue(tree, make_user):
    """2027 is not entered (the stored calendar holds the package's years): a suit received
    2026-12-20 is due Monday 2027-01-04 on the statutory holidays, provisionally."""
    officer = make_user("yingsu", tree["county"], ROLE, full_name="向红梅")
    case = suit(officer, tree["county"], "跨年", date(2026, 12, 20))
    assert case.due_date == date(2027, 1, 4)
    sections, note = board_for(officer, date(2027, 1, 5))
    assert note == ""
    section = section_of(sections)
    assert lines(section.overdue) == [("跨年", "答辩期限", date(2027, 1, 4))]
    (row,) = section.counts
    assert (row["running"], row["overdue"], row["undetermined"]) == (1, 1, 0)
    html = render_to_string("portal/board.html", {"board": sections})
    assert '2027-01-04<span class="provisional"' in html and "（暂定）" in html
    assert "超期 1 天" in html
    # Due soon the week before, marked the same way.
    sections, _ = board_for(officer, date(2026, 12, 31))
    assert lines(section_of(sections).due_soon) == [("跨年", "答辩期限", date(2027, 1, 4))]
    assert section_of(sections).due_soon[0].provisional
    # Once 2027 is entered the mark goes, before any recompute has saved the case again.
    HolidayYear.objects.create(year=2027, source="entered")
    holidays.forget()
    sections, _ = board_for(officer, date(2027, 1, 5))
    (line,) = section_of(sections).overdue
    assert case.running_deadlines[0]["provisional"] and not line.provisional
    assert "暂定" not in render_to_string("portal/board.html", {"board": sections})


def test_a_running_deadline_awaiting_delivery_is_counted_as_undetermined(tree, make_user):
    """A correction asked for and not yet delivered: the applicant's period has no date (待送达,
    第三十一条第二款); the case is counted, not listed as overdue or soon."""
    officer = make_user("fuyi", tree["county"], ROLE)
    case = reconsideration_actions.register_case(
        officer, unit=tree["county"], number="待送达", applicant="甲", respondent="乙",
        received_date=date(2024, 3, 4),
    )  # fmt: skip
    reconsideration_actions.record_step(officer, case, "notify_correction", date(2024, 3, 6))
    assert case.due_date is None and case.running_deadlines[0]["awaiting"] == "送达"
    section = section_of(board_for(officer, TODAY)[0], RECONSIDERATION)
    assert section.is_empty
    (row,) = section.counts
    assert (row["running"], row["undetermined"], row["overdue"]) == (1, 1, 0)


def test_a_record_saved_before_every_deadline_was_stored_shows_its_earliest(cases):
    """Records saved before running_deadlines existed hold only due_date/due_label until their
    next save; the board still lists them."""
    officer, _, made = cases
    type(made["overdue"]).objects.filter(pk=made["overdue"].pk).update(running_deadlines=[])
    section = section_of(board_for(officer, TODAY)[0])
    assert lines(section.overdue) == [("超期", "答辩期限", date(2024, 3, 8))]


def test_board_shows_only_what_the_user_may_see(cases, tree, make_user):
    _, office, _ = cases
    section = section_of(board_for(office, TODAY)[0])
    assert numbers(section.overdue) == [] and numbers(section.due_soon) == ["边界"]
    stranger = make_user("luxi", tree["sibling"], ROLE)
    section = section_of(board_for(stranger, TODAY)[0])
    assert section.is_empty and section.counts == []
    assert board_for(make_user("pf", tree["county"], Role.PUBLICITY), TODAY)[0] == []


def test_board_window_over_the_year_end_counts_on_the_provisional_calendar():
    # Tue 2026-12-29: 12-30, 12-31, (元旦 2027-01-01 off), 01-04, 01-05, 01-06.
    assert watch_horizon(date(2026, 12, 29)) == (date(2027, 1, 6), "")


def test_board_window_beyond_any_calendar_says_so():
    horizon, note = watch_horizon(date(2100, 12, 29))
    assert horizon == date(2101, 1, 5)
    assert "不在法定节假日日历可计算的范围内" in note and "7个自然日" in note


def test_next_years_warning_is_above_the_board_of_whoever_must_enter_it(
    client, tree, make_user, monkeypatch
):
    """From 1 October the top unit's system administrator is told next year is not entered
    (fazhi.core.holidays decides who and when); he has no board of cases, only the warning."""
    admin = make_user("admin", tree["province"], Role.SYSTEM_ADMIN)
    assert board_for(admin, date(2026, 9, 30))[0].warning == ""
    warning = board_for(admin, date(2026, 10, 1))[0].warning
    assert "2027年节假日安排尚未录入" in warning
    assert board_for(make_user("fuyi", tree["county"], ROLE), date(2026, 10, 1))[0].warning == ""
    monkeypatch.setattr(board.holidays, "next_year_warning", lambda user, today: "请录入明年安排")
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert '<p class="msg warning">请录入明年安排</p>' in page
    monkeypatch.delattr(board.holidays, "next_year_warning")  # before H1's function: no warning
    assert board_for(admin, date(2026, 10, 1))[0].warning == ""


def test_home_page_shows_the_board_with_links(
    client, tree, make_user, django_assert_max_num_queries
):
    officer = make_user("fuyi", tree["county"], ROLE)
    today = timezone.localdate()
    case = reconsideration_actions.register_case(
        officer,
        unit=tree["county"],
        number="今日收件",
        applicant="甲",
        respondent="乙",
        received_date=today,
    )
    suit(officer, tree["county"], "昨日超期", today - timedelta(days=30))
    client.force_login(officer)
    # 9, and one for the documents awaiting delivery (issue 20).
    with django_assert_max_num_queries(10):
        page = client.get("/").content.decode()
    assert "期限看板" in page
    assert f'href="/reconsideration/{case.pk}/"' in page
    assert "受理审查期限" in page and "昨日超期" in page
    client.force_login(make_user("admin", tree["county"], Role.SYSTEM_ADMIN))
    assert "期限看板" not in client.get("/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_sees_both_deadlines_and_the_provisional_mark_in_a_browser(
    browser_page, tree, make_user, monkeypatch, tmp_path
):
    """On 2027-01-06, 2027 not entered: the board lists a case's two overdue deadlines and the
    provisional dates, marked; the list and the case page say the same; and none of it makes
    the page wider than the window at 1366 px."""
    from fazhi.conftest import browser_login

    today = date(2027, 1, 6)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    officer = make_user("fuyi", tree["county"], ROLE, full_name="向红梅")
    old = reconsideration_actions.register_case(
        officer, unit=tree["county"], number="古复〔2026〕31号", applicant="李某",
        respondent="古丈县市场监督管理局", received_date=date(2026, 10, 9),
    )  # fmt: skip
    reconsideration_actions.record_step(officer, old, "accept", date(2026, 10, 12))
    new = reconsideration_actions.register_case(
        officer, unit=tree["county"], number="古复〔2026〕52号", applicant="王某",
        respondent="古丈县自然资源局", received_date=date(2026, 12, 28),
    )  # fmt: skip
    reconsideration_actions.record_step(officer, new, "accept", date(2026, 12, 30))
    suit(officer, tree["county"], "（2026）湘3101行初9号", date(2026, 12, 20))  # 01-04, 暂定
    suit(officer, tree["county"], "（2026）湘3101行初12号", date(2026, 12, 28))  # 01-12, 暂定

    page = browser_page
    browser_login(page, "fuyi")
    page.goto(page.base_url + "/")
    board_section = page.locator(".board-section").filter(
        has=page.get_by_role("heading", name=re.compile("^行政复议案件"))
    )
    old_lines = board_section.locator("tbody tr").filter(has_text="古复〔2026〕31号")
    assert old_lines.count() == 2  # 答复通知期限 and 审理期限, both overdue
    assert all("overdue" in old_lines.nth(n).get_attribute("class") for n in range(2))
    assert "超期 1 件" in board_section.locator("h3").inner_text()
    new_line = board_section.locator("tbody tr").filter(has_text="古复〔2026〕52号")
    assert "2027-01-11（暂定）" in new_line.inner_text()
    assert page.locator(".board .provisional").count() >= 3
    shots = {}
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in (
            ("board", "/"),
            ("list", "/reconsideration/"),
            ("case", f"/reconsideration/{old.pk}/"),
            ("case_provisional", f"/reconsideration/{new.pk}/"),
        ):
            page.goto(page.base_url + url)
            shots[name, width] = tmp_path / f"{name}_{width}.png"
            page.screenshot(path=shots[name, width], full_page=True)
            if width == 1366:
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (name, overflow)
    page.goto(page.base_url + "/reconsideration/")
    row = page.locator("table.grid tbody tr").filter(has_text="古复〔2026〕52号")
    assert "答复通知期限 2027-01-11（暂定）" in row.inner_text()
    assert "另有 1 项期限" in row.inner_text()
    page.goto(page.base_url + f"/reconsideration/{new.pk}/")
    assert "带“暂定”的期限按法定节假日计算" in page.inner_text("main")
    assert all(path.stat().st_size > 10_000 for path in shots.values())


def test_a_registers_alerts_show_to_its_readers_only(client, tree, make_user, monkeypatch):
    """Reminders that are no case's deadline (core/alerts.py) are shown under the register's
    name to whoever may read its records, an alert counting nothing is left out, and the lines
    beyond those listed are counted."""
    import dataclasses

    from fazhi.core.alerts import Alert, AlertLine
    from fazhi.core.registers import REGISTERS

    asked = []

    def alerts(user, today):
        asked.append(user.username)
        lines = (AlertLine("某县公安局", "应于3月31日前报备", "/somewhere/"),)
        return [Alert("缺报计划", 3, lines), Alert("从未出现的提醒", 0)]

    register = dataclasses.replace(REGISTERS["litigation"], alerts=alerts)
    monkeypatch.setitem(REGISTERS, "litigation", register)
    client.force_login(make_user("fuyi", tree["county"], ROLE))
    page = client.get("/").content.decode()
    assert "行政应诉案件提醒" in page and "缺报计划" in page and "3 项" in page
    assert '<a href="/somewhere/">某县公安局</a>' in page and "另有 2 项未列出" in page
    assert "从未出现的提醒" not in page
    client.force_login(make_user("jiaozheng", tree["county"], Role.CORRECTIONS))
    assert "缺报计划" not in client.get("/").content.decode()
    assert asked == ["fuyi"]


def test_the_supervisors_home_page_pins_its_queries(
    client, tree, make_user, django_assert_max_num_queries
):
    """执法监督's home reads the board of 案卷评查 and 法治督察 and the reminders of the roster,
    the plans and the yearly data: a fixed number of queries, however many records."""
    client.force_login(make_user("fazhi", tree["county"], Role.ENFORCEMENT))
    # Measured: 22 (each reminder reads its settings and its first lines, and counts only
    # when there are more than it lists).
    with django_assert_max_num_queries(22):
        assert client.get("/").status_code == 200
