"""The 行政复议 and 行政应诉 tables (年报, 季报) of the 统计制度, from cases counted by hand, for
the county and for its prefecture. They stand on the registers' issue-23 figures (申请人、被申请人
类型, 行政管理领域, each 办结方式, 审结, 受理前化解; 审级, 结案方式, 共同应诉 …): run after those
are integrated."""

import io

import pytest
from openpyxl import load_workbook

from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.indicators.registry import INDICATORS
from fazhi.litigation.models import Instance, Judgment
from fazhi.litigation.tests.test_indicators import make_suit
from fazhi.reconsideration.models import Outcome
from fazhi.reconsideration.tests.facts import make_case
from fazhi.tables import periods
from fazhi.tables.filling import fill, ready, resolved
from fazhi.tables.layout import QUARTER, YEAR, declaration_problems
from fazhi.tables.official import TABLES

YEAR_2024 = periods.Chosen(YEAR, 2024, "year")
KEYS = ("reconsideration-year", "reconsideration-quarter", "litigation-year", "litigation-quarter")


def shown(filled, row="0") -> dict:
    """{column code: the page's text} of a row."""
    for table_row, cells in filled.rows:
        if table_row.code == row:
            return {c.column.code: c.shown for c in cells}
    raise KeyError(row)


@pytest.mark.parametrize("key", KEYS)
def test_the_tables_are_declared_against_the_registry(key):
    assert declaration_problems(resolved(TABLES[key]), INDICATORS) == []
    assert ready(TABLES[key])


def case(unit, number, received, applicant, respondent, field, act, **more):
    return make_case(
        unit, number, received, applicant_kind=applicant, respondent_kind=respondent,
        admin_field=field, act_type=act, **more,
    )  # fmt: skip


@pytest.fixture
def reconsiderations(tree):
    """古丈县 2024: received 5 (K1–K5) — 自然人 3, 法人 1, 其他组织 1; 县政府部门 3, 乡镇人民政府 1,
    其他 1; 行政处罚 3, 行政许可 1, 其他 1; 市场监管 2, 住房城乡建设 1, 公安 1, 其他 1. Accepted 3.
    受理前化解 1. 审结 4 (K6 received in 2023): 撤销 1, 维持 1, 和解 1, 驳回复议请求 1; 不予受理
    is no 审结. 泸溪县 2024: one more received and 变更."""
    c, s = tree["county"], tree["sibling"]
    dept = "county_department"
    case(
        c,
        "K1",
        "2024-03-01",
        "natural_person",
        dept,
        "market",
        "penalty",
        accepted="2024-03-04",
        closed="2024-04-01",
        outcome=Outcome.REVOKED,
    )
    case(
        c,
        "K2",
        "2024-04-01",
        "legal_person",
        "township",
        "housing",
        "licensing",
        accepted="2024-04-03",
        closed="2024-05-06",
        outcome=Outcome.UPHELD,
    )
    case(
        c,
        "K3",
        "2024-05-06",
        "natural_person",
        dept,
        "market",
        "penalty",
        closed="2024-05-08",
        outcome=Outcome.NOT_ACCEPTED,
    )
    case(
        c,
        "K4",
        "2024-06-01",
        "natural_person",
        dept,
        "public_security",
        "penalty",
        closed="2024-06-03",
        outcome=Outcome.PRE_ACCEPTANCE_RESOLVED,
        pre_acceptance_method="withdrawn",
    )
    case(
        c,
        "K5",
        "2024-07-01",
        "other_organisation",
        "other",
        "other",
        "other",
        accepted="2024-07-03",
        closed="2024-08-01",
        outcome=Outcome.SETTLED,
    )
    case(
        c,
        "K6",
        "2023-05-04",
        "natural_person",
        dept,
        "market",
        "penalty",
        accepted="2023-05-06",
        closed="2024-02-01",
        outcome=Outcome.CLAIMS_REJECTED,
    )
    case(s, "S1", "2024-05-06", "natural_person", dept, "market", "penalty",
         accepted="2024-05-08", closed="2024-06-03", outcome=Outcome.VARIED)  # fmt: skip


def test_the_reconsideration_year_table_is_its_hand_count(tree, reconsiderations):
    filled = fill(TABLES["reconsideration-year"], YEAR_2024, tree["county"])
    total = shown(filled)
    by_hand = {
        "1": "—", "2": "5", "3": "3", "4": "1",
        "5": "3", "6": "1", "7": "1",  # 自然人, 法人, 其他组织
        "8": "1", "9": "3", "10": "0", "11": "1",  # 乡镇, 县政府部门, 县人民政府, 其他
        "12": "3", "14": "1", "22": "1",  # 行政处罚, 行政许可, 其他
        "23": "4",  # 审结
        "24": "1", "25": "1", "26": "0", "27": "1", "28": "0",  # 驳回 维持 确认违法 撤销 变更
        "31": "1", "32": "0", "33": "0", "34": "—", "39": "—",  # 调解（和解）, 其他, …
    }  # fmt: skip
    assert {code: total[code] for code in by_hand} == by_hand
    fields = {row.label: cells[1].shown for row, cells in filled.rows if row.code.startswith("F")}
    assert fields["市场监管"] == "2" and fields["公安"] == "1" and fields["其他"] == "1"
    assert fields["住房城乡建设"] == "1" and fields["税务"] == "0"
    assert "未填" not in fields
    assert filled.balanced, [i.message for i in filled.imbalances]


def test_the_prefecture_adds_its_counties(tree, reconsiderations):
    filled = fill(TABLES["reconsideration-year"], YEAR_2024, tree["prefecture"])
    total = shown(filled)
    assert (total["2"], total["23"], total["28"]) == ("6", "5", "1")
    assert filled.balanced


def test_a_quarter(tree, reconsiderations):
    q2 = periods.Chosen(QUARTER, 2024, "q2")
    total = shown(fill(TABLES["reconsideration-quarter"], q2, tree["county"]))
    assert (total["2"], total["3"], total["23"], total["25"]) == ("3", "1", "2", "1")


def test_a_case_without_its_field_unbalances_the_table(tree, reconsiderations):
    make_case(tree["county"], "K9", "2024-09-02", applicant_kind="natural_person",
              respondent_kind="county_department", act_type="penalty")  # fmt: skip
    filled = fill(TABLES["reconsideration-year"], YEAR_2024, tree["county"])
    messages = [i.message for i in filled.imbalances]
    assert any("行政管理领域" in m and "相差1" in m for m in messages), messages


@pytest.fixture
def suits(tree):
    """古丈县 2024: received 4 — 一审 2, 二审 1, 再审 1; 共同应诉 1, 规范性文件附带审查 1.
    审结 4: 判决 2 (撤销: lost; 驳回诉讼请求), 裁定 1, 撤诉 1; 败诉率 1/4. 开庭 2, 负责人出庭 1
    and spoke."""
    c = tree["county"]
    make_suit(
        c,
        "L1",
        "2024-01-08",
        hearing="2024-03-20",
        head=True,
        spoke=True,
        concluded="2024-05-06",
        judgment=Judgment.REVOKED,
        joint=True,
    )
    make_suit(
        c,
        "L2",
        "2024-02-10",
        hearing="2024-04-09",
        instance=Instance.SECOND,
        concluded="2024-06-18",
        judgment=Judgment.CLAIMS_DISMISSED,
    )
    make_suit(
        c,
        "L3",
        "2024-03-04",
        instance=Instance.RETRIAL,
        concluded="2024-03-29",
        judgment=Judgment.SUIT_DISMISSED,
        review=True,
    )
    make_suit(c, "L4", "2024-07-01", concluded="2024-07-25", judgment=Judgment.WITHDRAWN)


def test_the_litigation_year_table_is_its_hand_count(tree, suits):
    filled = fill(TABLES["litigation-year"], YEAR_2024, tree["county"])
    total = shown(filled)
    by_hand = {
        "1": "4", "2": "2", "3": "1", "4": "1", "6": "1", "7": "1",
        "8": "4", "9": "2", "10": "1", "11": "1", "12": "0", "13": "1", "14": "25.00%",
        "15": "2", "16": "1", "17": "1", "18": "50.00%",
    }  # fmt: skip
    assert {code: total[code] for code in by_hand} == by_hand
    assert filled.balanced, [i.message for i in filled.imbalances]


def test_the_pages_and_workbooks(client, tree, make_user, reconsiderations, suits):
    client.force_login(make_user("juzhang", tree["county"], Role.LEADER))
    for key in KEYS:
        body = strict(client.get(f"/tables/{key}/", {"year": 2024}))
        assert "表样未公开" in body and 'data-wide="official-table"' in body
        response = client.get(f"/tables/{key}/table.xlsx", {"year": 2024})
        assert response.status_code == 200, key
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A1"].value == TABLES[key].title
