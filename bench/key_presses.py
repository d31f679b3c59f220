"""Key presses per record: a scripted review of a sample plan at 80x24 and 120x40.

Run from the repo root::

    python bench/key_presses.py                 # the Ashdown 2021 sample, 3 records to fix
    python bench/key_presses.py --sample samples/fenwick_action_plan_2019.txt --fixes 4
    python bench/key_presses.py --json          # ... ending with the summary line

The sample is imported into a fresh database for each size and ``--fixes``
records are then given a parse error (the agreement, or the first action's
target, changed; spread over the document); what was imported before is the
truth. The review app is driven with the Pilot, pressing real keys, as a
reviewer who reads the screen would:

* a record whose actions are not all in sight in the detail pane is scrolled
  (``pgdn``, counted) until they are: a reviewer checks every action;
* a correct record takes ``v``;
* a wrong agreement takes ``e``, ``enter``, the arrows to the right value,
  ``enter``, ``ctrl+s``, then ``v``; a wrong target takes ``e``, ``ctrl+t``,
  ``ctrl+u``, the target typed (a key per character), ``ctrl+s``, then ``v``.

At the end every record must be verified and hold the truth, or the run fails.
Printed per size: keys per correct record beside the issue's target (at most
1.2 at 120x40, at most 2 at 80x24) and the floor (1 key per record: ``v``
alone), and the keys the fixes took. Not counted as keys but said beside them:
for how many records the whole source span was in sight in the source pane
when the record was shown (a reviewer who reads all of a longer one scrolls
that pane: ``tab``, ``pgdn``, ``shift+tab``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TEXTUAL_ANIMATION", "none")

from extract import parse_document  # noqa: E402
from extract.formats.read import read_document  # noqa: E402
from store import import_document, open_db  # noqa: E402
from store.domain import AGREEMENTS  # noqa: E402
from tui.app import ReviewApp  # noqa: E402
from tui.widgets.detail_pane import DetailPane  # noqa: E402
from tui.widgets.source_pane import SourcePane  # noqa: E402

SAMPLE = ROOT / "samples" / "ashdown_action_plan_2021.txt"
SIZES = {"120x40": ((120, 40), 1.2), "80x24": ((80, 24), 2.0)}
FLOOR = 1.0  # v alone
WRONG_TARGET = "December 2031"


@dataclass
class Truth:
    """A record as imported: what the reviewer must leave in the database."""

    id: int
    rec_no: str | None
    agreement: str | None
    targets: list[str | None]


@dataclass
class Tally:
    """Keys pressed on one size's run."""

    correct: int = 0
    fixed: int = 0
    keys_correct: int = 0
    keys_fixed: int = 0
    scrolls: int = 0
    span_seen: int = 0  # records whose whole source span was in sight when shown
    records: int = 0
    by_key: Counter = field(default_factory=Counter)

    @property
    def per_correct(self) -> float:
        return self.keys_correct / self.correct if self.correct else 0.0


def _truth(db) -> list[Truth]:
    found = []
    for rid, rec_no, agreement in db.execute(
        "SELECT id, rec_no, agreement FROM recommendations ORDER BY position"
    ).fetchall():
        targets = [
            t[0]
            for t in db.execute(
                "SELECT target FROM actions WHERE recommendation_id = ? ORDER BY position", [rid]
            ).fetchall()
        ]
        found.append(Truth(rid, rec_no, agreement, targets))
    return found


def build(path: Path, sample: Path, fixes: int) -> list[Truth]:
    """Import the sample, then break ``fixes`` records; the truth as imported."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path)
    try:
        import_document(db, parse_document(read_document(sample)), sample.name)
        truth = _truth(db)
        step = max(1, len(truth) // (fixes + 1))
        for n, record in enumerate(truth[step::step][:fixes]):
            if n % 2 == 0 or not record.targets:
                wrong = next(a for a in AGREEMENTS if a != record.agreement)
                db.execute("UPDATE recommendations SET agreement = ? WHERE id = ?",
                           [wrong, record.id])  # fmt: skip
            else:
                db.execute(
                    "UPDATE actions SET target = ? WHERE recommendation_id = ? AND position = "
                    "(SELECT MIN(position) FROM actions WHERE recommendation_id = ?)",
                    [WRONG_TARGET, record.id, record.id],
                )
        db.conn.commit()
    finally:
        db.close()
    return truth


def _shown(path: Path, record_id: int) -> Truth:
    db = open_db(path, create=False)
    try:
        return next(t for t in _truth(db) if t.id == record_id)
    finally:
        db.close()


def _actions_in_sight(app, count: int) -> bool:
    """Every action line of the detail pane ('Actions (n)' and the n lines under it) in view."""
    if not count:
        return True
    pane = app.screen.query_one(DetailPane)
    lines = [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]
    heads = [i for i, line in enumerate(lines) if line.strip().startswith("Actions (")]
    return bool(heads) and heads[0] + count < len(lines)


def _span_in_sight(app) -> bool:
    """The whole of the record's source span in view in the source pane (wrapped rows)."""
    pane = app.screen.query_one(SourcePane)
    if pane.span is None:
        return True
    area = pane.text_area
    start, end = pane.span
    first = area.wrapped_document.location_to_offset(pane.location(start)).y
    last = area.wrapped_document.location_to_offset(pane.location(end, end=True)).y
    top = round(area.scroll_offset.y)
    return top <= first and last < top + area.scrollable_content_region.height


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def _fix_keys(shown: Truth, truth: Truth) -> list[str]:
    keys: list[str] = []
    if shown.agreement != truth.agreement:
        options = [None, *AGREEMENTS]  # the select's blank first
        move = options.index(truth.agreement) - options.index(shown.agreement)
        keys += ["e", "enter", *(["down"] * move if move > 0 else ["up"] * -move), "enter"]
        keys.append("ctrl+s")
    if shown.targets and shown.targets[0] != truth.targets[0]:
        keys += ["e", "ctrl+t", "ctrl+u", *(truth.targets[0] or ""), "ctrl+s"]
    return keys


async def review(path: Path, truth: list[Truth], size: tuple[int, int]) -> Tally:
    tally = Tally()
    by_id = {t.id: t for t in truth}
    app = ReviewApp(db=path, reviewer="bench")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        for _ in range(len(truth)):
            row = app.screen.current
            record = by_id[row.id]
            keys = 0
            tally.records += 1
            tally.span_seen += _span_in_sight(app)
            for _ in range(8):
                if _actions_in_sight(app, len(record.targets)):
                    break
                await pilot.press("pagedown")
                await _settle(app, pilot)
                keys += 1
                tally.scrolls += 1
                tally.by_key["pagedown"] += 1
            fix = _fix_keys(_shown(path, row.id), record)
            for key in [*fix, "v"]:
                await pilot.press(key)
                if key in ("e", "ctrl+s", "enter"):
                    await _settle(app, pilot)
                tally.by_key[key if len(key) > 1 or key in "evu" else "typed"] += 1
            await _settle(app, pilot)
            keys += len(fix) + 1
            if fix:
                tally.fixed += 1
                tally.keys_fixed += keys
            else:
                tally.correct += 1
                tally.keys_correct += keys
    db = open_db(path, create=False)
    try:
        left = _truth(db)
        statuses = {r[0] for r in db.execute("SELECT review_status FROM recommendations")}
    finally:
        db.close()
    wrong = [t.rec_no for t, now in zip(truth, left, strict=True) if t != now]
    if wrong or statuses != {"verified"}:
        raise SystemExit(f"the scripted review left records wrong: {wrong}, statuses {statuses}")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="an action plan to review")
    parser.add_argument("--fixes", type=int, default=3, help="records given a parse error")
    parser.add_argument("--json", action="store_true", help="end with a summary line")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hmip-review-keys-"))
    results: dict[str, Tally] = {}
    for name, (size, _goal) in SIZES.items():
        path = folder / f"keys-{name}.db"
        truth = build(path, args.sample, args.fixes)
        results[name] = asyncio.run(review(path, truth, size))
    print(f"Key presses per record: a scripted review of {args.sample.name} ({len(truth)} records)")
    print(f"{'size':<8} {'correct':>7} {'keys':>5} {'per correct':>11} {'target':>7} "
          f"{'floor':>6} {'fixed':>6} {'keys':>5} {'pgdn':>5} {'span seen':>10}")  # fmt: skip
    for name, tally in results.items():
        goal = SIZES[name][1]
        print(f"{name:<8} {tally.correct:>7} {tally.keys_correct:>5} {tally.per_correct:>11.2f} "
              f"{'<= ' + format(goal, '.1f'):>7} {FLOOR:>6.2f} {tally.fixed:>6} "
              f"{tally.keys_fixed:>5} {tally.scrolls:>5} "
              f"{f'{tally.span_seen}/{tally.records}':>10}")  # fmt: skip
    print("floor: 1 key per correct record (v alone); fixes: keys to correct the record, then v")
    print("span seen: records whose whole source span was in sight when shown (not keys)")
    if args.json:
        from bench.bench_summary import emit, target

        emit(
            "key_presses",
            [
                target(
                    f"keys per correct record at {name}",
                    f"{tally.per_correct:.2f}",
                    f"{FLOOR:.2f}",
                    f"<= {SIZES[name][1]:.1f}",
                    f"{tally.per_correct / FLOOR:.2f}x",
                    tally.per_correct <= SIZES[name][1],
                )
                for name, tally in results.items()
            ],
        )


if __name__ == "__main__":
    main()
