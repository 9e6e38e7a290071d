"""Every change to a 普法活动 or a 宣传稿件: one function per action, each through
core.registers.save_record (scope, checks, audit, one transaction)."""

from django.db import transaction

from fazhi.core.registers import save_record, update_record

from .columns import ACTIVITY_REGISTER, ARTICLE_REGISTER
from .models import Activity, Article

# The owner unit may change too: save_record checks the actor may change the record both as
# stored and as it will be, so a record only moves within the actor's reach.
ACTIVITY_EDITABLE_FIELDS = ("unit", "number", "held_date", "name", "category", "organizer")
ACTIVITY_EDITABLE_FIELDS += ("laws", "audience")
ARTICLE_EDITABLE_FIELDS = ("unit", "number", "published_date", "title", "platform", "link")


def register_activity(actor, *, unit, **facts) -> Activity:
    record = Activity(unit=unit, **facts)
    return save_record(actor, ACTIVITY_REGISTER, record, note="登记普法活动")


@transaction.atomic
def update_activity(actor, record: Activity, **changes) -> Activity:
    return update_record(
        actor, ACTIVITY_REGISTER, record, changes, ACTIVITY_EDITABLE_FIELDS, note="修改普法活动"
    )


def register_article(actor, *, unit, **facts) -> Article:
    record = Article(unit=unit, **facts)
    return save_record(actor, ARTICLE_REGISTER, record, note="登记宣传稿件")


@transaction.atomic
def update_article(actor, record: Article, **changes) -> Article:
    return update_record(
        actor, ARTICLE_REGISTER, record, changes, ARTICLE_EDITABLE_FIELDS, note="修改宣传稿件"
    )
