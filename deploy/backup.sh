#!/bin/sh
# fazhi 法治工作管理系统：备份 PostgreSQL 数据库（docs/deploy.md）
#
# 由 fazhi-backup.service 以 fazhi 账号运行，也可以手动运行：
#   systemctl start fazhi-backup        （推荐，结果见 journalctl -u fazhi-backup）
#   fazhi-manage --exec sh /opt/fazhi/src/deploy/backup.sh
# 读取环境变量：
#   DATABASE_URL             要备份的数据库（与网站相同）
#   FAZHI_BACKUP_DIR         备份目录，默认 /var/backups/fazhi
#   FAZHI_BACKUP_KEEP_DAYS   保留天数，默认 30；更早的备份文件被删除
#
# 备份为 pg_dump 自定义格式（已压缩），文件名 fazhi-年月日-时分秒.dump，权限 600。
# 备份中个人敏感信息只有密文；FAZHI_DATA_KEYS 不在备份里，须另行保管（docs/security-keys.md）。
set -eu

: "${DATABASE_URL:?未设置 DATABASE_URL（应由 /etc/fazhi/env 提供）}"
BACKUP_DIR="${FAZHI_BACKUP_DIR:-/var/backups/fazhi}"
KEEP_DAYS="${FAZHI_BACKUP_KEEP_DAYS:-30}"

case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *)
        echo "DATABASE_URL 不是 PostgreSQL 数据库，本脚本只备份 PostgreSQL。" >&2
        exit 1
        ;;
esac

umask 077
stamp="$(date +%Y%m%d-%H%M%S)"
target="$BACKUP_DIR/fazhi-$stamp.dump"
partial="$BACKUP_DIR/.fazhi-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --no-privileges \
    --dbname="$DATABASE_URL" --file="$partial"
# 读一遍目录，确认备份文件完整可用，再改为正式文件名。
pg_restore --list "$partial" >/dev/null
mv "$partial" "$target"
trap - EXIT

echo "备份完成：$target（$(du -h "$target" | cut -f1)）"

# 删除超过保留天数的备份。
find "$BACKUP_DIR" -maxdepth 1 -type f -name 'fazhi-*.dump' -mtime +"$KEEP_DAYS" \
    -print -delete | sed 's/^/删除过期备份：/'
