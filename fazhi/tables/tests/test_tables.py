"""The 人民调解, 法律援助 and 社区矫正 tables filled from records counted by hand, for a county and
for its prefecture (the sum of two counties); the page, its drill-downs and its .xlsx; the
balance check that refuses a download; who may see which table; the page's queries pinned."""

import datetime
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS
from fazhi.tables import periods
from fazhi.tables.filling import fill, resolved
from fazhi.tables.layout import MONTH, QUARTER, declaration_problems
from fazhi.tables.official import TABLES

from .conftest import mediate, subject

D = datetime.date
MARCH = periods.Chosen(MONTH, 2024, "m3")
Q1 = periods.Chosen(QUARTER, 2024, "q1")
# The 复议 and 应诉 tables are tested in test_reconsideration_tables.py.
OURS = ("mediation", "legal-aid", "corrections")


def figures(filled) -> dict:
    """{row code: (本期, 累计)} as the page shows them."""
    return {row.code: tuple(c.shown for c in cells) for row, cells in filled.rows}


@pytest.mark.parametrize("key", OURS)
def test_each_table_is_declared_against_the_registry(key):
    assert declaration_problems(resolved(TABLES[key]), INDICATORS) == []


# --- 人民调解 ------------------------------------------------------------------------------


def test_the_mediation_table_of_a_county_is_its_hand_count(tree, mediation_cases):
    shown = figures(fill(TABLES["mediation"], MARCH, tree["county"]))
    by_hand = {
        "1": ("4", "5"),  # received
        "2": ("2", "2"),  # 主动调解
        "3": ("1", "2"),  # 申请调解
        "4": ("1", "1"),  # 委托移送调解
        "5": ("1", "1"),  # 婚姻家庭
        "6": ("2", "2"),  # 邻里
        "8": ("0", "1"),  # 合同
        "11": ("1", "1"),  # 山林土地
        "17": ("0", "0"),  # 道路交通事故 (April's)
        "20": ("2", "3"),  # 调解成功
        "21": ("1", "2"),  # 书面协议
        "22": ("1", "1"),  # 口头协议
        "23": ("1", "1"),  # 调解不成
        "24": ("1", "1"),  # 调解中
        "25": ("66.67%", "75.00%"),  # 2/3, 3/4
        "26": ("1500.50", "1700.50"),
        "27": ("0", "1"),  # 司法确认
        "28": ("0", "0"),
        "29": ("—", "—"),
    }
    assert {code: shown[code] for code in by_hand} == by_hand


def test_the_prefecture_gets_the_sum_of_its_counties(tree, mediation_cases):
    filled = fill(TABLES["mediation"], MARCH, tree["prefecture"])
    shown = figures(filled)
    assert shown["1"] == ("5", "6")
    assert shown["2"] == ("3", "3") and shown["6"] == ("3", "3")
    assert shown["26"] == ("1600.50", "1800.50")
    assert shown["28"] == ("1", "1")
    assert filled.balanced


def test_every_cell_is_the_figures_pages_figure(tree, mediation_cases):
    table = resolved(TABLES["mediation"])
    filled = fill(table, MARCH, tree["county"])
    found = compute(table.keys, MARCH.range(), tree["county"])
    for row, cells in filled.rows:
        keys = row.keys_in(table.leaves[0])
        if len(keys) == 1 and found[keys[0]].indicator.is_rate:
            assert cells[0].shown == found[keys[0]].shown, row.label
        elif len(keys) == 1:
            assert cells[0].value == found[keys[0]].value, row.label


# --- 法律援助 ------------------------------------------------------------------------------


def test_the_legal_aid_table_is_its_hand_count(tree, aid_cases):
    county = figures(fill(TABLES["legal-aid"], Q1, tree["county"]))
    assert county["1"] == ("2", "2")  # accepted: the granted one and the notified one
    assert (county["2"], county["3"], county["4"]) == (("1", "1"), ("1", "1"), ("0", "0"))
    assert (county["7"], county["8"], county["9"]) == (("1", "1"), ("1", "1"), ("0", "0"))
    assert county["10"] == ("1", "1")  # 农民工
    assert county["11"] == ("1", "1") and county["12"] == ("3000.00", "3000.00")
    assert county["13"] == ("50", "50")
    assert county["14"] == ("—", "—")
    q2 = figures(fill(TABLES["legal-aid"], periods.Chosen(QUARTER, 2024, "q2"), tree["county"]))
    assert q2["1"] == ("1", "3")  # April's, and the year so far
    prefecture = fill(TABLES["legal-aid"], Q1, tree["prefecture"])
    assert figures(prefecture)["1"] == ("3", "3") and figures(prefecture)["4"] == ("1", "1")
    assert prefecture.balanced


# --- 社区矫正 ------------------------------------------------------------------------------


def test_the_corrections_table_is_its_hand_count_and_balances(tree, subjects):
    filled = fill(TABLES["corrections"], MARCH, tree["county"])
    shown = figures(filled)
    by_hand = {
        "1": ("4", "3"),  # 期初: 29 Feb, and 31 Dec 2023
        "2": ("1", "2"),  # 新入矫
        "3": ("1", "1"),  # 解除
        "4": ("1", "1"),  # 终止
        "5": ("1", "1"),  # 撤销缓刑
        "9": ("3", "3"),  # 期末
        "10": ("1", "1"),  # 管制
        "11": ("1", "1"),  # 缓刑
        "12": ("0", "0"),  # 假释 (released)
        "13": ("1", "1"),  # 暂予监外执行
        "17": ("1", "2"),  # activities
        "18": ("0", "1"),  # 主题教育
        "20": ("1", "1"),  # 集中学习课堂
        "25": ("30", "50"),
    }
    assert {code: shown[code] for code in by_hand} == by_hand
    assert filled.balanced and filled.period_ended
    prefecture = figures(fill(TABLES["corrections"], MARCH, tree["prefecture"]))
    assert prefecture["1"] == ("5", "4") and prefecture["9"] == ("4", "4")


def test_a_term_ended_without_its_release_breaks_the_stock_balance(tree, subjects):
    subject(tree["office"], 7, "probation", D(2023, 3, 1), D(2024, 3, 12))  # not released
    filled = fill(TABLES["corrections"], MARCH, tree["county"])
    (failure, _cumulative) = filled.imbalances
    assert failure.message.startswith(
        "第1栏「本月」：第9行「期末在册社区矫正对象」为3，应等于第1行＋第2行－第3行－第4行（4），相差1。"
    )
    assert "尚未登记解除" in failure.message
    # While the month runs, the stock is not checked against the flows.
    running = fill(TABLES["corrections"], MARCH, tree["county"], today=D(2024, 3, 20))
    assert running.balanced and not running.period_ended


# --- the pages -----------------------------------------------------------------------------

LIST = "/tables/"


def page(key):
    return f"/tables/{key}/"


def test_the_list_offers_the_tables_a_reader_may_see(client, tree, make_user):
    client.force_login(make_user("tiaojie", tree["county"], Role.MEDIATION))
    body = strict(client.get(LIST, {"year": 2024}))
    assert "人民调解工作统计表" in body and "法律援助工作统计表" not in body
    assert f'href="{page("mediation")}?year=2024&amp;period=m3&amp;unit=433126"' in body
    assert "表样" in body and "月报" in body


def test_the_page_links_each_number_to_its_records(client, tree, leader, mediation_cases):
    client.force_login(leader)
    response = client.get(page("mediation"), {"year": 2024, "period": "m3"})
    body = strict(response)
    assert "表样未公开" in body and "平衡检查" in body and "下载 Excel" in body
    # A single figure of the month: the figures page's own records.
    received = "/indicators/mediation.received/records/?year=2024&amp;period=m3&amp;unit=433126"
    assert f'href="{received}"' in body
    # The year so far: the figures page's 1月至3月累计.
    assert "/indicators/mediation.received/records/?year=2024&amp;period=c3" in body
    assert 'class="blank">—</td>' in body


def test_a_cell_adding_figures_lists_the_union_of_their_records(client, tree, leader, subjects):
    client.force_login(leader)
    body = strict(client.get(page("corrections"), {"year": 2024, "period": "m3"}))
    assert "/tables/corrections/records/?year=2024&amp;period=m3&amp;unit=433126&amp;row=17" in body
    response = client.get(
        "/tables/corrections/records/",
        {"year": 2024, "period": "m3", "unit": "433126", "row": "17", "column": "2"},
    )
    listed = strict(response)
    assert "教育帮扶活动（本年累计）：2" in listed
    assert "活1" in listed and "活2" in listed
    assert response.context["page"].paginator.count == 2
    missing = {"year": 2024, "period": "m3", "row": "29", "column": "1"}
    assert client.get("/tables/corrections/records/", missing).status_code == 404


def test_the_workbook_holds_the_pages_numbers_in_the_layout(client, tree, leader, aid_cases):
    client.force_login(leader)
    shown = client.get(page("legal-aid"), {"year": 2024, "period": "q1"})
    filled = shown.context["filled"]
    response = client.get(f"/tables/legal-aid/table.xlsx?{shown.context['query']}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "法律援助工作统计表"
    assert "古丈县司法局" in rows[1][0] and "2024年第一季度" in rows[1][0]
    assert "未公开" in rows[2][0]
    assert rows[3][:4] == ("项目", "行次", "本季", "本年累计")
    assert rows[4][:4] == ("甲", "乙", "1", "2")
    body = {row[1]: row[2:4] for row in rows[5:] if row[1]}
    for table_row, cells in filled.rows:
        in_sheet = body[table_row.code]
        for cell, value in zip(cells, in_sheet, strict=True):
            if cell.blank or cell.rate:
                assert value == cell.shown, (table_row.label, value)
            else:  # a number, shown on the page as it is held
                assert Decimal(str(value)) == Decimal(cell.shown), (table_row.label, value)
    assert rows[-1][0].startswith("平衡检查：3项检查全部通过")


def test_the_heads_merged_cells_span_as_on_the_page(client, tree, leader, subjects):
    client.force_login(leader)
    response = client.get("/tables/corrections/table.xlsx", {"year": 2024, "period": "m3"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:D1" in merged  # the title over the four columns


def test_a_table_that_does_not_balance_is_not_downloaded(client, tree, leader, mediation_cases):
    mediate(tree["committee"], "调9", D(2024, 3, 28), "other", "", "ongoing")  # no 来源
    client.force_login(leader)
    query = {"year": 2024, "period": "m3"}
    body = strict(client.get(page("mediation"), query))
    assert "平衡检查未通过" in body and "下载 Excel" not in body
    assert "第1行「受理纠纷」为5，应等于第2行＋第3行＋第4行（4），相差1。" in body
    refused = client.get("/tables/mediation/table.xlsx", query)
    assert refused.status_code == 302
    followed = client.get(refused["Location"])
    assert "不能下载" in strict(followed)
    assert "未填写案件来源" in followed.content.decode()


def test_a_user_of_another_unit_is_refused(client, tree, make_user, mediation_cases):
    client.force_login(make_user("luxi", tree["sibling"], Role.LEADER))
    query = {"year": 2024, "period": "m3", "unit": "433126"}
    assert client.get(page("mediation"), query).status_code == 404
    assert client.get("/tables/mediation/table.xlsx", query).status_code == 404
    own = client.get(page("mediation"), {"year": 2024, "period": "m3"})
    assert own.context["filled"].cell("1", "1").shown == "1"  # 泸溪县's own case only


def test_a_reader_without_the_register_is_refused(client, tree, make_user):
    client.force_login(make_user("pufa", tree["county"], Role.PUBLICITY))
    assert client.get(page("corrections")).status_code == 403
    assert "您的角色没有可查看的统计报表" in strict(client.get(LIST))
    assert client.get(page("no-such-table")).status_code == 404


def test_a_wrong_period_is_named_and_another_shown(client, tree, leader):
    client.force_login(leader)
    response = client.get(page("legal-aid"), {"year": 2024, "period": "m3"})
    body = strict(response)
    assert "统计期间「m3」不正确，季报的统计期间应为第一季度至第四季度" in body
    assert response.context["chosen"].period == "q4"
    redirect = client.get("/tables/legal-aid/table.xlsx", {"year": 2024, "period": "m3"})
    assert redirect.status_code == 302


def test_the_prefecture_reads_the_sum_on_the_page(client, tree, prefecture_leader, mediation_cases):
    client.force_login(prefecture_leader)
    response = client.get(page("mediation"), {"year": 2024, "period": "m3"})
    assert response.context["filled"].cell("1", "1").shown == "5"
    options = [u.code for u in response.context["units"]]
    assert options[:1] == ["4331"] and "433126" in options and "433122" in options
    link = response.context["rows"][0]["cells"][0]["url"]
    assert parse_qs(urlsplit(link).query)["unit"] == ["4331"]


def test_the_table_pages_queries_are_pinned(
    client, tree, leader, mediation_cases, django_assert_num_queries
):
    """Session, user, roles (3); the unit options (1); then one compute() for each of the two
    columns (本月, 本年累计): its families — received, by source, by agreement form — and the
    agreements' amount (4), and the settings the success rate's rounding reads (1). Neither
    column is a closed calendar year, so no rollups are asked for."""
    client.force_login(leader)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page("mediation"), {"year": 2024, "period": "m3"}).status_code == 200
        return len(queries)

    few = count()
    for n in range(20):
        mediate(tree["committee"], f"多{n}", D(2024, 3, 2), "other", "active", "succeeded")
    assert count() == few
    with django_assert_num_queries(3 + 1 + 2 * (4 + 1)):
        client.get(page("mediation"), {"year": 2024, "period": "m3"})


def test_the_command_writes_the_table_or_says_why_not(tree, subjects, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "矫正.xlsx"
    arguments = ["--table", "corrections", "--year", "2024", "--period", "m3", "--unit", "433126"]
    call_command("tables", *arguments, "--out", str(out), stdout=io.StringIO())
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "社区矫正工作统计表"
    subject(tree["office"], 8, "probation", D(2023, 3, 1), D(2024, 3, 12))
    with pytest.raises(CommandError, match="未通过平衡检查"):
        call_command("tables", *arguments, "--out", str(out), stdout=io.StringIO())
    listing = io.StringIO()
    call_command("tables", "--list", stdout=listing)
    assert "mediation\t人民调解工作统计表\t月报" in listing.getvalue()
