"""Data keys and a stored ID number for the tests of encryption at rest and of key rotation
(core/tests/test_crypto.py, operations/tests/test_rotate_data_key.py; the fixture `keys_k1`,
the data key K1 alone, is in fazhi/conftest.py)."""

from django.db import connection

from fazhi.core.idnumber import id_number_check_digit

K1 = "k1:" + "11" * 32
K2 = "k2:" + "22" * 32
NUMBER = "11010519491231002" + id_number_check_digit("11010519491231002")


def raw_column(table: str, column: str) -> list[str]:
    """The column as stored, bypassing the field's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]
