"""The journey of a 复议应诉 officer, in a real browser: register a case, accept it, see its
deadline on the board, close it, and see the 办结 figure change.

Every action goes through the pages (clicks and form fills); the ORM only sets up the user
and checks what was stored afterwards.

The dates are chosen relative to today so the journey holds on any day. The board lists only
cases overdue or due within five working days, and a decision deadline 60 days after an
acceptance made last week lies beyond that window (and, late in a year, in a year whose
holidays are not yet published, so it is 待定 and the board cannot list it at all). The case
is therefore received 80 days ago and accepted 75 days ago: its 审理期限 is past, and the
board lists it as overdue. Should the calendar still not know that date, the journey checks
that the detail page says 待定 and that the board leaves the case out.
"""

import datetime
import re

import pytest
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.core.roles import Role
from fazhi.core.workdays import CalendarYearUnknown, add_calendar_days
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISTER_LABEL = "行政复议案件"
UNIT = "古丈县司法局"
OFFICER = "王复议"


def closed_figure(page):
    """The link holding the 办结 (reconsideration.closed) figure."""
    return page.locator('tr[data-key="reconsideration.closed"] td.num a').first


def open_figures(page, year):
    page.locator("nav.sidebar").get_by_role("link", name="统计指标", exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "统计指标"
    assert f"{year}年度" in page.inner_text(".page-head .sub")
    assert f"{UNIT}及下级单位" in page.inner_text(".page-head .sub")


def deadline_row(page, label):
    return page.locator(".card table tbody tr").filter(has_text=label)


def take_step(page, step, day, fills=(), **selects):
    page.select_option("#id_step", label=step)
    page.fill("#id_day", day.isoformat())
    for field, label in selects.items():
        page.select_option(f"#id_{field}", label=label)
    for field, text in fills:
        page.fill(f"#id_{field}", text)
    page.get_by_role("button", name="办理", exact=True).click()
    page.wait_for_load_state()
    # The step's documents are ticked by default and issued with it (issue 20).
    assert f"已办理：{step}" in page.inner_text(".messages")


def test_register_accept_board_close_and_figure(browser_page, tree, make_user, tmp_path):
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name=OFFICER)
    today = timezone.localdate()
    received = today - datetime.timedelta(days=80)
    accepted = today - datetime.timedelta(days=75)
    try:
        decision_due = add_calendar_days(accepted, 60)
    except CalendarYearUnknown:
        decision_due = None
    assert decision_due is None or decision_due < today  # overdue by construction
    number = f"古政复〔{received.year}〕88号"
    page = browser_page

    # Log in through the form.
    page.goto(page.base_url + "/")
    page.fill("#id_username", "fuyi")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")

    # The figures of this year, before: read 办结.
    open_figures(page, today.year)
    closed_before = int(closed_figure(page).inner_text())
    page.screenshot(path=tmp_path / "figures_before.png", full_page=True)

    # 行政复议 → 登记复议申请.
    page.locator("nav.sidebar").get_by_role("link", name="行政复议", exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == REGISTER_LABEL
    page.get_by_role("link", name="登记复议申请", exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "登记复议申请"
    assert page.input_value("#id_received_date") == today.isoformat()  # today by default
    page.select_option("#id_unit", label=UNIT)
    page.fill("#id_number", number)
    page.fill("#id_applicant", "李某")
    page.fill("#id_respondent", "古丈县市场监督管理局")
    page.select_option("#id_act_type", label="行政处罚")
    page.fill("#id_received_date", received.isoformat())
    page.screenshot(path=tmp_path / "register_form.png", full_page=True)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r"/reconsideration/\d+/$"))

    # The detail page: registered, pending review, with its review deadline and its article.
    message = page.inner_text(".messages")
    assert "已登记" in message and f"「{number}」" in message
    assert page.inner_text("h1") == number
    assert page.inner_text(".page-head .status") == "待审查"
    review = deadline_row(page, "受理审查期限")
    assert "当前" in review.inner_text() and "行政复议法第三十条" in review.inner_text()
    page.screenshot(path=tmp_path / "detail_registered.png", full_page=True)

    # 受理, 普通程序, 75 days ago.
    take_step(page, "受理", accepted, procedure="普通程序")
    assert page.inner_text(".page-head .status") == "审理中"
    # Its 受理通知书, numbered and awaiting delivery to the applicant.
    issued = page.locator("#documents tbody tr").filter(has_text="受理通知书").first
    assert (
        f"复受字〔{accepted.year}〕1号" in issued.inner_text() and "待送达" in issued.inner_text()
    )
    # The copy to the respondent: sent, delivered (how and to whom), answered. Until then its
    # deadlines run beside the decision period (第四十八条).
    day = datetime.timedelta(days=1)
    take_step(page, "发送答复通知", accepted + day)
    page.select_option("#id_step", label="副本送达")
    assert page.is_visible("#id_recipient") and not page.is_visible("#id_outcome")
    take_step(
        page,
        "副本送达",
        accepted + 2 * day,
        fills=[("recipient", "古丈县市场监督管理局")],
        delivery_method="直接送达",
    )
    facts = page.inner_text("dl.facts")
    assert f"{(accepted + 2 * day).isoformat()}，直接送达，受送达人：古丈县市场监督管理局" in facts
    take_step(page, "收到书面答复", accepted + 8 * day)
    decision = deadline_row(page, "审理期限")
    shown_due = decision_due.isoformat() if decision_due else "待定"
    assert "当前" in decision.inner_text() and shown_due in decision.inner_text()
    assert "行政复议法第六十二条第一款" in decision.inner_text()
    assert "受理" in page.locator("ol.timeline").inner_text()
    page.screenshot(path=tmp_path / "detail_accepted.png", full_page=True)

    # The home page's 期限看板, 行政复议案件 section.
    page.locator("nav.sidebar").get_by_role("link", name="工作台", exact=True).click()
    page.wait_for_load_state()
    board = page.locator(".board-section").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{REGISTER_LABEL}"))
    )
    assert board.count() == 1
    line = board.locator("tbody tr").filter(has=page.get_by_role("link", name=number))
    page.screenshot(path=tmp_path / "board.png", full_page=True)
    if decision_due is None:
        # A deadline the calendar cannot give is not on the board (board.py: due_date set).
        assert line.count() == 0
        page.locator("nav.sidebar").get_by_role("link", name="行政复议", exact=True).click()
        page.get_by_role("link", name=number, exact=True).click()
    else:
        assert line.count() == 1
        assert "overdue" in line.get_attribute("class")
        cells = line.locator("td").all_inner_texts()
        overdue_days = (today - decision_due).days
        assert cells == [
            number,
            "审理期限",
            decision_due.isoformat(),
            f"超期 {overdue_days} 天",
            OFFICER,
            UNIT,
        ]
        assert "超期 1 件" in board.locator("h3").inner_text()
        line.get_by_role("link", name=number).click()  # the board leads to the case
    page.wait_for_url(re.compile(r"/reconsideration/\d+/$"))
    assert page.inner_text("h1") == number

    # 办结, 维持, today (the date the step form offers).
    assert page.input_value("#id_day") == today.isoformat()
    take_step(page, "办结", today, outcome="维持")
    assert page.inner_text(".page-head .status") == "已办结"
    assert "办结（维持）" in page.locator("ol.timeline").inner_text()
    assert page.locator("#id_step").count() == 0 or "办结" not in page.inner_text("#id_step")
    page.screenshot(path=tmp_path / "detail_closed.png", full_page=True)

    # The list shows it closed, with no deadline running.
    page.locator("nav.sidebar").get_by_role("link", name="行政复议", exact=True).click()
    page.wait_for_load_state()
    row = page.locator("table.grid tbody tr").filter(has=page.get_by_role("link", name=number))
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[5] == "维持"  # its 办结方式, then its status, with no deadline running
    assert cells[6] == "已办结" and cells[7] == "—" and cells[8] == "—"
    page.screenshot(path=tmp_path / "list.png", full_page=True)

    # The figures: 办结 one more than before; the figure lists the case.
    open_figures(page, today.year)
    figure = closed_figure(page)
    assert int(figure.inner_text()) == closed_before + 1
    page.screenshot(path=tmp_path / "figures.png", full_page=True)
    figure.click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == f"办结：{closed_before + 1} 件"
    listed = page.locator("table.grid tbody tr").filter(has=page.get_by_role("link", name=number))
    assert listed.count() == 1
    assert "维持" in listed.inner_text() and today.isoformat() in listed.inner_text()
    page.screenshot(path=tmp_path / "figure_records.png", full_page=True)

    # What was stored.
    case = ReconsiderationCase.objects.get(unit=tree["county"], number=number)
    assert (case.received_date, case.accepted_date, case.closed_date) == (
        received,
        accepted,
        today,
    )
    assert (case.status, case.outcome, case.officer) == (Status.CLOSED, Outcome.UPHELD, officer)
    assert (case.decision_deadline, case.due_date, case.due_label) == (decision_due, None, "")
    for name in (
        "figures_before",
        "register_form",
        "detail_registered",
        "detail_accepted",
        "board",
        "detail_closed",
        "list",
        "figures",
        "figure_records",
    ):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
