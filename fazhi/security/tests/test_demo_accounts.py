"""The demo's accounts log in with the printed password without being made to change it; those
whose roles need two-factor login bind an authenticator at their first login (the real
journey, shown in the demo)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_accounts_keep_their_password_and_administrators_enrol_first(client):
    out = io.StringIO()
    call_command("demo", "--password", "Guzhang2024demo", stdout=out)
    assert re.search(r"演示账号密码：Guzhang2024demo", out.getvalue())

    client.post("/login/", {"username": "fuyi", "password": "Guzhang2024demo"})
    assert client.get("/").status_code == 200  # no forced change, no code: an optional role

    client.post("/logout/")
    client.post("/login/", {"username": "secadmin", "password": "Guzhang2024demo"})
    assert client.get("/").url == "/security/two-factor/enrol/"
