"""The comparison of child units: rows, values and total; the Excel export; its cost."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.dashboard.compare import header
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period

from .conftest import YEAR

URL = reverse("dashboard:compare")


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"year": YEAR, **params})


def values(table) -> dict:
    """{unit code: {key: value}}, and "total"."""
    found = {unit.code: {c.key: c.value for c in cells} for unit, cells in table.rows}
    found["total"] = {c.key: c.value for c in table.total}
    return found


def test_the_prefecture_compares_its_two_counties(records, prefecture_leader, client):
    response = get(client, prefecture_leader)
    assert response.status_code == 200
    table = response.context["table"]
    assert [unit.code for unit, _ in table.rows] == ["433122", "433126"]
    found = values(table)
    for code in ("433122", "433126"):
        unit = records["county" if code == "433126" else "sibling"]
        expected = compute(table.keys, Period.year(YEAR), unit, user=prefecture_leader)
        assert found[code] == {k: f.value for k, f in expected.items()}
    assert found["433126"]["reconsideration.received"] == 3
    assert found["433122"]["reconsideration.received"] == 1
    assert found["total"]["reconsideration.received"] == 4
    assert found["433126"]["mediation.received"] == 3
    assert found["433122"]["mediation.received"] == 2
    assert found["total"]["mediation.received"] == 5
    # A rate's total is Σ numerators ÷ Σ denominators (2 + 1) / (3 + 2), not a mean of rates.
    total_rate = next(c for c in table.total if c.key == "mediation.success_rate")
    assert (total_rate.numerator, total_rate.denominator, total_rate.shown) == (3, 5, "60.0%")
    html = response.content.decode()
    assert "泸溪县司法局" in html and "古丈县司法局" in html and "合计" in html
    assert "60.0%" in html


def test_columns_are_grouped_by_line_without_breakdowns(records, prefecture_leader, client):
    table = get(client, prefecture_leader).context["table"]
    lines = [line.key for line, _ in table.groups]
    assert lines[:3] == ["rule_of_law", "reconsideration", "litigation"]
    assert not any(INDICATORS[k].is_part for k in table.keys)
    assert "mediation.success_rate" in table.keys


def test_only_the_lines_the_reader_may_view(records, tree, make_user, client):
    from fazhi.core.roles import Role

    mediation_officer = make_user("zhoutiaojie", tree["prefecture"], Role.MEDIATION)
    table = get(client, mediation_officer).context["table"]
    assert [line.key for line, _ in table.groups] == ["mediation"]


def test_a_province_compares_its_prefectures_or_all_counties(records, province_leader, client):
    children = get(client, province_leader).context["table"]
    assert [unit.code for unit, _ in children.rows] == ["4331"]
    assert values(children)["4331"]["mediation.received"] == 5
    counties = get(client, province_leader, scope="counties").context["table"]
    assert [unit.code for unit, _ in counties.rows] == ["433122", "433126"]
    assert values(counties)["total"]["mediation.received"] == 5


def test_a_county_has_nothing_to_compare(records, county_leader, client):
    response = get(client, county_leader)
    assert response.context["table"].rows == []
    assert "没有直属下级司法行政单位可供对比" in response.content.decode()


def test_a_unit_outside_the_subtree_is_refused(records, county_leader, client):
    assert get(client, county_leader, unit="4331").status_code == 403


def test_the_xlsx_carries_the_same_numbers(records, prefecture_leader, client):
    table = get(client, prefecture_leader).context["table"]
    response = get(client, prefecture_leader, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "湘西州司法局" in sheet.cell(1, 1).value and "2024" in sheet.cell(1, 1).value
    headers = [sheet.cell(3, col).value for col in range(3, 3 + len(table.keys))]
    assert headers == [header(INDICATORS[k]) for k in table.keys]
    assert "收到行政复议申请（件）" in headers and "调解成功率（%）" in headers
    assert sheet.cell(2, 3).value == "全面依法治县"
    rows = {
        sheet.cell(r, 2).value: [sheet.cell(r, c).value for c in range(3, 3 + len(table.keys))]
        for r in range(4, sheet.max_row + 1)
    }
    assert set(rows) == {"泸溪县司法局", "古丈县司法局", "合计"}
    expected = values(table)
    for name, code in (("泸溪县司法局", "433122"), ("古丈县司法局", "433126"), ("合计", "total")):
        for key, cell in zip(table.keys, rows[name], strict=True):
            want = expected[code][key]
            if want is None:
                assert cell is None
            else:
                assert cell == pytest.approx(float(want)), (name, key)
    rate_column = 3 + table.keys.index("mediation.success_rate")
    assert sheet.cell(4, rate_column).number_format == "0.0%"


def test_the_export_is_audit_logged(records, prefecture_leader, client):
    get(client, prefecture_leader, format="xlsx")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == prefecture_leader
    assert entry.unit == records["prefecture"]
    assert "指标对比" in entry.note and "2 个单位" in entry.note
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=None).exists()
    get(client, prefecture_leader)  # the page itself is not an export
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


# One compute() per compared unit over every indicator a 局领导 may view: 123 queries each (one
# per family or single indicator; issue 21's seven registers brought 34 and issue 22's nine
# 47, most of them single indicators not yet grouped into families), so the page grows by 123
# per child unit — a prefecture of ten counties costs ~1,240, a province listing 120 counties
# ~15,000: the scale issue's job (one GROUP BY per family over all children at once). Issue 23
# brought 6: the settings in force for the child (1: its rates are rounded, and its
# denominators chosen, as that unit says), 复议's facts (2) and the official tables' figures
# (3). Fixed part: session, user, roles (3), the units compared (1), the unit select (1).
PER_CHILD = 129 + 1  # + which registers have rollups of the year
FIXED = 3 + 1 + 1


def test_the_comparisons_query_count_is_pinned(
    records, prefecture_leader, client, django_assert_num_queries
):
    client.force_login(prefecture_leader)
    with django_assert_num_queries(FIXED + 2 * PER_CHILD):
        client.get(URL, {"year": YEAR})


def test_the_query_count_grows_per_child(
    records, province_leader, client, django_assert_num_queries
):
    client.force_login(province_leader)
    with django_assert_num_queries(FIXED + 1 * PER_CHILD):
        client.get(URL, {"year": YEAR})
    with django_assert_num_queries(FIXED + 2 * PER_CHILD):
        client.get(URL, {"year": YEAR, "scope": "counties"})
