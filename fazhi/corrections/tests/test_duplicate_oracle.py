"""Issue 15 point 7: registering an ID number under corrections elsewhere must not be an oracle.

An officer of 泸溪县 tries the ID numbers of 古丈县's subjects through every way of registering
(the web form, an edit, an import inline and by the worker, the API's create and update):
the refusal names no unit, each refused attempt is audited without the number in clear, 古丈
is notified where its officers work and 泸溪's officers see nothing, and after attempts.LIMIT
answers in an hour he is refused alike for a fresh number too.
"""

import datetime
import io
import os
import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.api import tokens
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditEntry, DuplicateNotice
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason
from fazhi.corrections import actions, attempts
from fazhi.corrections.columns import SUBJECT_REGISTER
from fazhi.corrections.models import CorrectionsSubject
from fazhi.imports import jobs
from fazhi.imports.models import ImportJob
from fazhi.imports.tests.files import xlsx_bytes

D = datetime.date
API = "/api/registers/corrections_subject/records"
# What the refused officer may not learn: where the person is, and under which record.
SECRETS = ("古丈", "古阳镇", "433126", "古矫", "其他单位", "湘西")


def id_number(n: int) -> str:
    first17 = f"43312619850505{n:03d}"
    return first17 + id_number_check_digit(first17)


def fresh_id(n: int) -> str:
    first17 = f"43312219900101{n:03d}"
    return first17 + id_number_check_digit(first17)


def held(tree, n: int) -> CorrectionsSubject:
    """A subject under corrections in 古丈县古阳镇司法所."""
    return actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number=f"古矫2024{n:03d}",
        name="彭某", id_number=id_number(n), category="probation",
        judgment_effective_date=D(2024, 3, 1), reported_date=D(2024, 3, 5),
        start_date=D(2024, 3, 1), end_date=D(2025, 2, 28),
    )  # fmt: skip


@pytest.fixture
def people(tree, make_user):
    return {
        "prober": make_user("lx_corr", tree["sibling"], Role.CORRECTIONS),
        "prober_colleague": make_user("lx_corr2", tree["sibling"], Role.CORRECTIONS),
        "holder_county": make_user("gz_corr", tree["county"], Role.CORRECTIONS),
        "holder_office": make_user("gz_office", tree["office"], Role.CORRECTIONS),
    }


def web_form(tree, number: str, id_text: str) -> dict:
    return {
        "unit": tree["sibling"].pk, "number": number, "name": "某", "id_number": id_text,
        "category": "probation", "judgment_effective_date": "2024-05-06",
        "start_date": "2024-05-06", "end_date": "2025-05-05",
        "office": tree["sibling_office"].pk, "status": "supervised",
    }  # fmt: skip


def import_row(number: str, id_text: str) -> dict:
    return {
        **SUBJECT_REGISTER.sample,
        "矫正编号": number,
        "身份证号": id_text,
        "所属单位代码": "433122",
        "执行地司法所": "433122-S01",
    }


def api_client(user) -> Client:
    _, secret = tokens.create_token(None, user, "测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def api_payload(number: str, id_text: str) -> dict:
    return {
        "number": number, "name": "某", "id_number": id_text, "category": "probation",
        "judgment_effective_date": "2024-05-06", "start_date": "2024-05-06",
        "end_date": "2025-05-05", "office_code": "433122-S01", "status": "supervised",
        "unit": "433122",
    }  # fmt: skip


def refusals(user):
    return AuditEntry.objects.filter(
        actor=user, action=attempts.REFUSAL_ACTION, note__startswith="登记社区矫正对象被拒绝"
    )


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


def test_web_registration_of_a_number_held_elsewhere_names_nothing_and_is_traced(
    client, tree, people
):
    subject = held(tree, 1)
    prober = people["prober"]
    client.force_login(prober)
    response = client.post("/corrections/new/", web_form(tree, "泸矫1", id_number(1)))
    assert response.status_code == 200
    assert_names_nothing(" ".join(response.context["form"].non_field_errors()))
    assert not CorrectionsSubject.objects.filter(unit=tree["sibling"]).exists()
    # The attempt is audited under the record that holds the person, the number masked.
    entry = refusals(prober).get()
    assert entry.object_id == str(subject.pk) and entry.unit_id == tree["office"].pk
    assert entry.channel == "web" and entry.register == "corrections_subject"
    assert_no_clear_id([entry], id_number(1))
    notice = DuplicateNotice.objects.get()
    assert notice.unit == tree["office"] and notice.record_id == subject.pk
    assert notice.actor == prober and notice.actor_unit_name == "泸溪县司法局"
    assert notice.way == "网页"


def test_an_edit_to_a_number_held_elsewhere_is_refused_alike(client, tree, people):
    held(tree, 1)
    prober = people["prober"]
    own = actions.register_subject(
        prober, unit=tree["sibling"], office=tree["sibling_office"], number="泸矫1", name="某",
        id_number=fresh_id(1), category="probation", judgment_effective_date=D(2024, 5, 6),
        start_date=D(2024, 5, 6), end_date=D(2025, 5, 5),
    )  # fmt: skip
    from fazhi.core.errors import RecordInvalid

    with pytest.raises(RecordInvalid) as refused:
        actions.update_subject(prober, own, id_number=id_number(1))
    assert_names_nothing(str(refused.value))
    own.refresh_from_db()
    assert own.id_number == fresh_id(1)
    assert refusals(prober).count() == 1 and DuplicateNotice.objects.count() == 1


def test_the_holding_county_sees_the_notice_and_the_attempting_county_does_not(
    client, tree, people, make_user
):
    held(tree, 1)
    client.force_login(people["prober"])
    client.post("/corrections/new/", web_form(tree, "泸矫1", id_number(1)))
    for who in ("holder_county", "holder_office"):
        client.force_login(people[who])
        listing = client.get("/corrections/").content.decode()
        assert "重复登记提醒" in listing and "泸溪县司法局" in listing and "古矫2024001" in listing
        page = client.get("/corrections/notices/").content.decode()
        assert "泸溪县司法局" in page and "lx_corr" in page and "古矫2024001" in page
    for who in ("prober", "prober_colleague"):
        client.force_login(people[who])
        assert "重复登记提醒" not in client.get("/corrections/").content.decode()
        page = client.get("/corrections/notices/").content.decode()
        assert "没有重复登记提醒" in page and "古矫2024001" not in page
    client.force_login(make_user("gz_pub", tree["county"], Role.PUBLICITY))
    assert client.get("/corrections/notices/").status_code == 403


def test_after_the_limit_a_fresh_number_is_refused_like_a_held_one(client, tree, people):
    for n in range(1, attempts.LIMIT + 2):
        held(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    for n in range(1, attempts.LIMIT + 1):
        response = client.post("/corrections/new/", web_form(tree, f"泸矫{n}", id_number(n)))
        assert_names_nothing(" ".join(response.context["form"].non_field_errors()))
    assert DuplicateNotice.objects.count() == attempts.LIMIT

    answers = []
    for number, id_text in (("泸矫新", fresh_id(1)), ("泸矫旧", id_number(attempts.LIMIT + 1))):
        response = client.post("/corrections/new/", web_form(tree, number, id_text))
        errors = " ".join(response.context["form"].non_field_errors())
        assert "暂停您登记在矫人员" in errors and "联系县级社区矫正机构" in errors, errors
        answers.append(errors)
    # The same answer for a fresh number and a held one: the refusal tells nothing.
    assert answers[0] == answers[1]
    assert not CorrectionsSubject.objects.filter(unit=tree["sibling"]).exists()
    assert DuplicateNotice.objects.count() == attempts.LIMIT  # nothing more was disclosed
    assert refusals(prober).count() == attempts.LIMIT + 2
    assert_no_clear_id(refusals(prober), fresh_id(1), id_number(attempts.LIMIT + 1))

    # A subject no longer under an open term (解除矫正) asks nothing and is not held back.
    released = {**web_form(tree, "泸矫解", fresh_id(2)), "status": "released"}
    released["ended_date"] = "2025-05-05"
    released["end_date"] = "2025-05-05"
    response = client.post("/corrections/new/", released)
    assert response.status_code == 302, response.context["form"].errors
    # Another user of the same county is not limited by his colleague's attempts.
    client.force_login(people["prober_colleague"])
    response = client.post("/corrections/new/", web_form(tree, "泸矫同事", fresh_id(3)))
    assert response.status_code == 302

    # Once the window has moved on, he is answered again.
    DuplicateNotice.objects.update(at=timezone.now() - attempts.WINDOW)
    client.force_login(prober)
    response = client.post("/corrections/new/", web_form(tree, "泸矫新", fresh_id(1)))
    assert response.status_code == 302


def test_an_inline_import_names_nothing_traces_each_row_and_stops_at_the_limit(
    client, tree, people
):
    for n in range(1, attempts.LIMIT + 3):
        held(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    rows = [import_row(f"泸矫{n}", id_number(n)) for n in range(1, attempts.LIMIT + 3)]
    rows.append(import_row("泸矫新", fresh_id(1)))
    data = xlsx_bytes(rows, SUBJECT_REGISTER.headers)
    upload = io.BytesIO(data)
    upload.name = "探测.xlsx"
    response = client.post("/registers/corrections_subject/import/", {"file": upload})
    text = response.content.decode()
    errors = response.context["errors"]
    messages = [error.message for error in errors]
    assert messages[: attempts.LIMIT] == [attempts.NEUTRAL] * attempts.LIMIT
    # The rows after the limit, held or fresh alike, get the one refusal that says nothing.
    assert len(set(messages[attempts.LIMIT :])) == 1 and "暂停" in messages[-1]
    assert len(messages) == attempts.LIMIT + 3
    for secret in SECRETS:
        assert secret not in " ".join(messages)
    assert "古阳镇司法所" not in text
    assert not CorrectionsSubject.objects.filter(unit=tree["sibling"]).exists()
    assert DuplicateNotice.objects.count() == attempts.LIMIT
    assert refusals(prober).count() == attempts.LIMIT + 3
    assert_no_clear_id(refusals(prober), *[id_number(n) for n in range(1, attempts.LIMIT + 3)])


def test_an_import_by_the_worker_is_traced_after_its_transaction(tree, people):
    held(tree, 1)
    prober = people["prober"]
    data = xlsx_bytes([import_row("泸矫1", id_number(1))], SUBJECT_REGISTER.headers)
    job = jobs.enqueue(prober, SUBJECT_REGISTER, data, "后台.xlsx")
    job = jobs.run(ImportJob.objects.get(pk=job.pk))
    assert job.status == "rejected"
    assert_names_nothing(job.message)
    assert refusals(prober).count() == 1
    notice = DuplicateNotice.objects.get()
    assert notice.way == "后台导入" and notice.unit == tree["office"]


def test_the_api_create_and_update_name_nothing_and_are_traced(tree, people):
    subject = held(tree, 1)
    prober = people["prober"]
    api = api_client(prober)
    response = api.post(API, api_payload("泸矫1", id_number(1)), content_type="application/json")
    assert response.status_code == 422, response.json()
    assert_names_nothing(" ".join(response.json()["errors"]["id_number"]))
    assert not CorrectionsSubject.objects.filter(unit=tree["sibling"]).exists()

    own = api.post(API, api_payload("泸矫2", fresh_id(1)), content_type="application/json")
    assert own.status_code == 201, own.json()
    response = api.patch(
        f"{API}/{own.json()['id']}", {"id_number": id_number(1)}, content_type="application/json"
    )
    assert response.status_code == 422, response.json()
    assert_names_nothing(" ".join(response.json()["errors"]["id_number"]))
    assert CorrectionsSubject.objects.get(number="泸矫2").id_number == fresh_id(1)

    entries = refusals(prober)
    assert entries.count() == 2 and {e.channel for e in entries} == {"api"}
    assert {e.object_id for e in entries} == {str(subject.pk)}
    assert_no_clear_id(entries, id_number(1))
    assert DuplicateNotice.objects.filter(way="接口", unit=tree["office"]).count() == 2


def test_the_limit_holds_across_the_ways_of_registering(client, tree, people):
    for n in range(1, attempts.LIMIT + 1):
        held(tree, n)
    prober = people["prober"]
    client.force_login(prober)
    for n in range(1, attempts.LIMIT + 1):
        client.post("/corrections/new/", web_form(tree, f"泸矫{n}", id_number(n)))
    response = api_client(prober).post(
        API, api_payload("泸矫新", fresh_id(1)), content_type="application/json"
    )
    assert response.status_code == 422
    assert "暂停您登记在矫人员" in response.json()["errors"]["id_number"][0]


def test_the_holders_own_officers_are_still_told_where_the_person_is(client, tree, people):
    held(tree, 1)
    office = people["holder_office"]
    # Told only with his reason stated: without it he sees masks, and a named refusal would
    # confirm the full ID number behind them (test_oracle_without_reason.py).
    login_with_reason(client, office, "corrections_subject")
    data = {**web_form(tree, "古矫again", id_number(1)), "unit": tree["office"].pk}
    data["office"] = tree["office"].pk
    response = client.post("/corrections/new/", data)
    errors = " ".join(response.context["form"].non_field_errors())
    assert "已在矫（古阳镇司法所，古矫2024001）" in errors
    # Audited, but no notice to himself and no step toward his limit.
    assert refusals(office).count() == 1 and not DuplicateNotice.objects.exists()


SHOTS = os.environ.get("FAZHI_SCREENSHOTS", "")
SIZES = {"wide": (1366, 768), "phone": (390, 844)}


def shots(page, name):
    """Each page at a desktop's and a phone's size, when FAZHI_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(SHOTS, f"duplicate-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_prober_learns_nothing_and_the_holder_is_told(browser_page, tree, people):
    from fazhi.conftest import browser_login

    held(tree, 1)
    page = browser_page
    browser_login(page, "lx_corr")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/corrections/new/")
    values = web_form(tree, "泸矫1", id_number(1))
    for name in ("number", "name", "id_number", "judgment_effective_date", "start_date"):
        page.fill(f"#id_{name}", values[name])
    page.fill("#id_end_date", values["end_date"])
    page.select_option("#id_category", "probation")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert attempts.NEUTRAL in text
    for secret in SECRETS:
        assert secret not in text.replace("泸溪", ""), secret
    shots(page, "refused")
    page.goto(page.base_url + "/corrections/")
    assert "重复登记提醒" not in page.inner_text("main")

    browser_login(page, "gz_corr")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/corrections/")
    notice = page.inner_text(".duplicate-notices")
    assert "泸溪县司法局" in notice and "lx_corr" in notice and "古矫2024001" in notice
    shots(page, "list")
    page.click(".duplicate-notices >> text=查看提醒记录")
    page.wait_for_load_state()
    assert "lx_corr" in page.inner_text("main")
    shots(page, "notices")
