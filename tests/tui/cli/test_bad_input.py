"""Bad input: one clear line naming the file and the reason, exit 1, the database as it was,
and the other files of the same import still imported (issue 6)."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time

import pytest

from extract.formats.read import MAX_BYTES
from tests.support.cli_runner import run
from tests.support.paths import REPO
from tests.support.reliability import dump

PLAN = "000_752b575627fd0e86.txt"  # HMP Belmarsh, 29 recommendations
OTHER = "003_c9bc2a767525f00c.txt"  # HMP Send


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def establishments(db_path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT establishment FROM documents ORDER BY id")]
    finally:
        conn.close()


def plan_text(corpus_dir) -> str:
    return (corpus_dir / PLAN).read_text(encoding="utf-8")


# Each bad input: (file name, how to make its bytes from the corpus plan, the reason expected)
BAD = {
    "empty": ("empty.txt", lambda t: b"", "empty file"),
    "whitespace": ("blank.txt", lambda t: b" \n\t\r\n", "empty file (only whitespace)"),
    "binary": (
        "image.txt",
        lambda t: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "binary file",
    ),
    "pdf": ("plan.txt", lambda t: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "corrupt PDF"),
    "docx": ("plan.docx", lambda t: b"PK\x03\x04" + b"\x00" * 40, "corrupt .docx"),
    "wrong kind": (
        "minutes.txt",
        lambda t: b"Minutes of the residents' meeting\n\nThe garden and the library.\n",
        "not an action plan or IRP report",
    ),
    "web page": (
        "saved-page.txt",
        lambda t: f"<!DOCTYPE html>\n<html><body><pre>{t}</pre></body></html>\n".encode(),
        "a web page (HTML), not a document hmip-review reads",
    ),
    "truncated in a row": (
        "cut-in-row.txt",
        lambda t: t[: int(len(t) * 0.5)].encode(),
        "truncated: the text ends inside row 7.7",
    ),
    "truncated in a character": (
        "cut-in-char.txt",
        lambda t: t.encode()[: t.encode().rindex("\u2013".encode()) + 1],
        "truncated: the file ends part-way through a UTF-8 character",
    ),
    "mixed encodings": (
        "mixed.txt",
        lambda t: t.encode() + "\nCaf\u00e9 note\n".encode("latin-1"),
        "mixed encodings: the text is UTF-8 but byte 0xE9",
    ),
    "undecodable": (
        "undecodable.txt",
        lambda t: t.encode("cp1252", errors="replace").replace(b"Action", b"\x81ction", 1),
        "not UTF-8 or Windows-1252 text (byte 0x81 on line",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_each_bad_input_is_one_line_exit_1_and_the_good_files_still_import(
    tmp_path, corpus_dir, db_path, case
):
    name, make, reason = BAD[case]
    bad = tmp_path / name
    bad.write_bytes(make(plan_text(corpus_dir)))
    run("import", corpus_dir / OTHER, "--db", db_path)
    before = dump(db_path)

    result = run("import", bad, corpus_dir / PLAN, "--db", db_path)

    assert result.exit_code == 1
    assert len(errors(result)) == 1
    line = errors(result)[0]
    assert line.startswith(f"error: {bad}: "), line
    assert reason in line, line
    assert establishments(db_path) == ["HMP Send", "HMP Belmarsh"]  # the good file went in
    after = dump(db_path)
    assert [x for x in before if x not in after] == []  # nothing that was there changed
    assert "1 imported, 1 failed" in result.stderr


def test_a_plan_cut_off_before_its_table_is_kept_without_records_not_refused(
    tmp_path, corpus_dir, db_path
):
    # An action plan by its head whose table is not there cannot be told from one
    # whose table is unreadable: it is kept for a reviewer, and the import says so.
    # (Cut off inside a row of its table, it is refused: "truncated in a row" above.)
    cut = tmp_path / "cut-early.txt"
    text = plan_text(corpus_dir)
    cut.write_text(text[: len(text) // 10])

    result = run("import", cut, "--db", db_path)

    assert result.exit_code == 0
    assert errors(result) == []
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {cut}: stored with no records (no action-plan table found: expected a "
        "header row with 'Rec No', 'Recommendation' or 'Concerns', 'Responsible Owner' and "
        "'Target Date'): open it in the review app and mark them by hand (n on a selection)"
    ]
    assert establishments(db_path) == ["HMP Belmarsh"]


def test_bad_input_alone_leaves_the_database_byte_for_byte_as_it_was(tmp_path, corpus_dir, db_path):
    run("import", corpus_dir / OTHER, "--db", db_path)
    files = []
    for case, (name, make, _) in BAD.items():
        path = tmp_path / case.replace(" ", "-") / name
        path.parent.mkdir()
        path.write_bytes(make(plan_text(corpus_dir)))
        files.append(path)
    before = dump(db_path)

    result = run("import", *files, tmp_path / "no-such-file.txt", tmp_path, "--db", db_path)

    assert result.exit_code == 1
    assert len(errors(result)) == 2 * len(BAD) + 1  # the folder holds the same bad files again
    assert dump(db_path) == before


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path, db_path, corpus_dir):
    huge = tmp_path / "huge.txt"
    text = plan_text(corpus_dir).encode()
    with huge.open("wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(text)
    run("import", corpus_dir / OTHER, "--db", db_path)
    before = dump(db_path)

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "import", huge, corpus_dir / PLAN, "--db", db_path],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    took = time.perf_counter() - started

    assert done.returncode == 1
    lines = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert lines == [
        f"error: {huge}: too large (50.0 MB): hmip-review reads documents of up to "
        f"{MAX_BYTES // 1024 // 1024} MB"
    ]
    assert took < 10
    assert establishments(db_path) == ["HMP Send", "HMP Belmarsh"]
    assert [x for x in before if x not in dump(db_path)] == []


def test_a_document_just_under_the_limit_imports_in_reasonable_time_and_memory(
    tmp_path, db_path, corpus_dir
):
    """A plan of about 3 MB (4,500 rows; real ones are under 0.2 MB) imports within seconds."""
    text = plan_text(corpus_dir)
    head, rest = text.split("ACTION", 1)
    rows = [line for line in rest.splitlines() if re.match(r"^\d+\.\d+\t", line)]
    body = [
        re.sub(r"^\d+\.\d+", f"{i // 50 + 1}.{i % 50 + 1}", rows[i % len(rows)])
        for i in range(4500)
    ]
    big = tmp_path / "big.txt"
    big.write_text(
        head
        + "ACTION PLAN\nNo.\tRecommendation\tAgreed/Partly/Not\tResponse\tOwner\tTarget\n"
        + "\n".join(body)
        + "\n"
    )
    assert 2_000_000 < big.stat().st_size < MAX_BYTES

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_IMPORT, str(big), str(db_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    took = time.perf_counter() - started

    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.split()[-1]) / 1024
    assert took < 30
    assert peak_mb < 500
    import sqlite3

    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM recommendations").fetchone() == (
        4500,
    )


_MEASURED_IMPORT = """
import resource, sys
from tui.cli import main
try:
    main(["import", sys.argv[1], "--db", sys.argv[2]], standalone_mode=False)
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_windows_1252_and_latin_1_plans_import_with_the_right_characters(
    tmp_path, corpus_dir, db_path
):
    text = plan_text(corpus_dir)
    assert "\u2013" in text  # an en dash: Windows-1252 has it, Latin-1 does not
    windows = tmp_path / "windows.txt"
    windows.write_bytes(text.replace("HMP Belmarsh", "HMP Belmarsh caf\u00e9").encode("cp1252"))
    latin = tmp_path / "latin.txt"
    latin_text = text.replace("\u2013", "-").replace("\u2019", "'").replace("\u201c", '"')
    latin_text = latin_text.replace("\u201d", '"').replace("HMP Belmarsh", "HMP Bélmarsh")
    latin.write_bytes(latin_text.encode("latin-1"))

    result = run("import", windows, latin, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    assert establishments(db_path) == ["HMP Belmarsh café", "HMP Bélmarsh"]
    import sqlite3

    conn = sqlite3.connect(db_path)
    stored = conn.execute("SELECT text FROM documents ORDER BY id").fetchone()[0]
    assert "26–27 July" in stored  # the en dash came through from Windows-1252
    counts = conn.execute(
        "SELECT COUNT(*) FROM recommendations GROUP BY document_id ORDER BY document_id"
    ).fetchall()
    assert counts == [(29,), (29,)]


@pytest.mark.parametrize("special", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_without_reading_it(tmp_path, db_path, special):
    if special == "fifo":
        path = tmp_path / "plan.txt"
        os.mkfifo(path)
    else:
        path = "/dev/zero"
    result = run("import", path, "--db", db_path)
    assert result.exit_code == 1
    assert errors(result) == [f"error: {path}: not a regular file (a device, pipe or socket)"]


def test_a_database_in_a_missing_folder_is_one_line(tmp_path, corpus_dir):
    db = tmp_path / "missing" / "x.db"
    result = run("import", corpus_dir / PLAN, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {db}: folder {db.parent} does not exist"


def test_peak_memory_stays_low_when_refusing_a_huge_file(tmp_path):
    """The size is checked before reading: refusing 50 MB costs no more than refusing 1 byte."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: instant to make
    from extract import ParseError
    from extract.formats.read import read_document

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ParseError, match="too large"):
        read_document(huge)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 10 * 1024
