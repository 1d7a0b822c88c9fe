"""What shapes a report besides its inputs: every file of the package counts, whatever its kind."""

from __future__ import annotations

from pathlib import Path

from govreport.run import versions


def test_the_package_files_are_every_file_but_byte_code():
    names = {path.name for path in versions.package_files()}
    assert {"zh.po", "en.po", "click.zh.po", "sort.js", "tables.yaml", "annual_report.ipynb", "server.py"} <= names
    assert not any(path.suffix == ".pyc" for path in versions.package_files())


def test_a_change_to_any_package_file_changes_the_fingerprint(tmp_path, monkeypatch):
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "zh.po").write_text('msgid "a"\nmsgstr "甲"\n', encoding="utf-8")
    (tmp_path / "report.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "report.cpython-311.pyc").write_bytes(b"\0")
    monkeypatch.setattr(versions.resources, "files", lambda package: Path(tmp_path))
    versions.package_fingerprint.cache_clear()
    try:
        first = versions.package_fingerprint()
        versions.package_fingerprint.cache_clear()
        (tmp_path / "__pycache__" / "report.cpython-311.pyc").write_bytes(b"\1")  # byte-code is no source
        assert versions.package_fingerprint() == first
        versions.package_fingerprint.cache_clear()
        (tmp_path / "messages" / "zh.po").write_text('msgid "a"\nmsgstr "乙"\n', encoding="utf-8")  # a catalogue
        assert versions.package_fingerprint() != first
    finally:
        versions.package_fingerprint.cache_clear()
