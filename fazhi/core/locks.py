"""Transaction-scoped advisory locks on PostgreSQL; SQLite writes one transaction at a time
and needs none.

SUBTREE_TOTALS guards what is kept per unit subtree (indicators/rollups.py): the rollup worker
and builder hold it while they write totals, and a move of a unit (core.actions.save_unit)
takes it before it locks any unit row. Taken in that order by everyone, a move and a rollup
build wait for each other instead of deadlocking (the build's foreign keys to units are
checked at commit, against the rows a move holds).
"""

from django.db import connection

SUBTREE_TOTALS = 7_2024_0001


def hold(key: int) -> None:
    """Take the lock until the current transaction ends (again, if it is held already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
