"""The authentication rules as pure functions: password classes, who needs two factors, password
age, TOTP windows and replay, recovery codes."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.passwords import CharacterClassValidator, NotUsernameValidator, character_classes
from fazhi.core.roles import Role
from fazhi.security import policy

NOW = datetime.datetime(2026, 3, 2, 9, 30, 15, tzinfo=datetime.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.mark.parametrize(
    "password, classes",
    [("abcdefgh", 1), ("abcdEFGH", 2), ("abcdEF12", 3), ("ab-EF12x", 4), ("法治工作abc12", 3)],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


def test_two_classes_are_refused_three_are_accepted():
    validator = CharacterClassValidator(min_classes=3)
    with pytest.raises(ValidationError, match="四类中的 3 类"):
        validator.validate("abcdefgh12")
    validator.validate("abcdefgh-12")


def test_a_password_containing_the_username_in_any_case_is_refused():
    validator = NotUsernameValidator()
    with pytest.raises(ValidationError, match="不能包含用户名"):
        validator.validate("My-ZhangSan-9", SimpleNamespace(username="zhangsan"))
    validator.validate("My-LiSi-9", SimpleNamespace(username="zhangsan"))
    validator.validate("Strong-pass-9", SimpleNamespace(username="a"))  # one letter: by chance
    with pytest.raises(ValidationError):
        validator.validate("Ab", SimpleNamespace(username="ab"))


@given(st.text(min_size=0, max_size=40))
def test_classes_never_exceed_four_and_the_validator_agrees(password):
    classes = character_classes(password)
    assert 0 <= classes <= 4
    try:
        CharacterClassValidator(3).validate(password)
        assert classes >= 3
    except ValidationError:
        assert classes < 3


def _register(role, sensitive):
    return SimpleNamespace(register_role=role, sensitive=sensitive)


REGISTERS = [
    _register(Role.CORRECTIONS, {"id_number": "id_number"}),
    _register(Role.LEGAL_SERVICES, {"id_number": "id_number"}),
    _register(Role.RECONSIDERATION, {}),
]


def test_administrators_and_readers_of_personal_data_need_two_factors():
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        assert policy.two_factor_required({role}, REGISTERS)
    assert policy.two_factor_required({Role.CORRECTIONS}, REGISTERS)
    assert policy.two_factor_required({Role.PUBLICITY, Role.LEGAL_SERVICES}, REGISTERS)
    assert not policy.two_factor_required({Role.RECONSIDERATION, Role.LEADER}, REGISTERS)
    assert not policy.two_factor_required(set(), REGISTERS)


def test_the_real_registers_make_corrections_resettlement_and_legal_aid_sensitive():
    from fazhi.core.registers import REGISTERS as REAL

    assert policy.sensitive_roles(REAL.values()) >= {
        Role.CORRECTIONS,
        Role.RESETTLEMENT,
        Role.LEGAL_SERVICES,
    }
    assert Role.PUBLICITY not in policy.sensitive_roles(REAL.values())


def test_password_age():
    day = datetime.timedelta(days=1)
    assert policy.password_expired(None, NOW, 90)
    assert not policy.password_expired(NOW - 90 * day, NOW, 90)
    assert policy.password_expired(NOW - 91 * day, NOW, 90)
    assert not policy.password_expired(NOW - 900 * day, NOW, 0)  # periodic change switched off


def test_a_code_is_valid_for_its_step_and_one_step_either_side():
    step = policy.time_step(NOW)
    for offset in (-1, 0, 1):
        code = policy.code_for_step(SECRET, step + offset)
        assert policy.accepted_step(SECRET, code, NOW, None) == step + offset
    for offset in (-3, -2, 2, 3):
        code = policy.code_for_step(SECRET, step + offset)
        if code not in {policy.code_for_step(SECRET, step + d) for d in (-1, 0, 1)}:
            assert policy.accepted_step(SECRET, code, NOW, None) is None


def test_a_used_step_and_every_earlier_one_are_refused():
    step = policy.time_step(NOW)
    code = policy.code_for_step(SECRET, step)
    assert policy.accepted_step(SECRET, code, NOW, last_step=step) is None
    earlier = policy.code_for_step(SECRET, step - 1)
    assert policy.accepted_step(SECRET, earlier, NOW, last_step=step) is None
    later = policy.code_for_step(SECRET, step + 1)
    assert policy.accepted_step(SECRET, later, NOW, last_step=step) == step + 1


def test_the_code_matches_an_authenticator_app():
    import pyotp

    assert policy.code_for_step(SECRET, policy.time_step(NOW)) == pyotp.TOTP(SECRET).at(NOW)
    uri = policy.provisioning_uri(SECRET, "secadmin", "法治工作管理系统")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri


@given(st.text(max_size=12))
def test_garbage_is_never_a_valid_code(text):
    valid = {policy.code_for_step(SECRET, policy.time_step(NOW) + d) for d in (-1, 0, 1)}
    result = policy.accepted_step(SECRET, text, NOW, None)
    assert (result is not None) == (policy.normalise_code(text) in valid)


def test_recovery_codes_are_distinct_and_checked_against_their_hash_only():
    codes = policy.new_recovery_codes()
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = [policy.hash_recovery_code(c) for c in codes]
    assert all(codes[0] not in s for s in stored)
    assert policy.recovery_code_matches(codes[0], stored[0])
    assert policy.recovery_code_matches(codes[0].upper().replace("-", " "), stored[0])
    assert not policy.recovery_code_matches(codes[1], stored[0])
