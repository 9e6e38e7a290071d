"""行政复议's case documents (issue 20): each one issued from a case in the state that calls for
it, read back from the sealed .docx; numbering, refusal, the organ's name from the unit tree, and
the deliveries that start a period."""

import re
from datetime import date

import pytest

from fazhi.core import case_documents, document_actions, sealed_files
from fazhi.core.case_documents import cn_date
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditEntry, DocumentSeries, IssuedDocument
from fazhi.core.roles import Role
from fazhi.core.workdays import add_working_days
from fazhi.reconsideration import actions, rules
from fazhi.reconsideration.documents import CASE_FILE, RULINGS, TERMINATIONS, organ_name
from fazhi.reconsideration.models import Outcome, Procedure, ReconsiderationCase

pytestmark = pytest.mark.django_db

RECEIVED, ACCEPTED = date(2024, 3, 4), date(2024, 3, 8)
ORGAN = "古丈县人民政府"
NUMBER = "古政复〔2024〕5号"


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")


def new_case(officer, unit, respondent="古丈县市场监督管理局", **facts) -> ReconsiderationCase:
    facts.setdefault("number", NUMBER)
    facts.setdefault("act_type", "penalty")
    return actions.register_case(
        officer,
        unit=unit,
        applicant="张某",
        respondent=respondent,
        received_date=RECEIVED,
        **facts,
    )


def accepted_case(officer, unit, **facts) -> ReconsiderationCase:
    case = new_case(officer, unit, **facts)
    return actions.record_step(officer, case, "accept", ACCEPTED)


def issue(officer, case, key, day):
    """The document issued and its text, read back from the sealed .docx."""
    case.refresh_from_db()
    issued = document_actions.make(officer, CASE_FILE, case, key, day)
    return issued, case_documents.docx_text(sealed_files.unseal(issued.content))


def assert_head(issued, text, word, *, organ=ORGAN):
    """The organ's name, the title and the number in the default pattern of the 文种代字."""
    assert re.fullmatch(rf"{word}〔{issued.year}〕\d+号", issued.number)
    assert issued.number in text and organ in text and issued.title in text
    assert "张某" in text


# --- every document, from the state that calls for it -----------------------------------------


def test_the_correction_notice_is_issued_with_its_step_and_its_delivery_starts_the_period(
    tree, officer
):
    case = new_case(officer, tree["county"])
    day = date(2024, 3, 6)
    document_actions.take_step_with_documents(
        CASE_FILE, actions.record_step, officer, case, "notify_correction", day, ["correction"]
    )
    issued = IssuedDocument.objects.get(kind="reconsideration.correction")
    text = case_documents.docx_text(sealed_files.unseal(issued.content))
    assert_head(issued, text, "复补字")
    assert cn_date(RECEIVED) in text and cn_date(day) in text
    assert "自收到本通知之日起十日内" in text and "提交至古丈县司法局" in text
    assert issued.recipient == "张某" and issued.awaiting_delivery

    case.refresh_from_db()
    before = rules.correction_deadline(case)
    assert before.date is None and before.awaiting == rules.AWAITING_DELIVERY
    received = date(2024, 3, 8)
    document_actions.deliver(
        officer, CASE_FILE, issued, case, day=received, method="post", signer="张某"
    )
    case.refresh_from_db()
    issued.refresh_from_db()
    assert case.correction_delivered_date == received and case.correction_recipient == "张某"
    assert rules.correction_deadline(case).date == add_working_days(received, 10)
    assert case.correction_deadline == add_working_days(received, 10)
    assert not issued.awaiting_delivery


@pytest.mark.parametrize(
    "procedure,days,article",
    [(Procedure.ORDINARY, 10, "第四十八条"), (Procedure.SIMPLIFIED, 5, "第五十四条")],
)
def test_the_reply_notice_goes_to_the_respondent_and_its_delivery_starts_the_reply_period(
    tree, officer, procedure, days, article
):
    case = accepted_case(officer, tree["county"], procedure=procedure)
    sent = date(2024, 3, 11)
    actions.record_step(officer, case, "reply_notice", sent)
    issued, text = issue(officer, case, "reply_notice", sent)
    assert_head(issued, text, "复答字")
    assert "古丈县市场监督管理局：" in text and cn_date(ACCEPTED) in text
    assert article in text and f"自收到本通知之日起{'十日' if days == 10 else '五日'}内" in text
    assert issued.recipient == "古丈县市场监督管理局" and issued.awaiting_delivery

    case.refresh_from_db()
    assert rules.reply_deadline(case).awaiting == rules.AWAITING_DELIVERY
    received = date(2024, 3, 13)
    document_actions.deliver(
        officer, CASE_FILE, issued, case, day=received, method="direct", signer="王某"
    )
    case.refresh_from_db()
    issued.refresh_from_db()
    assert case.copy_delivered_date == received and case.copy_recipient == "王某"
    assert rules.reply_deadline(case).date == add_working_days(received, days)
    assert case.reply_deadline == add_working_days(received, days)
    assert not issued.awaiting_delivery and issued.delivered_to == "王某"


def test_the_acceptance_notice_states_the_dates_and_the_procedure(tree, officer):
    case = accepted_case(officer, tree["county"])
    issued, text = issue(officer, case, "acceptance", ACCEPTED)
    assert_head(issued, text, "复受字")
    assert "张某：" in text and "古丈县市场监督管理局" in text
    assert cn_date(RECEIVED) in text and cn_date(ACCEPTED) in text and "普通程序" in text
    assert "本案由行政复议人员" in text
    assert issued.recipient == "张某"


def test_a_refusal_is_issued_with_the_not_accept_step(tree, officer):
    case = new_case(officer, tree["county"])
    day = date(2024, 3, 7)
    document_actions.take_step_with_documents(
        CASE_FILE, actions.record_step, officer, case, "not_accept", day, ["refusal"]
    )
    issued = IssuedDocument.objects.get(kind="reconsideration.refusal")
    text = case_documents.docx_text(sealed_files.unseal(issued.content))
    assert_head(issued, text, "复不受字")
    assert "古丈县市场监督管理局" in text and cn_date(RECEIVED) in text and cn_date(day) in text
    assert "第三十条第二款" in text and "本机关决定不予受理" in text
    assert "自收到本决定书之日起十五日内" in text


@pytest.mark.parametrize(
    "key,word,needles",
    [
        ("third_party", "复参字", ("作为第三人参加行政复议", "不影响行政复议案件的审理")),
        ("hearing", "复听字", ("第五十一条", "听证时间：____年__月__日", "视为放弃听证权利")),
        ("opinion", "复意字", (NUMBER, "第七十六条", "六十日内")),
    ],
)
def test_the_notices_of_an_accepted_case(tree, officer, key, word, needles):
    case = accepted_case(officer, tree["county"])
    day = date(2024, 3, 20)
    issued, text = issue(officer, case, key, day)
    assert_head(issued, text, word)
    assert "古丈县市场监督管理局" in text and cn_date(day) in text
    # The notices to the parties recall the acceptance; the 意见书 to the respondent the case.
    assert (cn_date(ACCEPTED) in text) == (key != "opinion")
    for needle in needles:
        assert needle in text
    recipients = {
        "third_party": "第三人",
        "hearing": "张某、古丈县市场监督管理局",
        "opinion": "古丈县市场监督管理局",
    }
    assert issued.recipient == recipients[key] and issued.awaiting_delivery


def test_the_suspension_notice_names_the_ground_and_warns_of_the_sixty_days(tree, officer):
    case = accepted_case(officer, tree["county"])
    day = date(2024, 4, 1)
    actions.record_step(officer, case, "suspend", day, suspension_ground="1")
    issued, text = issue(officer, case, "suspension", day)
    assert_head(issued, text, "复中字")
    assert "第三十九条第一款第一项" in text and "作为申请人的公民死亡" in text
    assert f"本案自{cn_date(day)}起中止审理" in text
    limit = rules.suspension_limit(case).date
    assert f"中止满六十日（即{cn_date(limit)}）" in text


def test_a_suspension_on_another_ground_has_no_sixty_day_warning(tree, officer):
    case = accepted_case(officer, tree["county"])
    actions.record_step(officer, case, "suspend", date(2024, 4, 1), suspension_ground="8")
    issued, text = issue(officer, case, "suspension", date(2024, 4, 1))
    assert "第三十九条第一款第八项" in text and "其他案件尚未审结" in text
    assert "第四十一条第五项" not in text


def test_the_resumption_notice_gives_the_new_last_day(tree, officer):
    case = accepted_case(officer, tree["county"])
    actions.record_step(officer, case, "suspend", date(2024, 4, 1), suspension_ground="5")
    day = date(2024, 4, 11)
    actions.record_step(officer, case, "resume", day)
    issued, text = issue(officer, case, "resumption", day)
    assert_head(issued, text, "复恢字")
    case.refresh_from_db()
    assert case.suspended_days == 10
    assert "第三十九条第一款第五项" in text and "本机关决定恢复审理" in text
    assert f"审理期限至{cn_date(rules.decision_deadline(case).date)}届满" in text


def test_the_extension_notice_gives_the_old_and_the_new_last_day(tree, officer):
    case = accepted_case(officer, tree["county"])
    old = rules.decision_deadline(case).date
    day = date(2024, 4, 20)
    actions.record_step(officer, case, "extend", day)
    issued, text = issue(officer, case, "extension", day)
    assert_head(issued, text, "复延字")
    case.refresh_from_db()
    new = rules.decision_deadline(case).date
    assert new > old
    assert f"原于{cn_date(old)}届满" in text and f"至{cn_date(new)}届满" in text
    assert "第六十二条第一款" in text


def decided_case(officer, unit, outcome, *, closed=date(2024, 4, 30)):
    """Accepted, the copy sent and delivered, the reply received, then closed. A 行政协议
    decision (第七十一条) is made on a case about an agreement."""
    agreement = outcome in (Outcome.AGREEMENT_LIABILITY, Outcome.AGREEMENT_COMPENSATION)
    case = accepted_case(officer, unit, **({"act_type": "agreement"} if agreement else {}))
    actions.record_step(officer, case, "reply_notice", date(2024, 3, 11))
    inputs = {"delivery_method": "direct", "recipient": "古丈县市场监督管理局"}
    actions.record_step(officer, case, "copy_delivered", date(2024, 3, 12), **inputs)
    actions.record_step(officer, case, "reply_received", date(2024, 3, 20))
    return actions.record_step(officer, case, "close", closed, outcome=outcome)


@pytest.mark.parametrize("outcome", list(RULINGS))
def test_the_decisions_ruling_follows_the_outcome(tree, officer, outcome):
    case = decided_case(officer, tree["county"], outcome)
    issued, text = issue(officer, case, "decision", date(2024, 4, 30))
    assert_head(issued, text, "复决字")
    article, ruling = RULINGS[outcome]
    assert f"《中华人民共和国行政复议法》{article}的规定，本机关决定：" in text
    assert ruling in text
    assert "申请人：张某。" in text and "被申请人：古丈县市场监督管理局。" in text
    for day in (RECEIVED, ACCEPTED, date(2024, 3, 20), date(2024, 4, 30)):
        assert cn_date(day) in text
    assert "适用普通程序审理" in text and "提出书面答复" in text
    assert "自收到本决定书之日起十五日内" in text and "一经送达，即发生法律效力" in text
    assert "延长至" not in text and "中止审理" not in text
    assert issued.recipient == "张某、古丈县市场监督管理局"


def test_the_decision_recounts_an_extension_and_a_suspension(tree, officer):
    case = accepted_case(officer, tree["county"])
    actions.record_step(officer, case, "extend", date(2024, 4, 1))
    actions.record_step(officer, case, "suspend", date(2024, 4, 2), suspension_ground="5")
    actions.record_step(officer, case, "resume", date(2024, 4, 9))
    actions.record_step(officer, case, "close", date(2024, 5, 6), outcome=Outcome.UPHELD)
    issued, text = issue(officer, case, "decision", date(2024, 5, 6))
    case.refresh_from_db()
    assert f"审理期限延长至{cn_date(rules.decision_deadline(case).date)}" in text
    assert "本案中止审理7日" in text and "提出书面答复" not in text


def terminated_case(officer, unit, outcome, day):
    """Closed on the ground `outcome`, in the state its article asks for: 中止满六十日 after a
    suspension under 第三十九条第一款第一项 sixty days long; 其他终止 as a record made before the
    grounds were told apart (kept by the migration, flagged for an officer)."""
    case = accepted_case(officer, unit)
    if outcome == Outcome.TERMINATED_SUSPENSION:
        actions.record_step(officer, case, "suspend", date(2024, 3, 11), suspension_ground="1")
        day = date(2024, 5, 10)  # 2024-03-11 + 60 days
    if outcome == Outcome.OTHER_TERMINATED:
        actions.record_step(officer, case, "close", day, outcome=Outcome.WITHDRAWN)
        ReconsiderationCase.objects.filter(pk=case.pk).update(
            outcome=Outcome.OTHER_TERMINATED, outcome_unresolved=True
        )
    else:
        actions.record_step(officer, case, "close", day, outcome=outcome)
    return case, day


@pytest.mark.parametrize("outcome", list(TERMINATIONS))
def test_the_termination_states_its_ground(tree, officer, outcome):
    case, day = terminated_case(officer, tree["county"], outcome, date(2024, 4, 15))
    issued, text = issue(officer, case, "termination", day)
    assert_head(issued, text, "复终字")
    basis, ground = TERMINATIONS[outcome]
    assert f"{basis}的规定，本机关决定终止行政复议" in text and ground in text
    assert cn_date(RECEIVED) in text and cn_date(ACCEPTED) in text
    assert ("不得再以同一事实和理由" in text) == (outcome == Outcome.SETTLED)


def test_the_mediation_agreement_is_signed_by_the_parties_not_delivered(tree, officer):
    case = accepted_case(officer, tree["county"])
    day = date(2024, 4, 15)
    actions.record_step(officer, case, "close", day, outcome=Outcome.MEDIATED)
    issued, text = issue(officer, case, "mediation", day)
    assert_head(issued, text, "复调字")
    assert "申请人（签字或者签章）" in text and "被申请人（签字或者签章）" in text
    assert "即具有法律效力" in text and cn_date(day) in text
    assert issued.recipient == "" and not issued.awaiting_delivery


def test_the_delivery_receipt_is_an_unnumbered_unsigned_form(tree, officer):
    case = new_case(officer, tree["county"])
    issued, text = issue(officer, case, "delivery_receipt", date(2024, 3, 5))
    assert issued.number == "" and issued.serial == 0 and issued.recipient == ""
    assert ORGAN in text and "送达回证" in text and NUMBER in text
    assert "张某不服古丈县市场监督管理局行政处罚行政复议案" in text
    for label in ("送达文书名称及文号", "受送达人", "送达地点", "送达方式", "签收日期", "送达人"):
        assert label in text
    assert cn_date(date(2024, 3, 5)) not in text  # no 成文日期: the recipient signs and dates it


def test_the_officer_in_charge_is_named(tree, officer):
    case = accepted_case(officer, tree["county"])
    _, text = issue(officer, case, "acceptance", ACCEPTED)
    assert "本案由行政复议人员向红梅负责办理" in text


# --- numbering, refusal, the organ ------------------------------------------------------------


def test_two_documents_of_a_kind_in_a_year_are_numbered_one_and_two(tree, officer):
    case = accepted_case(officer, tree["county"])
    first, _ = issue(officer, case, "acceptance", ACCEPTED)
    second, text = issue(officer, case, "acceptance", date(2024, 3, 9))
    assert (first.serial, second.serial) == (1, 2)
    assert (first.number, second.number) == ("复受字〔2024〕1号", "复受字〔2024〕2号")
    assert second.number in text and first.number not in text


@pytest.mark.parametrize("key", ["refusal", "decision", "reply_notice", "suspension"])
def test_a_document_the_case_does_not_call_for_is_refused_and_nothing_is_written(
    tree, officer, key
):
    case = accepted_case(officer, tree["county"])
    entries = AuditEntry.objects.count()
    with pytest.raises(ActionRefused, match=CASE_FILE.document(key).title):
        document_actions.make(officer, CASE_FILE, case, key, date(2024, 3, 20))
    assert not IssuedDocument.objects.exists() and not DocumentSeries.objects.exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    "unit,organ",
    [
        ("county", "古丈县人民政府"),
        ("section", "古丈县人民政府"),
        ("sibling", "泸溪县人民政府"),
        ("prefecture", "湘西州人民政府"),
        ("province", "湖南省人民政府"),
    ],
)
def test_the_organ_is_the_government_of_the_records_bureau(tree, unit, organ):
    assert organ_name(ReconsiderationCase(unit=tree[unit])) == organ


def test_another_countys_case_is_issued_in_its_own_governments_name(tree, make_user):
    officer = make_user("luxi", tree["sibling"], Role.RECONSIDERATION, full_name="田某")
    case = accepted_case(
        officer, tree["sibling"], respondent="泸溪县市场监督管理局", number="泸政复〔2024〕1号"
    )
    issued, text = issue(officer, case, "acceptance", ACCEPTED)
    assert_head(issued, text, "复受字", organ="泸溪县人民政府")
    assert "古丈" not in text and "泸溪县司法局" in text
    assert issued.unit == tree["sibling"] and issued.serial == 1


def test_every_document_is_declared_consistently():
    """Steps and delivery steps are the rules' own; a document delivered names its recipient;
    the default template passes the check an uploaded one is given."""
    for document in CASE_FILE.documents:
        assert not document.step or document.step in rules.STEPS
        assert not document.delivery_step or document.delivery_step in rules.STEPS
        assert not document.delivery_step or document.recipient
        assert not document.recipient or document.recipient in CASE_FILE.names_of(document)
        assert document.basis.startswith("行政复议法")
        template = case_documents.default_template(document)
        case_documents.check_template(CASE_FILE, document, template)
