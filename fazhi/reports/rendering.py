"""Rendering a report template (docxtpl) with figures and prose, and validating a template.

The same render serves three uses: the .docx itself; the web preview, where each figure is
marked so the page can link it to its records; and validation at upload, a dry render that
collects unknown indicator keys, prose blocks, filters and broken placeholders as Chinese
messages instead of producing a broken document later.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

import jinja2
from docx import Document
from docxtpl import DocxTemplate

from fazhi.indicators.registry import INDICATORS

from .numbers import FILTERS
from .parts import BLOCKS

# Marks around a figure in the preview: private-use characters, valid in XML and never typed.
MARK_START, MARK_TEXT, MARK_END = "\ue000", "\ue001", "\ue002"
MARKED_RE = re.compile(f"{MARK_START}([^{MARK_TEXT}]+){MARK_TEXT}([^{MARK_END}]*){MARK_END}")


NOT_DOCX = "不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。"
NO_FIGURES = '模板中没有任何统计指标占位符，例如 {{ v("reconsideration.received") }}。'


class TemplateInvalid(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass
class Marked:
    """A figure (or what a filter made of it) that remembers its indicator, for the preview."""

    key: str
    value: object

    def __str__(self):
        return f"{MARK_START}{self.key}{MARK_TEXT}{self.value}{MARK_END}"


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
    meta: dict  # unit_name, year, addressee, signer, sign_date
    mark: bool = False  # the preview's marks
    used: set = field(default_factory=set)  # the keys the template asked for
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
        return split_paragraphs(self.prose.get(key, ""))

    def context(self) -> dict:
        return {**self.meta, "v": self.v, "prose": self.paragraphs}


def split_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def environment(mark: bool = False) -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update({name: _marking(f) if mark else f for name, f in FILTERS.items()})
    return env


def render(template: bytes, content: Content) -> bytes:
    """The filled-in .docx; raises TemplateInvalid with Chinese messages."""
    try:
        doc = DocxTemplate(io.BytesIO(template))
        doc.render(content.context(), jinja_env=environment(content.mark), autoescape=True)
    except TemplateInvalid:
        raise
    except (zipfile.BadZipFile, KeyError):
        raise TemplateInvalid([NOT_DOCX]) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateInvalid([f"模板中的占位符写法有误：{error.message}"]) from None
    except jinja2.UndefinedError as error:
        raise TemplateInvalid([f"模板中有未知的占位符：{_undefined_name(error)}"]) from None
    except jinja2.TemplateError as error:
        raise TemplateInvalid([f"模板有误：{error}"]) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
        raise TemplateInvalid([f"模板中的数字格式写法有误：{error}"]) from None
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _undefined_name(error) -> str:
    found = re.search(r"'([^']+)' is undefined", str(error))
    return f"「{found.group(1)}」" if found else str(error)


def validate_template(template: bytes, meta: dict) -> set[str]:
    """Render with sample figures and prose; returns the indicator keys the template uses, or
    raises TemplateInvalid listing every problem found."""
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
    return content.used


def document_paragraphs(docx: bytes) -> list[tuple[str, str]]:
    """(style name, text) of each body paragraph of a rendered document."""
    doc = Document(io.BytesIO(docx))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def document_text(docx: bytes) -> str:
    return "\n".join(text for _, text in document_paragraphs(docx))
