"""Settings that change figures: defaults in code, changed by the system administrator only,
in one audited transaction, and named beside every figure they decide."""

import pytest
from django.apps import apps

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry, RegisterSetting
from fazhi.core.register_settings import SETTINGS
from fazhi.core.roles import Role
from fazhi.indicators.actions import SettingInvalid, change_setting
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period

RATE = "reconsideration.correction_rate"
DENOMINATOR = "reconsideration.correction_rate.denominator"
LOST = "litigation.lost_results"


def rate(unit):
    figure = compute([RATE], Period.year(2024), unit)[RATE]
    return figure.numerator, figure.denominator, figure.setting_note


def test_defaults_ship_in_code(db):
    values = RegisterSetting.objects.current()
    assert values[DENOMINATOR] == "closed_on_merits"
    assert SETTINGS[LOST].label_of(values[LOST]) == (
        "撤销、部分撤销、确认违法、确认无效、责令履行、变更、给付或赔偿"
    )
    assert len(SETTINGS[LOST].choices) == 12


@pytest.mark.skipif(not apps.is_installed("fazhi.litigation"), reason="行政应诉登记簿未安装")
def test_lost_results_follow_the_litigation_registers_choices():
    from fazhi.litigation.models import LOST_JUDGMENTS_DEFAULT, Judgment

    assert SETTINGS[LOST].choices == tuple((v, str(label)) for v, label in Judgment.choices)
    assert set(SETTINGS[LOST].default) == set(LOST_JUDGMENTS_DEFAULT)


def test_the_denominator_setting_changes_the_figure_and_says_so(tree, cases, make_user):
    admin = make_user("sysadmin", tree["province"], Role.SYSTEM_ADMIN)
    assert rate(tree["county"])[:2] == (1, 2)
    change_setting(admin, DENOMINATOR, "closed")
    numerator, denominator, note = rate(tree["county"])
    assert (numerator, denominator) == (1, 3)
    assert note == "复议纠错率的分母：办结件数"
    change_setting(admin, DENOMINATOR, "received")
    assert rate(tree["county"])[:2] == (1, 3)
    assert rate(tree["office"])[:2] == (0, 1)


def test_a_change_is_audited_with_before_and_after(tree, make_user):
    admin = make_user("sysadmin", tree["province"], Role.SYSTEM_ADMIN)
    change_setting(admin, DENOMINATOR, "received")
    entry = AuditEntry.objects.get(register="indicator_setting")
    assert entry.action == AuditAction.UPDATE and entry.actor == admin
    assert entry.before == {
        "复议纠错率的分母": "审结件数（受理后办结的，不含不予受理、逾期未补正、受理前化解）"
    }
    assert entry.after == {"复议纠错率的分母": "收到申请件数"}
    stored = RegisterSetting.objects.get(key=DENOMINATOR)
    assert (stored.value, stored.updated_by) == ("received", admin)


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (Role.RECONSIDERATION, "province"),
        (Role.LEADER, "province"),
        (Role.SECURITY_ADMIN, "province"),
        (Role.SYSTEM_ADMIN, "county"),  # a county's figures must not change another's
        (Role.SYSTEM_ADMIN, "sibling"),
    ],
)
def test_only_the_top_units_system_administrator_changes_settings(tree, make_user, role, unit):
    user = make_user("someone", tree[unit], role)
    with pytest.raises(ActionRefused, match="最上级单位的系统管理员"):
        change_setting(user, DENOMINATOR, "closed")
    assert not RegisterSetting.objects.exists()
    assert not AuditEntry.objects.filter(register="indicator_setting").exists()


def test_the_command_line_may_change_a_setting(db):
    change_setting(None, DENOMINATOR, "closed")
    assert RegisterSetting.objects.current()[DENOMINATOR] == "closed"
    assert AuditEntry.objects.get(register="indicator_setting").channel == "cli"


def test_only_offered_choices_are_accepted(db):
    with pytest.raises(SettingInvalid, match="只能从给定选项中选择"):
        change_setting(None, DENOMINATOR, "everything")
    with pytest.raises(SettingInvalid, match="至少选择一项"):
        change_setting(None, LOST, [])
    with pytest.raises(SettingInvalid, match="至少选择一项"):
        change_setting(None, LOST, ["revoked", "lost_somehow"])
    with pytest.raises(SettingInvalid, match="未知的指标设置"):
        change_setting(None, "reconsideration.nothing", "closed")


def test_a_set_is_kept_in_the_order_of_its_choices(db):
    change_setting(None, LOST, ["varied", "revoked"])
    assert RegisterSetting.objects.current()[LOST] == ("revoked", "varied")


def test_a_stored_value_the_code_no_longer_offers_falls_back_to_the_default(db):
    RegisterSetting.objects.create(key=DENOMINATOR, value="withdrawn_option")
    assert RegisterSetting.objects.current()[DENOMINATOR] == "closed_on_merits"
