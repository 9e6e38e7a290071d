"""The list endpoint's SQL is a fixed handful of queries, whatever the page holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.api import records
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.registers import REGISTERS

from .conftest import sample_payload

pytestmark = pytest.mark.django_db

NAME = "corrections_subject"
LIST = f"/api/registers/{NAME}/records"
# The token with its user and unit, the user's roles, the page, one INSERT of the page's
# READ_SENSITIVE entries, the count (5 today); one spare for the audit log's own bookkeeping.
LIST_QUERIES = 6


def _subjects(count: int, start: int = 1):
    for n in range(start, start + count):
        first17 = f"43312619800101{n:03}"
        payload = sample_payload(
            NAME, number=f"古矫2024{n:03}", id_number=first17 + id_number_check_digit(first17)
        )
        records.create(None, REGISTERS[NAME], payload)


@pytest.fixture
def reader(units, make_user):
    return make_user("gz_corr", units["county"], "corrections")


def _queries(api, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(LIST, params)
    assert response.status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_2_or_40_records(
    reader, api_for, django_assert_max_num_queries
):
    api = api_for(reader)
    _subjects(2)
    api.get(LIST)  # the token's last-use time is written on the first call of a minute
    few = _queries(api, {"page_size": 100})
    _subjects(38, start=3)
    many = _queries(api, {"page_size": 100})
    assert few == many
    with django_assert_max_num_queries(LIST_QUERIES):
        data = api.get(LIST, {"page_size": 100}).json()
    assert data["count"] == 40 and len(data["results"]) == 40
