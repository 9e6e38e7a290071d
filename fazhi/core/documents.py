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
   and/or/not, `a if b else c` and `~`. Everything else is refused with a Chinese message:
   attributes starting with "_", method calls, arithmetic (`"a" * 10**9`, `"%999999999d" % 1`
   build a gigabyte), `set`, `macro`, `include`, `import`, `extends`, `block`, `call`,
   `filter`, `with`, nested loops (a loop in a loop multiplies the output by every paragraph
   typed into the report, a cheap way to exhaust the server).
2. `jinja2.sandbox.ImmutableSandboxedEnvironment`, narrowed further: no globals (no `range`,
   `lipsum`, `cycler`, `joiner`, `namespace`, `dict`), only the document's own filters and a few
   harmless tests, no operators, attribute and item access only to the keys of given dicts,
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

from . import archives
from .text import bad_character, printable

NOT_DOCX = "不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。"
FORBIDDEN = "模板中有不允许的写法（{what}）：文档模板只能填入数值和文字段落，使用条件和循环。"
TOO_LONG = "按模板生成的文档过长（超过 {limit:,} 个字符），请检查模板中的循环。"
# The rendered XML of one document part. The default annual report with long prose is about
# 0.3 million characters; a hundred-page report stays under 5 million. 20 million (some 80 MB
# of Python strings at most) is far above any real document and far below what hurts the server.
MAX_OUTPUT_CHARS = 20_000_000
SYNTAX = "模板中的占位符写法有误：请检查 {{ }} 与 {% %} 是否成对，括号和引号是否完整。"
NUMBER_FORMAT = "请检查数字格式（如 approx、pct、cn_date）是否用在了数字或日期上。"
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


def check_source(tree: nodes.Template, *, names, functions, filters, tests=TESTS) -> list[str]:
    """The allow-list (layer 1): Chinese problems of a parsed template, empty if none."""
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
            visit(node.iter, in_loop)
            if node.test is not None:
                visit(node.test, in_loop)
            for child in [*node.body, *node.else_]:
                visit(child, True)
            return
        elif not isinstance(node, ALLOWED_NODES):
            forbidden(CONSTRUCTS.get(kind, "这种语句"))
            return
        for child in node.iter_child_nodes():
            visit(child, in_loop)

    visit(tree, False)
    return problems


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
        limit = self.environment.max_output
        pieces, size = [], 0
        for piece in self.generate(*args, **kwargs):
            size += len(piece)
            if size > limit:
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

    def __init__(self, *, names, functions, filters, max_output=MAX_OUTPUT_CHARS):
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self.globals.clear()
        self.filters = dict(filters)
        self.tests = {name: test for name, test in self.tests.items() if name in TESTS}
        self.names, self.functions = frozenset(names), frozenset(functions)
        self.max_output = max_output

    def from_string(self, source, globals=None, template_class=None):
        """docxtpl compiles every part (body, headers, footers, footnotes, properties) here:
        each one passes the allow-list first."""
        tree = self.parse(source) if isinstance(source, str) else source
        problems = check_source(
            tree, names=self.names, functions=self.functions, filters=self.filters
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
        raise SecurityError(f"operator {operator} refused")

    def call_unop(self, context, operator, arg):
        raise SecurityError(f"operator {operator} refused")


def render_docx(
    template: bytes, values: dict, *, functions: dict | None = None, filters: dict | None = None
) -> bytes:
    """The filled-in .docx; raises DocumentRefused with Chinese messages (an exception a
    function raises for the user, a DocumentRefused subclass, passes through as it is)."""
    functions = functions or {}
    filters = filters or {}
    try:
        archives.check_archive(template, "模板")
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
    )
    try:
        doc = _docx_template(template)
        doc.render(context, jinja_env=env, autoescape=True)
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
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
