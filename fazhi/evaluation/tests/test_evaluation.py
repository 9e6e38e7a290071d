"""评议考核 end to end on the database: a scheme kept per year and frozen once used, results
generated and computed from the registers' records, deductions by hand with their reasons,
confirmation freezing a result, the 填报员 of E02 reading E02's result only, the year's ranking,
the scheme page, the notice and the figures."""

import dataclasses
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.tests.helpers import strict
from fazhi.core.writes import update_record
from fazhi.evaluation import actions, rules
from fazhi.evaluation.columns import REGISTER
from fazhi.evaluation.models import Deduction, EnforcementEvaluation, Grade, Status
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period

from .conftest import ITEMS
from .records import review, suit

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = 2024
HELD = datetime.date(YEAR, 12, 20)
THRESHOLDS = rules.Thresholds(D(90), D(80), D(60))


@pytest.fixture
def scheme(units, officer):
    return actions.set_scheme(
        officer, unit=units["county"], year=YEAR, items=ITEMS, thresholds=THRESHOLDS
    )


@pytest.fixture
def year_records(units):
    """E02: files averaging 65 (−20, capped), two suits lost (−10, capped); E01: one suit lost
    (−5) and no file reviewed (no data, no deduction)."""
    county = units["county"]
    review(county, "433126-E02", 1, day=datetime.date(YEAR, 3, 1), score=80)
    review(county, "433126-E02", 2, day=datetime.date(YEAR, 4, 1), score=50)
    day = datetime.date(YEAR, 9, 9)
    suit(county, 1, "古丈县市场监督管理局", concluded=day, judgment="revoked")
    suit(county, 2, "古丈县市场监督管理局、古丈县公安局", concluded=day, judgment="varied")


@pytest.fixture
def results(units, officer, scheme, year_records):
    assert actions.generate(officer, unit=units["county"], year=YEAR, day=HELD) == 2
    return {
        r.evaluated_unit_code: r
        for r in EnforcementEvaluation.objects.filter(unit=units["county"], year=YEAR)
    }


def scores_of(record) -> list[str]:
    record.refresh_from_db()
    return [s["score"] for s in record.item_scores]


# --- the scheme ------------------------------------------------------------------------------


def test_a_scheme_is_kept_with_its_year(units, officer, scheme):
    county = units["county"]
    changed = [*ITEMS[:2], rules.Item(3, "执法公示", D(60)), rules.Item(4, "执法案卷", D(10))]
    actions.set_scheme(officer, unit=county, year=YEAR + 1, items=changed, thresholds=THRESHOLDS)
    old = actions.scheme_of(county, YEAR)
    assert [i.name for i in rules.items_of(old.items)] == [
        "案卷评查质量",
        "行政应诉",
        "执法制度建设",
    ]
    new = actions.scheme_of(county, YEAR + 1)
    assert [i.name for i in rules.items_of(new.items)][2:] == ["执法公示", "执法案卷"]
    # 复制上年方案: the next year starts as this one; a year that has one is not overwritten.
    copied = actions.copy_scheme(officer, unit=county, year=YEAR + 2)
    assert (copied.items, copied.excellent_min) == (new.items, new.excellent_min)
    with pytest.raises(ActionRefused, match="已有考核方案"):
        actions.copy_scheme(officer, unit=county, year=YEAR + 1)
    with pytest.raises(ActionRefused, match="没有2019年度的考核方案"):
        actions.copy_scheme(officer, unit=county, year=2020)
    entry = AuditEntry.objects.filter(register="evaluationscheme", object_id=str(old.pk)).get()
    assert (entry.action, entry.after["excellent_min"]) == (AuditAction.CREATE, "90.00")


def test_a_scheme_with_faults_is_refused_and_changes_nothing(units, officer, scheme):
    stored = actions.scheme_of(units["county"], YEAR).items
    wrong = rules.Thresholds(D(80), D(85), D(60))
    with pytest.raises(ActionRefused, match="合格 < 良好 < 优秀"):
        actions.set_scheme(officer, unit=units["county"], year=YEAR, items=ITEMS, thresholds=wrong)
    with pytest.raises(ActionRefused, match="第 1 项项目名称"):
        bad = [rules.Item(1, "案卷\x07评查", D(100))]
        actions.set_scheme(
            officer, unit=units["county"], year=YEAR, items=bad, thresholds=THRESHOLDS
        )
    assert actions.scheme_of(units["county"], YEAR).items == stored


def test_a_scheme_is_frozen_once_a_result_under_it_is_confirmed(units, officer, results):
    actions.confirm(officer, [results["433126-E01"]], HELD)
    with pytest.raises(ActionRefused, match="方案不能再修改"):
        actions.set_scheme(
            officer, unit=units["county"], year=YEAR, items=ITEMS[:1], thresholds=THRESHOLDS
        )


def test_changing_the_scheme_scores_the_open_results_again(units, officer, results):
    county, e01 = units["county"], results["433126-E01"]
    actions.add_deduction(officer, e01, item_no=3, points="1", reason="执法公示不及时")
    low = rules.Thresholds(D(25), D(20), D(10))
    with pytest.raises(ActionRefused, match="在第3项「执法制度建设」有人工扣分，不能删除这些项目"):
        actions.set_scheme(officer, unit=county, year=YEAR, items=ITEMS[:2], thresholds=low)
    harsher = [ITEMS[0], dataclasses.replace(ITEMS[1], rate=D(10)), ITEMS[2]]
    actions.set_scheme(officer, unit=county, year=YEAR, items=harsher, thresholds=THRESHOLDS)
    e01.refresh_from_db()
    # One suit lost now costs all 10 points of 行政应诉; the deduction by hand stays.
    assert scores_of(e01) == ["20.00", "0.00", "69.00"]
    assert (e01.total, e01.grade) == (D(89), Grade.GOOD)


def test_only_the_bureaus_own_officer_sets_its_scheme(units, clerk, leader):
    for who in (clerk, leader):
        with pytest.raises(ActionRefused):
            actions.set_scheme(
                who, unit=units["county"], year=YEAR, items=ITEMS, thresholds=THRESHOLDS
            )
    assert actions.scheme_of(units["county"], YEAR) is None


# --- scoring ---------------------------------------------------------------------------------


def test_results_are_scored_from_the_registers_and_ranked(results):
    e01, e02 = results["433126-E01"], results["433126-E02"]
    # E01: no file reviewed (无数据), one suit lost (−5), 70 by hand: 95, 优秀.
    assert scores_of(e01) == ["20.00", "5.00", "70.00"]
    assert (e01.total, e01.grade, e01.item_scores[0]["state"]) == (D(95), Grade.EXCELLENT, "无数据")
    # E02: average 65 is 25 below 90 (capped at 20), two suits lost (10): 70, 合格.
    assert scores_of(e02) == ["0.00", "0.00", "70.00"]
    assert (e02.total, e02.grade) == (D(70), Grade.PASS)
    assert e02.measured == {
        "enforcement.review_average": "65.00",
        "litigation.lost_as_defendant": "2.00",
    }
    assert rules.ranking({e01.pk: e01.total, e02.pk: e02.total}) == {e01.pk: 1, e02.pk: 2}


def test_a_deduction_by_hand_needs_a_reason_and_is_audited_with_the_result(officer, results):
    e01 = results["433126-E01"]
    with pytest.raises(ActionRefused, match="扣分须写明理由"):
        actions.add_deduction(officer, e01, item_no=3, points="2", reason="  ")
    with pytest.raises(ActionRefused, match="不超过该项分值（70 分）"):
        actions.add_deduction(officer, e01, item_no=3, points="71", reason="过多")
    with pytest.raises(ActionRefused, match="请选择考核方案中的项目"):
        actions.add_deduction(officer, e01, item_no=9, points="1", reason="无此项")
    assert not Deduction.objects.exists()

    actions.add_deduction(officer, e01, item_no=3, points="2.5", reason="未按期公示执法决定")
    e01.refresh_from_db()
    assert (e01.total, scores_of(e01)[2]) == (D("92.5"), "67.50")
    entry = AuditEntry.objects.filter(register=REGISTER.name, object_id=str(e01.pk)).latest("id")
    assert entry.note == "扣分：第3项「执法制度建设」扣2.5分，理由：未按期公示执法决定"
    assert entry.before["total"] == "95.00" and entry.after["total"] == "92.50"
    (deduction,) = Deduction.objects.all()
    assert (deduction.entered_by, deduction.points) == (officer, D("2.5"))

    actions.withdraw_deduction(officer, deduction)
    e01.refresh_from_db()
    assert e01.total == D(95) and e01.hand == {}
    deduction.refresh_from_db()
    assert deduction.withdrawn_by == officer


def test_a_confirmed_result_does_not_change_when_the_records_do(units, officer, results):
    e02 = results["433126-E02"]
    actions.add_deduction(officer, e02, item_no=3, points="5", reason="执法公示不及时")
    actions.confirm(officer, [e02], HELD)
    e02.refresh_from_db()
    frozen = (e02.total, e02.grade, e02.item_scores, e02.measured)
    assert (e02.status, e02.confirmed_date, e02.confirmed_by) == (Status.CONFIRMED, HELD, officer)

    # The registers change: a perfect file, a suit won; E02's result stays, E01's is recomputed.
    review(units["county"], "433126-E02", 9, day=datetime.date(YEAR, 11, 1), score=100)
    suit(
        units["county"], 9, "古丈县公安局", concluded=datetime.date(YEAR, 11, 1), judgment="revoked"
    )
    assert actions.recompute(officer, list(results.values())) == 1
    e02.refresh_from_db()
    assert (e02.total, e02.grade, e02.item_scores, e02.measured) == frozen
    results["433126-E01"].refresh_from_db()
    assert results["433126-E01"].total == D(90)

    # Nor does any write change it: an edit, a deduction, a second confirmation.
    with pytest.raises(ActionRefused, match="已确定，不能再修改"):
        actions.update_evaluation(officer, e02, remarks="改")
    with pytest.raises(ActionRefused, match="不能再扣分"):
        actions.add_deduction(officer, e02, item_no=3, points="1", reason="再扣")
    e02.refresh_from_db()
    assert (e02.total, e02.remarks) == (frozen[0], "")


def test_confirming_is_all_or_none(officer, results):
    e01, e02 = results["433126-E01"], results["433126-E02"]
    e02.refresh_from_db()
    e02.measured = {}  # as if never computed
    EnforcementEvaluation.objects.filter(pk=e02.pk).update(
        item_scores=[{**s, "state": rules.NOT_COMPUTED} for s in e02.item_scores]
    )
    with pytest.raises(ActionRefused, match="数据项尚未计算"):
        actions.confirm(officer, [e01, e02], HELD)
    assert not EnforcementEvaluation.objects.filter(status=Status.CONFIRMED).exists()
    with pytest.raises(ActionRefused, match="不能早于考核日期"):
        actions.confirm(officer, [e01], HELD - datetime.timedelta(days=1))


def test_one_result_per_department_and_year(units, officer, results):
    with pytest.raises(RecordInvalid) as refused:
        actions.register_evaluation(
            officer,
            unit=units["county"],
            number="另一个",
            year=YEAR,
            evaluated_unit_code="433126-E02",
            evaluated_on=HELD,
        )
    assert "2024年度已有评议考核记录（2024-433126-E02）" in str(refused.value.problems[0].message)
    assert actions.generate(officer, unit=units["county"], year=YEAR, day=HELD) == 0


# --- the 填报员 of E02 -------------------------------------------------------------------------


def test_the_clerk_of_e02_reads_e02s_result_only_and_cannot_change_it(
    client, officer, clerk, results
):
    e01, e02 = results["433126-E01"], results["433126-E02"]
    actions.add_deduction(officer, e02, item_no=3, points="3", reason="执法公示不及时")
    e02.refresh_from_db()
    kept = EnforcementEvaluation.objects.filter(pk=e02.pk).values().get()
    client.force_login(clerk)
    listed = client.get(reverse("enforcement_evaluation:list"))
    assert [r.pk for r in listed.context["page"]] == [e02.pk]
    page = strict(client.get(reverse("enforcement_evaluation:detail", args=[e02.pk])))
    assert "执法公示不及时" in page and "67" in page
    assert "登记扣分" not in page and "重新计算" not in page and "确定考核结果" not in page
    assert client.get(reverse("enforcement_evaluation:detail", args=[e01.pk])).status_code == 404
    for name, args, data in (
        ("deduct", [e02.pk], {"item_no": 3, "points": "1", "reason": "试"}),
        ("recompute", [e02.pk], {}),
        ("confirm", [e02.pk], {"day": HELD.isoformat()}),
        ("edit", [e02.pk], {"remarks": "改"}),
    ):
        assert (
            client.post(reverse(f"enforcement_evaluation:{name}", args=args), data).status_code
            == 403
        )
    assert client.get(reverse("enforcement_evaluation:year", args=[YEAR])).status_code == 403
    # Nor by the write path itself: an action, or an ordinary write (import, API).
    with pytest.raises(ActionRefused, match="填报员只能查看"):
        actions.add_deduction(clerk, e02, item_no=3, points="1", reason="试")
    with pytest.raises(RecordInvalid, match="填报员只能查看"):
        update_record(clerk, REGISTER, e02, {"remarks": "改"}, note="试")
    assert EnforcementEvaluation.objects.filter(pk=e02.pk).values().get() == kept


# --- pages -----------------------------------------------------------------------------------


def test_the_year_page_ranks_and_its_actions_work(client, units, officer, scheme, year_records):
    client.force_login(officer)
    url = reverse("enforcement_evaluation:year", args=[YEAR])
    page = strict(client.get(url))
    assert "尚有 2 个行政执法部门没有考核记录" in page
    day = HELD.isoformat()
    client.post(reverse("enforcement_evaluation:generate", args=[YEAR]), {"day": day})
    response = client.get(url)
    page = strict(response)
    ranked = [(r.rank, r.evaluated_unit.name, r.total_text) for r in response.context["results"]]
    assert ranked == [(1, "古丈县公安局", "95"), (2, "古丈县市场监督管理局", "70")]
    assert "下载结果通报" not in page
    client.post(reverse("enforcement_evaluation:confirm_year", args=[YEAR]), {"day": day})
    assert EnforcementEvaluation.objects.filter(status=Status.CONFIRMED).count() == 2
    page = strict(client.get(url))
    assert "下载结果通报" in page
    assert strict(client.get(reverse("enforcement_evaluation:years")))


def test_the_result_page_takes_a_deduction(client, officer, results):
    client.force_login(officer)
    e02 = results["433126-E02"]
    url = reverse("enforcement_evaluation:detail", args=[e02.pk])
    page = strict(client.get(url))
    assert "登记扣分" in page and "案卷评查平均分：65分" in page
    response = client.post(
        reverse("enforcement_evaluation:deduct", args=[e02.pk]),
        {"item_no": "3", "points": "4", "reason": "行政执法全过程记录不完整"},
        follow=True,
    )
    assert "已登记扣分" in strict(response)
    e02.refresh_from_db()
    assert e02.total == D(66)
    response = client.post(
        reverse("enforcement_evaluation:deduct", args=[e02.pk]),
        {"item_no": "3", "points": "4", "reason": ""},
        follow=True,
    )
    assert "扣分须写明理由" in strict(response)
    assert Deduction.objects.count() == 1


def test_the_scheme_page_offers_a_start_and_saves_the_rows(client, units, officer):
    client.force_login(officer)
    url = reverse("enforcement_evaluation:scheme", args=[YEAR])
    response = client.get(url)
    page = strict(response)
    assert "示例方案" in page and "案卷评查平均分" in page
    formset = response.context["formset"]
    data = {
        "unit": "433126",
        "excellent": "90",
        "good": "80",
        "passing": "60",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": str(formset.max_num),
        "form-0-name": "案卷评查质量",
        "form-0-points": "40",
        "form-0-method": "data",
        "form-0-measure": "enforcement.review_average",
        "form-0-rule": "below",
        "form-0-base": "90",
        "form-0-rate": "1",
        "form-1-name": "执法制度建设",
        "form-1-points": "60",
        "form-1-method": "hand",
        "form-2-name": "",
        "form-2-method": "hand",
    }
    response = client.post(url, data, follow=True)
    assert "已保存2024年度评议考核方案" in strict(response)
    stored = actions.scheme_of(units["county"], YEAR)
    assert [(i.name, i.points, i.rule) for i in rules.items_of(stored.items)] == [
        ("案卷评查质量", D(40), "below"),
        ("执法制度建设", D(60), ""),
    ]
    # Thresholds out of order: said, nothing changed.
    response = client.post(url, data | {"good": "95"})
    assert "合格 &lt; 良好 &lt; 优秀" in strict(response)
    assert actions.scheme_of(units["county"], YEAR).good_min == D(80)


def test_the_leader_reads_the_year_and_the_scheme_and_changes_neither(client, leader, results):
    client.force_login(leader)
    page = strict(client.get(reverse("enforcement_evaluation:year", args=[YEAR])))
    assert "古丈县公安局" in page and "全部确定" not in page
    page = strict(client.get(reverse("enforcement_evaluation:scheme", args=[YEAR])))
    assert "保存方案" not in page
    response = client.post(reverse("enforcement_evaluation:scheme", args=[YEAR]), {})
    assert response.status_code == 403


def test_the_notice_renders_once_the_year_is_confirmed(client, units, officer, results):
    client.force_login(officer)
    url = reverse("enforcement_evaluation:notice", args=[YEAR])
    response = client.get(url, follow=True)
    assert "全部确定后，才能生成结果通报" in strict(response)
    actions.add_deduction(
        officer, results["433126-E02"], item_no=3, points="2", reason="执法公示不及时"
    )
    actions.confirm(officer, list(results.values()), HELD)
    response = client.get(url)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "古丈县司法局关于2024年度行政执法评议考核结果的通报" in text
    assert "评为优秀的1个，良好的0个，合格的1个，不合格的0个" in text
    assert "执法制度建设扣2分（执法公示不及时）" in text
    assert "行政应诉扣10分（行政诉讼败诉2件）" in text
    table = Document(io.BytesIO(response.content)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1:] == [
        ["1", "古丈县公安局", "95", "优秀"],
        ["2", "古丈县市场监督管理局", "68", "合格"],
    ]
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, register=REGISTER.name, note__contains="结果通报"
    ).exists()


def test_the_list_filters_by_the_year_evaluated(client, units, officer, results):
    EnforcementEvaluation.objects.filter(evaluated_unit_code="433126-E01").update(
        evaluated_on=datetime.date(YEAR + 1, 1, 10)
    )
    client.force_login(officer)
    response = client.get(reverse("enforcement_evaluation:list"), {"year": YEAR})
    strict(response)
    assert len(response.context["page"]) == 2


def test_the_figures_count_confirmed_results_by_grade(units, officer, results):
    keys = [
        "enforcement_evaluation.units_scored",
        "enforcement_evaluation.average_score",
        "enforcement_evaluation.by_grade.优秀",
        "enforcement_evaluation.by_grade.合格",
    ]
    figures = compute(keys, Period.year(YEAR), units["county"])
    assert [figures[k].value for k in keys] == [0, D(0), 0, 0]  # nothing confirmed yet
    actions.confirm(officer, list(results.values()), HELD)
    figures = compute(keys, Period.year(YEAR), units["county"])
    assert [figures[k].value for k in keys] == [2, D("82.50"), 1, 1]
    # A year's results are the year's, not those of the year they were held in.
    assert compute(keys[:1], Period.year(YEAR + 1), units["county"])[keys[0]].value == 0
    quarter = Period(datetime.date(YEAR, 10, 1), datetime.date(YEAR, 12, 31))
    assert compute(keys[:1], quarter, units["county"])[keys[0]].value == 2


# --- review fixes ----------------------------------------------------------------------------


def test_changing_department_year_or_owner_clears_the_computed_values(units, officer, results):
    """The values computed were another department's or year's: the data items show 未计算
    and the result is not confirmed until 重新计算."""
    from fazhi.core import actions as unit_actions
    from fazhi.core.models import UnitKind

    unit_actions.save_unit(
        None,
        code="433126-E03",
        name="古丈县交通运输局",
        kind=UnitKind.ENFORCEMENT_DEPARTMENT,
        parent=units["county"],
    )
    e02 = results["433126-E02"]
    actions.update_evaluation(officer, e02, evaluated_unit_code="433126-E03")
    e02.refresh_from_db()
    assert (e02.measured, e02.measured_at) == ({}, None)
    assert [s["state"] for s in e02.item_scores[:2]] == [rules.NOT_COMPUTED] * 2
    with pytest.raises(ActionRefused, match="数据项尚未计算"):
        actions.confirm(officer, [e02], HELD)
    # 重新计算 gives E03's values (none on record): confirmable then.
    actions.recompute(officer, [e02])
    e02.refresh_from_db()
    assert e02.measured == {
        "enforcement.review_average": None,
        "litigation.lost_as_defendant": "0.00",
    }
    assert actions.confirm(officer, [e02], HELD) == 1

    # Another year likewise; a change of anything else keeps them.
    e01 = results["433126-E01"]
    actions.update_evaluation(officer, e01, remarks="年终集中考核")
    e01.refresh_from_db()
    assert e01.measured and e01.measured_at is not None
    actions.update_evaluation(
        officer, e01, year=YEAR + 1, evaluated_on=datetime.date(YEAR + 1, 3, 1)
    )
    e01.refresh_from_db()
    assert (e01.measured, e01.scheme_id) == ({}, None)


def test_a_deduction_stays_on_its_item_when_the_scheme_is_edited(units, officer, results):
    e01 = results["433126-E01"]
    actions.add_deduction(officer, e01, item_no=3, points="10", reason="制度不全")
    # A row inserted first renumbers the others: the deduction follows 执法制度建设.
    new = [rules.Item(1, "新增项目", D(10))] + [
        dataclasses.replace(i, no=i.no + 1, points=D(60) if i.no == 3 else i.points) for i in ITEMS
    ]
    actions.set_scheme(officer, unit=units["county"], year=YEAR, items=new, thresholds=THRESHOLDS)
    e01.refresh_from_db()
    hand = {s["name"]: s["hand_deduction"] for s in e01.item_scores}
    assert hand == {
        "新增项目": "0.00",
        "案卷评查质量": "0.00",
        "行政应诉": "0.00",
        "执法制度建设": "10.00",
    }
    assert Deduction.objects.get().item_no == 4 and rules.hand_points(e01.hand) == {4: D(10)}
    # Renaming it (its deduction's item no longer there) is refused and changes nothing.
    renamed = [*new[:3], dataclasses.replace(new[3], name="执法制度")]
    with pytest.raises(ActionRefused, match="第4项「执法制度建设」有人工扣分"):
        actions.set_scheme(
            officer, unit=units["county"], year=YEAR, items=renamed, thresholds=THRESHOLDS
        )
    assert Deduction.objects.get().item_no == 4
    assert [i.name for i in rules.items_of(actions.scheme_of(units["county"], YEAR).items)][3] == (
        "执法制度建设"
    )


def test_a_data_item_without_a_source_is_decided_by_hand_before_confirming(
    client, units, officer, results
):
    """A measure no register declares deducts nothing by itself: confirmation waits for a
    decision by hand, a deduction or 0 with its reason."""
    unknown = rules.Item(
        4, "尚无来源的数据项", D(10), "data", "nobody.declares_this", "above", D(0), D(1)
    )
    items = [*ITEMS[:2], dataclasses.replace(ITEMS[2], points=D(60)), unknown]
    actions.set_scheme(officer, unit=units["county"], year=YEAR, items=items, thresholds=THRESHOLDS)
    e01, e02 = results["433126-E01"], results["433126-E02"]
    e01.refresh_from_db()
    assert e01.item_scores[3]["state"] == rules.NO_SOURCE
    with pytest.raises(ActionRefused, match="尚无来源的数据项暂无数据来源，须人工评分"):
        actions.confirm(officer, [e01], HELD)

    # The pages say so, naming the item.
    client.force_login(officer)
    year_page = strict(client.get(reverse("enforcement_evaluation:year", args=[YEAR])))
    assert "暂无数据来源，须人工评分" in year_page and "尚无来源的数据项" in year_page
    detail = strict(client.get(reverse("enforcement_evaluation:detail", args=[e01.pk])))
    assert 'id="undecided"' in detail

    # 0 only on such an item, with a reason; then confirmable.
    with pytest.raises(ActionRefused, match="扣分应大于 0"):
        actions.add_deduction(officer, e01, item_no=3, points="0", reason="无")
    with pytest.raises(ActionRefused, match="扣分须写明理由"):
        actions.add_deduction(officer, e01, item_no=4, points="0", reason=" ")
    actions.add_deduction(officer, e01, item_no=4, points="0", reason="人工核查未发现问题")
    actions.add_deduction(officer, e02, item_no=4, points="2", reason="发现两处问题")
    assert actions.confirm(officer, [e01, e02], HELD) == 2
    e01.refresh_from_db()
    assert e01.item_scores[3]["score"] == "10.00" and rules.hand_points(e01.hand) == {4: D(0)}
    detail = strict(client.get(reverse("enforcement_evaluation:detail", args=[e01.pk])))
    assert 'id="undecided"' not in detail


@pytest.mark.parametrize("year", ["0", "1999", "2101", "99999999999999999999"])
def test_a_year_page_for_a_year_out_of_range_is_not_found(client, officer, year):
    client.force_login(officer)
    for name in ("year", "scheme"):
        assert (
            client.get(
                f"{reverse(f'enforcement_evaluation:{name}', args=[2024])[:-5]}{year}/"
            ).status_code
            == 404
        )
