"""Personal data at rest: SM4-GCM encryption and an HMAC-SM3 blind index.

A level-3 system's 密码应用安全性评估 (GB/T 39786-2021) expects 国密 algorithms for the
confidentiality of stored personal data, so ID numbers and addresses are stored as SM4-GCM
ciphertext; the `cryptography` package provides SM4 and SM3, and only the key handling and the
stored format below are ours.

Keys come from the environment variable FAZHI_DATA_KEYS (see docs/security-keys.md):

    FAZHI_DATA_KEYS="k2:<64 hex digits>,k1:<64 hex digits>"

The first key is current: it encrypts new values and keys the blind index. The others only
decrypt values written before a rotation; `manage.py rotate_data_key` re-encrypts every row
with the current key, after which the old ones can be removed.

From each 256-bit master key two subkeys are derived with HMAC-SM3, so that the key that
encrypts never also keys the index: a 128-bit SM4 key and a 256-bit HMAC-SM3 index key.

A stored value is `sm4gcm$<key id>$<base64 of nonce (12 bytes) + ciphertext + tag (16 bytes)>`.
The field's name (e.g. "corrections.CorrectionsSubject.id_number") is bound in as associated
data, so a ciphertext copied into another column does not decrypt.
"""

import base64
import hmac as std_hmac
import os
import re
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

PREFIX = "sm4gcm"
SEPARATOR = "$"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
MASTER_KEY_RE = re.compile(r"^[0-9a-fA-F]{64}$")


class DataKeyMissing(ImproperlyConfigured):
    """The data keys are missing or malformed; the message says how to set them."""


class DecryptionFailed(Exception):
    """A stored value that no configured key decrypts (wrong key, or tampered with)."""


@dataclass(frozen=True)
class DataKey:
    key_id: str
    encryption_key: bytes  # 16 bytes, SM4
    index_key: bytes  # 32 bytes, HMAC-SM3


def _hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def derive_key(key_id: str, master: bytes) -> DataKey:
    return DataKey(
        key_id=key_id,
        encryption_key=_hmac_sm3(master, b"fazhi sm4-gcm encryption")[:16],
        index_key=_hmac_sm3(master, b"fazhi hmac-sm3 blind index"),
    )


def parse_keys(text: str) -> tuple[DataKey, ...]:
    """The key ring from FAZHI_DATA_KEYS' text; the first key is current."""
    keys = []
    seen = set()
    for item in (part.strip() for part in (text or "").split(",")):
        if not item:
            continue
        key_id, _, hex_key = item.partition(":")
        if not KEY_ID_RE.match(key_id) or not MASTER_KEY_RE.match(hex_key):
            raise DataKeyMissing(
                "FAZHI_DATA_KEYS 格式不正确：应为「编号:64位十六进制」，多个密钥以逗号分隔，"
                "第一个为当前密钥（可用 manage.py rotate_data_key --generate 生成）。"
            )
        if key_id in seen:
            raise DataKeyMissing(f"FAZHI_DATA_KEYS 中密钥编号「{key_id}」重复。")
        seen.add(key_id)
        keys.append(derive_key(key_id, bytes.fromhex(hex_key)))
    if not keys:
        raise DataKeyMissing("未设置数据加密密钥 FAZHI_DATA_KEYS，个人敏感信息无法加密存储。")
    return tuple(keys)


def new_key_line(key_id: str) -> str:
    """A fresh key entry for FAZHI_DATA_KEYS, from the operating system's random source."""
    if not KEY_ID_RE.match(key_id):
        raise ValueError("密钥编号只能由字母、数字、下划线和连字符组成，最长16位。")
    return f"{key_id}:{os.urandom(32).hex()}"


@cache
def keyring() -> tuple[DataKey, ...]:
    from django.conf import settings

    return parse_keys(settings.FAZHI_DATA_KEYS)


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting == "FAZHI_DATA_KEYS":
        keyring.cache_clear()


def current_key() -> DataKey:
    return keyring()[0]


def key_by_id(key_id: str) -> DataKey | None:
    """The configured key of that id, or None: a caller that needs it raises its own error,
    since what is missing (a column's key, the audit chain's, a backup's) is for it to say."""
    return next((k for k in keyring() if k.key_id == key_id), None)


def encrypt(plaintext: str, context: str, key: DataKey | None = None) -> str:
    key = key or current_key()
    raw = _seal(plaintext.encode(), context, key)
    return SEPARATOR.join((PREFIX, key.key_id, base64.b64encode(raw).decode()))


def _seal(data: bytes, context: str, key: DataKey) -> bytes:
    """nonce + SM4-GCM ciphertext + tag of `data`, with `context` bound in. (A file kept for
    the audit, which may be hundreds of MB, goes through StreamSealer instead.)"""
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key.encryption_key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    return b"".join((nonce, encryptor.update(data), encryptor.finalize(), encryptor.tag))


def _open(raw: bytes, context: str, key: DataKey) -> bytes:
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionFailed("存储的密文不完整。")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key.encryption_key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise DecryptionFailed("密文校验失败：数据被篡改，或密钥不对。") from None


class StreamSealer:
    """SM4-GCM over a file given in parts, with the current key: each part's ciphertext as it
    comes, the tag at the end. A file kept for the audit may be hundreds of MB; sealed whole it
    would sit in memory several times over (plaintext, ciphertext, the statement's parameter)."""

    def __init__(self, context: str):
        key = current_key()
        self.key_id, self.nonce = key.key_id, os.urandom(NONCE_BYTES)
        cipher = Cipher(algorithms.SM4(key.encryption_key), modes.GCM(self.nonce))
        self._encryptor = cipher.encryptor()
        self._encryptor.authenticate_additional_data(context.encode())

    def update(self, part) -> bytes:
        return self._encryptor.update(part)

    def finish(self) -> bytes:
        """The tag: it vouches for every part, in order."""
        self._encryptor.finalize()  # nothing more for GCM, a stream mode
        return self._encryptor.tag


class StreamOpener:
    """The inverse of StreamSealer: plaintext part by part; `finish(tag)` raises
    DecryptionFailed unless every part was as sealed, none missing, none moved."""

    def __init__(self, key_id: str, nonce: bytes, context: str):
        key = key_by_id(key_id)
        if key is None:
            raise DecryptionFailed(f"没有编号为「{key_id}」的数据密钥，无法解密。")
        if len(nonce) != NONCE_BYTES:
            raise DecryptionFailed("存储的密文不完整。")
        cipher = Cipher(algorithms.SM4(key.encryption_key), modes.GCM(nonce))
        # No tag yet: it is checked at the end, by finish().
        self._decryptor = cipher.decryptor()
        self._decryptor.authenticate_additional_data(context.encode())

    def update(self, part) -> bytes:
        return self._decryptor.update(part)

    def finish(self, tag: bytes) -> None:
        try:
            self._decryptor.finalize_with_tag(tag)
        except (InvalidTag, ValueError):
            raise DecryptionFailed("密文校验失败：数据被篡改，或密钥不对。") from None


class StreamDigest:
    """SM3 fed part by part."""

    def __init__(self):
        self._hash = hashes.Hash(hashes.SM3())

    def update(self, part) -> None:
        self._hash.update(part)

    def hex(self) -> str:
        return self._hash.finalize().hex()


def sm3_hex(data: bytes) -> str:
    """The SM3 digest of `data` (GB/T 32905-2016), 64 hex digits: a file's fingerprint."""
    digest = StreamDigest()
    digest.update(data)
    return digest.hex()


def is_ciphertext(stored: str) -> bool:
    return stored.startswith(PREFIX + SEPARATOR)


def key_id_of(stored: str) -> str:
    return stored.split(SEPARATOR)[1] if is_ciphertext(stored) else ""


def decrypt(stored: str, context: str) -> str:
    try:
        prefix, key_id, encoded = stored.split(SEPARATOR)
        raw = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise DecryptionFailed("存储的密文格式不正确。") from None
    key = key_by_id(key_id)
    if prefix != PREFIX or key is None:
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionFailed("存储的密文不完整。")
        raise DecryptionFailed(f"没有编号为「{key_id}」的数据密钥，无法解密。")
    return _open(raw, context, key).decode()


def blind_index(value: str, key: DataKey | None = None) -> str:
    """A keyed digest of a normalised value (64 hex digits): equal values give equal digests,
    so duplicates and look-ups work on it, while the digest reveals nothing without the key."""
    value = normalise(value)
    if not value:
        return ""
    return _hmac_sm3((key or current_key()).index_key, value.encode()).hex()


def blind_indexes(value: str) -> list[str]:
    """The value's digest under every configured key, the current one first. Between putting
    a new key first and running rotate_data_key, stored digests are still the old key's:
    look-ups and duplicate checks ask for all of them, so none is missed."""
    digests = [blind_index(value, key) for key in keyring()]
    return [d for d in dict.fromkeys(digests) if d]


def normalise(value: str) -> str:
    # An ID number's check character is written x or X; both are the same person.
    return (value or "").strip().upper()


def same_digest(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a, b)
