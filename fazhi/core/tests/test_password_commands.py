"""Issue 15 point 10, on the command line: Django's own `changepassword` and `createsuperuser`
set passwords past core.actions.set_password (no audit entry, no password_changed_at, English
messages). fazhi's replacements: changepassword goes through the audited action as the
machine's operator; createsuperuser refuses, since 三员分立 has no superuser."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command, execute_from_command_line, get_commands
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.core.actions import validation_messages
from fazhi.core.models import AuditAction, AuditEntry, User
from fazhi.core.roles import Role
from fazhi.security.models import SecurityState

NEW_PASSWORD = "Wq8#tZm4-Hx7"
WEAK_PASSWORD = "abcdefgh"
LONG_AGO = timezone.now() - datetime.timedelta(days=400)


@pytest.fixture
def officer(tree, make_user):
    user = make_user("fuyiyuan", tree["county"], Role.RECONSIDERATION)
    SecurityState.objects.filter(user=user).update(password_changed_at=LONG_AGO)
    return user


@pytest.fixture
def typed(monkeypatch):
    """What the operator types at each getpass prompt, in order; the prompts are kept."""
    prompts = []

    def answer_with(*answers):
        remaining = list(answers)

        def fake_getpass(prompt="Password: ", stream=None):
            prompts.append(prompt)
            return remaining.pop(0)

        monkeypatch.setattr("getpass.getpass", fake_getpass)
        return prompts

    return answer_with


def _password_entries(user):
    return AuditEntry.objects.filter(action=AuditAction.SET_PASSWORD, object_id=str(user.pk))


def _unchanged(user):
    user.refresh_from_db()
    state = SecurityState.objects.get(user=user)
    return (
        user.check_password(PASSWORD)
        and not _password_entries(user).exists()
        and state.password_changed_at == LONG_AGO
        and not state.must_change_password
    )


def test_fazhis_commands_replace_djangos():
    commands = get_commands()
    assert commands["changepassword"] == "fazhi.core"
    assert commands["createsuperuser"] == "fazhi.core"


def test_the_operators_password_change_is_audited_and_dated(officer, typed):
    prompts = typed(NEW_PASSWORD, NEW_PASSWORD)
    call_command("changepassword", "fuyiyuan")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    entry = _password_entries(officer).get()
    assert entry.actor is None and entry.channel == "cli"
    state = SecurityState.objects.get(user=officer)
    assert state.password_changed_at > LONG_AGO
    # Someone other than the holder knows this password: he replaces it at next login.
    assert state.must_change_password
    assert prompts == ["新密码：", "再次输入新密码："]


def test_a_weak_password_is_refused_with_the_policys_messages_and_nothing_changes(
    officer, typed, capsys, monkeypatch
):
    # A command run from the command line closes every connection when it ends; on
    # PostgreSQL that would close the test's own, inside its transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(ValidationError) as policy:
        validate_password(WEAK_PASSWORD, officer)
    typed(WEAK_PASSWORD, WEAK_PASSWORD)
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["manage.py", "changepassword", "fuyiyuan"])
    assert exit.value.code != 0
    refusal = capsys.readouterr().err
    assert "密码不符合要求，未修改" in refusal
    for message in validation_messages(policy.value):
        assert message in refusal
    assert _unchanged(officer)


def test_passwords_that_differ_change_nothing(officer, typed):
    typed(NEW_PASSWORD, NEW_PASSWORD + "x")
    with pytest.raises(CommandError, match="两次输入的密码不一致"):
        call_command("changepassword", "fuyiyuan")
    assert _unchanged(officer)


def test_an_unknown_user_is_named_in_chinese(db, typed):
    typed(NEW_PASSWORD, NEW_PASSWORD)
    with pytest.raises(CommandError, match="用户「nobody」不存在"):
        call_command("changepassword", "nobody")


@pytest.mark.parametrize(
    "arguments",
    [[], ["--noinput", "--username", "root", "--email", "root@example.com"]],
    ids=["interactive", "noinput"],
)
def test_createsuperuser_refuses_and_names_how_administrators_are_made(
    tree, typed, arguments, monkeypatch
):
    typed(NEW_PASSWORD, NEW_PASSWORD)
    monkeypatch.setattr("builtins.input", lambda prompt="": "root")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    users, entries = User.objects.count(), AuditEntry.objects.count()
    with pytest.raises(CommandError) as refusal:
        call_command("createsuperuser", *arguments)
    assert "三员分立" in str(refusal.value)
    assert "create_user" in str(refusal.value) and "grant_role" in str(refusal.value)
    assert User.objects.count() == users and not User.objects.filter(is_superuser=True).exists()
    assert AuditEntry.objects.count() == entries
