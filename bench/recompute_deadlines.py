"""(f) of the benchmarks (issue 16): the time to recompute the stored deadlines after a
holiday year is entered, against a baseline measured in the same run with the machine's own
tool.

    .venv/bin/python bench/recompute_deadlines.py [--rows 20000 --rows 100000] [--no-results]

For each size N it makes a fresh PostgreSQL database `fazhi_bench_recompute` (127.0.0.1:5432,
user postgres, trust auth) — or reuses it, emptied — stores N 行政复议 cases received from
October to December 2026 and accepted five days later, each with its deadlines derived as a
save would (审理期限 in 2027, provisional), then:

- measured: `holidays.enter_year(None, 2027, …)` of a 2027 arrangement that moves many of
  those deadlines, then `holidays.run_recompute` of the job it queued — the worker's work:
  select the affected records, derive each again, bulk-update what changed with one audit
  entry per changed record, progress and the moved list on the job, in batches of 1,000;
- baseline: psql running `UPDATE reconsideration_reconsiderationcase SET decision_deadline =
  decision_deadline + 1` over the same N rows of the same table (psql's \\timing: the
  statement's time as the client sees it, connection set-up excluded).

The ratio is baseline / measured (1.0 would be as fast as the bare UPDATE). Two sizes show
how the time grows. Results are printed and appended to bench/RESULTS.md. `bench/run.py`
runs this as its (f) with `--json` and puts the rows in its table.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import PG, fresh_database, setup_django, sql  # noqa: E402 — after sys.path

DB_NAME = "fazhi_bench_recompute"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TABLE = "reconsideration_reconsiderationcase"
NOTICE = "国办发明电〔2026〕12号（基准测试）"
FIRST_RECEIVED = date(2026, 10, 1)
RECEIVED_DAYS = 92  # October to December 2026


def arrangement_2027():
    """A 2027 notice as it might come: 元旦, 春节 with two 调休 Saturdays, and 2027-01-25 off,
    so that 审理期限 counted into late January and February move."""
    rest = [date(2027, 1, d) for d in (1, 2, 3, 25)]
    rest += [date(2027, 2, d) for d in range(5, 12)]
    rest += [date(2027, 4, 5), date(2027, 5, 1), date(2027, 5, 2), date(2027, 5, 3)]
    rest += [date(2027, 10, d) for d in range(1, 8)]
    work = [date(2027, 2, 20), date(2027, 1, 30)]
    return [(d, "rest", "节假日") for d in rest] + [(d, "work", "调休上班") for d in work]


def county():
    from fazhi.core import actions
    from fazhi.core.models import Unit, UnitKind

    found = Unit.objects.filter(code="433126").first()
    if found:
        return found
    province = actions.save_unit(
        None, code="43", name="湖南省司法厅", kind=UnitKind.PROVINCE, parent=None
    )
    prefecture = actions.save_unit(
        None, code="4331", name="湘西州司法局", kind=UnitKind.PREFECTURE, parent=province
    )
    return actions.save_unit(
        None, code="433126", name="古丈县司法局", kind=UnitKind.COUNTY, parent=prefecture
    )


def store_cases(count: int, unit) -> float:
    """`count` accepted cases with their derived fields, as saves would store them (one
    template per received day, derived once, copied): seconds taken."""
    from fazhi.reconsideration import rules
    from fazhi.reconsideration.models import ReconsiderationCase

    started = time.perf_counter()
    fields = [f for f in ReconsiderationCase._meta.concrete_fields if not f.primary_key]
    templates = []
    for offset in range(RECEIVED_DAYS):
        received = FIRST_RECEIVED + timedelta(days=offset)
        case = ReconsiderationCase(
            unit=unit, number="", applicant="张某", respondent="某县某局", received_date=received
        )
        rules.apply_step(case, "accept", received + timedelta(days=5))
        rules.derive(case, {})
        templates.append({f.attname: getattr(case, f.attname) for f in fields})
    batch = []
    for index in range(count):
        values = dict(templates[index % RECEIVED_DAYS])
        values["number"] = f"湘复〔2026〕{index + 1}号"
        batch.append(ReconsiderationCase(**values))
        if len(batch) == 5000:
            ReconsiderationCase.objects.bulk_create(batch)
            batch = []
    ReconsiderationCase.objects.bulk_create(batch)
    sql(f"ANALYZE {TABLE}")
    return time.perf_counter() - started


def psql_update() -> float:
    """The baseline: psql's own time for the UPDATE over every row of the table (seconds)."""
    update = f"UPDATE {TABLE} SET decision_deadline = decision_deadline + 1"
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB_NAME, "-X", "-q",
         "-c", "\\timing on", "-c", update],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.search(r"Time: ([0-9.]+) ms", done.stdout)
    if not found:
        raise RuntimeError(f"psql gave no timing: {done.stdout!r} {done.stderr!r}")
    return float(found.group(1)) / 1000


def reset():
    from fazhi.core import holidays
    from fazhi.core.models import DeadlineRecompute, HolidayYear

    sql(f"TRUNCATE {TABLE} CASCADE")
    HolidayYear.objects.filter(year=2027).delete()
    DeadlineRecompute.objects.all().delete()
    holidays.forget()


def measure(rows: int) -> dict:
    from fazhi.core import holidays, workdays
    from fazhi.core.models import AuditEntry

    reset()
    stored_seconds = store_cases(rows, county())
    in_2027 = sql(f"SELECT count(*) FROM {TABLE} WHERE decision_deadline >= '2027-01-01'")[0][0]
    assert workdays.is_provisional(date(2027, 1, 25))
    entries = AuditEntry.objects.count()
    started = time.perf_counter()
    holidays.enter_year(None, 2027, arrangement_2027(), NOTICE)
    entered = time.perf_counter() - started
    job = holidays.claim_recompute()
    started = time.perf_counter()
    job = holidays.run_recompute(job)
    seconds = time.perf_counter() - started
    if job.status != "done":
        raise RuntimeError(f"recompute {job.status}: {job.result}")
    changed = AuditEntry.objects.count() - entries - 2  # less the HOLIDAYS and RECOMPUTE ones
    base = psql_update()
    return {
        "rows": rows,
        "in_2027": in_2027,
        "store_seconds": stored_seconds,
        "enter_seconds": entered,
        "seconds": seconds,
        "selected": job.total,
        "changed": changed,
        "moved_listed": len(job.moved),
        "base_seconds": base,
        "ratio": base / seconds,
        "rate": job.total / seconds,
    }


def row_text(r: dict) -> str:
    return (
        f"| (f) recompute after a year is entered: {r['rows']:,} 行政复议 cases "
        f"({r['in_2027']:,} with 审理期限 in 2027; {r['changed']:,} changed, each with its audit "
        f"entry) | {r['seconds']:.1f} s ({r['rate']:,.0f} records/s; enter_year "
        f"{r['enter_seconds'] * 1000:.0f} ms) | psql `UPDATE … SET decision_deadline = "
        f"decision_deadline + 1` over the same rows {r['base_seconds'] * 1000:.0f} ms | "
        f"{r['ratio']:.3f} | — |"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="(f) recompute deadlines after a year is entered")
    parser.add_argument("--rows", type=int, action="append", help="size; give twice (default "
                        "20000 and 100000)")  # fmt: skip
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    parser.add_argument("--json", action="store_true", help="print the results as JSON last")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {DB_NAME} behind")
    args = parser.parse_args(argv)
    sizes = args.rows or [20_000, 100_000]
    fresh_database(DB_NAME)
    setup_django(DATABASE_URL)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = [measure(rows) for rows in sizes]
    lines = [
        f"## {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC — `python "
        f"bench/recompute_deadlines.py {' '.join(f'--rows {n}' for n in sizes)}`",
        "",
        f"Machine: {os.cpu_count()} CPU, PostgreSQL {sql('SHOW server_version')[0][0]}, "
        f"Python {platform.python_version()}.",
        "",
        "| | measured | baseline (same run) | ratio | goal |",
        "|---|---|---|---|---|",
        *(row_text(r) for r in results),
        "",
    ]
    if len(results) > 1:
        a, b = results[0], results[-1]
        lines.append(
            f"(f) Growth: {b['rows'] / a['rows']:.1f}× the rows took "
            f"{b['seconds'] / a['seconds']:.1f}× the time (the UPDATE "
            f"{b['base_seconds'] / a['base_seconds']:.1f}×)."
        )
        lines.append("")
    print("\n".join(lines), flush=True)
    if not args.keep_db:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(f"{PG} dbname=postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if not args.no_results:
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    if args.json:
        print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
