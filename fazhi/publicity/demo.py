"""Demo 普法活动 and 宣传稿件 for `manage.py demo`.

Three past years (2023–2025) written through the importer: the campaigns of 法律七进 and the
宪法 and 民法典 months by the bureau and its 司法所, and articles on the bureau's account and
in the media — in 2024 the reference report's 43 (40余篇). Then a year of campaigns and
articles counted back from today, through the officer's actions. Re-running adds nothing:
numbers already there are skipped.
"""

import datetime

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import OFFICES, import_new, spread

from . import actions
from .models import Activity, Article

COUNTY = "433126"
OFFICER = "tiaojie"  # the county's 人民调解与普法 officer (demo accounts in core's demo command)

# serial, unit, held (ago), 活动名称, 类别, 主办单位, 宣传法律, 受众人次
ACTIVITIES = [
    ("1", COUNTY, 330, "民法典集中宣传活动", "civil_code", "古丈县司法局", "民法典", 600),
    ("2", "433126-S01", 300, "法律进乡村·罗依溪村院坝普法", "villages", "古阳镇司法所",
     "民法典、土地管理法", 120),
    ("3", COUNTY, 250, "反电信网络诈骗进校园", "schools", "古丈县司法局",
     "反电信网络诈骗法", 800),
    ("4", "433126-S02", 200, "法律进企业·茶企用工法律讲座", "enterprises", "默戎镇司法所",
     "劳动合同法", 60),
    ("5", COUNTY, 150, "机关干部学法讲座", "offices", "古丈县司法局", "行政复议法", 90),
    ("6", "433126-S01", 90, "法律进社区·白果社区以案释法", "communities", "古阳镇司法所",
     "民法典", None),
    ("7", COUNTY, 40, "宪法集中宣传活动", "constitution", "古丈县司法局", "宪法", 300),
    ("8", COUNTY, 3, "法律进网络·普法短视频展播", "online", "古丈县司法局", "", 2500),
]  # fmt: skip

# serial, published (ago), 标题, 平台, 链接
ARTICLES = [
    ("1", 320, "古丈县司法局开展民法典集中宣传", "own_account",
     "https://mp.weixin.qq.com/s/demo-1"),
    ("2", 280, "古丈：法治宣传走进田间地头", "county", ""),
    ("3", 240, "古丈县构建“谁执法谁普法”责任体系", "prefecture", "https://www.example.cn/a/2"),
    ("4", 180, "湘西古丈：反诈宣传进校园", "provincial", "https://www.example.cn/a/3"),
    ("5", 120, "古丈县司法局举办机关干部学法讲座", "own_account", ""),
    ("6", 35, "古丈县开展宪法集中宣传", "own_account", "https://mp.weixin.qq.com/s/demo-6"),
    ("7", 10, "古丈普法短视频获网友点赞", "other", ""),
]  # fmt: skip


ARTICLES_A_YEAR = {2023: 38, 2024: 43, 2025: 47}
ACTIVITIES_A_YEAR = {2023: 22, 2024: 26, 2025: 28}
CAMPAIGNS = [
    ("villages", "法律进乡村·院坝普法", "民法典、土地管理法", 150),
    ("schools", "法治进校园", "未成年人保护法、反电信网络诈骗法", 600),
    ("communities", "法律进社区·以案释法", "民法典", 120),
    ("enterprises", "法律进企业·用工法律讲座", "劳动合同法", 70),
    ("offices", "机关干部学法讲座", "行政复议法", 90),
    ("civil_code", "民法典宣传月", "民法典", 500),
    ("families", "法律进家庭·婚姻家庭法律宣讲", "民法典", 80),
    ("online", "普法短视频展播", "", 3000),
    ("constitution", "宪法宣传周", "宪法", 400),
]  # fmt: skip
ARTICLE_TOPICS = [
    ("own_account", "古丈司法：{}工作动态"), ("county", "古丈县司法局开展{}"),
    ("prefecture", "古丈县扎实推进{}"), ("own_account", "以案释法：{}"),
    ("provincial", "湘西古丈：{}见实效"), ("own_account", "古丈司法行政{}"),
]  # fmt: skip
TOWNS = ["古阳镇", "默戎镇", "断龙山镇", "红石林镇", "岩头寨镇", "坪坝镇", "高峰镇"]  # S01–S07
THEMES = [
    "法律七进", "民法典宣传", "宪法宣传", "反诈宣传进校园", "行政复议法宣传", "法律援助便民服务",
    "人民调解", "社区矫正教育帮扶", "安置帮教", "法治乡村建设",
]  # fmt: skip


def activity_plan(year: int) -> list[dict]:
    count = ACTIVITIES_A_YEAR[year]
    units = [COUNTY, *OFFICES]
    plan = []
    for i in range(count):
        category, name, laws, audience = CAMPAIGNS[i % len(CAMPAIGNS)]
        unit = units[i % len(units)]
        organizer = "古丈县司法局" if unit == COUNTY else f"{TOWNS[OFFICES.index(unit)]}司法所"
        plan.append(
            {
                "number": f"古普〔{year}〕{i + 1:03d}号",
                "unit": unit,
                "held_date": spread(year, count, i),
                "name": name,
                "category": category,
                "organizer": organizer,
                "laws": laws,
                "audience": audience + (i * 13) % 50,
            }
        )
    return plan


def article_plan(year: int) -> list[dict]:
    count = ARTICLES_A_YEAR[year]
    plan = []
    for i in range(count):
        platform, title = ARTICLE_TOPICS[i % len(ARTICLE_TOPICS)]
        plan.append(
            {
                "number": f"古稿〔{year}〕{i + 1:03d}号",
                "unit": COUNTY,
                "published_date": spread(year, count, i),
                "title": title.format(THEMES[(i * 3 + year) % len(THEMES)]),
                "platform": platform,
            }
        )
    return plan


def load(today: datetime.date) -> int:
    added = sum(import_new("publicity_activity", activity_plan(y)) for y in ACTIVITIES_A_YEAR)
    added += sum(import_new("publicity_article", article_plan(y)) for y in ARTICLES_A_YEAR)
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    officer = User.objects.get(username=OFFICER)
    units = Unit.objects.in_bulk([row[1] for row in ACTIVITIES] + [COUNTY], field_name="code")

    def ago(days):
        return today - datetime.timedelta(days=days)

    added = 0
    for serial, code, held, name, category, organizer, laws, audience in ACTIVITIES:
        number = f"古普〔{ago(held).year}〕{serial}号"
        if Activity.objects.filter(unit=units[code], number=number).exists():
            continue
        actions.register_activity(
            officer, unit=units[code], number=number, held_date=ago(held), name=name,
            category=category, organizer=organizer, laws=laws, audience=audience,
        )  # fmt: skip
        added += 1
    for serial, published, title, platform, link in ARTICLES:
        number = f"古稿〔{ago(published).year}〕{serial}号"
        if Article.objects.filter(unit=units[COUNTY], number=number).exists():
            continue
        actions.register_article(
            officer, unit=units[COUNTY], number=number, published_date=ago(published),
            title=title, platform=platform, link=link,
        )  # fmt: skip
        added += 1
    return added
