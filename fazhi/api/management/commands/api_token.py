"""Create (or revoke) a user's API token at the command line, e.g. for a system account."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.api import tokens
from fazhi.api.models import ApiToken
from fazhi.core.errors import ActionRefused
from fazhi.core.models import User


class Command(BaseCommand):
    help = "为用户创建接口令牌（令牌只显示一次），或用 --revoke 撤销令牌。"

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="用户名")
        parser.add_argument("--name", help="令牌名称，如调用它的系统")
        parser.add_argument("--revoke", metavar="PREFIX", help="撤销该用户前缀为 PREFIX 的令牌")

    def handle(self, *args, user, name, revoke, **options):
        owner = User.objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"找不到用户「{user}」。")
        try:
            if revoke:
                token = ApiToken.objects.filter(user=owner, prefix=revoke).first()
                if token is None:
                    raise CommandError(f"用户「{user}」没有前缀为「{revoke}」的令牌。")
                tokens.revoke_token(None, token)
                self.stdout.write(f"已撤销令牌「{token.name}」。")
                return
            if not name:
                raise CommandError("请用 --name 给令牌起个名称。")
            token, secret = tokens.create_token(None, owner, name)
        except ActionRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stderr.write(
            f"已为「{user}」创建令牌「{token.name}」，{token.expires_at:%Y-%m-%d} 到期；"
            "它只显示这一次，请妥善保存："
        )
        self.stdout.write(secret)
