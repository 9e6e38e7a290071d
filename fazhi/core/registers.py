"""What a register is: its declaration, made once by each register app, found by name or model.

A register app declares, once, a `Register` tying together:
- its model, a subclass of core.records.RegisterRecord;
- its columns (core.columns.Column), in the order of the domain file;
- its checks, derived and computed fields, links to other registers, personal data, and the
  fields an edit may change.
The import, export, template, API, pages and indicator machinery work from that declaration
alone; every write of a record goes through core/writes.py. This module is a leaf: it imports
nothing of fazhi, so anything may ask it which register a model belongs to.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .columns import Column
    from .errors import Problem
    from .records import RegisterRecord


@dataclass(frozen=True)
class Register:
    """A register's declaration, found by name by the generic machinery."""

    name: str  # REGISTER name of the command-line contract
    model: type[RegisterRecord]
    label: str
    columns: tuple[Column, ...]
    # Consistency checks of one record (pure): the domain file's rules, as Problems.
    check: Callable[[RegisterRecord], list[Problem]] = lambda record: []
    # Computed fields for export, by their Chinese names in the domain file.
    computed: Callable[[RegisterRecord], dict[str, str]] = lambda record: {}
    # Sets every derived field (deadlines, status) from the others; called before each save
    # with the register's settings (below), which callers read once per batch.
    derive: Callable[[RegisterRecord, dict], None] = lambda record, settings: None
    # The administrators' settings the rules need (configurable periods, thresholds …).
    settings: Callable[[], dict] = dict
    # Links to other registers' records, looked up for many records at once (imports, forms):
    # resolve(actor, records) sets them and returns [(record, Problem)] for those it could not.
    resolve: Callable[[object, list], list[tuple[RegisterRecord, Problem]]] = (
        lambda actor, records: []
    )
    # The fields the links are looked up from. A write of a stored record that changes none of
    # them keeps its links as they are (resolve is not asked): a step must not be refused, or
    # relinked, because the linked case was renumbered since. Empty: every write resolves.
    links_from: tuple[str, ...] = ()
    # Fields only some may change by an ordinary write (an edit, an import, the API): field →
    # (who may, the refusal). The actions whose effect they are change them under their own
    # preconditions (core.writes.save_record's `effect`).
    protected: dict[str, tuple[Callable[[object], bool], str]] = field(default_factory=dict)
    # Why a stored record takes no ordinary write now (an edit, an import, the API): its
    # refusal, "" when it takes one. A 调解 case under 以奖代补 review waits for the county's
    # decision; the actions whose effect is that state (save_record's `effect`) are not held.
    held: Callable[[RegisterRecord], str] = lambda stored: ""
    # Fields of personal data (姓名, 身份证号, 住址 …) → how each is masked (core.masks.MASKS):
    # shown in full only to those core.personal.sees_personal_data allows; masked for others.
    sensitive: dict[str, str] = field(default_factory=dict)
    # Retention of personal data (core/retention.py): the date the record's business ends, and
    # the default number of years it stays visible after that date.
    ended_field: str = ""
    retention_years: int | None = None
    # Who may import a file into it, beyond the scope rule (a department's 填报员 records
    # rectification on 案卷评查 but imports no rounds).
    may_import: Callable[[object], bool] = lambda user: True
    sample: dict[str, str] = field(default_factory=dict)  # header → a sample row's text
    # The date a record is counted by: its year ("--year", the list's 年度, the API's order).
    date_field: str = "created_at"
    # The fields an edit of its particulars may change (core.writes.update_record, the edit
    # pages); empty: every column's field. Steps change the others.
    editable: tuple[str, ...] = ()
    # What the list page's search box, and the API's `q`, look at (`icontains`); a personal
    # field among them only for whoever sees it in full now (core.personal.search_condition).
    search_fields: tuple[str, ...] = ("number",)
    # A search a lookup cannot do (an ID number through its blind index): given the text, a Q
    # or None; `search_hook_label` names it in the search box.
    search_hook: Callable[[str], object] | None = None
    search_hook_label: str = ""
    # Choice fields the list page offers as exact filters, in this order.
    filters: tuple[str, ...] = ()
    # The register's reminders that are not a case's running deadline, for the board: given
    # the reader and today, a list of core.alerts.Alert counted over what he may see.
    alerts: Callable[[object, object], list] | None = None

    def __post_init__(self):
        if not self.editable:
            object.__setattr__(self, "editable", tuple(c.field for c in self.columns))

    @property
    def list_url(self) -> str:
        """URL name of the register's list page: its pages live in the namespace of its name
        (core.register_views.register_urls)."""
        return f"{self.name}:list"

    @property
    def detail_url(self) -> str:
        """URL name of a record's page, taking its pk."""
        return f"{self.name}:detail"

    @functools.cached_property
    def header_of(self) -> dict[str, str]:
        """Each column's field → its header: what a problem with the field is reported as."""
        return {c.field: c.header for c in self.columns}

    @property
    def number_column(self) -> Column:
        return next(c for c in self.columns if c.field == "number")

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    @property
    def register_role(self) -> str:
        return self.model.register_role


REGISTERS: dict[str, Register] = {}
_BY_MODEL: dict[type, Register] = {}


def add(register: Register) -> Register:
    """Declare a register; each app does this once, in its AppConfig.ready()."""
    if REGISTERS.get(register.name, register) is not register:
        raise ValueError(f"register {register.name!r} declared twice")
    REGISTERS[register.name] = register
    _BY_MODEL[register.model] = register
    return register


def get_register(name: str) -> Register:
    try:
        return REGISTERS[name]
    except KeyError:
        known = "、".join(sorted(REGISTERS)) or "（无）"
        raise KeyError(f"未知的登记簿「{name}」，可选：{known}") from None


def register_of(model) -> Register | None:
    """The register whose records `model` holds, None for a model that is no register's (a
    unit, a user): what the audit log masks and how long personal data is kept are read from
    the declaration, not copied onto the model class."""
    return _BY_MODEL.get(model)
