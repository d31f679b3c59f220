"""The hmip-review command line, end to end on real temporary databases."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.cli_runner import run
from tests.support.paths import REPO
from tui.cli import main
from tui.cli.collaborators import Collaborators, samples_dir
from tui.cli.group import COMMANDS
from tui.cli.import_command import collect

PLANS = (  # the corpus action plans (001 is an IRP report)
    "000_752b575627fd0e86.txt",
    "002_0fdf0d265b061afe.txt",
    "003_c9bc2a767525f00c.txt",
    "004_4ab5264efd964624.txt",
)


def snapshot(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def documents(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT source_name, establishment FROM documents ORDER BY source_name"
        ).fetchall()
    finally:
        conn.close()


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


@pytest.fixture
def plans(tmp_path, corpus_dir) -> Path:
    """A folder holding the four corpus action plans."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in PLANS:
        shutil.copy(corpus_dir / name, folder / name)
    return folder


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "not a plan": folder / "minutes.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["not a plan"].write_text(
        "Minutes of the residents' meeting\n\nWe discussed the garden and the library.\n"
    )
    return files


def test_import_a_folder_imports_every_document_in_it(tmp_path, corpus_dir, db_path):
    result = run("import", corpus_dir, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    assert error_lines(result) == []
    assert [est for _, est in documents(db_path)] == [
        "HMP Belmarsh",
        "HMP Belmarsh",
        "HMP Elmley",
        "HMP Send",
        "HMP Chelmsford",
    ]
    for name in ("file", "status", "kind", "establishment", "records", "actions", "warnings"):
        assert name in result.stdout
    assert result.stdout.count("imported") == 5
    assert "5 imported" in result.stderr


def test_importing_the_same_folder_again_changes_nothing(plans, db_path):
    first = run("import", plans, "--db", db_path)
    assert first.exit_code == 0, first.stderr
    before = snapshot(db_path)

    again = run("import", plans, "--db", db_path)

    assert again.exit_code == 0, again.stderr
    assert again.stdout.count("unchanged") == len(PLANS)
    assert "imported" not in again.stdout
    assert snapshot(db_path) == before


def test_reparse_parses_again_in_place_and_keeps_the_review(plans, db_path):
    run("import", plans, "--db", db_path)
    result = run("import", plans, "--db", db_path, "--reparse")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("reparsed: no changes") == len(PLANS)

    conn = sqlite3.connect(db_path)
    first = conn.execute("SELECT MIN(id) FROM recommendations").fetchone()[0]
    conn.execute("UPDATE recommendations SET review_status = 'verified' WHERE id = ?", [first])
    conn.commit()
    conn.close()
    before = snapshot(db_path)
    result = run("import", plans / PLANS[0], "--db", db_path, "--reparse")
    assert "reparsed: no changes" in result.stdout
    # the same parse of the same text: only the document's import time moves
    changed = [line for line in snapshot(db_path) if line not in before]
    assert all(line.startswith('INSERT INTO "documents"') for line in changed), changed


def test_each_bad_file_is_one_line_and_the_good_files_still_import(plans, bad_files, db_path):
    good = plans / PLANS[0]
    result = run(
        "import",
        bad_files["empty"],
        good,
        bad_files["binary"],
        bad_files["not a plan"],
        "--db",
        db_path,
    )

    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 3
    for (reason, path), line in zip(bad_files.items(), lines, strict=True):
        assert line.startswith(f"error: {path}: "), line
        assert reason.split()[-1] in line.lower()
    assert [est for _, est in documents(db_path)] == ["HMP Belmarsh"]
    assert "HMP Belmarsh" in result.stdout
    for path in bad_files.values():
        assert path.name not in result.stdout
    assert "1 imported, 3 failed" in result.stderr


def test_bad_input_leaves_the_database_as_it_was(plans, bad_files, db_path):
    run("import", plans, "--db", db_path)
    before = snapshot(db_path)

    result = run("import", bad_files["empty"].parent, "--db", db_path)

    assert result.exit_code == 1
    assert len(error_lines(result)) == 3
    assert snapshot(db_path) == before


def test_bad_input_alone_creates_no_database(bad_files, db_path):
    result = run("import", *bad_files.values(), "--db", db_path)
    assert result.exit_code == 1
    assert len(error_lines(result)) == 3
    assert not db_path.exists()


def test_a_path_that_does_not_exist_is_reported_and_the_rest_import(plans, tmp_path, db_path):
    missing = tmp_path / "no-such-plan.txt"
    result = run("import", missing, plans / PLANS[2], "--db", db_path)

    assert result.exit_code == 1
    assert error_lines(result) == [f"error: {missing}: no such file or folder"]
    assert [est for _, est in documents(db_path)] == ["HMP Send"]


def test_a_broken_pdf_is_refused_on_one_line(
    plans, db_path
):  # more in tests/extract/formats/test_pdf.py
    (plans / "plan.pdf").write_bytes(b"%PDF-1.7\n")
    result = run("import", plans / "plan.pdf", "--db", db_path)
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith(f"error: {plans / 'plan.pdf'}: corrupt PDF")


def test_a_broken_docx_is_refused_on_one_line(
    plans, db_path
):  # more in tests/extract/formats/test_word.py
    (plans / "plan.docx").write_bytes(b"PK\x03\x04")
    result = run("import", plans / "plan.docx", "--db", db_path)
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith(f"error: {plans / 'plan.docx'}: corrupt .docx")


def test_a_database_file_that_is_not_sqlite_is_refused_and_left_alone(plans, tmp_path):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("my notes\n")

    result = run("import", plans, "--db", not_db)

    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {not_db}: not a SQLite database"
    assert not_db.read_text() == "my notes\n"


def test_a_database_in_a_missing_folder_is_one_line_and_exit_1(plans, tmp_path):
    result = run("import", plans, "--db", tmp_path / "nowhere" / "x.db")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "does not exist" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_a_read_only_database_is_one_line_and_exit_1(plans, db_path):
    run("import", plans / PLANS[0], "--db", db_path)
    db_path.chmod(0o444)
    result = run("import", plans / PLANS[1], "--db", db_path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {db_path}: the database file is read-only"


def test_the_database_comes_from_the_environment_when_no_db_is_given(plans, tmp_path):
    db_path = tmp_path / "from-env.db"
    runner = CliRunner(env={"COLUMNS": "200", "HMIP_REVIEW_DB": str(db_path)})
    result = runner.invoke(main, ["import", str(plans / PLANS[3])])
    assert result.exit_code == 0, result.stderr
    assert [est for _, est in documents(db_path)] == ["HMP Chelmsford"]


def test_stats_shows_counts_by_establishment_status_agreement_and_judgement(plans, db_path):
    run("import", plans, "--db", db_path)

    result = run("stats", "--db", db_path)

    assert result.exit_code == 0, result.stderr
    for heading in ("By establishment", "By review status", "By agreement", "By judgement"):
        assert heading in result.stdout
    for establishment in ("HMP Belmarsh", "HMP Elmley", "HMP Send", "HMP Chelmsford"):
        assert establishment in result.stdout
    assert "4 documents" in result.stdout
    assert "unreviewed" in result.stdout and "Partly Agreed" in result.stdout
    assert "Review progress by document" in result.stdout
    assert re.search(r"Belmarsh 2021 +plan +\d+ +0 +0 +0 +0 +0\b", result.stdout)


def test_stats_on_a_missing_database_is_an_error_and_creates_nothing(db_path):
    result = run("stats", "--db", db_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {db_path}: no such database")
    assert not db_path.exists()


def test_folders_are_searched_recursively_for_documents_in_sorted_order(tmp_path):
    for name in (
        "c10.txt",
        "c9.txt",
        "B/d.TXT",
        "a/e.pdf",
        "notes.md",
        ".hidden/x.txt",
        "f.docx",
        "g.odt",
        "h.ods",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [p.relative_to(tmp_path).as_posix() for p in collect([tmp_path])]
    assert names == ["a/e.pdf", "B/d.TXT", "c9.txt", "c10.txt", "f.docx", "g.odt"]


def test_the_bundled_samples_are_the_repos_samples_folder():
    assert samples_dir() == REPO / "samples"


def test_the_bundled_samples_import_cleanly(db_path):
    samples = samples_dir()
    if not any(samples.glob("*.txt")):
        pytest.skip(f"no samples in {samples}")
    result = run("import", samples, "--db", db_path)
    assert result.exit_code == 0, result.stderr
    assert error_lines(result) == []


def test_no_command_imports_the_samples_on_first_run_then_opens_the_app(
    plans, tmp_path, monkeypatch
):
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(plans / PLANS[0], samples / PLANS[0])
    opened = []
    app = Collaborators(open_app=lambda db, reviewer: opened.append(db), samples=samples)
    monkeypatch.chdir(tmp_path)

    first = run(app=app)

    assert first.exit_code == 0, first.stderr
    assert "importing the bundled samples" in first.stderr
    assert opened == [Path("hmip-review.db")]
    assert [est for _, est in documents(tmp_path / "hmip-review.db")] == ["HMP Belmarsh"]

    second = run(app=app)

    assert second.exit_code == 0, second.stderr
    assert "samples" not in second.stderr
    assert opened == [Path("hmip-review.db")] * 2


def test_review_opens_the_app_on_an_existing_database_only(plans, db_path):
    opened = []
    app = Collaborators(open_app=lambda db, reviewer: opened.append((db, reviewer)))

    missing = run("review", "--db", db_path, app=app)
    assert missing.exit_code == 1
    assert "no such database" in missing.stderr
    assert opened == []

    run("import", plans / PLANS[0], "--db", db_path)
    result = run("review", "--db", db_path, "--reviewer", "ann", app=app)
    assert result.exit_code == 0, result.stderr
    assert opened == [(db_path, "ann")]


def test_the_command_line_does_not_import_textual():
    code = "import sys, tui.cli; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_help_lists_every_command_each_loaded_from_its_own_module():
    result = run("--help")
    assert result.exit_code == 0
    for name, target in COMMANDS.items():
        assert f"  {name} " in result.output
        module, attribute = target.split(":")
        assert main.get_command(None, name) is getattr(sys.modules[module], attribute)
