"""python manage.py documents — a register's case documents at the command line (issue 20).

documents list REGISTER
    the documents the register declares, one a line: 文书名称, 文种代字 (or 不编号), the step that
    issues it, its 受送达人 and its legal basis.
documents render REGISTER 编号 文书名称 --out FILE.docx [--date YYYY-MM-DD] [--issue]
                 [--unit 单位代码]
    the record's document written to FILE: a draft, unnumbered (a register holding personal data
    has the render audited); with --issue, issued with its number as the operator (audited by
    document_actions.make) and the number printed. The operator at the command line sees every
    record, so the record is found by its number among all; where two units use the same
    number, --unit names the one meant.
"""

import errno
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from fazhi.core import audit, case_documents, document_actions, sealed_files
from fazhi.core.case_documents import CaseFile
from fazhi.core.errors import ActionRefused
from fazhi.core.holidays import parse_date
from fazhi.core.models import AuditAction
from fazhi.core.register_views import PAGES
from fazhi.core.registers import REGISTERS, Register

WHY_NOT_WRITTEN = {
    errno.ENOENT: "所在的目录不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
}


class Command(BaseCommand):
    help = "案件文书：列出登记簿的文书（list），或按记录生成、出具一份文书（render）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        listing = actions.add_parser("list", help="列出登记簿声明的文书")
        listing.add_argument("register", help="登记簿名称，如 reconsideration")
        rendering = actions.add_parser("render", help="按记录生成一份文书（.docx）")
        rendering.add_argument("register", help="登记簿名称，如 reconsideration")
        rendering.add_argument("number", help="记录的编号，如 古政复〔2026〕1号")
        rendering.add_argument("title", help="文书名称，如 受理通知书")
        rendering.add_argument("--out", required=True, help="写入的文件，如 受理通知书.docx")
        rendering.add_argument("--date", default="", help="成文日期，YYYY-MM-DD，默认今天")
        rendering.add_argument("--issue", action="store_true", help="编号出具（默认只生成草稿）")
        rendering.add_argument("--unit", default="", help="单位代码：编号在多个单位重复时指明")

    def handle(self, *args, action, **options):
        register, case_file = _with_documents(options["register"])
        if action == "list":
            self.stdout.write("\n".join(list_lines(register, case_file)))
            return
        record = _record(register, options["number"].strip(), options["unit"].strip())
        document = _document(register, case_file, record, options["title"].strip())
        day = _day(options["date"].strip())
        path = options["out"]
        with Output(path) as out:
            if options["issue"]:
                issued = _issue(case_file, record, document, day, out)
                shown = issued.number or "不编号"
                self.stdout.write(f"已出具{document.title}，文号：{shown}；已写入 {path}")
            else:
                _draft(register, case_file, record, document, day, out)
                self.stdout.write(f"已生成{document.title}草稿（未编号）；已写入 {path}")


# --- list ---------------------------------------------------------------------------------


def _with_documents(name: str) -> tuple[Register, CaseFile]:
    register = REGISTERS.get(name)
    case_file = case_documents.case_file_of(name)
    if register is None or case_file is None or not case_file.documents:
        having = [
            f"{n}（{REGISTERS[n].label}）"
            for n in sorted(case_documents.CASE_FILES)
            if n in REGISTERS and case_documents.CASE_FILES[n].documents
        ]
        known = "、".join(having) or "（目前没有登记簿声明文书）"
        what = "未知的登记簿" if register is None else "没有文书的登记簿"
        raise CommandError(f"「{name}」是{what}。有文书的登记簿：{known}")
    return register, case_file


def list_lines(register: Register, case_file: CaseFile) -> list[str]:
    steps = _step_labels(register)
    return [
        "　".join(
            (
                document.title,
                f"文种代字：{document.word or '不编号'}",
                f"出具步骤：{steps.get(document.step, document.step) or '无（随时制作）'}",
                f"受送达人：{document.recipient or '无（存档）'}",
                f"法律依据：{document.basis or '未注明'}",
            )
        )
        for document in case_file.documents
    ]


def _step_labels(register: Register) -> dict[str, str]:
    """The register's steps by key, from its pages' procedure: the views modules build the
    pages, which the command line does not load otherwise."""
    autodiscover_modules("views")
    pages = PAGES.get(register.name)
    procedure = getattr(pages, "procedure", None)
    if procedure is None:
        return {}
    return {key: step.label for key, step in procedure.STEPS.items()}


# --- render -------------------------------------------------------------------------------


def _record(register: Register, number: str, unit_code: str):
    """The record of that number among all (the base manager: the operator sees every unit)."""
    found = register.model._base_manager.filter(number=number).select_related("unit")
    if unit_code:
        found = found.filter(unit__code=unit_code)
    found = list(found[:5])
    where = f"（单位代码 {unit_code}）" if unit_code else ""
    if not found:
        header = register.number_column.header
        raise CommandError(f"{register.label}中没有{header}为「{number}」的记录{where}。")
    if len(found) > 1:
        units = "、".join(f"{r.unit.name}（{r.unit.code}）" for r in found)
        raise CommandError(
            f"{register.label}中编号为「{number}」的记录不止一条：{units}。"
            "请用 --unit 指明单位代码。"
        )
    return found[0]


def _document(register: Register, case_file: CaseFile, record, title: str):
    document = case_file.by_title(title)
    if document is None:
        titles = "、".join(d.title for d in case_file.documents)
        raise CommandError(f"{register.label}没有名为「{title}」的文书。可选：{titles}")
    if not document.when(record):
        raise CommandError(f"编号为「{record.number}」的记录现在不需要{document.title}。")
    return document


def _day(text: str):
    if not text:
        return timezone.localdate()
    day = parse_date(text)
    if day is None:
        raise CommandError(f"成文日期「{text}」无效，应为 YYYY-MM-DD 格式，如 2026-03-05。")
    return day


class Output:
    """The file to write, opened before anything is rendered or numbered: a path that cannot
    be written is refused before a number is taken. Left as it was (or removed, if this
    created it) when the render or the issue fails."""

    def __init__(self, path: str):
        self.path = path
        self.existed = os.path.exists(path)
        try:
            self.file = open(path, "r+b" if self.existed else "xb")  # noqa: SIM115
        except OSError as error:
            raise CommandError(_not_written(path, error)) from None

    def __enter__(self):
        return self

    def write(self, data: bytes) -> None:
        try:
            self.file.seek(0)
            self.file.truncate()
            self.file.write(data)
            self.file.flush()
        except OSError as error:
            raise CommandError(_not_written(self.path, error)) from None

    def __exit__(self, kind, error, trace):
        self.file.close()
        if kind is not None and not self.existed:
            os.remove(self.path)
        return False


def _not_written(path: str, error: OSError) -> str:
    why = WHY_NOT_WRITTEN.get(error.errno, error.strerror or "系统错误")
    return f"无法写入「{path}」：{why}。"


def _draft(register, case_file, record, document, day, out: Output) -> None:
    try:
        data = document_actions.draft(case_file, document, record, day)
    except ActionRefused as refusal:
        raise CommandError(str(refusal)) from None
    out.write(data)
    if register.sensitive:
        # Personal data printed in full, read by the operator: every render is audited
        # (docs/domain/case-documents.md, 社区矫正), as a document's download is.
        audit.record(
            None,
            AuditAction.DOWNLOAD,
            record,
            register=register.name,
            after={"document": document.title, "document_number": "草稿"},
            note=f"命令行生成{document.title}（草稿）",
        )


def _issue(case_file, record, document, day, out: Output):
    """Issued and written in one transaction: a file that cannot be written gives the number
    back."""
    try:
        with transaction.atomic():
            issued = document_actions.make(None, case_file, record, document.key, day)
            out.write(sealed_files.unseal(issued.content))
    except (ActionRefused, sealed_files.SealedFileBroken) as refusal:
        raise CommandError(str(refusal)) from None
    return issued
