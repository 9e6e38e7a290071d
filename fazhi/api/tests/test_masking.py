"""Personal data through the API is shown, masked and audit-logged exactly as on the web."""

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.audit import runs
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.masks import mask
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.personal import REASONS_SESSION_KEY
from fazhi.core.registers import REGISTERS

from .conftest import sample_payload


def id_number(n: int) -> str:
    first17 = f"43312619800101{n:03}"
    return first17 + id_number_check_digit(first17)


pytestmark = pytest.mark.django_db

NAME = "corrections_subject"
REGISTER = REGISTERS[NAME]
LIST = f"/api/registers/{NAME}/records"


@pytest.fixture
def web_client(settings):
    """A logged-in web client. The login steps (new password, authenticator) are the security
    app's to test; here only what a list page shows matters."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("RequiredStepsMiddleware")
    ]

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def subjects(units):
    from fazhi.api import records

    return [
        records.create(
            None,
            REGISTER,
            sample_payload(NAME, number=f"古矫2024{n:03}", name=name, id_number=id_number(n)),
        )
        for n, name in enumerate(["张三丰", "欧阳娜娜"], start=1)
    ]


@pytest.fixture
def full_reader(units, make_user):
    return make_user("gz_corr", units["county"], "corrections")


@pytest.fixture
def masked_reader(units, make_user):
    # The prefecture works the register but sees its people only as masks (within the county).
    return make_user("xx_corr", units["prefecture"], "corrections")


def _reads(user):
    return list(
        AuditEntry.objects.filter(actor=user, action=AuditAction.READ_SENSITIVE)
        .order_by("id")
        .values_list("object_id", "register", "after")
    )


REASON = "核查报到情况"


def _with_reason(client):
    session = client.session
    session[REASONS_SESSION_KEY] = {NAME: REASON}
    session.save()
    return client


def _assert_masked(rows, subjects):
    by_number = {row["number"]: row for row in rows}
    for subject in subjects:
        for field, kind in REGISTER.sensitive.items():
            assert by_number[subject.number][field] == mask(kind, getattr(subject, field))


def test_without_a_reason_the_full_reader_sees_masks_as_on_the_web(
    subjects, full_reader, api_for, web_client
):
    web = web_client(full_reader).get(reverse(REGISTER.list_url)).content.decode()
    data = api_for(full_reader).get(LIST).json()
    _assert_masked(data["results"], subjects)
    for row in data["results"]:
        assert row["name"] in web
    assert subjects[0].name not in web
    assert _reads(full_reader) == []


def test_with_a_reason_the_full_reader_sees_and_is_logged_as_on_the_web(
    subjects, full_reader, api_for, web_client
):
    web = _with_reason(web_client(full_reader)).get(reverse(REGISTER.list_url))
    assert web.status_code == 200
    # A page of records shown in full is one entry naming them all (issue 19, defect 6).
    on_web = _reads(full_reader)
    ids = runs.runs_text(runs.id_runs(s.pk for s in subjects))
    shown = {runs.SHOWN_COUNT: len(subjects), runs.SHOWN_IDS: ids}
    assert on_web == [("", NAME, shown)]

    data = api_for(full_reader).get(LIST, {"reason": REASON}).json()
    assert _reads(full_reader)[len(on_web) :] == on_web
    names = {row["number"]: row["name"] for row in data["results"]}
    assert names == {s.number: s.name for s in subjects}
    assert {row["id_number"] for row in data["results"]} == {s.id_number for s in subjects}
    for name in names.values():
        assert name in web.content.decode()
    api_entry = AuditEntry.objects.filter(actor=full_reader, channel="api").first()
    assert api_entry.action == AuditAction.READ_SENSITIVE
    assert api_entry.note.startswith("接口列表查看字段：")
    assert f"事由：{REASON}" in api_entry.note

    detail = api_for(full_reader).get(f"{LIST}/{subjects[0].pk}", {"reason": REASON}).json()
    assert detail["address"] == subjects[0].address
    # A record's own page: one entry on the record.
    assert _reads(full_reader)[-1] == (str(subjects[0].pk), NAME, None)


def test_masked_reader_gets_the_webs_masks_and_no_log(subjects, masked_reader, api_for, web_client):
    web = web_client(masked_reader).get(reverse(REGISTER.list_url)).content.decode()
    data = api_for(masked_reader).get(LIST).json()
    assert data["count"] == len(subjects)
    # A reason does not open what the reader may not see at all.
    data = api_for(masked_reader).get(LIST, {"reason": REASON}).json()
    _assert_masked(data["results"], subjects)
    for row, subject in zip(
        sorted(data["results"], key=lambda r: r["number"]), subjects, strict=True
    ):
        assert row["name"] in web
        assert subject.name not in web and subject.name != row["name"]
        assert subject.id_number not in str(data)
    # Whoever sees masks cannot find a person by his name either (as on the web).
    assert api_for(masked_reader).get(LIST, {"q": subjects[0].name}).json()["count"] == 0
    assert _reads(masked_reader) == []


def test_the_search_is_the_web_lists_search(subjects, full_reader, api_for, web_client):
    api = api_for(full_reader)
    for reason in ("", REASON):
        web = web_client(full_reader)
        if reason:
            _with_reason(web)
        for text in ("张三丰", "古矫2024002", "2024", "无此人"):
            found = api.get(LIST, {"q": text, "reason": reason}).json()
            page = web.get(reverse(REGISTER.list_url), {"q": text})
            on_web = {record.number for record in page.context["page"]}
            assert {row["number"] for row in found["results"]} == on_web
            assert found["count"] == len(on_web)
    # A name is searched only with a reason stated (core.personal.search_condition).
    assert api.get(LIST, {"q": "张三丰"}).json()["count"] == 0
    assert api.get(LIST, {"q": "张三丰", "reason": REASON}).json()["count"] == 1
