"""Replaces Django's `createsuperuser`, which made an account that holds every permission, with a
password set past core.actions (no audit entry, no password policy in Chinese, no
password_changed_at). fazhi has no such account: under 三员分立 the system, security and audit
administrators are three accounts, each with one role, and no one holds all three. The operator
creates them through core.actions.create_user and grant_role (docs/deploy.md, section 6), which
audit each step; so this command only says so and changes nothing."""

import argparse

from django.core.management.base import BaseCommand, CommandError

REFUSAL = (
    "本系统没有超级用户：按三员分立，系统管理员、安全管理员、审计管理员是三个账号，各持一个"
    "角色，不能由同一账号兼任。请按 docs/deploy.md 第 6 节，在 `fazhi-manage shell`（开发机上为 "
    "`manage.py shell`）中用 actions.create_user 建立账号、用 actions.grant_role 授予管理员角色，"
    "每一步都写入审计日志；其余账号由管理员在网页上建立和授权。未建立任何账号。"
)


class Command(BaseCommand):
    help = "本系统没有超级用户；说明如何建立三员账号，不建立任何账号。"
    requires_system_checks = []

    def add_arguments(self, parser):
        # Django's own options, accepted so that a script using them gets the refusal above
        # rather than an argument error in English.
        for option in ("--username", "--email", "--database"):
            parser.add_argument(option, help=argparse.SUPPRESS)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=argparse.SUPPRESS,
        )

    def handle(self, *args, **options):
        raise CommandError(REFUSAL)
