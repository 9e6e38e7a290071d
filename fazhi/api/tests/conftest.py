"""Fixtures of the API tests: tokens, a client that sends one, and a valid record of every
register built from the register's own sample row (the one its import template shows)."""

import pytest
from django.test import Client

from fazhi.api import tokens
from fazhi.core import actions
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL
from fazhi.core.models import UnitKind
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import BUSINESS_ROLES

# The sample rows name this unit (a department reviewed by 案卷评查) besides the tree's.
DEPARTMENT = "433126-E02"


@pytest.fixture
def units(tree, request):
    tree["department"] = actions.save_unit(
        None,
        code=DEPARTMENT,
        name="古丈县市场监督管理局",
        kind=UnitKind.ENFORCEMENT_DEPARTMENT,
        parent=tree["county"],
    )
    if sample_needs_cards(request):
        sample_card_holders(tree["department"])
    return tree


# The cards the 涉企行政检查 sample names: two officers must hold cards valid on its date.
SAMPLE_CARDS = ("43126020249001", "43126020249002")


def sample_needs_cards(request) -> bool:
    """Whether the test enters the 涉企行政检查 sample (every register's samples, or a test
    parametrised by register `name`): only then are the card holders made, so that no other
    register's test counts them."""
    if "sample_records" in request.fixturenames:
        return True
    callspec = getattr(request.node, "callspec", None)
    return callspec is not None and callspec.params.get("name") == "enterprise_inspection"


def sample_card_holders(department):
    """Two officers of the department holding the sample inspection's cards, issued 2024-03-01,
    so that every register's sample can be entered as it stands."""
    import datetime

    from fazhi.core.idnumber import id_number_check_digit
    from fazhi.officers import actions as officers
    from fazhi.officers.models import Staffing

    for n, card in enumerate(SAMPLE_CARDS, start=1):
        officers.register_officer(
            None,
            unit=department,
            number=f"样例执法人员{n}",
            name=f"样例执法人员{n}",
            id_number=f"43312619800101{900 + n}"
            + id_number_check_digit(f"43312619800101{900 + n}"),
            staffing=Staffing.ADMINISTRATIVE,
            card_number=card,
            card_issuer="湖南省人民政府",
            card_issued_date=datetime.date(2024, 3, 1),
        )


class ApiClient:
    """Django's test client with a user's bearer token on every request."""

    def __init__(self, secret: str):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def get(self, path, params=None):
        return self.client.get(path, params or {}, **self.headers)

    def post(self, path, data):
        return self.client.post(path, data, content_type="application/json", **self.headers)

    def patch(self, path, data):
        return self.client.patch(path, data, content_type="application/json", **self.headers)


@pytest.fixture
def api_for(db):
    def make(user) -> ApiClient:
        _, secret = tokens.create_token(None, user, "测试")
        return ApiClient(secret)

    return make


@pytest.fixture
def officer(units, make_user):
    """One officer of 古丈县 working every register."""
    return make_user("gz_all", units["county"], *sorted(BUSINESS_ROLES))


@pytest.fixture
def outsider(units, make_user):
    """An officer of the sibling county 泸溪县 working every register, and its leader."""
    return make_user("lx_all", units["sibling"], *sorted(BUSINESS_ROLES), "leader")


def api_value(column, text: str):
    """A sample cell as the API takes it: stored codes for choices, JSON booleans, ISO dates."""
    if not text:
        return None
    if column.kind == "bool":
        return text == TRUE_LABEL if text in (TRUE_LABEL, FALSE_LABEL) else text
    if column.kind == "choice":
        return next((value for value, label in column.choices if label == text), text)
    if column.kind == "int":
        return int(text)
    return text


def sample_payload(name: str, /, **changes) -> dict:
    register = REGISTERS[name]
    payload = {
        c.field: api_value(c, register.sample.get(c.header, ""))
        for c in register.columns
        if register.sample.get(c.header, "")
    }
    payload.update(changes)
    return payload


@pytest.fixture
def sample_records(units):
    """One record of every register in 古丈县, saved by the operator through the import path's
    twin, the one write path (save_record via the API's own create)."""
    from fazhi.api import records

    return {
        name: records.create(None, register, sample_payload(name))
        for name, register in REGISTERS.items()
    }
