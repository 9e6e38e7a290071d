"""The pure rules: a complaint's periods per line of the 法律服务队伍 and from the settings (across
the 2024 National Day holiday), its steps in their order and their refusals, the checks of a
complaint arriving whole, the holder's category; and the checks' campaign bounds."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core.errors import StepRefused
from fazhi.core.rectification import Status
from fazhi.profession_oversight import check_rules, rules
from fazhi.profession_oversight.models import (
    Acceptance,
    ComplaintStatus,
    LegalServiceCheck,
    LegalServiceComplaint,
)

D = datetime.date


def complaint(**facts):
    values = {
        "number": "古司投〔2024〕1号",
        "received_date": D(2024, 9, 27),
        "channel": "hotline",
        "complainant": "张某某",
        "subject_kind": "lawyer",
        "subject_name": "李某",
        "matter": "收费后不沟通",
    }
    values.update(facts)
    return LegalServiceComplaint(**values)


def derived(record, settings=None):
    rules.derive(record, settings)
    return record


def steps_of(record) -> list[str]:
    return [step.key for step in rules.allowed_steps(record)]


def holder(kind="practitioner", category="律师", name="李某"):
    return SimpleNamespace(kind=kind, category_label=category, name=name, org_name="某律所")


def test_acceptance_runs_five_working_days_across_the_national_day_holiday():
    record = derived(complaint())
    # 9-29 (Sunday) is a working day, 10-01 to 10-07 are not.
    assert (record.acceptance_deadline, record.due_label) == (D(2024, 10, 10), rules.ACCEPT)
    assert record.status == ComplaintStatus.PENDING
    assert record.running_deadlines[0]["basis"] == (
        "律师法第五十二条、律师执业管理办法第五十条；参照司法部令第149号第十五条，"
        "本局设置收到投诉之日起5个工作日"
    )
    assert rules.is_overdue(record, D(2024, 10, 11))
    assert not rules.is_overdue(record, D(2024, 10, 10))
    assert steps_of(record) == ["accept", "not_accept"]


def test_each_line_reads_its_own_settings():
    settings = {
        rules.LAWYER: {"accept": 10, "handle": 60, "extend": 30},
        rules.NOTARY: {"accept": 5, "handle": 30, "extend": 15},
        rules.GRASSROOTS: {"accept": 15, "handle": 90, "extend": 60},
        "reply": 5,
    }
    notary = derived(complaint(subject_kind="notary_office"), settings)
    assert (notary.acceptance_days, notary.handling_days, notary.reply_days) == (5, 30, 5)
    assert notary.acceptance_deadline == D(2024, 10, 10)
    assert "公证执业活动投诉处理办法" in notary.running_deadlines[0]["basis"]
    worker = derived(complaint(subject_kind="grassroots_worker"), settings)
    assert (worker.acceptance_days, worker.extension_days) == (15, 60)
    # Without settings, the defaults.
    lawyer = derived(complaint(subject_kind="law_firm"))
    assert (lawyer.acceptance_days, lawyer.handling_days, lawyer.extension_days) == (5, 60, 30)
    assert lawyer.reply_days == 5


def test_the_procedure_in_its_order_with_the_deadline_running_at_each_step():
    record = derived(complaint(received_date=D(2024, 3, 4)))
    rules.apply_step(record, "accept", D(2024, 3, 8))
    derived(record)
    assert record.status == ComplaintStatus.HANDLING
    assert (record.due_label, record.due_date) == (rules.HANDLE, D(2024, 5, 7))  # 60 days
    assert steps_of(record) == ["investigate", "extend", "suspend"]  # 处理结果 once investigated
    with pytest.raises(StepRefused, match="请先登记调查核查情况"):
        rules.apply_step(record, "handle", D(2024, 4, 1), finding="partly", disposal="correction")
    with pytest.raises(StepRefused, match="请填写核查情况"):
        rules.apply_step(record, "investigate", D(2024, 4, 1), investigation_note=" ")
    rules.apply_step(record, "investigate", D(2024, 4, 1), investigation_note="约谈律师，属实")
    rules.apply_step(record, "extend", D(2024, 4, 2), extension_reason="需调取法院卷宗")
    derived(record)
    assert record.handling_deadline == D(2024, 6, 6)  # 60 + 30 days
    assert "延期30日" in record.running_deadlines[0]["basis"]
    assert steps_of(record) == ["suspend", "handle"]  # investigated, extended once
    rules.apply_step(record, "handle", D(2024, 5, 20), finding="partly", disposal="discipline")
    derived(record)
    assert record.status == ComplaintStatus.AWAITING_REPLY
    assert (record.due_label, record.due_date) == (rules.REPLY, D(2024, 5, 27))
    with pytest.raises(StepRefused, match="请选择答复方式"):
        rules.apply_step(record, "reply", D(2024, 5, 21), reply_method="")
    rules.apply_step(record, "reply", D(2024, 5, 21), reply_method="written")
    derived(record)
    assert (record.status, record.due_label, steps_of(record)) == (
        ComplaintStatus.REPLIED,
        "",
        ["close"],
    )
    rules.apply_step(record, "close", D(2024, 5, 22))
    derived(record)
    assert record.status == ComplaintStatus.CLOSED and steps_of(record) == []
    assert record.ended_date == D(2024, 5, 22)
    assert not record.late and rules.check(record) == []
    assert [text for _, text in rules.timeline(record)][-3:] == [
        "处理结果：部分属实，移送行业处分",
        "答复投诉人（书面）",
        "办结",
    ]


def test_a_late_decision_is_kept_as_late():
    record = derived(complaint(received_date=D(2024, 3, 4)))
    rules.apply_step(record, "accept", D(2024, 3, 8))
    rules.apply_step(record, "investigate", D(2024, 4, 1), investigation_note="属实")
    derived(record)
    assert rules.is_overdue(record, D(2024, 5, 8))
    rules.apply_step(record, "handle", D(2024, 5, 8), finding="substantiated", disposal="penalty")
    derived(record)
    assert record.late  # decided a day after the 60 days


def test_not_accepted_needs_a_reason_and_ends_the_procedure():
    record = derived(complaint())
    with pytest.raises(StepRefused, match="请填写不予受理理由"):
        rules.apply_step(record, "not_accept", D(2024, 9, 30), refusal_reason="")
    rules.apply_step(record, "not_accept", D(2024, 9, 30), refusal_reason="不属于本局管辖")
    derived(record)
    assert (record.status, record.acceptance) == (
        ComplaintStatus.NOT_ACCEPTED,
        Acceptance.NOT_ACCEPTED,
    )
    assert record.running_deadlines == [] and steps_of(record) == []
    assert record.ended_date == D(2024, 9, 30)  # the personal data's retention runs from it
    with pytest.raises(StepRefused, match="只有待受理的投诉"):
        rules.apply_step(record, "accept", D(2024, 10, 8))


def test_steps_refuse_out_of_order_and_too_early():
    record = derived(complaint(received_date=D(2024, 3, 4)))
    with pytest.raises(StepRefused, match="只有已受理"):
        rules.apply_step(record, "investigate", D(2024, 3, 5), investigation_note="x")
    with pytest.raises(StepRefused, match="早于本投诉上一步骤的日期"):
        rules.apply_step(record, "accept", D(2024, 3, 1))
    rules.apply_step(record, "accept", D(2024, 3, 8))
    derived(record)
    # An extension after the period ran out is refused; only once.
    with pytest.raises(StepRefused, match="处理期限已于 2024-05-07 届满"):
        rules.apply_step(record, "extend", D(2024, 5, 8), extension_reason="复杂")
    rules.apply_step(record, "investigate", D(2024, 3, 20), investigation_note="不实")
    # 查证不实 is not punished.
    with pytest.raises(StepRefused, match="查证不实的投诉，处理方式不能是“移送行政处罚”"):
        rules.apply_step(
            record, "handle", D(2024, 3, 25), finding="unsubstantiated", disposal="penalty"
        )
    with pytest.raises(StepRefused, match="请选择核查结论"):
        rules.apply_step(record, "handle", D(2024, 3, 25), finding="", disposal="none")
    with pytest.raises(StepRefused, match="作出处理结果后、尚未答复"):
        rules.apply_step(record, "reply", D(2024, 3, 25), reply_method="phone")


def test_a_complaint_arriving_whole_is_checked_step_by_step():
    def problems(**facts):
        return {(p.header, p.message) for p in rules.check(derived(complaint(**facts)))}

    base = {"received_date": D(2024, 3, 4)}
    assert ("受理（不予受理）日期", "填写了受理情况，也须填写受理（不予受理）日期") in problems(
        **base, acceptance="accepted"
    )
    assert ("不予受理理由", "不予受理的投诉须填写不予受理理由") in problems(
        **base, acceptance="not_accepted", acceptance_date=D(2024, 3, 5)
    )
    found = problems(**base, handled_date=D(2024, 3, 9), finding="partly", disposal="other")
    assert ("处理日期", "尚未受理的投诉不能填写处理日期") in found
    accepted = {**base, "acceptance": "accepted", "acceptance_date": D(2024, 3, 8)}
    assert ("调查完成日期", "作出处理结果前须先登记调查完成日期和核查情况") in problems(
        **accepted, handled_date=D(2024, 3, 9), finding="partly", disposal="other"
    )
    assert ("办结日期", "答复投诉人后才能办结") in problems(**accepted, closed_date=D(2024, 4, 1))
    assert ("受理（不予受理）日期", "受理（不予受理）日期不能早于收到日期") in problems(
        **{**accepted, "acceptance_date": D(2024, 3, 1)}
    )
    assert ("延期日期", "处理期限已于 2024-05-07 届满，届满后不能再延期") in problems(
        **accepted, extended_date=D(2024, 5, 9), extension_reason="复杂"
    )
    assert ("处理方式", "查证不实的投诉，处理方式不能是“移送行业处分”，应为“不予处理”或“其他”") in (
        problems(
            **accepted,
            investigated_date=D(2024, 3, 10),
            investigation_note="不实",
            handled_date=D(2024, 3, 11),
            finding="unsubstantiated",
            disposal="discipline",
        )
    )


def test_a_holder_of_another_category_is_refused_an_unknown_one_kept():
    assert rules.holder_problem("lawyer", "1433", None) == ""
    assert rules.holder_problem("lawyer", "1433", holder()) == ""
    wrong = rules.holder_problem("law_firm", "1433", holder())
    assert wrong == (
        "执业证号「1433」在执业机构和人员名册中是律师「李某」的，与被投诉对象类别“律师事务所”不符"
    )
    # The same kind (a practitioner) of another line is refused too.
    assert "公证员" in rules.holder_problem("notary", "1433", holder())


@pytest.mark.parametrize(
    "day",
    [D(2024, 3, 1), D(2024, 3, 19), D(2024, 5, 7), D(2024, 5, 8), D(2024, 5, 28), D(2024, 6, 1)],
)
def test_overdue_on_a_day_reads_the_stored_deadlines(day):
    pending = derived(complaint(number="1", received_date=D(2024, 3, 4)))
    handling = derived(
        complaint(
            number="2",
            received_date=D(2024, 3, 4),
            acceptance="accepted",
            acceptance_date=D(2024, 3, 8),
        )
    )
    replying = derived(
        complaint(
            number="3",
            received_date=D(2024, 3, 4),
            acceptance="accepted",
            acceptance_date=D(2024, 3, 8),
            investigated_date=D(2024, 5, 1),
            investigation_note="属实",
            handled_date=D(2024, 5, 20),
            finding="substantiated",
            disposal="correction",
        )
    )
    expected = {
        D(2024, 3, 1): (False, False, False),  # not yet received
        D(2024, 3, 19): (True, False, False),  # acceptance due 3-11
        D(2024, 5, 7): (True, False, False),  # handling due 5-07, its last day
        D(2024, 5, 8): (True, True, True),  # 3's decision came on 5-20: open on 5-08
        D(2024, 5, 28): (True, True, True),  # reply due 5-27
        D(2024, 6, 1): (True, True, True),
    }[day]
    assert (rules.overdue_on(pending, day), rules.overdue_on(handling, day)) == expected[:2]
    assert rules.overdue_on(replying, day) == expected[2]


def test_legal_aid_work_takes_the_periods_of_order_149_whatever_the_settings():
    settings = {rules.LAWYER: {"accept": 15, "handle": 90, "extend": 60}, "reply": 10}
    record = derived(complaint(legal_aid=True, received_date=D(2024, 3, 4)), settings)
    assert (record.acceptance_days, record.handling_days, record.reply_days) == (5, 60, 5)
    assert record.running_deadlines[0]["basis"] == (
        "法律援助投诉处理办法（司法部令第149号）第十五条，收到投诉之日起5个工作日"
    )
    ordinary = derived(complaint(received_date=D(2024, 3, 4)), settings)
    assert ordinary.acceptance_days == 15
    # 公证 is no part of legal aid work (令第149号 第三条): refused, the line's settings apply.
    settings[rules.NOTARY] = {"accept": 7, "handle": 60, "extend": 30}
    notary = derived(complaint(subject_kind="notary", legal_aid=True), settings)
    assert notary.acceptance_days == 7
    assert [p.header for p in rules.check(notary)] == ["是否法律援助事项"]


def test_days_of_suspension_do_not_count():
    record = derived(complaint(received_date=D(2024, 3, 4)))
    rules.apply_step(record, "accept", D(2024, 3, 8))
    derived(record)
    with pytest.raises(StepRefused, match="请填写中止事由"):
        rules.apply_step(record, "suspend", D(2024, 3, 20), suspension_reason="")
    rules.apply_step(record, "suspend", D(2024, 3, 20), suspension_reason="同一事项已进入诉讼")
    derived(record)
    assert (record.status, record.running_deadlines) == (ComplaintStatus.SUSPENDED, [])
    assert steps_of(record) == ["resume"]
    with pytest.raises(StepRefused, match="投诉调查中止期间不能办理此步骤，请先恢复调查"):
        rules.apply_step(record, "investigate", D(2024, 4, 1), investigation_note="x")
    # Suspended on the day a figure is judged: not overdue, though its period has passed.
    assert not rules.overdue_on(record, D(2024, 5, 8))
    rules.apply_step(record, "resume", D(2024, 4, 9))  # 20 days
    derived(record)
    assert (record.status, record.suspended_days) == (ComplaintStatus.HANDLING, 20)
    assert record.handling_deadline == D(2024, 5, 27)  # 60 + 20 days from 3-08
    assert "中止20日不计入" in record.running_deadlines[0]["basis"]
    assert rules.check(record) == []


# --- legal_service_check ---------------------------------------------------------------------


def check(**facts):
    values = {
        "number": "古司查〔2024〕1号-1",
        "check_number": "古司查〔2024〕1号",
        "licence_number": "31430000MD0123456X",
        "check_date": D(2024, 5, 6),
        "inspectors": "龙秀英",
    }
    values.update(facts)
    return LegalServiceCheck(**values)


def test_a_finding_runs_its_rectification_until_recorded():
    record = check(problems="收费公示不规范", rectification_deadline=D(2024, 6, 30))
    check_rules.derive(record)
    assert (record.status, record.due_date) == (Status.RECTIFYING, D(2024, 6, 30))
    with pytest.raises(StepRefused, match="请填写整改情况"):
        check_rules.apply_step(record, check_rules.RECTIFY, D(2024, 6, 1), rectification_note="")
    with pytest.raises(StepRefused, match="整改完成日期不能早于检查日期"):
        check_rules.apply_step(record, check_rules.RECTIFY, D(2024, 5, 1), rectification_note="x")
    check_rules.apply_step(record, check_rules.RECTIFY, D(2024, 6, 1), rectification_note="已公示")
    check_rules.derive(record)
    assert (record.status, record.due_label) == (Status.RECTIFIED, "")


def test_a_check_is_of_an_org_the_campaign_covers_within_its_dates():
    campaign = SimpleNamespace(
        name="专项治理",
        licence_numbers=["31430000MD0123456X"],
        start_date=D(2024, 4, 1),
        end_date=D(2024, 6, 30),
    )
    assert check_rules.campaign_problems(check(), campaign) == []
    outside = check_rules.campaign_problems(
        check(licence_number="X1", check_date=D(2024, 7, 1)), campaign
    )
    assert [p.header for p in outside] == ["被检查机构许可证号", "检查日期"]
    assert "不在专项治理「专项治理」覆盖的机构中" in outside[0].message
    assert "2024-04-01 至 2024-06-30" in outside[1].message
    assert check_rules.holder_problem("1433", holder()).startswith(
        "「1433」是律师「李某」的执业证号"
    )
    assert check_rules.holder_problem("1433", holder(kind="org", category="律师事务所")) == ""
    assert check_rules.holder_problem("1433", None) == ""
