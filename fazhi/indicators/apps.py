from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "统计指标"

    def ready(self):
        from fazhi.core.actions import subtree_moved
        from fazhi.core.writes import records_written

        from . import permissions, rollups

        permissions.register()
        records_written.connect(_mark_stale, dispatch_uid="indicators.rollups")
        subtree_moved.connect(_carry_subtree, dispatch_uid="indicators.rollups.move")
        self.rollups = rollups


def _mark_stale(sender, unit_ids, **kwargs):
    from . import rollups

    rollups.mark_stale(sender, unit_ids)


def _carry_subtree(sender, unit_id, old_path, new_path, **kwargs):
    from . import rollups

    rollups.carry_subtree(unit_id, old_path, new_path)
