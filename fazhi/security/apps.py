from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "fazhi.security"
    label = "security"
    verbose_name = "安全"

    def ready(self):
        from . import receivers  # noqa: F401  (password state from the audit log; lockouts)
