"""The figures of both registers: the keys of the domain file, the reference report's 2024
numbers reproduced, the unit subtree, and the figures page's query count."""

import datetime

import pytest

from fazhi.core.roles import Role
from fazhi.core.writes import save_record
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period, check_registry
from fazhi.legality.columns import NORMATIVE_REGISTER, REVIEW_REGISTER
from fazhi.legality.models import LegalityReview, NormativeDocument, ReviewCategory

Y2024 = Period.year(2024)
D = datetime.date.fromisoformat
KEYS = {
    "legality.opinions",
    "legality.special_opinions",
    "legality.overdue",
    *(f"legality.by_category.{label}" for label in ReviewCategory.labels),
    "normative.filed",
    "normative.late_filed",
    "normative.corrected",
    "normative.planned_next_year",
}


def make_review(unit, number, category, received, opinion=None, conclusion="", special=False):
    record = LegalityReview(
        unit=unit,
        number=number,
        submitter="古丈县人民政府办公室",
        title=number,
        category=category,
        received_date=D(received),
        opinion_date=D(opinion) if opinion else None,
        conclusion=conclusion or ("lawful" if opinion else ""),
        special=special,
    )
    return save_record(None, REVIEW_REGISTER, record)


def make_document(unit, number, published, filed=None, reviewed=None, conclusion="", **fields):
    record = NormativeDocument(
        unit=unit,
        number=number,
        title=number,
        issuer="古丈县人民政府",
        published_date=D(published),
        filed_date=D(filed) if filed else None,
        reviewed_date=D(reviewed) if reviewed else None,
        conclusion=conclusion or ("filed" if reviewed else ""),
        **fields,
    )
    return save_record(None, NORMATIVE_REGISTER, record)


def test_the_keys_are_exactly_those_of_the_domain_file():
    keys = {k for k in INDICATORS if k.startswith(("legality.", "normative."))}
    assert keys == KEYS and len(keys) == 3 + 7 + 4
    assert not [p for p in check_registry() if p.startswith(("legality.", "normative."))]


# The reference report: 起草各类审查意见90份(不含专项审查意见),其中审查行政重大协议17件;
# 审查招商引资协议及补充协议5件;审查县直各部门、各镇关于拨付、解决、补偿等各类费用文件6件;
# …共完成备案审查规范性文件8件,于2024年底形成了2025年度规范性文件立项计划。
REFERENCE = {"重大行政协议": 17, "招商引资协议": 5, "费用拨付文件": 6}
OTHERS = ("major_decision", "normative_document", "other_contract", "other")


@pytest.fixture
def reference_county(tree):
    county = tree["county"]
    by_label = {label: value for value, label in ReviewCategory.choices}
    categories = [by_label[label] for label, count in REFERENCE.items() for _ in range(count)]
    categories += [OTHERS[i % len(OTHERS)] for i in range(90 - len(categories))]
    for n, category in enumerate(categories, start=1):
        make_review(county, f"古司合审〔2024〕{n}号", category, "2024-03-04", "2024-03-15")
    for i in range(3):  # 专项审查 opinions: not among the 90
        make_review(county, f"专项{i}", "other_contract", "2024-05-06", "2024-05-20", special=True)
    make_review(county, "退回1", "other", "2024-05-06", "2024-05-08", "returned")  # not counted
    for i in range(8):
        make_document(county, f"古政发〔2024〕{i + 1}号", "2024-02-01", "2024-02-20", "2024-03-15")
    return county


def test_the_reference_reports_figures(reference_county):
    found = {k: f.value for k, f in compute(sorted(KEYS), Y2024, reference_county).items()}
    assert found["legality.opinions"] == 90
    for label, count in REFERENCE.items():
        assert found[f"legality.by_category.{label}"] == count, label
    parts = [v for k, v in found.items() if k.startswith("legality.by_category.")]
    assert len(parts) == 7 and sum(parts) == 90
    assert found["legality.special_opinions"] == 3
    assert found["legality.overdue"] == 0
    assert found["normative.filed"] == 8


def test_figures_cover_the_subtree_only(tree):
    make_review(tree["office"], "所1", "other", "2024-03-04", "2024-03-08")
    make_review(tree["sibling"], "泸1", "other", "2024-03-04", "2024-03-08")
    make_document(tree["sibling"], "泸发1", "2024-03-01", "2024-03-05", "2024-03-20", "rejected")
    county = compute(["legality.opinions", "normative.corrected"], Y2024, tree["county"])
    assert (county["legality.opinions"].value, county["normative.corrected"].value) == (1, 0)
    prefecture = compute(["legality.opinions", "normative.corrected"], Y2024, tree["prefecture"])
    assert prefecture["legality.opinions"].value == 2
    assert prefecture["normative.corrected"].value == 1


def test_figures_page_and_drill_down_query_counts(
    client, tree, make_user, reference_county, django_assert_max_num_queries
):
    client.force_login(make_user("leader", tree["county"], Role.LEGALITY))
    # session, user, roles, unit options, settings; then one per family: 合法性审查 opinions
    # (by 审查类别), special, overdue; 规范性文件 reviewed (by 审查结论), late, planned.
    with django_assert_max_num_queries(5 + 6):
        page = client.get("/indicators/", {"year": 2024})
    assert page.status_code == 200 and "出具审查意见" in page.content.decode()
    with django_assert_max_num_queries(8):
        rows = client.get("/indicators/legality.opinions/records/", {"year": 2024})
    assert rows.status_code == 200 and len(rows.context["rows"]) == 50
