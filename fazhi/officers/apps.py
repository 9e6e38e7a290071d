from django.apps import AppConfig


class OfficersConfig(AppConfig):
    name = "fazhi.officers"
    label = "officers"
    verbose_name = "行政执法人员"
