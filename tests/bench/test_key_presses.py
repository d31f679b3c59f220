"""bench/key_presses.py: the scripted review counts what a reviewer presses and leaves
every record verified and right."""

from __future__ import annotations

import asyncio

from bench import key_presses as kp
from extract.models import Action
from store import import_document, open_db
from tests.support.paths import SAMPLES


def test_a_correct_record_takes_v_and_a_broken_one_its_fix(tmp_path):
    path = tmp_path / "keys.db"
    truth = kp.build(path, SAMPLES / "ashdown_action_plan_2021.txt", fixes=3)
    broken = [t for t in truth if kp._shown(path, t.id) != t]
    assert len(broken) == 3
    tally = asyncio.run(kp.review(path, truth, (80, 24)))
    assert (tally.correct, tally.fixed) == (len(truth) - 3, 3)
    assert tally.keys_correct == tally.correct  # v alone
    assert tally.by_key["v"] == len(truth) and tally.by_key["ctrl+s"] == 3
    assert tally.keys_fixed > 3 * 5


def test_actions_out_of_sight_are_scrolled_to_and_counted(tmp_path, make_plan):
    plan = make_plan("nine")
    plan.recommendations[0].actions = [
        Action(i, f"Owner {i}", f"March 20{30 + i}", f"20{30 + i}-03-31", text=f"Action {i}.")
        for i in range(1, 10)
    ]
    path = tmp_path / "nine.db"
    db = open_db(path)
    import_document(db, plan, "nine.txt")
    truth = kp._truth(db)
    db.close()
    small = asyncio.run(kp.review(path, truth, (80, 24)))
    assert small.scrolls >= 1  # nine actions do not all show at 80x24
    assert small.per_correct > 1.0


def test_span_seen_counts_the_records_whose_whole_source_span_is_in_view(tmp_path):
    """The Sixacre plan's 5.1 (six paragraphs of actions, owners and targets: about 32
    rows at 120 columns) is taller than the source pane at both sizes; its 5.2 (11
    rows at 80 columns, 9 at 120) fits the 17-row pane at 120x40, not the 9 rows at
    80x24."""
    from tests.tui.test_six_actions import six_actions_db

    seen = {}
    for size in ((80, 24), (120, 40)):
        folder = tmp_path / f"{size[0]}"
        folder.mkdir()
        path = six_actions_db(folder / "six.db", folder)
        db = open_db(path)
        truth = kp._truth(db)
        db.close()
        tally = asyncio.run(kp.review(path, truth, size))
        seen[size] = (tally.span_seen, tally.records)
    assert seen == {(80, 24): (0, 2), (120, 40): (1, 2)}
