from django.apps import AppConfig


class DepartmentReportsConfig(AppConfig):
    name = "fazhi.department_reports"
    label = "department_reports"
    verbose_name = "部门法治政府建设年度报告"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, permissions
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        permissions.register()
