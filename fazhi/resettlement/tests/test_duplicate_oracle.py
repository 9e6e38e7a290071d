"""Issue 15 (安置帮教, as point 7 for 社区矫正): registering an ID number already 在册 elsewhere
must not be an oracle. Before, any 安置帮教 officer in the province was answered "已在册" for
any ID number, with no trace and no limit: whether its bearer came out of prison or
corrections within the last years, and nobody told.

An officer of 泸溪县 tries the ID numbers of 古丈县's subjects through every way of registering
(the web form, an edit, an import inline and by the worker, the API's create and update): the
refusal names no unit, each refused attempt is audited as 登记被拒绝 without the number in
clear, 古丈 is notified on its 安置帮教 list and 泸溪's officers see nothing, and after
duplicates.LIMIT answers in an hour he is refused alike for a fresh number too — a limit of
this register, apart from 社区矫正's.
"""

import datetime
import io
import os
import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.api import tokens
from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry, DuplicateNotice
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason
from fazhi.corrections import actions as corrections_actions
from fazhi.imports import jobs
from fazhi.imports.models import ImportJob
from fazhi.imports.tests.files import xlsx_bytes
from fazhi.resettlement import actions, attempts
from fazhi.resettlement.columns import REGISTER
from fazhi.resettlement.models import ResettlementSubject

D = datetime.date
API = "/api/registers/resettlement_subject/records"
LIST, NOTICES = "/resettlement/", "/resettlement/notices/"
# What the refused officer may not learn: where the person is, and under which record.
SECRETS = ("古丈", "古阳镇", "433126", "古帮", "其他单位", "湘西")


def id_number(n: int) -> str:
    first17 = f"43312619750505{n:03d}"
    return first17 + id_number_check_digit(first17)


def fresh_id(n: int) -> str:
    first17 = f"43312219920101{n:03d}"
    return first17 + id_number_check_digit(first17)


def held(tree, n: int) -> ResettlementSubject:
    """A subject 在册 in 古丈县古阳镇司法所."""
    return actions.register_subject(
        None, unit=tree["office"], number=f"古帮2024{n:03d}", name="向某",
        id_number=id_number(n), kind="prison_release", release_date=D(2024, 3, 5),
    )  # fmt: skip


@pytest.fixture
def people(tree, make_user):
    return {
        "prober": make_user("lx_bj", tree["sibling"], Role.RESETTLEMENT),
        "prober_colleague": make_user("lx_bj2", tree["sibling"], Role.RESETTLEMENT),
        "holder_county": make_user("gz_bj", tree["county"], Role.RESETTLEMENT),
        "holder_office": make_user("gz_bj_office", tree["office"], Role.RESETTLEMENT),
    }


def web_form(tree, number: str, id_text: str, **values) -> dict:
    return {
        "unit": tree["sibling"].pk, "number": number, "name": "某", "id_number": id_text,
        "kind": "prison_release", "release_date": "2024-05-06", "status": "registered",
        "ended_date": "", **values,
    }  # fmt: skip


def import_row(number: str, id_text: str) -> dict:
    return {**REGISTER.sample, "帮教编号": number, "身份证号": id_text, "所属单位代码": "433122"}


def api_client(user) -> Client:
    _, secret = tokens.create_token(None, user, "测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def api_payload(number: str, id_text: str) -> dict:
    return {
        "number": number, "name": "某", "id_number": id_text, "kind": "prison_release",
        "release_date": "2024-05-06", "status": "registered", "unit": "433122",
    }  # fmt: skip


def refusals(user):
    return AuditEntry.objects.filter(
        actor=user, action=attempts.REFUSAL_ACTION, note__startswith="登记安置帮教对象被拒绝"
    )


def notices():
    return DuplicateNotice.objects.filter(register="resettlement_subject")


def assert_no_clear_id(entries, *numbers):
    """No entry holds a tried number in clear; each names it masked (4 + 4 characters)."""
    for entry in entries:
        text = f"{entry.note} {entry.object_repr} {entry.before} {entry.after}"
        for number in numbers:
            assert number not in text, text
        assert re.search(r"\d{4}\*{10}[\dX]{4}", entry.note), entry.note


def assert_names_nothing(text: str):
    assert attempts.NEUTRAL in text, text
    for secret in SECRETS:
        assert secret not in text, (secret, text)


def form_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].non_field_errors())


def test_web_registration_of_a_number_held_elsewhere_names_nothing_and_is_traced(
    client, tree, people
):
    subject = held(tree, 1)
    prober = people["prober"]
    client.force_login(prober)
    response = client.post(f"{LIST}new/", web_form(tree, "泸帮1", id_number(1)))
    assert_names_nothing(form_errors(response))
    assert not ResettlementSubject.objects.filter(unit=tree["sibling"]).exists()
    # The attempt is audited as 登记被拒绝 under the record that holds the person, masked.
    entry = refusals(prober).get()
    assert entry.action == AuditAction.REFUSED_REGISTRATION
    assert entry.object_id == str(subject.pk) and entry.unit_id == tree["office"].pk
    assert entry.channel == "web" and entry.register == "resettlement_subject"
    assert_no_clear_id([entry], id_number(1))
    notice = notices().get()
    assert notice.unit == tree["office"] and notice.record_id == subject.pk
    assert notice.record_number == "古帮2024001"
    assert notice.actor == prober and notice.actor_unit_name == "泸溪县司法局"
    assert notice.way == "网页"


def test_an_edit_to_a_number_held_elsewhere_is_refused_alike(client, tree, people):
    held(tree, 1)
    prober = people["prober"]
    own = actions.register_subject(
        prober, unit=tree["sibling"], number="泸帮1", name="某", id_number=fresh_id(1),
        kind="prison_release", release_date=D(2024, 5, 6),
    )  # fmt: skip
    with pytest.raises(RecordInvalid) as refused:
        actions.update_subject(prober, own, id_number=id_number(1))
    assert_names_nothing(str(refused.value))
    own.refresh_from_db()
    assert own.id_number == fresh_id(1)
    # Through the edit page too (it offers the personal fields once a reason is stated).
    login_with_reason(client, prober)
    response = client.post(
        f"{LIST}{own.pk}/edit/", web_form(tree, "泸帮1", id_number(1), address="泸溪")
    )
    assert_names_nothing(form_errors(response))
    own.refresh_from_db()
    assert own.id_number == fresh_id(1)
    assert refusals(prober).count() == 2 and notices().count() == 2


def test_the_holding_county_sees_the_notice_and_the_attempting_county_does_not(
    client, tree, people, make_user
):
    held(tree, 1)
    client.force_login(people["prober"])
    client.post(f"{LIST}new/", web_form(tree, "泸帮1", id_number(1)))
    for who in ("holder_county", "holder_office"):
        client.force_login(people[who])
        listing = client.get(LIST).content.decode()
        assert "重复登记提醒" in listing and "泸溪县司法局" in listing and "古帮2024001" in listing
        page = client.get(NOTICES).content.decode()
        assert "泸溪县司法局" in page and "lx_bj" in page and "古帮2024001" in page
    for who in ("prober", "prober_colleague"):
        client.force_login(people[who])
        assert "重复登记提醒" not in client.get(LIST).content.decode()
        page = client.get(NOTICES).content.decode()
        assert "没有重复登记提醒" in page and "古帮2024001" not in page
    client.force_login(make_user("gz_pub", tree["county"], Role.PUBLICITY))
    assert client.get(NOTICES).status_code == 403
    # 古丈's 社区矫正 officer works another register: its notices are not his.
    corrections = make_user("gz_corr", tree["county"], Role.CORRECTIONS)
    client.force_login(corrections)
    page = client.get("/corrections/notices/").content.decode()
    assert "没有重复登记提醒" in page and "古帮2024001" not in page
    assert client.get(NOTICES).status_code == 403


def test_after_the_limit_a_fresh_number_is_refused_like_a_held_one(client, tree, people):
    for n in range(1, attempts.LIMIT + 2):
        held(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    for n in range(1, attempts.LIMIT + 1):
        response = client.post(f"{LIST}new/", web_form(tree, f"泸帮{n}", id_number(n)))
        assert_names_nothing(form_errors(response))
    assert notices().count() == attempts.LIMIT

    answers = []
    for number, id_text in (("泸帮新", fresh_id(1)), ("泸帮旧", id_number(attempts.LIMIT + 1))):
        errors = form_errors(client.post(f"{LIST}new/", web_form(tree, number, id_text)))
        assert "暂停您登记在册安置帮教对象" in errors and "县级司法局" in errors, errors
        answers.append(errors)
    # The same answer for a fresh number and a held one: the refusal tells nothing.
    assert answers[0] == answers[1]
    assert not ResettlementSubject.objects.filter(unit=tree["sibling"]).exists()
    assert notices().count() == attempts.LIMIT  # nothing more was disclosed
    assert refusals(prober).count() == attempts.LIMIT + 2
    assert_no_clear_id(refusals(prober), fresh_id(1), id_number(attempts.LIMIT + 1))

    # A subject no longer 在册 (迁出) asks nothing and is not held back.
    moved = web_form(tree, "泸帮迁", fresh_id(2), status="moved_away", ended_date="2025-01-05")
    response = client.post(f"{LIST}new/", moved)
    assert response.status_code == 302, response.context["form"].errors
    # Another user of the same county is not limited by his colleague's attempts.
    client.force_login(people["prober_colleague"])
    response = client.post(f"{LIST}new/", web_form(tree, "泸帮同事", fresh_id(3)))
    assert response.status_code == 302

    # Once the window has moved on, he is answered again.
    notices().update(at=timezone.now() - attempts.WINDOW)
    client.force_login(prober)
    response = client.post(f"{LIST}new/", web_form(tree, "泸帮新", fresh_id(1)))
    assert response.status_code == 302


def test_the_limit_is_the_registers_own(tree, people, make_user):
    """Answers about 安置帮教 do not stop a 社区矫正 registration, nor the other way round: each
    register tells at most LIMIT an hour, and each is notified to its own holders."""
    for n in range(1, attempts.LIMIT + 1):
        held(tree, n)
    prober = make_user("lx_both", tree["sibling"], Role.RESETTLEMENT, Role.CORRECTIONS)
    for n in range(1, attempts.LIMIT + 1):
        with pytest.raises(RecordInvalid):
            actions.register_subject(
                prober, unit=tree["sibling"], number=f"泸帮{n}", name="某",
                id_number=id_number(n), kind="prison_release", release_date=D(2024, 5, 6),
            )  # fmt: skip
    with pytest.raises(RecordInvalid, match="暂停您登记在册安置帮教对象"):
        actions.register_subject(
            prober, unit=tree["sibling"], number="泸帮新", name="某", id_number=fresh_id(1),
            kind="prison_release", release_date=D(2024, 5, 6),
        )  # fmt: skip
    corrections_actions.register_subject(
        prober, unit=tree["sibling"], office=tree["sibling_office"], number="泸矫1",
        name="某", id_number=fresh_id(2), category="probation",
        judgment_effective_date=D(2024, 5, 6), start_date=D(2024, 5, 6),
        end_date=D(2025, 5, 5),
    )  # fmt: skip
    assert DuplicateNotice.objects.filter(register="corrections_subject").count() == 0


def test_an_inline_import_names_nothing_traces_each_row_and_stops_at_the_limit(
    client, tree, people
):
    for n in range(1, attempts.LIMIT + 3):
        held(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    rows = [import_row(f"泸帮{n}", id_number(n)) for n in range(1, attempts.LIMIT + 3)]
    rows.append(import_row("泸帮新", fresh_id(1)))
    upload = io.BytesIO(xlsx_bytes(rows, REGISTER.headers))
    upload.name = "探测.xlsx"
    response = client.post("/registers/resettlement_subject/import/", {"file": upload})
    text = response.content.decode()
    messages = [error.message for error in response.context["errors"]]
    assert messages[: attempts.LIMIT] == [attempts.NEUTRAL] * attempts.LIMIT
    # The rows after the limit, held or fresh alike, get the one refusal that says nothing.
    assert len(set(messages[attempts.LIMIT :])) == 1 and "暂停" in messages[-1]
    assert len(messages) == attempts.LIMIT + 3
    for secret in SECRETS:
        assert secret not in " ".join(messages)
    assert "古阳镇司法所" not in text
    assert not ResettlementSubject.objects.filter(unit=tree["sibling"]).exists()
    assert notices().count() == attempts.LIMIT
    assert refusals(prober).count() == attempts.LIMIT + 3
    assert_no_clear_id(refusals(prober), *[id_number(n) for n in range(1, attempts.LIMIT + 3)])


def test_an_import_by_the_worker_is_traced_after_its_transaction(tree, people):
    held(tree, 1)
    prober = people["prober"]
    data = xlsx_bytes([import_row("泸帮1", id_number(1))], REGISTER.headers)
    job = jobs.enqueue(prober, REGISTER, data, "后台.xlsx")
    job = jobs.run(ImportJob.objects.get(pk=job.pk))
    assert job.status == "rejected"
    assert_names_nothing(job.message)
    assert refusals(prober).count() == 1
    notice = notices().get()
    assert notice.way == "后台导入" and notice.unit == tree["office"]


def test_the_api_create_and_update_name_nothing_and_are_traced(tree, people):
    subject = held(tree, 1)
    prober = people["prober"]
    api = api_client(prober)
    response = api.post(API, api_payload("泸帮1", id_number(1)), content_type="application/json")
    assert response.status_code == 422, response.json()
    assert_names_nothing(" ".join(response.json()["errors"]["id_number"]))
    assert not ResettlementSubject.objects.filter(unit=tree["sibling"]).exists()

    own = api.post(API, api_payload("泸帮2", fresh_id(1)), content_type="application/json")
    assert own.status_code == 201, own.json()
    response = api.patch(
        f"{API}/{own.json()['id']}", {"id_number": id_number(1)}, content_type="application/json"
    )
    assert response.status_code == 422, response.json()
    assert_names_nothing(" ".join(response.json()["errors"]["id_number"]))
    assert ResettlementSubject.objects.get(number="泸帮2").id_number == fresh_id(1)

    entries = refusals(prober)
    assert entries.count() == 2 and {e.channel for e in entries} == {"api"}
    assert {e.object_id for e in entries} == {str(subject.pk)}
    assert_no_clear_id(entries, id_number(1))
    assert notices().filter(way="接口", unit=tree["office"]).count() == 2


def test_the_limit_holds_across_the_ways_of_registering(client, tree, people):
    for n in range(1, attempts.LIMIT + 1):
        held(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    for n in range(1, attempts.LIMIT + 1):
        client.post(f"{LIST}new/", web_form(tree, f"泸帮{n}", id_number(n)))
    response = api_client(prober).post(
        API, api_payload("泸帮新", fresh_id(1)), content_type="application/json"
    )
    assert response.status_code == 422
    assert "暂停您登记在册安置帮教对象" in response.json()["errors"]["id_number"][0]


def test_the_holders_own_officers_are_still_told_where_the_person_is(client, tree, people):
    held(tree, 1)
    office = people["holder_office"]
    # Told only with his reason stated (see corrections/tests/test_oracle_without_reason.py).
    login_with_reason(client, office, "resettlement_subject")
    response = client.post(
        f"{LIST}new/", web_form(tree, "古帮again", id_number(1), unit=tree["office"].pk)
    )
    assert "已在册（古阳镇司法所，古帮2024001）" in form_errors(response)
    # Audited, but no notice to himself and no step toward his limit.
    assert refusals(office).count() == 1 and not notices().exists()


def test_a_writer_who_sees_only_masks_is_refused_as_such_and_asks_nothing(
    client, tree, people, make_user
):
    """The prefecture's officer reaches every county's records but sees masks: a number he
    types is refused because he may not write personal data, before any lookup."""
    held(tree, 1)
    prefecture = make_user("zhou_bj", tree["prefecture"], Role.RESETTLEMENT)
    with pytest.raises(ActionRefused) as refused:
        actions.register_subject(
            prefecture, unit=tree["sibling"], number="州帮1", name="某",
            id_number=id_number(1), kind="prison_release", release_date=D(2024, 5, 6),
        )  # fmt: skip
    assert "脱敏信息" in str(refused.value) and "已在册" not in str(refused.value)
    assert not refusals(prefecture).exists() and not notices().exists()


def test_the_audit_administrator_finds_refusals_as_登记被拒绝(client, tree, people, make_user):
    held(tree, 1)
    client.force_login(people["prober"])
    client.post(f"{LIST}new/", web_form(tree, "泸帮1", id_number(1)))
    auditor = make_user("gz_audit", tree["county"], Role.AUDIT_ADMIN)
    client.force_login(auditor)
    response = client.get("/audit/", {"action": AuditAction.REFUSED_REGISTRATION})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="refused_registration" selected>登记被拒绝</option>' in page
    entries = list(response.context["page"])
    assert [e.actor_username for e in entries] == ["lx_bj"]
    assert "登记被拒绝" in page and id_number(1) not in page
    assert re.search(r"4331\*{10}[\dX]{4}", page)
    # 泸溪's audit administrator does not see 古丈's record named under his officer's attempt.
    client.force_login(make_user("lx_audit", tree["sibling"], Role.AUDIT_ADMIN))
    response = client.get("/audit/", {"action": AuditAction.REFUSED_REGISTRATION})
    assert "古帮2024001" not in response.content.decode()


SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "")
SIZES = {"wide": (1366, 768), "phone": (390, 844)}


def shots(page, name):
    """Each page at a desktop's and a phone's size, when FAZHI_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(
            path=os.path.join(SHOTS, f"resettlement-{name}-{label}.png"), full_page=True
        )
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_prober_learns_nothing_and_the_holder_is_told(browser_page, tree, people):
    from fazhi.conftest import browser_login

    held(tree, 1)
    page = browser_page
    browser_login(page, "lx_bj")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/resettlement/new/")
    values = web_form(tree, "泸帮1", id_number(1))
    for name in ("number", "name", "id_number", "release_date"):
        page.fill(f"#id_{name}", values[name])
    page.select_option("#id_kind", "prison_release")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert attempts.NEUTRAL in text
    for secret in SECRETS:
        assert secret not in text.replace("泸溪", ""), secret
    shots(page, "refused")
    page.goto(page.base_url + LIST)
    assert "重复登记提醒" not in page.inner_text("main")

    browser_login(page, "gz_bj")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + LIST)
    notice = page.inner_text(".duplicate-notices")
    assert "泸溪县司法局" in notice and "lx_bj" in notice and "古帮2024001" in notice
    shots(page, "list")
    page.click(".duplicate-notices >> text=查看提醒记录")
    page.wait_for_load_state()
    assert "lx_bj" in page.inner_text("main")
    shots(page, "notices")
