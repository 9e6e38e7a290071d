"""What submission requires, the fingerprint of what it confirms, and what changed between two
submissions: pure functions, no database, so that the action, the confirmation page and the
tests ask the same rule.

A report may be submitted (法治政府建设与责任落实督察工作规定 第二十五条: it reports the past
year) only once its year has ended, with every prose block its template prints written, and
with the particulars its template prints (主送机关, 发文机关署名, 成文日期) filled in; what
only whitespace or invisible format characters fill is empty (`blank`).

Which blocks are required: every block the report's template prints. The default template
prints all of them (parts.PROSE_BLOCKS: the opening, the eight 举措 sections of part 一, and
parts 二 to 五), so an empty one would leave a heading with nothing under it, or under a 举措
heading only the sentence of figures; part 五 with nothing to report is written as "无。". A
bureau's own template decides otherwise by leaving a block out.
"""

import datetime
import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .parts import PROSE_BLOCKS

PARTICULARS = {"addressee": "主送机关", "signer": "发文机关署名", "sign_date": "成文日期"}


def missing_for_submission(
    *,
    year: int,
    today: datetime.date,
    blocks_used: Iterable[str],
    prose: dict[str, str],
    particulars_used: Iterable[str],
    particulars: dict,
) -> list[str]:
    """What still stands in the way of submitting, each as a Chinese phrase; empty when
    nothing does. `prose` and `particulars` are the report's (block key → text, field →
    value); `blocks_used` and `particulars_used` those its template prints."""
    missing = []
    if year >= today.year:
        missing.append(f"{year}年度尚未结束，{year + 1}年1月1日起才能报送")
    used = set(blocks_used)
    for block in PROSE_BLOCKS:
        if block.key in used and blank(prose.get(block.key)):
            missing.append(f"「{block.label}」尚未撰写")
    wanted = set(particulars_used)
    for name, label in PARTICULARS.items():
        value = particulars.get(name)
        if name in wanted and blank(value):
            missing.append(f"尚未填写{label}")
    return missing


def blank(value) -> bool:
    """Whether `value` would print nothing: whitespace and the format characters (Unicode
    category Cf: U+200B zero-width space, U+FEFF, U+200D …) leave no mark on the page, so a
    block of only those is as unwritten as an empty one."""
    text = "" if value is None else str(value)
    return not "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def refusal(missing: list[str]) -> str:
    return "还不能报送：" + "；".join(missing) + "。"


def content_digest(
    *,
    figures: dict,
    prose: dict,
    meta: dict,
    template_sha256: str,
    previous: dict | None = None,
    roundings: dict | None = None,
) -> str:
    """A fingerprint of what the confirmation page shows and submission freezes: the figures'
    values (key → text), the prose, the title and particulars (`meta`), the template by its
    SHA-256, the previous year's values it compares with (key → text) and how its rates are
    rounded (key → setting value: a setting changed meanwhile changes the text). The page
    carries it in its form; submission refuses when the report no longer gives it, so what
    is frozen is what the officer confirmed. Dates count by their day, whether given as a
    date or as frozen (ISO text)."""
    content = {
        "figures": figures,
        "prose": prose,
        "meta": {name: _shown(value) for name, value in meta.items()},
        "template": template_sha256,
        "previous": previous or {},
        "roundings": roundings or {},
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Changes:
    """What a submission changed against the one before it."""

    figures: list[dict] = field(default_factory=list)  # key, before, after
    prose: list[dict] = field(default_factory=list)  # key, label, before, after (characters)
    particulars: list[dict] = field(default_factory=list)  # label, before, after

    def __bool__(self):
        return bool(self.figures or self.prose or self.particulars)


def changes(before: dict, after: dict) -> Changes:
    """The differences between two frozen contents ({figures, prose, meta} as
    actions.submit freezes them; `after` may carry only the figures' values)."""
    found = Changes()
    old, new = before.get("figures", {}), after.get("figures", {})
    for key in sorted(old.keys() | new.keys()):
        was, now = _value(old.get(key)), _value(new.get(key))
        if was != now:
            found.figures.append({"key": key, "before": was, "after": now})
    old, new = before.get("prose", {}), after.get("prose", {})
    for block in PROSE_BLOCKS:
        was, now = (old.get(block.key) or "").strip(), (new.get(block.key) or "").strip()
        if was != now:
            found.prose.append(
                {"key": block.key, "label": block.label, "before": len(was), "after": len(now)}
            )
    old, new = before.get("meta", {}), after.get("meta", {})
    for name, label in PARTICULARS.items():
        was, now = _shown(old.get(name)), _shown(new.get(name))
        if was != now:
            found.particulars.append({"key": name, "label": label, "before": was, "after": now})
    return found


def _value(entry) -> str | None:
    return None if entry is None else entry.get("value")


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)
