"""Schemathesis runs every operation of the OpenAPI document against the app, with the token of
an officer who has records in every register, and finds no server error (5xx).

Each operation gets a few valid and a few invalid requests (wrong types, missing and unknown
fields, out-of-range numbers, odd strings), and requests on the officer's real records, so
reads and writes of stored records are exercised, not only 404s. The data is made once and
the examples kept few so that the run fits CI's time on SQLite and PostgreSQL. A deeper run by
hand: FAZHI_API_FUZZ=100 (examples per kind and operation).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from fazhi.api import tokens
from fazhi.api.api import api

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FAZHI_API_FUZZ", "0")) or 4


@pytest.fixture
def schema(settings):
    # Schemathesis's WSGI client sends Host: localhost.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # The document the app serves at /api/openapi.json, and the app itself, called in-process.
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    # A WSGI request closes "old" connections when it starts and ends, which would close the
    # test's own connection, inside its transaction, on PostgreSQL. Django's test client
    # switches this off for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _strategy(operation, record_id):
    kinds = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if "{record_id}" in operation.path:
        real = {"record_id": record_id}
        kinds.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
        kinds.append(operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real))
    return st.one_of(kinds)


def test_no_operation_gives_a_server_error(schema, sample_records, officer):
    _, secret = tokens.create_token(None, officer, "schemathesis")
    bearer = {"Authorization": f"Bearer {secret}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        name = operation.path.split("/")[3] if operation.path.count("/") > 3 else ""
        record = sample_records.get(name)

        @settings(
            max_examples=EXAMPLES * (4 if record and "{record_id}" in operation.path else 2),
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=_strategy(operation, record.pk if record else 1))
        def run(case):
            response = case.call(headers=bearer)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            run()
        except Exception as failure:  # noqa: BLE001 (every operation's failure is reported)
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert operations == 2 + 4 * len(sample_records)
    assert not failures, "\n\n".join(failures)
