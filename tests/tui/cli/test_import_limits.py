"""`hmip-review import --timeout`: a file that will not finish is stopped, not waited on.

The file is a generated PDF that is slow to read: one page holding 60,000 tiny
line segments (a reader looks at every one for the table's ruling lines). It
is reported on one line with the reason, and the other files are imported.
"""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest

import store.ingest.parse_pool
from tests.support.cli_runner import run
from tests.support.paths import SAMPLES


def slow_pdf(segments: int = 60_000) -> bytes:
    """A one-page PDF of ``segments`` tiny line segments and a line of text."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 5, "Action Plan: HMP Slowmoor")
    pdf.set_line_width(0.05)
    for i in range(segments):
        x, y = 10 + (i % 300) * 0.6, 20 + (i // 300) * 1.2
        pdf.line(x, y, x + 0.3, y + 0.2)
    return bytes(pdf.output())


def test_a_pdf_slow_to_read_is_stopped_at_the_timeout_and_the_rest_imported(tmp_path, db_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / "ashdown_action_plan_2021.txt", folder / "a_ashdown.txt")
    slow = folder / "b_slow.pdf"
    slow.write_bytes(slow_pdf())
    shutil.copy(SAMPLES / "fenwick_action_plan_2019.txt", folder / "c_fenwick.txt")

    started = time.monotonic()
    result = run("import", folder, "--db", db_path, "--timeout", "1")
    took = time.monotonic() - started

    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    if errors and "stopped" not in errors[0]:
        pytest.skip(f"the PDF reader read the file within 1 s ({errors[0]}): make it slower")
    assert errors == [f"error: {slow}: took longer than 1 s to read: stopped"]
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"2 imported, 1 failed → {db_path}"
    conn = sqlite3.connect(db_path)
    try:
        names = [r[0] for r in conn.execute("SELECT source_name FROM documents ORDER BY id")]
    finally:
        conn.close()
    assert names == ["a_ashdown.txt", "c_fenwick.txt"]
    assert took < 15  # the stop, a new worker for the file after it, and the imports


def _limits_used(monkeypatch, *args: str):
    """The limits ``hmip-review import ARGS`` parses its files within."""
    used = []
    real = store.ingest.parse_pool._Supervised
    monkeypatch.setattr(
        store.ingest.parse_pool, "_Supervised", lambda *a: used.append(a[3]) or real(*a)
    )
    result = run("import", *args)
    assert result.exit_code == 0, result.stderr
    return used


def test_the_timeout_is_60_s_unless_given_and_0_means_none(monkeypatch, tmp_path):
    from store.ingest.parse_pool import DEFAULT_MEMORY, Limits

    sample = SAMPLES / "ashdown_action_plan_2021.txt"
    assert _limits_used(monkeypatch, sample, "--db", tmp_path / "a.db") == [
        Limits(seconds=60, memory=DEFAULT_MEMORY)
    ]
    assert _limits_used(monkeypatch, sample, "--db", tmp_path / "b.db", "--timeout", "0") == [
        Limits(seconds=None, memory=DEFAULT_MEMORY)
    ]
    assert _limits_used(monkeypatch, sample, "--db", tmp_path / "c.db", "--timeout", "2.5") == [
        Limits(seconds=2.5, memory=DEFAULT_MEMORY)
    ]


def test_a_negative_timeout_is_refused_before_anything_is_read(tmp_path, db_path):
    result = run(
        "import", SAMPLES / "ashdown_action_plan_2021.txt", "--db", db_path, "--timeout", "-1"
    )
    assert result.exit_code == 2
    assert "--timeout" in result.stderr
    assert not db_path.exists()


def test_help_says_what_the_limits_are():
    result = run("import", "--help")
    text = " ".join(result.stdout.split())
    assert "--timeout SECONDS" in text
    assert "default: 60.0" in text
    assert "2 GiB of memory" in text
