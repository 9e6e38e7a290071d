"""Replaces Django's `changepassword`, which set the password past core.actions.set_password:
no audit entry, no password_changed_at, no forced change at next login, English messages.
fazhi.core is listed before django.contrib.auth in INSTALLED_APPS so that this one is found."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import actions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import User


class Command(BaseCommand):
    help = (
        "在服务器上为一个账号设置新密码（写入审计日志，执行密码策略；"
        "该账号下次登录时须自行修改密码）。"
    )
    requires_migrations_checks = True
    requires_system_checks = []

    def add_arguments(self, parser):
        # Required: the operator runs commands as the service account, whose name is no user's.
        parser.add_argument("username", help="要设置密码的用户名")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户「{options['username']}」不存在。")
        self.stdout.write(f"为用户「{user.username}」设置新密码。")
        password = getpass.getpass("新密码：")
        if getpass.getpass("再次输入新密码：") != password:
            raise CommandError("两次输入的密码不一致，密码未修改。")
        try:
            # As the machine's operator (actor None): audited, policy-checked, and the holder
            # must replace this password at next login (security.receivers).
            actions.set_password(None, user, password)
        except ValidationError as error:
            messages = "；".join(actions.validation_messages(error))
            raise CommandError(f"密码不符合要求，未修改：{messages}") from error
        except ActionRefused as refusal:
            raise CommandError(f"{refusal}密码未修改。") from refusal
        self.stdout.write(
            self.style.SUCCESS(
                f"已修改用户「{user.username}」的密码，并写入审计日志。该账号下次登录时须修改密码。"
            )
        )
