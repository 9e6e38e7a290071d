"""manage.py rotate_data_key: every encrypted value re-encrypted under the current key, and the
old key no longer needed to read it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from fazhi.core import crypto
from fazhi.core.models import AuditAction, AuditEntry, User
from fazhi.core.tests.data_keys import K1, K2, NUMBER, raw_column


def test_rotation_re_encrypts_every_value_with_the_current_key(keys_k1, tree, make_user, capsys):
    make_user("a", tree["county"], id_number=NUMBER)
    make_user("b", tree["county"])
    with override_settings(FAZHI_DATA_KEYS=f"{K2},{K1}"):
        call_command("rotate_data_key", "--check")
        assert "k1 1 条" in capsys.readouterr().out
        call_command("rotate_data_key")
        assert all(
            s == "" or s.startswith("sm4gcm$k2$") for s in raw_column("core_user", "id_number")
        )
    with override_settings(FAZHI_DATA_KEYS=K2):  # the old key is gone: everything still reads
        assert User.objects.get(username="a").id_number == NUMBER
    assert AuditEntry.objects.filter(action=AuditAction.KEY_ROTATION, note__contains="k2").exists()


def test_rotation_without_keys_is_a_clear_error(db):
    with (
        override_settings(FAZHI_DATA_KEYS=""),
        pytest.raises(CommandError, match="FAZHI_DATA_KEYS"),
    ):
        call_command("rotate_data_key")


def test_generate_prints_a_fresh_key_entry(capsys):
    call_command("rotate_data_key", "--generate", "k3")
    line = capsys.readouterr().out.strip()
    assert crypto.parse_keys(line)[0].key_id == "k3"
