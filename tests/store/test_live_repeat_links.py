"""Which repeat links count is said once (``store.views.LIVE_REPEAT_LINKS``), and every reader
of them agrees: the view ``repeat_chains``, the prison's chains, the establishments' ranking
and the stats' counts (real SQLite files, links written by hand).

The ranking counts a chain's links back along its longest way itself, as the view's
``link_position`` does. The two agree wherever the links make no loop (a loop can only be
made by hand, between plans with no date); round a loop they differ, and the ranking's
count is the one kept (see the last test).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store import open_db
from store.reports.prison_chains import chains_of_documents
from store.reports.ranking import establishment_ranking, repeat_link_counts
from store.views import LIVE_REPEAT_LINKS, REPEAT_CHAINS_V8


def build(path: Path, records: int, links, rejected=()):
    """One establishment's plan holding ``records`` recommendations (ids 1..records) and
    ``links`` (later id, earlier id, confirmed) between them."""
    db = open_db(path)
    with db.conn:
        db.execute(
            "INSERT INTO documents (id, kind, establishment, sha256, text, parser_version, "
            "imported_at) VALUES (1, 'action_plan', 'HMP Testshire', 'x', 't', '1', '2024')"
        )
        for rec in range(1, records + 1):
            db.execute(
                "INSERT INTO recommendations (id, document_id, position, rec_no, review_status) "
                "VALUES (?, 1, ?, ?, ?)",
                [rec, rec, f"1.{rec}", "rejected" if rec in rejected else "unreviewed"],
            )
        for later, earlier, confirmed in links:
            db.execute(
                "INSERT OR IGNORE INTO repeat_links (recommendation_id, "
                "earlier_recommendation_id, score, confirmed, method) VALUES (?, ?, 0.9, ?, ?)",
                [later, earlier, confirmed, None if confirmed else "ref"],
            )
    return db


def view_figures(db) -> tuple[int, int]:
    """(repeated, repeated twice or more) as the view ``repeat_chains`` tells them: its
    latest records (repeating one, repeated by none), and those placed 2 links or more
    from their chain's start."""
    return db.execute(
        "SELECT COUNT(*), COALESCE(SUM(position >= 2), 0) FROM ("
        "  SELECT MAX(link_position) AS position FROM repeat_chains"
        "  WHERE recommendation_id NOT IN (SELECT earlier_recommendation_id FROM repeat_chains)"
        "  GROUP BY recommendation_id)"
    ).fetchone()


def ranked(db) -> tuple[int, int]:
    (row,) = establishment_ranking(db)
    return row.repeated, row.repeated_twice


def test_the_chains_view_is_version_8s_text_unchanged():
    """A shipped migration never changes: the view is built from the shared piece and reads
    exactly as version 8 created it in every database made since."""
    assert LIVE_REPEAT_LINKS in REPEAT_CHAINS_V8.replace("\n    ", "\n")
    assert hashlib.sha256(REPEAT_CHAINS_V8.encode()).hexdigest() == (
        "faceacdeb5b6a78b970bdcb99e99510f24e9176b11b3de571558c24b0a04ca53"
    )


def test_a_rejected_middle_record_drops_both_its_links_everywhere(tmp_path):
    # 4 -> 3 -> 2 -> 1 and 5 -> 2 (a branch), with 3 rejected: 4's chain is broken
    db = build(tmp_path / "t.db", 5, [(4, 3, 1), (3, 2, 0), (2, 1, 0), (5, 2, 1)], {3})
    try:
        live = {(2, 1), (5, 2)}
        assert (
            set(
                db.execute(
                    "SELECT recommendation_id, earlier_recommendation_id FROM repeat_chains"
                ).fetchall()
            )
            == live
        )
        chains = chains_of_documents(db, [1])
        assert [[link.recommendation_id for link in chain] for chain in chains] == [[1, 2, 5]]
        assert repeat_link_counts(db)["confirmed"] == 1
        assert repeat_link_counts(db)["automatic"] == 1
        assert ranked(db) == view_figures(db) == (1, 1)
    finally:
        db.close()


# links between 8 records, each from a higher id to a lower one: no loop
_dag_links = st.lists(
    st.tuples(st.integers(2, 8), st.integers(1, 7), st.integers(0, 1)).filter(
        lambda link: link[0] > link[1]
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(links=_dag_links, rejected=st.sets(st.integers(1, 8), max_size=2))
def test_without_a_loop_the_ranking_counts_chains_as_the_view_places_them(links, rejected):
    with tempfile.TemporaryDirectory() as folder:
        db = build(Path(folder) / "t.db", 8, links, rejected)
        try:
            if not db.execute("SELECT 1 FROM repeat_chains").fetchone():
                assert establishment_ranking(db)[0].repeated == 0
            else:
                assert ranked(db) == view_figures(db)
        finally:
            db.close()


def test_round_a_loop_the_ranking_counts_the_longest_way_and_the_view_finds_no_start(tmp_path):
    # 3 repeats 2, and 2 and 1 repeat each other (linked by hand between undated plans):
    # the ranking counts 3 -> 2 -> 1 as two links back; the view, finding no first
    # recommendation, places none of them (link_position NULL)
    db = build(tmp_path / "t.db", 3, [(3, 2, 1), (2, 1, 1), (1, 2, 1)])
    try:
        assert ranked(db) == (1, 1)
        assert view_figures(db) == (1, 0)
        assert db.execute(
            "SELECT COUNT(*) FROM repeat_chains WHERE link_position IS NULL"
        ).fetchone() == (3,)
    finally:
        db.close()
