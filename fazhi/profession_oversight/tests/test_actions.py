"""The actions: a complaint matched to the roster (its holder named, an unknown number kept and
flagged 未匹配, a holder of another category refused), its personal data encrypted at rest and
logged masked, its steps audited; a check in a campaign (the org covered, within the dates,
the campaign of the unit), its findings numbered, its particulars kept equal; a campaign
entered and changed through its own actions, each change audited, its refusals in Chinese."""

import datetime

import pytest
from django.db import connection

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.rectification import Status
from fazhi.core.roles import Role
from fazhi.profession_oversight import actions, campaigns
from fazhi.profession_oversight.models import (
    Campaign,
    ComplaintStatus,
    LegalServiceCheck,
    LegalServiceComplaint,
)

from .conftest import (
    CAMPAIGN,
    FIRM,
    GRASSROOTS_OFFICE,
    LAWYER,
    NOTARY,
    NOTARY_OFFICE,
    OTHER_COUNTY_FIRM,
    UNKNOWN,
)

D = datetime.date
pytestmark = pytest.mark.django_db


# --- complaints -----------------------------------------------------------------------------


def test_a_complaint_names_the_practitioner_the_roster_holds(complain, holders_roster):
    record = complain(1)
    assert (record.unmatched, record.holder_name) == (False, "向明（古丈县正阳律师事务所）")
    firm = complain(2, subject_kind="law_firm", subject_name="正阳所", licence_number=FIRM)
    assert firm.holder_name == "古丈县正阳律师事务所"
    # Written as a sheet often writes it: spaces and full-width digits, normalised.
    spaced = complain(3, licence_number=" １４３３ 1201810000001 ")
    assert (spaced.licence_number, spaced.unmatched) == (LAWYER, False)


def test_an_unknown_number_is_kept_and_flagged_unmatched(complain, holders_roster):
    record = complain(1, licence_number=UNKNOWN)
    assert (record.licence_number, record.unmatched, record.holder_name) == (UNKNOWN, True, "")
    # No number at all is not 未匹配: there is nothing to match.
    assert complain(2, licence_number="").unmatched is False
    # The holder joins the roster later: the next write of the number matches it.
    record.licence_number = NOTARY
    record.subject_kind = "notary"
    record = actions.update_complaint(None, record, licence_number=NOTARY, subject_kind="notary")
    assert (record.unmatched, record.holder_name) == (False, "石兰（古丈县公证处）")


def test_a_holder_of_another_category_is_refused(complain, holders_roster):
    with pytest.raises(RecordInvalid) as refused:
        complain(1, subject_kind="law_firm", licence_number=LAWYER)
    assert "在执业机构和人员名册中是律师「向明」的，与被投诉对象类别“律师事务所”不符" in str(
        refused.value
    )
    with pytest.raises(RecordInvalid, match="是公证员「石兰」的"):
        complain(2, subject_kind="lawyer", licence_number=NOTARY)
    assert not LegalServiceComplaint.objects.exists()


def test_the_complainant_is_encrypted_at_rest_and_logged_masked(complain, holders_roster):
    record = complain(1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT complainant, contact FROM profession_oversight_legalservicecomplaint"
        )
        stored = cursor.fetchone()
    assert "张某某" not in stored[0] and "13800000000" not in stored[1]
    record.refresh_from_db()
    assert (record.complainant, record.contact) == ("张某某", "13800000000")
    (entry,) = AuditEntry.objects.filter(register="legal_service_complaint")
    assert entry.after["complainant"] == "张**" and entry.after["contact"] == "＊＊＊"


def test_the_steps_are_taken_through_the_action_each_audited(complain, officer, holders_roster):
    record = complain(1)
    actions.record_step(officer, record, "accept", D(2024, 3, 8))
    actions.record_step(
        officer, record, "investigate", D(2024, 4, 1), investigation_note="约谈律师，属实"
    )
    actions.record_step(
        officer, record, "handle", D(2024, 4, 2), finding="substantiated", disposal="discipline"
    )
    actions.record_step(officer, record, "reply", D(2024, 4, 3), reply_method="written")
    actions.record_step(officer, record, "close", D(2024, 4, 3))
    record.refresh_from_db()
    assert (record.status, record.disposal, record.late, record.due_label) == (
        ComplaintStatus.CLOSED,
        "discipline",
        False,
        "",
    )
    notes = list(
        AuditEntry.objects.filter(register="legal_service_complaint")
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes[1:] == [
        "办理：受理",
        "办理：调查",
        "办理：处理结果",
        "办理：答复投诉人",
        "办理：办结",
    ]


# --- campaigns ------------------------------------------------------------------------------


def test_a_campaign_is_entered_and_changed_each_change_audited(officer, tree, campaign):
    assert campaign.licence_numbers == [FIRM, NOTARY_OFFICE, GRASSROOTS_OFFICE]
    created = AuditEntry.objects.get(register="campaign", action=AuditAction.CREATE)
    assert (created.actor, created.object_id, created.register_label) == (
        officer,
        str(campaign.pk),
        "专项治理",
    )
    assert created.after["licence_numbers"] == campaign.licence_numbers
    campaigns.update_campaign(officer, campaign, end_date=D(2024, 12, 31))
    updated = AuditEntry.objects.get(register="campaign", action=AuditAction.UPDATE)
    assert updated.changed_fields() == [("结束日期", "2024-10-31", "2024-12-31")]
    # Changing nothing writes nothing.
    campaigns.update_campaign(officer, campaign, end_date=D(2024, 12, 31))
    assert AuditEntry.objects.filter(register="campaign").count() == 2


@pytest.mark.parametrize(
    ("numbers", "said"),
    [
        ([UNKNOWN], f"找不到执业许可证号为「{UNKNOWN}」的法律服务机构"),
        ([LAWYER], f"「{LAWYER}」是律师「向明」的执业证号，不是机构"),
        ([OTHER_COUNTY_FIRM], "「泸溪县某律师事务所」不由本单位管理"),
        ([], "请填写专项治理覆盖的机构"),
    ],
)
def test_a_campaign_covers_only_orgs_of_the_bureau(officer, tree, holders_roster, numbers, said):
    with pytest.raises(ActionRefused, match=said):
        campaigns.create_campaign(
            officer,
            unit=tree["county"],
            name="专项治理",
            start_date=D(2024, 4, 1),
            end_date=None,
            licence_numbers=numbers,
        )
    assert not Campaign.objects.exists() and not AuditEntry.objects.filter(register="campaign")


def test_a_campaign_refuses_bad_dates_a_taken_name_and_a_reader(officer, tree, campaign, make_user):
    base = {"unit": tree["county"], "licence_numbers": [FIRM], "start_date": D(2024, 4, 1)}
    with pytest.raises(ActionRefused, match="结束日期不能早于开始日期"):
        campaigns.create_campaign(officer, name="甲", end_date=D(2024, 3, 1), **base)
    with pytest.raises(ActionRefused, match="本单位已有同名的专项治理"):
        campaigns.create_campaign(officer, name=CAMPAIGN, end_date=None, **base)
    leader = make_user("lingdao", tree["county"], Role.LEADER)
    with pytest.raises(ActionRefused, match="专项治理由司法局公共法律服务人员登记和修改"):
        campaigns.create_campaign(leader, name="乙", end_date=None, **base)
    stranger = make_user("luxi", tree["sibling"], Role.LEGAL_SERVICES)
    with pytest.raises(ActionRefused, match="您不能为「古丈县司法局」登记专项治理"):
        campaigns.create_campaign(stranger, name="丙", end_date=None, **base)
    with pytest.raises(ActionRefused, match="您不能修改「古丈县司法局」的专项治理"):
        campaigns.update_campaign(stranger, campaign, name="丁")
    assert Campaign.objects.count() == 1


def test_once_checked_a_campaign_keeps_its_name_its_orgs_checked_and_their_days(
    officer, campaign, inspect
):
    inspect(1, FIRM, ("收费公示不规范", D(2024, 6, 30)))
    with pytest.raises(ActionRefused, match="已有检查记录的专项治理不能改名"):
        campaigns.update_campaign(officer, campaign, name="新名称")
    with pytest.raises(ActionRefused, match=f"已检查的机构不能移出专项治理：{FIRM}"):
        campaigns.update_campaign(officer, campaign, licence_numbers=[NOTARY_OFFICE])
    with pytest.raises(ActionRefused, match="已有检查日期在新的起止日期之外的检查记录"):
        campaigns.update_campaign(officer, campaign, start_date=D(2024, 6, 1))
    # An org not yet checked may go, another may come.
    campaigns.update_campaign(officer, campaign, licence_numbers=[FIRM, GRASSROOTS_OFFICE])
    campaign.refresh_from_db()
    assert campaign.licence_numbers == [FIRM, GRASSROOTS_OFFICE]


def test_the_numbers_typed_are_read_one_each(holders_roster):
    typed = f" {FIRM.lower()}\n{NOTARY_OFFICE}，{NOTARY_OFFICE}、 {GRASSROOTS_OFFICE} "
    assert campaigns.parse_numbers(typed) == [FIRM, NOTARY_OFFICE, GRASSROOTS_OFFICE]


# --- checks ---------------------------------------------------------------------------------


def test_a_check_of_a_covered_org_in_the_campaign(officer, campaign, inspect):
    first, second = inspect(
        1, FIRM, ("收费公示不规范", D(2024, 6, 30)), ("利益冲突审查记录缺失", D(2024, 7, 31))
    )
    assert (first.campaign, first.org_name, first.unmatched) == (
        campaign,
        "古丈县正阳律师事务所",
        False,
    )
    assert second.number == "古司查〔2024〕1号-2" and second.campaign == campaign
    assert (second.status, second.due_date) == (Status.RECTIFYING, D(2024, 7, 31))
    actions.record_rectification(officer, first, D(2024, 6, 20), "已公示收费标准")
    first.refresh_from_db()
    assert (first.status, first.rectification_note) == (Status.RECTIFIED, "已公示收费标准")


@pytest.mark.parametrize(
    ("facts", "header", "said"),
    [
        ({"campaign_name": "没有这个专项"}, "专项治理", "本单位没有名为「没有这个专项」的专项治理"),
        (
            {"licence_number": OTHER_COUNTY_FIRM},
            "被检查机构许可证号",
            "不在专项治理「律师、公证、基层法律服务队伍突出问题专项治理」覆盖的机构中",
        ),
        ({"licence_number": UNKNOWN}, "被检查机构许可证号", "覆盖的机构中"),
        ({"licence_number": LAWYER}, "被检查机构许可证号", "被检查的应是法律服务机构"),
        ({"day": D(2024, 3, 1)}, "检查日期", "检查日期不在专项治理"),
    ],
)
def test_a_check_outside_its_campaign_is_refused(campaign, inspect, facts, header, said):
    licence = facts.pop("licence_number", FIRM)
    with pytest.raises(RecordInvalid) as refused:
        inspect(1, licence, **facts)
    (problem,) = refused.value.problems
    assert problem.header == header and said in problem.message
    assert not LegalServiceCheck.objects.exists()


def test_a_check_of_another_units_campaign_is_refused(officer, tree, campaign, inspect):
    """The campaign is looked for in the record's own unit: a section's check does not reach
    its bureau's campaign by name."""
    section = tree["section"]
    with pytest.raises(RecordInvalid, match="本单位没有名为"):
        actions.register_check(
            officer,
            unit=section,
            number="1-1",
            check_number="1",
            campaign_name=CAMPAIGN,
            licence_number=FIRM,
            check_date=D(2024, 5, 6),
            inspectors="龙秀英",
        )


def test_a_check_outside_any_campaign_keeps_an_unknown_org_flagged(inspect, holders_roster):
    (record,) = inspect(1, UNKNOWN, campaign_name="")
    assert (record.campaign, record.unmatched, record.org_name) == (None, True, "")


def test_a_checks_particulars_change_on_every_record_at_once(officer, campaign, inspect):
    records = inspect(1, FIRM, ("甲", D(2024, 6, 30)), ("乙", D(2024, 7, 31)))
    changed = actions.update_check(
        officer, records, inspectors="龙秀英、石某", check_date=D(2024, 5, 7)
    )
    assert changed == 2
    assert set(LegalServiceCheck.objects.values_list("inspectors", "check_date")) == {
        ("龙秀英、石某", D(2024, 5, 7))
    }
    # One record alone may not disagree with its check.
    with pytest.raises(RecordInvalid, match="同一次检查的各条记录须一致"):
        actions.update_check(officer, records[:1], inspectors="另一组")
