"""The documents of a 社区矫正对象 (issue 20): each is issued from a record in the state that
calls for it and prints the subject, his term and the organ; numbers run per kind and year;
a document the record's state does not call for is refused and nothing is written."""

import datetime
import re

import pytest

from fazhi.core import actions as core_actions
from fazhi.core import case_documents, document_actions, sealed_files
from fazhi.core.choices import DeliveryMethod
from fazhi.core.errors import ActionRefused
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry, DocumentSeries, IssuedDocument, UnitKind
from fazhi.core.roles import Role
from fazhi.corrections import actions
from fazhi.corrections.documents import CASE_FILE

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2025, 3, 3)
FIRST17 = "43312619850505123"
ID = FIRST17 + id_number_check_digit(FIRST17)
NAME = "彭小军"
ADDRESS = "古丈县古阳镇白果社区5组12号"
SUPERVISED = ("admission", "responsibility", "admonition", "warning")
RELEASED = ("release_announcement", "certificate")


@pytest.fixture
def officer(tree, make_user):
    return make_user("jiaozheng", tree["county"], Role.CORRECTIONS, full_name="石建华")


def register(officer, tree, serial=123, **facts):
    first17 = f"43312619850505{serial:03d}"
    base = dict(
        unit=tree["office"], office=tree["office"], number=f"古矫2024{serial:03d}", name=NAME,
        id_number=first17 + id_number_check_digit(first17), address=ADDRESS, gender="male",
        category="probation", offence="危险驾驶罪", judgment_effective_date=D(2024, 3, 1),
        reported_date=D(2024, 3, 5), start_date=D(2024, 3, 1), end_date=D(2025, 2, 28),
    )  # fmt: skip
    return actions.register_subject(officer, **{**base, **facts})


@pytest.fixture
def supervised(officer, tree):
    return register(officer, tree)


@pytest.fixture
def released(officer, tree):
    return register(officer, tree, serial=124, status="released", ended_date=D(2025, 2, 28))


def text_of(issued) -> str:
    return case_documents.docx_text(sealed_files.unseal(issued.content))


@pytest.mark.parametrize("key", SUPERVISED + RELEASED)
def test_every_document_prints_the_subject_his_term_and_the_organ(
    key, supervised, released, officer
):
    record = released if key in RELEASED else supervised
    issued = document_actions.make(officer, CASE_FILE, record, key, DAY)
    text = text_of(issued)
    document = CASE_FILE.document(key)
    assert document.title in text and "古丈县司法局" in text  # the bureau: no agency in the tree
    for printed in (NAME, record.id_number, ADDRESS, "2024年3月1日", "2025年2月28日", "缓刑"):
        assert printed in text, printed
    assert "古阳镇司法所" in text
    if document.word:
        assert re.fullmatch(rf"{document.word}〔2025〕1号", issued.number)
        assert issued.number in text and issued.serial == 1
    else:
        assert issued.number == "" and issued.serial == 0
    if document.recipient:
        assert issued.recipient == NAME and issued.awaiting_delivery
    assert "2025年3月3日" in text or not document.signed


def test_the_decisions_state_the_article_and_leave_the_facts_to_the_officer(supervised):
    for key, decision in (("admonition", "训诫"), ("warning", "警告")):
        text = text_of(document_actions.make(None, CASE_FILE, supervised, key, DAY))
        assert f"决定给予社区矫正对象{NAME}{decision}。" in text
        assert "第二十八条第一款" in text and "（此处写明违反监督管理规定" in text
        assert "1985年5月5日出生" in text and "危险驾驶罪" in text and "宣告缓刑" in text


def test_the_certificate_has_a_stub_kept_on_file_and_a_copy_for_the_subject(released, officer):
    issued = document_actions.make(officer, CASE_FILE, released, "certificate", DAY)
    text = text_of(issued)
    stub, original = text.split("解除社区矫正证明书（存根）\n")[1].split("解除社区矫正证明书\n")
    assert stub.startswith(issued.number) and original.startswith(issued.number)
    assert NAME in stub and released.id_number in stub and "2025年3月3日" in stub  # 发证日期
    assert "承办人" in stub and "领取人签名及联系电话" in stub
    assert "于2025年2月28日解除社区矫正" in original and "特此证明" in original


@pytest.mark.parametrize(
    "category,announced",
    [
        ("probation", "缓刑考验期满，原判刑罚不再执行"),
        ("parole", "考验期满，原判刑罚执行完毕"),
        ("control", "执行期满，解除管制"),
    ],
)
def test_the_release_announcement_says_what_ends_for_the_category(
    officer, tree, category, announced
):
    record = register(
        officer, tree, serial=125, category=category, status="released", ended_date=D(2025, 2, 28)
    )
    text = text_of(document_actions.make(None, CASE_FILE, record, "release_announcement", DAY))
    assert f"现宣告：{NAME}社区矫正期限届满，依法解除社区矫正；{announced}。" in text


def test_a_womans_responsibility_letter_asks_for_a_woman_in_the_group(officer, tree):
    woman = register(officer, tree, serial=126, name="田某英", gender="female")
    text = text_of(document_actions.make(None, CASE_FILE, woman, "responsibility", DAY))
    assert "矫正小组中应有女性成员" in text and "田某英" in text
    man = register(officer, tree, serial=127)
    assert "女性成员" not in text_of(
        document_actions.make(None, CASE_FILE, man, "responsibility", DAY)
    )


def test_the_county_agency_in_the_tree_is_the_organ(tree, supervised):
    core_actions.save_unit(
        None, code="433126-02", name="古丈县司法局社区矫正股", kind=UnitKind.SECTION,
        parent=tree["county"],
    )  # fmt: skip
    text = text_of(document_actions.make(None, CASE_FILE, supervised, "warning", DAY))
    assert text.splitlines()[0] == "古丈县司法局"  # a 股 issues nothing in its own name
    core_actions.save_unit(
        None, code="433126-K01", name="古丈县社区矫正管理局", kind=UnitKind.SECTION,
        parent=tree["county"],
    )  # fmt: skip
    issued = document_actions.make(None, CASE_FILE, supervised, "warning", DAY)
    assert text_of(issued).splitlines()[0] == "古丈县社区矫正管理局"
    assert issued.number == "矫警字〔2025〕2号"  # still the bureau's series


def test_two_documents_of_a_kind_in_a_year_are_numbered_1_and_2(supervised):
    first = document_actions.make(None, CASE_FILE, supervised, "admonition", DAY)
    second = document_actions.make(None, CASE_FILE, supervised, "admonition", DAY)
    warning = document_actions.make(None, CASE_FILE, supervised, "warning", DAY)
    assert (first.serial, second.serial) == (1, 2)
    assert (first.number, second.number) == ("矫训字〔2025〕1号", "矫训字〔2025〕2号")
    assert warning.number == "矫警字〔2025〕1号"  # its own series
    assert first.unit.name == "古丈县司法局"


@pytest.mark.parametrize("key", RELEASED)
def test_release_documents_are_refused_while_under_supervision(supervised, key):
    with pytest.raises(ActionRefused, match="这条记录现在不需要"):
        document_actions.make(None, CASE_FILE, supervised, key, DAY)
    assert not IssuedDocument.objects.exists() and not DocumentSeries.objects.exists()


@pytest.mark.parametrize("key", SUPERVISED)
def test_supervision_documents_are_refused_once_released(released, key):
    with pytest.raises(ActionRefused):
        document_actions.make(None, CASE_FILE, released, key, DAY)
    assert not IssuedDocument.objects.exists()


def test_temporary_release_ends_with_the_prison_not_a_certificate(officer, tree):
    record = register(
        officer, tree, serial=128, category="temporary_release", status="released",
        ended_date=D(2025, 2, 28),
    )  # fmt: skip
    for key in RELEASED:
        with pytest.raises(ActionRefused):
            document_actions.make(None, CASE_FILE, record, key, DAY)
    assert not IssuedDocument.objects.exists()


def test_an_out_of_contact_subject_may_be_warned(officer, tree):
    record = register(officer, tree, serial=129, status="lost_contact", lost_contact_date=DAY)
    assert document_actions.make(None, CASE_FILE, record, "warning", DAY).number
    with pytest.raises(ActionRefused):
        document_actions.make(None, CASE_FILE, record, "admission", DAY)


def test_delivering_the_certificate_records_who_received_it(released, officer):
    issued = document_actions.make(officer, CASE_FILE, released, "certificate", DAY)
    delivered = document_actions.deliver(
        officer, CASE_FILE, issued, released, day=DAY, method=DeliveryMethod.DIRECT, signer=NAME
    )
    delivered.refresh_from_db()
    assert delivered.delivered_on == DAY and delivered.delivered_to == NAME
    assert not delivered.awaiting_delivery


def test_a_blank_offence_is_left_for_the_officer(officer, tree):
    record = register(officer, tree, serial=130, offence="", gender="", address="")
    text = text_of(document_actions.make(None, CASE_FILE, record, "admission", DAY))
    assert "因犯（罪名）" in text and "，，" not in text and "居住地。" not in text


def test_the_subjects_name_is_masked_on_the_page_and_board_until_the_reason(
    client, supervised, officer
):
    """A document of 社区矫正 names its 受送达人, the subject: the record page's 文书 and the
    board's 待送达 show him masked, and give no download, until the officer states why."""
    from fazhi.core.tests.helpers import login_with_reason

    issued = document_actions.make(officer, CASE_FILE, supervised, "admonition", D(2024, 6, 3))
    page = f"/corrections/{supervised.pk}/"
    client.force_login(officer)
    for html in (client.get(page).content.decode(), client.get("/").content.decode()):
        assert NAME not in html and "彭**" in html
    refused = client.get(f"{page}documents/{issued.pk}/", follow=True)
    assert "请先在本页说明查看个人信息的事由" in refused.content.decode()
    login_with_reason(client, officer, "corrections_subject", reason="核对身份")
    assert NAME in client.get(page).content.decode()
    download = client.get(f"{page}documents/{issued.pk}/")
    assert NAME in case_documents.docx_text(download.content)
    draft = client.get(f"{page}documents/draft/warning/")
    assert NAME in case_documents.docx_text(draft.content)
    # Each read of the person's document is audited with the reason given.
    reads = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(supervised.pk))
    assert sorted(e.note for e in reads) == [
        "下载训诫决定书（矫训字〔2024〕1号）；事由：核对身份",
        "预览警告决定书草稿；事由：核对身份",
    ]
