"""The figures the annual report prints — “法律顾问团N人，M件次；公职律师X个单位Y人” — counted
from the rows, person by person (one adviser serving two units is one person), a quarter or a
month counting its year's rows; the drill-down lists exactly the rows counted; and the board's
聘任期满, within the window (a setting) or ended while still on this year's list."""

import datetime

import pytest

from fazhi.core.models import RegisterSetting
from fazhi.counsel import actions, rules
from fazhi.counsel.alerts import term_alerts
from fazhi.counsel.models import LegalAdviser
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.portal.board import register_alerts

from .conftest import facts, panel_member

D = datetime.date
KEYS = [key for key in INDICATORS if key.startswith("legal_adviser.")]


def sentence(values) -> str:
    """The report's sentence, as its template would write it from the figures."""
    return (
        f"法律顾问团{values['legal_adviser.panel']}人，"
        f"{values['legal_adviser.panel_matters']}件次；"
        f"公职律师{values['legal_adviser.public_lawyer_units']}个单位"
        f"{values['legal_adviser.public_lawyers']}人"
    )


@pytest.fixture
def ledger(enter, units, officer):
    """2024 in 古丈县: a 法律顾问团 of three (one of them also 法律顾问 of a township), four
    公职律师 in three units (one serving two), a row of 2023, and 泸溪县's own."""
    work = {"contracts_reviewed": 10, "opinions_issued": 5, "cases_handled": 1}
    work |= {"meetings_attended": 4, "other_matters": None}  # 20 件次 each
    enter(panel_member("向明辉", "顾1", **work))
    enter(panel_member("彭丽华", "顾2", **work))
    enter(panel_member("黄清源", "顾3", employer="吉首大学", **work))
    enter(panel_member("向明辉", "顾4", on_county_panel=False, served_unit_code="433126-Z01"))
    enter(facts(number="公1", name="彭晓燕"))  # 市场监管局, 34 件次
    enter(facts(number="公2", name="吴刚", licence_number="34331201210000302"))
    enter(facts(number="公3", name="石磊", served_unit_code="433126-E01", employer="公安局"))
    # 石磊 also serves the 法律援助中心: one person, one more unit.
    enter(facts(number="公4", name="石磊", served_unit_code="433126-FY"))
    enter(facts(number="公5", name="向荣", served_unit_code="433126-FY", other_matters=None))
    enter(facts(number="旧1", name="龙飞", year=2023))
    actions.register_adviser(
        None,
        unit=units["sibling"],
        **facts(number="泸1", name="杨帆", served_unit_code="433122-E01"),
    )


def values_of(period, unit):
    return {key: figure.value for key, figure in compute(KEYS, period, unit).items()}


def test_the_report_sentence_is_counted_from_the_rows(ledger, units):
    found = values_of(Period.year(2024), units["county"])
    assert sentence(found) == "法律顾问团3人，60件次；公职律师3个单位4人"
    assert found["legal_adviser.counsel"] == 3  # 向明辉 once, though he serves two units
    assert found["legal_adviser.counsel_units"] == 2  # the county government, 古阳镇
    assert found["legal_adviser.served_units"] == 5  # and 市场监管局, 公安局, 法律援助中心
    # Three panel rows of 20 and the township's of 39; four 公职律师 rows of 39 and one of 36
    # (其他事务 left blank).
    assert found["legal_adviser.public_lawyer_matters"] == 4 * 39 + 36
    assert found["legal_adviser.matters"] == 60 + 39 + found["legal_adviser.public_lawyer_matters"]
    parts = [found[f"legal_adviser.{field}"] for field in rules.WORK_FIELDS]
    assert sum(parts) == found["legal_adviser.matters"]
    assert found["legal_adviser.meetings_attended"] == 3 * 4 + 5 + 5 * 5


def test_a_quarter_or_a_month_counts_its_years_rows(ledger, units):
    year = values_of(Period.year(2024), units["county"])
    quarter = values_of(Period(D(2024, 4, 1), D(2024, 6, 30)), units["county"])
    month = values_of(Period.month(2024, 11), units["county"])
    assert quarter == year == month
    earlier = values_of(Period.year(2023), units["county"])
    assert (earlier["legal_adviser.public_lawyers"], earlier["legal_adviser.panel"]) == (1, 0)
    assert values_of(Period.year(2024), units["sibling"])["legal_adviser.public_lawyers"] == 1


def test_the_drill_down_lists_the_rows_counted(client, ledger, officer):
    client.force_login(officer)
    response = client.get(
        "/indicators/legal_adviser.public_lawyer_units/records/", {"year": 2024, "unit": "433126"}
    )
    assert response.status_code == 200
    assert sorted(r["record"].number for r in response.context["rows"]) == [
        "公1",
        "公2",
        "公3",
        "公4",
        "公5",
    ]
    page = response.content.decode()
    assert "古丈县法律援助中心" in page and "服务单位" in page
    figures = client.get("/indicators/", {"year": 2024, "unit": "433126"}).content.decode()
    assert "县政府法律顾问团人数" in figures and "设立公职律师的单位数" in figures


# --- the board -------------------------------------------------------------------------------

TODAY = D(2025, 6, 10)


@pytest.fixture
def terms(enter):
    """Rows of 2024 and 2025, each appointment ending on its own day (TODAY: 2025-06-10)."""
    made = {}
    for number, name, year, end in (
        ("a", "今天期满", 2025, TODAY),
        ("b", "三十日内", 2025, D(2025, 7, 10)),
        ("c", "三十一日", 2025, D(2025, 7, 11)),
        ("d", "已期满仍在册", 2025, D(2025, 5, 31)),
        ("e", "去年期满", 2024, D(2024, 12, 31)),
        ("f", "未录今年", 2024, D(2025, 6, 20)),
        ("g", "已续聘", 2024, D(2025, 6, 20)),
        ("h", "已续聘", 2025, D(2028, 6, 20)),
        ("i", "不定期", 2025, None),
    ):
        made[number] = enter(facts(number=number, name=name, year=year, end_date=end))
    return made


def test_the_board_lists_terms_ending_within_the_window_or_ended_this_year(terms, officer):
    (alert,) = term_alerts(officer, TODAY)
    assert alert.label == "聘任期满的法律顾问（30日内期满或已期满）"
    assert alert.count == 4
    assert [line.text.split("（")[0] for line in alert.lines] == [
        "已期满仍在册",
        "今天期满",
        "未录今年",
        "三十日内",
    ]
    assert alert.lines[0].detail == "已于2025年5月31日期满，仍在2025年度名单中"
    assert alert.lines[1].detail == "2025年6月10日期满（今天）"
    assert alert.lines[3].detail == "2025年7月10日期满（还有30日）"
    assert alert.lines[0].url == f"/legal_adviser/{terms['d'].pk}/"
    # The SQL says what the pure rule says of every row.
    for record in LegalAdviser.objects.all():
        later = LegalAdviser.objects.filter(name=record.name, year__gt=record.year).exists()
        listed = any(line.url.endswith(f"/{record.pk}/") for line in alert.lines)
        assert listed == bool(rules.term_state(record, TODAY, 30, latest=not later)), record


def test_the_window_is_a_setting(terms, officer):
    RegisterSetting.objects.create(key=rules.TERM_WARNING_DAYS, value="60")
    (alert,) = term_alerts(officer, TODAY)
    assert alert.label == "聘任期满的法律顾问（60日内期满或已期满）" and alert.count == 5


def test_the_board_counts_only_what_the_reader_sees(terms, units, make_user):
    from fazhi.core.roles import Role

    stranger = make_user("luxi", units["sibling"], Role.RULE_OF_LAW)
    assert term_alerts(stranger, TODAY)[0].count == 0
    shown = dict((register.name, alerts) for register, alerts in register_alerts(stranger, TODAY))
    assert "legal_adviser" not in shown


def test_the_board_of_the_officer_shows_the_reminder(terms, officer, django_assert_max_num_queries):
    # The settings and the lines; no count while the lines are all there are.
    with django_assert_max_num_queries(2):
        term_alerts(officer, TODAY)
    shown = dict((register.name, alerts) for register, alerts in register_alerts(officer, TODAY))
    assert shown["legal_adviser"][0].count == 4


def test_more_than_the_lines_shown_are_counted(enter, officer, django_assert_max_num_queries):
    for n in range(12):
        enter(facts(number=f"期满{n}", name=f"顾问{n}", year=2025, end_date=D(2025, 6, 20)))
    with django_assert_max_num_queries(3):
        (alert,) = term_alerts(officer, TODAY)
    assert (alert.count, len(alert.lines), alert.more) == (12, 10, 2)
