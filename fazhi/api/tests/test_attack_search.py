"""Attack (issue 15, point 4): the API's `?q=` as an oracle on masked personal data.

An officer entitled to a register's personal data who states no reason sees masks, yet a
search by name answered "two hits, 李** and 王**", and a full ID number answered its
subject: walking the middle digits of an ID number through the API found who is under
corrections, and nothing was logged. A search on a personal field now needs the reason that
showing it needs (`reason=`), and is audit-logged without the key.
"""

import pytest

from fazhi.api import records
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.registers import REGISTERS

from .conftest import sample_payload

pytestmark = pytest.mark.django_db

NAMES = ("李某林", "王某林")
# Each register with personal data and the field holding the person's name.
PERSONAL = {
    "corrections_subject": "name",
    "resettlement_subject": "name",
    "legal_aid": "recipient",
    "notarization": "applicant",
}
ID_SEARCH = ("corrections_subject", "resettlement_subject")  # an ID number's blind index


def id_number(n: int) -> str:
    first17 = f"43312619800101{n:03}"
    return first17 + id_number_check_digit(first17)


def url(name: str) -> str:
    return f"/api/registers/{name}/records"


@pytest.fixture
def people(units):
    made = {}
    for name, field in PERSONAL.items():
        register = REGISTERS[name]
        has_id = "id_number" in {c.field for c in register.columns}
        made[name] = [
            records.create(
                None,
                register,
                sample_payload(
                    name,
                    number=f"编{n:03}号",
                    **{field: person},
                    **({"id_number": id_number(n)} if has_id else {}),
                ),
            )
            for n, person in enumerate((*NAMES, "张三"), start=1)
        ]
    return made


@pytest.fixture
def officer(units, make_user):
    return make_user("quanneng", units["county"], "corrections", "resettlement", "legal_services")


@pytest.fixture
def leader(units, make_user):
    return make_user("juzhang", units["county"], "leader")


def searches(user):
    return AuditEntry.objects.filter(
        actor=user, action=AuditAction.READ_SENSITIVE, note__startswith="按个人信息检索"
    )


@pytest.mark.parametrize("name", PERSONAL)
@pytest.mark.parametrize("who", ["officer", "leader"])
def test_without_a_reason_a_name_or_id_number_finds_nothing(api_for, people, name, who, request):
    user = request.getfixturevalue(who)
    api = api_for(user)
    keys = ["某林", NAMES[0]]
    if name in ID_SEARCH:
        keys.append(people[name][0].id_number)
    for key in keys:
        data = api.get(url(name), {"q": key}).json()
        assert (data["count"], data["results"]) == (0, []), key
        assert "不按" in data["search_notice"]
    # A reason does not open the search to whoever may not see the data at all.
    if who == "leader":
        assert api.get(url(name), {"q": NAMES[0], "reason": "核实身份"}).json()["count"] == 0
    # 编号 is still searched, and says nothing about anyone's name.
    assert [r["number"] for r in api.get(url(name), {"q": "编002"}).json()["results"]] == [
        "编002号"
    ]
    assert not AuditEntry.objects.filter(actor=user, action=AuditAction.READ_SENSITIVE).exists()


def test_the_middle_digits_of_an_id_number_cannot_be_walked_without_a_reason(
    api_for, people, officer
):
    target = people["corrections_subject"][1].id_number
    api = api_for(officer)
    hits = []
    for day in range(1, 32):  # the birth day: one of these is the subject's
        first17 = f"{target[:12]}{day:02}{target[14:17]}"
        guess = first17 + id_number_check_digit(first17)
        if api.get(url("corrections_subject"), {"q": guess}).json()["count"]:
            hits.append(guess)
    assert hits == []
    assert not searches(officer).exists()


def test_with_a_reason_each_guess_is_audited_without_the_key(api_for, people, officer):
    target = people["corrections_subject"][1].id_number
    api = api_for(officer)
    guesses = []
    for day in (1, 2, 3):
        first17 = f"{target[:12]}{day:02}{target[14:17]}"
        guesses.append(first17 + id_number_check_digit(first17))
    hits = [
        g
        for g in guesses
        if api.get(url("corrections_subject"), {"q": g, "reason": "核实身份"}).json()["count"]
    ]
    assert hits == [target]
    logged = list(searches(officer))
    assert len(logged) == len(guesses)  # every attempt, hit or not, leaves its trace
    for entry in logged:
        assert entry.register == "corrections_subject" and entry.channel == "api"
        assert "检索项：姓名、身份证号" in entry.note and "事由：核实身份" in entry.note
        for guess in guesses:
            assert guess[:17] not in f"{entry.note}{entry.object_repr}{entry.before}"


@pytest.mark.parametrize("name", PERSONAL)
def test_with_a_reason_a_name_finds_its_people_and_is_logged(api_for, people, officer, name):
    data = api_for(officer).get(url(name), {"q": "某林", "reason": "办理具体业务"}).json()
    assert sorted(r["number"] for r in data["results"]) == ["编001号", "编002号"]
    assert data["count"] == 2 and data["search_notice"] == ""
    assert {r[PERSONAL[name]] for r in data["results"]} == set(NAMES)
    entry = searches(officer).get()
    label = REGISTERS[name].model._meta.get_field(PERSONAL[name]).verbose_name
    assert f"检索项：{label}" in entry.note and "某林" not in entry.note


# --- what a client types: no control characters or reserved markers (core.text) -------------


@pytest.mark.parametrize("bad", ["ab\x01cd", "核实\ue000身份", "x\x7f"])
def test_a_search_reason_or_value_with_a_control_character_is_refused(
    api_for, people, officer, bad
):
    api = api_for(officer)
    for params, field in (({"q": bad}, "q"), ({"q": "某林", "reason": bad}, "reason")):
        response = api.get(url("legal_aid"), params)
        assert response.status_code == 422 and field in response.json()["errors"]
        assert "字符" in response.json()["errors"][field][0]
    case = people["legal_aid"][0]
    response = api.patch(f"{url('legal_aid')}/{case.pk}", {"lawyer": bad})
    assert response.status_code == 422 and "字符" in response.json()["errors"]["lawyer"][0]
    case.refresh_from_db()
    assert case.lawyer != bad
    assert not searches(officer).exists()
    assert not AuditEntry.objects.filter(actor=officer, action=AuditAction.UPDATE).exists()
