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
