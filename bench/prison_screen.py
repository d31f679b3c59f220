"""How fast the prison screen (`h` in the queue) opens at 1,000 action plans.

Run from the repo root::

    python bench/prison_screen.py               # build (or reuse) the database, print figures
    python bench/prison_screen.py --rebuild     # build it again
    python bench/prison_screen.py --plans 300
    python bench/prison_screen.py --json        # ... ending with the summary line

The database holds ``--plans`` generated action plans and one IRP report for
every seven plans (``bench/gen_corpus.py``: some establishments have a series of
three plans whose repeated refs make repeat chains), imported through the store
API and kept in the temporary folder while its document count and schema
version match. The screen is opened on the establishment with the most
documents (``store.review.establishments``), the worst case for its lists and
charts.

Each figure is printed beside a floor measured in the same run:

* open: from pushing the screen in the review app (driven as the tests drive it)
  until its documents, chains and four charts are filled and the frame is drawn;
  floor: opening the database and running the screen's one store query
  (``store.reports.prison.prison_report``), bare, in this thread.
* chain line: the detail pane's extra read for a record in a chain
  (``tui.widgets.chain_line.read_chain``), done after the record is drawn; floor:
  ``store.reports.prison.repeat_chain`` alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TEXTUAL_ANIMATION", "none")

from bench import gen_corpus  # noqa: E402
from bench.cached_database import cached_database, document_count, temp_path  # noqa: E402
from bench.documents_screen import ms  # noqa: E402
from extract import parse_document  # noqa: E402
from store import import_document, open_db  # noqa: E402
from store.ingest.importer import many_documents  # noqa: E402
from store.reports.prison import prison_report, repeat_chain  # noqa: E402
from store.review.establishments import establishments  # noqa: E402
from tui.app import ReviewApp  # noqa: E402
from tui.screens.prison import PrisonScreen  # noqa: E402
from tui.widgets.chain_line import read_chain  # noqa: E402

OPEN_LIMIT = 0.3  # the issue: the prison screen opens in under 300 ms at 1,000 plans


def build(path: Path, plans: int) -> None:
    started = time.perf_counter()
    db = open_db(path)
    try:
        with many_documents(db):
            for doc in gen_corpus.generate(plans, plans // 7, seed=7):
                import_document(db, parse_document(doc.text), doc.name)
        db.execute("ANALYZE")
        count = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.close()
    print(f"  built {path.name}: {count} documents ({time.perf_counter() - started:.0f} s)")


def database(plans: int, rebuild: bool) -> Path:
    return cached_database(
        temp_path(f"hmip-review-prison-bench-{plans}.db"),
        lambda path: build(path, plans),
        lambda conn: document_count(conn) == plans + plans // 7,
        rebuild=rebuild,
    )


def busiest(path: Path) -> tuple[str, int | None]:
    """The establishment with the most documents, and a recommendation of it in a chain
    (the latest of its longest chain), or None when it has none."""
    db = open_db(path, create=False)
    try:
        found = max(establishments(db), key=lambda e: (e.documents, e.records))
        report = prison_report(db, found.name)
        chains = sorted(report.repeat_chains, key=len) if report else []
        return found.name, chains[-1][-1].recommendation_id if chains else None
    finally:
        db.close()


def shape(path: Path, name: str) -> str:
    """'4 documents, 3 repeat chains (longest 3)': what the screen shows."""
    db = open_db(path, create=False)
    try:
        report = prison_report(db, name)
    finally:
        db.close()
    chains = report.repeat_chains if report else []
    longest = max((len(c) for c in chains), default=0)
    documents = len(report.documents) if report else 0
    return f"{documents} documents, {len(chains)} repeat chains (longest {longest})"


def timed(job, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return times


def floors(path: Path, name: str, chained: int | None, runs: int) -> dict[str, list[float]]:
    def query():
        db = open_db(path, create=False)
        try:
            return prison_report(db, name)
        finally:
            db.close()

    out = {"open": timed(query, runs), "chain": [], "chain_floor": []}
    if chained is not None:
        db = open_db(path, create=False)
        try:
            out["chain"] = timed(lambda: read_chain(db, chained), runs)
            out["chain_floor"] = timed(lambda: repeat_chain(db, chained), runs)
        finally:
            db.close()
    return out


async def until(condition, limit: float = 30.0) -> None:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise TimeoutError("the screen did not update")
        await asyncio.sleep(0.0005)


async def drive(path: Path, name: str, runs: int, size: tuple[int, int]) -> list[float]:
    times: list[float] = []
    app = ReviewApp(db=path, reviewer="bench")
    async with app.run_test(size=size) as pilot:
        await until(lambda: getattr(app.screen, "detail", None) is not None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        queue = app.screen
        for _ in range(runs):
            screen = PrisonScreen(path, name)
            started = time.perf_counter()
            app.push_screen(screen)
            await until(lambda s=screen: s.report is not None and s.is_mounted)
            screen._on_timer_update()  # draw the frame (plots included) now, not next tick
            times.append(time.perf_counter() - started)
            await pilot.press("escape")
            await until(lambda: app.screen is queue)
            await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true", help="end with a summary line")
    args = parser.parse_args()
    path = database(args.plans, args.rebuild)
    name, chained = busiest(path)
    floor = floors(path, name, chained, args.runs)
    wide = asyncio.run(drive(path, name, args.runs, (120, 40)))
    narrow = asyncio.run(drive(path, name, args.runs, (80, 24)))
    print(f"\n{args.plans} plans ({path.name}); the screen of {name}: {shape(path, name)}")
    print(f"  {'':34} {'app':>25}   floor (same run)")
    for label, values in (("open at 120x40 (until drawn)", wide), ("open at 80x24", narrow)):
        print(
            f"  {label:34} {ms(values):>25}   {ms(floor['open'])}  open the database + "
            "prison_report"
        )
    print(
        f"  {'detail pane chain read':34} {ms(floor['chain']):>25}   "
        f"{ms(floor['chain_floor'])}  repeat_chain alone"
        + ("" if chained is not None else "  (no chain in this prison)")
    )
    if args.json:
        from bench.bench_summary import emit, ratio, target

        value = statistics.median(wide)
        floor_open = statistics.median(floor["open"])
        targets = [
            target(
                f"prison screen open at {args.plans:,} plans (120x40)",
                f"{value * 1000:,.0f} ms",
                f"{floor_open * 1000:,.0f} ms (its store query)",
                f"under {OPEN_LIMIT * 1000:.0f} ms",
                ratio(value, floor_open),
                value < OPEN_LIMIT,
            ),
            target(
                f"prison screen open at {args.plans:,} plans (80x24)",
                f"{statistics.median(narrow) * 1000:,.0f} ms",
                f"{floor_open * 1000:,.0f} ms (its store query)",
                f"under {OPEN_LIMIT * 1000:.0f} ms",
                ratio(statistics.median(narrow), floor_open),
                statistics.median(narrow) < OPEN_LIMIT,
            ),
        ]
        if floor["chain"]:
            chain, chain_floor = (
                statistics.median(floor["chain"]),
                statistics.median(floor["chain_floor"]),
            )
            targets.append(
                target(
                    "detail pane chain read (after the record is drawn)",
                    f"{chain * 1000:.1f} ms",
                    f"{chain_floor * 1000:.1f} ms (repeat_chain)",
                    None,
                    ratio(chain, chain_floor),
                )
            )
        emit("prison_screen", targets)


if __name__ == "__main__":
    main()
