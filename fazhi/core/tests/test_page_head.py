"""A page's <head> holds only what base.html and a page's `extra_head` put there: the list
templates' column headers (their `head` block) once also printed into <head>, where the browser
moves them to the top of the body as loose text."""

import re

import pytest
from django.urls import reverse

from fazhi.core.registers import REGISTERS

HEAD = re.compile(r"<head>(.*?)</head>", re.S)


@pytest.mark.parametrize("name", sorted(n for n, r in REGISTERS.items() if r.list_url))
def test_no_register_list_puts_its_columns_into_the_head(client, tree, make_user, name):
    register = REGISTERS[name]
    client.force_login(make_user("reader", tree["county"], register.register_role))
    response = client.get(reverse(register.list_url))
    assert response.status_code == 200
    head = HEAD.search(response.content.decode()).group(1)
    assert "<th" not in head and "<td" not in head
