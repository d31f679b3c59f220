"""The CSV export opened in a real spreadsheet: LibreOffice Calc, headless, where installed.

The same checks as ``bench/csv_in_spreadsheet.py`` (which installs LibreOffice
where it can; this test never installs anything and skips without it): the
samples, with values a spreadsheet mangles planted in them, exported to CSV
and converted to .xlsx by ``soffice``, cell by cell.
"""

from __future__ import annotations

import shutil

import pytest

from bench import csv_in_spreadsheet

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_csv_files_open_right_in_libreoffice(tmp_path):
    checks = csv_in_spreadsheet.run_checks(SOFFICE, tmp_path)

    failed = [f"{c.name}: {c.found}" for c in checks if c.met is False]
    assert failed == []
    assert sum(c.met is True for c in checks) == 8


def test_the_bench_says_when_it_cannot_install_libreoffice(monkeypatch, capsys):
    monkeypatch.setattr(csv_in_spreadsheet.shutil, "which", lambda name: None)
    monkeypatch.setattr(csv_in_spreadsheet.os, "geteuid", lambda: 1000)

    assert csv_in_spreadsheet.main([]) == 2

    assert "cannot install LibreOffice (not root)" in capsys.readouterr().err
