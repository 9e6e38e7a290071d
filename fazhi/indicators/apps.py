from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "统计指标"

    def ready(self):
        from fazhi.core.registers import records_written

        from . import rollups

        records_written.connect(_mark_stale, dispatch_uid="indicators.rollups")
        self.rollups = rollups


def _mark_stale(sender, unit_ids, **kwargs):
    from . import rollups

    rollups.mark_stale(sender, unit_ids)
