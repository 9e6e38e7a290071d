"""The database going away mid-request: a clear 503 page in Chinese, logged, nothing written."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from fazhi.core.faults import MESSAGE, DatabaseFaultMiddleware
from fazhi.core.models import AuditEntry
from fazhi.core.roles import Role
from fazhi.imports.tests import corpus
from fazhi.mediation.models import MediationCase
from fazhi.mediation.tests.forms import case_form

pytestmark = pytest.mark.django_db

UPLOAD = "/registers/mediation/import/"


def counts():
    return MediationCase.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def officer(client, tree, make_user):
    user = make_user("tiaojie", tree["county"], Role.MEDIATION)
    client.force_login(user)
    return user


def test_losing_the_database_after_the_first_insert_gives_503_and_writes_nothing(
    client, officer, monkeypatch, caplog
):
    """Three cases are inserted, then the connection drops before their audit entries: the
    import's transaction rolls the cases back and the user is told nothing was saved."""
    inserted = []
    real_bulk_create = MediationCase.objects.bulk_create.__func__

    def insert_then_fail(manager, objs, *args, **kwargs):
        created = real_bulk_create(manager, objs, *args, **kwargs)
        inserted.extend(created)
        assert MediationCase.objects.count() == 3  # really written, inside the transaction
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(type(MediationCase.objects), "bulk_create", insert_then_fail)
    before = counts()
    data = corpus.csv_text(corpus.rows(3)).encode()
    with caplog.at_level(logging.ERROR, logger="fazhi.faults"):
        response = client.post(UPLOAD, {"file": SimpleUploadedFile("三行.csv", data)})
    assert len(inserted) == 3
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "数据库暂时无法访问，本次操作未保存，请稍后重试" in page
    assert counts() == before
    assert "database unavailable during POST /registers/mediation/import/" in caplog.text


def test_losing_the_database_in_a_single_action_rolls_it_back(client, officer, tree, monkeypatch):
    """A case entered on its page: the record's INSERT succeeds, then the connection drops
    before its audit entry; save_record's transaction takes the record back."""
    saved = []

    def fail(actor, register, write, note):
        saved.append(MediationCase.objects.filter(pk=write.record.pk).exists())
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("fazhi.core.writes.change_entry", fail)
    before = counts()
    response = client.post(reverse("mediation:create"), case_form(tree["committee"], "白果3"))
    assert saved == [True]
    assert response.status_code == 503 and MESSAGE in response.content.decode()
    assert counts() == before


def test_other_errors_are_left_to_djangos_500_handling():
    middleware = DatabaseFaultMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("a bug")) is None
    response = middleware.process_exception(request, OperationalError("gone"))
    assert response.status_code == 503 and MESSAGE in response.content.decode()


@pytest.mark.urls("fazhi.core.tests.urls_without_handler")
def test_without_the_middleware_the_user_would_get_a_server_error(
    client, officer, monkeypatch, settings
):
    """The control is the middleware (and handler500 behind it): both removed, the same fault
    is an unexplained 500."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("FaultMiddleware")]

    def fail(*args, **kwargs):
        raise OperationalError("gone")

    monkeypatch.setattr(type(MediationCase.objects), "bulk_create", fail)
    client.raise_request_exception = False
    data = corpus.csv_text(corpus.rows(1)).encode()
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("一行.csv", data)})
    assert response.status_code == 500


# A URLconf for the test below: the site's own, with faults.server_error as handler500.
from fazhi.urls import urlpatterns  # noqa: E402, F401

handler500 = "fazhi.core.faults.server_error"


@pytest.mark.urls("fazhi.core.tests.test_faults")
def test_losing_the_database_before_the_view_gives_the_same_503(client, officer, monkeypatch):
    """The session is read by middleware before any view: with handler500 set to
    faults.server_error, that failure is the same Chinese 503 page, not a bare 500."""

    def fail(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", fail)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503 and MESSAGE in response.content.decode()
