"""Settings per unit (issue 23): a unit's choice of a figure setting holds for its subtree, a
unit below inherits until it chooses, the top unit's administrator sets the defaults and a
county's administrator the county's; two counties of one deployment, dividing 纠错率 by
different counts and rounding it differently, each get their own correct percentage."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry, RegisterSetting
from fazhi.core.roles import Role
from fazhi.indicators.actions import SettingInvalid, change_setting, clear_setting
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period, unit_setting_keys
from fazhi.indicators.rounding import Rounding
from fazhi.reconsideration.models import Outcome
from fazhi.reconsideration.tests.facts import make_case

RATE = "reconsideration.correction_rate"
DENOMINATOR = "reconsideration.correction_rate.denominator"
ROUNDING = "reconsideration.rounding"
# A deadline setting: the same for every unit.
DEADLINE = "legality.review_days.normative_document"


def closed(unit, number, outcome, **more):
    # 不予受理 is decided within the five days of review (行政复议法第三十条).
    door = outcome == Outcome.NOT_ACCEPTED
    accepted, day = (None, "2024-03-04") if door else ("2024-03-04", "2024-04-01")
    return make_case(
        unit, number, "2024-03-01", accepted=accepted, closed=day, outcome=outcome, **more
    )


@pytest.fixture
def two_counties(tree):
    """古丈 (with its 司法所): 撤销, 变更, and at its 司法所 a 不予受理 — received 3, decided on
    the merits 2, corrected 2. 泸溪: 变更 and two 维持 — received 3, on the merits 3,
    corrected 1."""
    closed(tree["county"], "G1", Outcome.REVOKED)
    closed(tree["county"], "G2", Outcome.VARIED)
    closed(tree["office"], "G3", Outcome.NOT_ACCEPTED)
    closed(tree["sibling"], "L1", Outcome.VARIED)
    closed(tree["sibling"], "L2", Outcome.UPHELD)
    closed(tree["sibling"], "L3", Outcome.UPHELD)
    return tree


def rate(unit):
    return compute([RATE], Period.year(2024), unit)[RATE]


def test_two_counties_print_their_own_correction_rate(two_counties, make_user):
    tree = two_counties
    admin = make_user("gzadmin", tree["county"], Role.SYSTEM_ADMIN)
    change_setting(admin, DENOMINATOR, "received", tree["county"])
    change_setting(admin, ROUNDING, "truncate_1", tree["county"])

    guzhang = rate(tree["county"])
    # 2 corrected ÷ 3 received = 66.666…%: truncated to one decimal, not rounded up.
    assert (guzhang.numerator, guzhang.denominator) == (2, 3)
    assert guzhang.value == Decimal(2) / Decimal(3)
    assert guzhang.shown == "66.6%"
    assert "收到申请件数" in guzhang.setting_note and "截尾" in guzhang.setting_note
    assert guzhang.rounding == Rounding("truncate", 1)

    # 泸溪 keeps the defaults: 1 corrected ÷ 3 decided on the merits, two decimals half up.
    luxi = rate(tree["sibling"])
    assert (luxi.numerator, luxi.denominator, luxi.shown) == (1, 3, "33.33%")

    # 古丈's 司法所 inherits its county's choices: 0 of the 1 application it received.
    office = rate(tree["office"])
    assert (office.numerator, office.denominator, office.shown) == (0, 1, "0.0%")

    # The prefecture above both keeps the defaults: 3 corrected ÷ 5 on the merits.
    prefecture = rate(tree["prefecture"])
    assert (prefecture.numerator, prefecture.denominator, prefecture.shown) == (3, 5, "60.00%")


def test_a_unit_below_inherits_until_it_chooses_and_again_once_it_clears(tree, make_user):
    top = make_user("topadmin", tree["province"], Role.SYSTEM_ADMIN)
    change_setting(top, ROUNDING, "half_up_0")  # the defaults, for every unit
    change_setting(top, ROUNDING, "truncate_2", tree["county"])
    change_setting(top, ROUNDING, "half_up_1", tree["office"])

    def in_force(unit):
        value, source = RegisterSetting.objects.in_force(unit)[ROUNDING]
        return value, source.code if source else None

    assert in_force(tree["committee"]) == ("half_up_1", tree["office"].code)
    assert in_force(tree["office"]) == ("half_up_1", tree["office"].code)
    assert in_force(tree["section"]) == ("truncate_2", tree["county"].code)
    assert in_force(tree["sibling"]) == ("half_up_0", None)
    assert RegisterSetting.objects.current()[ROUNDING] == "half_up_0"

    assert clear_setting(top, ROUNDING, tree["office"]) is True
    assert in_force(tree["committee"]) == ("truncate_2", tree["county"].code)
    assert clear_setting(top, ROUNDING, tree["office"]) is False  # nothing left to clear
    clear_setting(top, ROUNDING)
    assert in_force(tree["sibling"]) == ("half_up_2", None)  # the code's default


def test_the_top_units_choice_is_the_defaults(tree, make_user):
    top = make_user("topadmin", tree["province"], Role.SYSTEM_ADMIN)
    change_setting(top, ROUNDING, "truncate_0", tree["province"])
    row = RegisterSetting.objects.get(key=ROUNDING)
    assert row.unit is None  # not a second, competing row for the top unit
    assert RegisterSetting.objects.current(tree["sibling"])[ROUNDING] == "truncate_0"


def test_who_may_choose_what_and_for_whom(tree, make_user):
    county_admin = make_user("gzadmin", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)

    change_setting(county_admin, DENOMINATOR, "received", tree["office"])  # below his county
    with pytest.raises(ActionRefused, match="泸溪县司法局或其上级单位的系统管理员"):
        change_setting(county_admin, DENOMINATOR, "received", tree["sibling"])
    with pytest.raises(ActionRefused, match="最上级单位的系统管理员"):
        change_setting(county_admin, DENOMINATOR, "received")  # the defaults
    with pytest.raises(ActionRefused):
        change_setting(officer, DENOMINATOR, "received", tree["county"])
    # A deadline holds for every unit alike: not a county's to choose.
    assert DEADLINE not in unit_setting_keys()
    with pytest.raises(SettingInvalid, match="对全部单位统一设置"):
        change_setting(county_admin, DEADLINE, "10", tree["county"])
    assert list(RegisterSetting.objects.values_list("key", "unit__code")) == [
        (DENOMINATOR, tree["office"].code)
    ]


def test_each_change_and_clearing_is_audited_with_its_unit(tree, make_user):
    admin = make_user("gzadmin", tree["county"], Role.SYSTEM_ADMIN)
    row = change_setting(admin, ROUNDING, "truncate_1", tree["county"])
    clear_setting(admin, ROUNDING, tree["county"])
    changed, cleared = AuditEntry.objects.filter(register="indicator_setting").order_by("pk")
    assert (changed.action, cleared.action) == (AuditAction.UPDATE, AuditAction.DELETE)
    assert changed.object_id == cleared.object_id == str(row.pk)
    assert changed.unit_id == cleared.unit_id == tree["county"].pk
    assert "古丈县司法局及下级单位" in changed.note
    assert changed.after == {"行政复议案件比率的取舍": "截尾（舍去多余位数），保留1位小数"}
    assert cleared.after == {"行政复议案件比率的取舍": "四舍五入，保留2位小数"}


def command(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_the_command_sets_lists_and_clears(tree):
    said = command("--set", f"{ROUNDING}=truncate_1", "--unit", tree["county"].code)
    assert said == "古丈县司法局：行政复议案件比率的取舍 = 截尾（舍去多余位数），保留1位小数\n"
    assert RegisterSetting.objects.current(tree["office"])[ROUNDING] == "truncate_1"

    listed = command("--list", "--unit", tree["office"].code)
    line = next(x for x in listed.splitlines() if x.startswith(f"{ROUNDING}\t"))
    assert "\t截尾（舍去多余位数），保留1位小数\t古丈县司法局\t" in line
    assert f"{RATE}\t纠错率\t%\t" in listed  # every indicator with its definition
    deadline = next(x for x in listed.splitlines() if x.startswith(f"{DEADLINE}\t"))
    assert "（全部单位统一）" in deadline

    command("--clear", ROUNDING, "--unit", tree["county"].code)
    assert RegisterSetting.objects.current(tree["office"])[ROUNDING] == "half_up_2"


def test_the_command_refuses_a_bad_setting_and_changes_nothing(tree):
    with pytest.raises(CommandError, match="只能从给定选项中选择"):
        command("--set", f"{ROUNDING}=truncate_1", "--set", f"{DENOMINATOR}=everything")
    with pytest.raises(CommandError, match="应为 设置项=取值"):
        command("--set", "no.such.setting=1")
    with pytest.raises(CommandError, match="对全部单位统一设置"):
        command("--set", f"{DEADLINE}=10", "--unit", tree["county"].code)
    assert not RegisterSetting.objects.exists()  # the first, valid one was rolled back too


def test_the_settings_page_shows_a_county_its_own_settings_and_where_they_come_from(
    client, tree, make_user
):
    top = make_user("topadmin", tree["province"], Role.SYSTEM_ADMIN)
    change_setting(top, ROUNDING, "half_up_1")
    admin = make_user("gzadmin", tree["county"], Role.SYSTEM_ADMIN)
    client.force_login(admin)
    page = client.get("/indicators/settings/").content.decode()
    assert "指标设置 · 古丈县司法局" in page and "沿用全部单位的默认值" in page
    response = client.post(
        "/indicators/settings/",
        {"key": ROUNDING, "value": "truncate_2", "unit": tree["county"].code},
        follow=True,
    )
    page = response.content.decode()
    assert "已将「行政复议案件比率的取舍」（古丈县司法局）修改为：截尾" in page
    assert "本单位设置" in page and "恢复沿用上级" in page
    office_page = client.get("/indicators/settings/", {"unit": tree["office"].code})
    assert "沿用古丈县司法局的设置" in office_page.content.decode()
    # The sibling county is not his: the page is refused, and so is a change.
    assert client.get("/indicators/settings/", {"unit": tree["sibling"].code}).status_code == 404
    refused = client.post(
        "/indicators/settings/", {"key": ROUNDING, "value": "truncate_0", "unit": "defaults"}
    )
    assert refused.status_code == 403
    assert RegisterSetting.objects.current()[ROUNDING] == "half_up_1"


def test_docs_figures_md_is_what_the_registry_says(settings):
    """docs/figures.md explains every figure's definition; it is written from the registry
    (`indicators --doc`) and must be regenerated when a definition changes."""
    written = (settings.BASE_DIR / "docs" / "figures.md").read_text(encoding="utf-8")
    assert written == command("--doc"), "请运行 python manage.py indicators --doc > docs/figures.md"


def test_two_top_units_in_one_deployment_keep_their_own_choices(tree, make_user):
    """Counties that each run alone, side by side: one's choice is not the other's, and
    neither administrator changes what the other inherits."""
    from fazhi.core import actions as core_actions
    from fazhi.core.models import UnitKind

    alone = core_actions.save_unit(
        None, code="433127", name="永顺县司法局", kind=UnitKind.COUNTY, parent=None
    )
    admin = make_user("ysadmin", alone, Role.SYSTEM_ADMIN)
    change_setting(admin, ROUNDING, "truncate_1", alone)
    assert RegisterSetting.objects.get(key=ROUNDING).unit == alone  # not the defaults
    assert RegisterSetting.objects.current(alone)[ROUNDING] == "truncate_1"
    assert RegisterSetting.objects.current(tree["county"])[ROUNDING] == "half_up_2"
    with pytest.raises(ActionRefused):
        change_setting(admin, ROUNDING, "truncate_0")  # the defaults: the command line's
    province_admin = make_user("topadmin", tree["province"], Role.SYSTEM_ADMIN)
    with pytest.raises(ActionRefused):
        change_setting(province_admin, ROUNDING, "truncate_0", alone)
