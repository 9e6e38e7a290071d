"""The case documents of 法律援助 and 公证 (issue 20): every declared document issued from a
record in the state that calls for it, read back from its sealed .docx; numbering per kind and
year; a document the facts do not call for refused with nothing written; the issuing organ the
法律援助机构 or 公证机构 of the unit tree; delivery recorded without moving any period."""

import datetime
import re
from decimal import Decimal

import pytest

from fazhi.core import actions as core_actions
from fazhi.core import case_documents, document_actions, sealed_files
from fazhi.core.choices import DeliveryMethod
from fazhi.core.errors import ActionRefused
from fazhi.core.models import IssuedDocument, UnitKind
from fazhi.core.roles import Role
from fazhi.legalaid import actions, notarization_rules, rules
from fazhi.legalaid.documents import LEGAL_AID_FILE, NOTARIZATION_FILE, organ_of_kind

ID = "11010519491231002X"
CENTRE, NOTARY, BUREAU = "古丈县法律援助中心", "古丈县公证处", "古丈县司法局"
APPLIED = datetime.date(2026, 3, 2)  # a Monday: the periods below fall on working days
DECIDED = datetime.date(2026, 3, 3)
APPOINTED = datetime.date(2026, 3, 4)
LAWYER = "湘西古丈律师事务所 李律师"


@pytest.fixture
def centre(tree):
    return core_actions.save_unit(
        None, code="433126-FY", name=CENTRE, kind=UnitKind.LEGAL_AID_CENTER, parent=tree["county"]
    )


@pytest.fixture
def notary(tree):
    return core_actions.save_unit(
        None, code="433126-GZ", name=NOTARY, kind=UnitKind.NOTARY_OFFICE, parent=tree["county"]
    )


@pytest.fixture
def officer(tree, make_user):
    return make_user("yuanzhu", tree["county"], Role.LEGAL_SERVICES, full_name="彭丽")


def new_case(officer, unit, number="古援〔2026〕1号", **facts):
    facts.setdefault("category", "civil")
    facts.setdefault("id_number", ID)
    return actions.register_case(
        officer, unit=unit, number=number, recipient="张某某", application_date=APPLIED, **facts
    )


def granted(officer, unit, **facts):
    case = new_case(officer, unit, **facts)
    return actions.record_step(officer, case, "decide", DECIDED, decision="granted")


def appointed(officer, unit, **facts):
    case = granted(officer, unit, **facts)
    return actions.record_step(officer, case, "appoint", APPOINTED, lawyer=LAWYER)


def issue(actor, case_file, record, key, day):
    """Issue a document and read it back: the IssuedDocument and the .docx's text."""
    issued = document_actions.make(actor, case_file, record, key, day)
    return issued, case_documents.docx_text(sealed_files.unseal(issued.content))


def assert_numbered(issued, word, year=2026):
    assert re.fullmatch(rf"{word}〔{year}〕[1-9]\d*号", issued.number), issued.number


def cn(day):
    return case_documents.cn_date(day)


# --- 法律援助 ----------------------------------------------------------------------------


def test_a_supplement_notice_tells_the_applicant_what_is_missing(centre, officer):
    case = new_case(officer, centre)
    issued, text = issue(officer, LEGAL_AID_FILE, case, "supplement", APPLIED)
    assert_numbered(issued, "援补字")
    for expected in (issued.number, CENTRE, "补充材料通知书", "张某某：", cn(APPLIED), "民事"):
        assert expected in text
    assert "一次性告知" in text and "视为撤回申请" in text
    assert issued.recipient == "张某某" and issued.awaiting_delivery


def test_the_grant_is_issued_with_the_decision_in_its_transaction(centre, officer):
    case = new_case(officer, centre)
    document_actions.take_step_with_documents(
        LEGAL_AID_FILE,
        actions.record_step,
        officer,
        case,
        "decide",
        DECIDED,
        documents=("grant",),
        decision="granted",
    )
    issued = IssuedDocument.objects.get(register="legal_aid", record_id=case.pk)
    text = case_documents.docx_text(sealed_files.unseal(issued.content))
    case.refresh_from_db()
    assert_numbered(issued, "援决字")
    assert issued.kind == "legal_aid.grant" and issued.issued_on == DECIDED
    due = case.appointment_deadline  # 第四十三条第一款: three days from the decision
    assert due == datetime.date(2026, 3, 6)
    for expected in (issued.number, CENTRE, "张某某", ID, cn(APPLIED), cn(due), cn(DECIDED)):
        assert expected in text
    assert "第四十七条" in text and "第五十五条" in text and BUREAU in text


def test_the_refusal_states_the_objection_to_the_bureau(centre, officer):
    case = new_case(officer, centre)
    case = actions.record_step(officer, case, "decide", DECIDED, decision="refused")
    issued, text = issue(officer, LEGAL_AID_FILE, case, "refusal", DECIDED)
    assert_numbered(issued, "援不字")
    for expected in (issued.number, CENTRE, "申请人：张某某", cn(APPLIED), cn(DECIDED)):
        assert expected in text
    # 法律援助法第四十九条: to the bureau that set the centre up, five days, then 复议 or 诉讼.
    assert f"向设立本机构的{BUREAU}提出" in text and "五日内" in text and "行政诉讼" in text


def test_a_refused_case_is_given_no_grant_and_nothing_is_written(centre, officer):
    case = new_case(officer, centre)
    case = actions.record_step(officer, case, "decide", DECIDED, decision="refused")
    for key in ("grant", "appointment", "letter", "termination", "supplement"):
        with pytest.raises(ActionRefused):
            document_actions.make(officer, LEGAL_AID_FILE, case, key, DECIDED)
    assert not IssuedDocument.objects.exists()


def test_the_appointment_and_the_letter_cite_the_grant(centre, officer):
    case = granted(officer, centre)
    grant, _ = issue(officer, LEGAL_AID_FILE, case, "grant", DECIDED)
    case = actions.record_step(officer, case, "appoint", APPOINTED, lawyer=LAWYER)
    issued, text = issue(officer, LEGAL_AID_FILE, case, "appointment", APPOINTED)
    assert_numbered(issued, "援指字")
    for expected in (issued.number, grant.number, CENTRE, f"{LAWYER}：", "张某某", ID):
        assert expected in text
    assert cn(DECIDED) in text and cn(APPOINTED) in text and "第四十三条第一款" in text
    assert "第四十六条" in text and "第五十条" in text
    assert issued.recipient == LAWYER

    letter, text = issue(officer, LEGAL_AID_FILE, case, "letter", APPOINTED)
    assert_numbered(letter, "援函字")
    for expected in (letter.number, grant.number, CENTRE, LAWYER, "张某某", cn(DECIDED)):
        assert expected in text
    assert "（办案机关名称）：" in text and letter.awaiting_delivery


def test_a_notified_defence_is_appointed_on_the_organ_s_notice(centre, officer):
    case = new_case(officer, centre, category="criminal", route="notified_defence")
    case = actions.record_step(officer, case, "appoint", APPOINTED, lawyer=LAWYER)
    issued, text = issue(officer, LEGAL_AID_FILE, case, "appointment", APPOINTED)
    assert f"{cn(APPLIED)}收到办案机关为张某某指派律师的通知（通知辩护）" in text
    assert "第三十六条" in text and issued.number in text
    with pytest.raises(ActionRefused):  # no decision in a notified case
        document_actions.make(officer, LEGAL_AID_FILE, case, "grant", APPOINTED)


def test_a_non_litigation_matter_has_no_letter_to_a_case_handling_organ(centre, officer):
    case = appointed(officer, centre, category="non_litigation")
    with pytest.raises(ActionRefused):
        document_actions.make(officer, LEGAL_AID_FILE, case, "letter", APPOINTED)
    assert not IssuedDocument.objects.filter(kind="legal_aid.letter").exists()


def test_termination_while_aid_runs_and_not_once_closed(centre, officer):
    case = appointed(officer, centre)
    day = datetime.date(2026, 4, 1)
    issued, text = issue(officer, LEGAL_AID_FILE, case, "termination", day)
    assert_numbered(issued, "援终字")
    for expected in (issued.number, CENTRE, "受援人：张某某", LAWYER, cn(DECIDED), cn(day)):
        assert expected in text
    assert "第四十八条" in text and f"向设立本机构的{BUREAU}提出" in text
    case = actions.record_step(officer, case, "close", day, recovered=None)
    with pytest.raises(ActionRefused):
        document_actions.make(officer, LEGAL_AID_FILE, case, "termination", day)
    assert IssuedDocument.objects.filter(kind="legal_aid.termination").count() == 1


def test_two_documents_of_a_kind_in_a_year_are_numbered_one_and_two(centre, officer):
    first = new_case(officer, centre)
    second = new_case(officer, centre, number="古援〔2026〕2号")
    numbers = [
        document_actions.make(officer, LEGAL_AID_FILE, case, "supplement", APPLIED)
        for case in (first, second)
    ]
    assert [n.serial for n in numbers] == [1, 2]
    assert [n.number for n in numbers] == ["援补字〔2026〕1号", "援补字〔2026〕2号"]


def test_delivery_is_recorded_and_moves_no_period(centre, officer):
    """法律援助法 starts no period from a delivery: none of its documents takes a step."""
    assert not any(d.delivery_step for d in LEGAL_AID_FILE.documents + NOTARIZATION_FILE.documents)
    case = new_case(officer, centre)
    before = rules.deadlines(case)[rules.DECISION].date
    issued = document_actions.make(officer, LEGAL_AID_FILE, case, "supplement", APPLIED)
    delivered = document_actions.deliver(
        officer,
        LEGAL_AID_FILE,
        issued,
        case,
        day=DECIDED,
        method=DeliveryMethod.DIRECT,
        signer="张某某",
    )
    case.refresh_from_db()
    assert not delivered.awaiting_delivery and delivered.delivered_on == DECIDED
    assert case.decision_deadline == before == datetime.date(2026, 3, 9)


def test_the_organ_is_the_centre_under_the_bureau_else_the_bureau(tree, centre, officer):
    """A case the bureau entered itself is still issued in its 法律援助中心's name; a county
    whose unit tree has no centre issues in the bureau's."""
    case = granted(officer, tree["county"])
    issued, text = issue(officer, LEGAL_AID_FILE, case, "grant", DECIDED)
    # Numbered in the centre's own series: it decides (法律援助法第四十三条).
    assert text.splitlines()[0] == CENTRE and issued.unit.name == CENTRE
    organ = organ_of_kind(UnitKind.LEGAL_AID_CENTER)
    assert organ(case).name == CENTRE
    elsewhere = type(case)(unit=tree["sibling"])
    assert organ(elsewhere) == tree["sibling"]


# --- 公证 --------------------------------------------------------------------------------


def new_notarization(officer, unit, number="（2026）湘古证字第1号", **facts):
    facts.setdefault("fee_due", Decimal("400"))
    facts.setdefault("fee_paid", Decimal("400"))
    return actions.register_notarization(
        officer, unit=unit, number=number, applicant="向某某", matter="inheritance",
        accepted_date=APPLIED, **facts,
    )  # fmt: skip


def test_the_acceptance_notice_states_the_fifteen_working_days_and_the_fee(notary, officer):
    record = new_notarization(
        officer, notary, fee_due=Decimal("200"), fee_paid=Decimal("0"), waiver_reason="legal_aid"
    )
    issued, text = issue(officer, NOTARIZATION_FILE, record, "acceptance", APPLIED)
    assert_numbered(issued, "公受字")
    due = notarization_rules.issue_deadline(record).date
    assert due == datetime.date(2026, 3, 23)  # 公证法第三十条: fifteen working days
    for expected in (issued.number, NOTARY, "向某某：", "继承", cn(APPLIED), cn(due)):
        assert expected in text
    assert "\n承办人\n" in text  # the officer: core prints User.get_full_name() (see report)
    assert "应收公证费200.00元，因法律援助减免200.00元" in text
    assert issued.recipient == "向某某" and issued.awaiting_delivery


@pytest.mark.parametrize(
    "key,word,title", [("refusal", "公不字", "不予办理公证"), ("termination", "公终字", "终止办理")]
)
def test_a_pending_matter_may_be_refused_or_ended(notary, officer, key, word, title):
    record = new_notarization(officer, notary)
    day = datetime.date(2026, 3, 10)
    issued, text = issue(officer, NOTARIZATION_FILE, record, key, day)
    assert_numbered(issued, word)
    for expected in (issued.number, NOTARY, "向某某：", "继承", cn(APPLIED), cn(day), title):
        assert expected in text


def test_an_issued_certificate_is_neither_refused_nor_ended(notary, officer):
    record = new_notarization(officer, notary)
    record = actions.record_notarization_step(officer, record, "issue", DECIDED)
    for key in ("refusal", "termination"):
        with pytest.raises(ActionRefused):
            document_actions.make(officer, NOTARIZATION_FILE, record, key, DECIDED)
    assert not IssuedDocument.objects.filter(register="notarization").exists()


def test_a_notarization_the_bureau_entered_is_issued_by_its_notary_office(tree, notary, officer):
    record = new_notarization(officer, tree["county"])
    issued, text = issue(officer, NOTARIZATION_FILE, record, "acceptance", APPLIED)
    assert text.splitlines()[0] == NOTARY


def test_the_decision_form_ticks_both_documents_and_issues_the_one_decided(client, centre, officer):
    """Until the officer states his reason for the 受援人's data, the step form offers no
    documents (they print it); then it ticks 给予 and 不予, and the decision says which."""
    from fazhi.core.tests.helpers import login_with_reason

    case = new_case(officer, centre)
    page = f"/legal_aid/{case.pk}/"
    client.force_login(officer)
    assert "同时出具" not in client.get(page).content.decode()
    login_with_reason(client, officer, "legal_aid")
    html = client.get(page).content.decode()
    assert "同时出具给予法律援助决定书" in html and "同时出具不予法律援助决定书" in html
    client.post(
        f"{page}step/",
        {
            "step": "decide",
            "day": DECIDED.isoformat(),
            "decision": "refused",
            "documents": ["grant", "refusal"],
        },
    )
    issued = IssuedDocument.objects.get(register="legal_aid", record_id=case.pk)
    assert issued.kind == "legal_aid.refusal"
