from django.db import models


class Rollup(models.Model):
    """A unit's share of a figure family in one calendar year: how many records fall in each
    bucket (the family's grouping values), or a plain figure's value — of the unit's own
    records, and of its whole subtree.

    A province's figures read its subtree rows instead of grouping ten million records
    (indicators/rollups.py says when they may be used and how they are kept right).
    """

    family = models.CharField("指标族", max_length=100)
    year = models.SmallIntegerField("年度")
    unit = models.ForeignKey(
        "core.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="+"
    )
    bucket = models.CharField("分组取值", max_length=500, blank=True)
    value = models.DecimalField("数值", max_digits=20, decimal_places=2)
    # False: the unit's own records; True: its whole subtree (itself and every unit below).
    subtree = models.BooleanField("含下级单位", default=False)

    class Meta:
        verbose_name = "指标汇总"
        verbose_name_plural = "指标汇总"
        indexes = [models.Index(fields=["family", "year", "unit", "subtree"], name="rollup_lookup")]

    def __str__(self):
        return f"{self.family} {self.year} {self.unit_id} {self.bucket}"


class RollupYear(models.Model):
    """A register's rollups of one year are complete for every unit (but the stale ones)."""

    register = models.CharField("登记簿", max_length=64)
    year = models.SmallIntegerField("年度")
    built_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "指标汇总年度"
        verbose_name_plural = "指标汇总年度"
        constraints = [models.UniqueConstraint(fields=["register", "year"], name="one_rollup_year")]

    def __str__(self):
        return f"{self.register} {self.year}"


class StaleRollup(models.Model):
    """A unit whose records of a register changed since its rollups were made: its figures are
    counted from the records until the worker has made them again. `marked_at` tells a mark
    made while the worker was at it from the one the worker read."""

    register = models.CharField("登记簿", max_length=64)
    unit = models.ForeignKey(
        "core.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="+"
    )
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        verbose_name = "待更新的指标汇总"
        verbose_name_plural = "待更新的指标汇总"
        constraints = [models.UniqueConstraint(fields=["register", "unit"], name="one_stale_mark")]

    def __str__(self):
        return f"{self.register} {self.unit_id}"
