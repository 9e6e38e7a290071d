"""The one write path of every register's records.

A web action, the API and the importer each change records through the same two functions:
- `prepare` decides whether a write may go on and is valid, for one record or a chunk of a file:
  scope → personal data → characters and protected fields → links to other registers (only
  where a field they come from changes) → derived fields → the register's checks → the
  model's validation, in that order, for every caller;
- `change_entry` builds the audit entry of a prepared write, with before and after.
`save_record` is one record's write: lock, prepare, save, entry, in one transaction. The
importer prepares every row the same way and then writes them in bulk (imports/importer.py).
"""

import copy
import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.expressions import DatabaseDefault
from django.dispatch import Signal

from . import audit
from .access import enters_as_clerk, may_change_record
from .encrypted import BlindIndexField
from .errors import ActionRefused, Problem, RecordInvalid
from .models import AuditAction, AuditEntry
from .personal import sees_personal_data
from .text import character_problem
from .workdays import CalendarYearUnknown

# Sent inside the transaction that wrote a register's records (sender: the register's name,
# unit_ids: the units whose records changed), so that what is kept from them — the figures'
# yearly rollups — is marked out of date in that same transaction.
records_written = Signal()

UNAUDITED_FIELDS = {"id", "created_at", "updated_at"}


@dataclass(eq=False)
class Write:
    """One record on its way to the database, and what `prepare` found against it."""

    record: models.Model
    old: models.Model | None = None  # the record as stored, None for a new one
    refusal: str = ""  # the actor may not make this write (answered as 403, not as invalid)
    problems: list[Problem] = field(default_factory=list)  # the record is not valid
    invalid: ValidationError | None = None  # the model's own validation refused it
    # The fields an action sets as its effect, under its own precondition: the register's
    # protected fields (Register.protected) are not refused for them.
    effect: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.refusal and not self.problems and self.invalid is None

    def changes_nothing(self) -> bool:
        """Whether the stored record's own values would stay as they are."""
        fields = audited_fields(type(self.record))
        return self.old is not None and (
            stored_values(self.record, fields) == stored_values(self.old, fields)
        )


def stored_copy(record):
    """The record as it is before a change is set on it: what its write is compared with and
    audited against. A copy, not a re-read, so that a file of a million rows costs no query
    more (the relations it read along come with it)."""
    if record.pk is None:
        return None
    stored = copy.copy(record)
    for model_field in record._meta.concrete_fields:
        if isinstance(model_field, models.JSONField):
            # A list or dict is shared by a shallow copy: changed in place later, the change
            # would show on both sides and be neither written nor audited.
            name = model_field.attname
            setattr(stored, name, copy.deepcopy(getattr(record, name)))
    return stored


def lock(record):
    """Lock the record's row for this transaction and reload it, so that a step or an edit
    applies to what is stored now, not to a copy another officer has changed meanwhile."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())
    return record


def update_record(actor, register, record, changes: dict, *, note: str, editable=None):
    """Change a record's particulars through the one write path: lock it, set `changes`,
    save. A field not editable (the register's declaration, or `editable` where one action
    may change fewer) is a programming error — a form offering it, an action misused — not a
    user's mistake."""
    allowed = register.editable if editable is None else editable
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        old = stored_copy(lock(record))
        for name, value in changes.items():
            setattr(record, name, value)
        return _write(actor, register, Write(record, old), note)


@functools.cache
def audited_fields(model) -> tuple[str, ...]:
    """The fields an audit entry records: not the bookkeeping ones, nor a blind index (a
    digest of a field that is recorded, masked, already). Asked once per model: an import
    asks it for every row."""
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if f.name not in UNAUDITED_FIELDS and not isinstance(f, BlindIndexField)
    )


def stored_values(record, fields) -> dict:
    """The record's own values of `fields`, unmasked: what decides whether it changed (an
    audit snapshot masks personal data, so two different ID numbers may snapshot alike)."""
    return {name: getattr(record, record._meta.get_field(name).attname) for name in fields}


def personal_write_refusal(actor, register, record, old) -> str:
    """Whoever may not see a register's personal data may not write it either: not on a new
    record, and not changed on an old one (a masked value typed back would overwrite the real
    one; a "changed"/"unchanged" answer would confirm a guess). "" when the write may go on."""
    if actor is None or not register.sensitive or sees_personal_data(actor, register.model):
        return ""
    if old is None and enters_personal_data_as_clerk(actor, register.model):
        return ""
    touched = [
        name
        for name in register.sensitive
        if (getattr(record, name) or "") != (getattr(old, name) if old is not None else "")
    ]
    if not touched:
        return ""
    labels = "、".join(str(register.model._meta.get_field(n).verbose_name) for n in touched)
    return f"您只能看到{register.label}的脱敏信息，不能填写或修改其中的个人信息（{labels}）。"


def enters_personal_data_as_clerk(actor, model) -> bool:
    """A 填报员 of a register that takes his personal data (`clerk_enters_personal_data`: a
    department's own roster of officers, its sign-in sheets) writes it on a NEW record of his
    unit, and sees it masked ever after: no masked value can overwrite a real one then, and
    reading the ID numbers in full stays with those who work the register (and log in with two
    factors). A wrong number on a stored record is corrected by them."""
    return getattr(model, "clerk_enters_personal_data", False) and enters_as_clerk(actor, model)


def scope_refusal(actor, register, record, old) -> str:
    """A record is written only by one who may change it both as stored and as it will be,
    so a record moves only within the actor's reach. "" when he may."""
    if actor is None:
        return ""
    for state in (record, old) if old is not None else (record,):
        if not may_change_record(actor, state):
            return f"您无权登记或修改「{state.unit}」的{register.label}。"
    return ""


def held_refusal(register, write: Write) -> str:
    """Why the stored record takes no ordinary write now (Register.held); an action that
    changes the state holding it (its `effect`) is not refused by it, nor is a write that
    changes nothing (a workbook imported again with the held row as it stands)."""
    if write.old is None or write.effect:
        return ""
    refusal = register.held(write.old)
    return "" if refusal and write.changes_nothing() else refusal


def protected_problems(actor, register, write: Write) -> list[Problem]:
    """Each protected field (Register.protected) this write changes, by an actor who may not,
    and not as the effect of an action that may."""
    if actor is None:
        return []
    headers = register.header_of
    refused = {}  # refusal → the first field it refuses: one problem for each rule broken
    for name, (may, refusal) in register.protected.items():
        if name in write.effect or refusal in refused or may(actor):
            continue
        model_field = register.model._meta.get_field(name)
        stored = write.old
        before = (
            model_field.get_default() if stored is None else getattr(stored, model_field.attname)
        )
        if getattr(write.record, model_field.attname) != before:
            refused[refusal] = headers.get(name, str(model_field.verbose_name))
    return [Problem(header, refusal) for refusal, header in refused.items()]


def text_problems(register, record, old, *, checked=()) -> list[Problem]:
    """Each text field the write would store with a character no user text may carry. Only
    new and changed values are checked, so old stored text does not block an unrelated edit;
    nor are the fields `checked` already."""
    headers = register.header_of
    problems = []
    for model_field in record._meta.concrete_fields:
        if not isinstance(model_field, models.CharField | models.TextField):
            continue
        if model_field.name in checked:
            continue
        value = getattr(record, model_field.attname)
        if old is not None and getattr(old, model_field.attname) == value:
            continue
        problem = character_problem(value)
        if problem:
            header = headers.get(model_field.name) or str(model_field.verbose_name)
            problems.append(Problem(header, problem))
    return problems


def prepare(
    actor, register, writes: list[Write], *, settings=None, bulk=False, progress=None
) -> None:
    """Decide each write, in the one order every caller shares, filling its `refusal`,
    `problems` or `invalid`; a write refused at one stage goes no further, so no later
    stage answers what its writer may not ask (a duplicate check of an ID number he may not
    write). Links to other registers are looked up for all the writes at once.

    `bulk` is the importer's: relations are resolved and uniqueness settled for the whole
    file already, so the model's validation skips them rather than query once per row;
    `progress(done)` hears of each write checked."""
    # An imported cell's characters were checked as it was parsed (Column.parse).
    parsed = register.header_of if bulk else {}
    for write in writes:
        write.refusal = scope_refusal(actor, register, write.record, write.old)
        write.refusal = write.refusal or held_refusal(register, write)
        write.refusal = write.refusal or personal_write_refusal(
            actor, register, write.record, write.old
        )
        if not write.refusal:
            write.problems += protected_problems(actor, register, write)
            write.problems += text_problems(register, write.record, write.old, checked=parsed)
    going = [write for write in writes if write.accepted]
    linking = [write for write in going if _links_change(register, write)]
    by_record = {id(write.record): write for write in linking}
    for record, problem in register.resolve(actor, [write.record for write in linking]):
        by_record[id(record)].problems.append(problem)
    settings = register.settings() if settings is None else settings
    # One file's memo of field validation: a web form's single record is validated as it is.
    memo = ValidationMemo() if bulk else None
    for done, write in enumerate(going, start=1):
        if not write.problems:
            _derive_and_check(register, write, settings, memo)
        if progress is not None:
            progress(done)


def _links_change(register, write: Write) -> bool:
    """Whether the write must look its links up: a new record, or one whose fields the links
    come from (Register.links_from) change."""
    if write.old is None or not register.links_from:
        return True
    fields = (register.model._meta.get_field(name) for name in register.links_from)
    return any(getattr(write.record, f.attname) != getattr(write.old, f.attname) for f in fields)


def _derive_and_check(
    register, write: Write, settings: dict, memo: "ValidationMemo | None"
) -> None:
    """Derive, check and validate one record; `memo` (a ValidationMemo) is the bulk
    import's, None for one record."""
    record = write.record
    try:
        register.derive(record, settings)
    except CalendarYearUnknown as error:
        write.problems.append(Problem("", str(error)))
        return
    problems = register.check(record)
    if memo is not None:  # an import keeps what is flagged rather than refused (Problem)
        problems = [problem for problem in problems if not problem.kept_on_import]
    write.problems += problems
    if write.problems:
        return
    try:
        if memo is not None:
            relations = {f.name for f in record._meta.concrete_fields if f.is_relation}
            bulk_full_clean(record, relations, memo)
        else:
            record.full_clean()
    except ValidationError as error:
        write.invalid = error


# Distinct values a field's memo keeps whatever its hits. Past them it is kept only while
# most values are repeats: a field of mostly distinct values (编号, names) would only hold a
# second copy of the file's, so its memo is dropped.
VALIDATION_MEMO_FREE = 4096
# Values whose validation is memoised by (type, value); a str by its text alone, a Decimal
# by its text (Decimal("1.0") == Decimal("1.000"), but only one fits two decimal places).
# True == 1 but is not 1's twin: the type is part of the key. Anything else (a dict, a
# datetime with its zone) is validated every time: not worth the doubt.
_KEYED_BY_VALUE = frozenset({int, bool, datetime.date, type(None)})


def _value_key(value):
    """What tells `value` apart for validation, or None for a value validated every time."""
    kind = type(value)
    if kind is str:
        return value
    if kind in _KEYED_BY_VALUE:
        return kind, value
    if kind is Decimal:
        return kind, str(value)
    if isinstance(value, str):  # a choice's enum member: a str by type, its text by value
        return kind, str.__str__(value)
    return None


def _validates_value_only(model_field) -> bool:
    """Whether the field's validation is a function of its value: Django's own clean,
    validate and run_validators use the instance only for a relation (ForeignKey.validate
    queries it); a field class that overrides them might read the other fields. Validators
    are called with the value alone."""
    if model_field.is_relation:
        return False
    kind = type(model_field)
    return all(
        getattr(kind, name).__module__.startswith("django.")
        for name in ("clean", "validate", "run_validators")
    )


class FieldMemo:
    """One field's validation outcome by value: {value key: (cleaned value, None) or
    (None, its errors' (message, code, params))}; `outcomes` None when not memoised."""

    __slots__ = ("field", "name", "attname", "blank", "empty_values", "outcomes", "lookups")

    def __init__(self, model_field):
        self.field = model_field
        self.name, self.attname = model_field.name, model_field.attname
        self.blank, self.empty_values = model_field.blank, model_field.empty_values
        self.outcomes = {} if _validates_value_only(model_field) else None
        self.lookups = 0

    def clean(self, value, record):
        """`field.clean(value, record)`: the same cleaned value or ValidationError."""
        outcomes = self.outcomes
        key = None if outcomes is None else _value_key(value)
        if key is None:
            return self.field.clean(value, record)
        self.lookups += 1
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = self._clean_new(value, record, key, outcomes)
        cleaned, errors = outcome
        if errors:
            # Fresh errors for each record: none of one row's is shared with another's.
            raise ValidationError(
                [
                    ValidationError(message, code=code, params=params)
                    for message, code, params in errors
                ]
            )
        return cleaned

    def _clean_new(self, value, record, key, outcomes):
        try:
            outcome = (self.field.clean(value, record), None)
        except ValidationError as error:
            outcome = (None, [(e.message, e.code, e.params) for e in error.error_list])
        outcomes[key] = outcome
        if len(outcomes) > VALIDATION_MEMO_FREE and 2 * len(outcomes) > self.lookups:
            self.outcomes = None
        return outcome


class ValidationMemo:
    """The field memos of one bulk `prepare`, by model: made for it and dropped with it, so
    nothing validated for one file is taken for another's."""

    def __init__(self):
        self.fields: dict[type, list[FieldMemo]] = {}

    def of(self, model) -> list[FieldMemo]:
        """The model's fields as Model.clean_fields walks them, each with its memo."""
        found = self.fields.get(model)
        if found is None:
            fields = (f for f in model._meta.fields if not f.generated)
            found = self.fields[model] = [FieldMemo(f) for f in fields]
        return found


def bulk_full_clean(record, exclude: set[str], memo: ValidationMemo) -> None:
    """`record.full_clean(exclude, validate_unique=False, validate_constraints=False)`, the
    same ValidationError, with each field's distinct values validated once per `prepare` call,
    i.e. per chunk of an import (Model.clean_fields, step by step, through the memo). The
    model's own clean() runs for every record: it may compare fields. A model that overrides
    full_clean or clean_fields is validated by them, record by record."""
    model = type(record)
    if model.full_clean is not models.Model.full_clean or (
        model.clean_fields is not models.Model.clean_fields
    ):
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        return
    errors = {}
    for field_memo in memo.of(model):
        if field_memo.name in exclude:
            continue
        value = getattr(record, field_memo.attname)
        if field_memo.blank and value in field_memo.empty_values:
            continue  # as Django: a blank allowed is not validated
        if isinstance(value, DatabaseDefault):
            continue
        try:
            setattr(record, field_memo.attname, field_memo.clean(value, record))
        except ValidationError as error:
            errors[field_memo.name] = error.error_list
    try:
        record.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def hidden_changes(old, record, fields, before: dict, after: dict) -> list[str]:
    """The labels of the fields whose change the masked before/after cannot show: two
    different ID numbers (or names) may mask alike, and the log must still say that one
    changed."""
    old_values, new_values = stored_values(old, fields), stored_values(record, fields)
    return [
        str(record._meta.get_field(name).verbose_name)
        for name in fields
        if old_values[name] != new_values[name] and before[name] == after[name]
    ]


def change_entry(actor, register, write: Write, note: str) -> AuditEntry:
    """The audit entry of a prepared write, not yet saved: created or updated, before and
    after (masked), and the note, naming the fields whose change the masks hide."""
    fields = audited_fields(register.model)
    old, record = write.old, write.record
    before = audit.snapshot(old, fields) if old is not None else None
    after = audit.snapshot(record, fields)
    if old is not None:
        hidden = "、".join(hidden_changes(old, record, fields, before, after))
        if hidden:
            note = f"{note}；变更字段：{hidden}" if note else f"变更字段：{hidden}"
    return audit.entry(
        actor,
        AuditAction.UPDATE if old is not None else AuditAction.CREATE,
        record,
        register=register.name,
        before=before,
        after=after,
        note=note,
    )


def refuse(write: Write) -> None:
    """Raise what `prepare` found: ActionRefused for a write the actor may not make (the
    pages and the API answer it as not allowed), the model's ValidationError as it came, and
    RecordInvalid for the register's own problems — every page and the API show it as the
    register's refusal, where a step's page would not catch a ValidationError."""
    if write.refusal:
        raise ActionRefused(write.refusal)
    if write.problems:
        raise RecordInvalid(write.problems)
    if write.invalid is not None:
        raise write.invalid


def save_record(actor, register, record, *, note: str = "", effect: tuple[str, ...] = ()):
    """Create or update one record of a register, in one transaction: the record as stored
    is locked, the write prepared, saved, and audited with before and after. `effect`: the
    protected fields the calling action sets under its own precondition.

    Every register's actions end here, so these steps are never forgotten or reordered.
    """
    model = register.model
    with transaction.atomic():
        old = model.objects.select_for_update().filter(pk=record.pk).first() if record.pk else None
        return _write(actor, register, Write(record, old, effect=tuple(effect)), note)


def _write(actor, register, write: Write, note: str):
    """Prepare, save and audit one write whose stored record (`write.old`) is locked."""
    record, old = write.record, write.old
    prepare(actor, register, [write])
    refuse(write)
    record.save()
    records_written.send(register.name, unit_ids={record.unit_id, old and old.unit_id})
    change_entry(actor, register, write, note).save()
    return record
