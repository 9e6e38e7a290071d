"""Files to import, written the way the bureau's staff would: by hand, in Excel or as CSV."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import AuditEntry
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

HEADERS = REGISTER.headers


def case(number, **cells) -> dict:
    """A reconsideration row of the county, received 2024-02-05 and pending, unless told."""
    row = {
        "案件编号": number,
        "申请人": "张某",
        "被申请人": "古丈县市场监督管理局",
        "收到申请日期": "2024-02-05",
        "所属单位代码": "433126",
    }
    row.update(cells)
    return row


def write_xlsx(path, rows: list[dict], headers=HEADERS):
    """Values are written as given: a datetime.date becomes a real Excel date cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    workbook.save(path)
    return path


def write_csv(path, rows: list[dict], encoding="utf-8-sig", headers=HEADERS):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def xlsx_bytes(rows: list[dict], headers=HEADERS) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, rows, headers)
    return buffer.getvalue()


def import_workbook(path, register, rows: list[dict], headers=None) -> str:
    """`rows` written to the workbook `path` with the register's headers and imported through
    the command: what it printed."""
    write_xlsx(path, rows, headers or register.headers)
    out = io.StringIO()
    call_command("import_register", register.name, str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_workbooks(folder, *sheets: tuple) -> None:
    """Each (register, rows, count) written to a workbook in `folder` and imported through the
    command, which must report `count` new records."""
    for register, rows, count in sheets:
        out = import_workbook(folder / f"{register.name}.xlsx", register, rows)
        assert f"新增 {count} 条" in out, out


def figures(year: int, unit: str = "433126") -> dict:
    """The unit's figures of the year as `indicators --format json` gives them, by key."""
    out = io.StringIO()
    call_command("indicators", "--year", str(year), "--unit", unit, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def run_import(path) -> str:
    out = io.StringIO()
    call_command("import_register", "reconsideration", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused_import(path, *extra) -> tuple[str, list[str]]:
    """The CommandError and the row errors (one per stderr line) of a refused file."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_register",
            "reconsideration",
            str(path),
            *extra,
            stdout=io.StringIO(),
            stderr=err,
        )
    return str(refused.value), err.getvalue().splitlines()


def counts() -> tuple[int, int]:
    return ReconsiderationCase.objects.count(), AuditEntry.objects.count()
