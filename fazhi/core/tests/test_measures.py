"""The registry of measures (core/measures.py): declared once by their registers, found by key,
a key taken twice a programming error; and a leaf, importing nothing of fazhi."""

import ast
from pathlib import Path

import pytest

from fazhi.core import measures
from fazhi.core.measures import Measure, declare_measures, get_measure


def _zeros(year, unit_ids):
    return {unit_id: 0 for unit_id in unit_ids}


def _ones(year, unit_ids):
    return {unit_id: 1 for unit_id in unit_ids}


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(measures, "MEASURES", {})
    return measures


def test_a_declared_measure_is_found_by_key(registry):
    lost = Measure("x.lost", "败诉", "件", _zeros, "litigation", "说明")
    declare_measures(lost)
    assert get_measure("x.lost") is lost
    assert {"x.lost": lost} == registry.MEASURES
    assert lost.per_department(2024, [3, 4]) == {3: 0, 4: 0}
    assert get_measure("officers.certified_rate") is None


def test_declaring_the_same_measure_again_is_harmless_another_under_its_key_is_not(registry):
    lost = Measure("x.lost", "败诉", "件", _zeros, "litigation")
    declare_measures(lost)
    declare_measures(lost)
    with pytest.raises(ValueError, match="declared twice"):
        declare_measures(Measure("x.lost", "败诉", "件", _ones, "litigation"))
    assert get_measure("x.lost") is lost


def test_the_registers_declare_their_measures_under_the_keys_schemes_name():
    """Declared from the apps' ready(): 案卷评查's and 行政应诉's, each naming its register."""
    for key, source in (
        ("enforcement.review_average", "case_file_review"),
        ("enforcement.review_failed", "case_file_review"),
        ("enforcement.rectification_overdue", "case_file_review"),
        ("litigation.lost_as_defendant", "litigation"),
    ):
        found = get_measure(key)
        assert found is not None and found.source == source, key


def test_the_module_is_a_leaf():
    tree = ast.parse(Path(measures.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("fazhi")]
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level]
