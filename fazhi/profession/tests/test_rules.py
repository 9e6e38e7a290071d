"""The rules of 法律服务队伍, pure: no database."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core.errors import StepRefused
from fazhi.profession import rules
from fazhi.profession.models import PracticeStatus

D = datetime.date


def org(**facts):
    values = dict(
        number="31430000MD0123456X",
        kind="law_firm",
        firm_form="general",
        licensed_date=D(2016, 4, 12),
        status=PracticeStatus.PRACTISING,
        status_date=None,
        status_reason="",
    )
    return SimpleNamespace(**(values | facts))


def person(**facts):
    values = dict(
        number="14331201810123456",
        kind="lawyer",
        lawyer_kind="full_time",
        org_number="31430000MD0123456X",
        first_practice_date=D(2018, 6, 1),
        licensed_date=D(2018, 6, 1),
        status=PracticeStatus.PRACTISING,
        status_date=None,
        status_reason="",
    )
    return SimpleNamespace(**(values | facts))


def messages(problems):
    return [(p.header, p.message) for p in problems]


# --- numbers -------------------------------------------------------------------------------


def test_numbers_are_compared_half_width_upper_case_and_without_spaces():
    assert rules.normalise_number(" ３１４３ 0000md０１２３４５６x\u3000") == "31430000MD0123456X"
    assert rules.normalise_number("") == ""


def test_a_number_with_other_characters_is_refused_by_its_label():
    assert rules.number_problem("14331201810123456", "执业证号") == ""
    assert rules.number_problem("古司律001", "执业证号") == (
        "执业证号「古司律001」格式不正确：应为 4—64 位数字、大写字母或连字符"
    )


# --- checks --------------------------------------------------------------------------------


def test_only_a_law_firm_has_an_organisational_form():
    assert rules.check_org(org()) == []
    assert messages(rules.check_org(org(kind="notary_office"))) == [
        ("组织形式", "只有律师事务所填写组织形式")
    ]


def test_a_lawyer_states_his_kind_and_only_a_lawyer_does():
    assert rules.check_practitioner(person()) == []
    assert messages(rules.check_practitioner(person(lawyer_kind=""))) == [
        ("律师类别", "律师应填写律师类别")
    ]
    notary = person(kind="notary", lawyer_kind="full_time")
    assert ("律师类别", "只有律师填写律师类别") in messages(rules.check_practitioner(notary))


@pytest.mark.parametrize(
    ("kind", "lawyer_kind", "needs_org"),
    [
        ("lawyer", "full_time", True),
        ("lawyer", "part_time", True),
        ("lawyer", "legal_aid", True),
        ("lawyer", "public", False),  # 公职律师 practises in his organ
        ("lawyer", "corporate", False),  # 公司律师 in his company
        ("notary", "", True),
        ("grassroots_worker", "", True),
    ],
)
def test_who_practises_without_an_org(kind, lawyer_kind, needs_org):
    record = person(kind=kind, lawyer_kind=lawyer_kind, org_number="")
    found = messages(rules.check_practitioner(record))
    assert any(header == "执业机构" for header, _ in found) is needs_org


def test_first_practice_is_not_after_the_licence():
    late = person(first_practice_date=D(2019, 1, 1))
    assert messages(rules.check_practitioner(late)) == [
        ("首次执业日期", "首次执业日期不能晚于发证日期")
    ]


@pytest.mark.parametrize(
    ("kind", "org_kind", "fits"),
    [
        ("lawyer", "law_firm", True),
        ("lawyer", "notary_office", False),
        ("notary", "notary_office", True),
        ("notary", "grassroots_office", False),
        ("grassroots_worker", "grassroots_office", True),
        ("grassroots_worker", "law_firm", False),
    ],
)
def test_a_practitioner_practises_in_an_org_of_his_kind(kind, org_kind, fits):
    problem = rules.org_kind_problem(kind, org_kind, "X001")
    assert (problem == "") is fits
    if not fits:
        assert problem.startswith("执业机构「X001」是")


def assessment(**facts):
    values = dict(
        subject_kind="practitioner", result="competent", year=2023, assessed_date=D(2024, 4, 20)
    )
    return SimpleNamespace(**(values | facts))


@pytest.mark.parametrize(
    ("subject_kind", "result", "refused"),
    [
        ("practitioner", "competent", False),
        ("practitioner", "basically_competent", False),
        ("practitioner", "incompetent", False),
        ("practitioner", "passed", True),
        ("org", "passed", False),
        ("org", "failed", False),
        ("org", "competent", True),
    ],
)
def test_a_result_fits_its_subject(subject_kind, result, refused):
    found = messages(rules.check_assessment(assessment(subject_kind=subject_kind, result=result)))
    assert bool(found) is refused
    if refused and subject_kind == "org":
        assert found == [("考核结果", "考核对象类别为机构的，考核结果只能是合格、不合格")]
    if refused and subject_kind == "practitioner":
        assert found == [("考核结果", "考核对象类别为人员的，考核结果只能是称职、基本称职、不称职")]


def test_a_year_is_assessed_in_a_later_year():
    early = assessment(assessed_date=D(2023, 12, 20))
    assert messages(rules.check_assessment(early)) == [
        ("考核日期", "2023年度的考核应在2024年及以后进行")
    ]


# --- steps ---------------------------------------------------------------------------------

TODAY = D(2026, 6, 15)


def keys(record):
    return [step.key for step in rules.allowed_steps(record)]


def test_the_steps_each_status_allows():
    assert keys(org()) == ["suspend", "cancel", "revoke"]
    assert keys(org(status=PracticeStatus.SUSPENDED)) == ["resume", "cancel", "revoke"]
    assert keys(org(status=PracticeStatus.CANCELLED)) == []
    assert keys(person(status=PracticeStatus.REVOKED)) == []


def test_a_step_sets_the_status_its_date_and_reason():
    record = person()
    rules.apply_step(record, "suspend", D(2026, 3, 1), TODAY, reason=" 停止执业六个月 ")
    assert (record.status, record.status_date, record.status_reason) == (
        PracticeStatus.SUSPENDED,
        D(2026, 3, 1),
        "停止执业六个月",
    )
    rules.apply_step(record, "resume", D(2026, 6, 1), TODAY, reason="处罚期满")
    assert record.status == PracticeStatus.PRACTISING


@pytest.mark.parametrize(
    ("record", "key", "day", "inputs", "message"),
    [
        (
            org(status=PracticeStatus.CANCELLED),
            "resume",
            D(2026, 3, 1),
            {"reason": "x"},
            "不能“恢复执业”：已注销或吊销，不能再办理执业状态变更",
        ),
        (
            org(),
            "resume",
            D(2026, 3, 1),
            {"reason": "x"},
            "不能“恢复执业”：只有停止执业的才能恢复执业",
        ),
        (
            org(status=PracticeStatus.SUSPENDED),
            "suspend",
            D(2026, 3, 1),
            {"reason": "x"},
            "不能“停止执业”：只有执业中的才能停止执业",
        ),
        (org(), "cancel", D(2026, 3, 1), {"reason": "  "}, "请填写事由"),
        (org(), "cancel", D(2016, 4, 11), {"reason": "x"}, "日期不能早于设立日期（2016-04-12）"),
        (person(), "cancel", D(2018, 5, 31), {"reason": "x"}, "日期不能早于发证日期（2018-06-01）"),
        (
            person(status=PracticeStatus.SUSPENDED, status_date=D(2026, 3, 1)),
            "resume",
            D(2026, 2, 1),
            {"reason": "x"},
            "日期不能早于上一次执业状态变更（2026-03-01）",
        ),
        (org(), "cancel", D(2026, 6, 16), {"reason": "x"}, "日期不能晚于今天"),
        (
            org(),
            "cancel",
            D(2026, 3, 1),
            {"reason": "x", "document_number": "文" * 65},
            "文号最多 64 个字",
        ),
        (org(), "annul", D(2026, 3, 1), {"reason": "x"}, "未知的步骤：annul"),
    ],
)
def test_a_step_refused_changes_nothing(record, key, day, inputs, message):
    before = dict(vars(record))
    with pytest.raises(StepRefused) as refused:
        rules.apply_step(record, key, day, TODAY, **inputs)
    assert str(refused.value) == message
    assert vars(record) == before


# --- 年度考核 deadlines ---------------------------------------------------------------------

SETTINGS = rules.DEFAULT_SETTINGS


def test_the_default_deadlines():
    assert rules.assessment_due("lawyer", 2025, SETTINGS) == D(2026, 3, 31)
    for kind in ("law_firm", "notary_office", "notary", "grassroots_office", "grassroots_worker"):
        assert rules.assessment_due(kind, 2025, SETTINGS) == D(2026, 5, 31)


def test_a_setting_moves_a_kinds_deadline():
    settings = rules.settings_from({rules.deadline_key("notary"): "06-30"})
    assert rules.assessment_due("notary", 2025, settings) == D(2026, 6, 30)
    assert rules.assessment_due("lawyer", 2025, settings) == D(2026, 3, 31)


@pytest.mark.parametrize(
    ("kind", "today", "year"),
    [
        ("lawyer", D(2026, 3, 31), 2024),  # the deadline day itself: still in time
        ("lawyer", D(2026, 4, 1), 2025),
        ("notary", D(2026, 4, 1), 2024),
        ("notary", D(2026, 6, 1), 2025),
        ("notary", D(2026, 12, 31), 2025),
    ],
)
def test_the_watched_year_is_the_latest_whose_deadline_passed(kind, today, year):
    assert rules.watched_year(kind, today, SETTINGS) == year


def late(**facts):
    values = dict(
        kind="lawyer",
        status=PracticeStatus.PRACTISING,
        licensed_date=D(2020, 1, 1),
        assessed_years={2024},
        today=D(2026, 4, 1),
        settings=SETTINGS,
    )
    return rules.not_assessed(**(values | facts))


def test_not_assessed_by_the_deadline():
    assert late()  # 2025 not assessed, due 2026-03-31
    assert not late(assessed_years={2025})
    assert not late(today=D(2026, 3, 31))  # 2024's is watched until then, and was done
    assert not late(status=PracticeStatus.SUSPENDED)
    assert not late(status=PracticeStatus.CANCELLED)
    assert late(licensed_date=D(2025, 12, 31))
    assert not late(licensed_date=D(2026, 1, 1))  # licensed after the year's end
