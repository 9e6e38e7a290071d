"""The one renderer of Word templates (docxtpl): the annual report, the 整改通知书, and any document
template added later. Every template is treated as if a stranger wrote it, because one may
have: a bureau uploads its own report template.

Jinja is a programming language, so a template that can reach a Python object can reach
everything (`{{ lipsum.__globals__["os"].popen("id").read() }}`, a bound method's
`__func__.__globals__`, a model's manager). Two independent layers stop that:

1. An allow-list over the template's syntax tree, checked before anything is compiled (at
   upload and again before every render, so a template stored before this check never runs):
   text, `{{ … }}`, `{% if %}` and a `{% for %}` that is not inside another loop; the names of
   the values the document is given and of its loop variables; calls of the given functions
   (`v("key")`, `prose("key")`) with literal arguments only; the given filters; comparisons,
   and/or/not, `a if b else c` and `~`; and `+` and `-` where the caller names the values
   that may be added (`operands`: the annual report's figures), never of a literal text.
   Everything else is refused with a Chinese message: attributes starting with "_", method
   calls, any other arithmetic (`"a" * 10**9`, `"%999999999d" % 1` build a gigabyte; `+` and
   `-` only add what is there, and only numbers), `set`, `macro`, `include`, `import`,
   `extends`, `block`, `call`,
   `filter`, `with`, nested loops (a loop in a loop multiplies the output by every paragraph
   typed into the report, a cheap way to exhaust the server).
2. `jinja2.sandbox.ImmutableSandboxedEnvironment`, narrowed further: no globals (no `range`,
   `lipsum`, `cycler`, `joiner`, `namespace`, `dict`), only the document's own filters and a few
   harmless tests, no operators but `+` and `-` of the caller's `operands` (each with
   another or with a number), attribute and item access only to the keys of given dicts,
   to `loop.index` and its kind and to a date's year/month/day, calls only of the given
   functions, and the output capped in size.

The values a template gets are plain data only (str, int, Decimal, date, None and lists and
dicts of them): `plain()` refuses anything else, so no model instance, manager or bound method
ever enters a template. A function such as `v` is wrapped in `Function`, a callable with a single
"_"-named slot and no other attribute, so there is nothing to walk from it to Python's internals.
"""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from lxml import etree

from . import archives
from .text import bad_character, printable

NOT_DOCX = "不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。"
FORBIDDEN = "模板中有不允许的写法（{what}）：文档模板只能填入数值和文字段落，使用条件和循环。"
TOO_LONG = "按模板生成的文档过长（超过 {limit:,} 个字符），请检查模板中的循环。"
# The rendered XML of all the parts of one document together (body, every header and footer,
# footnotes, properties): one budget per render, or 30 headers each just under a per-part cap
# made 30 times as much. Measured: the default annual report with 20,000 characters of prose
# in each of its 13 blocks (a report of well over a hundred pages) renders 0.4 million
# characters. 8 million is twenty times that, room for a bureau's own long template, and at
# most some 32 MB of strings and a few hundred MB once lxml has parsed them.
MAX_OUTPUT_CHARS = 8_000_000
# A loop over a literal (`{% for x in [0,0,…] %}`, `{% for c in "000…" %}`) repeats its body
# as often as the template says, and the template is untrusted: only the document's own
# values may be iterated. A list written in a template (for `in ["a", "b"]`) holds at most 50.
MAX_LITERAL_ITEMS = 50
# Headers and footers a template may have: three sections with a first-page, even and odd
# header and footer each are 18. Each part is parsed and rendered on its own.
MAX_HEADER_FOOTER_PARTS = 24
# One XML part of a template, parsed whole by lxml (some 90 bytes of memory for each byte):
# the default template's document.xml is 20 KB, a long bureau template a few hundred KB.
MAX_XML_BYTES = 4 * 1024 * 1024
BROKEN_XML = (
    "按模板生成的文档结构有误：请检查 {% if %}、{% for %} 与对应的 {% endif %}、{% endfor %} "
    "是否在同一个段落或同一个表格单元格中（跨段落请用 {%p if %} … {%p endif %}）。"
)
SYNTAX = "模板中的占位符写法有误：请检查 {{ }} 与 {% %} 是否成对，括号和引号是否完整。"
NUMBER_FORMAT = "请检查数字格式（如 approx、pct、cn_date）是否用在了数字或日期上。"
ARITHMETIC = '模板中的加减只能用于统计数字（如 v("甲") + v("乙")），不能用于文字或其他内容。'
NUMBERS = (int, float, Decimal)
CHINESE = re.compile("[\u4e00-\u9fff]")

LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem"}
)
DATE_ATTRIBUTES = frozenset({"year", "month", "day"})
# Jinja's tests that only look at a value (no callable, no object identity).
TESTS = frozenset({"defined", "undefined", "none", "number", "string", "even", "odd"})
PLAIN_SCALARS = (str, int, Decimal, datetime.date, type(None))

# What the allow-list calls each refused construct, for the message.
CONSTRUCTS = {
    "Set": "{% set %}",
    "AssignBlock": "{% set %}",
    "Macro": "{% macro %}",
    "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "Block": "{% block %}",
    "Extends": "{% extends %}",
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% from … import %}",
    "Scope": "作用域语句",
    "ScopedEvalContextModifier": "{% autoescape %}",
    "EvalContextModifier": "{% autoescape %}",
    "ExprStmt": "{% do %}",
    "Break": "{% break %}",
    "Continue": "{% continue %}",
    "Add": "算术运算 +",
    "Sub": "算术运算 -",
    "Mul": "算术运算 *",
    "Div": "算术运算 /",
    "FloorDiv": "算术运算 //",
    "Mod": "运算 %",
    "Pow": "运算 **",
    "Neg": "负号",
    "Pos": "正号",
    "Slice": "切片",
    "Dict": "字典",
    "Pair": "字典",
    "NSRef": "namespace",
}


class DocumentRefused(Exception):
    """A template that may not or cannot be rendered; `problems` are Chinese messages."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


class Function:
    """A function a template may call, such as `v("key")`. A bound method or a closure would
    carry `__self__`, `__func__`, `__globals__` and `__closure__`; this object has one slot
    whose name starts with "_" (which neither layer lets a template read) and nothing else."""

    __slots__ = ("_call",)

    def __init__(self, call):
        self._call = call

    def __call__(self, *args):
        return self._call(*args)

    def __repr__(self):
        return ""

    __str__ = __repr__


def plain(value, where: str = "value"):
    """`value` as plain data for a template, each string made printable (a control character
    left in old stored text would make the XML invalid); TypeError for anything else."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, PLAIN_SCALARS):
        return value
    if isinstance(value, list | tuple):
        return [plain(item, where) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError(f"{where}: a template's dict keys must be str")
        return {key: plain(item, f"{where}.{key}") for key, item in value.items()}
    raise TypeError(f"{where}: {type(value).__name__} is not plain data for a template")


def check_source(
    tree: nodes.Template, *, names, functions, filters, tests=TESTS, arithmetic: bool = False
) -> list[str]:
    """The allow-list (layer 1): Chinese problems of a parsed template, empty if none.
    `arithmetic`: `+` and `-` are allowed (the sandbox lets them add only its operands)."""
    loop_names = {
        name.name
        for loop in tree.find_all(nodes.For)
        for name in [loop.target, *loop.target.find_all(nodes.Name)]
        if isinstance(name, nodes.Name)
    }
    known = set(names) | loop_names | {"loop"}
    problems: list[str] = []

    def refuse(message: str):
        if message not in problems:
            problems.append(message)

    def forbidden(what: str):
        refuse(FORBIDDEN.format(what=what))

    def visit(node, in_loop: bool):
        kind = type(node).__name__
        if isinstance(node, nodes.Name):
            if node.name in functions and node.ctx == "load":
                forbidden(f'「{node.name}」只能这样使用：{node.name}("…")')
            elif node.name not in known:
                refuse(f"模板中有未知的占位符「{node.name}」")
            return
        if isinstance(node, nodes.TemplateData | nodes.Const):
            value = node.data if isinstance(node, nodes.TemplateData) else node.value
            found = bad_character(value) if isinstance(value, str) else None
            if found:
                refuse(f"模板中含有{found[1]}，请删除后重新上传。")
            elif not isinstance(value, str | bool | int | float | type(None)):
                forbidden("常量")
            return
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                forbidden(f"内部属性「{node.attr}」")
            visit(node.node, in_loop)
            return
        if isinstance(node, nodes.Getitem):
            key = node.arg
            if not isinstance(key, nodes.Const) or (
                isinstance(key.value, str) and key.value.startswith("_")
            ):
                forbidden("方括号取值")
            visit(node.node, in_loop)
            return
        if isinstance(node, nodes.Call):
            called = node.node
            literal = all(
                isinstance(arg, nodes.Const) and isinstance(arg.value, str) for arg in node.args
            )
            if (
                not isinstance(called, nodes.Name)
                or called.name not in functions
                or node.kwargs
                or node.dyn_args
                or node.dyn_kwargs
                or not literal
            ):
                forbidden('函数调用，只能调用 v("指标") 和 prose("段落")')
                return
            for arg in node.args:
                visit(arg, in_loop)
            return
        if isinstance(node, nodes.Filter | nodes.Test):
            allowed = filters if isinstance(node, nodes.Filter) else tests
            if node.name not in allowed:
                label = "格式" if isinstance(node, nodes.Filter) else "判断"
                refuse(f"模板中有未知的{label}「{node.name}」")
            if node.dyn_args or node.dyn_kwargs:
                forbidden("*参数")
        elif isinstance(node, nodes.For):
            if node.recursive:
                forbidden("递归循环")
            if in_loop:
                forbidden("循环中的循环")
            if not _data_derived(node.iter):
                forbidden('对模板中写定的列表或文字的循环，只能循环 prose("…") 等给定的内容')
            visit(node.iter, in_loop)
            if node.test is not None:
                visit(node.test, in_loop)
            for child in [*node.body, *node.else_]:
                visit(child, True)
            return
        elif isinstance(node, nodes.Add | nodes.Sub) and arithmetic:
            sides = (node.left, node.right)
            if any(isinstance(s, nodes.Const) and not _is_number(s.value) for s in sides):
                refuse(ARITHMETIC)
                return
        elif not isinstance(node, ALLOWED_NODES):
            forbidden(CONSTRUCTS.get(kind, "这种语句"))
            return
        elif isinstance(node, nodes.List | nodes.Tuple) and len(node.items) > MAX_LITERAL_ITEMS:
            forbidden(f"超过 {MAX_LITERAL_ITEMS} 项的列表")
            return
        for child in node.iter_child_nodes():
            visit(child, in_loop)

    visit(tree, False)
    return problems


def _is_number(value) -> bool:
    return isinstance(value, NUMBERS) and not isinstance(value, bool)


def _data_derived(node) -> bool:
    """Whether a loop's iterable comes from the values the document is given (a name, a
    given function's result, an item or attribute of one), not from a literal."""
    while isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Filter):
        node = node.node
    return isinstance(node, nodes.Name | nodes.Call)


ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.If,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.CondExpr,
    nodes.Concat,
    nodes.List,
    nodes.Tuple,
    nodes.Keyword,
)


class _CappedTemplate(jinja2.Template):
    """Renders piece by piece and stops once the output passes the environment's cap."""

    def render(self, *args, **kwargs) -> str:
        environment = self.environment
        limit = environment.max_output
        pieces = []
        for piece in self.generate(*args, **kwargs):
            # The environment's count is shared by every part docxtpl renders with it.
            environment.spent += len(piece)
            if environment.spent > limit:
                raise DocumentRefused([TOO_LONG.format(limit=limit)])
            pieces.append(piece)
        return "".join(pieces)


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Layer 2: the sandbox, with nothing in it but what the document is given."""

    template_class = _CappedTemplate
    # Every operator goes through call_binop/call_unop, which refuse: the allow-list already
    # refuses them, this keeps a template from reaching `"a" * 10**9` if it ever let one by.
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def __init__(self, *, names, functions, filters, max_output=MAX_OUTPUT_CHARS, operands=()):
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self.operands = tuple(operands)
        self.globals.clear()
        self.filters = dict(filters)
        self.tests = {name: test for name, test in self.tests.items() if name in TESTS}
        self.names, self.functions = frozenset(names), frozenset(functions)
        self.max_output = max_output
        self.spent = 0  # characters rendered so far, by all parts of the document

    def from_string(self, source, globals=None, template_class=None):
        """docxtpl compiles every part (body, headers, footers, footnotes, properties) here:
        each one passes the allow-list first."""
        tree = self.parse(source) if isinstance(source, str) else source
        problems = check_source(
            tree,
            names=self.names,
            functions=self.functions,
            filters=self.filters,
            arithmetic=bool(self.operands),
        )
        if problems:
            raise DocumentRefused(problems)
        return super().from_string(tree, globals, template_class)

    def getattr(self, obj, attribute):
        return self._get(obj, attribute)

    def getitem(self, obj, argument):
        return self._get(obj, argument)

    def _get(self, obj, key):
        if isinstance(obj, dict) and isinstance(key, str):
            return obj[key] if key in obj else self.undefined(obj=obj, name=key)
        if isinstance(obj, list | tuple) and type(key) is int:
            return obj[key] if -len(obj) <= key < len(obj) else self.undefined(obj=obj, name=key)
        if isinstance(obj, LoopContext) and key in LOOP_ATTRIBUTES:
            return getattr(obj, key)
        if isinstance(obj, datetime.date) and key in DATE_ATTRIBUTES:
            return getattr(obj, key)
        raise SecurityError(f"access to {key!r} of {type(obj).__name__} refused")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 — Jinja's signature
        literal = all(isinstance(arg, str) for arg in args)
        if not isinstance(__obj, Function) or kwargs or not literal:
            raise SecurityError(f"call of {type(__obj).__name__} refused")
        return __obj(*args)

    def call_binop(self, context, operator, left, right):
        """`+` and `-` of an operand (a figure) with another or with a number; the operand's
        own __add__/__sub__ computes. Anything else is refused."""
        if operator in ("+", "-") and self.operands:
            sides = (left, right)
            figure = any(isinstance(side, self.operands) for side in sides)
            if figure and all(isinstance(s, self.operands) or _is_number(s) for s in sides):
                return left + right if operator == "+" else left - right
            raise DocumentRefused([ARITHMETIC])
        raise SecurityError(f"operator {operator} refused")

    def call_unop(self, context, operator, arg):
        raise SecurityError(f"operator {operator} refused")


def render_docx(
    template: bytes,
    values: dict,
    *,
    functions: dict | None = None,
    filters: dict | None = None,
    operands: tuple[type, ...] = (),
) -> bytes:
    """The filled-in .docx; raises DocumentRefused with Chinese messages (an exception a
    function raises for the user, a DocumentRefused subclass, passes through as it is).
    `operands`: the types of the values a template may add and subtract (`+`, `-`), each with
    another or with a number — the values the functions return, never the plain ones; without
    them a template does no arithmetic at all."""
    functions = functions or {}
    filters = filters or {}
    try:
        archives.check_archive(template, "模板", archives.TEMPLATE)
        check_package(template)
    except archives.NotAnArchive:
        raise DocumentRefused([NOT_DOCX]) from None
    except archives.ArchiveRefused as refused:
        raise DocumentRefused([str(refused)]) from None
    context = plain(values)
    context.update({name: Function(function) for name, function in functions.items()})
    env = DocumentSandbox(
        names=context.keys(),
        functions=functions.keys(),
        filters=filters,
        max_output=MAX_OUTPUT_CHARS,
        operands=operands,
    )
    try:
        doc = _docx_template(template)
        doc.render(context, jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
    except DocumentRefused:
        raise
    except SecurityError:
        raise DocumentRefused([FORBIDDEN.format(what="访问了不允许的内容")]) from None
    except jinja2.TemplateSyntaxError:
        raise DocumentRefused([SYNTAX]) from None
    except jinja2.UndefinedError as error:
        raise DocumentRefused([f"模板中有未知的占位符：{_undefined_name(error)}"]) from None
    except jinja2.TemplateError:
        raise DocumentRefused([FORBIDDEN.format(what="无法识别的写法")]) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
        # Our filters explain themselves in Chinese; Python's own messages are not for users.
        detail = str(error) if CHINESE.search(str(error)) else NUMBER_FORMAT
        raise DocumentRefused([f"模板中的数字格式写法有误：{detail}"]) from None
    except etree.XMLSyntaxError:
        # A placeholder that opens in one paragraph or cell and closes in another yields
        # broken XML for some values only (valid at upload, broken on the real figures).
        raise DocumentRefused([BROKEN_XML]) from None
    except Exception:  # noqa: BLE001 — docxtpl and python-docx: whatever fails is the template's
        raise DocumentRefused([BROKEN_XML]) from None
    rendered = buffer.getvalue()
    # What is handed out is checked too: a placeholder inside a field code could write one.
    try:
        check_package(rendered)
    except archives.NotAnArchive:
        raise DocumentRefused([BROKEN_XML]) from None
    return rendered


def _undefined_name(error) -> str:
    found = re.search(r"'([^']+)' is undefined", str(error))
    return f"「{found.group(1)}」" if found else "（无法识别）"


def _docx_template(template: bytes) -> DocxTemplate:
    try:
        doc = DocxTemplate(io.BytesIO(template))
        doc.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError):
        raise DocumentRefused([NOT_DOCX]) from None
    return doc


# Active content (issue 15 point 4): a template is handed, filled in, to the bureaus above,
# who open it in Word. Word fetches a remote attachedTemplate (.dotm, macros) and the targets
# of INCLUDEPICTURE/INCLUDETEXT/LINK fields (a \\\\host\\share path sends the reader's
# Windows password hash), and runs DDE/DDEAUTO fields. A report needs none of these: a
# template may link out only by an http(s) hyperlink, and holds no field that fetches or runs.
ACTIVE = "模板中含有{what}，可能在打开文档时访问外部地址或运行程序，不允许使用：请删除后重新上传。"
REFUSED_RELATIONSHIPS = {
    "attachedTemplate": "外部模板（attachedTemplate）",
    "aFChunk": "嵌入的外部内容（altChunk）",
    "oleObject": "嵌入对象（OLE）",
    "package": "嵌入的文件",
    "control": "ActiveX 控件",
    "activeXControl": "ActiveX 控件",
    "activeXControlBinary": "ActiveX 控件",
    "vbaProject": "宏（VBA）",
    "wordVbaData": "宏（VBA）",
    "keyMapCustomizations": "宏（VBA）",
    "subDocument": "子文档",
    "frame": "外部框架",
    "mailMergeSource": "邮件合并数据源",
    "mailMergeHeaderSource": "邮件合并数据源",
    "recipientData": "邮件合并数据源",
    "dataSource": "外部数据源",
}
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
REFUSED_FIELDS = frozenset(
    {"DDE", "DDEAUTO", "INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "IMPORT"}
)
REFUSED_MEMBERS = ("vbaproject", "/embeddings/", "/activex/", "vbadata")
REFUSED_CONTENT = ("macroenabled", "vbaproject", "oleobject", "activex")
REFUSED_ELEMENTS = {
    "altChunk": "嵌入的外部内容（altChunk）",
    "attachedTemplate": "外部模板（attachedTemplate）",
    "object": "嵌入对象（OLE）",
    "OLEObject": "嵌入对象（OLE）",
    "control": "ActiveX 控件",
}
# Field codes and these elements live in the document's parts (body, headers, footers,
# footnotes, endnotes, comments, settings, glossary); the parts are capped at TEMPLATE size.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def check_package(data: bytes) -> None:
    """Raise DocumentRefused (Chinese) if the .docx holds active or external content; an
    archive that cannot be read raises archives.NotAnArchive. Checked at upload, before each
    render, and on what the render produced."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        rels = [n for n in names if n.endswith(".rels")]
        parts = [n for n in names if n.startswith("word/") and n.endswith(".xml")]
        types = "[Content_Types].xml"
        problems = _refused_members(names, archive.read(types) if types in names else b"")
        big = [
            i.filename
            for i in archive.infolist()
            if _is_xml(i.filename) and i.file_size > MAX_XML_BYTES
        ]
        if big:
            return_big = (
                f"模板中的「{printable(big[0][:60])}」超过 {MAX_XML_BYTES // 1024 // 1024} MB"
            )
            raise DocumentRefused([f"{return_big}，过大，请精简后重新上传。"])
        for name in rels:
            problems += _refused_relationships(etree.fromstring(archive.read(name), _PARSER))
        headers = [n for n in parts if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
        if len(headers) > MAX_HEADER_FOOTER_PARTS:
            problems.append(
                f"模板中有 {len(headers)} 个页眉页脚，超过了 {MAX_HEADER_FOOTER_PARTS} 个，"
                "请删除多余的分节或页眉页脚后重新上传。"
            )
        for name in parts:
            problems += _refused_content(etree.fromstring(archive.read(name), _PARSER))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.XMLSyntaxError):
        raise archives.NotAnArchive(NOT_DOCX) from None
    if problems:
        raise DocumentRefused(list(dict.fromkeys(problems)))


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _refused_members(names: list[str], content_types: bytes) -> list[str]:
    lowered = [f"/{name.lower()}" for name in names]
    if any(marker in name for name in lowered for marker in REFUSED_MEMBERS):
        return [ACTIVE.format(what="宏、嵌入对象或控件")]
    if any(marker.encode() in content_types.lower() for marker in REFUSED_CONTENT):
        return [ACTIVE.format(what="宏、嵌入对象或控件")]
    return []


def _refused_relationships(root) -> list[str]:
    problems = []
    for relationship in root.iter("{*}Relationship"):
        kind = relationship.get("Type", "").rsplit("/", 1)[-1]
        external = relationship.get("TargetMode", "").lower() == "external"
        target = relationship.get("Target", "").strip().lower()
        if kind in REFUSED_RELATIONSHIPS:
            problems.append(ACTIVE.format(what=REFUSED_RELATIONSHIPS[kind]))
        elif external and not (
            relationship.get("Type") == HYPERLINK and target.startswith(("http://", "https://"))
        ):
            problems.append(ACTIVE.format(what=f"指向外部的链接（{printable(target[:60])}）"))
    return problems


def _refused_content(root) -> list[str]:
    problems = []
    for element in root.iter(etree.Element):
        local = etree.QName(element).localname
        if local in REFUSED_ELEMENTS:
            problems.append(ACTIVE.format(what=REFUSED_ELEMENTS[local]))
    for instruction in _field_instructions(root):
        words = instruction.replace("\\", " ").split()
        if words and words[0].upper().lstrip("\\") in REFUSED_FIELDS:
            problems.append(ACTIVE.format(what=f"域代码 {words[0].upper()[:20]}"))
    return problems


def _field_instructions(root) -> list[str]:
    """Every field's instruction: a fldSimple's attribute, and the instrText runs between a
    fldChar begin and its separate or end (a code split over several runs joined again;
    a field nested in another read on its own)."""
    found = [element.get(f"{_W}instr", "") for element in root.iter(f"{_W}fldSimple")]
    stack: list[list[str]] = []
    for element in root.iter(f"{_W}fldChar", f"{_W}instrText"):
        if element.tag == f"{_W}instrText":
            if stack:
                stack[-1].append(element.text or "")
            else:
                found.append(element.text or "")
            continue
        kind = element.get(f"{_W}fldCharType")
        if kind == "begin":
            stack.append([])
        elif kind in ("separate", "end") and stack:
            found.append("".join(stack.pop()))
    found += ["".join(pieces) for pieces in stack]
    return found
