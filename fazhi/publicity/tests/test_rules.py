"""The checks of 普法活动 and 宣传稿件 — pure, without a database — and how their Excel
columns read a cell (受众人次 a non-negative whole number, dates not after today)."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core.columns import CellError
from fazhi.core.errors import Problem
from fazhi.publicity import rules


def activity(audience=None):
    return SimpleNamespace(audience=audience)


def article(link=""):
    return SimpleNamespace(link=link)


def test_an_activity_without_an_audience_or_with_zero_is_fine():
    assert rules.check_activity(activity()) == []
    assert rules.check_activity(activity(0)) == []
    assert rules.check_activity(activity(300)) == []


def test_a_negative_audience_is_refused_in_its_column():
    assert rules.check_activity(activity(-1)) == [Problem("受众人次", "受众人次不能为负数")]


@pytest.mark.parametrize(
    "link",
    [
        "",
        "http://www.guzhang.gov.cn/zwgk/1.html",
        "https://mp.weixin.qq.com/s/AbC-123_x?from=timeline#top",
        "HTTPS://WWW.EXAMPLE.CN/",
        "http://10.1.2.3:8080/news",
    ],
)
def test_no_link_or_a_web_link_is_fine(link):
    assert rules.check_article(article(link)) == []


@pytest.mark.parametrize(
    "link",
    [
        "www.guzhang.gov.cn",  # no scheme
        "ftp://files.example.cn/a.doc",
        "javascript:alert(1)",
        "mailto:sfj@guzhang.gov.cn",
        "https://",  # no host
        "http:///path",
        "https://mp.weixin.qq.com/s/a b",  # a blank inside
        "见公众号",
        "http://[::1",  # urlsplit itself refuses it
    ],
)
def test_anything_else_in_the_link_is_refused_with_a_chinese_message(link):
    problems = rules.check_article(article(link))
    assert [p.header for p in problems] == ["链接"]
    assert "http:// 或 https://" in problems[0].message and link in problems[0].message


def test_the_columns_read_cells_as_the_domain_file_says():
    # Needs the app's models (bound columns), not a row in the database.
    from fazhi.publicity.columns import ACTIVITY_COLUMNS, ARTICLE_COLUMNS

    by_header = {c.header: c for c in ACTIVITY_COLUMNS + ARTICLE_COLUMNS}
    audience = by_header["受众人次"]
    assert audience.kind == "int" and not audience.required
    assert audience.parse("") is None and audience.parse("0") == 0
    assert audience.parse("1200") == 1200
    for bad in ("-5", "12.5", "三百"):
        with pytest.raises(CellError, match="非负整数"):
            audience.parse(bad)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    for header in ("活动日期", "发布日期"):
        column = by_header[header]
        assert column.kind == "date" and column.required and column.past_only
        with pytest.raises(CellError, match="晚于今天"):
            column.parse(tomorrow.isoformat())
    assert by_header["活动类别"].labels == [
        "法律进机关", "法律进乡村", "法律进社区", "法律进学校", "法律进企业", "法律进单位",
        "法律进家庭", "法律进网络", "法律进宗教场所", "宪法宣传", "民法典宣传", "其他专题宣传",
    ]  # fmt: skip
    assert by_header["发布平台"].labels == [
        "本单位公众号", "省级媒体", "州市级媒体", "县级媒体", "其他",
    ]  # fmt: skip
    assert by_header["发布平台"].parse("县级媒体") == "county"
