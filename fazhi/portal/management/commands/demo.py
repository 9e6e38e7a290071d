import importlib
import os
import secrets
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from fazhi.core import actions
from fazhi.core.models import Unit, User
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.core.unit_loader import load_units
from fazhi.portal import demo_documents
from fazhi.security import actions as security_actions

UNITS_FILE = Path(__file__).resolve().parents[2] / "demo" / "units.csv"
# The demo accounts' password, kept between runs beside the demo's SQLite file and data key
# (.local/, ignored by git, readable by its owner only), so that `make run` again does not
# change it; `--reset-passwords` makes a new one.
PASSWORD_FILE = Path(settings.BASE_DIR) / ".local" / "demo-password"
SITE_URL = "http://127.0.0.1:8000/"
COUNTY = "433126"
# Letters and digits a reader cannot confuse when copying the password off the screen.
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 14


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit_code: str
    roles: tuple[str, ...]


DEMO_ACCOUNTS = (
    DemoAccount("admin", "张卫东", COUNTY, (Role.SYSTEM_ADMIN,)),
    DemoAccount("secadmin", "李静", COUNTY, (Role.SECURITY_ADMIN,)),
    DemoAccount("auditor", "王敏", COUNTY, (Role.AUDIT_ADMIN,)),
    DemoAccount("leader", "彭志刚", COUNTY, (Role.LEADER,)),
    DemoAccount("fuyi", "向红梅", COUNTY, (Role.RECONSIDERATION,)),
    DemoAccount("fazhi", "田晓峰", COUNTY, (Role.LEGALITY, Role.ENFORCEMENT)),
    DemoAccount("gonggong", "龙秀英", COUNTY, (Role.LEGAL_SERVICES,)),
    DemoAccount("jiaozheng", "石建华", COUNTY, (Role.CORRECTIONS, Role.RESETTLEMENT)),
    DemoAccount("tiaojie", "杨丽", COUNTY, (Role.MEDIATION, Role.PUBLICITY)),
    DemoAccount("guyang", "张桂兰", "433126-S01", (Role.MEDIATION, Role.CORRECTIONS)),
    DemoAccount("tiaoweihui", "梁顺华", "433126-S01-01", (Role.CLERK,)),
    # A department's 填报员: its officers, plan, inspections and yearly data, and its 案卷评查 整改.
    DemoAccount("shijianju", "吴海波", "433126-E02", (Role.CLERK,)),
    # 依法治县办: the committee's meetings and tasks, the departments' reports, 法律顾问.
    DemoAccount("zhixian", "周立新", COUNTY, (Role.RULE_OF_LAW,)),
    DemoAccount("luxi", "符明", "433122", (Role.RECONSIDERATION,)),
)


class Command(BaseCommand):
    help = "载入演示数据：古丈县的单位、演示账号和各登记簿的演示案件（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="所有演示账号使用的密码（默认沿用上次的密码，第一次随机生成）"
        )
        parser.add_argument(
            "--reset-passwords", action="store_true", help="为演示账号生成新的随机密码"
        )
        parser.add_argument(
            "--site-url", default=SITE_URL, help=f"网站地址，只用于提示（默认 {SITE_URL}）"
        )

    def handle(self, *args, **options):
        password = options["password"] or kept_password(reset=options["reset_passwords"])
        _check_password(password)
        with transaction.atomic():
            result = load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))
            users = [reset_account(account, password) for account in DEMO_ACCOUNTS]
            records = load_register_demos(timezone.localdate())
            documents = demo_documents.load(timezone.localdate())
        self.stdout.write(
            f"已导入单位：新增 {result.created} 个，更新 {result.updated} 个，"
            f"未变 {result.unchanged} 个。"
        )
        for label, added in records:
            self.stdout.write(f"演示{label}：新增 {added} 件。")
        if documents:
            self.stdout.write(f"演示案件文书：出具 {documents} 份。")
        self.stdout.write("")
        self.stdout.write(_accounts_table(users))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示账号密码：{password}"))
        self.stdout.write(
            "（以上演示账号都使用这个密码，再次运行 demo 时不变；"
            "要换新密码，运行 manage.py demo --reset-passwords。）"
        )
        self.stdout.write(f"网站地址：{options['site_url']}")


def load_register_demos(today) -> list[tuple[str, int]]:
    """Each register app may ship a `demo` module with `load(today)`; run them in the order of
    INSTALLED_APPS, so that a register linking to another finds its records."""
    added = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):  # the portal's demo/ is a folder of data, not a loader
            added.append((str(config.verbose_name), module.load(today)))
    return added


def kept_password(*, reset: bool) -> str:
    """The password of an earlier run, kept in PASSWORD_FILE; a new one, kept there, on the
    first run or when `reset` asks for it. A password given on the command line is the
    caller's to remember and is not kept."""
    if PASSWORD_FILE.exists() and not reset:
        kept = PASSWORD_FILE.read_text(encoding="utf-8").strip()
        if kept:
            return kept
    password = new_password()
    PASSWORD_FILE.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    PASSWORD_FILE.unlink(missing_ok=True)
    # Created readable by its owner only, from the first byte.
    descriptor = os.open(PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as kept_file:
        kept_file.write(password + "\n")
    return password


def new_password() -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        # Django's validators refuse all-digit passwords; mixing all three kinds also reads
        # as a strong password to anyone trying the demo.
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def _check_password(password: str):
    try:
        validate_password(password)
    except ValidationError as error:
        raise CommandError("密码不符合要求：" + "；".join(error.messages)) from error


def reset_account(account: DemoAccount, password: str) -> User:
    """Create the demo account, or put it back as the demo describes it with a new password."""
    unit = Unit.objects.get(code=account.unit_code)
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = actions.create_user(
            None,
            username=account.username,
            unit=unit,
            password=password,
            full_name=account.full_name,
        )
    else:
        _reset_details(user, account, unit)
        actions.set_password(None, user, password)
    _reset_roles(user, set(account.roles))
    # The demo hands each account's password to the person trying it, who is its only user:
    # no forced change at first login. Two-factor login is not set up here: an administrator or
    # an officer of a register with personal data binds his authenticator at first login,
    # which is the real journey and the one to demonstrate.
    security_actions.accept_current_password(user)
    return user


def _reset_details(user: User, account: DemoAccount, unit: Unit):
    wanted = {"full_name": account.full_name, "unit": unit, "is_active": True}
    changes = {name: value for name, value in wanted.items() if getattr(user, name) != value}
    if changes:
        actions.update_user(None, user, **changes)


def _reset_roles(user: User, wanted: set[str]):
    held = set(user.role_grants.values_list("role", flat=True))
    # Revoke first: 三员分立 refuses a second administrator role while the first is held.
    for role in sorted(held - wanted):
        actions.revoke_role(None, user, role)
    for role in sorted(wanted - held):
        actions.grant_role(None, user, role)


def _accounts_table(users: list[User]) -> str:
    header = ["用户名", "姓名", "单位", "角色"]
    rows = [[u.username, u.full_name, u.unit.name, "、".join(u.role_labels)] for u in users]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    return "\n".join(["演示账号：", *lines])


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
