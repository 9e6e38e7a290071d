import pytest


@pytest.fixture
def error_dir(tmp_path, monkeypatch):
    """Error workbooks kept for download go to this test's own temp directory."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path / "fazhi-import-errors"
