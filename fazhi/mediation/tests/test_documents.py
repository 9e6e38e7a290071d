"""人民调解's case documents (issue 20): every declared document issued from a real case and read
back from the sealed .docx — in the committee's name, with the case's facts and dates; the
协议书 numbered 调字〔年〕N号 and stating the 司法确认 window the rules compute; documents the
case's facts do not call for refused with nothing written."""

import datetime
import re
from decimal import Decimal

import pytest

from fazhi.core import case_documents, document_actions, sealed_files
from fazhi.core.case_documents import cn_date
from fazhi.core.errors import ActionRefused
from fazhi.core.models import DocumentSeries, IssuedDocument
from fazhi.mediation import rules
from fazhi.mediation.documents import CASE_FILE

D = datetime.date
ISSUED_ON = D(2024, 3, 12)
COMMITTEE = "白果社区人民调解委员会"
BUREAU = "古丈县司法局"
NUMBER = re.compile(r"^调字〔2024〕(\d+)号$")

# What each document needs of the case: the facts that make its `when` true.
ONGOING = {"status": "ongoing", "agreement_form": "", "closed_date": None}
WRITTEN = {}  # the fixture's default: 调解成功, 书面协议, closed 2024-03-10
ORAL = {"agreement_form": "oral"}
FAILED = {"status": "failed", "agreement_form": ""}
FACTS = {
    "application": ONGOING,
    "registration": ONGOING,
    "notice": ONGOING,
    "record": FAILED,
    "agreement": WRITTEN,
    "oral": ORAL,
    "visit": WRITTEN,
    "cover": WRITTEN,
    "index": FAILED,
}


@pytest.fixture
def case_of(mediate):
    """A case of 白果 whose facts call for the document `key`."""

    def make(key, number="白果调〔2024〕1号", **more):
        facts = {
            "source": "applied",
            "parties": 2,
            "amount": Decimal("3000"),
            "mediator": "向调解",
            **FACTS[key],
            **more,
        }
        return mediate(number, **facts)

    return make


def issue(actor, case, key, day=ISSUED_ON):
    issued = document_actions.make(actor, CASE_FILE, case, key, day)
    return issued, case_documents.docx_text(sealed_files.unseal(issued.content))


def test_every_document_is_declared_for_the_register():
    keys = [d.key for d in CASE_FILE.documents]
    assert keys == [
        "application",
        "registration",
        "notice",
        "record",
        "agreement",
        "oral",
        "visit",
        "cover",
        "index",
    ]
    assert case_documents.case_file_of("mediation") is CASE_FILE
    # None is delivered with a 回证: the parties sign in person, and no period runs from a
    # delivery (the 司法确认 window runs from the agreement taking effect).
    assert all(not d.recipient and not d.delivery_step for d in CASE_FILE.documents)
    assert [d.word for d in CASE_FILE.documents if d.word] == ["调字"]


@pytest.mark.parametrize("key", list(FACTS))
def test_each_document_is_issued_in_the_committees_name_with_the_cases_facts(key, case_of, clerk):
    case = case_of(key)
    document = CASE_FILE.document(key)
    issued, text = issue(clerk, case, key)

    lines = text.splitlines()
    assert lines[0] == COMMITTEE  # the 人民调解委员会, never the bureau (第二十九条第二款)
    assert BUREAU not in text
    assert document.title in lines[1]
    assert issued.title == document.title and issued.issued_on == ISSUED_ON
    if key == "agreement":  # its own number, as the format's 协议书 carries it
        assert NUMBER.match(issued.number) and lines[2] == issued.number
    elif key != "application":  # the applicant's own form carries no case number
        assert case.number in text and issued.number == ""
    if document.signed:
        assert cn_date(ISSUED_ON) in lines[-1] and COMMITTEE in lines[-2]
    stored = IssuedDocument.objects.get(pk=issued.pk)
    assert stored.record_id == case.pk and stored.register == "mediation"


def test_the_registration_form_states_the_case_as_registered(case_of, clerk):
    case = case_of("registration")
    _, text = issue(clerk, case, "registration")
    assert "2024年3月1日，本委员会经当事人同意" in text
    for value in ("邻里", "申请调解", "2人", "3000.00元", "向调解"):
        assert value in text, value


def test_the_application_is_the_partys_unsigned_and_unnumbered(case_of):
    case = case_of("application")
    issued, text = issue(None, case, "application")
    assert issued.number == "" and issued.serial == 0
    assert f"{COMMITTEE}已将申请人民调解的有关规定告知本人" in text
    assert "申请人（签名、盖章或者按指印）" in text


def test_the_notice_states_the_parties_rights_and_duties_as_the_law_does(case_of):
    case = case_of("notice")
    issued, text = issue(None, case, "notice")
    assert issued.number == ""
    assert "选择或者接受人民调解员" in text  # 第二十三条（一）
    assert "如实陈述纠纷事实" in text  # 第二十四条（一）
    assert "不收取任何费用" in text  # 第四条


def test_the_agreement_is_numbered_and_states_the_window_the_rules_compute(case_of, clerk):
    case = case_of("agreement")
    issued, text = issue(clerk, case, "agreement")
    assert NUMBER.match(issued.number) and issued.serial == 1
    assert issued.number in text
    last_day = rules.confirmation_deadline(case).date
    assert last_day == D(2024, 4, 9)  # 2024-03-10 + 30 calendar days (第三十三条)
    assert f"自本协议生效之日起三十日内（至{cn_date(last_day)}" in text
    assert "共同向人民法院申请司法确认" in text
    assert "纠纷类型：邻里；涉及金额：3000.00元。" in text
    assert "向调解" in text and cn_date(ISSUED_ON) in text


def test_the_oral_agreement_form_has_no_judicial_confirmation_line(case_of):
    case = case_of("oral")
    issued, text = issue(None, case, "oral")
    assert issued.number == ""
    assert "口头调解协议自各方当事人达成协议之日起生效" in text  # 第三十条
    assert "司法确认" not in text  # the rules give an oral agreement no window
    assert "2024年3月10日" in text and "向调解" in text


def test_the_visit_record_gives_the_agreements_number(case_of):
    case = case_of("visit")
    _, before = issue(None, case, "visit")
    agreement, _ = issue(None, case, "agreement")
    _, after = issue(None, case, "visit")
    assert agreement.number not in before
    assert agreement.number in after and "2024年3月10日" in after
    document_actions.cancel(None, agreement, case, "当事人姓名写错")
    _, cancelled = issue(None, case, "visit")
    assert agreement.number not in cancelled  # a cancelled 协议书's number is not its number


def test_the_record_of_a_failed_mediation_tells_the_parties_their_other_ways(case_of):
    _, text = issue(None, case_of("record"), "record")
    assert "已终止调解" in text and "仲裁、行政、司法等途径" in text  # 第二十六条


def test_the_cover_gives_the_files_dates_and_number(case_of):
    case = case_of("cover")
    _, text = issue(None, case, "cover")
    assert "2024年3月1日至2024年3月10日" in text
    assert "与　　　　邻里纠纷" in text
    assert cn_date(ISSUED_ON) in text  # 立卷日期
    assert "向调解" in text and "调解成功" in text


def test_the_index_lists_the_formats_items(case_of):
    _, text = issue(None, case_of("index"), "index")
    assert "卷号：白果调〔2024〕1号" in text
    assert "1　人民调解申请书或人民调解受理登记表" in text
    assert "13　封底" in text


def test_each_committee_numbers_its_own_agreements_from_1(case_of, mediate):
    first = case_of("agreement", number="白果调〔2024〕1号")
    again = case_of("agreement", number="白果调〔2024〕2号")
    # Another committee of the same county keeps its own series (CaseFile.issuer): the
    # agreement is the committee's, under its seal (第二十九条第二款).
    other = case_of("agreement", number="河西调〔2024〕1号", committee="hexi")
    one, _ = issue(None, first, "agreement")
    two, _ = issue(None, again, "agreement", D(2024, 5, 6))
    three, text = issue(None, other, "agreement", D(2024, 5, 6))
    assert [one.number, two.number, three.number] == [
        "调字〔2024〕1号",
        "调字〔2024〕2号",
        "调字〔2024〕1号",
    ]
    assert one.unit == two.unit != three.unit
    assert text.splitlines()[0] == "河西村人民调解委员会"


@pytest.mark.parametrize(
    "key,facts",
    [
        ("agreement", ONGOING),  # no agreement yet
        ("agreement", ORAL),  # an oral agreement has no 协议书
        ("oral", WRITTEN),
        ("visit", FAILED),  # nothing to perform
        ("cover", ONGOING),  # the file is bound once the case ends
        ("index", ONGOING),
        ("application", {"source": "active", **ONGOING}),  # 主动调解: nobody applied (第十七条)
    ],
)
def test_a_document_the_facts_do_not_call_for_is_refused(key, facts, mediate, clerk):
    case = mediate("白果调〔2024〕9号", **{"source": "applied", **facts})
    with pytest.raises(ActionRefused, match=CASE_FILE.document(key).title):
        document_actions.make(clerk, CASE_FILE, case, key, ISSUED_ON)
    assert not IssuedDocument.objects.exists()
    assert not DocumentSeries.objects.exists()


def test_a_case_of_another_county_is_not_the_clerks_to_issue(case_of, clerk):
    case = case_of("agreement", committee="sibling")
    with pytest.raises(ActionRefused):
        document_actions.make(clerk, CASE_FILE, case, "agreement", ISSUED_ON)
    assert not IssuedDocument.objects.exists()
