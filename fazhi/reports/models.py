"""The annual 法治政府建设情况报告 of a unit for a year, its officers' prose, and templates."""

from django.conf import settings
from django.db import models

from fazhi.core.models import Unit


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    SUBMITTED = "submitted", "已报送"
    PUBLISHED = "published", "已公开"


class ReportTemplate(models.Model):
    """A Word template a bureau uploaded (validated then), kept as it was: a submitted report
    names the template it was frozen with, so it can be rendered again identically."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("模板名称", max_length=200)
    content = models.BinaryField("模板文件")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.name


class AnnualReport(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    addressee = models.CharField("主送机关", max_length=100, default="县委、县人民政府")
    signer = models.CharField("发文机关署名", max_length=100)
    sign_date = models.DateField("成文日期", null=True, blank=True)
    # The template in use: none means the default one (default_template.build()).
    template = models.ForeignKey(
        ReportTemplate, verbose_name="模板", null=True, blank=True, on_delete=models.PROTECT
    )
    # Frozen on submission: figures with the ids of their records, the prose, the meta data.
    frozen = models.JSONField("报送时的数据", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="reports_one_report_per_unit_and_year",
                violation_error_message="该单位本年度的报告已经建立。",
            )
        ]

    def __str__(self):
        return f"{self.unit.name}{self.year}年度法治政府建设情况报告"

    @property
    def is_frozen(self) -> bool:
        return self.frozen is not None


class ProseRevision(models.Model):
    """One version of a prose block, as its author saved it; the latest one is the text.
    Kept, never changed: who wrote what, and when."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="revisions")
    block = models.CharField("段落", max_length=64)
    text = models.TextField("内容", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="撰写人", null=True, on_delete=models.SET_NULL
    )
    written_at = models.DateTimeField("撰写时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告段落修订"
        verbose_name_plural = "报告段落修订"
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["report", "block", "-written_at"], name="prose_latest")]

    def __str__(self):
        return f"{self.block} @ {self.written_at:%Y-%m-%d %H:%M}"


class ReportSubmission(models.Model):
    """One submission of a report, kept as it was frozen: a 局领导 may withdraw a submitted
    report, and what the bureaus above received before stays on record, so that the next
    submission can be compared with it."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField("报送次序")
    frozen = models.JSONField("报送时的数据")
    template = models.ForeignKey(
        ReportTemplate, verbose_name="模板", null=True, blank=True, on_delete=models.PROTECT
    )
    # The template is the default one, stored by this submission: withdrawn, the report goes
    # back to the default template of the release (it may have changed), not to this copy.
    stored_default = models.BooleanField("使用默认模板", default=False)
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdraw_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        verbose_name = "报告报送记录"
        verbose_name_plural = "报告报送记录"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reports_one_submission_per_number"
            )
        ]

    def __str__(self):
        return f"第{self.number}次报送"
