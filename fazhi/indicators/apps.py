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
        _declare_rounding()
        records_written.connect(_mark_stale, dispatch_uid="indicators.rollups")
        subtree_moved.connect(_carry_subtree, dispatch_uid="indicators.rollups.move")
        self.rollups = rollups


def _mark_stale(sender, unit_ids, **kwargs):
    from . import rollups

    rollups.mark_stale(sender, unit_ids)


def _carry_subtree(sender, unit_id, old_path, new_path, **kwargs):
    from . import rollups

    rollups.carry_subtree(unit_id, old_path, new_path)


def _declare_rounding():
    """One rounding setting per register that has a rate (its figure family). The registers
    declared their indicators in their own ready(), which ran first (INSTALLED_APPS order)."""
    from fazhi.core.register_settings import declare_settings
    from fazhi.core.registers import REGISTERS

    from .registry import INDICATORS
    from .rounding import rounding_setting

    with_rates = dict.fromkeys(i.register for i in INDICATORS.values() if i.is_rate)
    declare_settings(*(rounding_setting(r, REGISTERS[r].label) for r in with_rates))
