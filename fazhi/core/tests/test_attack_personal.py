"""Attacks on personal data through the web (issue 15, points 4, 14 and 15).

4. A search on a personal field (a name, an ID number through its blind index) is an
   oracle: an officer who sees masks types 李某林 and the hits tell him who the masks are.
   It must need the same stated reason as showing the field, and be audit-logged without
   the key.
14. A link `export.xlsx?purpose=…` must not make an officer download a full export under
   a reason the attacker chose: the full file is a POST of the reason form, with CSRF.
15. 受援人 (legal aid) and 公证申请人 are personal data, masked until a reason is stated.

Each test performs the attack on every register that keeps personal data.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.api import records
from fazhi.api.tests.conftest import sample_payload
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.masks import mask_name
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason
from fazhi.mediation.models import MediationCase

pytestmark = pytest.mark.django_db

NAMES = ("李某林", "王某林")  # two people a search for 某林 would find
SUBSTRING = "某林"


def id_number(n: int) -> str:
    first17 = f"43312619800101{n:03}"
    return first17 + id_number_check_digit(first17)


@dataclass(frozen=True)
class Personal:
    """A register keeping personal data: its list page, its name field, whether its search
    also finds an ID number (through the blind index)."""

    register: str
    url: str
    name_field: str
    id_search: bool

    @property
    def label(self) -> str:
        model = REGISTERS[self.register].model
        return str(model._meta.get_field(self.name_field).verbose_name)


PERSONAL = [
    Personal("corrections_subject", "/corrections/", "name", True),
    Personal("resettlement_subject", "/resettlement/", "name", True),
    Personal("legal_aid", "/legal_aid/", "recipient", False),
    Personal("notarization", "/notarization/", "applicant", False),
]
IDS = {p.register: p for p in PERSONAL}


def create(personal: Personal, n: int, name: str):
    """A record saved by the operator through the one write path."""
    register = REGISTERS[personal.register]
    changes = {"number": f"编{n:03}号", personal.name_field: name}
    if "id_number" in {c.field for c in register.columns}:
        changes["id_number"] = id_number(n)
    return records.create(None, register, sample_payload(personal.register, **changes))


@pytest.fixture
def people(tree):
    """Two people named …某林 and one other, in each register with personal data."""
    return {
        p.register: [create(p, n, name) for n, name in enumerate((*NAMES, "张三"), start=1)]
        for p in PERSONAL
    }


@pytest.fixture
def officer(tree, make_user):
    """Entitled to all four registers' personal data (a county officer), no reason given."""
    return make_user(
        "quanneng", tree["county"], Role.CORRECTIONS, Role.RESETTLEMENT, Role.LEGAL_SERVICES
    )


@pytest.fixture
def leader(tree, make_user):
    """Reads every register and sees only masks: he may not even give a reason."""
    return make_user("juzhang", tree["county"], Role.LEADER)


def found(client, personal: Personal, text: str) -> list[str]:
    response = client.get(personal.url, {"q": text})
    assert response.status_code == 200
    return sorted(record.number for record in response.context["page"])


def searches(user):
    return AuditEntry.objects.filter(
        actor=user, action=AuditAction.READ_SENSITIVE, note__startswith="按个人信息检索"
    )


# --- point 4: the search is no oracle ---------------------------------------------------------


@pytest.mark.parametrize("personal", PERSONAL, ids=lambda p: p.register)
@pytest.mark.parametrize("who", ["officer", "leader"])
def test_without_a_reason_a_name_or_id_number_finds_nothing(client, people, personal, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    keys = [SUBSTRING, NAMES[0]]
    if personal.id_search:
        keys.append(people[personal.register][0].id_number)
    for text in keys:
        response = client.get(personal.url, {"q": text})
        page = response.content.decode()
        # No hit, so no count either: the page is the page of a search for nothing.
        assert list(response.context["page"]) == [], text
        assert "没有符合条件的记录" in page and "编001号" not in page
        # And it says why a name finds nothing, in Chinese.
        assert f"不按{personal.label}" in page
    # What is not personal is still searched.
    assert found(client, personal, "编002") == ["编002号"]
    assert not searches(user).exists()
    assert not AuditEntry.objects.filter(actor=user, action=AuditAction.READ_SENSITIVE).exists()


@pytest.mark.parametrize("personal", PERSONAL, ids=lambda p: p.register)
def test_with_a_reason_the_search_finds_and_is_logged_without_its_key(
    client, people, personal, officer
):
    login_with_reason(client, officer, personal.register, reason="核实身份信息")
    assert found(client, personal, SUBSTRING) == ["编001号", "编002号"]
    entry = searches(officer).get()
    assert entry.register == personal.register and entry.actor_username == officer.username
    assert f"检索项：{personal.label}" in entry.note and "事由：核实身份信息" in entry.note
    keys = [SUBSTRING]
    if personal.id_search:
        key = people[personal.register][1].id_number
        assert found(client, personal, key) == ["编002号"]
        last = searches(officer).latest("pk")
        assert "身份证号" in last.note
        keys.append(key)
    # The key is nowhere in the log, in clear.
    for entry in AuditEntry.objects.all():
        logged = f"{entry.note}{entry.object_repr}{entry.before}{entry.after}"
        for key in keys:
            assert key not in logged and key[:17] not in logged
    # A search by 编号 only is not a search on personal data and is not logged as one
    # when the reader sees no personal field.
    assert found(client, personal, "编003") == ["编003号"]


def test_the_search_box_names_only_what_it_searches(client, people, officer):
    client.force_login(officer)
    page = client.get("/corrections/").content.decode()
    assert 'placeholder="矫正编号"' in page
    page = client.get("/legal_aid/").content.decode()
    assert 'placeholder="案件编号、承办律师"' in page
    login_with_reason(client, officer)
    page = client.get("/corrections/").content.decode()
    assert 'placeholder="矫正编号、姓名、身份证号"' in page
    page = client.get("/legal_aid/").content.decode()
    assert 'placeholder="案件编号、受援人、承办律师"' in page


@pytest.mark.parametrize(
    "register, most",
    # session, user, roles, the search's audit entry, count, page, the page's audit entry and
    # the ids it names, may register, the unit filter; 社区矫正 and 安置帮教 also read their
    # duplicate notices
    [("corrections_subject", 11), ("resettlement_subject", 11), ("legal_aid", 10)]
    + [("notarization", 10)],
)
def test_a_searched_list_pins_its_queries(
    client, people, officer, register, most, django_assert_max_num_queries
):
    login_with_reason(client, officer, register)
    with django_assert_max_num_queries(most):
        assert found(client, IDS[register], SUBSTRING) == ["编001号", "编002号"]


# --- point 14: a link never exports personal data in full ------------------------------------


def export_url(register: str, fmt: str = "csv") -> str:
    return reverse("imports:export", args=[register, fmt])


def exports(user):
    return AuditEntry.objects.filter(actor=user, action=AuditAction.EXPORT)


@pytest.mark.parametrize("personal", PERSONAL, ids=lambda p: p.register)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_link_with_a_purpose_gives_the_form_not_the_file(people, personal, officer, fmt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    attack = {"purpose": "其他", "detail": "领导要求", "year": ""}
    response = client.get(export_url(personal.register, fmt), attack)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "请说明导出事由" in page and NAMES[0] not in page and "编001号" not in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    # The form is not filled in with the attacker's reason either.
    assert "领导要求" not in page
    assert not exports(officer).exists()


@pytest.mark.parametrize("personal", PERSONAL, ids=lambda p: p.register)
def test_a_forged_post_without_its_token_is_refused(people, personal, officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(export_url(personal.register), {"purpose": "日常监督管理"})
    assert response.status_code == 403
    assert not exports(officer).exists()


@pytest.mark.parametrize("personal", PERSONAL, ids=lambda p: p.register)
def test_the_officers_own_form_exports_in_full_and_logs_his_reason(people, personal, officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    url = export_url(personal.register)
    form = client.get(url, {"year": "2024"}).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    action = re.search(r'<form method="post" action="(\?[^"]*)"', form).group(1)
    response = client.post(
        f"{url}{action}", {"purpose": "核对统计数据", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert NAMES[0] in text and NAMES[1] in text
    entry = exports(officer).get()
    assert "含完整个人敏感信息（事由：核对统计数据）" in entry.note and "2024" in entry.note
    # The masked version stays a plain link.
    masked = client.get(url, {"masked": "1"}).content.decode("utf-8-sig")
    assert NAMES[0] not in masked and mask_name(NAMES[0]) in masked


# --- point 15: the names of legal aid and notarization are personal data ---------------------


def test_the_names_are_declared_personal_data_with_the_name_mask():
    assert REGISTERS["legal_aid"].sensitive["recipient"] == "name"
    assert REGISTERS["notarization"].sensitive["applicant"] == "name"
    # 人民调解 keeps no party's name, only 当事人数: were one added, it must be declared.
    party_fields = [
        f.name
        for f in MediationCase._meta.fields
        if "当事人" in str(f.verbose_name) and f.name != "parties"
    ]
    assert party_fields == [] or set(party_fields) <= set(REGISTERS["mediation"].sensitive)


@pytest.mark.parametrize("personal", PERSONAL[2:], ids=lambda p: p.register)
def test_names_are_masked_until_a_reason_and_each_full_display_is_logged(
    client, people, personal, officer, leader
):
    record = people[personal.register][0]
    detail = f"{personal.url}{record.pk}/"
    for user in (leader, officer):
        client.force_login(user)
        for url in (personal.url, detail):
            page = client.get(url).content.decode()
            assert NAMES[0] not in page and mask_name(NAMES[0]) in page, (user, url)
    text = client.get(export_url(personal.register), {"masked": "1"}).content.decode("utf-8-sig")
    assert NAMES[0] not in text
    assert not AuditEntry.objects.filter(action=AuditAction.READ_SENSITIVE).exists()
    # The leader may not even state a reason.
    client.force_login(leader)
    assert (
        client.post(
            reverse("personal_data_reason", args=[personal.register]), {"purpose": "日常监督管理"}
        ).status_code
        == 403
    )

    login_with_reason(client, officer, personal.register)
    assert NAMES[0] in client.get(detail).content.decode()
    shown = AuditEntry.objects.get(action=AuditAction.READ_SENSITIVE, object_id=str(record.pk))
    assert personal.label in shown.note and shown.register == personal.register
    # The audit log itself keeps the name masked, as it does a corrections subject's.
    created = AuditEntry.objects.get(
        action=AuditAction.CREATE, register=personal.register, object_id=str(record.pk)
    )
    assert created.after[personal.name_field] == mask_name(NAMES[0])


@pytest.mark.parametrize("personal", PERSONAL[2:], ids=lambda p: p.register)
def test_the_names_are_written_only_by_those_who_may_see_them(
    client, people, personal, officer, leader, tree, make_user
):
    record = people[personal.register][0]
    edit = f"{personal.url}{record.pk}/edit/"
    # Without a reason the edit form leaves the name out, and so leaves it unchanged.
    client.force_login(officer)
    assert personal.name_field not in client.get(edit).context["form"].fields
    # A 填报员 (司法所 or committee) does not enter these cases at all, so never writes a
    # name he would see only masked; the leader changes nothing.
    clerk = make_user("tianbao", tree["office"], Role.CLERK)
    for user in (clerk, leader):
        client.force_login(user)
        assert client.get(f"{personal.url}new/").status_code == 403
        assert client.get(edit).status_code == 404
    model = REGISTERS[personal.register].model
    assert getattr(model.objects.get(pk=record.pk), personal.name_field) == NAMES[0]


def test_a_reason_with_a_control_character_is_refused_and_not_logged(client, officer):
    client.force_login(officer)
    url = reverse("personal_data_reason", args=["legal_aid"])
    for bad in ("报到\x01核对", "核对\ue001"):
        response = client.post(url, {"purpose": "核实身份信息", "detail": bad})
        assert response.status_code == 200 and "请删除后重新输入" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.ACCESS_REASON).exists()
    assert (
        "personal_data_reasons" not in client.session or not client.session["personal_data_reasons"]
    )
