"""Import speed as a province's operator meets it (issue 18, point 1), against the machine's
own loader: `manage.py import_register mediation FILE` into a fresh PostgreSQL database, and
psql's `\\copy` of the same file (FORMAT csv) into an unindexed table of text columns, measured
in the same run, at each size given:

    .venv/bin/python bench/import_scale.py --rows 100000 --rows 1000000

Each size gets a fresh database (migrated, the province's units loaded), so every row is
created. Reported per size: the import's time, time per row and rows per second, psql's, their
ratio, and the import's peak memory (the child process's maximum RSS). Appends a section to
bench/RESULTS.md unless --no-results.
"""

import argparse
import datetime
import os
import secrets
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import PG, RESULTS, fresh_database, head, setup_django  # noqa: E402

DB_NAME = "fazhi_bench_import"
URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PSQL = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", DB_NAME, "-q"]


# The import runs as in production: DEBUG off (a DEBUG process keeps the text of its recent
# statements, the kept file's too), with a throwaway key and data key of the bench's own.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + secrets.token_hex(32),
    "FAZHI_DATA_KEYS": f"bench:{secrets.token_hex(32)}",
    "FAZHI_AUDIT_TAIL_FILE": "",
}


def manage(*args: str, production: bool = False) -> tuple[float, int, str]:
    """Run a manage.py command against the bench database: (seconds, its peak RSS in KiB,
    what it printed). `production`: with PRODUCTION's settings, else a DEBUG site's."""
    env = {**os.environ, "DATABASE_URL": URL, "DEBUG": "1", **(PRODUCTION if production else {})}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {err.read().decode()[-2000:]}")
        return seconds, usage.ru_maxrss, out.read().decode().strip()


def psql_copy(path: Path) -> float:
    """Seconds psql takes to \\copy `path` (FORMAT csv) into an unindexed table of text
    columns named by its header."""
    header = path.open(encoding="utf-8").readline().rstrip("\n").split(",")
    columns = ", ".join(f'"c{i}" text' for i in range(len(header)))
    subprocess.run(
        [*PSQL, "-c", f"DROP TABLE IF EXISTS bench_text; CREATE TABLE bench_text ({columns})"],
        check=True,
    )
    started = time.perf_counter()
    subprocess.run(
        [*PSQL, "-c", f"\\copy bench_text FROM '{path}' WITH (FORMAT csv, HEADER true)"],
        check=True,
    )
    return time.perf_counter() - started


TABLE = "mediation_mediationcase"


# The register's table rebuilt step by step, to show where the database's own time goes:
# (label, what the empty copy gets beyond its typed columns, defaults and checks).
TABLE_STEPS = (
    ("typed columns only", ""),
    ("+ primary key and unique (unit, 编号)", "keys"),
    ("+ all its indexes", "indexes"),
    ("+ its foreign keys: the table as it is", "foreign keys"),
)


def records_copy(work: Path) -> dict[str, float]:
    """Seconds psql takes to \\copy the records the import wrote back into an empty copy of the
    register's table, for each step of TABLE_STEPS; the last, with the same indexes, constraints
    and foreign keys, is what the database itself needs to store these records, whoever
    prepares them. The records are dumped from the table (COPY's text format) first; each copy
    runs in one transaction, as the import does, so deferred foreign-key checks run at its
    commit inside the time measured."""
    dump = work / "records.copy"
    subprocess.run([*PSQL, "-c", f"\\copy {TABLE} TO '{dump}'"], check=True)
    foreign_keys = subprocess.run(
        [*PSQL, "-At", "-c",
         "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
         f"WHERE conrelid = '{TABLE}'::regclass AND contype = 'f'"],
        check=True, capture_output=True, text=True,
    ).stdout.split("\n")  # fmt: skip
    create = {
        "": "INCLUDING DEFAULTS INCLUDING CONSTRAINTS",
        "keys": "INCLUDING DEFAULTS INCLUDING CONSTRAINTS",
        "indexes": "INCLUDING ALL",
        "foreign keys": "INCLUDING ALL",
    }
    seconds = {}
    for label, step in TABLE_STEPS:
        statements = [
            "SET client_min_messages = warning",
            "DROP TABLE IF EXISTS bench_records",
            f"CREATE TABLE bench_records (LIKE {TABLE} {create[step]})",
        ]
        if step == "keys":
            statements.append(
                "ALTER TABLE bench_records ADD PRIMARY KEY (id), ADD UNIQUE (unit_id, number)"
            )
        if step == "foreign keys":
            adds = ", ".join(f"ADD {definition}" for definition in foreign_keys if definition)
            statements.append(f"ALTER TABLE bench_records {adds}")
        subprocess.run([*PSQL, "-c", "; ".join(statements)], check=True)
        started = time.perf_counter()
        subprocess.run([*PSQL, "-c", f"\\copy bench_records FROM '{dump}'"], check=True)
        seconds[label] = time.perf_counter() - started
    subprocess.run([*PSQL, "-c", "DROP TABLE bench_records"], check=True)
    dump.unlink()
    return seconds


FLOOR = """
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8").read()
rows = csv.reader(io.StringIO(text, newline=""))
headers = next(rows)
for row in rows:
    dict(zip(headers, row))
"""


def python_floor(path: Path) -> float:
    """Seconds Python takes only to read the file into one dict per row (csv.reader, the
    interpreter's start included): the least any importer that looks at each row in Python
    pays, shown beside the import so the distance to psql's \\copy is read correctly."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR, str(path)], check=True)
    return time.perf_counter() - started


def one_size(csv_dir: Path, work: Path, rows: int) -> dict:
    part = head(csv_dir / "mediation.csv", rows, work / f"mediation-{rows}.csv")
    fresh_database(DB_NAME)
    manage("migrate", "--verbosity", "0")
    manage("load_units", str(csv_dir / "units.csv"), "--verbosity", "0")
    seconds, peak, said = manage("import_register", "mediation", str(part), production=True)
    copy_seconds = psql_copy(part)
    steps = records_copy(work)
    records_seconds = steps[TABLE_STEPS[-1][0]]
    floor_seconds = python_floor(part)
    return {
        "rows": rows,
        "seconds": seconds,
        "per_row_us": seconds / rows * 1e6,
        "rate": rows / seconds,
        "copy_seconds": copy_seconds,
        "copy_rate": rows / copy_seconds,
        "floor_seconds": floor_seconds,
        "records_seconds": records_seconds,
        "steps": steps,
        "ratio": copy_seconds / seconds,
        "peak_mib": peak / 1024,
        "said": said,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="sizes (100000 and 1000000)")
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="where to generate (reused)")
    parser.add_argument("--no-results", action="store_true")
    args = parser.parse_args(argv)
    sizes = sorted(args.rows or [100_000, 1_000_000])
    command = "python bench/import_scale.py " + " ".join(
        shlex.quote(a) for a in (argv or sys.argv[1:])
    )

    fresh_database(DB_NAME)
    setup_django(URL)
    from bench import generate

    data = args.data or Path(f"/tmp/fazhi-import-scale-{args.seed}-{args.counties}-{sizes[-1]}")
    csv_dir, work = data / "csv", data / "work"
    work.mkdir(parents=True, exist_ok=True)
    if not (csv_dir / "mediation.csv").exists():
        generate.generate(
            csv_dir,
            seed=args.seed,
            counties=args.counties,
            mediation_rows=sizes[-1],
            registers=["mediation"],
        )
    results = [one_size(csv_dir, work, rows) for rows in sizes]

    lines = [
        f"## {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC — `{command.strip()}`",
        "",
        f"Import speed against psql's `\\copy` of the same file ({PG}), issue 18 (a).",
        "",
        "| rows | import_register | per row | psql \\copy | ratio | peak RSS | Python floor "
        "| records \\copy | ratio to it |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['seconds']:.1f} s ({r['rate']:,.0f} rows/s) | "
            f"{r['per_row_us']:.0f} µs | {r['copy_seconds']:.2f} s ({r['copy_rate']:,.0f} rows/s)"
            f" | {r['ratio']:.4f} | {r['peak_mib']:,.0f} MiB | {r['floor_seconds']:.2f} s "
            f"(ratio {r['copy_seconds'] / r['floor_seconds']:.2f}) | "
            f"{r['records_seconds']:.2f} s | {r['records_seconds'] / r['seconds']:.3f} |"
        )
    lines += ["", "Records \\copy into the register's table rebuilt step by step:", ""]
    lines += ["| rows | " + " | ".join(label for label, _ in TABLE_STEPS) + " |"]
    lines += ["|---|" + "---|" * len(TABLE_STEPS)]
    for r in results:
        cells = " | ".join(f"{r['steps'][label]:.2f} s" for label, _ in TABLE_STEPS)
        lines.append(f"| {r['rows']:,} | {cells} |")
    if len(results) > 1:
        growth = results[-1]["seconds"] / results[0]["seconds"]
        scale = results[-1]["rows"] / results[0]["rows"]
        lines += ["", f"The largest import took {growth:.1f}× the smallest for {scale:.0f}× rows."]
    lines += [
        "",
        "Python floor: the same file read into one dict per row by csv.reader in a fresh "
        "interpreter, and its ratio to psql's \\copy — the best any row-by-row Python "
        "importer could reach.",
        "",
        "Records \\copy: psql's \\copy of the records the import wrote, dumped from the "
        f"register's table, into an empty copy of that table ({TABLE}: its indexes, "
        "constraints and foreign keys), in one transaction — the least the database takes to "
        "store these records, whoever prepares them; its ratio to the import beside it.",
    ]
    lines.append("")
    print("\n".join(lines))
    if not args.no_results:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
