"""manage.py verify_audit [--archive FILE] [--tail FILE]: check the audit log's tamper-evident
chain.

Exit 0 with "审计日志完整：N 条", or exit 1 naming the first broken entry (its id, chain
position, time, and what is wrong: content changed, entry deleted or inserted, link broken),
or the entries cut from the chain's end: ids the database's sequence issued that are neither in
the log nor archived (SQLite; on PostgreSQL only a log emptied of every entry), or a tail the
worker recorded in FAZHI_AUDIT_TAIL_FILE that the database no longer holds.
Pending entries are sealed first, so the check covers everything committed so far.
"""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import audit


class Command(BaseCommand):
    help = "校验审计日志的防篡改链，报告第一条被修改、删除或伪造的条目，以及链末尾被删除的条目。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--archive", metavar="FILE", help="校验一个 archive_audit 写出的归档文件"
        )
        parser.add_argument(
            "--tail",
            metavar="FILE",
            help="对照这个链尾记录文件（默认为 FAZHI_AUDIT_TAIL_FILE，例如其异地副本）",
        )

    def handle(self, *args, archive=None, tail=None, **options):
        try:
            if archive:
                self._archive(archive)
            else:
                self._database(tail)
        except audit.ChainBroken as broken:
            raise CommandError(f"审计日志校验未通过——{broken}") from broken

    def _database(self, tail):
        report = audit.verify_chain(tail_file=tail)
        self.stdout.write(f"审计日志完整：{report.count} 条")
        if report.anchor is not None:
            self.stdout.write(
                f"起点：归档锚点（{report.anchor.file_name}，"
                f"链位置 {report.anchor.last_position} 之前的条目已归档）"
            )
        if report.count:
            # Noted elsewhere, these show later that no entry was cut from the chain's end.
            self.stdout.write(
                f"链位置 {report.first_position}–{report.last_position}，"
                f"末条链校验码 {report.last_mac}"
            )
        if report.tail_records:
            latest = report.tail_records[-1]
            self.stdout.write(
                f"链尾记录：已对照 {report.tail_file} 中本数据库的 {len(report.tail_records)} 条"
                f"记录（最近一条 {latest.when}，链位置 {latest.position}），均在链中"
            )
        else:
            where = audit.tail_file_path(tail)
            self.stdout.write(
                "链尾记录：未设置 FAZHI_AUDIT_TAIL_FILE，未对照"
                if where is None
                else f"链尾记录：{where} 中尚无本数据库的记录（后台任务每天写入一次），未对照"
            )

    def _archive(self, path):
        try:
            manifest = audit.verify_archive(path)
        except FileNotFoundError:
            raise CommandError(f"找不到归档文件 {path}。") from None
        self.stdout.write(
            f"归档文件完整：{manifest['count']} 条（链位置 {manifest['first_position']}–"
            f"{manifest['last_position']}，{manifest['before']} 之前），"
            f"末条链校验码 {manifest['last_mac']}"
        )
