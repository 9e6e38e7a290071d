"""The generator (bench/generate.py): deterministic, in the template format, importable."""

import hashlib

import pytest
from django.core.management import call_command

from bench.generate import PER_COUNTY_YEAR, generate
from fazhi.core.registers import REGISTERS
from fazhi.core.tabular import read_table
from fazhi.imports.importer import import_rows

SMALL = {"counties": 2, "years": 1, "offices": 2, "committees": 2, "scale": 0.1}


def _digests(out):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    generate(tmp_path / "a", seed=7, mediation_rows=200, **SMALL)
    generate(tmp_path / "b", seed=7, mediation_rows=200, **SMALL)
    generate(tmp_path / "c", seed=8, mediation_rows=200, **SMALL)
    a, b, c = (_digests(tmp_path / x) for x in "abc")
    assert a == b
    assert a["mediation.csv"] != c["mediation.csv"]


def test_headers_are_the_registers_and_mediation_is_the_largest(tmp_path):
    written = generate(tmp_path, seed=1, mediation_rows=200, **SMALL)
    assert set(written) == {"units", "mediation", *PER_COUNTY_YEAR}
    for name in ["mediation", *PER_COUNTY_YEAR]:
        table = read_table(tmp_path / f"{name}.csv", f"{name}.csv")
        assert table.headers == REGISTERS[name].headers, name
    assert written["mediation"]["rows"] == 200
    assert all(written["mediation"]["rows"] > written[n]["rows"] for n in PER_COUNTY_YEAR)


def test_xlsx_has_the_same_rows_as_csv(tmp_path):
    generate(tmp_path / "csv", seed=3, mediation_rows=50, registers=["mediation"], **SMALL)
    generate(
        tmp_path / "xlsx", seed=3, mediation_rows=50, registers=["mediation"], fmt="xlsx", **SMALL
    )
    from_csv = read_table(tmp_path / "csv" / "mediation.csv", "mediation.csv")
    from_xlsx = read_table(tmp_path / "xlsx" / "mediation.xlsx", "mediation.xlsx")
    assert from_xlsx.headers == from_csv.headers
    assert [r.values for r in from_xlsx.rows] == [r.values for r in from_csv.rows]


@pytest.mark.django_db
def test_generated_files_import_cleanly(tmp_path):
    written = generate(tmp_path, seed=1, mediation_rows=200, **SMALL)
    call_command("load_units", str(tmp_path / "units.csv"))
    for name in ["mediation", *PER_COUNTY_YEAR]:
        table = read_table(tmp_path / f"{name}.csv", f"{name}.csv")
        result = import_rows(None, REGISTERS[name], table, filename=f"{name}.csv")
        assert (result.created, result.updated) == (written[name]["rows"], 0), name
