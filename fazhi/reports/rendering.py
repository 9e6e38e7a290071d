"""Rendering a report template with figures and prose, and validating a template.

The same render serves three uses: the .docx itself; the web preview, where each figure is
marked so the page can link it to its records; and validation at upload, a dry render that
collects unknown indicator keys, prose blocks, filters and broken placeholders as Chinese
messages instead of producing a broken document later.

An uploaded template is code written by whoever uploaded it: it is rendered only by
`fazhi.core.documents.render_docx` (an allow-list over the template, then a sandbox), given
plain values and the functions `v`, `prev`, `parts` and `prose`, each wrapped so that it
exposes nothing.

A figure reaches the template as an `Amount` in both renders: it prints as its value, adds
and subtracts (`v("a") + v("b") - 3`), compares (`{% if v("a") > prev("a") %}`) and takes the
filters of numbers.py, and remembers the figures it came from, so that the preview links a
sum to its terms, `pct` rounds a rate as its register's setting says, and `yoy` compares it
with the same expression a year before. `parts("family")` lists a breakdown's parts.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

import jinja2
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import nodes

from fazhi.core.documents import DocumentRefused, render_docx
from fazhi.core.text import printable
from fazhi.indicators.registry import INDICATORS

from .numbers import FILTERS, LEGACY, NO_VALUE, OTHER, _decimal, breakdown_items, change
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


NOT_ASKED = object()  # no previous year to compare with: a value of the year before itself


@dataclass(frozen=True)
class Term:
    """One figure in a value a template holds: an indicator, of a year, added or subtracted."""

    sign: int  # +1 or -1
    key: str
    year: int | None

    @property
    def code(self) -> str:
        """`+2024:reconsideration.closed` (keys are letters, digits, "_" and "." only)."""
        return f"{'+' if self.sign > 0 else '-'}{self.year}:{self.key}"

    @classmethod
    def parse(cls, code: str) -> "Term | None":
        """The term of a code, or None for anything else (an unknown key among them)."""
        found = TERM_RE.fullmatch(code or "")
        if found is None or found.group(3) not in INDICATORS:
            return None
        sign, year, key = found.groups()
        return cls(1 if sign == "+" else -1, key, int(year))

    def negated(self) -> "Term":
        return Term(-self.sign, self.key, self.year)


TERM_RE = re.compile(r"([+-])(\d{4}):([\w.]+)")
MAX_TERMS = 60  # a preview link names at most so many figures (a template's sum is shorter)


def parse_terms(payload: str) -> list[Term] | None:
    """The terms a preview mark carries (`Amount.__str__`), or None if it is no such mark."""
    codes = payload.split(",")
    terms = [Term.parse(code) for code in codes[:MAX_TERMS]]
    return terms if terms and len(codes) <= MAX_TERMS and None not in terms else None


FORMATTED = "「{text}」已经按格式打印成文字，不能再加减或比较：请先加减，再用 approx、pct 等格式。"
RATE_AND_COUNT = "比率不能与件数、人数等相加减。"
NOT_COMPARABLE = 'yoy 只能用于本年度的统计数字，如 v("指标")|yoy。'


class Amount:
    """A figure as a template holds it, in the document and in the preview alike: its value,
    the figures it came from (`terms`: one for v("key"), several after + and -), the same
    expression's value a year before (for `yoy`), and how its register rounds a rate (for
    `pct`). Adding or subtracting two gives one that remembers the terms of both; a filter
    gives one that remembers the terms of what it filtered. Printed, it is its value; in the
    preview (`mark`) wrapped in marks naming its terms, so the page links it to their records.

    A template reaches none of its attributes: the sandbox (core.documents) lets a template
    read items of dicts and lists only, and + and - only of these and of numbers."""

    __slots__ = ("value", "terms", "previous", "rounding", "unit", "rate", "mark")

    def __init__(
        self,
        value,
        terms=(),
        previous=NOT_ASKED,
        rounding=None,
        unit="",
        rate=False,
        mark=False,
    ):
        self.value, self.terms, self.previous = value, tuple(terms), previous
        self.rounding, self.unit, self.rate, self.mark = rounding, unit, rate, mark

    # --- what it prints

    @property
    def text(self) -> str:
        return NO_VALUE if self.value is None else str(self.value)

    def __str__(self):
        if not (self.mark and self.terms):
            return self.text
        # More terms than a link names (parse_terms) print as plain text, not as a figure.
        payload = ",".join(term.code for term in self.terms)
        return f"{MARK_START}{payload}{MARK_TEXT}{self.text}{MARK_END}"

    __repr__ = __str__

    def __bool__(self):
        # `{% if v("…") %}` chooses in the preview what it chooses in the document.
        return bool(self.value)

    @property
    def formatted(self) -> bool:
        """A filter made it text (approx, pct …): no longer a number to add or compare."""
        return isinstance(self.value, str)

    def mapped(self, function) -> "Amount":
        """What a filter makes of it, remembering its terms; a filter that gives a number
        (wan) is applied to the previous year's value too."""
        value, previous = function(self.value), self.previous
        if isinstance(value, str):
            previous = NOT_ASKED  # text compares with nothing (FORMATTED)
        elif previous is not NOT_ASKED and previous is not None:
            previous = function(previous)
        return self.like(value, self.terms, previous)

    def like(self, value, terms, previous=NOT_ASKED, **changes) -> "Amount":
        fields = {
            "rounding": self.rounding,
            "unit": self.unit,
            "rate": self.rate,
            "mark": self.mark,
            **changes,
        }
        return Amount(value, terms, previous, **fields)

    # --- arithmetic: + and - of figures, and of numbers written in the template

    def _combine(self, other, sign: int, reflected: bool = False):
        other = _operand(other, self)
        if other is NotImplemented:
            return NotImplemented
        left, right = (other, self) if reflected else (self, other)
        for side in (left, right):
            if side.formatted:
                raise ValueError(FORMATTED.format(text=side.value[:20]))
        if left.terms and right.terms and left.rate != right.rate:
            raise ValueError(RATE_AND_COUNT)
        terms = left.terms + tuple(t if sign > 0 else t.negated() for t in right.terms)
        return Amount(
            _sum(left.value, right.value, sign),
            terms,
            _sum(left.previous, right.previous, sign),
            rounding=left.rounding if left.rounding == right.rounding else None,
            unit=left.unit if left.unit == right.unit else "",
            rate=left.rate or right.rate,
            mark=left.mark or right.mark,
        )

    def __add__(self, other):
        return self._combine(other, 1)

    def __radd__(self, other):
        return self._combine(other, 1, reflected=True)

    def __sub__(self, other):
        return self._combine(other, -1)

    def __rsub__(self, other):
        return self._combine(other, -1, reflected=True)

    # --- comparisons, for {% if %}

    def _compared(self, other):
        number = other.value if isinstance(other, Amount) else other
        for value in (self.value, number):
            if isinstance(value, str):
                raise ValueError(FORMATTED.format(text=value[:20]))
        return number

    def __eq__(self, other):
        return self.value == (other.value if isinstance(other, Amount) else other)

    def __hash__(self):
        return hash(self.value)

    def __lt__(self, other):
        number = self._compared(other)
        return None not in (self.value, number) and self.value < number

    def __le__(self, other):
        number = self._compared(other)
        return None not in (self.value, number) and self.value <= number

    def __gt__(self, other):
        number = self._compared(other)
        return None not in (self.value, number) and self.value > number

    def __ge__(self, other):
        number = self._compared(other)
        return None not in (self.value, number) and self.value >= number


def _operand(other, like: Amount):
    """`other` as an Amount: a number written in the template is the same every year."""
    if isinstance(other, Amount):
        return other
    if isinstance(other, bool) or not isinstance(other, int | float | Decimal):
        return NotImplemented
    number = _decimal(other) if isinstance(other, float) else other
    return Amount(number, (), number, rounding=like.rounding, unit=like.unit, rate=like.rate)


def _sum(left, right, sign: int):
    if NOT_ASKED in (left, right):
        return NOT_ASKED
    if left is None or right is None:
        return None  # a rate without a value has no sum either
    total = left + right if sign > 0 else left - right
    _decimal(total)  # refuses what no report prints (a number of a million digits)
    return total


class PartList(list):
    """The parts of a breakdown a sentence lists (`parts("family")`): printed, "维持9件、撤销2件、
    其他1件"; looped over, items with `part`, `name`, `n` and `unit`, for a sentence of the
    template's own ("其中1件裁定结案，另2件暂未审结")."""

    def __str__(self):
        return "、".join(f"{_listed(item['name'])}{item['n']}{item['unit']}" for item in self)

    __repr__ = __str__


def _listed(name: str) -> str:
    """A name in a list joined by 、 is quoted when it has a 、 of its own (“撤销、部分撤销”)."""
    return f"“{name}”" if "、" in name else name


def part_name(indicator) -> str:
    """How a sentence names a part: what its label says in brackets (办结（维持） → 维持),
    else its key's last segment when it is Chinese (律师事务所), else its label."""
    label = indicator.label
    if label.endswith("）") and "（" in label:
        return label[label.rindex("（") + 1 : -1]
    last = indicator.key.rsplit(".", 1)[-1]
    return last if not last.isascii() else label


def family_members(family: str) -> list:
    """The parts of a breakdown keyed `<family>.<part>` (one segment more), declared order."""
    prefix = f"{family}."
    return [
        indicator
        for key, indicator in INDICATORS.items()
        if key.startswith(prefix) and "." not in key[len(prefix) :]
    ]


@dataclass
class Content:
    """What a template is rendered with."""

    values: dict  # indicator key → value (int, Decimal, or None for a rate without one)
    prose: dict  # block key → text
    meta: dict  # title, title_more, unit_name, year, addressee, signer, sign_date
    mark: bool = False  # the preview's marks
    previous: dict = field(default_factory=dict)  # key → its value of the year before
    roundings: dict = field(default_factory=dict)  # a rate's key → its Rounding
    notes: dict = field(default_factory=dict)  # key → the settings that decided it (Figure)
    used: set = field(default_factory=set)  # the keys the template asked for
    used_prose: set = field(default_factory=set)  # the prose blocks it asked for
    unknown: set = field(default_factory=set)  # unknown indicator keys (validation)
    unknown_prose: set = field(default_factory=set)
    lenient: bool = False  # validation: record unknown keys instead of failing at the first

    @property
    def year(self):
        return self.meta.get("year")

    def _known(self, key: str) -> bool:
        if key in INDICATORS:
            return True
        if self.lenient:
            self.unknown.add(key)
            return False
        raise TemplateInvalid([f"未知的统计指标「{key}」"])

    def _amount(self, key: str, value, year, previous=NOT_ASKED) -> Amount:
        indicator = INDICATORS[key]
        return Amount(
            value,
            (Term(1, key, year),),
            previous,
            rounding=self.roundings.get(key, LEGACY) if indicator.is_rate else None,
            unit=indicator.unit,
            rate=indicator.is_rate,
            mark=self.mark,
        )

    def v(self, key):
        """The figure of the report's year."""
        if not self._known(key):
            return Amount(0)
        self.used.add(key)
        # The render is given the previous year of every figure the template compares
        # (TemplateUse.previous); one it was not given has nothing to compare with.
        return self._amount(key, self.values.get(key), self.year, self.previous.get(key))

    def prev(self, key):
        """The same figure of the year before, for the same unit."""
        if not self._known(key):
            return Amount(0)
        year = self.year - 1 if isinstance(self.year, int) else None
        return self._amount(key, self.previous.get(key), year)

    def parts(self, family):
        """The parts of the breakdown `family` (every `<family>.<part>`) that have a value,
        largest first, and 其他 for the rest of its whole (parts.py, numbers.breakdown_items)."""
        members = family_members(family)
        if not members:
            if self.lenient:
                self.unknown.add(family)
                return PartList()
            raise TemplateInvalid([f"未知的统计指标「{family}」"])
        if any(member.is_rate for member in members):
            raise TemplateInvalid([f"「{family}」的分项是比率，不能逐项列出件数。"])
        whole = INDICATORS.get(family)
        keys = [m.key for m in members] + ([family] if whole else [])
        self.used.update(keys)
        named = [(m.key, part_name(m), self.values.get(m.key)) for m in members]
        try:
            listed, other = breakdown_items(named, self.values.get(family) if whole else None)
        except ValueError as overlap:
            raise TemplateInvalid([f"「{whole.label}」{overlap}"]) from None
        items = PartList(self._part(INDICATORS[key]) for key in listed)
        if other:
            items.append(self._other(members, whole, listed, other))
        return items

    def _part(self, indicator) -> dict:
        return {
            "part": indicator.key.rsplit(".", 1)[-1],
            "name": part_name(indicator),
            "n": self.v(indicator.key),
            "unit": indicator.unit,
        }

    def _other(self, members, whole, listed, value) -> dict:
        """其他: the whole less the parts listed (the part named 其他 among the rest), or,
        without a whole, the part named 其他."""
        if whole is not None:
            amount = self.v(whole.key)
            for key in listed:
                amount = amount - self.v(key)
        else:
            named_other = [m for m in members if part_name(m) == OTHER]
            amount = self.v(named_other[0].key)
        unit = (whole or members[0]).unit
        return {"part": OTHER, "name": OTHER, "n": amount, "unit": unit}

    def paragraphs(self, key):
        if key not in BLOCKS:
            if self.lenient:
                self.unknown_prose.add(key)
                return []
            raise TemplateInvalid([f"未知的文字段落「{key}」"])
        self.used_prose.add(key)
        return split_paragraphs(clean(self.prose.get(key, "")))

    def values_for_template(self) -> dict:
        """The plain values; the functions are passed as functions (render_docx wraps them)."""
        return {key: clean(value) for key, value in self.meta.items()}

    def functions(self) -> dict:
        return {"v": self.v, "prev": self.prev, "parts": self.parts, "prose": self.paragraphs}


def split_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _lifted(filter_):
    """A filter of numbers.py that, given an Amount, gives one remembering its terms."""

    def lifted(value, *args):
        if isinstance(value, Amount):
            return value.mapped(lambda number: filter_(number, *args))
        return filter_(value, *args)

    return lifted


def _pct(value, precision=None):
    """`pct` as its register's rounding setting says; `pct(1)` the template's decimals."""
    if isinstance(value, Amount):
        return value.mapped(lambda rate: FILTERS["pct"](rate, precision, value.rounding))
    return FILTERS["pct"](value, precision)


def _yoy(value, precision=None):
    """较上年…: the figure against the same figure (the same expression) a year before."""
    if isinstance(value, Amount) and value.formatted:
        raise ValueError(FORMATTED.format(text=value.value[:20]))
    if not isinstance(value, Amount) or value.previous is NOT_ASKED:
        raise ValueError(NOT_COMPARABLE)
    text = change(
        value.value,
        value.previous,
        value.unit,
        rate=value.rate,
        rounding=value.rounding,
        precision=precision,
    )
    # The change is this year's terms less last year's: the preview links both.
    before = tuple(Term(-t.sign, t.key, t.year - 1 if t.year else None) for t in value.terms)
    return value.like(text, value.terms + before)


def filters() -> dict:
    """The filters a report template may use (numbers.py), each keeping a figure's terms."""
    found = {name: _lifted(f) for name, f in FILTERS.items()}
    found["pct"], found["yoy"] = _pct, _yoy
    return found


def render(template: bytes, content: Content) -> bytes:
    """The filled-in .docx; raises TemplateInvalid with Chinese messages."""
    try:
        return render_docx(
            template,
            content.values_for_template(),
            functions=content.functions(),
            filters=filters(),
            operands=(Amount,),
        )
    except TemplateInvalid:
        raise
    except DocumentRefused as refused:
        raise TemplateInvalid(refused.problems) from None


@dataclass(frozen=True)
class TemplateUse:
    """What a valid template prints: indicator keys (`figures`, those of a breakdown it lists
    included), prose blocks, the names of the other values it reads (title, addressee, signer,
    sign_date …), and the keys whose previous year it needs (`previous`: those of prev(), and
    every figure when it compares any with `yoy`)."""

    figures: set
    blocks: set
    names: set
    previous: set = frozenset()


def template_use(template: bytes, meta: dict) -> TemplateUse:
    """Validate the template (raises TemplateInvalid), then say what it uses."""
    content, calls, names = _dry_run(template, meta)
    figures = calls["v"] | {k for family in calls["parts"] for k in family_keys(family)}
    if calls["yoy_all"]:
        compared = figures
    else:
        compared = {k for called, k in calls["yoy"] if called == "v"}
        compared |= {k for called, f in calls["yoy"] if called == "parts" for k in family_keys(f)}
    return TemplateUse(figures, content.used_prose, names, calls["prev"] | compared)


def family_keys(family: str) -> set[str]:
    """The keys `parts(family)` reads: its parts, and its whole if there is one."""
    keys = {member.key for member in family_members(family)}
    return keys | ({family} if family in INDICATORS else set())


def validate_template(template: bytes, meta: dict) -> set[str]:
    """Render with sample figures and prose; returns the indicator keys the template uses, or
    raises TemplateInvalid listing every problem found."""
    return template_use(template, meta).figures


def _dry_run(template: bytes, meta: dict) -> tuple[Content, dict, set]:
    """A render with every figure 0 (a rate without a value), then the keys of every call
    read from the template's text, so that a key in a branch the sample figures do not take
    (`{% if v("…") %}`) is checked too."""
    sample = {key: (0 if not INDICATORS[key].is_rate else None) for key in INDICATORS}
    content = Content(
        values=sample,
        prose={key: "示例段落。" for key in BLOCKS},
        meta=meta,
        previous=dict(sample),
        lenient=True,
    )
    render(template, content)
    calls, names = _read(template)
    unknown = content.unknown | {k for k in calls["v"] | calls["prev"] if k not in INDICATORS}
    unknown |= {family for family in calls["parts"] if not family_members(family)}
    problems = [f"未知的统计指标「{key}」" for key in sorted(unknown)]
    problems += [f"未知的文字段落「{key}」" for key in sorted(content.unknown_prose)]
    if problems:
        raise TemplateInvalid(problems)
    if not (calls["v"] or calls["parts"]):
        raise TemplateInvalid([NO_FIGURES])
    return content, calls, names


FUNCTIONS = ("v", "prev", "parts", "prose")


def _sources(template: bytes) -> list[str]:
    """The Jinja source of a template's body, headers and footers, as docxtpl prepares each
    part for rendering. Only parsed, never compiled or rendered; asked only of a template the
    dry run has passed (its package checked by core.documents)."""
    doc = DocxTemplate(io.BytesIO(template))
    doc.init_docx()
    parts = [doc.get_xml()]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        parts += [doc.get_part_xml(part) for _, part in doc.get_headers_footers(uri)]
    return [doc.patch_xml(xml) for xml in parts]


def _read(template: bytes) -> tuple[dict, set]:
    """What the template's text calls ({function: its literal first arguments}; under "yoy"
    the calls inside an expression it compares with the year before, under "yoy_all" whether
    it compares a value it got otherwise, such as a loop's item) and the names it reads."""
    calls = {name: set() for name in (*FUNCTIONS, "yoy")}
    calls["yoy_all"] = False
    names = set()
    parser = jinja2.Environment()
    for source in _sources(template):
        tree = parser.parse(source)
        for called, argument in _calls(tree):
            calls[called].add(argument)
        for compared in (f.node for f in tree.find_all(nodes.Filter) if f.name == "yoy"):
            inside = list(_calls(compared))
            calls["yoy"] |= {(called, argument) for called, argument in inside}
            calls["yoy_all"] |= not inside or _reads_values(compared)
        names |= {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
    return calls, names


def _reads_values(node) -> bool:
    """Whether an expression reads a value by name (a loop's item), not only by calls."""
    own = [node] if isinstance(node, nodes.Name) else []
    return any(name.name not in FUNCTIONS for name in [*own, *node.find_all(nodes.Name)])


def _calls(node):
    """(function, literal first argument) of each call of a given function in `node`."""
    found = [node] if isinstance(node, nodes.Call) else []
    for call in [*found, *node.find_all(nodes.Call)]:
        called, args = call.node, call.args
        named = isinstance(called, nodes.Name) and called.name in FUNCTIONS
        if named and args and isinstance(args[0], nodes.Const) and isinstance(args[0].value, str):
            yield called.name, args[0].value


def names_read(template: bytes) -> set[str]:
    """The names the placeholders of a template's body, headers and footers read: whether it
    prints the 主送机关 or the 成文日期 at all, which its output cannot tell (a value may be
    empty)."""
    return _read(template)[1]


def document_paragraphs(docx: bytes) -> list[tuple[str, str]]:
    """(style name, text) of each body paragraph of a rendered document."""
    doc = Document(io.BytesIO(docx))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def document_text(docx: bytes) -> str:
    return "\n".join(text for _, text in document_paragraphs(docx))
