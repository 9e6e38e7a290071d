"""普法 registers (domain/publicity.md): 普法活动 and 宣传稿件. Neither runs a procedure, so both
are plain RegisterRecords, worked by Role.PUBLICITY."""

from django.core.validators import MinValueValidator
from django.db import models

from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role

# --- publicity_activity ------------------------------------------------------------------


class ActivityCategory(models.TextChoices):
    """活动类别; the labels are the keys of publicity.activities.<类别>."""

    OFFICES = "offices", "法律进机关"
    VILLAGES = "villages", "法律进乡村"
    COMMUNITIES = "communities", "法律进社区"
    SCHOOLS = "schools", "法律进学校"
    ENTERPRISES = "enterprises", "法律进企业"
    WORKPLACES = "workplaces", "法律进单位"
    FAMILIES = "families", "法律进家庭"
    ONLINE = "online", "法律进网络"
    RELIGIOUS_VENUES = "religious_venues", "法律进宗教场所"
    CONSTITUTION = "constitution", "宪法宣传"
    CIVIL_CODE = "civil_code", "民法典宣传"
    OTHER = "other", "其他专题宣传"


class Activity(RegisterRecord):
    """普法活动: one campaign or event, with how many people it reached."""

    register_role = Role.PUBLICITY

    number = models.CharField("活动编号", max_length=64)
    held_date = models.DateField("活动日期")
    name = models.CharField("活动名称", max_length=200)
    category = models.CharField("活动类别", max_length=32, choices=ActivityCategory.choices)
    organizer = models.CharField("主办单位", max_length=200)
    laws = models.CharField("宣传法律", max_length=500, blank=True)
    # Optional: an unknown audience is not zero people, so it stays empty rather than 0.
    audience = models.PositiveIntegerField(
        "受众人次", null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta(RegisterRecord.Meta):
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        ordering = ["-held_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-held_date", "-id"], name="publicity_act_unit_date")
        ]


# --- publicity_article -------------------------------------------------------------------


class ArticlePlatform(models.TextChoices):
    """发布平台; the labels are the keys of publicity.articles.<平台>."""

    OWN_ACCOUNT = "own_account", "本单位公众号"
    PROVINCIAL = "provincial", "省级媒体"
    PREFECTURE = "prefecture", "州市级媒体"
    COUNTY = "county", "县级媒体"
    OTHER = "other", "其他"


class Article(RegisterRecord):
    """宣传稿件: one article published on the unit's own account or in the media."""

    register_role = Role.PUBLICITY

    number = models.CharField("稿件编号", max_length=64)
    published_date = models.DateField("发布日期")
    title = models.CharField("标题", max_length=200)
    platform = models.CharField("发布平台", max_length=32, choices=ArticlePlatform.choices)
    # A CharField, not a URLField: rules.check_article decides what a link may be (http or
    # https only), the same for forms and imports, with one Chinese message.
    link = models.CharField("链接", max_length=500, blank=True)

    class Meta(RegisterRecord.Meta):
        verbose_name = "宣传稿件"
        verbose_name_plural = "宣传稿件"
        ordering = ["-published_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-published_date", "-id"], name="publicity_art_unit_date")
        ]
