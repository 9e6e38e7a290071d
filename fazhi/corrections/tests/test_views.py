"""The corrections pages: who sees names and ID numbers, what is logged, who gets nothing."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core import actions as core_actions
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry, UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason
from fazhi.corrections import actions
from fazhi.corrections.models import CorrectionsSubject

D = datetime.date
FIRST17 = "43312619850505123"
ID = FIRST17 + id_number_check_digit(FIRST17)
MASKED_ID = ID[:4] + "*" * 10 + ID[-4:]
NAME = "彭小军"
ADDRESS = "古丈县古阳镇白果社区5组12号"


@pytest.fixture
def office2(tree):
    return core_actions.save_unit(
        None, code="433126-S02", name="默戎镇司法所", kind=UnitKind.JUDICIAL_OFFICE,
        parent=tree["county"],
    )  # fmt: skip


@pytest.fixture
def subject(tree):
    return actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number="古矫2024001", name=NAME,
        id_number=ID, address=ADDRESS, category="probation", offence="危险驾驶罪",
        judgment_effective_date=D(2024, 3, 1), reported_date=D(2024, 3, 5),
        start_date=D(2024, 3, 1), end_date=D(2025, 2, 28),
    )  # fmt: skip


@pytest.fixture
def users(tree, office2, make_user):
    return {
        "county": make_user("county", tree["county"], Role.CORRECTIONS, Role.RESETTLEMENT),
        "office": make_user("office", tree["office"], Role.CORRECTIONS),
        "office2": make_user("office2", office2, Role.CORRECTIONS),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "prefecture": make_user("prefecture", tree["prefecture"], Role.CORRECTIONS),
        "publicity": make_user("publicity", tree["county"], Role.PUBLICITY),
        "sibling": make_user("sibling", tree["sibling"], Role.CORRECTIONS),
    }


def reads(user):
    return AuditEntry.objects.filter(action=AuditAction.READ_SENSITIVE, actor=user)


def page(client, user, url):
    login_with_reason(client, user)  # a no-op for whoever is not entitled
    return client.get(url)


@pytest.mark.parametrize("who", ["county", "office"])
def test_the_subjects_own_office_and_the_county_see_everything_and_it_is_logged(
    client, subject, users, who
):
    detail = page(client, users[who], f"/corrections/{subject.pk}/").content.decode()
    assert NAME in detail and ID in detail and ADDRESS in detail and "危险驾驶罪" in detail
    assert reads(users[who]).count() == 1
    listing = client.get("/corrections/").content.decode()
    assert NAME in listing and ID in listing
    assert reads(users[who]).count() == 2
    export = client.post(  # a full export is the POSTed reason form (issue 15, point 14)
        reverse("imports:export", args=["corrections_subject", "csv"]),
        {"purpose": "核对统计数据"},
    )
    assert ID in export.content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, actor=users[who], note__contains="含完整个人敏感信息"
    ).exists()


@pytest.mark.parametrize("who", ["leader", "prefecture"])
def test_the_leader_and_the_prefecture_see_masks_and_nothing_is_logged_as_read(
    client, subject, users, who
):
    detail = page(client, users[who], f"/corrections/{subject.pk}/").content.decode()
    assert ID not in detail and NAME not in detail and ADDRESS not in detail
    assert MASKED_ID in detail and "彭**" in detail and "危险驾驶罪" not in detail
    listing = client.get("/corrections/").content.decode()
    assert ID not in listing and NAME not in listing and MASKED_ID in listing
    export = client.get(reverse("imports:export", args=["corrections_subject", "csv"]))
    text = export.content.decode("utf-8-sig")
    assert ID not in text and NAME not in text and MASKED_ID in text
    assert not reads(users[who]).exists()


def test_another_office_gets_404_and_an_export_without_the_subject(client, subject, users):
    assert page(client, users["office2"], f"/corrections/{subject.pk}/").status_code == 404
    assert client.get(f"/corrections/{subject.pk}/edit/").status_code == 404
    assert client.get(f"/corrections/{subject.pk}/person/").status_code == 404
    export = client.get(reverse("imports:export", args=["corrections_subject", "csv"]))
    assert "古矫2024001" not in export.content.decode("utf-8-sig")
    assert "古矫2024001" not in client.get("/corrections/").content.decode()


@pytest.mark.parametrize("who", ["publicity", "sibling"])
def test_other_roles_and_counties_get_nothing(client, subject, users, who):
    assert page(client, users[who], f"/corrections/{subject.pk}/").status_code == 404
    assert "古矫2024001" not in client.get("/corrections/").content.decode()
    export = client.get(reverse("imports:export", args=["corrections_subject", "csv"]))
    assert export.status_code in (403, 404) or ID not in export.content.decode("utf-8-sig")
    assert not reads(users[who]).exists()


def test_the_figures_drill_down_masks_names_even_for_the_officer(client, subject, users):
    url = reverse("indicators:records", args=["corrections.registered"])
    text = page(client, users["county"], f"{url}?year=2024&unit=433126").content.decode()
    assert "古矫2024001" in text and "彭**" in text and NAME not in text


def test_an_id_number_is_found_through_its_blind_index(client, subject, users):
    text = page(client, users["county"], f"/corrections/?q={ID}").content.decode()
    assert "古矫2024001" in text
    text = client.get("/corrections/?q=" + ID[:-1] + "0").content.decode()
    assert "古矫2024001" not in text or ID.endswith("0")


def test_who_sees_masks_cannot_find_a_person_by_name_or_number(client, subject, users):
    client.force_login(users["leader"])
    for text in (NAME, ID, "古矫2024001"):
        found = "古矫2024001" in client.get("/corrections/", {"q": text}).content.decode()
        assert found == (text == "古矫2024001"), text
    login_with_reason(client, users["office"])  # a search by name needs the stated reason
    assert "古矫2024001" in client.get("/corrections/", {"q": NAME}).content.decode()


def test_a_prefecture_officer_cannot_edit_personal_data_he_may_not_see(client, subject, users):
    form = page(client, users["prefecture"], f"/corrections/{subject.pk}/edit/").context["form"]
    assert "id_number" not in form.fields and "name" not in form.fields
    form = page(client, users["office"], f"/corrections/{subject.pk}/edit/").context["form"]
    assert form["id_number"].value() == ID
    assert reads(users["office"]).filter(note__startswith="修改").count() == 1


def test_registering_a_subject_on_the_web(client, tree, users):
    client.force_login(users["office"])
    data = {
        "unit": tree["office"].pk, "number": "古矫2024009", "name": "田某", "id_number": ID,
        "address": ADDRESS, "category": "parole", "judgment_effective_date": "2024-05-06",
        "start_date": "2024-05-06", "end_date": "2025-05-05", "office": tree["office"].pk,
        "status": "supervised",
    }  # fmt: skip
    response = client.post("/corrections/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    saved = CorrectionsSubject.objects.get(number="古矫2024009")
    assert saved.id_number == ID and saved.office_code == "433126-S01"
    assert saved.due_label == "报到期限（逾期即漏管）" and saved.due_date == D(2024, 5, 16)
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, register="corrections_subject", object_id=str(saved.pk)
    )
    assert entry.after["id_number"] == MASKED_ID and ADDRESS not in str(entry.after)
    assert entry.after["name"] == "田*" and entry.after["offence"] == ""
    again = client.post("/corrections/new/", {**data, "number": "古矫2024010"})
    assert "已在矫" in again.content.decode()
    bad = client.post(
        "/corrections/new/",
        {
            **data,
            "number": "古矫2024011",
            "id_number": ID[:-1] + "0" if ID[-1] != "0" else ID[:-1] + "1",
        },
    )  # noqa: E501
    assert "校验位" in bad.content.decode()
    assert CorrectionsSubject.objects.count() == 1


def test_the_board_shows_the_unreported_and_the_absconded(client, tree, users):
    today = datetime.date.today()
    actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number="漏1", name="甲", id_number=ID,
        category="probation", judgment_effective_date=today - datetime.timedelta(days=20),
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=300),
    )  # fmt: skip
    other = "43312619900101222"
    actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number="脱1", name="乙",
        id_number=other + id_number_check_digit(other), category="parole",
        judgment_effective_date=D(2024, 1, 2), reported_date=D(2024, 1, 5),
        start_date=D(2024, 1, 2), end_date=today + datetime.timedelta(days=30),
        status="lost_contact", lost_contact_date=today - datetime.timedelta(days=1),
    )  # fmt: skip
    text = page(client, users["office"], "/").content.decode()
    assert "漏1" in text and "报到期限" in text and "脱1" in text and "脱管：立即查找" in text
    assert "甲" not in text  # the board shows numbers, not names


def test_who_sees_masks_may_not_write_personal_data(client, tree, subject, users, tmp_path):
    from fazhi.core.errors import ActionRefused
    from fazhi.core.tabular import read_table
    from fazhi.corrections.columns import SUBJECT_REGISTER
    from fazhi.imports.exporter import record_row
    from fazhi.imports.importer import ImportRejected, import_rows
    from fazhi.imports.tests.files import write_xlsx

    prefecture = users["prefecture"]
    with pytest.raises(ActionRefused, match="脱敏信息"):
        actions.update_subject(prefecture, subject, name="王五")
    row = record_row(SUBJECT_REGISTER, subject, masked=True)  # what his export gave him
    path = write_xlsx(tmp_path / "masked.xlsx", [row], SUBJECT_REGISTER.headers)
    with pytest.raises(ImportRejected) as refused:
        import_rows(prefecture, SUBJECT_REGISTER, read_table(path, path.name))
    assert "不能填写或修改其中的个人信息" in refused.value.errors[0].message
    subject.refresh_from_db()
    assert subject.name == NAME and subject.id_number == ID
    # He may still correct what he sees: the level of supervision.
    actions.update_subject(prefecture, subject, level="strict")


def test_a_duplicate_elsewhere_is_not_named_to_who_may_not_see_it(tree, subject, users):
    from fazhi.core.errors import RecordInvalid

    sibling = tree["sibling"]
    with pytest.raises(RecordInvalid) as refused:
        actions.register_subject(
            users["sibling"], unit=sibling, office=sibling, number="泸矫1", name="某",
            id_number=ID, category="probation", judgment_effective_date=D(2024, 5, 6),
            start_date=D(2024, 5, 6), end_date=D(2025, 5, 5),
        )  # fmt: skip
    message = str(refused.value)
    assert "已在矫" in message and "已通知" in message
    assert "古矫2024001" not in message and "其他单位" not in message


def test_duplicates_and_search_hold_between_a_new_key_and_the_rotation(
    client, tree, subject, users, settings
):
    from fazhi.core.errors import RecordInvalid

    settings.FAZHI_DATA_KEYS = "k9:" + "99" * 32 + "," + settings.FAZHI_DATA_KEYS
    with pytest.raises(RecordInvalid, match="已在矫"):
        actions.register_subject(
            None, unit=tree["office"], office=tree["office"], number="古矫again", name="某",
            id_number=ID, category="probation", judgment_effective_date=D(2024, 5, 6),
            start_date=D(2024, 5, 6), end_date=D(2025, 5, 5),
        )  # fmt: skip
    login_with_reason(client, users["county"])  # a search by ID number needs the reason
    assert "古矫2024001" in client.get("/corrections/", {"q": ID}).content.decode()


def test_the_audit_entry_names_a_changed_id_number_even_when_the_masks_agree(subject):
    other = next(
        number + ID[-1]
        for day in range(1, 29)
        for number in [f"{ID[:12]}{day:02d}{ID[14:17]}"]
        if id_number_check_digit(number) == ID[-1] and number + ID[-1] != ID
    )
    assert other[-4:] == ID[-4:]  # the two mask alike
    actions.update_subject(None, subject, id_number=other)
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(subject.pk)).last()
    assert "变更字段：身份证号" in entry.note
