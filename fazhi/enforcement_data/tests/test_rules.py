"""The rules of 执法数据年报, without a database: the due date and 逾期填报 on its boundary,
无此职权 kept apart from 0, and the checks of one filing."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.enforcement_data import rules

D = datetime.date


def filing(**values):
    record = {
        "year": 2024,
        "licensing": 3,
        "penalty": 2,
        "coercion": None,
        "inspection": 0,
        "expropriation": None,
        "other": None,
        "fines": Decimal("500.00"),
        "filed_date": D(2025, 1, 20),
        "published_date": None,
        "link": "",
        "late": False,
        "filing_due": None,
    }
    record.update(values)
    return SimpleNamespace(**record)


def messages(record) -> list[str]:
    return [f"{p.header}：{p.message}" for p in rules.check(record)]


# --- due and late ---------------------------------------------------------------------------


def test_a_year_is_due_on_31_january_of_the_next_year_by_default():
    assert rules.due_date(2024) == D(2025, 1, 31)
    assert rules.due_date(2024, "03-31") == D(2025, 3, 31)
    assert rules.due_label("01-31") == "次年1月31日"


@pytest.mark.parametrize(
    ("filed", "late"),
    [(D(2025, 1, 30), False), (D(2025, 1, 31), False), (D(2025, 2, 1), True)],
)
def test_filed_on_the_due_day_is_on_time_and_the_day_after_is_late(filed, late):
    assert rules.is_late(filed, 2024) is late
    record = filing(filed_date=filed)
    rules.derive(record, {rules.DUE_SETTING: "01-31"})
    assert (record.filing_due, record.late) == (D(2025, 1, 31), late)


def test_the_setting_moves_the_boundary():
    record = filing(filed_date=D(2025, 2, 20))
    rules.derive(record, {rules.DUE_SETTING: "02-28"})
    assert (record.filing_due, record.late) == (D(2025, 2, 28), False)
    rules.derive(record, {rules.DUE_SETTING: "02-15"})
    assert (record.filing_due, record.late) == (D(2025, 2, 15), True)


def test_no_due_day_is_29_february():
    assert all(not choice.startswith("02-29") for choice in rules.DUE_CHOICES)
    assert rules.DEFAULT_DUE in rules.DUE_CHOICES


def test_a_year_out_of_range_derives_nothing_and_is_refused():
    record = filing(year=99999)
    rules.derive(record, {})
    assert (record.filing_due, record.late) == (None, False)
    assert messages(record) == ["年度：年度应在 2000—2100 之间"]


def test_the_board_watches_last_year_and_its_due_date():
    assert rules.last_year_due(D(2026, 2, 1)) == (2025, D(2026, 1, 31))


@pytest.mark.parametrize(
    ("record", "today", "state"),
    [
        (filing(late=False), D(2025, 3, 1), rules.ON_TIME),
        (filing(late=True), D(2025, 3, 1), rules.LATE),
        (None, D(2025, 1, 31), rules.WAITING),
        (None, D(2025, 2, 1), rules.MISSING),
    ],
)
def test_a_departments_state_for_a_year(record, today, state):
    assert rules.filing_state(record, D(2025, 1, 31), today) == state


# --- 无此职权 is not 0 ---------------------------------------------------------------------------


def test_an_empty_count_shows_as_no_power_and_zero_as_zero():
    assert rules.power_text(None) == "无此职权"
    assert rules.power_text(0) == "0"
    assert rules.power_text(Decimal("0.00")) == "0.00"
    assert rules.power_text(Decimal("1234567.5")) == "1,234,567.50"


def test_totals_add_only_the_powers_held_and_count_who_holds_them():
    records = [
        filing(licensing=3, coercion=None, other=None, fines=Decimal("500.00")),
        filing(licensing=0, coercion=None, other=None, fines=Decimal("0.00"), penalty=0),
        filing(licensing=None, coercion=None, other=4, fines=None, penalty=None),
    ]
    found = rules.totals(records)
    assert found["licensing"] == rules.Total(3, 2)
    assert found["penalty"] == rules.Total(2, 2)
    # Nobody holds the power: no total at all, not 0.
    assert found["coercion"] == rules.Total(None, 0) and found["coercion"].shown == "—"
    assert found["other"] == rules.Total(4, 1)
    assert found["fines"] == rules.Total(Decimal("500.00"), 2)
    assert found["inspection"].shown == "0"
    assert rules.totals([])["fines"].shown == "—"


# --- checks ----------------------------------------------------------------------------------


def test_a_consistent_filing_passes():
    assert messages(filing()) == []
    assert messages(filing(penalty=None, fines=None)) == []
    assert messages(filing(penalty=0, fines=Decimal("0"))) == []


def test_fines_follow_the_penalty_power():
    assert messages(filing(penalty=None, fines=Decimal("0"))) == [
        "罚没金额（元）：行政处罚留空（无此职权）的，罚没金额也应留空"
    ]
    assert messages(filing(penalty=3, fines=None)) == [
        "罚没金额（元）：有行政处罚职权的，请填写罚没金额（没有罚没的填 0）"
    ]
    assert messages(filing(penalty=0, fines=Decimal("10"))) == [
        "罚没金额（元）：行政处罚为 0 件的，罚没金额应为 0"
    ]
    assert messages(filing(fines=Decimal("-1"))) == ["罚没金额（元）：罚没金额不能为负数"]


def test_a_year_is_filed_and_published_only_after_it_ended():
    assert messages(filing(filed_date=D(2024, 12, 31))) == [
        "填报日期：2024年度到12月31日才结束，填报日期应在2025年1月1日或以后（填写的是2024-12-31）"
    ]
    assert messages(filing(filed_date=D(2025, 1, 1))) == []
    late_publication = filing(published_date=D(2024, 6, 1), link="https://gov.cn/a")
    assert [m.split("：")[0] for m in messages(late_publication)] == ["公开日期"]


def test_the_publication_link_is_a_web_address_with_its_date():
    assert messages(filing(link="www.gov.cn", published_date=D(2025, 2, 1))) == [
        "公开网址：「www.gov.cn」不是有效的网址，应以 http:// 或 https:// 开头"
    ]
    assert messages(filing(link="https://www.gov.cn/x")) == [
        "公开日期：填写了公开网址，请同时填写公开日期"
    ]
    assert messages(filing(link="https://www.gov.cn/x", published_date=D(2025, 2, 1))) == []
    assert messages(filing(published_date=D(2025, 2, 1))) == []
