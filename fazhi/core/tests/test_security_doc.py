"""docs/security.md names, for each control, the tests that show it: every `file::test` it cites
must exist, so the document cannot go on citing a test that was renamed or removed."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "security.md"
# `reports/tests/test_injection.py::test_x[*]`, `::test_y` (same file as the last one named)
CITED = re.compile(r"`((?:[\w/]+\.py)?)::(\w+)(?:\[[^\]]*\])?`")


def _test_files(cited: str) -> list[Path]:
    """The files a cited path may mean (a bare `test_settings.py` is in more than one app)."""
    found = [p for p in (ROOT / "fazhi").rglob(Path(cited).name) if p.as_posix().endswith(cited)]
    assert found, f"docs/security.md cites {cited}, which does not exist"
    return found


def test_every_test_the_security_document_cites_exists():
    missing = []
    cited = 0
    for line in DOC.read_text(encoding="utf-8").splitlines():
        current = None
        for path, name in CITED.findall(line):
            if path:
                current = _test_files(path)
            if current is None:
                continue
            cited += 1
            defined = rf"^(async )?def {name}\("
            if not any(re.search(defined, f.read_text(), re.M) for f in current):
                missing.append(f"{current[0].relative_to(ROOT)}::{name}")
    assert cited > 50
    assert not missing, missing
