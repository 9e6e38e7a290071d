"""Masks until a reason is given: an entitled officer sees personal data in full only after
saying why, once per register and session; the reason is in the audit log and in every entry
of a value shown in full; whoever is not entitled cannot give one."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.corrections import actions

D = datetime.date
FIRST17 = "43312619850505123"
ID = FIRST17 + id_number_check_digit(FIRST17)
MASKED = ID[:4] + "*" * 10 + ID[-4:]
REASON_URL = reverse("personal_data_reason", args=["corrections_subject"])


@pytest.fixture
def subject(tree):
    return actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number="古矫2024001", name="彭小军",
        id_number=ID, address="古丈县古阳镇白果社区5组12号", category="probation",
        offence="危险驾驶罪", judgment_effective_date=D(2024, 3, 1), reported_date=D(2024, 3, 5),
        start_date=D(2024, 3, 1), end_date=D(2025, 2, 28),
    )  # fmt: skip


def test_an_officer_sees_masks_until_he_gives_his_reason(client, subject, tree, make_user):
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    client.force_login(officer)
    detail = f"/corrections/{subject.pk}/"
    page = client.get(detail).content.decode()
    assert MASKED in page and ID not in page and "说明查看事由后显示完整信息" in page
    form = client.get(f"/corrections/{subject.pk}/edit/").context["form"]
    assert "id_number" not in form.fields  # the edit form would show it: left out too
    assert not AuditEntry.objects.filter(action=AuditAction.READ_SENSITIVE).exists()

    refused = client.post(REASON_URL, {"purpose": "其他", "detail": "", "next": detail})
    assert "请写明查看事由" in refused.content.decode()
    response = client.post(
        REASON_URL, {"purpose": "核实身份信息", "detail": "报到核对", "next": detail}
    )
    assert response.status_code == 302 and response.url == detail
    given = AuditEntry.objects.get(action=AuditAction.ACCESS_REASON, actor=officer)
    assert "核实身份信息（报到核对）" in given.note

    page = client.get(detail).content.decode()
    assert ID in page and "说明查看事由后显示完整信息" not in page
    shown = AuditEntry.objects.filter(
        action=AuditAction.READ_SENSITIVE, object_id=str(subject.pk)
    ).get()
    assert shown.note.endswith("事由：核实身份信息（报到核对）")
    listing = client.get("/corrections/").content.decode()
    assert ID in listing  # the reason holds for the register's other pages this session

    client.post(REASON_URL, {"withdraw": "1", "next": detail})
    assert MASKED in client.get(detail).content.decode()


def test_whoever_may_not_see_the_data_cannot_give_a_reason(client, subject, tree, make_user):
    leader = make_user("leader", tree["county"], Role.LEADER)
    client.force_login(leader)
    assert client.post(REASON_URL, {"purpose": "日常监督管理"}).status_code == 403
    page = client.get(f"/corrections/{subject.pk}/").content.decode()
    assert MASKED in page and "说明查看事由" not in page
    assert client.get(reverse("personal_data_reason", args=["mediation"])).status_code == 404


def test_the_way_back_stays_on_this_site(client, subject, tree, make_user):
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    client.force_login(officer)
    response = client.post(
        REASON_URL, {"purpose": "日常监督管理", "next": "https://evil.example/steal"}
    )
    assert response.url == "/corrections/"


def test_an_export_with_personal_data_asks_for_its_reason(client, subject, tree, make_user):
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    client.force_login(officer)
    url = reverse("imports:export", args=["corrections_subject", "csv"])
    asked = client.get(url)
    assert asked.status_code == 200 and "请说明导出事由" in asked.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()

    masked = client.get(url, {"masked": "1"}).content.decode("utf-8-sig")
    assert MASKED in masked and ID not in masked
    full = client.post(url, {"purpose": "其他", "detail": "向法院提供名单"})
    assert ID in full.content.decode("utf-8-sig")
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("pk")
    assert "含完整个人敏感信息（事由：向法院提供名单）" in entry.note


def test_the_reason_link_brings_the_officer_back_to_the_same_filtered_list(
    client, subject, tree, make_user
):
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    client.force_login(officer)
    listing = "/corrections/?q=%E5%BD%AD&status=active"  # ?q=彭&status=active
    link = client.get("/corrections/", {"q": "彭", "status": "active"}).context["unmask_url"]
    response = client.get(link)
    assert response.context["next"] == listing  # the "&status=…" is not cut off
    back = client.post(link, {"purpose": "核实身份信息", "next": response.context["next"]})
    assert back.url == listing


def test_the_reason_form_reads_as_chinese_text(client, tree, make_user):
    """Its labels end in the full-width colon (issue 19, defect 5: 「查看事由:」)."""
    client.force_login(make_user("jiaozheng", tree["county"], Role.CORRECTIONS))
    page = client.get(REASON_URL).content.decode()
    assert "查看事由：" in page and "具体说明：" in page
    assert "查看事由:" not in page and "具体说明:" not in page
