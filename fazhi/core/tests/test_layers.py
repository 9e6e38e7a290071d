"""core's modules import each other at their top, never inside a function.

An import inside a function body is how a cycle between core's modules, or an import of an app
built on core, stays hidden: the module loads, and the cycle shows only when the function runs.
At the top, import-linter sees every import ([tool.importlinter] in pyproject.toml). The one
exception is AppConfig.ready(), where Django has an app import its own modules once the
registry is ready; what a lower module needs from a higher one is installed there.
"""

import ast
from pathlib import Path

import fazhi.core

CORE = Path(fazhi.core.__file__).parent
REPOSITORY = CORE.parents[1]
NOT_CHECKED = {"tests", "migrations"}


def core_modules() -> list[Path]:
    return [
        path
        for path in sorted(CORE.rglob("*.py"))
        if not NOT_CHECKED & set(path.relative_to(CORE).parts)
    ]


def imports_fazhi(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "fazhi"
    return any(alias.name.split(".")[0] == "fazhi" for alias in node.names)


def is_app_config(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(base, ast.Name) and base.id == "AppConfig")
        or (isinstance(base, ast.Attribute) and base.attr == "AppConfig")
        for base in node.bases
    )


class LateImports(ast.NodeVisitor):
    """The lines of a module where a function body imports a module of fazhi."""

    def __init__(self):
        self.lines: list[int] = []
        self.in_function = False

    def visit_ClassDef(self, node: ast.ClassDef):
        for child in node.body:
            ready = isinstance(child, ast.FunctionDef) and child.name == "ready"
            if not (ready and is_app_config(node)):
                self.visit(child)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef):
        outer, self.in_function = self.in_function, True
        self.generic_visit(node)
        self.in_function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import | ast.ImportFrom):
        if self.in_function and imports_fazhi(node):
            self.lines.append(node.lineno)

    visit_ImportFrom = visit_Import


def late_imports(source: str) -> list[int]:
    visitor = LateImports()
    visitor.visit(ast.parse(source))
    return visitor.lines


def test_no_module_of_core_imports_fazhi_inside_a_function():
    found = [
        f"{path.relative_to(REPOSITORY)}:{line}"
        for path in core_modules()
        for line in late_imports(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "imports of fazhi inside a function (import at the top; where that makes a cycle, "
        "move the code to where it belongs or have AppConfig.ready() install it): "
        + ", ".join(found)
    )


def test_the_check_finds_imports_in_functions_and_passes_ready():
    source = """
import json
from . import models

def helper():
    import json
    from .models import Unit
    from fazhi.security import actions

class Config(AppConfig):
    def ready(self):
        from . import signals

    def other(self):
        from . import signals

class Pages:
    def ready(self):
        from . import views

    async def load(self):
        def inner():
            import fazhi.core.audit
"""
    assert late_imports(source) == [7, 8, 15, 19, 23]
