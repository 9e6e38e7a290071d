"""The page contract (portal/tests/page_contract.py) over this app's pages with the demo loaded:
every page the keeper of the registers and the leader reach from the three lists, by links
within the app, answers 200 in strict HTML, all Chinese, units by their names."""

from collections import deque
from urllib.parse import urljoin

import pytest
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.tests.helpers import login_with_reason
from fazhi.portal.tests.page_contract import Contract, followed, page_kind
from fazhi.profession import demo

pytestmark = pytest.mark.django_db
STARTS = ["/profession/orgs/", "/profession/practitioners/", "/profession/assessments/"]
NAMES = ("legal_service_org", "legal_practitioner", "practitioner_assessment")


def crawl_app(client, contract) -> tuple[dict, set]:
    queue = deque((start, "") for start in STARTS)
    kinds = {page_kind(start) for start in STARTS}
    broken, seen = {}, set()
    while queue:
        url, linked_from = queue.popleft()
        response = client.get(url)
        seen.add(page_kind(url)[0])
        if response.status_code != 200:
            broken[url] = [f"状态 {response.status_code}（链接见于 {linked_from}）"]
            continue
        problems, links = contract.problems(response.content.decode())
        if problems:
            broken[url] = problems
        for href in links:
            target = followed(urljoin(url, href))
            if target and target.startswith("/profession/") and page_kind(target) not in kinds:
                kinds.add(page_kind(target))
                queue.append((target, url))
    return broken, seen


@pytest.mark.parametrize("who", ["keeper", "leader"])
def test_the_apps_pages_keep_the_page_contract(client, tree, keeper, leader, who):
    demo.load(timezone.localdate())
    contract = Contract(dict(Unit.objects.values_list("code", "name")))
    login_with_reason(client, {"keeper": keeper, "leader": leader}[who], *NAMES)
    broken, seen = crawl_app(client, contract)
    assert broken == {}
    assert "/profession/assessments/unassessed/" in seen
    assert {"/profession/orgs/<n>/", "/profession/practitioners/<n>/"} <= seen
