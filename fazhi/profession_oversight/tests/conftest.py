"""古丈县's roster of 法律服务机构 and practitioners (entered through fazhi.profession's actions,
as the bureau keeps it), the bureau's 公共法律服务 officer, and factories of complaints, checks
and campaigns entered through this app's actions."""

import datetime

import pytest

from fazhi.core.roles import Role
from fazhi.profession import actions as roster
from fazhi.profession_oversight import actions, campaigns

D = datetime.date

FIRM = "31433126MD0000001A"  # 古丈县正阳律师事务所
NOTARY_OFFICE = "43312600001"  # 古丈县公证处
GRASSROOTS_OFFICE = "43312600101"  # 古阳镇法律服务所
LAWYER = "14331201810000001"  # 向明 of 正阳
NOTARY = "14331200000000002"  # 公证员 石兰
OTHER_COUNTY_FIRM = "31433122MD0000009B"  # 泸溪县的律所
UNKNOWN = "14331299999999999"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Each test makes users; the password hash is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(tree, make_user):
    return make_user("gonggong", tree["county"], Role.LEGAL_SERVICES, full_name="龙秀英")


@pytest.fixture
def holders_roster(tree):
    """The orgs and practitioners the complaints and checks name."""
    county = tree["county"]

    def org(number, name, kind, unit=county):
        return roster.register_org(
            None, unit=unit, number=number, name=name, kind=kind, licensed_date=D(2015, 3, 1)
        )

    found = {
        "firm": org(FIRM, "古丈县正阳律师事务所", "law_firm"),
        "notary_office": org(NOTARY_OFFICE, "古丈县公证处", "notary_office"),
        "grassroots_office": org(GRASSROOTS_OFFICE, "古阳镇法律服务所", "grassroots_office"),
        "other_firm": org(OTHER_COUNTY_FIRM, "泸溪县某律师事务所", "law_firm", tree["sibling"]),
    }
    found["lawyer"] = roster.register_practitioner(
        None,
        unit=county,
        number=LAWYER,
        name="向明",
        kind="lawyer",
        lawyer_kind="full_time",
        org_number=FIRM,
        licensed_date=D(2018, 6, 1),
    )
    found["notary"] = roster.register_practitioner(
        None,
        unit=county,
        number=NOTARY,
        name="石兰",
        kind="notary",
        org_number=NOTARY_OFFICE,
        licensed_date=D(2012, 6, 1),
    )
    return found


@pytest.fixture
def complain(officer, tree):
    """Registers a complaint of the county bureau through the action."""

    def make(serial, **facts):
        values = {
            "number": f"古司投〔2024〕{serial}号",
            "received_date": D(2024, 3, 4),
            "channel": "hotline",
            "complainant": "张某某",
            "contact": "13800000000",
            "subject_kind": "lawyer",
            "subject_name": "向明",
            "licence_number": LAWYER,
            "matter": "收取代理费后长期不与委托人沟通",
        }
        values.update(facts)
        return actions.register_complaint(officer, unit=tree["county"], **values)

    return make


CAMPAIGN = "律师、公证、基层法律服务队伍突出问题专项治理"
CHECK_DAY = D(2024, 5, 6)


@pytest.fixture
def campaign(officer, tree, holders_roster):
    return campaigns.create_campaign(
        officer,
        unit=tree["county"],
        name=CAMPAIGN,
        start_date=D(2024, 4, 1),
        end_date=D(2024, 10, 31),
        licence_numbers=[FIRM, NOTARY_OFFICE, GRASSROOTS_OFFICE],
    )


@pytest.fixture
def inspect(officer, tree):
    """Enters a check of the county bureau: its first finding through the create action, the
    others through add_finding; returns its records in order."""

    def make(serial, licence, *findings, day=CHECK_DAY, campaign_name=CAMPAIGN, **facts):
        number = f"古司查〔{day.year}〕{serial}号"
        first, *more = findings or [("", None)]
        values = {
            "number": f"{number}-1",
            "check_number": number,
            "campaign_name": campaign_name,
            "licence_number": licence,
            "check_date": day,
            "inspectors": "龙秀英、彭某",
            "problems": first[0],
            "rectification_deadline": first[1],
        }
        values.update(facts)
        records = [actions.register_check(officer, unit=tree["county"], **values)]
        for problems, deadline in more:
            records.append(
                actions.add_finding(
                    officer, records[0], problems=problems, rectification_deadline=deadline
                )
            )
        return records

    return make
