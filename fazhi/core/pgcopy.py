"""COPY on PostgreSQL: many new rows of one model in one stream, for the importer's records
(imports/fastpath.py) and the audit entries written with them (AuditEntry bulk_create).

PostgreSQL takes COPY several times faster than batched INSERTs (design.md: ~320k rows/s
against ~31k for bulk_create), and most of bulk_create's time is Django compiling the INSERTs.
Values are prepared by each field as a save would (encryption, blind indexes, JSON, timestamps),
so a row written this way is indistinguishable from one the ORM saved. Django has no COPY;
psycopg's `cursor.copy` is the library part, the preparation of values is ours.
"""

from collections.abc import Callable
from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

COPY_FROM = 200  # fewer rows than this are not worth a COPY

# Fields whose Python value psycopg adapts exactly as the field's own preparation would: taken
# as they are, which halves the preparation of a wide row. Exact classes only: a subclass
# (an encrypted or blind-index field) may prepare its value, and goes the field's own way.
PLAIN = {
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
}


def usable(count: int) -> bool:
    return connection.vendor == "postgresql" and count >= COPY_FROM


def preparer(field, now, *, add: bool) -> Callable:
    """record → the value COPY writes for `field`, as a save would; `add`: the records are new,
    even where their ids were taken from the sequence already. `now` stamps auto_now(_add)
    fields. A plain field is read by attrgetter itself: this runs once per field per row."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):

        def stamped(record):
            if field.auto_now or add or getattr(record, field.attname) is None:
                setattr(record, field.attname, now)
            return getattr(record, field.attname)

        return stamped
    if type(field) in PLAIN:
        return attrgetter(field.attname)

    def prepared(record):
        value = field.pre_save(record, add=add)
        return field.get_db_prep_save(value, connection)

    return prepared


def take_ids(model, objs: list) -> None:
    """Set ids on new `objs` from the table's own sequence, in one query."""
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objs)],
        )
        for obj, (new_id,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = new_id


def write(cursor, table: str, columns: list[str], rows) -> None:
    """Stream `rows` (sequences of prepared values) into `table` (names already quoted)."""
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert(model, objs: list) -> None:
    """Insert new `objs` by COPY, their ids taken from the table's sequence first and set on
    them (as bulk_create sets them on PostgreSQL)."""
    if not objs:
        return
    now = timezone.now()
    quote = connection.ops.quote_name
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepare = [preparer(f, now, add=True) for f in fields]
    take_ids(model, objs)
    columns = [quote(pk.column)] + [quote(f.column) for f in fields]
    rows = ([obj.pk, *(p(obj) for p in prepare)] for obj in objs)
    with connection.cursor() as cursor:
        write(cursor, quote(model._meta.db_table), columns, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
