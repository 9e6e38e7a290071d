from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = "涉企行政检查"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, measures
        from .columns import INSPECTION_REGISTER, PLAN_REGISTER

        add(PLAN_REGISTER)
        add(INSPECTION_REGISTER)
        indicators.register()
        measures.declare()
