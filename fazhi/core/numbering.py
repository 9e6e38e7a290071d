"""文书编号: the number a case document is given when it is issued, made from a pattern a unit
sets for each kind of document (issue 20), such as 古政复受字〔{年}〕{序号}号.

GB/T 9704-2012 7.2.5 (发文字号) gives the parts and how they are written: 机关代字, 年份 and
顺序号; the year in full inside 六角括号 〔〕; the 顺序号 in Arabic numerals, with no 第 and no
leading zeros (1, not 01), followed by 号. A pattern here is that number with the year and the
serial as placeholders, so that a bureau writes its own 代字 as it always has. The default
pattern is written so; a unit's own is checked for its placeholders and characters only, since
some 法律文书 formats still write the older (2026)第N号 style.

Numbers are given in one series per unit, kind of document and year: gapless and never reused
(docs/domain/case-documents.md, "编号"). A cancelled document keeps its number, marked 作废.
These are the pure rules; the series and the issued documents are core.models
(DocumentSeries, IssuedDocument) and core.document_actions.
"""

import re

from .text import text_problem

YEAR = "{年}"
SERIAL = "{序号}"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MAX_PATTERN = 60


def default_pattern(word: str) -> str:
    """The pattern of a kind of document a unit has not set: its 文种代字 (复受字), the year and
    the serial, as 7.2.5 writes them. The unit's own 机关代字 goes before it when the unit sets
    its pattern (古政复受字〔{年}〕{序号}号)."""
    return f"{word}〔{YEAR}〕{SERIAL}号"


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a pattern a unit sets, in Chinese (empty when nothing is)."""
    pattern = pattern or ""
    problems = []
    if not pattern.strip():
        return ["请填写编号格式，如 古政复受字〔{年}〕{序号}号。"]
    if len(pattern) > MAX_PATTERN:
        problems.append(f"编号格式最多 {MAX_PATTERN} 个字。")
    unknown = sorted(set(PLACEHOLDER.findall(pattern)) - {YEAR, SERIAL})
    if unknown:
        problems.append(f"编号格式中只能使用 {YEAR} 和 {SERIAL}，不认识 {'、'.join(unknown)}。")
    for placeholder in (YEAR, SERIAL):
        count = pattern.count(placeholder)
        if count != 1:
            problems.append(f"编号格式中须有且只有一个 {placeholder}。")
    rest = PLACEHOLDER.sub("", pattern)
    if "{" in rest or "}" in rest:
        problems.append("编号格式中有不成对的花括号。")
    problem = text_problem(rest, "编号格式")
    if problem:
        problems.append(problem)
    return problems


def format_number(pattern: str, year: int, serial: int) -> str:
    """The number of the `serial`-th document of `year` under `pattern`: 古政复受字〔2026〕12号.
    No leading zeros and no 第 (GB/T 9704-2012 7.2.5)."""
    if pattern_problems(pattern):
        raise ValueError(pattern_problems(pattern)[0])
    if serial < 1:
        raise ValueError("序号从 1 开始。")
    return pattern.replace(YEAR, str(year)).replace(SERIAL, str(serial))


def number_regex(pattern: str) -> str:
    """A regular expression matching every number `pattern` writes (any year, any serial): what
    tells whether numbers another kind was given already follow it."""
    parts = re.split(r"(\{年\}|\{序号\})", pattern)
    written = {YEAR: r"\d{4}", SERIAL: r"[1-9]\d*"}
    return "^" + "".join(written.get(part, re.escape(part)) for part in parts) + "$"
