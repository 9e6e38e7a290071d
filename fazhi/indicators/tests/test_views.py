"""The figures page, the records behind a figure, the settings page: who sees what, and in how
many SQL queries."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.access import Scope, scope_for
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import VIEW, Role
from fazhi.indicators.periods import Chosen
from fazhi.indicators.registry import INDICATORS
from fazhi.reconsideration.tests.facts import make_case

FIGURES = "/indicators/"


def records_url(key):
    return f"/indicators/{quote(key)}/records/"


def figure_rows(response) -> dict:
    return {
        row["indicator"].key: row
        for section in response.context["sections"]
        for row in section["rows"]
    }


@pytest.fixture
def officer(tree, make_user):
    return make_user("officer", tree["county"], Role.RECONSIDERATION)


def test_figures_page_needs_a_login(client, tree):
    assert client.get(FIGURES)["Location"].startswith("/login/")


def test_figures_page_groups_figures_by_register_with_links_and_definitions(
    client, tree, cases, officer
):
    client.force_login(officer)
    response = client.get(FIGURES, {"year": 2024})
    assert "reconsideration" in [s["register"].name for s in response.context["sections"]]
    rows = figure_rows(response)
    assert rows["reconsideration.received"]["shown"] == "3"
    assert rows["reconsideration.correction_rate"]["shown"] == "50.00%"
    page = response.content.decode()
    assert "行政复议案件" in page and "收到行政复议申请" in page
    assert 'title="收到申请日期在统计期间内的行政复议案件。"' in page
    query = "year=2024&amp;period=year&amp;unit=433126"
    assert f'href="{records_url("reconsideration.received")}?{query}"' in page
    assert "part=denominator" in page
    assert "复议纠错率的分母" in page


def test_the_default_is_this_year_and_the_users_own_unit(client, tree, officer):
    client.force_login(officer)
    response = client.get(FIGURES)
    assert response.context["unit"] == tree["county"]
    assert response.context["chosen"] == Chosen(response.context["years"][0], "year")
    options = [u.code for u in response.context["units"]]
    assert options == ["433126", "433126-01", "433126-S01", "433126-S01-01"]


def test_figures_follow_the_chosen_unit_and_year(client, tree, cases, officer):
    client.force_login(officer)
    office = figure_rows(client.get(FIGURES, {"year": 2024, "unit": "433126-S01"}))
    assert office["reconsideration.received"]["shown"] == "1"
    earlier = figure_rows(client.get(FIGURES, {"year": 2023}))
    assert earlier["reconsideration.received"]["shown"] == "1"


def test_a_unit_outside_the_users_subtree_is_not_found(client, tree, cases, officer):
    client.force_login(officer)
    assert client.get(FIGURES, {"unit": "433122"}).status_code == 404
    assert client.get(FIGURES, {"unit": "4331"}).status_code == 404


def test_a_leader_sees_the_figures_of_his_subtree(client, tree, cases, make_user):
    client.force_login(make_user("leader", tree["office"], Role.LEADER))
    rows = figure_rows(client.get(FIGURES, {"year": 2024}))
    assert rows["reconsideration.received"]["shown"] == "1"  # the 司法所's case only


@pytest.mark.parametrize("role", [Role.MEDIATION, Role.CLERK, Role.SYSTEM_ADMIN])
def test_a_role_without_the_register_sees_no_section(client, tree, cases, make_user, role):
    client.force_login(make_user("someone", tree["county"], role))
    response = client.get(FIGURES, {"year": 2024})
    shown = [s["register"].name for s in response.context["sections"]]
    assert "reconsideration" not in shown
    assert "收到行政复议申请" not in response.content.decode()
    assert client.get(records_url("reconsideration.received")).status_code == 403


def test_figures_page_queries_do_not_grow_with_records(
    client, tree, officer, django_assert_max_num_queries
):
    client.force_login(officer)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FIGURES, {"year": 2024}).status_code == 200
        return len(queries)

    for n in range(3):
        make_case(tree["county"], f"Q{n}", "2024-03-01", accepted="2024-03-04")
    few = count_queries()
    for n in range(3, 40):
        make_case(
            tree["office"], f"Q{n}", "2024-03-01", closed="2024-03-05", outcome="not_accepted"
        )
    assert count_queries() == few
    # session, user, roles, unit options, settings, which registers have rollups of the year;
    # then one per family (for 行政复议: received, closed, accepted, overdue).
    with django_assert_max_num_queries(6 + families_seen_by(officer)):
        client.get(FIGURES, {"year": 2024})


def families_seen_by(user) -> int:
    """Indicator families (a group, or a single count) of the registers the user may view."""
    viewable = {
        name
        for name, register in REGISTERS.items()
        if scope_for(user, register.model, VIEW) is not Scope.NONE
    }
    return len(
        {
            i.group.key if i.group else i.key
            for i in INDICATORS.values()
            if not i.is_rate and i.register in viewable
        }
    )


def test_the_pin_counts_four_families_for_reconsideration(tree, officer):
    assert families_seen_by(officer) >= 4


def test_drill_down_lists_the_records_with_links_to_them(client, tree, cases, officer):
    client.force_login(officer)
    response = client.get(records_url("reconsideration.closed"), {"year": 2024})
    assert [r["record"].number for r in response.context["rows"]] == ["K3", "K2", "K1"]
    page = response.content.decode()
    assert "办结：3 件" in page and "办结方式" in page and "古阳镇司法所" in page
    k1 = next(r for r in response.context["rows"] if r["record"].number == "K1")
    assert k1["url"] == f"/reconsideration/{k1['record'].pk}/"
    assert k1["cells"][-3:] == ["2024-04-01", "撤销", "是"]


def test_drill_down_of_a_breakdown_with_a_chinese_key(client, tree, cases, officer):
    client.force_login(officer)
    response = client.get(records_url("reconsideration.by_act_type.行政许可"), {"year": 2024})
    assert [r["record"].number for r in response.context["rows"]] == ["K2"]


def test_drill_down_of_a_rate_shows_numerator_or_denominator(client, tree, cases, officer):
    client.force_login(officer)
    url = records_url("reconsideration.correction_rate")
    numerator = client.get(url, {"year": 2024})
    assert [r["record"].number for r in numerator.context["rows"]] == ["K1"]
    denominator = client.get(url, {"year": 2024, "part": "denominator"})
    assert [r["record"].number for r in denominator.context["rows"]] == ["K2", "K1"]
    assert "以下为分母" in denominator.content.decode()


def test_drill_down_is_scoped_like_the_figure(client, tree, cases, make_user):
    client.force_login(make_user("leader", tree["office"], Role.LEADER))
    response = client.get(records_url("reconsideration.received"), {"year": 2024})
    assert [r["record"].number for r in response.context["rows"]] == ["K3"]
    assert (
        client.get(records_url("reconsideration.received"), {"unit": "433126"}).status_code == 404
    )
    assert client.get(records_url("reconsideration.nothing")).status_code == 404


def test_drill_down_paginates_in_a_fixed_number_of_queries(
    client, tree, officer, django_assert_max_num_queries
):
    for n in range(60):
        make_case(tree["county"], f"P{n:02d}", "2024-03-01")
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        first = client.get(records_url("reconsideration.received"), {"year": 2024})
    second = client.get(records_url("reconsideration.received"), {"year": 2024, "page": 2})
    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 10)


def test_settings_page_lists_settings_and_only_the_system_admin_changes_them(
    client, tree, make_user
):
    client.force_login(make_user("officer", tree["county"], Role.RECONSIDERATION))
    page = client.get("/indicators/settings/").content.decode()
    assert "复议纠错率的分母" in page and "败诉的裁判结果" in page and "保存" not in page
    refused = client.post(
        "/indicators/settings/",
        {"key": "reconsideration.correction_rate.denominator", "value": "closed"},
    )
    assert refused.status_code == 403 and not RegisterSetting.objects.exists()

    client.force_login(make_user("sysadmin", tree["province"], Role.SYSTEM_ADMIN))
    response = client.post(
        "/indicators/settings/",
        {"key": "litigation.lost_results", "value": ["varied", "revoked"]},
        follow=True,
    )
    said = "已将「败诉的裁判结果」（全部单位的默认值）修改为：撤销、变更。"
    assert said in response.content.decode()
    assert RegisterSetting.objects.get(key="litigation.lost_results").value == [
        "revoked",
        "varied",
    ]
    response = client.post(
        "/indicators/settings/",
        {"key": "reconsideration.correction_rate.denominator", "value": "all"},
        follow=True,
    )
    assert "只能从给定选项中选择" in response.content.decode()


def test_each_line_of_the_figures_has_a_link_at_the_top(client, tree, cases, make_user):
    """The page runs to thousands of pixels: a link to each line's section (issue 19, defect
    9), each pointing at a section that is there."""
    leader = make_user("leader", tree["county"], Role.LEADER)
    client.force_login(leader)
    response = client.get(FIGURES, {"year": 2024})
    page = response.content.decode()
    names = [s["register"].name for s in response.context["sections"]]
    assert len(names) > 1
    links = page.split('<nav class="section-links"', 1)[1].split("</nav>", 1)[0]
    for name in names:
        assert f'href="#line-{name}"' in links
        assert f'<section class="figures" id="line-{name}">' in page


def test_the_figures_export_holds_what_the_page_shows(client, tree, cases, officer):
    """统计指标 exports what it shows (issue 19, defect 9): every figure of the page, its
    value as a number (a rate as the page shows it, with its numerator and denominator)."""
    import io

    from openpyxl import load_workbook

    client.force_login(officer)
    page = client.get(FIGURES, {"year": 2024})
    export = "/indicators/figures.xlsx?year=2024&amp;period=year&amp;unit=433126"
    assert export in page.content.decode()
    response = client.get("/indicators/figures.xlsx", {"year": 2024, "unit": "433126"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("条线", "指标", "数值", "分子", "分母", "单位", "口径")
    by_label = {row[1]: row for row in rows[2:]}
    shown = figure_rows(page)
    assert len(rows) - 2 == len(shown)
    received = shown["reconsideration.received"]["indicator"].label
    assert by_label[received][:3] == ("行政复议案件", received, 3)
    rate = shown["reconsideration.correction_rate"]
    assert by_label[rate["indicator"].label][2:5] == ("50.00%", 1, 2)
