"""The attacker of the audit tests: someone with write access to the database who bypasses
the application (and its append-only triggers) but does not hold the data keys; and
verify_audit as the operator runs it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection


def attack(sql: str, params=()):
    """One statement as the attacker runs it: triggers off, for the rest of the test's
    transaction (rolled back after the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = 'replica'")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
        cursor.execute(sql, list(params))


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", *args, stdout=StringIO())
    assert error.value.returncode == 1  # manage.py exits with 1
    return str(error.value)
