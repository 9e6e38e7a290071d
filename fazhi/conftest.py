"""Shared fixtures: a small organisation tree of two sibling counties, and users in it."""

import io

import pytest
from django.core.management import call_command

from fazhi.core import actions
from fazhi.core.models import UnitKind

# Strong by the policy (four classes) and containing none of the tests' usernames.
PASSWORD = "Kq7!vRw2-Ln9"
# The authenticator secret of every test user whose roles need two-factor login (make_user
# enrols them with it); browser journeys type `two_factor_code(username)` at the code step.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _unit(code, name, kind, parent=None):
    return actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(items):
    """Every test that drives the browser is marked `browser`, whether or not it says so, so
    that CI's PostgreSQL half can leave them out (`-m "not browser"`): what a page looks like
    does not depend on the database, and they are a third of the suite's time."""
    for item in items:
        if "browser_page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _holiday_calendar(request, monkeypatch):
    """Each test computes on a calendar of its own: the stored one (read afresh, as the rows
    roll back between tests) when it has a database, the chinesecalendar package's when it
    has none (the pure rules' tests), so that no test reads another's entered year."""
    from fazhi.core import holidays, workdays

    has_database = bool(request.node.get_closest_marker("django_db")) or bool(
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    holidays.forget()
    monkeypatch.setattr(holidays, "RELOAD_SECONDS", float("inf"))
    monkeypatch.setattr(holidays, "SETTLE_SECONDS", 0)
    monkeypatch.setattr(
        workdays, "_provider", holidays.current if has_database else workdays.package_calendar
    )
    yield
    holidays.forget()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Nothing one test kept in the cache (a long list's estimate) is read by another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_duplicate_traces_left_over():
    """A test that calls the importer directly leaves refused registrations' traces pending
    for its thread (core.duplicates); the next test must not write them under its own
    transaction, where their actor no longer exists."""
    yield
    from fazhi.core import duplicates

    duplicates._pending().clear()


@pytest.fixture
def tree(db):
    """湖南 → 湘西州 → 古丈县 (a section, a 司法所 with a mediation committee) and 泸溪县."""
    units = {}
    units["province"] = _unit("43", "湖南省司法厅", UnitKind.PROVINCE)
    units["prefecture"] = _unit("4331", "湘西州司法局", UnitKind.PREFECTURE, units["province"])
    units["county"] = _unit("433126", "古丈县司法局", UnitKind.COUNTY, units["prefecture"])
    units["section"] = _unit("433126-01", "行政复议与应诉股", UnitKind.SECTION, units["county"])
    units["office"] = _unit("433126-S01", "古阳镇司法所", UnitKind.JUDICIAL_OFFICE, units["county"])
    units["committee"] = _unit(
        "433126-S01-01", "白果社区人民调解委员会", UnitKind.MEDIATION_COMMITTEE, units["office"]
    )
    units["sibling"] = _unit("433122", "泸溪县司法局", UnitKind.COUNTY, units["prefecture"])
    units["sibling_office"] = _unit(
        "433122-S01", "白沙镇司法所", UnitKind.JUDICIAL_OFFICE, units["sibling"]
    )
    return units


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo (`make run`'s data), loaded once for a whole test module and rolled back when
    the module ends: loading it takes the better part of a minute, and a module of tests that
    each read it, or change it inside their own test (the `db` fixture's savepoint), need not
    pay that per test. Use it as `def demo(demo_once, db)`. A module that uses it must not
    also make the `tree` (the demo's units have its codes) or use transactional_db."""
    from django.db import transaction
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    unblocked, hashed = django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers)
    with unblocked, hashed, transaction.atomic():
        call_command("demo", "--password", "Demo-pass-2024", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def make_user(db):
    def make(username, unit, *roles, **fields):
        user = actions.create_user(None, username=username, unit=unit, password=PASSWORD, **fields)
        for role in roles:
            actions.grant_role(None, user, role)
        user.__dict__.pop("role_codes", None)
        settle_security(user)
        return user

    return make


def settle_security(user, *, enrol=None):
    """Make a test user an everyday user: his password his own (no forced change) and, where
    his roles need two-factor login (or `enrol` says so), an authenticator holding TOTP_SECRET.
    Written straight to the state, without audit entries, so tests that count entries see only
    their own; production code goes through fazhi.security.actions."""
    from django.utils import timezone

    from fazhi.security import actions as security_actions
    from fazhi.security.models import SecurityState

    if enrol is None:
        enrol = security_actions.requires_two_factor(user)
    SecurityState.objects.update_or_create(
        user=user,
        defaults={
            "must_change_password": False,
            "password_changed_at": timezone.now(),
            "totp_secret": TOTP_SECRET if enrol else "",
            "totp_confirmed_at": timezone.now() if enrol else None,
            "totp_last_step": None,
            # No activation pending: an everyday user has long since activated.
            "activation_digest": "",
            "activation_issued_at": None,
            "activation_expires_at": None,
            "activation_issued_by": None,
        },
    )


def two_factor_code(username: str) -> str:
    """A TOTP code the server will accept now for an enrolled user (the authenticator app's
    part, computed from the stored secret): the current
    time step's, or the next one's when the current step was already used (a second login within
    30 seconds; the server refuses a code twice but accepts one step of clock drift)."""
    import time

    from django.utils import timezone

    from fazhi.security import policy
    from fazhi.security.models import SecurityState

    state = SecurityState.objects.get(user__username=username)
    while True:
        now = policy.time_step(timezone.now())
        step = now if state.totp_last_step is None else max(now, state.totp_last_step + 1)
        if step <= now + policy.TOTP_DRIFT_STEPS:
            return policy.code_for_step(state.totp_secret, step)
        time.sleep(1)  # a third login within one 30-second step: wait for the next step


def browser_login(page, username, password=PASSWORD):
    """Log in through the login form, typing the authenticator's code when asked for one."""
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/login/code/" in page.url:
        page.fill("#id_code", two_factor_code(username))
        page.click("button[type=submit]")
        page.wait_for_load_state()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium, pointed at the live test server.

    Skips with its reason where Chromium or Playwright is missing; CI sets
    FAZHI_REQUIRE_BROWSER=1 (after installing both), where a missing browser is a failure.
    """
    import os
    import shutil

    reason = None
    if not shutil.which(CHROMIUM):
        reason = f"浏览器测试跳过：未找到 {CHROMIUM}（apt-get install chromium fonts-noto-cjk）"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "浏览器测试跳过：未安装 playwright（pip install -e '.[dev]'）"
    if reason:
        if os.environ.get("FAZHI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard does not apply to them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 860}, locale="zh-CN")
        page.base_url = live_server.url
        try:
            yield page
        finally:
            browser.close()


@pytest.fixture
def keys_k1():
    """FAZHI_DATA_KEYS holding the test key K1 alone (core/tests/data_keys.py)."""
    from django.test import override_settings

    from fazhi.core.tests.data_keys import K1

    with override_settings(FAZHI_DATA_KEYS=K1):
        yield
