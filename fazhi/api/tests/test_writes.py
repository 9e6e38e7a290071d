"""Writing through the API: the register's own validation and write path, all or nothing."""

import json

import pytest

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.corrections.models import CorrectionsSubject
from fazhi.reconsideration.models import ReconsiderationCase

from .conftest import sample_payload

pytestmark = pytest.mark.django_db

CASES = "/api/registers/reconsideration/records"
SUBJECTS = "/api/registers/corrections_subject/records"


@pytest.fixture
def case_officer(units, make_user):
    return make_user("gz_fy", units["county"], "reconsideration")


@pytest.fixture
def existing_case(units):
    from fazhi.api import records
    from fazhi.core.registers import REGISTERS

    return records.create(None, REGISTERS["reconsideration"], sample_payload("reconsideration"))


def _writes():
    records = AuditEntry.objects.exclude(register="api_token")
    return records.filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE]).count()


def test_a_valid_create_saves_the_record_and_its_audit_entry(case_officer, api_for):
    payload = sample_payload("reconsideration", number="古政复〔2024〕9号")
    response = api_for(case_officer).post(CASES, payload)
    assert response.status_code == 201, response.json()
    case = ReconsiderationCase.objects.get(number="古政复〔2024〕9号")
    assert response.json()["id"] == case.pk
    assert case.applicant == "张某" and case.unit.code == "433126"
    # The rules ran as on every save: the derived status was set by the register's derive.
    assert case.status
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, register="reconsideration", object_id=str(case.pk)
    )
    assert entry.actor == case_officer
    assert entry.channel == "api"
    assert entry.register == "reconsideration"
    assert entry.after["number"] == "古政复〔2024〕9号"


def test_a_valid_update_changes_the_record_and_logs_before_and_after(
    existing_case, case_officer, api_for
):
    response = api_for(case_officer).patch(f"{CASES}/{existing_case.pk}", {"applicant": "李某"})
    assert response.status_code == 200, response.json()
    assert response.json()["applicant"] == "李某"
    existing_case.refresh_from_db()
    assert existing_case.applicant == "李某"
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, register="reconsideration", object_id=str(existing_case.pk)
    )
    assert (entry.before["applicant"], entry.after["applicant"]) == ("张某", "李某")
    assert entry.actor == case_officer and entry.channel == "api"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"received_date": "2024-02-30"}, "received_date", "不存在"),
        ({"received_date": "05/02/2024"}, "received_date", "格式不正确"),
        ({"number": "古政复〔2024〕1号"}, "number", "已登记过这个编号"),
        ({"act_type": "no_such_type"}, "act_type", "不是可选的值"),
        ({"suspended_days": -3}, "suspended_days", "不是非负整数"),
        ({"shoe_size": 42}, "shoe_size", "不是本接口可用的字段"),
        ({"unit": "999999"}, "unit", "找不到单位代码"),
    ],
)
def test_invalid_input_is_refused_in_chinese_and_writes_nothing(
    existing_case, case_officer, api_for, changes, field, words
):
    before, entries = ReconsiderationCase.objects.count(), _writes()
    payload = sample_payload("reconsideration", number="古政复〔2024〕5号")
    payload.update(changes)
    response = api_for(case_officer).post(CASES, payload)
    assert response.status_code == 422
    body = response.json()
    assert "未保存" in body["detail"]
    assert any(words in message for message in body["errors"].get(field, [])), body
    assert ReconsiderationCase.objects.count() == before
    assert _writes() == entries


def test_an_invalid_update_changes_nothing(existing_case, case_officer, api_for):
    entries = _writes()
    response = api_for(case_officer).patch(
        f"{CASES}/{existing_case.pk}", {"applicant": "李某", "closed_date": "2024-13-01"}
    )
    assert response.status_code == 422
    assert "closed_date" in response.json()["errors"]
    existing_case.refresh_from_db()
    assert existing_case.applicant == "张某"
    assert _writes() == entries


def test_the_key_of_a_record_cannot_be_changed(existing_case, case_officer, api_for):
    response = api_for(case_officer).patch(f"{CASES}/{existing_case.pk}", {"number": "改号"})
    assert response.status_code == 422
    assert "不是本接口可用的字段" in response.json()["errors"]["number"][0]


def test_a_wrong_id_check_digit_is_refused(units, make_user, api_for):
    officer = make_user("gz_corr", units["county"], "corrections")
    wrong = "11010519491231002X"[:-1] + "1"
    response = api_for(officer).post(
        SUBJECTS, sample_payload("corrections_subject", id_number=wrong)
    )
    assert response.status_code == 422
    assert any("校验" in m for m in response.json()["errors"]["id_number"]), response.json()
    assert not CorrectionsSubject.objects.exists()


def test_who_sees_masks_cannot_write_personal_data(units, make_user, api_for):
    from fazhi.api import records
    from fazhi.core.registers import REGISTERS

    subject = records.create(
        None, REGISTERS["corrections_subject"], sample_payload("corrections_subject")
    )
    masked = make_user("xx_corr", units["prefecture"], "corrections")
    api = api_for(masked)
    entries = _writes()

    response = api.patch(f"{SUBJECTS}/{subject.pk}", {"name": "李四"})
    assert response.status_code == 403, response.json()
    assert "脱敏" in response.json()["detail"]
    subject.refresh_from_db()
    assert subject.name == "张某某"

    payload = sample_payload("corrections_subject", number="古矫2024009")
    response = api.post(SUBJECTS, payload)
    assert response.status_code == 403, response.json()
    assert CorrectionsSubject.objects.count() == 1
    assert _writes() == entries
    # A field that is not personal he may change, as on the web.
    assert api.patch(f"{SUBJECTS}/{subject.pk}", {"level": ""}).status_code == 200


def test_a_reader_who_may_not_change_gets_403_and_a_stranger_404(
    existing_case, units, make_user, api_for
):
    leader = make_user("gz_leader", units["county"], "leader")
    response = api_for(leader).patch(f"{CASES}/{existing_case.pk}", {"applicant": "李某"})
    assert response.status_code == 403
    stranger = make_user("gz_pub", units["county"], "publicity")
    assert api_for(stranger).get(f"{CASES}/{existing_case.pk}").status_code == 403
    existing_case.refresh_from_db()
    assert existing_case.applicant == "张某"


@pytest.mark.parametrize(
    ("method", "path", "data", "field"),
    [
        ("post", CASES, {"applicant": "张\x00某"}, "applicant"),
        ("post", CASES, {"applicant": "\ud800"}, "applicant"),
        ("get", CASES, {"q": "古\x00"}, "q"),
        ("get", "/api/indicators", {"unit": "43\x00"}, "unit"),
    ],
)
def test_characters_no_database_stores_are_refused_not_crashed_on(
    existing_case, case_officer, api_for, method, path, data, field
):
    api = api_for(case_officer)
    if method == "post":
        payload = sample_payload("reconsideration", number="古政复〔2024〕7号", **data)
        response = api.client.post(
            path,
            json.dumps(payload),  # json.dumps keeps a lone surrogate as \\ud800
            content_type="application/json",
            **api.headers,
        )
    else:
        response = api.get(path, data)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert ReconsiderationCase.objects.count() == 1


@pytest.mark.parametrize("record_id", [0, 2**31, 2**63, 10**30])
def test_ids_out_of_any_range_are_not_found(existing_case, case_officer, api_for, record_id):
    api = api_for(case_officer)
    assert api.get(f"{CASES}/{record_id}").status_code in (404, 422)
    assert api.patch(f"{CASES}/{record_id}", {"applicant": "李某"}).status_code in (404, 422)
