"""The OpenAPI document describes each register for real, and the docs page works offline.

Both need a login (issue 15 point 12): the tests read them as a logged-in officer."""

import re

import pytest
from django.test import Client

from fazhi.core.registers import REGISTERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(tree, make_user):
    """A logged-in web session, as the docs page's own fetch of the document has."""
    client = Client()
    client.force_login(make_user("gz_docs", tree["county"]))
    return client


@pytest.fixture
def document(reader):
    response = reader.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _resolve(document, schema):
    ref = schema.get("$ref")
    return document["components"]["schemas"][ref.split("/")[-1]] if ref else schema


def _plain(prop):
    """A property's own schema, whether it is optional (anyOf with null) or not."""
    for option in prop.get("anyOf", [prop]):
        if option.get("type") != "null":
            return {**prop, **option}
    return prop


def test_every_register_has_its_own_operations_and_schemas(document):
    for name, register in REGISTERS.items():
        path = f"/api/registers/{name}/records"
        assert set(document["paths"][path]) == {"get", "post"}
        assert set(document["paths"][f"{path}/{{record_id}}"]) == {"get", "patch"}
        body = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        created = _resolve(document, body["schema"])
        assert created["additionalProperties"] is False
        assert set(created["properties"]) == {c.field for c in register.columns}
        required = {c.field for c in register.columns if c.required} | {"unit", "number"}
        assert set(created["required"]) == required
        for column in register.columns:
            prop = _plain(created["properties"][column.field])
            if column.kind == "date":
                assert prop["format"] == "date", (name, column.field)
            if column.kind == "choice":
                assert {v for v, _ in column.choices} <= set(prop["enum"]), (name, column.field)
            if column.kind == "bool":
                assert prop["type"] == "boolean"
            assert prop["title"] == column.header


def test_every_operation_needs_the_bearer_token(document):
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for operations in document["paths"].values():
        for operation in operations.values():
            assert operation["security"] == [{"TokenAuth": []}]


def test_the_docs_page_uses_no_cdn_and_no_inline_script(reader):
    response = reader.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
    # The only inline <script> is JSON data (swagger's settings), which CSP does not run.
    for attributes in re.findall(r"<script([^>]*)>\s*[^<\s]", page):
        assert 'type="application/json"' in attributes
