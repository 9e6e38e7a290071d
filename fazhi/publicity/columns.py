"""The two registers' Excel columns (the domain file's order) and their declarations."""

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.registers import Register

from . import rules
from .models import Activity, Article

ACTIVITY_COLUMNS = bind(
    Activity,
    [
        Column("活动编号", "number", required=True),
        Column("活动日期", "held_date", required=True, past_only=True),
        Column("活动名称", "name", required=True),
        Column("活动类别", "category", required=True),
        Column("主办单位", "organizer", required=True),
        Column("宣传法律", "laws", help="如：民法典、反电信网络诈骗法"),
        Column("受众人次", "audience"),
        UNIT_COLUMN,
    ],
)

ARTICLE_COLUMNS = bind(
    Article,
    [
        Column("稿件编号", "number", required=True),
        Column("发布日期", "published_date", required=True, past_only=True),
        Column("标题", "title", required=True),
        Column("发布平台", "platform", required=True),
        Column("链接", "link", help="以 http:// 或 https:// 开头的网址"),
        UNIT_COLUMN,
    ],
)

ACTIVITY_REGISTER = Register(
    name="publicity_activity",
    model=Activity,
    label="普法活动",
    columns=ACTIVITY_COLUMNS,
    check=rules.check_activity,
    sample={
        "活动编号": "古普〔2024〕1号",
        "活动日期": "2024-12-04",
        "活动名称": "“12·4”国家宪法日宣传活动",
        "活动类别": "宪法宣传",
        "主办单位": "古丈县司法局",
        "宣传法律": "宪法、民法典",
        "受众人次": "300",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="held_date",
    search_fields=("number", "name", "organizer", "laws"),
    filters=("category",),
)

ARTICLE_REGISTER = Register(
    name="publicity_article",
    model=Article,
    label="宣传稿件",
    columns=ARTICLE_COLUMNS,
    check=rules.check_article,
    sample={
        "稿件编号": "古稿〔2024〕1号",
        "发布日期": "2024-03-15",
        "标题": "古丈县司法局开展“3·15”消费者权益保护法治宣传",
        "发布平台": "本单位公众号",
        "链接": "https://mp.weixin.qq.com/s/example",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="published_date",
    search_fields=("number", "title"),
    filters=("platform",),
)
