from django.apps import AppConfig


class TablesConfig(AppConfig):
    name = "fazhi.tables"
    verbose_name = "统计报表"
