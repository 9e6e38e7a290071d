"""以奖代补 tiers belong to the unit whose money it is (issue 15, point 2): a county sets its own,
a prefecture or province sets defaults its counties inherit, the nearest setting wins; nobody
sets another unit's; the page shows only a user's own and inherited tiers, and only to those
who work with subsidies; the audit entry concerns the unit whose tier it is."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import user_fixture
from fazhi.mediation import actions
from fazhi.mediation.models import MediationCase, SubsidyTier

URL = reverse("mediation:subsidy_tiers")


# 泸溪县's 人民调解 officer: a reviewer of his own county; the prefecture's; the province's.
luxi = user_fixture("lx_tiaojie", "sibling", Role.MEDIATION, full_name="王调解")
prefecture = user_fixture("xz_tiaojie", "prefecture", Role.MEDIATION, full_name="州调解")
province = user_fixture("hn_tiaojie", "province", Role.MEDIATION, full_name="省调解")


def approve_one(mediate, office, county, number, difficulty="ordinary", year=2026):
    """A 古丈县 case submitted for `year` and approved by 古丈县: its fixed amount."""
    case = actions.submit_for_subsidy(office, mediate(number, difficulty=difficulty), year)
    return actions.approve_subsidy(county, case).subsidy_amount


def test_another_countys_officer_cannot_set_this_countys_tiers(
    client, tree, luxi, county, office, mediate, make_user
):
    """The attack: 泸溪县's officer sets 古丈县's ordinary tier for 2026 to 99999.00."""
    attack = {"unit": tree["county"].code, "year": 2026, "difficulty": "ordinary"}
    attack["amount"] = "99999.00"
    client.force_login(luxi)
    assert client.post(URL, attack).status_code == 404
    with pytest.raises(ActionRefused):
        actions.set_tier(luxi, 2026, "ordinary", Decimal("99999.00"), unit=tree["county"])
    assert not SubsidyTier.objects.filter(unit=tree["county"]).exists()

    # What he may do: set his own county's tier. It pays 泸溪县's cases, not 古丈县's.
    own = dict(attack, unit="")
    assert client.post(URL, own).status_code == 302
    assert SubsidyTier.objects.get().unit == tree["sibling"]
    assert approve_one(mediate, office, county, "古丈1") == Decimal("100")  # the default

    # Every entry about 古丈县's money is filed under 古丈县, and only there.
    gz_audit = make_user("gz_audit", tree["county"], Role.AUDIT_ADMIN)
    lx_audit = make_user("lx_audit", tree["sibling"], Role.AUDIT_ADMIN)
    actions.set_tier(county, 2026, "ordinary", Decimal("120"))
    assert approve_one(mediate, office, county, "古丈2") == Decimal("120")
    notes = "以奖代补标准"
    seen_in_guzhang = AuditEntry.objects.visible_to(gz_audit).filter(note__contains=notes)
    seen_in_luxi = AuditEntry.objects.visible_to(lx_audit).filter(note__contains=notes)
    assert [e.note for e in seen_in_guzhang] == ["设置古丈县司法局2026年以奖代补标准（一般）"]
    assert [e.note for e in seen_in_luxi] == ["设置泸溪县司法局2026年以奖代补标准（一般）"]


def test_a_county_inherits_the_nearest_default_until_it_sets_its_own(
    tree, county, office, luxi, prefecture, province, mediate
):
    actions.set_tier(province, 2026, "ordinary", Decimal("110"))
    actions.set_tier(province, 2026, "major", Decimal("330"))
    assert approve_one(mediate, office, county, "1") == Decimal("110")
    actions.set_tier(prefecture, 2026, "ordinary", Decimal("150"))
    assert approve_one(mediate, office, county, "2") == Decimal("150")  # nearer than province
    assert approve_one(mediate, office, county, "3", "major") == Decimal("330")
    assert approve_one(mediate, office, county, "4", "difficult") == Decimal("200")  # default
    actions.set_tier(county, 2026, "ordinary", Decimal("130"))
    actions.set_tier(luxi, 2026, "major", Decimal("9999"))  # 泸溪县's own: not 古丈县's
    assert approve_one(mediate, office, county, "5") == Decimal("130")
    assert approve_one(mediate, office, county, "6", "major") == Decimal("330")
    # Approved amounts stay as they were approved (the nearer setting came later).
    amounts = dict(MediationCase.objects.values_list("number", "subsidy_amount"))
    assert amounts["1"] == Decimal("110") and amounts["2"] == Decimal("150")


def test_an_imported_approved_row_takes_its_own_countys_tier(tree, county, luxi, committees):
    """The register's settings (used by save_record and the importer) hold every unit's tiers;
    each case is paid from its own county's."""
    actions.set_tier(county, 2024, "ordinary", Decimal("120"))
    actions.set_tier(luxi, 2024, "ordinary", Decimal("99999"))
    facts = {
        "received_date": datetime.date(2024, 3, 1),
        "dispute_type": "neighbour",
        "status": "succeeded",
        "agreement_form": "written",
        "closed_date": datetime.date(2024, 3, 10),
        "subsidy_status": "approved",
    }
    guzhang = actions.register_case(
        None, unit=committees["baiguo"], number="导1", committee_code="433126-S01-01", **facts
    )
    luxi_case = actions.register_case(
        None, unit=committees["sibling"], number="导2", committee_code="433122-S01-01", **facts
    )
    assert guzhang.subsidy_amount == Decimal("120")
    assert luxi_case.subsidy_amount == Decimal("99999")


def test_only_a_paying_units_own_officer_sets_its_tiers(
    tree, office, clerk, county, prefecture, make_user
):
    leader = make_user("gz_leader", tree["county"], Role.LEADER)
    section = make_user("gz_section", tree["section"], Role.MEDIATION)
    for who in (office, clerk, leader, section):
        with pytest.raises(ActionRefused):
            actions.set_tier(who, 2026, "ordinary", Decimal("1"))
    with pytest.raises(ActionRefused):  # a prefecture sets its own defaults, not a county's
        actions.set_tier(prefecture, 2026, "ordinary", Decimal("1"), unit=tree["county"])
    with pytest.raises(ActionRefused):  # the command line names a bureau that pays
        actions.set_tier(None, 2026, "ordinary", Decimal("1"), unit=tree["office"])
    assert not SubsidyTier.objects.exists()
    actions.set_tier(None, 2026, "ordinary", Decimal("1"), unit=tree["county"])
    assert SubsidyTier.objects.get().unit == tree["county"]


def test_the_page_is_only_for_those_who_work_with_subsidies(
    client, tree, clerk, office, county, make_user
):
    post = {"year": 2026, "difficulty": "ordinary", "amount": "500"}
    outsiders = [
        clerk,  # a committee's 填报员
        make_user("gz_leader", tree["county"], Role.LEADER),
        make_user("gz_fuyi", tree["county"], Role.RECONSIDERATION),
        make_user("gz_audit", tree["county"], Role.AUDIT_ADMIN),
        make_user("gz_sys", tree["county"], Role.SYSTEM_ADMIN),
    ]
    for who in outsiders:
        client.force_login(who)
        assert client.get(URL).status_code == 403, who.username
        assert client.post(URL, post).status_code == 403, who.username
    client.force_login(office)  # the township reads what it is paid by, and sets nothing
    page = client.get(URL, {"year": 2026}).content.decode()
    assert "设置本单位标准" not in page and "默认标准" in page
    assert client.post(URL, post).status_code == 403
    assert not SubsidyTier.objects.exists()
    client.force_login(county)
    assert "设置本单位标准" in client.get(URL).content.decode()


def test_the_page_shows_only_own_and_inherited_tiers_and_where_each_comes_from(
    client, tree, county, office, luxi, prefecture, province
):
    actions.set_tier(province, 2026, "ordinary", Decimal("120"))
    actions.set_tier(prefecture, 2026, "major", Decimal("400"))
    actions.set_tier(county, 2026, "difficult", Decimal("250"))
    actions.set_tier(luxi, 2026, "ordinary", Decimal("99999"))
    client.force_login(county)
    page = client.get(URL, {"year": 2026}).content.decode()
    table = page[page.index('id="tier-table"') : page.index("</table>")]
    assert "120.00</td><td>继承自湖南省司法厅" in table
    assert "250.00</td><td>本单位设置" in table
    assert "400.00</td><td>继承自湘西州司法局" in table
    assert "99999" not in page and "泸溪" not in page
    client.force_login(office)  # a 司法所 inherits its county's
    page = client.get(URL, {"year": 2026}).content.decode()
    assert "250.00</td><td>继承自古丈县司法局" in page and "99999" not in page
    client.force_login(prefecture)  # above the county: its own and the province's only
    page = client.get(URL, {"year": 2026}).content.decode()
    assert "250" not in page and "99999" not in page
    assert "400.00</td><td>本单位设置" in page and "200.00</td><td>默认标准" in page


def test_the_tiers_page_costs_the_same_queries_for_few_or_many_settings(client, county, prefecture):
    client.force_login(county)
    actions.set_tier(county, 2026, "ordinary", Decimal("120"))
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"year": 2026}).status_code == 200
    for year in range(2000, 2012):
        actions.set_tier(county, year, "major", Decimal(year))
        actions.set_tier(prefecture, year, "difficult", Decimal(year))
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"year": 2026}).status_code == 200
    assert len(many) == len(few) <= 5, [q["sql"] for q in many.captured_queries]


def test_the_list_links_only_to_the_subsidy_pages_its_reader_may_open(
    client, clerk, office, county
):
    """A committee's 填报员 is not offered the tiers or the review (they answer him 403)."""
    shown = {}
    for who in (clerk, office, county):
        client.force_login(who)
        page = client.get(reverse("mediation:list")).content.decode()
        shown[who] = {
            name: reverse(f"mediation:subsidy_{name}") in page
            for name in ("submit", "review", "payout", "tiers")
        }
        for name, linked in shown[who].items():
            if linked:
                assert client.get(reverse(f"mediation:subsidy_{name}")).status_code == 200
    assert shown[clerk] == {"submit": False, "review": False, "payout": True, "tiers": False}
    assert shown[office]["submit"] and shown[office]["tiers"] and not shown[office]["review"]
    assert shown[county]["review"] and shown[county]["tiers"] and not shown[county]["submit"]
