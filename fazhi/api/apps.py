from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fazhi.api"
    verbose_name = "接口"

    def ready(self):
        from fazhi.core.actions import account_guard_changed

        from . import permissions

        permissions.register()
        account_guard_changed.connect(_revoke_tokens, dispatch_uid="api.tokens.revoke_all")


def _revoke_tokens(sender, actor, user, why, **kwargs):
    from . import tokens

    tokens.revoke_all(actor, user, why)
