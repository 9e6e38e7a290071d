"""The pages of 普法活动 and 宣传稿件: registers without a procedure, so each is one generic
RegisterPages (list with search and filters, a record's page, entering and changing one). Both
are owned by the bureau (and its sections) and by the 司法所, which run campaigns in their
townships; mediation committees and departments do not enter them here."""

from fazhi.core.models import BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES
from fazhi.core.register_views import RegisterPages

from . import actions
from .columns import ACTIVITY_REGISTER, ARTICLE_REGISTER
from .forms import ActivityForm, ArticleForm

ACTIVITY_PAGES = RegisterPages(
    register=ACTIVITY_REGISTER,
    create_record=actions.register_activity,
    update_record=actions.update_activity,
    create_form=ActivityForm,
    create_title="登记普法活动",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    list_fields=("held_date", "name", "category", "organizer", "audience"),
)

ARTICLE_PAGES = RegisterPages(
    register=ARTICLE_REGISTER,
    create_record=actions.register_article,
    update_record=actions.update_article,
    create_form=ArticleForm,
    create_title="登记宣传稿件",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    list_fields=("published_date", "title", "platform"),
)
