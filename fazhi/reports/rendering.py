"""Rendering a report template with figures and prose, and validating a template.

The same render serves three uses: the .docx itself; the web preview, where each figure is
marked so the page can link it to its records; and validation at upload, a dry render that
collects unknown indicator keys, prose blocks, filters and broken placeholders as Chinese
messages instead of producing a broken document later.

An uploaded template is code written by whoever uploaded it: it is rendered only by
`fazhi.core.documents.render_docx` (an allow-list over the template, then a sandbox), given
plain values and the two functions `v` and `prose`, each wrapped so that it exposes nothing.
"""

import io
import re
from dataclasses import dataclass, field

import jinja2
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import nodes

from fazhi.core.documents import DocumentRefused, render_docx
from fazhi.core.text import printable
from fazhi.indicators.registry import INDICATORS

from .numbers import FILTERS
from .parts import BLOCKS

# Marks around a figure in the preview: private-use characters, valid in XML and never typed
# (fazhi.core.text refuses U+E000–U+E00F in every input, and they are removed from stored text
# before it is rendered, so only a figure the render computed carries them).
MARK_START, MARK_TEXT, MARK_END = "\ue000", "\ue001", "\ue002"
MARKED_RE = re.compile(f"{MARK_START}([^{MARK_TEXT}]+){MARK_TEXT}([^{MARK_END}]*){MARK_END}")
RESERVED_RE = re.compile("[\ue000-\ue00f]")


NO_FIGURES = '模板中没有任何统计指标占位符，例如 {{ v("reconsideration.received") }}。'


class TemplateInvalid(DocumentRefused):
    """A report template that cannot be used; `problems` are Chinese messages."""


def clean(text):
    """Stored text as a template may print it: fazhi's markers removed (text written before
    inputs refused them must not forge a figure) and control characters made visible."""
    if not isinstance(text, str):
        return text
    return printable(RESERVED_RE.sub("", text))


@dataclass
class Marked:
    """A figure (or what a filter made of it) that remembers its indicator, for the preview."""

    key: str
    value: object

    def __str__(self):
        return f"{MARK_START}{self.key}{MARK_TEXT}{self.value}{MARK_END}"

    def __bool__(self):
        # `{% if v("…") %}` must choose in the preview what it chooses in the document: a
        # marked 0 that was always true rendered other paragraphs (and broken XML) there.
        return bool(self.value)


def _marking(filter_):
    def marked(value, *args):
        if isinstance(value, Marked):
            return Marked(value.key, filter_(value.value, *args))
        return filter_(value, *args)

    return marked


@dataclass
class Content:
    """What a template is rendered with."""

    values: dict  # indicator key → value (int, Decimal, or None for a rate without one)
    prose: dict  # block key → text
    meta: dict  # title, title_more, unit_name, year, addressee, signer, sign_date
    mark: bool = False  # the preview's marks
    used: set = field(default_factory=set)  # the keys the template asked for
    used_prose: set = field(default_factory=set)  # the prose blocks it asked for
    unknown: set = field(default_factory=set)  # unknown indicator keys (validation)
    unknown_prose: set = field(default_factory=set)
    lenient: bool = False  # validation: record unknown keys instead of failing at the first

    def v(self, key):
        if key not in INDICATORS:
            if self.lenient:
                self.unknown.add(key)
                return 0
            raise TemplateInvalid([f"未知的统计指标「{key}」"])
        self.used.add(key)
        value = self.values.get(key)
        return Marked(key, value) if self.mark else value

    def paragraphs(self, key):
        if key not in BLOCKS:
            if self.lenient:
                self.unknown_prose.add(key)
                return []
            raise TemplateInvalid([f"未知的文字段落「{key}」"])
        self.used_prose.add(key)
        return split_paragraphs(clean(self.prose.get(key, "")))

    def values_for_template(self) -> dict:
        """The plain values; `v` and `prose` are passed as functions (render_docx wraps them)."""
        return {key: clean(value) for key, value in self.meta.items()}


def split_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def filters(mark: bool = False) -> dict:
    return {name: _marking(f) if mark else f for name, f in FILTERS.items()}


def render(template: bytes, content: Content) -> bytes:
    """The filled-in .docx; raises TemplateInvalid with Chinese messages."""
    try:
        return render_docx(
            template,
            content.values_for_template(),
            functions={"v": content.v, "prose": content.paragraphs},
            filters=filters(content.mark),
        )
    except TemplateInvalid:
        raise
    except DocumentRefused as refused:
        raise TemplateInvalid(refused.problems) from None


@dataclass(frozen=True)
class TemplateUse:
    """What a valid template prints: indicator keys, prose blocks, and the names of the other
    values it reads (title, addressee, signer, sign_date …)."""

    figures: set
    blocks: set
    names: set


def template_use(template: bytes, meta: dict) -> TemplateUse:
    """Validate the template (raises TemplateInvalid), then say what it uses."""
    content = _dry_run(template, meta)
    return TemplateUse(content.used, content.used_prose, names_read(template))


def validate_template(template: bytes, meta: dict) -> set[str]:
    """Render with sample figures and prose; returns the indicator keys the template uses, or
    raises TemplateInvalid listing every problem found."""
    return _dry_run(template, meta).used


def _dry_run(template: bytes, meta: dict) -> Content:
    content = Content(
        values={key: (0 if not INDICATORS[key].is_rate else None) for key in INDICATORS},
        prose={key: "示例段落。" for key in BLOCKS},
        meta=meta,
        lenient=True,
    )
    render(template, content)
    problems = [f"未知的统计指标「{key}」" for key in sorted(content.unknown)]
    problems += [f"未知的文字段落「{key}」" for key in sorted(content.unknown_prose)]
    if problems:
        raise TemplateInvalid(problems)
    if not content.used:
        raise TemplateInvalid([NO_FIGURES])
    return content


def names_read(template: bytes) -> set[str]:
    """The names the placeholders of a template's body, headers and footers read: whether it
    prints the 主送机关 or the 成文日期 at all, which its output cannot tell (a value may be
    empty). Only parsed, as docxtpl prepares a part for rendering, never compiled or rendered;
    asked only of a template the dry run has passed (its package checked by core.documents)."""
    doc = DocxTemplate(io.BytesIO(template))
    doc.init_docx()
    parts = [doc.get_xml()]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        parts += [doc.get_part_xml(part) for _, part in doc.get_headers_footers(uri)]
    sources = [doc.patch_xml(xml) for xml in parts]
    parser = jinja2.Environment()
    return {
        name.name
        for source in sources
        for name in parser.parse(source).find_all(nodes.Name)
        if name.ctx == "load"
    }


def document_paragraphs(docx: bytes) -> list[tuple[str, str]]:
    """(style name, text) of each body paragraph of a rendered document."""
    doc = Document(io.BytesIO(docx))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def document_text(docx: bytes) -> str:
    return "\n".join(text for _, text in document_paragraphs(docx))
