from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "fazhi.security"
    label = "security"
    verbose_name = "安全"

    def ready(self):
        from fazhi.core import actions as core_actions

        # receivers: the password state follows the audit log; lockouts are logged.
        from . import actions, receivers  # noqa: F401

        # core's account actions decide 三员分立 on an account's security state, and a grant of a
        # privileged role restarts the account from an activation code. This app builds on core,
        # which may not import it: the app hands core both.
        core_actions.use_login_security(
            core_actions.LoginSecurity(
                state_of=actions.recorded_state,
                activate_after_grant=actions.activate_after_grant,
            )
        )
