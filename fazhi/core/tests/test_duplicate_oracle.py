"""Issue 15: registering an ID number held elsewhere must not be an oracle — for 社区矫正 (point
7: one open term of corrections per person) and 安置帮教 (one 在册 record per person), each test
run for both (held_registers.py). Before, any officer in the province was answered where the
person was, with no trace and no limit.

An officer of 泸溪县 tries the ID numbers of 古丈县's subjects through every way of registering
(the web form, an edit, an import inline and by the worker, the API's create and update): the
refusal names no unit, each refused attempt is audited as 登记被拒绝 without the number in
clear, 古丈 is notified where its officers work and 泸溪's officers see nothing, and after
attempts.LIMIT answers in an hour he is refused alike for a fresh number too. What is one
register's own (安置帮教's limit apart from 社区矫正's, …) is in its app's tests."""

import io
import os
import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.api import tokens
from fazhi.conftest import browser_login
from fazhi.core.errors import RecordInvalid
from fazhi.core.models import AuditAction
from fazhi.core.roles import Role
from fazhi.core.tests.held_registers import HELD_REGISTERS
from fazhi.core.tests.helpers import login_with_reason
from fazhi.imports import jobs
from fazhi.imports.models import ImportJob
from fazhi.imports.tests.files import xlsx_bytes


@pytest.fixture(params=HELD_REGISTERS, ids=str)
def case(request):
    return request.param


@pytest.fixture
def people(case, tree, make_user):
    return {
        "prober": make_user(f"lx_{case.code}", tree["sibling"], case.role),
        "prober_colleague": make_user(f"lx_{case.code}2", tree["sibling"], case.role),
        "holder_county": make_user(f"gz_{case.code}", tree["county"], case.role),
        "holder_office": make_user(f"gz_{case.code}_office", tree["office"], case.role),
    }


def api_client(user) -> Client:
    _, secret = tokens.create_token(None, user, "测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def assert_no_clear_id(entries, *numbers):
    """No entry holds a tried number in clear; each names it masked (4 + 4 characters)."""
    for entry in entries:
        text = f"{entry.note} {entry.object_repr} {entry.before} {entry.after}"
        for number in numbers:
            assert number not in text, text
        assert re.search(r"\d{4}\*{10}[\dX]{4}", entry.note), entry.note


def assert_names_nothing(case, text: str):
    assert case.attempts.NEUTRAL in text, text
    for secret in case.secrets:
        assert secret not in text, (secret, text)


def form_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].non_field_errors())


def test_web_registration_of_a_number_held_elsewhere_names_nothing_and_is_traced(
    client, case, tree, people
):
    subject = case.hold(tree, 1)
    prober = people["prober"]
    client.force_login(prober)
    form = case.probe_form(tree, f"{case.probe_prefix}1", case.id_number(1))
    assert_names_nothing(case, form_errors(client.post(case.url("create"), form)))
    assert not case.register.model.objects.filter(unit=tree["sibling"]).exists()
    # The attempt is audited as 登记被拒绝 under the record that holds the person, masked.
    entry = case.refusals(prober).get()
    assert entry.action == AuditAction.REFUSED_REGISTRATION
    assert entry.object_id == str(subject.pk) and entry.unit_id == tree["office"].pk
    assert entry.channel == "web" and entry.register == case.register.name
    assert_no_clear_id([entry], case.id_number(1))
    notice = case.notices().get()
    assert notice.unit == tree["office"] and notice.record_id == subject.pk
    assert notice.record_number == f"{case.held_prefix}2024001"
    assert notice.actor == prober and notice.actor_unit_name == "泸溪县司法局"
    assert notice.way == "网页"


def test_an_edit_to_a_number_held_elsewhere_is_refused_alike(client, case, tree, people):
    case.hold(tree, 1)
    prober = people["prober"]
    own = case.register_own(prober, tree, f"{case.probe_prefix}1", case.fresh_id(1))
    with pytest.raises(RecordInvalid) as refused:
        case.actions.update_subject(prober, own, id_number=case.id_number(1))
    assert_names_nothing(case, str(refused.value))
    own.refresh_from_db()
    assert own.id_number == case.fresh_id(1)
    # Through the edit page too (it offers the personal fields once a reason is stated).
    login_with_reason(client, prober)
    form = case.probe_form(tree, own.number, case.id_number(1), address="泸溪")
    response = client.post(case.url("edit", own.pk), form)
    assert_names_nothing(case, form_errors(response))
    own.refresh_from_db()
    assert own.id_number == case.fresh_id(1)
    assert case.refusals(prober).count() == 2 and case.notices().count() == 2


def test_the_holding_county_sees_the_notice_and_the_attempting_county_does_not(
    client, case, tree, people, make_user
):
    case.hold(tree, 1)
    held = f"{case.held_prefix}2024001"
    client.force_login(people["prober"])
    client.post(
        case.url("create"), case.probe_form(tree, f"{case.probe_prefix}1", case.id_number(1))
    )
    for who in ("holder_county", "holder_office"):
        client.force_login(people[who])
        listing = client.get(case.url("list")).content.decode()
        assert "重复登记提醒" in listing and "泸溪县司法局" in listing and held in listing
        page = client.get(case.url("notices")).content.decode()
        assert "泸溪县司法局" in page and f"lx_{case.code}" in page and held in page
    for who in ("prober", "prober_colleague"):
        client.force_login(people[who])
        assert "重复登记提醒" not in client.get(case.url("list")).content.decode()
        page = client.get(case.url("notices")).content.decode()
        assert "没有重复登记提醒" in page and held not in page
    client.force_login(make_user("gz_pub", tree["county"], Role.PUBLICITY))
    assert client.get(case.url("notices")).status_code == 403
    # 古丈's officer of the other register with a duplicate check: its notices are not his.
    other = next(held_register for held_register in HELD_REGISTERS if held_register is not case)
    client.force_login(make_user("gz_other", tree["county"], other.role))
    page = client.get(other.url("notices")).content.decode()
    assert "没有重复登记提醒" in page and held not in page
    assert client.get(case.url("notices")).status_code == 403


def test_after_the_limit_a_fresh_number_is_refused_like_a_held_one(client, case, tree, people):
    limit = case.attempts.LIMIT
    for n in range(1, limit + 2):
        case.hold(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    for n in range(1, limit + 1):
        form = case.probe_form(tree, f"{case.probe_prefix}{n}", case.id_number(n))
        assert_names_nothing(case, form_errors(client.post(case.url("create"), form)))
    assert case.notices().count() == limit

    answers = []
    for number, id_text in (("新", case.fresh_id(1)), ("旧", case.id_number(limit + 1))):
        form = case.probe_form(tree, f"{case.probe_prefix}{number}", id_text)
        errors = form_errors(client.post(case.url("create"), form))
        assert all(words in errors for words in case.paused), errors
        answers.append(errors)
    # The same answer for a fresh number and a held one: the refusal tells nothing.
    assert answers[0] == answers[1]
    assert not case.register.model.objects.filter(unit=tree["sibling"]).exists()
    assert case.notices().count() == limit  # nothing more was disclosed
    assert case.refusals(prober).count() == limit + 2
    assert_no_clear_id(case.refusals(prober), case.fresh_id(1), case.id_number(limit + 1))

    # A person no longer held (解除矫正, 迁出) asks nothing and is not held back.
    form = case.probe_form(tree, f"{case.probe_prefix}止", case.fresh_id(2), **case.not_held)
    response = client.post(case.url("create"), form)
    assert response.status_code == 302, response.context["form"].errors
    # Another user of the same county is not limited by his colleague's attempts.
    client.force_login(people["prober_colleague"])
    form = case.probe_form(tree, f"{case.probe_prefix}同事", case.fresh_id(3))
    assert client.post(case.url("create"), form).status_code == 302

    # Once the window has moved on, he is answered again.
    case.notices().update(at=timezone.now() - case.attempts.WINDOW)
    client.force_login(prober)
    form = case.probe_form(tree, f"{case.probe_prefix}新", case.fresh_id(1))
    assert client.post(case.url("create"), form).status_code == 302


def test_an_inline_import_names_nothing_traces_each_row_and_stops_at_the_limit(
    client, case, tree, people
):
    limit = case.attempts.LIMIT
    for n in range(1, limit + 3):
        case.hold(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    rows = [
        case.import_row(f"{case.probe_prefix}{n}", case.id_number(n)) for n in range(1, limit + 3)
    ]
    rows.append(case.import_row(f"{case.probe_prefix}新", case.fresh_id(1)))
    upload = io.BytesIO(xlsx_bytes(rows, case.register.headers))
    upload.name = "探测.xlsx"
    response = client.post(case.import_url, {"file": upload})
    text = response.content.decode()
    messages = [error.message for error in response.context["errors"]]
    assert messages[:limit] == [case.attempts.NEUTRAL] * limit
    # The rows after the limit, held or fresh alike, get the one refusal that says nothing.
    assert len(set(messages[limit:])) == 1 and "暂停" in messages[-1]
    assert len(messages) == limit + 3
    for secret in case.secrets:
        assert secret not in " ".join(messages)
    assert "古阳镇司法所" not in text
    assert not case.register.model.objects.filter(unit=tree["sibling"]).exists()
    assert case.notices().count() == limit
    assert case.refusals(prober).count() == limit + 3
    tried = [case.id_number(n) for n in range(1, limit + 3)]
    assert_no_clear_id(case.refusals(prober), *tried)


def test_an_import_by_the_worker_is_traced_after_its_transaction(case, tree, people):
    case.hold(tree, 1)
    prober = people["prober"]
    row = case.import_row(f"{case.probe_prefix}1", case.id_number(1))
    job = jobs.enqueue(prober, case.register, xlsx_bytes([row], case.register.headers), "后台.xlsx")
    job = jobs.run(ImportJob.objects.get(pk=job.pk))
    assert job.status == "rejected"
    assert_names_nothing(case, job.message)
    assert case.refusals(prober).count() == 1
    notice = case.notices().get()
    assert notice.way == "后台导入" and notice.unit == tree["office"]


def test_the_api_create_and_update_name_nothing_and_are_traced(case, tree, people):
    subject = case.hold(tree, 1)
    prober = people["prober"]
    api = api_client(prober)
    payload = case.api_payload(f"{case.probe_prefix}1", case.id_number(1))
    response = api.post(case.api, payload, content_type="application/json")
    assert response.status_code == 422, response.json()
    assert_names_nothing(case, " ".join(response.json()["errors"]["id_number"]))
    assert not case.register.model.objects.filter(unit=tree["sibling"]).exists()

    payload = case.api_payload(f"{case.probe_prefix}2", case.fresh_id(1))
    own = api.post(case.api, payload, content_type="application/json")
    assert own.status_code == 201, own.json()
    response = api.patch(
        f"{case.api}/{own.json()['id']}",
        {"id_number": case.id_number(1)},
        content_type="application/json",
    )
    assert response.status_code == 422, response.json()
    assert_names_nothing(case, " ".join(response.json()["errors"]["id_number"]))
    stored = case.register.model.objects.get(number=f"{case.probe_prefix}2")
    assert stored.id_number == case.fresh_id(1)

    entries = case.refusals(prober)
    assert entries.count() == 2 and {e.channel for e in entries} == {"api"}
    assert {e.object_id for e in entries} == {str(subject.pk)}
    assert_no_clear_id(entries, case.id_number(1))
    assert case.notices().filter(way="接口", unit=tree["office"]).count() == 2


def test_the_limit_holds_across_the_ways_of_registering(client, case, tree, people):
    for n in range(1, case.attempts.LIMIT + 1):
        case.hold(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    for n in range(1, case.attempts.LIMIT + 1):
        form = case.probe_form(tree, f"{case.probe_prefix}{n}", case.id_number(n))
        client.post(case.url("create"), form)
    payload = case.api_payload(f"{case.probe_prefix}新", case.fresh_id(1))
    response = api_client(prober).post(case.api, payload, content_type="application/json")
    assert response.status_code == 422
    assert case.paused[0] in response.json()["errors"]["id_number"][0]


def test_the_holders_own_officers_are_still_told_where_the_person_is(client, case, tree, people):
    case.hold(tree, 1)
    office = people["holder_office"]
    # Told only with his reason stated: without it he sees masks, and a named refusal would
    # confirm the full ID number behind them (corrections/tests/test_oracle_without_reason.py).
    login_with_reason(client, office, case.register.name)
    form = case.web_form(
        tree["office"], tree["office"], f"{case.held_prefix}again", case.id_number(1)
    )
    errors = form_errors(client.post(case.url("create"), form))
    assert f"{case.told}（古阳镇司法所，{case.held_prefix}2024001）" in errors
    # Audited, but no notice to himself and no step toward his limit.
    assert case.refusals(office).count() == 1 and not case.notices().exists()


SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "")
SIZES = {"wide": (1366, 768), "phone": (390, 844)}


def shots(page, case, name):
    """Each page at a desktop's and a phone's size, when FAZHI_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        path = os.path.join(SHOTS, f"duplicate-{case}-{name}-{label}.png")
        page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_prober_learns_nothing_and_the_holder_is_told(
    browser_page, case, tree, people
):
    case.hold(tree, 1)
    page = browser_page
    browser_login(page, f"lx_{case.code}")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + case.url("create"))
    values = case.probe_form(tree, f"{case.probe_prefix}1", case.id_number(1))
    for name in case.browser_fills:
        page.fill(f"#id_{name}", values[name])
    page.select_option(*case.browser_choice)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert case.attempts.NEUTRAL in text
    for secret in case.secrets:
        assert secret not in text.replace("泸溪", ""), secret
    shots(page, case, "refused")
    page.goto(page.base_url + case.url("list"))
    assert "重复登记提醒" not in page.inner_text("main")

    browser_login(page, f"gz_{case.code}")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + case.url("list"))
    notice = page.inner_text(".duplicate-notices")
    held = f"{case.held_prefix}2024001"
    assert "泸溪县司法局" in notice and f"lx_{case.code}" in notice and held in notice
    shots(page, case, "list")
    page.click(".duplicate-notices >> text=查看提醒记录")
    page.wait_for_load_state()
    assert f"lx_{case.code}" in page.inner_text("main")
    shots(page, case, "notices")
