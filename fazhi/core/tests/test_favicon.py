"""Every page names the site's own icon, vendored with its static files, so no browser asks
for a /favicon.ico that is not there (issue 19, defect 10)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders


def test_the_pages_name_an_icon_that_is_there(client):
    page = client.get("/login/").content.decode()
    found = re.search(r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', page)
    assert found, "登录页没有网站图标"
    icon = finders.find(found.group(1))
    assert icon and Path(icon).read_text(encoding="utf-8").startswith("<svg")
