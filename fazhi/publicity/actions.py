"""Every change to a 普法活动 or a 宣传稿件: one function per action, each through
core.writes.save_record (scope, checks, audit, one transaction)."""

from fazhi.core.writes import save_record, update_record

from .columns import ACTIVITY_REGISTER, ARTICLE_REGISTER
from .models import Activity, Article


def register_activity(actor, *, unit, **facts) -> Activity:
    record = Activity(unit=unit, **facts)
    return save_record(actor, ACTIVITY_REGISTER, record, note="登记普法活动")


def update_activity(actor, record: Activity, **changes) -> Activity:
    # Every column, the owner unit too: the write checks the actor may change the record both
    # as stored and as it will be, so a record only moves within the actor's reach.
    return update_record(actor, ACTIVITY_REGISTER, record, changes, note="修改普法活动")


def register_article(actor, *, unit, **facts) -> Article:
    record = Article(unit=unit, **facts)
    return save_record(actor, ARTICLE_REGISTER, record, note="登记宣传稿件")


def update_article(actor, record: Article, **changes) -> Article:
    return update_record(actor, ARTICLE_REGISTER, record, changes, note="修改宣传稿件")
