"""The page contract (issue 19), checked on every page a user can reach: the crawl starts at his
home page and follows every link the site shows him, so a new page is checked as soon as
something links to it, with no test of its own.

A page keeps the contract when
- it answers 200 (a link the site shows must lead somewhere the user may go);
- its HTML parses with no error under html5lib's strict parser and by our own stricter rules
  (every element closed in order, no id twice: core.tests.helpers.strict_html), with no text
  outside <body>;
- what the user reads is Chinese: no Latin word but a few names of things (Excel, Word …);
- it shows a unit by its name, never by its code alone;
- no drop-down offers Django's "---------".

Text that is Latin by nature (a login name, a file's name, a digest, a token) is marked
translate="no", the HTML attribute for "not words of the page's language", and is not read.
"""

import contextlib
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import html5lib
from django.urls import Resolver404, resolve

from fazhi.core.tests.helpers import strict_html

# Names a Chinese office worker reads in Latin letters: programs (Excel, Word, WPS), file kinds
# as their programs name them (CSV, JSON), a file's size (MB), and the API and TOTP.
# The names of file formats a user knows them by (the attachments' types, issue 20), and their
# extensions, which end the names of the files a user uploads (shown in the audit log).
FORMATS = {"PDF", "JPEG", "PNG", "pdf", "jpg", "jpeg", "png", "docx", "xlsx", "doc", "xls"}
ALLOWED_WORDS = {"Excel", "Word", "WPS", "CSV", "JSON", "MB", "API", "TOTP", *FORMATS}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'，。；）]+")
# Attributes a user reads: a tooltip, a placeholder, a button's or image's text.
READ_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}
NOT_READ = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# A list's further pages are pages of the same kind as its first.
PAGING_KEYS = {"page", "after", "before", "last"}
# Links the crawl does not follow: leaving ends the session; static files are not pages.
NOT_FOLLOWED = ("/logout/", "/static/")


class _ReadText(HTMLParser):
    """What a reader of the page reads: its text and the attributes he sees, but not scripts,
    styles or translate="no" subtrees; any text written outside <body>; and where the page
    leads: its links, and each search form (method GET) sent as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, read)
        self.read = []
        # What the page shows in order, the values typed in its fields among it (a unit's
        # name in its own edit form): where a code may find its name standing by.
        self.shown = []
        self.outside_body = []
        self.links = []
        self.form = None  # (action, [(name, value)]) of the GET form being read
        self.select = None  # (name, first option's value, chosen yet)

    def _form_field(self, tag, attrs):
        kind = attrs.get("type", "text")
        if tag == "form":
            if attrs.get("method", "get").lower() == "get":
                self.form = (attrs.get("action") or "", [])
        elif self.form is None or not attrs.get("name"):
            return
        elif tag == "input" and kind not in ("submit", "button", "reset", "file", "image"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.form[1].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self.select = [attrs["name"], None, False]

    def _option(self, attrs):
        if self.select is None or self.select[2]:
            return
        if "selected" in attrs:
            self.select[1:] = [attrs.get("value", ""), True]
        elif self.select[1] is None:
            self.select[1] = attrs.get("value", "")

    def _reading(self) -> bool:
        return all(read for _, read in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        read = tag not in NOT_READ and attrs.get("translate") != "no"
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self._form_field(tag, attrs)
        if tag == "option":
            self._option(attrs)
        if read and self._reading():
            self.read += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type", "text") == "text" and attrs.get("value"):
                self.shown.append(attrs["value"])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.read.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, read))

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None and self.form is not None:
            self.form[1].append((self.select[0], self.select[1] or ""))
            self.select = None
        if tag == "form" and self.form is not None:
            action, fields = self.form
            self.links.append(f"{action}?{urlencode(fields)}")
            self.form = None
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if data.strip() and "body" not in tags and not {"title", "script", "style"} & set(tags):
            self.outside_body.append(data.strip())
        if self._reading() and "title" not in tags:
            self.read.append(data)
            if data.strip():
                self.shown.append(data)


class Contract:
    """The contract's checks, knowing the site's units (code → name) so that a code standing
    for a unit is told from one shown beside the unit's name (a directory, 名称（代码）)."""

    NEAR = 3  # text pieces either side (a table's next cells) where the name may stand

    def __init__(self, units: dict[str, str]):
        # A province's or prefecture's code (43, 4331) reads as any number: only a county's
        # and those below it are told apart from figures.
        self.units = {code: name for code, name in units.items() if len(code) >= 6}
        alternatives = "|".join(re.escape(c) for c in sorted(self.units, key=len, reverse=True))
        alternatives = alternatives or "(?!)"  # no unit: no code to find
        # Not part of a longer code or number, nor the start of a masked ID number (4331****).
        self.codes = re.compile(rf"(?<![\w*-])(?:{alternatives})(?![\w*-])")

    def problems(self, page: str) -> tuple[list[str], list[str]]:
        """What is wrong with `page` by the contract, and the links it shows."""
        problems = []
        try:
            strict_html(page)
        except AssertionError as error:
            problems.append(f"HTML 不严格：{error}")
        try:
            html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
        except html5lib.html5parser.ParseError as error:
            problems.append(f"HTML 解析错误：{error}")
        reader = _ReadText()
        reader.feed(page)
        reader.close()
        if reader.outside_body:
            problems.append(f"<body> 之外有文字：{reader.outside_body[:3]}")
        codes = self.codes_without_names(reader.shown)
        if codes:
            problems.append(f"显示单位代码而非名称：{codes[:5]}")
        # Neither a unit's code (433126-GZ), whether or not its name stands by it, nor a web
        # address (a 普法 article's link) is a word of the page.
        text = WEB_ADDRESS.sub(" ", self.codes.sub(" ", "\n".join(reader.read)))
        english = sorted(set(LATIN_WORD.findall(text)) - ALLOWED_WORDS)
        if english:
            problems.append(f"英文：{english[:10]}")
        return problems, reader.links

    def codes_without_names(self, pieces: list[str]) -> list[str]:
        alone = set()
        for i, piece in enumerate(pieces):
            for code in self.codes.findall(piece):
                near = "".join(pieces[max(0, i - self.NEAR) : i + self.NEAR + 1])
                if self.units[code] not in near:
                    alone.add(code)
        return sorted(alone)


def page_kind(url: str) -> tuple[str, frozenset]:
    """Pages of one kind: the same path but for the ids and codes in it, with the same query
    keys (a list sorted, a list's second page). The crawl checks one page of each kind."""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*\d[^/]*(?=/|$)", "/<n>", parts.path)
    keys = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return path, frozenset(keys - PAGING_KEYS)


def followed(href: str) -> str | None:
    """The site's own URL `href` names, if the crawl follows it."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NOT_FOLLOWED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Crawl:
    """What a crawl found: the pages that break the contract ({url: problems}), the routes of
    every page it saw, and the URLs of the pages (HTML) among them."""

    broken: dict = field(default_factory=dict)
    routes: set = field(default_factory=set)
    pages: list = field(default_factory=list)


def crawl(client, contract: Contract, start: str = "/", *, check: bool = True) -> Crawl:
    """Visit every kind of page reachable from `start` by links, as `client`'s user; with
    `check` False only find the pages (the browser's sweep, whose pages the other checked)."""
    queue, kinds, found = deque([(start, "")]), {page_kind(start)}, Crawl()
    while queue:
        url, linked_from = queue.popleft()
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        with contextlib.suppress(Resolver404):
            found.routes.add(resolve(urlsplit(final).path).route)
        if response.status_code != 200:
            found.broken[url] = [f"状态 {response.status_code}（链接见于 {linked_from}）"]
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        found.pages.append(url)
        if check:
            problems, links = contract.problems(response.content.decode())
            if problems:
                found.broken[url] = problems
        else:
            reader = _ReadText()
            reader.feed(response.content.decode())
            links = reader.links
        for href in links:
            target = followed(urljoin(url, href))
            if target and page_kind(target) not in kinds:
                kinds.add(page_kind(target))
                queue.append((target, url))
    return found
