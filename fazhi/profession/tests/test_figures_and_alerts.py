"""The figures (stocks on the period's last day, flows in it, 每万人律师数 with and without the
unit's population, assessments by result, 未按期考核) with their drill-down, and the board's
未按期考核 reminder."""

import datetime
from decimal import Decimal

import pytest

from fazhi.core import actions as core_actions
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.portal.board import register_alerts
from fazhi.profession import actions, alerts

D = datetime.date
pytestmark = pytest.mark.django_db
ORG, PRACTITIONER, ASSESSMENT = "legal_service_org", "legal_practitioner", "practitioner_assessment"
REGISTERS = (ORG, PRACTITIONER, ASSESSMENT)


@pytest.fixture
def county(tree, org_of, person_of, assess):
    """Two law firms (one 注销 in 2025), a notary office; lawyers of each kind, one 停止执业
    in 2025 and back, one 停止执业 since November 2025, one licensed in 2025; a notary."""
    firm = org_of(name="湘古所", licensed_date=D(2010, 1, 1))
    closed = org_of(name="红石林所", firm_form="sole", licensed_date=D(2016, 1, 1))
    notary_office = org_of("notary_office", name="公证处", licensed_date=D(2002, 1, 1))
    actions.take_step(None, closed, "cancel", D(2025, 6, 1), reason="自行解散")
    people = {
        "full": person_of(firm, name="专职甲"),
        "back": person_of(firm, name="专职乙"),
        "away": person_of(firm, name="专职丙"),
        "new": person_of(firm, name="新律师", licensed_date=D(2025, 7, 1)),
        "public": person_of(name="公职丁", lawyer_kind="public"),
        "notary": person_of(notary_office, kind="notary", name="公证员戊"),
    }
    actions.take_step(None, people["back"], "suspend", D(2025, 2, 1), reason="停止执业")
    actions.take_step(None, people["back"], "resume", D(2025, 8, 1), reason="期满")
    actions.take_step(None, people["away"], "suspend", D(2025, 11, 1), reason="停止执业")
    return {"firm": firm, "closed": closed, "notary_office": notary_office, **people}


def values(keys, period, unit, **kwargs):
    return {key: figure.value for key, figure in compute(keys, period, unit, **kwargs).items()}


def test_stocks_are_judged_on_the_periods_last_day(tree, county):
    keys = [
        f"{ORG}.held",
        f"{ORG}.held.律师事务所",
        f"{ORG}.held.公证机构",
        f"{PRACTITIONER}.held",
        f"{PRACTITIONER}.held.律师",
        f"{PRACTITIONER}.lawyers.专职",
        f"{PRACTITIONER}.lawyers.公职",
    ]
    assert values(keys, Period.year(2024), tree["county"]) == dict(
        zip(keys, [3, 2, 1, 5, 4, 3, 1], strict=True)
    )
    # 2025: the firm 注销 in June is gone; the new lawyer is in; 停止执业 still holds a licence.
    assert values(keys, Period.year(2025), tree["county"]) == dict(
        zip(keys, [2, 1, 1, 6, 5, 4, 1], strict=True)
    )
    held = records_for(f"{ORG}.held", Period.year(2025), tree["county"])
    assert set(held) == {county["firm"], county["notary_office"]}


def test_flows_count_what_happened_in_the_period(tree, county):
    keys = [f"{ORG}.new", f"{ORG}.ended", f"{ORG}.ended.律师事务所", f"{PRACTITIONER}.new"]
    assert values(keys, Period.year(2025), tree["county"]) == dict(
        zip(keys, [0, 1, 1, 1], strict=True)
    )
    assert list(records_for(f"{PRACTITIONER}.new", Period.year(2025), tree["county"])) == [
        county["new"]
    ]


def test_lawyers_per_10000_residents_where_the_population_is_known(tree, county, person_of, keeper):
    key = f"{PRACTITIONER}.per_10000.律师"
    # No population entered: no figure rather than one divided by a guess.
    figure = compute([key], Period.year(2025), tree["county"])[key]
    assert (figure.value, figure.shown) == (None, "—")
    assert "未填写常住人口的，不计算此项" in figure.indicator.definition

    county_unit = tree["county"]
    core_actions.save_unit(
        None,
        code=county_unit.code,
        name=county_unit.name,
        kind=county_unit.kind,
        parent=county_unit.parent,
        population=108798,
    )
    # In 执业 on 2025-12-31: 专职甲, 专职乙 (back in August), 新律师, 公职丁 — not 专职丙.
    assert values([key], Period.year(2025), tree["county"]) == {key: Decimal("0.37")}
    # The same for a reader, whose records are narrowed to what he sees.
    assert values([key], Period.year(2025), tree["county"], user=keeper) == {key: Decimal("0.37")}
    shown = records_for(key, Period.year(2025), tree["county"])
    assert {p.name for p in shown} == {"专职甲", "专职乙", "新律师", "公职丁"}
    # On 2025-03-31 专职乙 was 停止执业 and 新律师 not yet licensed: 专职甲, 专职丙, 公职丁.
    quarter = Period(D(2025, 1, 1), D(2025, 3, 31))
    assert values([key], quarter, tree["county"]) == {key: Decimal("0.28")}
    notaries = f"{PRACTITIONER}.per_10000.公证员"
    assert values([notaries], Period.year(2025), tree["county"]) == {notaries: Decimal("0.09")}
    # A unit below the county without a population of its own: no figure, but where nobody
    # is counted, 0 whatever the population.
    assert values([notaries], Period.year(2025), tree["section"]) == {notaries: 0}
    person_of(unit="section", lawyer_kind="public", name="股室公职律师")
    assert values([key], Period.year(2025), tree["section"]) == {key: None}


def test_assessments_by_result_and_the_unmatched(tree, county, assess, person_of):
    assess(county["full"], year=2024, assessed_date=D(2025, 3, 10))
    assess(county["back"], year=2024, result="basically_competent", assessed_date=D(2025, 3, 10))
    assess(county["firm"], year=2024, result="failed", assessed_date=D(2025, 4, 1))
    stranger = person_of(unit="sibling", lawyer_kind="public")
    assess(stranger, year=2024, assessed_date=D(2025, 3, 10))
    keys = [
        f"{ASSESSMENT}.assessed",
        f"{ASSESSMENT}.assessed.称职",
        f"{ASSESSMENT}.assessed.基本称职",
        f"{ASSESSMENT}.assessed.不合格",
        f"{ASSESSMENT}.unmatched",
    ]
    assert values(keys, Period.year(2025), tree["county"]) == dict(
        zip(keys, [4, 2, 1, 1, 1], strict=True)
    )


def test_not_assessed_by_the_deadline(tree, county, assess):
    """On 2025-12-31 each kind's 2024 assessment is watched (due 2025-03-31 for lawyers,
    2025-05-31 for the others)."""
    assess(county["full"], year=2024)
    assess(county["firm"], year=2024)
    # 专职乙's was entered but dated after the period: not counted then.
    assess(county["back"], year=2024, assessed_date=D(2026, 1, 5))
    keys = [f"{ORG}.unassessed", f"{PRACTITIONER}.unassessed"]
    assert values(keys, Period.year(2025), tree["county"]) == {keys[0]: 1, keys[1]: 3}
    late = records_for(keys[1], Period.year(2025), tree["county"])
    # Not 专职丙 (停止执业 on the day), nor 新律师 (licensed in 2025).
    assert {p.name for p in late} == {"专职乙", "公职丁", "公证员戊"}
    assert list(records_for(keys[0], Period.year(2025), tree["county"])) == [
        county["notary_office"]
    ]


def test_the_board_lists_who_is_not_assessed(tree, county, assess, keeper, make_user):
    today = D(2026, 4, 10)  # lawyers' 2025 assessment overdue; the others' still watched for 2024
    for name in ("full", "back", "new", "public"):
        assess(county[name], year=2025)
    assess(county["notary"], year=2024)
    assess(county["firm"], year=2024)
    assess(county["notary_office"], year=2024)
    (org_alert,) = alerts.org_alerts(keeper, today)
    assert (org_alert.label, org_alert.count) == ("未按期考核的法律服务机构", 0)
    (alert,) = alerts.practitioner_alerts(keeper, today)
    assert alert.count == 0  # 专职丙 is 停止执业
    actions.take_step(None, county["away"], "resume", D(2026, 3, 1), reason="期满")
    (alert,) = alerts.practitioner_alerts(keeper, today)
    assert (alert.label, alert.count) == ("未按期考核的法律服务人员", 1)
    (line,) = alert.lines
    assert line.text == f"专职丙（{county['away'].number}）"
    assert line.detail == "律师，2025年度考核应于2026年3月31日前完成"
    assert line.url == f"/profession/practitioners/{county['away'].pk}/"
    assert alert.url == "/profession/assessments/unassessed/"
    # Another county's officer sees none of it.
    stranger = make_user("luxi", tree["sibling"], "legal_services")
    assert alerts.practitioner_alerts(stranger, today)[0].count == 0

    found = {register.name: alerts for register, alerts in register_alerts(keeper, today)}
    assert [a.label for a in found[PRACTITIONER]] == ["未按期考核的法律服务人员"]
    assert ORG not in found  # an alert counting nothing is not shown


def test_every_count_drills_down_to_exactly_its_records(tree, county, assess, keeper):
    assess(county["full"], year=2024)
    keys = [k for k, i in INDICATORS.items() if i.register in REGISTERS]
    for period in (Period.year(2025), Period(D(2025, 1, 1), D(2025, 3, 31))):
        for key, figure in compute(keys, period, tree["county"], user=keeper).items():
            records = records_for(key, period, tree["county"], keeper)
            if ".per_10000." in key:
                # A density, not a count: its records are the practitioners it counts.
                assert figure.value in (None, 0) or records.exists(), key
            else:
                assert records.count() == figure.value, key


def test_an_unmatched_assessment_counts_only_in_its_own_bureau(tree, county, assess, person_of):
    """An assessment entered before its subject was (kept 未匹配) counts for the record of the
    same bureau and kind with that number; one of another county, or of an org, does not."""
    from types import SimpleNamespace

    key = f"{PRACTITIONER}.unassessed"
    for name in ("full", "back"):
        assess(county[name], year=2024)
    public = county["public"]
    # 泸溪县's assessment of its own holder of the same number (unmatched there), and an org
    # assessment naming it: neither is 公职丁's.
    assess(public, year=2024, unit="sibling")
    assess(SimpleNamespace(number=public.number, name="同号机构", firm_form=""), year=2024)
    late = records_for(key, Period.year(2025), tree["county"])
    assert {p.name for p in late} == {"公职丁", "公证员戊"}
    # 古丈县's assessment entered before the lawyer was: it counts for him once he is.
    later = SimpleNamespace(number="1433120189999999", name="后登记公职律师")
    early = assess(later, year=2024)
    assert early.unmatched
    person_of(name=later.name, number=later.number, lawyer_kind="public")
    assess(county["notary"], year=2024)
    assert values([key], Period.year(2025), tree["county"]) == {key: 1}
    assert {p.name for p in records_for(key, Period.year(2025), tree["county"])} == {"公职丁"}
