"""The home page: every business line, the user's own marked."""

from fazhi.core.roles import Role


def test_home_lists_every_business_line_and_marks_the_users_own(client, tree, make_user):
    client.force_login(make_user("med", tree["office"], Role.MEDIATION))
    page = client.get("/").content.decode()
    for label in ("行政复议", "行政应诉", "合法性审查", "人民调解", "社区矫正", "安置帮教", "普法"):
        assert label in page
    assert "古阳镇司法所" in page
    mine = [item["line"].key for item in client.get("/").context["lines"] if item["mine"]]
    assert mine == ["mediation"]
