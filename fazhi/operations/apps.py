from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "fazhi.operations"
    label = "operations"
    verbose_name = "运维"
