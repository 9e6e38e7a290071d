"""Attacks on accounts, roles and the audit log (issue 15, points 5 and 15, bad characters).

Each test performs the attack and asserts that nothing changed: no role, no password, no
audit entry of the refused act; and where the rule allows it, the legitimate path still works.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from fazhi.api import tokens
from fazhi.conftest import PASSWORD, settle_security, two_factor_code
from fazhi.core import actions
from fazhi.core.errors import ActionRefused
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditAction, AuditEntry, Unit, User, UserRole
from fazhi.core.personal import REASONS_SESSION_KEY, sees_personal_data
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import (
    ADMIN_ROLES,
    GrantRefused,
    Role,
    check_grant,
    check_reset,
    check_two_factor_reset,
)
from fazhi.corrections import actions as corrections_actions
from fazhi.security import actions as security_actions

SYS, SEC, AUD = Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN
NEW_PASSWORD = "Neu-Passwort-2025"
STAND_IN = {
    "username": "tiban",
    "full_name": "替班",
    "phone": "",
    "id_number": "",
    "password": "Qk9-Stand-2025",
    "password_again": "Qk9-Stand-2025",
}


@pytest.fixture
def three(tree, make_user):
    return {
        SYS: make_user("xitong", tree["county"], SYS),
        SEC: make_user("anquan", tree["county"], SEC),
        AUD: make_user("shenji", tree["county"], AUD),
    }


def _grants(user) -> set[str]:
    return set(UserRole.objects.filter(user=user).values_list("role", flat=True))


# --- point 5: no one both knows an account's password and gives it a privileged role --------


def test_the_system_administrator_cannot_make_a_stand_in_that_reads_personal_data(
    client, tree, three
):
    """The attack of issue 15 point 5, through the pages: create an account with a password
    he chose, grant it 社区矫正, log in as it. The grant is refused, so the stand-in reads
    nothing and needs no authenticator he could enrol himself."""
    client.force_login(three[SYS])
    response = client.post("/users/new/", {**STAND_IN, "unit": tree["county"].pk})
    stand_in = User.objects.get(username="tiban")
    assert response.url == f"/users/{stand_in.pk}/"
    entries = AuditEntry.objects.count()
    for role in (Role.CORRECTIONS, Role.RESETTLEMENT, Role.LEGAL_SERVICES):
        page = client.post(f"/users/{stand_in.pk}/", {"op": "grant", "role": role}, follow=True)
        assert "只有安全管理员可以授予" in page.content.decode()
    assert _grants(stand_in) == set()
    assert AuditEntry.objects.count() == entries
    # A role that reads no personal data stays his to grant (accounts and their daily work).
    client.post(f"/users/{stand_in.pk}/", {"op": "grant", "role": Role.RECONSIDERATION})
    assert _grants(stand_in) == {Role.RECONSIDERATION}

    # He logs in as the stand-in: it holds no role that needs (or gives) personal data.
    client.logout()
    client.post("/login/", {"username": "tiban", "password": STAND_IN["password"]})
    client.post(
        "/password/",
        {
            "old_password": STAND_IN["password"],
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert client.get("/").status_code == 200
    stand_in.refresh_from_db()
    assert not security_actions.requires_two_factor(stand_in)
    model = REGISTERS["corrections_subject"].model
    assert not sees_personal_data(stand_in, model)
    assert model.objects.visible_to(stand_in).query.is_empty()  # no scope in the register


def test_whoever_created_an_account_never_grants_it_a_privileged_role(tree, three, make_user):
    """The security administrator may grant privileged roles, but not to an account he made
    (he knows its first password), not even after "its holder" changed it — he could have
    logged in as it and chosen that password himself."""
    made = actions.create_user(
        three[SEC], username="zijian", unit=tree["county"], password=PASSWORD
    )
    actions.set_password(made, made, NEW_PASSWORD)  # "the holder" sets his own
    for role in (Role.CORRECTIONS, AUD, SYS):
        with pytest.raises(ActionRefused, match="创建了该账号或设置过它的密码"):
            actions.grant_role(three[SEC], made, role)
    assert _grants(made) == set()
    assert not AuditEntry.objects.filter(action=AuditAction.GRANT_ROLE, object_id=str(made.pk))
    # Another security administrator, who never knew the password, may.
    colleague = make_user("anquan2", tree["county"], SEC)
    actions.grant_role(colleague, made, Role.CORRECTIONS)
    assert _grants(made) == {Role.CORRECTIONS}


def test_whoever_reset_a_password_never_grants_a_privileged_role_to_that_account(
    tree, three, make_user
):
    officer = make_user("putong", tree["county"], Role.RECONSIDERATION)
    actions.set_password(three[SEC], officer, "Reset-by-admin-1")
    with pytest.raises(ActionRefused, match="设置过它的密码"):
        actions.grant_role(three[SEC], officer, Role.RESETTLEMENT)
    assert _grants(officer) == {Role.RECONSIDERATION}


def test_whoever_granted_a_privileged_role_never_sets_that_accounts_password(
    tree, three, make_user
):
    """The same rule in the other order: grant first, then learn the password by setting it."""
    officer = make_user("jiaozheng", tree["county"])
    actions.grant_role(three[SEC], officer, Role.CORRECTIONS)
    settle_security(officer, enrol=True)  # he logged in and enrolled his authenticator
    with pytest.raises(ActionRefused, match="不能再设置它的密码"):
        actions.set_password(three[SEC], officer, "Taken-over-2025")
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(
        action=AuditAction.SET_PASSWORD, object_id=str(officer.pk)
    ).exists()
    # The system administrator, who manages accounts and granted nothing, resets it.
    actions.set_password(three[SYS], officer, "Reset-by-admin-1")
    officer.refresh_from_db()
    assert officer.check_password("Reset-by-admin-1")


def test_the_same_holds_for_administrator_accounts(tree, three, make_user):
    """The security administrator keeps the administrators' passwords: one whose password he
    set he may not make an administrator, one he made an administrator he may not set the
    password of, and he never holds both the password and the authenticator of an account."""
    candidate = make_user("houbu", tree["county"])
    actions.set_password(three[SEC], candidate, "Reset-by-admin-1")
    with pytest.raises(ActionRefused, match="设置过它的密码"):
        actions.grant_role(three[SEC], candidate, AUD)
    assert _grants(candidate) == set()

    auditor = make_user("shenji2", tree["county"])
    actions.grant_role(three[SEC], auditor, AUD)
    with pytest.raises(ActionRefused, match="不能再设置它的密码"):
        actions.set_password(three[SEC], auditor, "Taken-over-2025")

    # The auditor's password reset by one security administrator (a colleague's grant) does
    # not let that one also reset her authenticator: password and second factor are the
    # whole account.
    colleague = make_user("anquan2", tree["county"], SEC)
    actions.set_password(colleague, three[AUD], "Reset-by-admin-1")
    with pytest.raises(ActionRefused, match="不能再为它重置双因素认证"):
        security_actions.reset_two_factor(colleague, three[AUD])
    assert security_actions.state_of(three[AUD]).enrolled
    # Nor may the one who never knew it while the password is not hers: whoever set it would
    # log in first and enrol his own authenticator (check_two_factor_reset).
    with pytest.raises(ActionRefused, match="尚未由本人登录修改"):
        security_actions.reset_two_factor(three[SEC], three[AUD])
    assert security_actions.state_of(three[AUD]).enrolled
    actions.set_password(three[AUD], three[AUD], NEW_PASSWORD)  # she sets her own
    security_actions.reset_two_factor(three[SEC], three[AUD])  # who never knew it, may now
    assert not security_actions.state_of(three[AUD]).enrolled


def test_the_admin_site_offers_no_way_to_accounts_or_roles(client, three):
    """The admin site (the system administrator's) holds the unit tree only."""
    client.force_login(three[SYS])
    for url in ("/admin/core/user/", "/admin/core/userrole/", "/admin/auth/group/"):
        assert client.get(url).status_code == 404, url


PERSONAL = frozenset({Role.CORRECTIONS, Role.RESETTLEMENT, Role.LEGAL_SERVICES})
roles = st.sampled_from(Role.values)
role_sets = st.sets(roles, max_size=4)


def grant(granter, holder, role, *, knows: bool, own: bool) -> None:
    """check_grant of `role` to another's account holding `holder`, by one holding `granter`,
    who `knows` the password or not, to an account whose holder set it (`own`) or not."""
    check_grant(
        granter,
        to_self=False,
        holder_roles=holder,
        role=role,
        personal_data_roles=PERSONAL,
        knows_password=knows,
        password_set_by_holder=own,
    )


@given(granter=role_sets, holder=role_sets, role=roles, knows=st.booleans(), own=st.booleans())
def test_a_privileged_role_comes_only_from_a_security_administrator_who_never_knew_the_password(
    granter, holder, role, knows, own
):
    """For every granter, holder, role, knowledge of the password and who set the current
    one: whatever the rule lets through, a privileged role came from a security administrator
    who did not know the password, to an account whose holder set his own."""
    try:
        grant(granter, holder, role, knows=knows, own=own)
    except GrantRefused as refusal:
        assert str(refusal)  # always a message for the user
        return
    if role in ADMIN_ROLES | PERSONAL:
        assert SEC in granter and not knows and own
    else:
        assert granter & {SYS, SEC}


@given(granter=role_sets, holder=role_sets, role=roles)
def test_knowing_the_password_or_not_having_set_it_only_ever_refuses_more(granter, holder, role):
    """The new conditions narrow the rule and never widen it, and the holder's own password
    matters for privileged roles only: the daily roles need no wait."""

    def allowed(knows, own):
        try:
            grant(granter, holder, role, knows=knows, own=own)
        except GrantRefused:
            return False
        return True

    assert allowed(True, True) <= allowed(False, True)
    assert allowed(False, False) <= allowed(False, True)
    if role not in ADMIN_ROLES | PERSONAL:
        assert allowed(False, False) == allowed(False, True)


@given(
    held=st.sets(st.sampled_from(sorted(ADMIN_ROLES | PERSONAL)), max_size=3),
    enrolled=st.booleans(),
    own=st.booleans(),
)
def test_password_and_authenticator_never_both_leave_the_holders_hands(held, enrolled, own):
    """Of an account with a privileged role, someone else sets the password only while the
    holder's authenticator stands, and the authenticator is cleared only while the password
    is the holder's: never both at once, so no one administrator holds the whole account."""
    for check, allowed in (
        (lambda: check_reset(held, holder_enrolled=enrolled), enrolled),
        (lambda: check_two_factor_reset(held, password_set_by_holder=own), own),
    ):
        try:
            check()
        except GrantRefused as refusal:
            assert held and not allowed and str(refusal)
        else:
            assert allowed or not held


# --- point 5, the first-login window: a privileged role waits for the holder's own password --


FIRST17 = "43312619850505123"
SUBJECT_ID = FIRST17 + id_number_check_digit(FIRST17)


@pytest.fixture
def subject(tree):
    return corrections_actions.register_subject(
        None, unit=tree["county"], office=tree["office"], number="古矫2024001", name="彭小军",
        id_number=SUBJECT_ID, address="古丈县古阳镇白果社区5组12号", category="probation",
        offence="危险驾驶罪", judgment_effective_date=datetime.date(2024, 3, 1),
        reported_date=datetime.date(2024, 3, 5), start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2025, 2, 28),
    )  # fmt: skip


def _web_login(username, password, *, code=False) -> Client:
    """A browser logging in through the real login form (with the authenticator's code when
    `code`), its reason for reading 社区矫正 personal data already stated."""
    browser = Client()
    browser.post("/login/", {"username": username, "password": password})
    if code:
        browser.post("/login/code/", {"code": two_factor_code(username)})
    session = browser.session
    session[REASONS_SESSION_KEY] = {"corrections_subject": "日常监督管理"}
    session.save()
    return browser


def _reads_the_id_number(browser, subject) -> bool:
    response = browser.get(f"/corrections/{subject.pk}/")
    return response.status_code == 200 and SUBJECT_ID in response.content.decode()


def _grant_page(browser, user, role) -> str:
    return browser.post(
        f"/users/{user.pk}/", {"op": "grant", "role": role}, follow=True
    ).content.decode()


ACTIVATION_CODE = re.compile(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4})</code>")


def _shown_code(response) -> str | None:
    found = ACTIVATION_CODE.search(response.content.decode())
    return found.group(1) if found else None


def _activate(browser, user, code) -> None:
    """The holder's part: the activation code, then a new authenticator (its current code)."""
    page = browser.post("/security/two-factor/enrol/", {"activation_code": code})
    assert page.url == "/security/two-factor/enrol/", page.content.decode()
    assert "激活码正确" in browser.get("/security/two-factor/enrol/").content.decode()
    secret = security_actions.state_of(user).totp_secret
    done = browser.post("/security/two-factor/enrol/", {"code": _totp_now(secret)})
    assert "已启用双因素认证" in done.content.decode()


def _totp_now(secret: str) -> str:
    from django.utils import timezone

    from fazhi.security import policy

    return policy.code_for_step(secret, policy.time_step(timezone.now()))


def test_a_privileged_role_waits_until_the_holder_replaced_the_first_password(tree, three, subject):
    """The attack: the system administrator creates an account (he knows its first password),
    a security administrator who never knew it grants 社区矫正, and before the real holder logs
    in the system administrator does, is made to change the password, enrols his own
    authenticator and reads every ID number. The grant is now refused while the password is
    the one someone else set, so at the moment he could log in the account reads nothing.
    Once the holder has logged in and set his own, the same grant works."""
    system = Client()
    system.force_login(three[SYS])
    system.post("/users/new/", {**STAND_IN, "unit": tree["county"].pk})
    account = User.objects.get(username="tiban")

    security = Client()
    security.force_login(three[SEC])
    entries = AuditEntry.objects.count()
    for role in (Role.CORRECTIONS, AUD):
        assert "尚未由本人登录并修改初始口令" in _grant_page(security, account, role)
    assert _grants(account) == set()
    assert AuditEntry.objects.count() == entries  # a refusal writes nothing
    assert "本人尚未登录修改" in security.get(f"/users/{account.pk}/").content.decode()

    # Whoever logs in with the first password now is sent to change it, holds no role, and
    # reads nothing: not the page, not the ID number.
    intruder = _web_login("tiban", STAND_IN["password"])
    assert intruder.get(f"/corrections/{subject.pk}/").url == "/password/"
    assert not _reads_the_id_number(intruder, subject)

    # The holder logs in and sets his own password: now the grant goes through, and he
    # enrols his authenticator before he reads anything.
    holder = _web_login("tiban", STAND_IN["password"])
    holder.post(
        "/password/",
        {
            "old_password": STAND_IN["password"],
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert actions.password_set_by_holder(account)
    assert "由本人设置" in security.get(f"/users/{account.pk}/").content.decode()
    granted = security.post(f"/users/{account.pk}/", {"op": "grant", "role": Role.CORRECTIONS})
    assert "已授予「社区矫正」" in granted.content.decode()
    assert _grants(account) == {Role.CORRECTIONS}
    code = _shown_code(granted)
    holder = _web_login("tiban", NEW_PASSWORD)
    _activate(holder, account, code)
    assert _reads_the_id_number(holder, subject)
    assert _shown_code(security.get(f"/users/{account.pk}/")) is None  # shown once
    assert not _reads_the_id_number(_web_login("tiban", NEW_PASSWORD), subject)  # must enrol


def test_a_reset_bars_personal_data_until_the_holder_sets_his_own_again(
    tree, three, subject, make_user
):
    """A reset of an account that reads personal data (by the system administrator, who
    manages accounts): its live sessions end, its tokens are refused, and whoever logs in with
    the reset password gets nothing without the holder's authenticator; the holder himself
    reads again only after setting his own password."""
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)  # enrolled
    live = _web_login("jiaozheng", PASSWORD, code=True)
    assert _reads_the_id_number(live, subject)
    _, secret = tokens.create_token(None, officer, "测试")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    register_api = "/api/registers/corrections_subject/records"

    actions.set_password(three[SYS], officer, "Reset-by-admin-1")
    assert security_actions.state_of(officer).must_change_password

    assert live.get(f"/corrections/{subject.pk}/").url.startswith("/login/")  # session ended
    response = api.get(register_api, {"reason": "x"})
    # The token is revoked, not merely paused: someone else knew the password when it lived.
    assert response.status_code == 401 and SUBJECT_ID not in response.content.decode()
    intruder = _web_login("jiaozheng", "Reset-by-admin-1")  # knows the password, not the code
    assert not _reads_the_id_number(intruder, subject)
    assert intruder.get("/").url.startswith("/login/")  # stuck before the code: not logged in

    holder = _web_login("jiaozheng", "Reset-by-admin-1", code=True)
    assert holder.get(f"/corrections/{subject.pk}/").url == "/password/"
    assert not _reads_the_id_number(holder, subject)
    holder.post(
        "/password/",
        {
            "old_password": "Reset-by-admin-1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert _reads_the_id_number(holder, subject)
    assert api.get(register_api, {"reason": "x"}).status_code == 401  # he makes a new one


def test_no_reset_of_a_privileged_account_whose_holder_has_not_enrolled(
    tree, three, subject, make_user
):
    """The forced change cannot tell whoever set a password from the holder: between the grant
    and the holder's enrolment a reset would let its author log in first, "change his own
    password", enrol his own authenticator and read. That reset is refused until the holder
    has enrolled; to help one who forgot his password before, the role is taken back first."""
    officer = make_user("jiaozheng", tree["county"])
    actions.grant_role(three[SEC], officer, Role.CORRECTIONS)
    assert not security_actions.state_of(officer).enrolled
    entries = AuditEntry.objects.count()
    with pytest.raises(ActionRefused, match="本人尚未绑定手机验证器"):
        actions.set_password(three[SYS], officer, "Reset-by-admin-1")
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert not security_actions.state_of(officer).must_change_password
    assert AuditEntry.objects.count() == entries
    # An administrator not yet enrolled is kept alike from the security administrator who
    # keeps administrators' passwords.
    auditor = make_user("shenji2", tree["county"])
    actions.grant_role(three[SEC], auditor, AUD)
    settle_security(auditor, enrol=False)
    colleague = make_user("anquan2", tree["county"], SEC)
    with pytest.raises(ActionRefused, match="本人尚未绑定手机验证器"):
        actions.set_password(colleague, auditor, "Reset-by-admin-1")

    # The way out: the role is revoked, the password reset, the holder sets his own, and the
    # role is granted again (he then enrols at his next login).
    actions.revoke_role(three[SEC], officer, Role.CORRECTIONS)
    actions.set_password(three[SYS], officer, "Reset-by-admin-1")
    with pytest.raises(ActionRefused, match="尚未由本人登录并修改初始口令"):
        actions.grant_role(three[SEC], officer, Role.CORRECTIONS)
    actions.set_password(officer, officer, NEW_PASSWORD)
    actions.grant_role(three[SEC], officer, Role.CORRECTIONS)
    assert _grants(officer) == {Role.CORRECTIONS}


def test_no_authenticator_reset_while_someone_elses_password_stands(tree, three, make_user):
    """The same window in the other order: the system administrator resets the password of an
    enrolled officer (allowed: the authenticator still bars him), then the security
    administrator clears the authenticator (a "lost phone"). That clearing waits until the
    holder has set his own password."""
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    actions.set_password(three[SYS], officer, "Reset-by-admin-1")
    with pytest.raises(ActionRefused, match="尚未由本人登录修改"):
        security_actions.reset_two_factor(three[SEC], officer)
    assert security_actions.state_of(officer).enrolled
    security = Client()
    security.force_login(three[SEC])
    page = security.post(f"/security/users/{officer.pk}/two-factor/", follow=True)
    assert security_actions.state_of(officer).enrolled
    assert "尚未由本人登录修改" in page.content.decode()
    actions.set_password(officer, officer, NEW_PASSWORD)
    security_actions.reset_two_factor(three[SEC], officer)
    assert not security_actions.state_of(officer).enrolled


# --- point 15: audit entries of no unit belong to the top unit's auditor ---------------------


def test_failed_logins_of_unknown_names_are_read_only_by_the_top_units_auditor(
    client, tree, make_user
):
    """A mistyped password in the user-name field is filed under no unit; a county's audit
    administrator does not read it, on the page nor through its search."""
    county_auditor = make_user("shenji", tree["county"], AUD)
    top_auditor = make_user("shengshenji", tree["province"], AUD)
    Client = type(client)
    Client().post("/login/", {"username": "Kq7!vRw2-Ln9", "password": "x"})
    mistyped = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, unit=None)
    assert mistyped.actor_username == "Kq7!vRw2-Ln9"

    assert not AuditEntry.objects.visible_to(county_auditor).filter(pk=mistyped.pk).exists()
    client.force_login(county_auditor)
    for query in ("", "?action=login_failed", "?user=Kq7"):
        page = client.get("/audit/" + query).content.decode()
        assert "Kq7!vRw2-Ln9" not in page, query

    assert AuditEntry.objects.visible_to(top_auditor).filter(pk=mistyped.pk).exists()
    client.force_login(top_auditor)
    assert "Kq7!vRw2-Ln9" in client.get("/audit/?action=login_failed").content.decode()


def test_a_county_auditor_still_reads_failed_logins_of_his_own_users(client, tree, make_user):
    county_auditor = make_user("shenji", tree["county"], AUD)
    make_user("fuyi", tree["office"], Role.RECONSIDERATION)
    type(client)().post("/login/", {"username": "fuyi", "password": "wrong-one"})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, actor_username="fuyi")
    assert AuditEntry.objects.visible_to(county_auditor).filter(pk=failed.pk).exists()


# --- bad characters in the names of accounts and units ----------------------------------------


BAD = ["张\x01三", "王\x7f五", "李\ue001四", "赵\x00六"]


@pytest.mark.parametrize("bad", BAD)
def test_an_account_or_unit_name_with_a_control_character_or_marker_is_refused(tree, bad):
    users, units, entries = User.objects.count(), Unit.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="请删除后重新输入"):
        actions.create_user(
            None, username="xin", unit=tree["county"], password=PASSWORD, full_name=bad
        )
    with pytest.raises(ValidationError, match="请删除后重新输入"):
        actions.create_user(None, username=f"x{bad}", unit=tree["county"], password=PASSWORD)
    with pytest.raises(ValidationError, match="单位名称"):
        actions.save_unit(None, code="433126-99", name=bad, kind="section", parent=tree["county"])
    with pytest.raises(ValidationError, match="单位名称"):
        actions.save_unit(None, code="433126-01", name=bad, kind="section", parent=tree["county"])
    assert (User.objects.count(), Unit.objects.count()) == (users, units)
    assert AuditEntry.objects.count() == entries
    assert Unit.objects.get(code="433126-01").name == "行政复议与应诉股"


def test_a_renamed_account_with_a_control_character_is_refused(tree, three, make_user):
    officer = make_user("putong", tree["county"])
    with pytest.raises(ValidationError, match="姓名"):
        actions.update_user(three[SYS], officer, full_name="普\x1b通")
    officer.refresh_from_db()
    assert officer.full_name == ""


def test_the_pages_refuse_bad_names_in_chinese_and_save_nothing(client, tree, three):
    client.force_login(three[SYS])
    page = client.post(
        "/users/new/", {**STAND_IN, "full_name": "替\x01班", "unit": tree["county"].pk}
    )
    assert page.status_code == 200
    assert "「姓名」第 2 个字符是不可见的控制字符（U+0001）" in page.content.decode()
    assert not User.objects.filter(username="tiban").exists()

    units = Unit.objects.count()
    page = client.post(
        "/admin/core/unit/add/",
        {"code": "433126-98", "name": "新\ue000股", "kind": "section", "parent": tree["county"].pk},
    )
    assert page.status_code == 200
    assert "系统保留字符（U+E000）" in page.content.decode()
    assert Unit.objects.count() == units


# --- issue 15 point 5, second review: a token planted before the grant; a stand-in who enrolled
# his own authenticator before it. Everything the holder could present may have been set by
# the account's creator, so a privileged grant revokes the account's tokens, clears its
# authenticator and hands the holder a one-time activation code through the security
# administrator (security.actions, "Activation").

TOKEN_SECRET = re.compile(r"fz_[0-9a-f]{8}_[A-Za-z0-9_\-]+")
REGISTER_API = "/api/registers/corrections_subject/records"


def _create_account(tree, three, username) -> User:
    system = Client()
    system.force_login(three[SYS])
    system.post("/users/new/", {**STAND_IN, "username": username, "unit": tree["county"].pk})
    return User.objects.get(username=username)


def _replace_first_password(browser, old, new):
    browser.post("/login/", {"username": browser.username, "password": old})
    browser.post("/password/", {"old_password": old, "new_password1": new, "new_password2": new})


def _browser(username) -> Client:
    browser = Client()
    browser.username = username
    return browser


def _state_reason(browser):
    session = browser.session
    session[REASONS_SESSION_KEY] = {"corrections_subject": "日常监督管理"}
    session.save()


def test_a_token_planted_before_the_grant_dies_with_it(tree, three, subject):
    """Review r2, attack A: the system administrator creates 张三, logs in as him, replaces
    P1, makes an API token and keeps the secret, resets the password (allowed: no privileged
    role yet) and hands it over; the holder sets his own, the security administrator grants
    社区矫正, the holder activates. The planted token must read nothing, ever."""
    account = _create_account(tree, three, "zhangsan")
    # An account of no role makes no token at all (issue 19: 接口令牌 only for whom the API
    # serves); with one that the API serves, the attack reaches the grant tested here.
    actions.grant_role(three[SEC], account, Role.PUBLICITY)
    stand_in = _browser("zhangsan")
    _replace_first_password(stand_in, STAND_IN["password"], "Mine-Sysadm-2025")
    page = stand_in.post("/api/tokens/", {"name": "对接平台"}).content.decode()
    planted = TOKEN_SECRET.search(page).group(0)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {planted}")
    assert api.get("/api/registers").status_code == 200  # it worked while he held it

    actions.set_password(three[SYS], account, "Hand-Over-2025x")  # handed to the holder
    assert api.get("/api/registers").status_code == 401  # someone else knew the password
    holder = _browser("zhangsan")
    _replace_first_password(holder, "Hand-Over-2025x", NEW_PASSWORD)
    security = Client()
    security.force_login(three[SEC])
    code = _shown_code(
        security.post(f"/users/{account.pk}/", {"op": "grant", "role": Role.CORRECTIONS})
    )
    holder = _web_login("zhangsan", NEW_PASSWORD)
    _activate(holder, account, code)
    assert _reads_the_id_number(holder, subject)  # the holder reads

    response = api.get(REGISTER_API, {"reason": "核查", "q": SUBJECT_ID})
    assert response.status_code == 401 and SUBJECT_ID not in response.content.decode()


def test_a_token_made_with_the_holders_own_password_still_dies_at_the_grant(tree, three, subject):
    """Attack A without the reset: the system administrator hands over the password he chose
    himself (the system takes it for the holder's). The grant alone revokes the token, with one
    audit entry naming how many."""
    account = _create_account(tree, three, "zhangsan")
    # An account of no role makes no token at all (issue 19: 接口令牌 only for whom the API
    # serves); with one that the API serves, the attack reaches the grant tested here.
    actions.grant_role(three[SEC], account, Role.PUBLICITY)
    stand_in = _browser("zhangsan")
    _replace_first_password(stand_in, STAND_IN["password"], "Mine-Sysadm-2025")
    planted = [
        TOKEN_SECRET.search(stand_in.post("/api/tokens/", {"name": n}).content.decode()).group(0)
        for n in ("对接平台", "备用")
    ]
    actions.grant_role(three[SEC], account, Role.CORRECTIONS)
    for secret in planted:
        response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(REGISTER_API, {"reason": "x"})
        assert response.status_code == 401 and SUBJECT_ID not in response.content.decode()
    entry = AuditEntry.objects.get(note__contains="有效接口令牌", object_id=str(account.pk))
    assert entry.actor == three[SEC] and "全部 2 个" in entry.note


def test_a_stand_in_who_enrolled_before_the_grant_reads_nothing(tree, three, subject):
    """Review r2, attack B: the system administrator creates 李四, logs in, replaces the first
    password and enrols HIS OWN authenticator; a security administrator in good faith grants
    社区矫正; the stand-in states a reason and reads. Now the grant ends his session and voids
    his authenticator; logging in again with the password he knows, he is held at the
    activation step, and every way on refuses him."""
    account = _create_account(tree, three, "lisi")
    stand_in = _browser("lisi")
    _replace_first_password(stand_in, STAND_IN["password"], "Mine-Sysadm-2025")
    stand_in.get("/security/two-factor/enrol/")
    his_secret = security_actions.state_of(account).totp_secret
    stand_in.post("/security/two-factor/enrol/", {"code": _totp_now(his_secret)})
    assert security_actions.state_of(account).enrolled

    security = Client()
    security.force_login(three[SEC])
    granted = security.post(f"/users/{account.pk}/", {"op": "grant", "role": Role.CORRECTIONS})
    code = _shown_code(granted)
    assert code and _grants(account) == {Role.CORRECTIONS}

    # The session he had is gone; his authenticator opens nothing.
    stand_in.post(
        "/personal-data/corrections_subject/reason/",
        {"purpose": "日常监督管理", "next": "/corrections/"},
    )
    response = stand_in.get("/corrections/", {"q": SUBJECT_ID})
    assert response.status_code == 302 and response.url.startswith("/login/")
    state = security_actions.state_of(account)
    assert not state.enrolled and not state.totp_secret and state.activation_pending
    assert code.replace("-", "").lower() not in state.activation_digest  # only a digest

    again = _web_login("lisi", "Mine-Sysadm-2025")  # the password he knows: logged in …
    assert again.get("/corrections/", {"q": SUBJECT_ID}).url == "/security/two-factor/enrol/"
    page = again.get("/security/two-factor/enrol/").content.decode()
    assert "输入激活码" in page and his_secret not in page
    assert again.get("/security/two-factor/qr.svg").status_code == 404  # … no secret shown
    # He tries his old authenticator's code as if enrolling, and a guessed activation code.
    refused = again.post("/security/two-factor/enrol/", {"code": _totp_now(his_secret)})
    assert "输入激活码" in refused.content.decode()
    wrong = again.post("/security/two-factor/enrol/", {"activation_code": "ABCD-EFGH"})
    assert "激活码不正确" in wrong.content.decode()
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="lisi")
    assert failed.exists()  # counted toward the lockout and logged, as a wrong password
    with pytest.raises(ActionRefused, match="激活码"):
        security_actions.begin_enrolment(account)  # no secret without the code
    assert not security_actions.state_of(account).enrolled
    assert not _reads_the_id_number(again, subject)
    api = again.get(REGISTER_API, {"reason": "x"})
    assert api.status_code == 403 and SUBJECT_ID not in api.content.decode()
    # His old session key, his old authenticator at the login: nothing.
    assert again.get("/api/tokens/").status_code == 403

    # The holder, with the code the security administrator handed him, activates and reads;
    # from then on the stand-in's password alone does not log in.
    holder = _web_login("lisi", "Mine-Sysadm-2025")
    _activate(holder, account, code)
    assert _reads_the_id_number(holder, subject)
    late = Client()
    late.post("/login/", {"username": "lisi", "password": "Mine-Sysadm-2025"})
    assert late.get("/").url.startswith("/login/")  # waits for the holder's TOTP code


def test_activation_end_to_end(tree, three, subject):
    """Grant → the code shown once to the security administrator → the holder logs in, is held
    at the enrolment step, enrols only with the code → reads; the code is then spent."""
    account = _create_account(tree, three, "wangwu")
    holder = _browser("wangwu")
    _replace_first_password(holder, STAND_IN["password"], NEW_PASSWORD)
    security = Client()
    security.force_login(three[SEC])
    granted = security.post(f"/users/{account.pk}/", {"op": "grant", "role": Role.CORRECTIONS})
    assert granted.status_code == 200 and "no-store" in granted["Cache-Control"]
    code = _shown_code(granted)
    assert code and "只显示这一次" in granted.content.decode()
    detail = security.get(f"/users/{account.pk}/").content.decode()
    assert code not in detail and "待本人凭激活码绑定验证器" in detail
    assert code not in security.get(f"/security/users/{account.pk}/two-factor/").content.decode()
    entry = AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_RESET).latest("id")
    assert entry.actor == three[SEC] and code not in str(entry.after) + entry.note
    assert entry.after["two_factor"] == "待激活"

    browser = _web_login("wangwu", NEW_PASSWORD)
    assert browser.get(f"/corrections/{subject.pk}/").url == "/security/two-factor/enrol/"
    assert not _reads_the_id_number(browser, subject)
    _activate(browser, account, code.lower().replace("-", " "))  # read out, typed loosely
    assert _reads_the_id_number(browser, subject)
    state = security_actions.state_of(account)
    assert state.enrolled and not state.activation_pending
    enrol = AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_ENROL).latest("id")
    assert enrol.actor == account and "凭激活码" in enrol.note
    # Spent: the same code opens nothing any more.
    with pytest.raises(ActionRefused, match="没有待使用的激活码"):
        security_actions.accept_activation_code(account, code)


def test_wrong_activation_codes_lock_the_account(tree, three):
    account = _create_account(tree, three, "zhaoliu")
    holder = _browser("zhaoliu")
    _replace_first_password(holder, STAND_IN["password"], NEW_PASSWORD)
    code = actions.grant_role(three[SEC], account, Role.CORRECTIONS).activation_code
    guesser = _web_login("zhaoliu", NEW_PASSWORD)
    for _attempt in range(5):
        response = guesser.post("/security/two-factor/enrol/", {"activation_code": "2345-6789"})
    assert response.status_code == 429 and "锁定" in response.content.decode()
    assert guesser.get("/").url.startswith("/login/")  # the session ended with the lock
    # Locked: not even the password gets in now.
    locked = Client().post("/login/", {"username": "zhaoliu", "password": NEW_PASSWORD})
    assert locked.status_code == 429
    assert security_actions.state_of(account).activation_pending
    assert code


def test_an_expired_code_is_refused_and_the_security_administrator_reissues(
    tree, three, subject, make_user
):
    account = _create_account(tree, three, "sunqi")
    holder = _browser("sunqi")
    _replace_first_password(holder, STAND_IN["password"], NEW_PASSWORD)
    old = actions.grant_role(three[SEC], account, Role.CORRECTIONS).activation_code
    from fazhi.security.models import SecurityState

    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    SecurityState.objects.filter(user=account).update(activation_expires_at=past)

    browser = _web_login("sunqi", NEW_PASSWORD)
    assert "激活码已过期" in browser.get("/security/two-factor/enrol/").content.decode()
    refused = browser.post("/security/two-factor/enrol/", {"activation_code": old})
    assert "激活码已过期" in refused.content.decode() and "重新签发" in refused.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="sunqi")

    # Not the system administrator, who knows the password; not one who set it.
    for actor in (three[SYS], three[AUD]):
        with pytest.raises(ActionRefused, match="只有安全管理员"):
            security_actions.reissue_activation(actor, account)
    security = Client()
    security.force_login(three[SEC])
    page = security.get(f"/security/users/{account.pk}/two-factor/").content.decode()
    assert "激活码已过期" in page and "重新签发激活码" in page
    reissued = security.post(f"/security/users/{account.pk}/two-factor/", {"op": "reissue"})
    new = _shown_code(reissued)
    assert new and new != old and "原激活码作废" in reissued.content.decode()

    browser = _web_login("sunqi", NEW_PASSWORD)
    wrong = browser.post("/security/two-factor/enrol/", {"activation_code": old})
    assert "激活码不正确" in wrong.content.decode()
    _activate(browser, account, new)
    assert _reads_the_id_number(browser, subject)


def test_whoever_knew_the_password_never_gets_an_activation_code(tree, three, make_user):
    """The security administrator who created the account (he knows its first password) may
    neither reissue its code nor reset its authenticator; and who issued a pending code may
    not set the password: password and code never in one hand."""
    colleague = make_user("anquan2", tree["county"], SEC)
    account = actions.create_user(
        three[SEC], username="zhouba", unit=tree["county"], password=PASSWORD
    )
    actions.set_password(account, account, NEW_PASSWORD)
    code = actions.grant_role(colleague, account, Role.CORRECTIONS).activation_code
    assert code
    with pytest.raises(ActionRefused, match="创建了该账号或设置过它的密码"):
        security_actions.reissue_activation(three[SEC], account)
    for setter in (colleague, three[SYS]):
        with pytest.raises(ActionRefused, match="三员分立|尚未绑定"):
            actions.set_password(setter, account, "Taken-Over-2025")
    assert User.objects.get(pk=account.pk).check_password(NEW_PASSWORD)
    # The rule of its own: the issuer of a pending code, even once the role is gone.
    actions.revoke_role(colleague, account, Role.CORRECTIONS)
    with pytest.raises(ActionRefused, match="您签发了该账号的激活码"):
        actions.set_password(colleague, account, "Taken-Over-2025")
    assert User.objects.get(pk=account.pk).check_password(NEW_PASSWORD)


def test_a_reset_of_a_privileged_authenticator_issues_a_code_and_revokes_tokens(
    tree, three, subject, make_user
):
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)  # enrolled
    live = _web_login("jiaozheng", PASSWORD, code=True)
    assert _reads_the_id_number(live, subject)
    _, secret = tokens.create_token(None, officer, "测试")
    security = Client()
    security.force_login(three[SEC])
    code = _shown_code(security.post(f"/security/users/{officer.pk}/two-factor/"))
    assert code
    assert live.get(f"/corrections/{subject.pk}/").url.startswith("/login/")  # session ended
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(REGISTER_API).status_code == 401
    browser = _web_login("jiaozheng", PASSWORD)
    assert not _reads_the_id_number(browser, subject)
    _activate(browser, officer, code)
    assert _reads_the_id_number(browser, subject)


def test_the_operators_grant_needs_no_activation(tree):
    """The demo and the command line set accounts up from the machine: exempt, as from the
    other 三员分立 rules, so `make run` still gives accounts that log in and enrol."""
    user = actions.create_user(None, username="caozuo", unit=tree["county"], password=PASSWORD)
    grant = actions.grant_role(None, user, Role.CORRECTIONS)
    assert grant.activation_code is None
    assert not security_actions.state_of(user).activation_pending
