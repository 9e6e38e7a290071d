"""The benchmarks of issue 8 (point 5), each a ratio to a baseline measured in the same run.

    .venv/bin/python bench/run.py [--mediation-rows 200000] [--import-rows 50000] ...

Creates a fresh PostgreSQL database `fazhi_bench` (127.0.0.1:5432, user postgres, trust auth),
migrates it, generates a province with bench/generate.py, and measures:

(a) the importer (read_table + import_rows, actor None) on the first --import-rows rows of the
    generated 人民调解 CSV, against a plain binary COPY of the same file's rows (csv module +
    typed tuples + psycopg binary COPY) into a table LIKE the register's;
(b) fazhi.core.tabular.read_table on an .xlsx of --xlsx-rows rows against python-calamine
    alone reading the same sheet;
(c) compute() of every mediation.* indicator for the province and one year over all
    --mediation-rows rows, against hand-written SQL giving the same counts (checked equal);
(d) the 人民调解 list page, unfiltered and filtered, and the officer's home page (the deadline
    board), p50/p95 under concurrent requests from a second process (bench/load.py), against
    /password/ (a page that reads no register) measured the same way, the site served as
    docs/deploy.md has it (DEBUG=0, CONN_MAX_AGE=60);
(e) the county's annual report .docx (docx_for(new_report(county, year))) against compute()
    alone of the figures it uses.

Prints each result and appends a dated section to bench/RESULTS.md. The table for (c)/(d) is
filled by the COPY loader (the importer at 10M rows would take hours); the COPY loader's rows
are checked equal to the importer's on the rows of (a).
"""

import argparse
import csv
import datetime
import functools
import json
import os
import platform
import shlex
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DB_NAME = "fazhi_bench"
PG = "host=127.0.0.1 port=5432 user=postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
USERNAME, PASSWORD = "bench_officer", "Qz7-Lantern-Pavilion-9"
MEDIATION_TABLE = "mediation_mediationcase"

lines: list[str] = []  # the report, as printed


def say(text=""):
    print(text, flush=True)
    lines.append(text)


def timed(function, *args, repeat=1, **kwargs):
    """(median seconds, last result) of `repeat` calls."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# --- database ---------------------------------------------------------------------------------


def fresh_database(name: str = DB_NAME):
    import psycopg

    with psycopg.connect(f"{PG} dbname=postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG} dbname=postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def setup_django(url: str = DATABASE_URL):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["DEBUG"] = "1"
    import django

    django.setup()
    from django.conf import settings

    # DEBUG=1 is needed for a site without production keys; but in this process it would log
    # every SQL statement, which production does not do: the in-process measures run without.
    settings.DEBUG = False


def sql(query, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def explain(query, params=None) -> str:
    rows = sql("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
    return "\n".join(r[0] for r in rows)


# --- the plain COPY loader (baseline of (a), and the loader of (c)/(d)) ------------------------

PG_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "character varying": "varchar",
    "text": "text",
    "date": "date",
    "timestamp with time zone": "timestamptz",
    "boolean": "bool",
    "numeric": "numeric",
    "jsonb": "jsonb",
}


# What mediation.rules.payee_basis reads of a case (who is paid, and how much).
PAYEE_FIELDS = ("committee_code", "mediator", "difficulty", "subsidy_amount")


class CopyLoader:
    """The generated 人民调解 CSV as typed rows for a binary COPY: labels to stored values, unit
    codes to ids, and the fields the rules derive (running deadline, 以奖代补 year and amount),
    so that the rows equal what the importer stores (checked in (a))."""

    def __init__(self):
        from django.utils import timezone

        from fazhi.core.models import Unit
        from fazhi.mediation import rules
        from fazhi.mediation.columns import REGISTER, settings

        self.register = REGISTER
        self.columns = {c.header: c for c in REGISTER.columns}
        self.units = dict(Unit.objects.values_list("code", "pk"))
        self.paths = dict(Unit.objects.values_list("code", "path"))
        self.tiers = settings()[rules.TIERS_SETTING]
        self.now = timezone.now()
        self.rules = rules
        rows = sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
            [MEDIATION_TABLE],
        )
        self.fields = [name for name, _ in rows]
        self.types = [PG_TYPES[kind] for _, kind in rows]

    @functools.cache  # noqa: B019 — one loader per run
    def _running(self, status, agreement_form, closed, judicial_confirmation):
        """(running_deadlines, due_date, due_label) as the rules store them (set_running)."""
        from psycopg.types.json import Jsonb

        from fazhi.core.records import set_running

        case = SimpleNamespace(
            status=status,
            agreement_form=agreement_form,
            closed_date=closed,
            judicial_confirmation=judicial_confirmation,
        )
        set_running(case, self.rules.running(case))
        return Jsonb(case.running_deadlines), case.due_date, case.due_label

    def rows(self, path: Path, limit: int | None = None):
        from psycopg.types.json import Jsonb

        columns = self.columns
        parse = {h: c.parse for h, c in columns.items()}
        fields = self.fields
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            headers = next(reader)
            field_of = [columns[h].field for h in headers]
            for count, cells in enumerate(reader):
                if limit is not None and count >= limit:
                    break
                v = {field_of[i]: parse[h](cells[i]) for i, h in enumerate(headers)}
                unit = v.pop("unit")
                v["unit_id"] = self.units[unit]
                v["committee_id"] = self.units[v["committee_code"]]
                v["created_at"] = v["updated_at"] = self.now
                v["officer_id"] = None
                v["running_deadlines"], v["due_date"], v["due_label"] = self._running(
                    v["status"], v["agreement_form"], v["closed_date"], v["judicial_confirmation"]
                )
                v["subsidy_year"] = v["subsidy_amount"] = None
                v["subsidy_reason"] = ""
                v["subsidy_approved"] = Jsonb({})
                if v["subsidy_status"] == "approved":
                    v["subsidy_year"] = (v["closed_date"] or v["received_date"]).year
                    v["subsidy_amount"] = self.rules.tier_amount(
                        self.tiers, self.paths[unit], v["subsidy_year"], v["difficulty"]
                    )
                    paid = SimpleNamespace(**{k: v[k] for k in PAYEE_FIELDS})
                    v["subsidy_approved"] = Jsonb(self.rules.payee_basis(paid))
                yield tuple(v[name] for name in fields)

    def copy(self, table: str, rows) -> tuple[int, float]:
        """COPY the rows (already converted, a list) into `table`; (rows, seconds of COPY)."""
        from django.db import connection

        names = ", ".join(self.fields)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT BINARY)") as copy:
                copy.set_types(self.types)
                for row in rows:
                    copy.write_row(row)
        return len(rows), time.perf_counter() - started


def head(path: Path, rows: int, out: Path) -> Path:
    """The header and the first `rows` data rows of a CSV."""
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for number, line in enumerate(src):
            if number > rows:
                break
            dst.write(line)
    return out


# --- machine ----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    pg = sql("SHOW server_version")[0][0]
    return {
        "nproc": os.cpu_count(),
        "ram": ram,
        "cpu": cpu,
        "postgres": pg,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


# --- the benchmarks ---------------------------------------------------------------------------


def bench_import(data: Path, work: Path, rows: int, loader: CopyLoader) -> dict:
    from django.db import transaction

    from fazhi.core.tabular import read_table
    from fazhi.imports.importer import import_rows
    from fazhi.mediation.columns import REGISTER

    part = head(data / "mediation.csv", rows, work / f"mediation-head-{rows}.csv")

    def importer():
        table = read_table(part, part.name)
        return import_rows(None, REGISTER, table, filename=part.name)

    # Profiled first, rolled back, so that the timed import below creates every row too.
    phases = profile_import(part) if rows <= 50_000 else "(not profiled above 50k rows)"
    audit_before = sql("SELECT count(*) FROM core_auditentry")[0][0]
    seconds, result = timed(importer)
    assert result.created == rows, result

    sql(
        f"DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE {MEDIATION_TABLE} "
        "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING INDEXES)"
    )

    def plain():
        started = time.perf_counter()
        typed = list(loader.rows(part))
        converted = time.perf_counter() - started
        with transaction.atomic():
            n, copying = loader.copy("bench_copy", typed)
        return n, converted, copying

    base_seconds, (n, converted, copying) = timed(plain)
    assert n == rows
    # The loader's rows are the importer's rows (but for ids and timestamps).
    compared = [f for f in loader.fields if f not in ("created_at", "updated_at")]
    cols = ", ".join(compared)
    differ = sql(
        f"SELECT count(*) FROM (SELECT {cols} FROM {MEDIATION_TABLE} "
        f"EXCEPT SELECT {cols} FROM bench_copy) d"
    )[0][0]
    audit = sql("SELECT count(*) FROM core_auditentry")[0][0] - audit_before
    return {
        "phases": phases,
        "rows": rows,
        "seconds": seconds,
        "rate": rows / seconds,
        "base_seconds": base_seconds,
        "base_rate": rows / base_seconds,
        "convert_seconds": converted,
        "copy_seconds": copying,
        "copy_rate": rows / copying,
        "ratio": base_seconds / seconds,
        "differ": differ,
        "audit": audit,
    }


PHASES = {
    "read_table": "fazhi/core/tabular.py:read_table",
    "parse cells": "fazhi/imports/importer.py:parse_row",
    "duplicates in file": "fazhi/imports/importer.py:duplicate_errors",
    "look up units": "fazhi/imports/importer.py:resolve_units",
    "look up existing records": "fazhi/imports/importer.py:existing_records",
    "resolve 调解组织": "fazhi/mediation/links.py:resolve_committees",
    "scope, personal data, characters": "fazhi/core/writes.py:scope_refusal",
    "derive+check+full_clean": "fazhi/core/writes.py:_derive_and_check",
    "  of which full_clean": "django/db/models/base.py:full_clean",
    "audit snapshots": "fazhi/core/audit/writing.py:snapshot",
    "write (records + audit)": "fazhi/imports/importer.py:write",
    "  build audit entries": "fazhi/imports/importer.py:record_entry",
    "  bulk_create (both)": "django/db/models/query.py:bulk_create",
}


def profile_import(part: Path) -> str:
    """Where the importer's time goes: the same import under cProfile, rolled back. Shares of
    the profiled total (cProfile slows Python code more than the database)."""
    import cProfile
    import pstats

    from django.db import transaction

    from fazhi.core.tabular import read_table
    from fazhi.imports.importer import import_rows
    from fazhi.mediation.columns import REGISTER

    class Rollback(Exception):
        pass

    profiler = cProfile.Profile()
    try:
        with transaction.atomic():
            profiler.enable()
            import_rows(None, REGISTER, read_table(part, part.name), filename=part.name)
            profiler.disable()
            raise Rollback
    except Rollback:
        pass
    stats = pstats.Stats(profiler).stats
    total = max(ct for (_, _, _), (_, _, _, ct, _) in stats.items())
    found = []
    for label, where in PHASES.items():
        path, name = where.rsplit(":", 1)
        cumulative = sum(
            ct
            for (file, _, func), (_, _, _, ct, _) in stats.items()
            if func == name and file.endswith(path)
        )
        found.append(f"{label} {cumulative / total:.0%}")
    return "; ".join(found)


def load_province(data: Path, loader: CopyLoader) -> dict:
    """Empty the register, then COPY every generated 人民调解 row into it, and ANALYZE."""
    from django.db import transaction

    sql(f"TRUNCATE {MEDIATION_TABLE}")
    started = time.perf_counter()
    batch, total, copying = [], 0, 0.0
    with transaction.atomic():
        for row in loader.rows(data / "mediation.csv"):
            batch.append(row)
            if len(batch) == 200_000:
                total += len(batch)
                copying += loader.copy(MEDIATION_TABLE, batch)[1]
                batch = []
        if batch:
            total += len(batch)
            copying += loader.copy(MEDIATION_TABLE, batch)[1]
    sql("ANALYZE")  # every table: the planner's statistics as autovacuum would leave them
    return {"rows": total, "seconds": time.perf_counter() - started, "copy_seconds": copying}


def bench_xlsx(xlsx: Path) -> dict:
    from python_calamine import CalamineWorkbook

    from fazhi.core.tabular import read_table

    def ours():
        return len(read_table(xlsx, xlsx.name).rows)

    def calamine():
        sheet = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0)
        count = 0
        for row in sheet.to_python(skip_empty_area=False)[1:]:
            count += any(v != "" for v in row)
        return count

    # Interleaved, so that a slower moment of the machine falls on both.
    ours_times, base_times = [], []
    for _ in range(3):
        took, rows = timed(ours)
        ours_times.append(took)
        took, base_rows = timed(calamine)
        base_times.append(took)
    seconds, base_seconds = statistics.median(ours_times), statistics.median(base_times)
    assert rows == base_rows, (rows, base_rows)
    return {
        "rows": rows,
        "seconds": seconds,
        "rate": rows / seconds,
        "base_seconds": base_seconds,
        "base_rate": rows / base_seconds,
        "ratio": base_seconds / seconds,
        "mb": xlsx.stat().st_size / 1e6,
    }


HAND_SQL = f"""
SELECT m.status, m.dispute_type, m.judicial_confirmation, m.prevented_criminal, count(*)
FROM {MEDIATION_TABLE} m JOIN core_unit u ON u.id = m.unit_id
WHERE u.path LIKE %s AND m.received_date BETWEEN %s AND %s
GROUP BY 1, 2, 3, 4
"""
HAND_SUBSIDY_SQL = f"""
SELECT count(*), coalesce(sum(m.subsidy_amount), 0)
FROM {MEDIATION_TABLE} m JOIN core_unit u ON u.id = m.unit_id
WHERE u.path LIKE %s AND m.subsidy_status = 'approved' AND m.subsidy_year BETWEEN %s AND %s
"""


def hand_figures(path: str, year: int) -> dict:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    groups = sql(HAND_SQL, [path + "%", start, end])
    subsidy_cases, subsidy_amount = sql(HAND_SUBSIDY_SQL, [path + "%", year, year])[0]
    found = {
        "mediation.received": sum(n for *_, n in groups),
        "mediation.succeeded": sum(n for s, _, _, _, n in groups if s == "succeeded"),
        "mediation.concluded": sum(n for s, _, _, _, n in groups if s in ("succeeded", "failed")),
        "mediation.judicial_confirmations": sum(n for _, _, j, _, n in groups if j),
        "mediation.prevented_criminal": sum(n for _, _, _, p, n in groups if p),
        "mediation.subsidy_cases": subsidy_cases,
        "mediation.subsidy_amount": subsidy_amount,
    }
    from fazhi.mediation.models import DisputeType

    for value, label in DisputeType.choices:
        found[f"mediation.by_type.{label}"] = sum(n for _, t, _, _, n in groups if t == value)
    return found


def slowest_query(function) -> tuple[float, str, str]:
    """Run `function` capturing its SQL; (ms, sql, EXPLAIN ANALYZE) of the slowest statement."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        function()
        wall = time.perf_counter() - started
    queries = captured.captured_queries
    slowest = max(queries, key=lambda q: float(q["time"]))
    total = sum(float(q["time"]) for q in queries)
    where = (
        f"the call took {wall * 1000:.0f} ms in this process, of which {len(queries)} SQL "
        f"statements {total * 1000:.0f} ms"
    )
    return float(slowest["time"]) * 1000, slowest["sql"], f"{where}\n\n{explain(slowest['sql'])}"


def bench_figures(province, year: int) -> dict:
    from fazhi.indicators import rollups
    from fazhi.indicators.compute import compute
    from fazhi.indicators.registry import INDICATORS, Period

    keys = sorted(k for k in INDICATORS if k.startswith("mediation."))
    period = Period.year(year)
    compute(keys, period, province)  # warm: settings, plans, caches
    live_seconds, live = timed(compute, keys, period, province, repeat=3)
    # The yearly rollups (indicators/rollups.py), made as `manage.py rollups` or the worker would.
    build_seconds, _ = timed(rollups.build, "mediation", [year])
    compute(keys, period, province)
    seconds, figures = timed(compute, keys, period, province, repeat=5)
    base_seconds, hand = timed(hand_figures, province.path, year, repeat=5)
    ours = {k: f.value for k, f in figures.items() if k in hand}
    agree = all(ours[k] == hand[k] for k in hand)
    agree = agree and all(live[k].value == figures[k].value for k in keys)
    ms, query, plan = slowest_query(lambda: compute(keys, period, province))
    return {
        "live_seconds": live_seconds,
        "build_seconds": build_seconds,
        "keys": len(keys),
        "received": figures["mediation.received"].value,
        "seconds": seconds,
        "base_seconds": base_seconds,
        "ratio": seconds / base_seconds,
        "agree": agree,
        "mismatch": {k: (ours[k], hand[k]) for k in hand if ours[k] != hand[k]},
        "slowest_ms": ms,
        "slowest_sql": query,
        "plan": plan,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, static_root: Path) -> tuple[subprocess.Popen, str]:
    """The site as docs/deploy.md runs it: DEBUG off, collected static files, connections kept
    (CONN_MAX_AGE as deploy/env.example), with this process's keys so it reads its data."""
    from django.conf import settings

    env = dict(
        os.environ,  # DATABASE_URL as setup_django set it
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,
        FAZHI_DATA_KEYS=settings.FAZHI_DATA_KEYS,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="0",  # the load comes over plain HTTP on loopback; nginx would end TLS
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(static_root),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if gunicorn.exists():
        command = [
            str(gunicorn),
            "-w",
            str(os.cpu_count() or 2),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "600",
            "fazhi.wsgi",
        ]
        kind = f"gunicorn, {os.cpu_count()} workers, DEBUG=0, CONN_MAX_AGE=60"
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        kind = "manage.py runserver --noreload (threaded; gunicorn is not installed in the venv)"
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, kind
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def bench_list(
    province, year: int, requests: int, concurrency: int, seconds: float, work: Path
) -> dict:
    from django.test import Client

    from fazhi.core import actions
    from fazhi.core.models import User
    from fazhi.core.roles import Role
    from fazhi.security import actions as security_actions

    user = User.objects.filter(username=USERNAME).first()  # there already in a reused database
    if user is None:
        user = actions.create_user(None, username=USERNAME, unit=province, password=PASSWORD)
        actions.grant_role(None, user, Role.MEDIATION)
        # The operator's password to hand on, not one to change at first login (as the demo).
        security_actions.accept_current_password(user)
    paths = {
        "unfiltered": "/mediation/",
        "filtered": f"/mediation/?year={year}&status=succeeded",
        # Not a list, but the page every officer lands on: the deadline board of his subtree.
        "board": "/",
        # A logged-in page that reads no register: the site's own cost per request. (/login/
        # no longer serves: it sends a logged-in user on to his home page, the board.)
        "baseline": "/password/",
    }
    port = free_port()
    server, kind = start_server(port, work / "static")
    try:
        command = [
            sys.executable,
            str(Path(__file__).parent / "load.py"),
            "--base",
            f"http://127.0.0.1:{port}",
            "--username",
            USERNAME,
            "--password",
            PASSWORD,
            "--requests",
            str(requests),
            "--concurrency",
            str(concurrency),
            "--seconds",
            str(seconds),
            *paths.values(),
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        server.terminate()
        server.wait(timeout=10)
    measured = json.loads(out)
    result = {name: measured[path] for name, path in paths.items()}
    result["server"] = kind
    result["paths"] = paths
    # What holds the page back: its slowest statement, from an in-process request.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    assert client.get(paths["unfiltered"]).status_code == 200
    plans = {}
    for name in ("unfiltered", "filtered", "board"):
        plans[name] = slowest_query(lambda n=name: client.get(paths[n]))
    result["plans"] = plans
    return result


def bench_report(county, year: int) -> dict:
    from fazhi.reports import figures
    from fazhi.reports.actions import new_report
    from fazhi.reports.content import docx_for, meta_of, template_bytes
    from fazhi.reports.rendering import validate_template

    report = new_report(county, year)
    cold, docx = timed(docx_for, report)
    seconds, docx = timed(docx_for, report, repeat=3)
    keys = validate_template(template_bytes(report), meta_of(report))
    base_seconds, _ = timed(figures.live_figures, keys, county, year, repeat=3)
    validate_seconds, _ = timed(
        validate_template, template_bytes(report), meta_of(report), repeat=3
    )
    return {
        "cold": cold,
        "seconds": seconds,
        "base_seconds": base_seconds,
        "ratio": seconds / base_seconds,
        "validate_seconds": validate_seconds,
        "keys": len(keys),
        "kb": len(docx) / 1024,
    }


def import_others(data: Path, county) -> dict:
    """The other registers' rows of one county, through the importer (for the report)."""
    from bench.generate import PER_COUNTY_YEAR
    from fazhi.core.registers import REGISTERS
    from fazhi.core.tabular import Table, read_table
    from fazhi.imports.importer import import_rows

    counts = {}
    for name in PER_COUNTY_YEAR:
        table = read_table(data / f"{name}.csv", f"{name}.csv")
        mine = [r for r in table.rows if r.values["所属单位代码"].startswith(county.code)]
        result = import_rows(None, REGISTERS[name], Table(table.headers, mine))
        counts[name] = result.created
    return counts


# --- main -------------------------------------------------------------------------------------


def fmt_rate(x):
    return f"{x:,.0f} rows/s"


def main(argv=None):
    parser = argparse.ArgumentParser(description="fazhi benchmarks (issue 8)")
    parser.add_argument("--mediation-rows", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30, help="(d): at most, per page")
    parser.add_argument("--data", type=Path, default=None, help="where to generate (reused)")
    parser.add_argument("--keep-db", action="store_true", help="leave fazhi_bench behind")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    parser.add_argument(
        "--parts", default="abcdef", help="the measures to run, e.g. `d` (default: all)"
    )
    parser.add_argument("--db", default=DB_NAME, help="the database (default fazhi_bench)")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the database if it is there (left by --keep-db) and, when it holds "
        "--mediation-rows 人民调解 rows already, skip generating and loading (for c and d)",
    )
    parser.add_argument(
        "--recompute-rows", type=int, action="append", help="(f) sizes (20000 and 100000)"
    )
    args = parser.parse_args(argv)
    arguments = " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    command = f"python bench/run.py {arguments}".strip()
    args.import_rows = min(args.import_rows, args.mediation_rows)

    data = args.data or Path(f"/tmp/fazhi-bench-{args.seed}-{args.counties}-{args.mediation_rows}")
    parts = set(args.parts)
    reusing = args.reuse_db and database_exists(args.db)
    if not reusing:
        fresh_database(args.db)
    setup_django(f"postgres://postgres@127.0.0.1:5432/{args.db}")
    from django.core.management import call_command

    from bench import generate
    from fazhi.core.models import Unit

    call_command("migrate", verbosity=0)  # in a reused database: the migrations added since
    # A database left by an earlier run with the same rows needs no data: (c) and (d) read it.
    loaded_before = (
        reusing
        and Unit.objects.filter(code=generate.PROVINCE_CODE).exists()
        and sql(f"SELECT count(*) FROM {MEDIATION_TABLE}")[0][0] == args.mediation_rows
    )
    need_files = not loaded_before or bool(parts & set("abe"))
    started = datetime.datetime.now(datetime.UTC)
    say(f"## {started:%Y-%m-%d %H:%M} UTC — `{command}`")
    say()
    info = machine()
    say(
        f"Machine: {info['nproc']} CPU ({info['cpu']}), {info['ram']} RAM, PostgreSQL "
        f"{info['postgres']}, Python {info['python']}, Linux {info['kernel']}."
    )

    csv_dir, xlsx_dir = data / "csv", data / "xlsx"
    if need_files:
        generate_files(args, csv_dir, xlsx_dir, load_units=not loaded_before)
    else:
        say(
            f"Data: database `{args.db}` reused as an earlier run left it (`--reuse-db`): "
            f"{args.mediation_rows:,} 人民调解 rows of `bench/generate.py --seed {args.seed} "
            f"--counties {args.counties} --years {args.years}`, migrated to this tree."
        )
    say()
    year = datetime.date.today().year - args.years
    province = Unit.objects.get(code=generate.PROVINCE_CODE)
    county = Unit.objects.filter(kind="county").order_by("code").first()
    loader = CopyLoader()
    work = data / "work"
    work.mkdir(parents=True, exist_ok=True)

    say("| | measured | baseline (same run) | ratio | goal |")
    say("|---|---|---|---|---|")
    table_at = len(lines)
    notes = []

    a = None
    try:
        if "a" in parts:
            a = bench_import(csv_dir, work, args.import_rows, loader)
    except Exception as error:  # a failure is a result too: say it and go on
        from django.db import connection

        connection.close()
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        say(
            f"| (a) import {args.import_rows:,} 人民调解 rows (read_table + import_rows) | "
            f"FAILED: {type(error).__name__}: {first} | | | ≥ 0.4 |"
        )
        a = None
    if a is not None:
        say(
            f"| (a) import {a['rows']:,} 人民调解 rows (read_table + import_rows) | "
            f"{fmt_rate(a['rate'])} ({a['seconds']:.1f} s) | binary COPY of the same file "
            f"{fmt_rate(a['base_rate'])} ({a['base_seconds']:.1f} s: convert "
            f"{a['convert_seconds']:.1f} s, COPY {a['copy_seconds']:.1f} s = "
            f"{fmt_rate(a['copy_rate'])}) | {a['ratio']:.3f} | ≥ 0.4 |"
        )
        notes.append(
            f"(a) The COPY loader's rows equal the importer's: {a['differ']} rows differ. "
            f"The importer also wrote {a['audit']:,} audit entries (one per row + one). "
            f"Ratio to the COPY statement alone: {a['copy_seconds'] / a['seconds']:.3f}. "
            f"Where the importer's time goes (cProfile, shares of the total): "
            f"{a['phases']}."
        )

    # (a) imported its rows into the register: a reused table is loaded again after it.
    if loaded_before and "a" not in parts:
        loaded = {"rows": args.mediation_rows}
    elif parts & set("cde"):
        loaded = load_province(csv_dir, loader)
        notes.append(
            f"(c)/(d) {loaded['rows']:,} 人民调解 rows loaded by the COPY loader in "
            f"{loaded['seconds']:.1f} s (COPY {loaded['copy_seconds']:.1f} s)."
        )

    if "b" in parts:
        b = bench_xlsx(xlsx_dir / "mediation.xlsx")
        say(
            f"| (b) read_table on .xlsx, {b['rows']:,} rows ({b['mb']:.1f} MB) | "
            f"{fmt_rate(b['rate'])} ({b['seconds']:.2f} s) | python-calamine alone "
            f"{fmt_rate(b['base_rate'])} ({b['base_seconds']:.2f} s) | {b['ratio']:.3f} | "
            f"≥ 0.7 |"
        )

    if "c" in parts:
        bench_figures_row(province, year, loaded, notes)
    if "d" in parts:
        bench_list_rows(province, year, args, work, loaded, notes)
    if "e" in parts:
        bench_report_rows(csv_dir, county, province, year, notes)
    if "f" in parts:
        bench_recompute_rows(args)
    del table_at
    say()
    for note in notes:
        say(note)
        say()

    if not args.keep_db:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(f"{PG} dbname=postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
    if not args.no_results:
        new = not RESULTS.exists()
        with RESULTS.open("a", encoding="utf-8") as f:
            if new:
                f.write(
                    "# Benchmark results\n\nAppended by `bench/run.py` (see bench/README.md).\n\n"
                )
            f.write("\n".join(lines) + "\n\n")


def generate_files(args, csv_dir: Path, xlsx_dir: Path, *, load_units: bool) -> None:
    from django.core.management import call_command

    from bench import generate

    took, written = timed(
        generate.generate,
        csv_dir,
        seed=args.seed,
        counties=args.counties,
        years=args.years,
        mediation_rows=args.mediation_rows,
    )
    sizes = ", ".join(f"{k} {v['rows']:,}" for k, v in written.items())
    say(
        f"Data: `bench/generate.py --seed {args.seed} --counties {args.counties} --years "
        f"{args.years} --mediation-rows {args.mediation_rows}` in {took:.1f} s ({sizes})."
    )
    generate.generate(
        xlsx_dir,
        seed=args.seed,
        counties=args.counties,
        years=args.years,
        mediation_rows=args.xlsx_rows,
        fmt="xlsx",
        registers=["mediation"],
    )
    if load_units:
        took, _ = timed(call_command, "load_units", str(csv_dir / "units.csv"), verbosity=0)
        say(
            f"Units: {written['units']['rows']:,} loaded by `manage.py load_units` in {took:.1f} s."
        )


def bench_figures_row(province, year: int, loaded: dict, notes: list) -> None:
    c = bench_figures(province, year)
    say(
        f"| (c) compute() {c['keys']} mediation.* figures, province, {year}, over "
        f"{loaded['rows']:,} rows ({c['received']:,} in the year) | {c['seconds'] * 1000:.0f} ms "
        f"from the yearly rollups (from the records: {c['live_seconds'] * 1000:.0f} ms; rollups "
        f"made in {c['build_seconds']:.1f} s) | "
        f"hand-written GROUP BY {c['base_seconds'] * 1000:.0f} ms | {c['ratio']:.2f}× | "
        f"≤ 1 s; figures agree (rollups, records, hand SQL): "
        f"{'yes' if c['agree'] else 'NO ' + str(c['mismatch'])} |"
    )
    notes.append(
        f"(c) Slowest statement of compute() ({c['slowest_ms']:.0f} ms):\n\n"
        f"```sql\n{c['slowest_sql']}\n```\n\n```\n{c['plan']}\n```"
    )


def bench_list_rows(province, year: int, args, work: Path, loaded: dict, notes: list) -> None:
    d = bench_list(province, year, args.requests, args.concurrency, args.seconds, work)
    base = d["baseline"]
    for name in ("unfiltered", "filtered", "board"):
        r = d[name]
        page = "home page (deadline board)" if name == "board" else f"list page {name}"
        if not r.get("requests"):
            say(f"| (d) {page} | no request succeeded: {r} | | | p95 ≤ 50 ms |")
            continue
        say(
            f"| (d) {page} `{d['paths'][name]}`, {loaded['rows']:,} rows, "
            f"{r['requests']} requests × {r['concurrency']} concurrent"
            f"{', ' + str(r['errors']) + ' failed' if r['errors'] else ''} | p50 {r['p50']} ms, "
            f"p95 {r['p95']} ms ({r['rps']} req/s) | `/password/` p50 {base['p50']} ms, p95 "
            f"{base['p95']} ms | p95 {r['p95'] / base['p95']:.1f}× | p95 ≤ 50 ms |"
        )
    notes.append(
        f"(d) Server: {d['server']}; load from a second process (bench/load.py, urllib threads)."
    )
    for name, (ms, query, plan) in d["plans"].items():
        notes.append(
            f"(d) Slowest statement of the {name} page ({ms:.0f} ms):\n\n"
            f"```sql\n{query}\n```\n\n```\n{plan}\n```"
        )


def bench_report_rows(csv_dir: Path, county, province, year: int, notes: list) -> None:
    others = import_others(csv_dir, county)
    e = bench_report(county, year)
    say(
        f"| (e) county report .docx, {county.code}, {year} ({e['keys']} figures, "
        f"{e['kb']:.0f} KB) | {e['seconds'] * 1000:.0f} ms (first {e['cold'] * 1000:.0f} ms) | "
        f"compute() of its figures {e['base_seconds'] * 1000:.0f} ms | {e['ratio']:.1f}× | "
        f"≤ 1 s |"
    )
    # The province's report too: it is made in the request (it is not long work), which holds
    # only while it stays well under a second over the whole province's records.
    p = bench_report(province, year)
    say(
        f"| (e) province report .docx, {province.code}, {year} ({p['keys']} figures, "
        f"{p['kb']:.0f} KB) | {p['seconds'] * 1000:.0f} ms (first {p['cold'] * 1000:.0f} ms) | "
        f"compute() of its figures {p['base_seconds'] * 1000:.0f} ms | {p['ratio']:.1f}× | "
        f"≤ 1 s |"
    )
    notes.append(
        f"(e) The county's other registers imported for the report: "
        f"{sum(others.values()):,} rows. validate_template alone (run by docx_for on "
        f"every draft): {e['validate_seconds'] * 1000:.0f} ms."
    )


def bench_recompute_rows(args) -> None:
    # (f) in its own database and process (bench/recompute_deadlines.py): the province's
    # records here would be recomputed with the year's and blur what is measured.
    recompute_args = [
        a for n in args.recompute_rows or [20_000, 100_000] for a in ("--rows", str(n))
    ]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "recompute_deadlines.py"), "--json",
         "--no-results", *recompute_args],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode == 0:
        from bench.recompute_deadlines import row_text

        for result in json.loads(done.stdout.strip().splitlines()[-1]):
            say(row_text(result))
    else:
        first = (done.stderr.strip().splitlines() or [""])[-1]
        say(f"| (f) recompute after a year is entered | FAILED: {first} | | | — |")


if __name__ == "__main__":
    main()
