from fazhi.core.forms import DATE_INPUT, RegisterCreateForm

from .models import Activity, Article


class ActivityForm(RegisterCreateForm):
    """登记（修改）一次普法活动."""

    class Meta:
        model = Activity
        fields = ["unit", "number", "held_date", "name", "category", "organizer", "laws"]
        fields += ["audience"]
        widgets = {"held_date": DATE_INPUT}


class ArticleForm(RegisterCreateForm):
    """登记（修改）一篇宣传稿件."""

    class Meta:
        model = Article
        fields = ["unit", "number", "published_date", "title", "platform", "link"]
        widgets = {"published_date": DATE_INPUT}
