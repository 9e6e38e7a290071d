from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = "涉企行政检查"
