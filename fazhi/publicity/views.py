"""The pages of 普法活动 and 宣传稿件: registers without a procedure, so each is one generic
RecordPages (list with search and filters, a record's page, entering and changing one). Both
are owned by the bureau (and its sections) and by the 司法所, which run campaigns in their
townships; mediation committees and departments do not enter them here."""

from types import SimpleNamespace

from fazhi.core.models import BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES
from fazhi.core.record_pages import RecordPages

from . import actions
from .columns import ACTIVITY_REGISTER, ARTICLE_REGISTER
from .forms import ActivityForm, ArticleForm

ACTIVITY_PAGES = RecordPages(
    register=ACTIVITY_REGISTER,
    form=ActivityForm,
    actions=SimpleNamespace(create=actions.register_activity, update=actions.update_activity),
    create_title="登记普法活动",
    url_prefix="publicity_activity",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    search_fields=("number", "name", "organizer", "laws"),
    list_fields=("held_date", "name", "category", "organizer", "audience"),
    filters=("category",),
)

ARTICLE_PAGES = RecordPages(
    register=ARTICLE_REGISTER,
    form=ArticleForm,
    actions=SimpleNamespace(create=actions.register_article, update=actions.update_article),
    create_title="登记宣传稿件",
    url_prefix="publicity_article",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    search_fields=("number", "title"),
    list_fields=("published_date", "title", "platform"),
    filters=("platform",),
)
