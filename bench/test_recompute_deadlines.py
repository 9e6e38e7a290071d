"""(f)'s 2027 arrangement is one enter_year accepts, and its result row reads right (pure)."""

from bench.recompute_deadlines import arrangement_2027, row_text
from fazhi.core import holidays


def test_the_benchmarks_2027_arrangement_is_a_valid_entry():
    assert holidays.check_days(2027, arrangement_2027()) == []


def test_the_result_row():
    row = row_text(
        {
            "rows": 100_000,
            "in_2027": 70_000,
            "changed": 13_000,
            "seconds": 50.0,
            "rate": 2000.0,
            "enter_seconds": 0.02,
            "base_seconds": 1.5,
            "ratio": 0.03,
        }
    )
    assert row.startswith("| (f) recompute after a year is entered: 100,000 行政复议 cases")
    assert "| 50.0 s (2,000 records/s; enter_year 20 ms) |" in row and "| 0.030 |" in row
