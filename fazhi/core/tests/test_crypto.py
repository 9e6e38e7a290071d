"""Personal data at rest: SM4-GCM ciphertext in the database, HMAC-SM3 blind index (the key
rotation command is tested in fazhi/operations/tests/test_rotate_data_key.py)."""

import base64
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from fazhi.core import crypto
from fazhi.core.models import AuditAction, AuditEntry, User
from fazhi.core.tests.data_keys import K1, K2, NUMBER, raw_column

CONTEXT = "core.User.id_number"


def test_round_trip_uses_a_fresh_nonce_every_time(keys_k1):
    first, second = crypto.encrypt(NUMBER, CONTEXT), crypto.encrypt(NUMBER, CONTEXT)
    assert first != second
    assert first.startswith("sm4gcm$k1$") and NUMBER not in first
    assert crypto.decrypt(first, CONTEXT) == crypto.decrypt(second, CONTEXT) == NUMBER


def test_a_ciphertext_does_not_decrypt_in_another_column(keys_k1):
    stored = crypto.encrypt(NUMBER, CONTEXT)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(stored, "legalaid.LegalAidCase.id_number")


def test_a_tampered_ciphertext_is_refused(keys_k1):
    stored = crypto.encrypt(NUMBER, CONTEXT)
    prefix, key_id, body = stored.split("$")
    raw = bytearray(base64.b64decode(body))
    raw[crypto.NONCE_BYTES] ^= 1  # one bit of the ciphertext
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt("$".join((prefix, key_id, base64.b64encode(raw).decode())), CONTEXT)


def test_a_value_of_an_unknown_key_is_refused(keys_k1):
    with override_settings(FAZHI_DATA_KEYS=K2):
        stored = crypto.encrypt(NUMBER, CONTEXT)
    with pytest.raises(crypto.DecryptionFailed, match="k2"):
        crypto.decrypt(stored, CONTEXT)


def test_blind_index_is_keyed_and_ignores_case_of_the_check_character(keys_k1):
    number_x = "11010519491231002X"
    assert crypto.blind_index(number_x) == crypto.blind_index(number_x.lower() + " ")
    assert len(crypto.blind_index(number_x)) == 64
    under_k1 = crypto.blind_index(number_x)
    with override_settings(FAZHI_DATA_KEYS=K2):
        assert crypto.blind_index(number_x) != under_k1
    k1, k2 = crypto.parse_keys(K1)[0], crypto.parse_keys(K2)[0]
    assert crypto.blind_index(number_x, k1) != crypto.blind_index(number_x, k2)
    assert crypto.blind_index("") == ""


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "未设置"),
        ("k1:1234", "格式不正确"),
        ("k 1:" + "11" * 32, "格式不正确"),
        (f"{K1},{K1}", "重复"),
    ],
)
def test_malformed_keys_are_refused_with_a_reason(text, message):
    with pytest.raises(crypto.DataKeyMissing, match=message):
        crypto.parse_keys(text)


def test_the_database_holds_only_ciphertext_and_the_audit_log_only_a_mask(keys_k1, tree, make_user):
    user = make_user("officer", tree["county"], id_number=NUMBER)
    stored = raw_column("core_user", "id_number")
    assert NUMBER not in stored and any(s.startswith("sm4gcm$k1$") for s in stored)
    assert User.objects.get(pk=user.pk).id_number == NUMBER
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, register="user", object_id=str(user.pk)
    )
    assert NUMBER not in str(entry.after) and entry.after["id_number"].startswith("1101")
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert NUMBER not in dump


def test_filtering_on_an_encrypted_column_is_refused(keys_k1, db):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(User.objects.filter(id_number=NUMBER))


def _every_stored_cell() -> str:
    """Every table's every row as the database holds it — what a dump would contain."""
    from django.apps import apps

    texts = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            texts += [" ".join(map(str, row)) for row in cursor.fetchall()]
    return "\n".join(texts)


def test_a_dump_of_the_demo_database_holds_no_id_number_or_address_in_clear(db, settings):
    from django.apps import apps

    from fazhi.core.encrypted import encrypted_fields

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--password", "Demo-pass-2024", stdout=io.StringIO())
    secrets = set()
    for model in apps.get_models():
        names = [f.name for f in encrypted_fields(model)]
        if names:
            for values in model.objects.values_list(*names):
                secrets |= {v for v in values if v}
    # A mask keeps an address's first six characters by design (古丈县古阳镇****): a stored
    # address no longer than that is then found inside another's mask, not leaked.
    secrets = {secret for secret in secrets if len(secret) > 6}
    assert len(secrets) > 100  # 身份证号 and 住址 of the demo's corrections, resettlement, aid
    dump = _every_stored_cell()
    assert not [secret for secret in secrets if secret in dump]
    if connection.vendor == "sqlite":
        whole = "\n".join(connection.connection.iterdump())
        assert not [secret for secret in secrets if secret in whole]
