from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "fazhi.oversight"
    label = "oversight"
    verbose_name = "法治督察"
