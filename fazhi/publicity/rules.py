"""普法活动 and 宣传稿件: consistency checks (pure). No procedure, no deadline."""

from urllib.parse import urlsplit

from fazhi.core.errors import Problem

LINK_SCHEMES = ("http", "https")


def check_activity(record) -> list[Problem]:
    if record.audience is not None and record.audience < 0:
        return [Problem("受众人次", "受众人次不能为负数")]
    return []


def is_web_link(text: str) -> bool:
    """An http(s) address with a host and no blanks in it."""
    if any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in LINK_SCHEMES and bool(parts.hostname)


def check_article(record) -> list[Problem]:
    if record.link and not is_web_link(record.link):
        return [Problem("链接", f"「{record.link}」不是有效的网址，应以 http:// 或 https:// 开头")]
    return []
