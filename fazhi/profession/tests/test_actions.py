"""Entering orgs, practitioners and assessments, and the 执业状态 steps, through the actions:
links resolved within the bureau, each refusal in Chinese with nothing written."""

import datetime

import pytest
from django.utils import timezone

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.profession import actions
from fazhi.profession.models import (
    LegalPractitioner,
    LegalServiceOrg,
    PracticeStatus,
    PractitionerAssessment,
    StatusChange,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def problems(refused) -> list[tuple[str, str]]:
    return [(p.header, p.message) for p in refused.value.problems]


# --- orgs and practitioners ----------------------------------------------------------------


def test_an_org_is_kept_with_its_number_normalised(keeper, org_of):
    org = org_of(actor=keeper, number=" 31430000md0123456x ", name="湖南湘古律师事务所")
    org.refresh_from_db()
    assert (org.number, org.status) == ("31430000MD0123456X", PracticeStatus.PRACTISING)
    entry = AuditEntry.objects.get(register="legal_service_org", object_id=str(org.pk))
    assert (entry.action, entry.actor, entry.note) == (
        AuditAction.CREATE,
        keeper,
        "登记法律服务机构",
    )


def test_a_licence_number_is_held_once_in_a_bureau(keeper, org_of):
    org_of(actor=keeper, number="31430000MD0123456X")
    with pytest.raises(RecordInvalid) as refused:
        org_of(actor=keeper, unit="section", number="31430000MD0123456X")
    assert problems(refused) == [("执业许可证号", "本局已登记过执业许可证号「31430000MD0123456X」")]
    # Another county keeps its own.
    org_of(unit="sibling", number="31430000MD0123456X")
    assert LegalServiceOrg.objects.count() == 2


def test_a_practitioner_is_linked_to_the_org_his_number_names(keeper, org_of, person_of):
    firm = org_of(actor=keeper)
    lawyer = person_of(firm, actor=keeper, org_number=firm.number.lower())
    assert lawyer.org == firm and lawyer.org_number == firm.number


def test_an_unknown_org_number_is_refused_naming_it(keeper, org_of, person_of):
    org_of(unit="sibling", number="31430000LX0000001A")  # another county's: not this bureau's
    with pytest.raises(RecordInvalid) as refused:
        person_of(actor=keeper, org_number="31430000LX0000001A")
    assert problems(refused) == [
        (
            "执业机构",
            "找不到执业许可证号为「31430000LX0000001A」的法律服务机构（须为本局登记的机构）",
        )
    ]
    assert not LegalPractitioner.objects.exists()


def test_a_section_links_to_its_bureaus_org(keeper, org_of, person_of):
    firm = org_of()
    assert person_of(firm, unit="section").org == firm


@pytest.mark.parametrize(
    ("kind", "org_kind", "message"),
    [
        ("lawyer", "notary_office", "律师应在律师事务所执业"),
        ("notary", "law_firm", "公证员应在公证机构执业"),
        ("grassroots_worker", "notary_office", "基层法律服务工作者应在基层法律服务所执业"),
    ],
)
def test_a_practitioner_of_another_kind_than_his_org_is_refused(
    keeper, org_of, person_of, kind, org_kind, message
):
    org = org_of(org_kind)
    with pytest.raises(RecordInvalid) as refused:
        person_of(org, kind=kind, actor=keeper)
    ((header, said),) = problems(refused)
    assert header == "执业机构" and said.endswith(message)


def test_a_public_or_company_lawyer_may_have_no_org_others_may_not(keeper, person_of):
    assert person_of(actor=keeper, lawyer_kind="public").org is None
    assert person_of(actor=keeper, lawyer_kind="corporate").org is None
    with pytest.raises(RecordInvalid) as refused:
        person_of(actor=keeper)
    assert problems(refused) == [("执业机构", "专职律师应填写执业机构的执业许可证号")]


def test_nobody_joins_an_org_that_is_cancelled(keeper, org_of, person_of):
    firm = org_of()
    actions.take_step(keeper, firm, "cancel", D(2024, 1, 5), reason="自行解散")
    with pytest.raises(RecordInvalid) as refused:
        person_of(firm, actor=keeper)
    assert problems(refused) == [("执业机构", f"执业机构「{firm.name}」已注销，不能在该机构执业")]


def test_a_person_practises_once_in_a_bureau(keeper, org_of, person_of):
    firm = org_of()
    first = person_of(firm)
    with pytest.raises(RecordInvalid) as refused:
        person_of(firm, actor=keeper, id_number=first.id_number)
    ((header, said),) = problems(refused)
    assert header == "身份证号" and said.startswith(
        f"该身份证号的人员已登记执业（执业证号 {first.number}）"
    )
    # Once his licence is 注销 he may be entered again (a new 执业证).
    actions.take_step(keeper, first, "cancel", D(2024, 1, 5), reason="本人申请注销")
    assert person_of(firm, actor=keeper, id_number=first.id_number).pk


def test_a_bad_id_number_is_refused(keeper, org_of, person_of):
    with pytest.raises(Exception) as refused:
        person_of(org_of(), actor=keeper, id_number="433126198001010010")
    assert "身份证号" in str(refused.value)
    assert not LegalPractitioner.objects.exists()


# --- steps ---------------------------------------------------------------------------------


def test_a_step_changes_the_status_keeps_its_row_and_is_audited(keeper, org_of, person_of):
    lawyer = person_of(org_of())
    actions.take_step(
        keeper,
        lawyer,
        "suspend",
        D(2025, 3, 1),
        reason="停止执业六个月",
        document_number="湘司罚〔2025〕1号",
    )
    lawyer.refresh_from_db()
    assert (lawyer.status, lawyer.status_date, lawyer.status_reason) == (
        PracticeStatus.SUSPENDED,
        D(2025, 3, 1),
        "停止执业六个月",
    )
    change = StatusChange.objects.get()
    assert (change.practitioner, change.step, change.document_number, change.recorded_by) == (
        lawyer,
        "suspend",
        "湘司罚〔2025〕1号",
        keeper,
    )
    entry = AuditEntry.objects.filter(register="legal_practitioner").latest("id")
    assert entry.action == AuditAction.UPDATE
    assert entry.note == "停止执业：日期 2025-03-01，事由：停止执业六个月，文号：湘司罚〔2025〕1号"
    assert (entry.before["status"], entry.after["status"]) == ("practising", "suspended")
    assert ("执业状态", "执业", "停止执业") in entry.changed_fields()

    actions.take_step(keeper, lawyer, "resume", D(2025, 9, 1), reason="处罚期满")
    assert LegalPractitioner.objects.get().status == PracticeStatus.PRACTISING
    assert [c.step for c in StatusChange.objects.all()] == ["suspend", "resume"]


def test_an_ended_org_takes_no_further_step(keeper, org_of):
    firm = org_of()
    actions.take_step(keeper, firm, "revoke", D(2025, 3, 1), reason="吊销执业许可证")
    for step in ("suspend", "resume", "cancel", "revoke"):
        with pytest.raises(ActionRefused) as refused:
            actions.take_step(keeper, firm, step, D(2025, 4, 1), reason="再次办理")
        assert "已注销或吊销，不能再办理执业状态变更" in str(refused.value)
    assert StatusChange.objects.count() == 1


def test_a_step_refused_writes_nothing(keeper, leader, org_of):
    firm = org_of()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refusals = [
        (keeper, "cancel", tomorrow, "注销", "日期不能晚于今天"),
        (keeper, "cancel", D(2025, 3, 1), "", "请填写事由"),
        (keeper, "cancel", D(2025, 3, 1), "注\x07销", "第 2 个字符是"),
        (keeper, "resume", D(2025, 3, 1), "恢复", "只有停止执业的才能恢复执业"),
    ]
    for actor, step, day, reason, said in refusals:
        with pytest.raises(ActionRefused) as refused:
            actions.take_step(actor, firm, step, day, reason=reason)
        assert said in str(refused.value)
    with pytest.raises(ActionRefused):  # reads the register, changes nothing
        actions.take_step(leader, firm, "cancel", D(2025, 3, 1), reason="注销")
    assert not StatusChange.objects.exists()
    assert LegalServiceOrg.objects.get().status == PracticeStatus.PRACTISING


def test_an_edit_does_not_touch_the_status(keeper, org_of):
    firm = org_of()
    actions.take_step(keeper, firm, "suspend", D(2025, 3, 1), reason="停业整顿")
    firm.refresh_from_db()
    actions.update_org(keeper, firm, head="新负责人")
    firm.refresh_from_db()
    assert (firm.head, firm.status) == ("新负责人", PracticeStatus.SUSPENDED)


# --- assessments ---------------------------------------------------------------------------


def test_an_assessment_is_matched_to_its_subject_by_number(keeper, org_of, person_of, assess):
    firm = org_of()
    lawyer = person_of(firm)
    assert assess(firm, actor=keeper).org == firm
    of_lawyer = assess(lawyer, actor=keeper, subject_number=lawyer.number + " ")
    assert (of_lawyer.practitioner, of_lawyer.unmatched) == (lawyer, False)


def test_an_assessment_matching_no_one_is_kept_and_flagged(keeper, assess, person_of):
    stranger = person_of(unit="sibling", lawyer_kind="public")  # another county's
    kept = assess(stranger, actor=keeper)
    assert (kept.practitioner, kept.org, kept.unmatched) == (None, None, True)


def test_a_result_of_the_wrong_scale_is_refused(keeper, org_of, assess):
    with pytest.raises(RecordInvalid) as refused:
        assess(org_of(), actor=keeper, result="competent")
    assert problems(refused) == [("考核结果", "考核对象类别为机构的，考核结果只能是合格、不合格")]
    assert not PractitionerAssessment.objects.exists()


def test_one_assessment_per_subject_and_year(keeper, org_of, person_of, assess):
    lawyer = person_of(org_of())
    assess(lawyer, actor=keeper)
    with pytest.raises(RecordInvalid) as refused:
        assess(lawyer, actor=keeper, unit="section")
    assert problems(refused) == [
        ("执业证号或许可证号", f"本局已登记过「{lawyer.number}」2025年度的考核，不能重复登记")
    ]
    assess(lawyer, year=2024, actor=keeper)
    assert PractitionerAssessment.objects.count() == 2
