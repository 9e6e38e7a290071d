"""What the litigation tests share: the county's 复议应诉 officer."""

import pytest

from fazhi.core.roles import Role


@pytest.fixture
def officer(tree, make_user):
    return make_user("yingsu", tree["county"], Role.RECONSIDERATION, full_name="向红梅")
