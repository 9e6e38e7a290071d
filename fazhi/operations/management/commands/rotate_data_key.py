"""python manage.py rotate_data_key — re-encrypt every piece of personal data with the current
data key (the first of FAZHI_DATA_KEYS) and recompute every blind index.

    manage.py rotate_data_key --generate k2   # print a new key entry to put first
    manage.py rotate_data_key --check         # how many values each key holds
    manage.py rotate_data_key                 # re-encrypt; then remove the old key

See docs/security-keys.md for the whole procedure.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from fazhi.core import audit, crypto
from fazhi.core.encrypted import blind_index_fields, encrypted_fields
from fazhi.core.models import AuditAction

BATCH = 1000
CLEAR = "（明文）"


def encrypted_models() -> list:
    return [model for model in apps.get_models() if encrypted_fields(model)]


def stored_key_ids(model) -> dict[str, int]:
    """How many stored values each key id encrypts, read from the raw column (no decryption);
    values still in clear count under CLEAR."""
    counts: dict[str, int] = {}
    table = connection.ops.quote_name(model._meta.db_table)
    for field in encrypted_fields(model):
        column = connection.ops.quote_name(field.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            for (stored,) in cursor:
                key = crypto.key_id_of(stored) or CLEAR
                counts[key] = counts.get(key, 0) + 1
    return counts


def rotate(model, progress=lambda done, total: None) -> int:
    """Rewrite each row's encrypted values with the current key and its blind indexes.

    Reading decrypts with whichever configured key wrote the value; writing always uses the
    current key. Runs inside the caller's transaction.
    """
    names = [f.name for f in encrypted_fields(model)]
    indexes = blind_index_fields(model)
    total = model.objects.count()
    done = 0
    batch = []
    # No ordering (a model's default ordering may join another table, which PostgreSQL will not
    # lock on the nullable side), and only this table's rows are locked.
    rows = model.objects.select_for_update(of=("self",)).only("pk", *names).order_by("pk")
    for row in rows.iterator(chunk_size=BATCH):
        for field in indexes:
            field.pre_save(row, add=False)
        batch.append(row)
        if len(batch) == BATCH:
            done += _write(model, batch, names + [f.name for f in indexes])
            progress(done, total)
    done += _write(model, batch, names + [f.name for f in indexes])
    progress(done, total)
    return done


def _write(model, rows, names) -> int:
    if rows:
        model.objects.bulk_update(rows, names)
    written = len(rows)
    rows.clear()
    return written


class Command(BaseCommand):
    help = "用当前数据密钥重新加密全部个人敏感信息，并重算盲索引（密钥轮换）。"

    def add_arguments(self, parser):
        parser.add_argument("--generate", metavar="编号", help="生成一个新密钥条目并输出")
        parser.add_argument("--check", action="store_true", help="只统计各密钥加密的数据条数")

    def handle(self, *args, **options):
        if options["generate"]:
            try:
                self.stdout.write(crypto.new_key_line(options["generate"]))
            except ValueError as error:
                raise CommandError(str(error)) from None
            return
        try:
            current = crypto.current_key()
        except crypto.DataKeyMissing as error:
            raise CommandError(str(error)) from None
        if options["check"]:
            self._check(current)
            return
        self._rotate(current)

    def _check(self, current):
        for model in encrypted_models():
            counts = stored_key_ids(model)
            shown = "，".join(f"{key} {n} 条" for key, n in sorted(counts.items())) or "无数据"
            self.stdout.write(f"{model._meta.verbose_name}：{shown}")
        self.stdout.write(f"当前密钥：{current.key_id}")

    def _rotate(self, current):
        label = lambda model: model._meta.verbose_name  # noqa: E731
        summary = []
        with transaction.atomic():
            for model in encrypted_models():
                written = rotate(
                    model,
                    lambda done, total, m=model: self.stdout.write(
                        f"\r{label(m)}：{done}/{total}", ending=""
                    ),
                )
                self.stdout.write("")
                summary.append(f"{label(model)} {written} 条")
            audit.record(
                None,
                AuditAction.KEY_ROTATION,
                note=f"用密钥「{current.key_id}」重新加密：" + "，".join(summary),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"已用密钥「{current.key_id}」重新加密全部个人敏感信息；"
                "确认无误后可从 FAZHI_DATA_KEYS 中删去旧密钥。"
            )
        )
