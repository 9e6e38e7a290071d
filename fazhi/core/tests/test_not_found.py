"""Under `make run` (DEBUG on) a missing page is the site's own Chinese page, not Django's
English debug page (issue 19, defect 5)."""

import pytest

from fazhi.core.roles import Role


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_page_is_the_sites_own(client, tree, make_user, settings, debug):
    settings.DEBUG = debug
    client.force_login(make_user("med", tree["county"], Role.MEDIATION))
    for path in ("/no-such-page/", "/mediation/999999/"):
        response = client.get(path)
        page = response.content.decode()
        assert response.status_code == 404, path
        assert "页面不存在" in page and "Page not found" not in page, path
