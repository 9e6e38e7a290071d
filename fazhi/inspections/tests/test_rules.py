"""涉企行政检查's pure rules: the plan's lists, its due date, an inspection's checks and the
frequency cap. No database."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.inspections import rules
from fazhi.inspections.models import (
    EnterpriseInspection,
    InspectionKind,
    InspectionMethod,
    InspectionPlan,
)

D = datetime.date
VALID_CODE = "91433126MA4L123455"
BAD_CHECK = "91433126MA4L123456"

# --- the plan's lists ---------------------------------------------------------------------


def test_a_full_item_line_is_split_into_its_four_parts():
    items, problems = rules.parse_items(
        "食品生产经营监督检查｜《食品安全法》第一百一十条｜现场｜每年1次"
    )
    assert problems == []
    assert items == [
        rules.PlanItem("食品生产经营监督检查", "《食品安全法》第一百一十条", "现场", "每年1次")
    ]


def test_a_line_may_be_the_name_alone_and_blank_lines_are_skipped():
    items, problems = rules.parse_items("\n  特种设备安全监督检查  \n\n价格监督检查｜《价格法》\n")
    assert problems == []
    assert [(i.name, i.basis, i.method) for i in items] == [
        ("特种设备安全监督检查", "", ""),
        ("价格监督检查", "《价格法》", ""),
    ]


def test_the_half_width_bar_separates_too():
    items, problems = rules.parse_items("广告监督检查|《广告法》|非现场、书面|每年2次")
    assert problems == []
    assert items[0].method == "非现场、书面" and items[0].frequency == "每年2次"


def test_each_bad_line_is_named_in_chinese():
    text = "\n".join(
        [
            "食品检查｜依据｜现场｜每年1次",  # 1: fine
            "｜《价格法》",  # 2: no name
            "a｜b｜现场｜c｜d",  # 3: five parts
            "计量检查｜依据｜上门",  # 4: unknown method
            "食品检查",  # 5: repeats line 1
        ]
    )
    items, problems = rules.parse_items(text)
    assert [i.name for i in items] == ["食品检查"]
    assert problems == [
        "第2行：缺少事项名称（每行以事项名称开头）",
        "第3行：分成了5段，最多4段：事项名称｜依据｜方式｜频次（事项名称中不能有“｜”）",
        "第4行：检查方式“上门”不是可选的方式，可选：现场、非现场、书面、联合（多个用顿号分隔）",
        "第5行：事项“食品检查”与第1行重复",
    ]


@pytest.mark.parametrize("text", ["", "  \n \n"])
def test_an_empty_list_is_refused(text):
    assert rules.parse_items(text) == ([], ["至少填写一个检查事项"])
    assert rules.parse_subjects(text) == ([], ["至少填写一个检查主体"])


def test_subjects_one_a_line_each_once():
    subjects, problems = rules.parse_subjects("古丈县市场监督管理局\n古丈县市场监督管理局\n 乙 ")
    assert subjects == ["古丈县市场监督管理局", "乙"]
    assert problems == ["第2行：检查主体“古丈县市场监督管理局”与第1行重复"]


def plan(**values) -> InspectionPlan:
    facts = {
        "number": "计1",
        "year": 2025,
        "subjects": "古丈县市场监督管理局",
        "items": "食品检查",
        "planned_count": 10,
        "filed_date": D(2025, 3, 20),
    }
    return InspectionPlan(**(facts | values))


def test_a_good_plan_has_no_problems_and_its_lists_are_tidied():
    record = plan(subjects=" 甲 \n\n乙\n", items="食品检查｜依据\n\n")
    rules.derive_plan(record, {})
    assert rules.check_plan(record) == []
    assert record.subjects == "甲\n乙" and record.items == "食品检查｜依据"


def test_the_plan_problems_name_their_columns():
    record = plan(items="｜x", subjects="", year=1999)
    headers = [(p.header, p.message) for p in rules.check_plan(record)]
    assert headers == [
        ("年度", "年度应在 2000—2100 之间"),
        ("检查主体", "至少填写一个检查主体"),
        ("检查事项清单", "第1行：缺少事项名称（每行以事项名称开头）"),
    ]
    assert not any(p.kept_on_import for p in rules.check_plan(record))


# --- the due date -------------------------------------------------------------------------


def test_the_due_date_is_31_march_by_default_and_follows_the_setting():
    assert rules.plan_due(2025, {}) == D(2025, 3, 31)
    assert rules.plan_due(2025, {rules.PLAN_DUE_SETTING: "04-30"}) == D(2025, 4, 30)
    assert rules.due_label("03-31") == "3月31日"


@pytest.mark.parametrize(
    ("filed", "setting", "late"),
    [
        (D(2025, 3, 31), "03-31", False),
        (D(2025, 4, 1), "03-31", True),
        (D(2025, 4, 1), "04-30", False),
        (D(2024, 12, 20), "01-31", False),  # filed the year before
    ],
)
def test_filed_late_is_judged_by_the_due_date_of_the_plans_year(filed, setting, late):
    record = plan(filed_date=filed)
    rules.derive_plan(record, {rules.PLAN_DUE_SETTING: setting})
    assert record.filed_late is late


def test_plans_are_missing_only_after_the_due_date():
    assert not rules.plans_overdue(D(2025, 3, 31), {})
    assert rules.plans_overdue(D(2025, 4, 1), {})


# --- an inspection ------------------------------------------------------------------------


def inspection(**values) -> EnterpriseInspection:
    facts = {
        "number": "检1",
        "uscc": VALID_CODE,
        "inspection_date": D(2025, 5, 12),
        "kind": InspectionKind.ROUTINE,
        "valid_officers": 2,
    }
    return EnterpriseInspection(**(facts | values))


def test_a_valid_code_with_two_officers_passes():
    record = inspection(uscc=" 91433126ma4l１２３４５５ ")
    rules.derive_inspection(record, {})
    assert record.uscc == VALID_CODE
    assert (record.code_unverified, record.short_of_officers) == (False, False)
    assert rules.check_inspection(record) == []


def test_a_failing_code_is_flagged_and_kept_on_import_only():
    record = inspection(uscc=BAD_CHECK)
    rules.derive_inspection(record, {})
    assert record.code_unverified
    (problem,) = rules.check_inspection(record)
    assert problem.header == "统一社会信用代码"
    assert problem.message == "统一社会信用代码的校验码不符，请核对。"
    assert problem.kept_on_import


def test_a_missing_code_is_refused_even_on_import():
    record = inspection(uscc="")
    rules.derive_inspection(record, {})
    (problem,) = rules.check_inspection(record)
    assert not problem.kept_on_import


def test_one_certified_officer_is_flagged_and_the_numbers_not_counted_are_named():
    record = inspection(valid_officers=1)
    record.cards_not_counted = {
        rules.NOT_VALID: ["43126021009"],
        rules.NOT_IN_POST: ["43126021010"],
        rules.OTHER_DEPARTMENT: ["43126021011", "43126021012"],
    }
    rules.derive_inspection(record, {})
    assert record.short_of_officers
    (problem,) = rules.check_inspection(record)
    assert problem.header == "执法人员证号" and problem.kept_on_import
    assert problem.message == (
        "检查日期当天在岗且持有本部门有效执法证的执法人员只有 1 名（证号 43126021009 在检查日期"
        "不是有效的执法证；证号 43126021010 的持证人不在岗；证号 43126021011、43126021012 不是"
        "本部门的执法证），涉企行政检查应由至少 2 名在岗且持有本部门有效执法证的执法人员实施；"
        "联合检查的，其他部门在岗持证的执法人员也计入"
    )


def test_a_joint_inspection_names_no_department():
    record = inspection(valid_officers=0, method=InspectionMethod.JOINT)
    rules.derive_inspection(record, {})
    (problem,) = rules.check_inspection(record)
    assert problem.message == (
        "检查日期当天在岗且持有有效执法证的执法人员只有 0 名，联合检查应由至少 2 名"
        "在岗且持有有效执法证的执法人员实施"
    )


def test_a_stored_flagged_record_is_refused_only_when_its_facts_are_written_again():
    """links.resolve_officers marks a write whose code, officers, date, department or method
    change (`facts_checked`); a stored record without the mark keeps its flags unrefused."""
    record = inspection(uscc=BAD_CHECK, valid_officers=1)
    record.pk = 7
    rules.derive_inspection(record, {})
    assert record.code_unverified and record.short_of_officers
    assert rules.check_inspection(record) == []
    record.facts_checked = True
    assert [p.header for p in rules.check_inspection(record)] == [
        "统一社会信用代码",
        "执法人员证号",
    ]
    # The mark is this write's only: the next write of the same object is judged afresh.
    assert rules.check_inspection(record) == []


# --- the frequency cap --------------------------------------------------------------------


def visit(unit, code, day, kind=InspectionKind.ROUTINE):
    return SimpleNamespace(unit_id=unit, uscc=code, inspection_date=day, kind=kind)


def test_no_cap_by_default():
    assert rules.cap({}) is None
    assert rules.cap({rules.CAP_SETTING: "2"}) == 2
    assert not rules.is_over_cap(100, None)
    assert rules.is_over_cap(3, 2) and not rules.is_over_cap(2, 2)


def test_the_kinds_counted_by_default_leave_out_ordered_special_inspections():
    assert set(rules.counted_kinds({})) == {"routine", "case", "special"}
    assert rules.counted_kinds({rules.CAP_KINDS_SETTING: ("routine",)}) == ("routine",)


def test_over_cap_counts_per_department_enterprise_and_year():
    a, b = VALID_CODE, "91433126MA4PK7W0XG"
    visits = [
        visit(1, a, D(2025, 1, 5)),
        visit(1, a, D(2025, 6, 5), InspectionKind.CASE),
        visit(1, a, D(2025, 9, 5), InspectionKind.SPECIAL),  # third counted: over a cap of 2
        visit(2, a, D(2025, 9, 6)),  # another department: its own count
        visit(1, a, D(2024, 9, 6)),  # another year
        visit(1, b, D(2025, 2, 1)),
        visit(1, b, D(2025, 3, 1)),
        visit(1, b, D(2025, 4, 1), InspectionKind.ORDERED),  # ordered from above: not counted
    ]
    settings = {rules.CAP_SETTING: "2"}
    assert rules.over_cap(visits, settings) == {(1, a, 2025)}
    assert rules.over_cap(visits, {}) == set()
    only_routine = settings | {rules.CAP_KINDS_SETTING: ("routine",)}
    assert rules.over_cap(visits, only_routine) == set()
    counting_ordered = settings | {rules.CAP_KINDS_SETTING: ("routine", "ordered")}
    assert rules.over_cap(visits, counting_ordered) == {(1, b, 2025)}
