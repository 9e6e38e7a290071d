"""Every register's list answers a search, on the web and through the API, whatever its
search fields are: a field across a relation ("reviewed_unit__name") once made the search's
labels fail with a server error (CI, after issue 15), because the labels were read as if
every search field were the model's own."""

import pytest
from django.urls import reverse

from fazhi.core.registers import REGISTERS

pytestmark = pytest.mark.django_db

TEXT = "古丈"


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_the_api_list_answers_a_search(name, sample_records, officer, api_for):
    response = api_for(officer).get(f"/api/registers/{name}/records", {"q": TEXT, "reason": "核对"})
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("name", sorted(n for n, r in REGISTERS.items() if r.list_url))
def test_the_web_list_answers_a_search(name, sample_records, officer, client):
    client.force_login(officer)
    response = client.get(reverse(REGISTERS[name].list_url), {"q": TEXT})
    assert response.status_code == 200, response.content[:300]
