import io
import re

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import AuditAction, AuditEntry, Unit, UnitKind, User, UserRole
from fazhi.core.roles import Role
from fazhi.portal.management.commands import demo
from fazhi.portal.management.commands.demo import DEMO_ACCOUNTS, new_password


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def kept_password_file(tmp_path, monkeypatch):
    """The demo keeps its password in a file of the test's own, not in the checkout's .local/."""
    path = tmp_path / ".local" / "demo-password"
    monkeypatch.setattr(demo, "PASSWORD_FILE", path)
    return path


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    return re.search(r"演示账号密码：(\S+)", output).group(1)


def roles_of(username: str) -> set[str]:
    return set(UserRole.objects.filter(user__username=username).values_list("role", flat=True))


@pytest.mark.django_db
def test_demo_loads_the_county_and_its_accounts():
    output = run_demo()

    county = Unit.objects.get(code="433126")
    assert county.name == "古丈县司法局"
    assert [u.code for u in county.ancestors()] == ["43", "4331"]
    offices = Unit.objects.filter(parent=county, kind=UnitKind.JUDICIAL_OFFICE)
    assert offices.count() == 7
    for office in offices:
        assert office.children.filter(kind=UnitKind.MEDIATION_COMMITTEE).count() >= 2
    assert Unit.objects.get(code="433122").parent.code == "4331"
    assert 50 <= Unit.objects.count() <= 70

    password = printed_password(output)
    assert len(password) >= 12
    assert "已导入单位：新增" in output
    assert "http://127.0.0.1:8000/" in output
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(password)
        assert user.full_name == account.full_name
        assert user.unit.code == account.unit_code
        assert roles_of(account.username) == set(account.roles)
        assert account.username in output


@pytest.mark.django_db
def test_the_demo_accounts_have_the_documented_roles():
    run_demo()

    assert roles_of("admin") == {Role.SYSTEM_ADMIN}
    assert roles_of("fazhi") == {Role.LEGALITY, Role.ENFORCEMENT}
    assert roles_of("guyang") == {Role.MEDIATION, Role.CORRECTIONS}
    assert User.objects.get(username="guyang").unit.name == "古阳镇司法所"
    assert User.objects.get(username="tiaoweihui").unit.kind == UnitKind.MEDIATION_COMMITTEE
    luxi = User.objects.get(username="luxi")
    county = Unit.objects.get(code="433126")
    assert not luxi.unit.is_within(county)
    assert luxi.unit not in Unit.objects.subtree(county)


@pytest.mark.django_db
def test_running_the_demo_again_changes_only_the_passwords():
    first = printed_password(run_demo())
    units = list(Unit.objects.values_list("code", "name", "kind", "parent__code", "path"))
    grants = list(UserRole.objects.values_list("user__username", "role").order_by("pk"))
    users = list(User.objects.values_list("pk", "username", "full_name", "unit__code"))
    audit_before = AuditEntry.objects.count()

    output = run_demo("--password", "Guzhang2024demo")

    assert "新增 0 个，更新 0 个，未变" in output
    assert printed_password(output) == "Guzhang2024demo"
    assert list(Unit.objects.values_list("code", "name", "kind", "parent__code", "path")) == units
    assert list(UserRole.objects.values_list("user__username", "role").order_by("pk")) == grants
    assert list(User.objects.values_list("pk", "username", "full_name", "unit__code")) == users
    new_entries = AuditEntry.objects.order_by("id")[audit_before:]
    assert {e.action for e in new_entries} == {AuditAction.SET_PASSWORD}  # no case again
    assert len(new_entries) == len(DEMO_ACCOUNTS)
    admin = User.objects.get(username="admin")
    assert admin.check_password("Guzhang2024demo")
    assert not admin.check_password(first)


@pytest.mark.django_db
def test_running_the_demo_again_resets_a_changed_account():
    run_demo()
    leader = User.objects.get(username="leader")
    leader.full_name = "别人"
    leader.is_active = False
    leader.save()
    UserRole.objects.create(user=leader, role=Role.RECONSIDERATION)

    run_demo()

    leader.refresh_from_db()
    assert leader.full_name == "彭志刚"
    assert leader.is_active
    assert roles_of("leader") == {Role.LEADER}


@pytest.mark.django_db
def test_a_weak_password_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="密码不符合要求"):
        run_demo("--password", "12345678")

    assert not Unit.objects.exists()
    assert not User.objects.exists()


def test_generated_passwords_mix_letters_and_digits():
    passwords = {new_password() for _ in range(50)}

    assert len(passwords) == 50
    for password in passwords:
        assert len(password) >= 12
        assert password.isalnum() and password.isascii()
        assert re.search(r"[0-9]", password) and re.search(r"[A-Za-z]", password)


@pytest.mark.django_db
def test_the_demo_loads_cases_with_deadlines_around_today_once():
    from fazhi.litigation.models import LitigationCase
    from fazhi.reconsideration.demo import CASES, CLOSED_IN_YEAR, sued_numbers, year_plan
    from fazhi.reconsideration.models import ReconsiderationCase, Status

    planned = len(CASES) + sum(len(year_plan(year)) for year in CLOSED_IN_YEAR)
    output = run_demo()
    assert f"演示行政复议：新增 {planned} 件" in output
    assert ReconsiderationCase.objects.count() == planned
    statuses = set(ReconsiderationCase.objects.values_list("status", flat=True))
    assert {Status.CLOSED, Status.IN_REVIEW, Status.SUSPENDED, Status.PENDING_REVIEW} <= statuses
    # Past years' cases are all closed: what is open is the recent ones, on today's board.
    open_cases = ReconsiderationCase.objects.exclude(status=Status.CLOSED)
    assert {case.number for case in open_cases} <= {
        f"古政复〔{case.received_date.year}〕{serial}号"
        for case in open_cases
        for serial, *_ in CASES
    }
    linked = LitigationCase.objects.exclude(reconsideration=None)
    # Two recent suits, and one after each past year's case marked sued (test_demo_report).
    assert linked.count() == 2 + sum(len(sued_numbers(year)) for year in CLOSED_IN_YEAR)
    assert all(suit.reconsideration.number == suit.reconsideration_number for suit in linked)
    steps = AuditEntry.objects.filter(register="reconsideration", actor__username="fuyi")
    assert steps.filter(note__startswith="办理：受理").exists()

    assert "演示行政复议：新增 0 件" in run_demo()
    assert ReconsiderationCase.objects.count() == planned


@pytest.mark.django_db
def test_the_demo_prints_the_address_the_site_runs_at():
    """`make run PORT=8080` prints the address it serves (issue 19, defect 10)."""
    output = run_demo("--password", "Demo-pass-2024", "--site-url", "http://127.0.0.1:8080/")
    assert "网站地址：http://127.0.0.1:8080/" in output and ":8000" not in output


def test_make_run_tells_the_demo_its_host_and_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text(encoding="utf-8")
    assert "manage.py demo --site-url http://$(HOST):$(PORT)/" in makefile


@pytest.mark.django_db
def test_the_demo_password_stays_until_it_is_reset(kept_password_file):
    """`make run` again keeps the accounts' password; `--reset-passwords` makes a new one
    (issue 19, defect 10). The kept password is its owner's alone to read."""
    first = printed_password(run_demo())
    assert kept_password_file.stat().st_mode & 0o777 == 0o600
    again = run_demo()
    assert printed_password(again) == first and "--reset-passwords" in again
    assert User.objects.get(username="admin").check_password(first)
    reset = printed_password(run_demo("--reset-passwords"))
    assert reset != first and User.objects.get(username="admin").check_password(reset)
    assert printed_password(run_demo()) == reset
