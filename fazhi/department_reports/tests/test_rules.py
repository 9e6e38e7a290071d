"""The rules of 部门法治政府建设年度报告, without a database: the due dates from the settings,
late on their boundary, the running deadlines and the status, the checks of one record (the
address among them), the steps 报送 and 公开, and a unit's state for the 报送情况 page."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core.errors import StepRefused
from fazhi.department_reports import rules

D = datetime.date
DEFAULTS = {
    rules.RECEIVE_DUE_SETTING: rules.DEFAULT_RECEIVE_DUE,
    rules.PUBLISH_DUE_SETTING: rules.DEFAULT_PUBLISH_DUE,
    rules.KINDS_SETTING: rules.DEFAULT_KINDS,
    rules.GRADING_SETTING: rules.DEFAULT_GRADING,
}


def report(settings=None, **values):
    record = SimpleNamespace(
        year=2024,
        received_date=None,
        published_date=None,
        link="",
        grade="",
        received_due=None,
        published_due=None,
        received_late=False,
        published_late=False,
        status="",
        due_date=None,
        due_label="",
        running_deadlines=[],
    )
    for name, value in values.items():
        setattr(record, name, value)
    rules.derive(record, {**DEFAULTS, **(settings or {})})
    return record


def messages(record) -> list[str]:
    return [f"{p.header}：{p.message}" for p in rules.check(record)]


# --- due dates and late -----------------------------------------------------------------------


def test_a_years_report_is_due_by_1_march_and_published_by_1_april_of_the_next_year():
    record = report()
    assert (record.received_due, record.published_due) == (D(2025, 3, 1), D(2025, 4, 1))
    # Both run at once until done; the earliest is the record's current deadline.
    assert [d.label for d in rules.running(record)] == ["报送期限", "公开期限"]
    assert (record.due_date, record.due_label) == (D(2025, 3, 1), "报送期限")
    basis = rules.deadlines(record)["报送期限"].basis
    assert "法治政府建设与责任落实督察工作规定" in basis and "3月1日之前" in basis
    assert "第二十四条" in rules.deadlines(record)["公开期限"].basis


@pytest.mark.parametrize(
    ("received", "late"),
    [(D(2025, 2, 28), False), (D(2025, 3, 1), False), (D(2025, 3, 2), True)],
)
def test_a_report_received_after_the_due_day_is_late_and_on_it_is_not(received, late):
    record = report(received_date=received)
    assert record.received_late is late
    assert rules.timeline(record)[0][1] == (
        "报送县委依法治县办（逾期）" if late else "报送县委依法治县办"
    )


def test_publishing_after_1_april_is_late_and_the_settings_move_both_days():
    assert report(published_date=D(2025, 4, 1)).published_late is False
    assert report(published_date=D(2025, 4, 2)).published_late is True
    # "之前" read strictly: the last day of February (29 in a leap year) and 31 March.
    strict = {rules.RECEIVE_DUE_SETTING: "02-end", rules.PUBLISH_DUE_SETTING: "03-31"}
    record = report(strict, received_date=D(2025, 3, 1), published_date=D(2025, 3, 31))
    assert (record.received_due, record.published_due) == (D(2025, 2, 28), D(2025, 3, 31))
    assert (record.received_late, record.published_late) == (True, False)
    leap = report(strict, year=2027, received_date=D(2028, 2, 29))
    assert (leap.received_due, leap.received_late) == (D(2028, 2, 29), False)
    assert rules.due_label("02-end") == "次年2月末（3月1日之前，不含当日）"
    # The page says the county moved the day.
    assert "本地设置为次年2月28日" in rules.deadlines(record)["报送期限"].basis


def test_a_report_overdue_runs_against_what_is_not_done():
    sent = report(received_date=D(2025, 2, 1))
    assert [d.label for d in rules.running(sent) if d] == ["公开期限"]
    assert (sent.status, sent.due_date) == (rules.SENT, D(2025, 4, 1))
    assert not rules.is_overdue(sent, D(2025, 4, 1))
    assert rules.is_overdue(sent, D(2025, 4, 2))
    done = report(received_date=D(2025, 2, 1), published_date=D(2025, 3, 1))
    assert (done.status, done.due_date, done.due_label) == (rules.DONE, None, "")
    assert not rules.is_overdue(done, D(2030, 1, 1))
    # Published first (a unit may), still to be sent.
    early = report(published_date=D(2025, 2, 1))
    assert (early.status, early.due_label) == (rules.PUBLISHED_UNSENT, "报送期限")


# --- checks -----------------------------------------------------------------------------------


def test_the_dates_come_after_the_year_reported_on():
    record = report(received_date=D(2024, 12, 31), published_date=D(2024, 6, 1))
    assert messages(record) == [
        "报送日期：2024年度到12月31日才结束，报送日期应在2025年1月1日或以后（填写的是2024-12-31）",
        "公开日期：2024年度到12月31日才结束，公开日期应在2025年1月1日或以后（填写的是2024-06-01）",
    ]
    assert messages(report(year=1999)) == ["报告年度：报告年度应在 2000—2100 之间"]


@pytest.mark.parametrize(
    "link",
    [
        "www.guzhang.gov.cn/fzzf/2025.html",
        "ftp://www.guzhang.gov.cn/a.pdf",
        "https://",
        "古丈县人民政府网站",
        "javascript:alert(1)",
    ],
)
def test_a_link_must_be_a_web_address_said_in_chinese(link):
    (message,) = messages(report(published_date=D(2025, 3, 1), link=link))
    assert message == (
        f"公开网址：「{link}」不是有效的网页地址，请从浏览器地址栏复制公开报告的网页的完整网址"
    )


@pytest.mark.parametrize(
    "link",
    ["http://www.guzhang.gov.cn/zfxxgk/fzzfjs/2025/e02.html", "https://gz.gov.cn/a?id=3"],
)
def test_a_web_address_is_taken(link):
    assert messages(report(published_date=D(2025, 3, 1), link=link)) == []


def test_a_link_needs_its_publishing_date():
    assert messages(report(link="https://www.guzhang.gov.cn/a.html")) == [
        "公开日期：填写了公开网址，请同时填写公开日期"
    ]


def test_a_grade_is_given_to_a_report_received_and_only_where_the_bureau_grades():
    assert messages(report(grade="good")) == ["评定等次：报告尚未报送，不能评定等次"]
    assert messages(report(received_date=D(2025, 2, 1), grade="good")) == []
    ungraded = report(
        {rules.GRADING_SETTING: rules.NOT_GRADED}, received_date=D(2025, 2, 1), grade="good"
    )
    assert messages(ungraded) == ["评定等次：本地设置为不评定部门年度报告等次，评定等次应留空"]
    assert messages(report({rules.GRADING_SETTING: rules.NOT_GRADED})) == []


def test_who_must_report_follows_the_setting_and_always_takes_the_bureau():
    kinds = rules.reporting_kinds(DEFAULTS)
    assert rules.unit_problems("433126-E02", "enforcement_department", kinds) == []
    assert rules.unit_problems("433126-Z01", "township_government", kinds) == []
    assert rules.unit_problems("433126", "county", kinds) == []
    assert rules.unit_problems("433126-S01", "judicial_office", kinds) == [
        "单位「433126-S01」不是应报送法治政府建设年度报告的单位"
        "（行政执法部门、乡镇人民政府或司法行政机关）"
    ]
    departments_only = rules.reporting_kinds({rules.KINDS_SETTING: ("enforcement_department",)})
    assert rules.unit_problems("433126-Z01", "township_government", departments_only)


# --- steps ------------------------------------------------------------------------------------


def test_sending_and_publishing_are_each_taken_once():
    record = report()
    assert [s.key for s in rules.allowed_steps(record)] == [rules.RECEIVE, rules.PUBLISH]
    rules.apply_step(record, rules.RECEIVE, D(2025, 2, 10))
    assert record.received_date == D(2025, 2, 10)
    with pytest.raises(StepRefused, match="不能“报送”：已登记报送日期2025-02-10"):
        rules.apply_step(record, rules.RECEIVE, D(2025, 2, 11))
    rules.apply_step(record, rules.PUBLISH, D(2025, 3, 1), link=" https://gz.gov.cn/a.html ")
    assert (record.published_date, record.link) == (D(2025, 3, 1), "https://gz.gov.cn/a.html")
    assert rules.allowed_steps(record) == []


def test_publishing_checks_its_address_and_keeps_one_already_there_when_none_is_given():
    record = report()
    with pytest.raises(StepRefused, match="不是有效的网页地址"):
        rules.apply_step(record, rules.PUBLISH, D(2025, 3, 1), link="guzhang.gov.cn")
    assert record.published_date is None
    record.link = "https://gz.gov.cn/kept.html"
    rules.apply_step(record, rules.PUBLISH, D(2025, 3, 1))
    assert record.link == "https://gz.gov.cn/kept.html"


def test_no_step_before_the_year_reported_on_has_ended():
    record = report()
    with pytest.raises(StepRefused, match="2024年度到12月31日才结束，办理日期应在2025年1月1日"):
        rules.apply_step(record, rules.RECEIVE, D(2024, 12, 31))
    assert record.received_date is None


# --- a unit's state for a year --------------------------------------------------------------


def test_a_units_state_before_and_after_the_due_day():
    due = D(2025, 3, 1)
    assert rules.act_state(None, due, D(2025, 3, 1)) == rules.WAITING
    assert rules.act_state(None, due, D(2025, 3, 2)) == rules.MISSING
    assert rules.act_state(D(2025, 2, 1), due, D(2025, 9, 1)) == rules.ON_TIME
    assert rules.act_state(D(2025, 3, 1), due, D(2025, 9, 1)) == rules.ON_TIME  # the due day
    assert rules.act_state(D(2025, 3, 5), due, D(2025, 9, 1)) == rules.LATE
    assert rules.days_overdue(due, D(2025, 3, 11)) == 10
    assert rules.days_overdue(due, D(2025, 2, 11)) == 0
