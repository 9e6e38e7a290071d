"""The tamper-evident audit chain (fazhi.core.audit): each entry's content MAC, the seals that
chain entries in commit order, and the anchor an archive leaves.

The database refuses changes as before, now to the seals and anchors too. On PostgreSQL a
DELETE of entries or seals is allowed only to `manage.py archive_audit`, which sets
fazhi.audit_archive for its transaction, and for entries only when older than 180 days
(网络安全法 第二十一条); SQLite keeps DELETE open for the test runner (see 0002).

Entries written before this migration get their content MAC here (they are sealed, in id
order, by the first sealer run): they were not protected before, and are from now on.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

SQLITE_TRIGGERS = [
    f"""
    DROP TRIGGER IF EXISTS {table}_no_update;
    CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    """
    for table in ("core_auditentry", "core_auditseal", "core_auditanchor")
]

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION core_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('fazhi.audit_archive', true) = 'on'
       AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_no_change BEFORE UPDATE OR DELETE ON core_auditentry
FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();

CREATE OR REPLACE FUNCTION core_auditseal_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('fazhi.audit_archive', true) = 'on'
       AND NOT EXISTS (SELECT 1 FROM core_auditentry WHERE id = OLD.entry_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditseal_no_change BEFORE UPDATE OR DELETE ON core_auditseal
FOR EACH ROW EXECUTE FUNCTION core_auditseal_refuse_change();

CREATE OR REPLACE FUNCTION core_auditanchor_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditanchor_no_change BEFORE UPDATE OR DELETE ON core_auditanchor
FOR EACH ROW EXECUTE FUNCTION core_auditanchor_refuse_change();
"""


def protect_existing(apps, schema_editor):
    from fazhi.core import audit

    vendor = schema_editor.connection.vendor
    entry_model = apps.get_model("core", "AuditEntry")
    legacy = entry_model.objects.filter(content_mac="").order_by("pk")
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_change ON core_auditentry")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
    if legacy.exists():
        rows = list(legacy)
        for row in rows:
            audit.protect(row)
        entry_model.objects.bulk_update(rows, ["nonce", "key_id", "content_mac"], batch_size=500)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            for statement in sql.split(";\n"):
                if statement.strip():
                    schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_key_rotation"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="归档时间")),
                ("before", models.DateField(verbose_name="归档截止日期")),
                ("file_name", models.CharField(max_length=255, verbose_name="归档文件")),
                ("first_position", models.BigIntegerField(verbose_name="首条位置")),
                ("last_position", models.BigIntegerField(unique=True, verbose_name="末条位置")),
                ("count", models.BigIntegerField(verbose_name="条数")),
                ("last_mac", models.CharField(max_length=64, verbose_name="末条链校验码")),
                ("key_id", models.CharField(max_length=16, verbose_name="密钥编号")),
                ("mac", models.CharField(max_length=64, verbose_name="校验码")),
            ],
            options={
                "verbose_name": "审计日志归档锚点",
                "verbose_name_plural": "审计日志归档锚点",
                "ordering": ["last_position"],
            },
        ),
        migrations.AddField(
            model_name="auditentry",
            name="content_mac",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="内容校验码"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(
                blank=True, editable=False, max_length=16, verbose_name="密钥编号"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="nonce",
            field=models.CharField(
                blank=True, editable=False, max_length=32, verbose_name="随机数"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "登录成功"),
                    ("login_failed", "登录失败"),
                    ("logout", "退出登录"),
                    ("create", "新增"),
                    ("update", "修改"),
                    ("read_sensitive", "查看敏感信息"),
                    ("grant_role", "授予角色"),
                    ("revoke_role", "撤销角色"),
                    ("set_password", "设置密码"),
                    ("import", "导入"),
                    ("export", "导出"),
                    ("search_audit", "查询审计日志"),
                    ("key_rotation", "密钥轮换"),
                    ("archive_audit", "归档审计日志"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="时间",
            ),
        ),
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                (
                    "position",
                    models.BigIntegerField(
                        primary_key=True, serialize=False, verbose_name="链位置"
                    ),
                ),
                ("key_id", models.CharField(max_length=16, verbose_name="密钥编号")),
                ("mac", models.CharField(max_length=64, verbose_name="链校验码")),
                (
                    "entry",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="seal",
                        to="core.auditentry",
                        verbose_name="审计日志",
                    ),
                ),
            ],
            options={
                "verbose_name": "审计日志封存",
                "verbose_name_plural": "审计日志封存",
                "ordering": ["position"],
            },
        ),
        migrations.RunPython(protect_existing, migrations.RunPython.noop),
    ]
