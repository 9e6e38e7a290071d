"""A user of one county reads and writes nothing of another county's, through any endpoint.

The test walks the OpenAPI document, so an endpoint added later without a check here fails
it: every operation must be matched by one of the checks below.
"""

from decimal import Decimal

import pytest

from fazhi.core.models import AuditEntry
from fazhi.core.registers import REGISTERS

from .conftest import sample_payload

pytestmark = pytest.mark.django_db

RECORDS = "/api/registers/{name}/records"


def _register_of(path: str) -> str:
    return path.split("/")[3]


def _snapshot(sample_records):
    return {
        name: type(record).objects.filter(pk=record.pk).values().get()
        for name, record in sample_records.items()
    }


def _check_list(api, name, record):
    found = api.get(RECORDS.format(name=name)).json()
    assert found["count"] == 0 and found["results"] == []
    searched = api.get(RECORDS.format(name=name), {"q": record.number}).json()
    assert searched["count"] == 0


def _check_create(api, name, record):
    model = type(record)
    before = model.objects.count()
    response = api.post(RECORDS.format(name=name), sample_payload(name, number="跨县-1"))
    assert response.status_code == 422
    assert "无权登记" in response.json()["errors"]["unit"][0]
    assert model.objects.count() == before


def _check_get(api, name, record):
    response = api.get(f"{RECORDS.format(name=name)}/{record.pk}")
    assert response.status_code == 404
    assert record.number not in response.content.decode()


def _check_update(api, name, record):
    response = api.patch(f"{RECORDS.format(name=name)}/{record.pk}", {})
    assert response.status_code == 404


def _check_indicators(api, units):
    figures = api.get("/api/indicators").json()["figures"]
    assert figures, "the outsider works every register: he sees every family of figures"
    # Every record is in 古丈县: whatever the outsider's figures count, they count none.
    assert all(f["value"] is None or Decimal(f["value"]) == 0 for f in figures)
    other = api.get("/api/indicators", {"unit": units["county"].code})
    assert other.status_code == 404


def _check_registers(api):
    names = {r["name"] for r in api.get("/api/registers").json()}
    assert names == set(REGISTERS)  # he reads every register, of his own county


def test_no_endpoint_reaches_another_county(units, sample_records, outsider, officer, api_for):
    # The control: the county's own officer sees every sample record through the API.
    mine = api_for(officer)
    for name, record in sample_records.items():
        assert mine.get(f"{RECORDS.format(name=name)}/{record.pk}").status_code == 200

    api = api_for(outsider)
    stored = _snapshot(sample_records)
    schema = api.get("/api/openapi.json").json()
    checked = set()
    for path, operations in schema["paths"].items():
        for method in operations:
            if path == "/api/registers" and method == "get":
                _check_registers(api)
            elif path == "/api/indicators" and method == "get":
                _check_indicators(api, units)
            elif path.startswith("/api/registers/"):
                name = _register_of(path)
                record = sample_records[name]
                check = {
                    ("get", False): _check_list,
                    ("post", False): _check_create,
                    ("get", True): _check_get,
                    ("patch", True): _check_update,
                }.get((method, path.endswith("{record_id}")))
                assert check is not None, f"no scope check for {method.upper()} {path}"
                check(api, name, record)
            else:
                pytest.fail(f"no scope check for {method.upper()} {path}")
            checked.add((method, path))
    assert len(checked) == 2 + 4 * len(REGISTERS)
    assert _snapshot(sample_records) == stored
    # No record of theirs was shown to him (no READ_SENSITIVE entry) or written.
    assert not AuditEntry.objects.filter(actor=outsider).exclude(register="api_token").exists()
