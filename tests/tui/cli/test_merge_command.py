"""``hmip-review merge`` and ``export --establishment``: split the work, review, merge it back."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from store import open_db
from store.review import changes
from tests.support.cli_runner import run
from tests.support.merge_dbs import all_rows, copy_of, settled
from tests.support.review_db import import_samples, rows
from tui.cli import main


@pytest.fixture
def team(tmp_path):
    base = import_samples(tmp_path / "team.db")
    return base, tmp_path


def review(path, who, work):
    db = open_db(path)
    try:
        work(db)
    finally:
        db.close()


def first_rec(path, establishment_like):
    return rows(
        path,
        "SELECT r.id FROM recommendations r JOIN documents d ON d.id = r.document_id "
        "WHERE d.establishment LIKE ? ORDER BY r.id LIMIT 1",
        [establishment_like],
    )[0][0]


def test_split_by_establishment_review_each_merge_both_back(team):
    main_db, folder = team
    ashdown, fenwick = folder / "ashdown.sqlite", folder / "fenwick.sqlite"
    done = run("export", ashdown, "--db", main_db, "--establishment", "ashdown")
    assert done.exit_code == 0, done.output
    done = run("export", fenwick, "--db", main_db, "--establishment", "HMP Fenwick")
    assert done.exit_code == 0, done.output
    assert {e for (e,) in rows(ashdown, "SELECT establishment FROM documents")} == {"HMP Ashdown"}
    assert {e for (e,) in rows(fenwick, "SELECT establishment FROM documents")} == {"HMP Fenwick"}
    a_rec, f_rec = first_rec(ashdown, "%Ashdown%"), first_rec(fenwick, "%Fenwick%")
    review(ashdown, "alice", lambda db: changes.set_status(db, "alice", ("recommendation", a_rec),
                                                            "verified"))  # fmt: skip
    review(fenwick, "bob", lambda db: changes.update_recommendation(db, "bob", f_rec,
                                                                     agreement="Not Agreed"))  # fmt: skip
    review(fenwick, "bob", lambda db: changes.set_status(db, "bob", ("recommendation", f_rec),
                                                          "flagged", "check the date"))  # fmt: skip
    for part in (ashdown, fenwick):
        done = run("merge", part, "--db", main_db, "--reviewer", "lead")
        assert done.exit_code == 0, done.output
    assert rows(main_db, "SELECT review_status FROM recommendations WHERE id = ?", [a_rec]) == [
        ("verified",)
    ]
    assert rows(main_db, "SELECT agreement, review_status, note FROM recommendations "
                "WHERE id = ?", [f_rec]) == [("Not Agreed", "flagged", "check the date")]  # fmt: skip
    who = {r for (r,) in rows(main_db, "SELECT reviewer FROM edits WHERE merged_from IS NOT NULL")}
    assert {"alice", "bob"} <= who
    assert rows(main_db, "SELECT source_name, reviewer FROM merges ORDER BY id") == [
        ("ashdown.sqlite", "lead"),
        ("fenwick.sqlite", "lead"),
    ]
    # and merging either again changes nothing
    before = all_rows(settled(main_db))
    again = run("merge", fenwick, "--db", main_db)
    assert again.exit_code == 0 and "nothing new" in again.output
    assert all_rows(settled(main_db)) == before


def test_dry_run_prints_the_table_and_writes_nothing(team):
    main_db, folder = team
    theirs = copy_of(main_db, folder / "theirs.db")
    rec = first_rec(theirs, "%Ashdown%")
    review(theirs, "bob", lambda db: changes.set_status(db, "bob", ("recommendation", rec),
                                                         "rejected"))  # fmt: skip
    settled(main_db)
    before_bytes, before = main_db.read_bytes(), all_rows(main_db)
    result = CliRunner(env={"COLUMNS": "80", "HMIP_REVIEW_DB": None}).invoke(
        main, ["merge", str(theirs), "--db", str(main_db), "--dry-run"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "Would change (dry run)" in result.output and "Ashdown 2021" in result.output
    assert "nothing written" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    assert main_db.read_bytes() == before_bytes and all_rows(main_db) == before


def test_refusals_are_one_line_and_exit_1(team, tmp_path):
    main_db, _ = team
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"PK\x03\x04 a zip file, not a database")
    done = run("merge", junk, "--db", main_db)
    assert done.exit_code == 1
    assert done.output.strip().splitlines() == [
        f"error: {junk}: not a hmip-review database (not a SQLite file)"
    ]
    done = run("export", tmp_path / "x.sqlite", "--db", main_db, "--establishment", "nowhere")
    assert done.exit_code == 1 and "no establishment called 'nowhere'" in done.output
    assert not (tmp_path / "x.sqlite").exists()
    done = run("export", tmp_path / "y.sqlite", "--db", main_db, "--documents", 999)
    assert done.exit_code == 1 and "no document 999" in done.output


def test_a_split_file_holds_its_documents_whole_and_nothing_else(team):
    main_db, folder = team
    rec = first_rec(main_db, "%Ashdown%")
    review(main_db, "lead", lambda db: changes.set_status(db, "lead", ("recommendation", rec),
                                                           "verified"))  # fmt: skip
    fenwick_rec = first_rec(main_db, "%Fenwick%")
    review(main_db, "lead", lambda db: changes.set_status(db, "lead", ("recommendation",
                                                                      fenwick_rec), "verified"))  # fmt: skip
    part = folder / "part.sqlite"
    doc = rows(main_db, "SELECT document_id FROM recommendations WHERE id = ?", [rec])[0][0]
    assert run("export", part, "--db", main_db, "--documents", doc).exit_code == 0
    assert rows(part, "SELECT id FROM documents") == [(doc,)]
    n = "SELECT COUNT(*) FROM recommendations WHERE document_id = ?"
    assert rows(part, n, [doc]) == rows(main_db, n, [doc])
    assert {r for (r,) in rows(part, "SELECT row_id FROM edits WHERE table_name = "
                               "'recommendations'")} == {rec}  # fmt: skip
    assert rows(part, "SELECT COUNT(*) FROM judgement_links l LEFT JOIN recommendations r "
                "ON r.id = l.recommendation_id WHERE r.id IS NULL") == [(0,)]  # fmt: skip


def test_a_document_only_they_have_is_listed_as_new(team, make_plan):
    from store import import_document

    main_db, folder = team
    theirs = copy_of(main_db, folder / "theirs.db")
    review(theirs, "bob", lambda db: import_document(db, make_plan("n", "HMP Newfield"), "n.txt"))
    done = run("merge", theirs, "--db", main_db)
    assert done.exit_code == 0, done.output
    assert "Newfield 2021 (new)" in done.output
    assert "1 new document" in done.output
    assert rows(main_db, "SELECT COUNT(*) FROM documents WHERE establishment = 'HMP Newfield'") == [
        (1,)
    ]
