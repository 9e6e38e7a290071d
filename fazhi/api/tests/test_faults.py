"""The database going away mid-request: a clear 503 in JSON, and nothing half-written."""

import pytest
from django.db import OperationalError

from fazhi.core import writes
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.reconsideration.models import ReconsiderationCase

from .conftest import sample_payload

pytestmark = pytest.mark.django_db

CASES = "/api/registers/reconsideration/records"


@pytest.fixture
def officer(units, make_user):
    return make_user("gz_fy", units["county"], "reconsideration")


def test_a_lost_database_during_a_write_saves_nothing_and_says_so(officer, api_for, monkeypatch):
    api = api_for(officer)

    def database_gone(*args, **kwargs):
        # The record's INSERT has run; the connection drops before its audit entry is written.
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(writes, "change_entry", database_gone)
    response = api.post(CASES, sample_payload("reconsideration"))
    assert response.status_code == 503
    assert response.json()["detail"] == "数据库暂时无法访问，本次操作未保存，请稍后重试。"
    assert response["Retry-After"]
    assert not ReconsiderationCase.objects.exists()
    assert not AuditEntry.objects.filter(register="reconsideration", action=AuditAction.CREATE)
