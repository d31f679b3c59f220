"""A merge killed half-way (SIGKILL, no chance to clean up) leaves ours exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from store import open_db
from store.review import changes
from tests.support.merge_dbs import all_rows, copy_of, settled
from tests.support.paths import REPO
from tests.support.review_db import import_samples, rows

_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    import store.merge.merger as merger
    from store import open_db
    from store.merge import apply_merge

    real = merger.copy_edits
    def copy_then_die(*args, **kwargs):
        n = real(*args, **kwargs)  # every row written, the transaction not committed
        os.kill(os.getpid(), signal.SIGKILL)
    merger.copy_edits = copy_then_die
    apply_merge(open_db(sys.argv[1]), sys.argv[2], "lead")
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_during_a_merge_leaves_ours_as_it_was(tmp_path):
    base = import_samples(tmp_path / "base.db")
    ours, theirs = copy_of(base, tmp_path / "ours.db"), copy_of(base, tmp_path / "theirs.db")
    db = open_db(theirs)
    try:
        for (rec_id,) in db.execute("SELECT id FROM recommendations ORDER BY id LIMIT 20"):
            changes.set_status(db, "bob", ("recommendation", rec_id), "verified")
    finally:
        db.close()
    settled(ours)
    before_bytes, before_rows = ours.read_bytes(), all_rows(ours)
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, str(ours), str(theirs)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert ours.read_bytes() == before_bytes  # the database file itself was never written
    assert all_rows(ours) == before_rows  # and what a reader sees (the WAL) is unchanged
    assert rows(ours, "SELECT COUNT(*) FROM merges") == [(0,)]
    open_db(ours).close()
    assert all_rows(settled(ours)) == before_rows
