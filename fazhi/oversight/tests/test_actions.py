"""法治督察 through its actions and the write path: findings numbered and kept with their
inspection, the inspection's particulars changed on all its records at once, and the inspected
unit's 填报员 seeing only his unit's findings and recording their rectification, nothing else."""

import datetime

import pytest

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.rectification import Status
from fazhi.core.roles import CHANGE
from fazhi.core.writes import update_record
from fazhi.oversight import actions
from fazhi.oversight.columns import REGISTER
from fazhi.oversight.models import RuleOfLawInspection
from fazhi.oversight.permissions import FINDINGS_ONLY, RECTIFY_BY_STEP

D = datetime.date
FIRST = ("行政执法公示信息更新不及时", D(2024, 7, 31))
SECOND = ("执法案卷归档不及时", D(2024, 8, 31))

pytestmark = pytest.mark.django_db


def entries(record):
    return list(
        AuditEntry.objects.filter(register=REGISTER.name, object_id=str(record.pk))
        .exclude(action=AuditAction.READ_SENSITIVE)
        .order_by("id")
    )


def test_findings_are_numbered_after_their_inspection_and_share_its_particulars(inspect):
    first, second = inspect(1, "433126-E02", FIRST, SECOND)
    assert second.number == "古法督〔2024〕1号-2"
    assert second.inspection_number == first.inspection_number
    assert (second.inspected_unit, second.team, second.start_date) == (
        first.inspected_unit,
        first.team,
        first.start_date,
    )
    assert (second.problems, second.status, second.due_date) == (
        SECOND[0],
        Status.RECTIFYING,
        SECOND[1],
    )
    (entry,) = entries(second)
    assert (entry.action, entry.note) == (AuditAction.CREATE, "登记督察发现的问题")


def test_an_inspection_that_found_nothing_takes_its_first_finding_in_its_own_record(
    inspect, supervisor
):
    (opened,) = inspect(2, "433126-Z02")
    with pytest.raises(RecordInvalid, match="发现问题的督察记录须填写整改期限"):
        actions.add_finding(supervisor, opened, problems=FIRST[0], rectification_deadline=None)
    opened.refresh_from_db()
    assert opened.problems == "" and RuleOfLawInspection.objects.count() == 1
    found = actions.add_finding(
        supervisor, opened, problems=FIRST[0], rectification_deadline=FIRST[1]
    )
    assert found.pk == opened.pk and found.number == "古法督〔2024〕2号-1"
    assert found.status == Status.RECTIFYING
    second = actions.add_finding(
        supervisor, opened, problems=SECOND[0], rectification_deadline=SECOND[1]
    )
    assert second.number == "古法督〔2024〕2号-2"
    assert RuleOfLawInspection.objects.count() == 2


def test_the_inspection_is_corrected_on_all_its_records_at_once(inspect, supervisor, units):
    records = inspect(1, "433126-E02", FIRST, SECOND)
    # One record's particulars alone: refused, the inspection would disagree with itself.
    with pytest.raises(RecordInvalid, match="同一次督察的各条记录须一致"):
        update_record(supervisor, REGISTER, records[1], {"team": "第二督察组"}, note="改")
    changed = actions.update_inspection(
        supervisor, records, team="第二督察组", inspected_unit_code="433126-E07"
    )
    assert changed == 2
    stored = RuleOfLawInspection.objects.order_by("id")
    assert {(r.team, r.inspected_unit_id) for r in stored} == {
        ("第二督察组", units["transport"].pk)
    }
    for record in records:
        entry = entries(record)[-1]
        assert (entry.action, entry.note) == (AuditAction.UPDATE, "修改督察信息")
        assert (entry.before["team"], entry.after["team"]) == (
            "县委依法治县办第一督察组",
            "第二督察组",
        )
    # Nothing changed: nothing written, nothing audited.
    assert actions.update_inspection(supervisor, list(stored), team="第二督察组") == 0
    # A bad value on one record refuses them all.
    with pytest.raises(RecordInvalid, match="不在「古丈县司法局」的辖区内"):
        actions.update_inspection(supervisor, list(stored), inspected_unit_code="433122-E01")
    assert {r.inspected_unit_id for r in RuleOfLawInspection.objects.all()} == {
        units["transport"].pk
    }


def test_a_second_inspection_number_entered_with_other_particulars_is_refused(inspect):
    inspect(1, "433126-E02", FIRST)
    with pytest.raises(RecordInvalid, match="督察对象"):
        inspect(1, "433126-E01", SECOND, number="古法督〔2024〕1号-9")


def test_the_inspected_unit_must_be_a_department_or_township_in_the_area(inspect):
    with pytest.raises(RecordInvalid, match="不是行政执法部门或乡镇人民政府"):
        inspect(1, "433126-S01", FIRST)
    with pytest.raises(RecordInvalid, match="不在「古丈县司法局」的辖区内"):
        inspect(1, "433122-E01", FIRST)
    with pytest.raises(RecordInvalid, match="找不到单位代码"):
        inspect(1, "433126-E99", FIRST)
    assert not RuleOfLawInspection.objects.exists()


def test_the_inspected_units_clerk_sees_only_his_units_findings(inspect, market_clerk, town_clerk):
    market = inspect(1, "433126-E02", FIRST, SECOND)
    town = inspect(2, "433126-Z02", FIRST)
    inspect(3, "433126-E01", FIRST)
    seen = RuleOfLawInspection.objects.visible_to(market_clerk)
    assert sorted(r.pk for r in seen) == sorted(r.pk for r in market)
    assert list(RuleOfLawInspection.objects.visible_to(town_clerk, CHANGE)) == town


def test_the_clerk_records_rectification_but_not_findings(inspect, market_clerk, supervisor):
    first, second = inspect(1, "433126-E02", FIRST, SECOND)
    other = inspect(2, "433126-E01", FIRST)[0]
    done = actions.record_rectification(market_clerk, first, D(2024, 7, 20), "已更新公示清单")
    assert (done.status, done.rectified_date, done.rectification_note) == (
        Status.RECTIFIED,
        D(2024, 7, 20),
        "已更新公示清单",
    )
    entry = entries(first)[-1]
    assert (entry.actor, entry.note) == (market_clerk, "整改：整改完成")
    assert entry.before["rectified_date"] is None and entry.after["rectified_date"] == "2024-07-20"

    refused = "填报员只能登记整改完成情况"
    with pytest.raises(ActionRefused, match=refused):
        actions.add_finding(market_clerk, second, problems="x", rectification_deadline=FIRST[1])
    with pytest.raises(ActionRefused, match=refused):
        actions.update_finding(market_clerk, second, problems="另一个问题")
    with pytest.raises(ActionRefused, match=refused):
        actions.update_inspection(market_clerk, [first, second], team="自己改")
    # By an ordinary write (the API's, an import's) the findings are protected fields.
    with pytest.raises(RecordInvalid, match=FINDINGS_ONLY):
        update_record(market_clerk, REGISTER, second, {"problems": "改小了"}, note="改")
    with pytest.raises(RecordInvalid, match=FINDINGS_ONLY):
        update_record(
            market_clerk, REGISTER, second, {"rectification_deadline": D(2025, 1, 1)}, note="改"
        )
    # Another unit's finding: out of his reach.
    with pytest.raises(ActionRefused, match="无权"):
        actions.record_rectification(market_clerk, other, D(2024, 7, 20), "已整改")
    assert not REGISTER.may_import(market_clerk) and REGISTER.may_import(supervisor)
    second.refresh_from_db()
    other.refresh_from_db()
    assert (second.problems, second.rectification_deadline) == SECOND
    assert other.status == Status.RECTIFYING and other.rectified_date is None


RECTIFICATION = {"editable": ("rectified_date", "rectification_note")}


def test_the_clerk_writes_the_rectification_only_by_its_step(inspect, market_clerk, supervisor):
    """By the API (an ordinary write) a 填报员 would close a finding without 整改情况, or reopen
    or rewrite a closed one: the rectification is protected but for the 整改完成 step."""
    first, second = inspect(1, "433126-E02", FIRST, SECOND)
    with pytest.raises(RecordInvalid, match=RECTIFY_BY_STEP):
        update_record(
            market_clerk,
            REGISTER,
            first,
            {"rectified_date": D(2024, 7, 20)},
            note="改",
            **RECTIFICATION,
        )
    first.refresh_from_db()
    assert (first.status, first.rectified_date) == (Status.RECTIFYING, None)

    actions.record_rectification(market_clerk, first, D(2024, 7, 20), "已更新公示清单")
    for changes in (
        {"rectified_date": None, "rectification_note": ""},  # reopened
        {"rectification_note": "改写的整改情况"},
        {"rectified_date": D(2024, 7, 1)},
    ):
        with pytest.raises(RecordInvalid, match=RECTIFY_BY_STEP):
            update_record(market_clerk, REGISTER, first, changes, note="改", **RECTIFICATION)
    first.refresh_from_db()
    assert (first.status, first.rectified_date, first.rectification_note) == (
        Status.RECTIFIED,
        D(2024, 7, 20),
        "已更新公示清单",
    )

    # 执法监督 still corrects them.
    update_record(
        supervisor,
        REGISTER,
        first,
        {"rectification_note": "已更新公示清单并专人维护"},
        note="改",
        **RECTIFICATION,
    )
    first.refresh_from_db()
    assert first.rectification_note == "已更新公示清单并专人维护"
