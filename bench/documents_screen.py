"""How fast the documents screen (`g` in the queue) opens at 2,000 documents.

Run from the repo root::

    python bench/documents_screen.py               # build (or reuse) the database, print figures
    python bench/documents_screen.py --rebuild     # build it again
    python bench/documents_screen.py --documents 500
    python bench/documents_screen.py --json        # ... ending with the summary line

The database holds ``--documents`` generated documents (``bench/gen_corpus.py``:
action plans and, one in seven, IRP reports), imported through the store API and
kept in the temporary folder while its document count and schema version match;
a share of the records is marked reviewed so the progress columns have values.

Each figure is printed beside a floor measured in the same run:

* open: from pressing ``g`` in the review app (driven with the Pilot, as the
  tests drive it) until every document's row is in the table and the screen is
  drawn; floor: opening the database and running the screen's one store query
  (``store.reports.documents.document_progress``), bare, in this thread.
* filter: from typing one more letter in the filter box until the table holds
  the matching rows; floor: the same filter and sort over the rows in Python.
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

from textual import events  # noqa: E402

from bench import gen_corpus  # noqa: E402
from bench.cached_database import cached_database, document_count, temp_path  # noqa: E402
from extract import parse_document  # noqa: E402
from store import import_document, open_db  # noqa: E402
from store.ingest.importer import many_documents  # noqa: E402
from store.reports.documents import document_progress  # noqa: E402
from tui.app import ReviewApp  # noqa: E402
from tui.screens.documents import DocumentsScreen, _sort_key, matches  # noqa: E402
from tui.widgets.documents_table import DocumentsTable  # noqa: E402

# The issue asks for the figure; the goal set here: the screen opens in well under
# a second, within 5x of its store query.
OPEN_LIMIT = 1.0


def build(path: Path, documents: int) -> None:
    started = time.perf_counter()
    db = open_db(path)
    try:
        irps = documents // 7
        with many_documents(db):
            for doc in gen_corpus.generate(documents - irps, irps, seed=7):
                import_document(db, parse_document(doc.text), doc.name)
        # some review work: every third record of every other document
        for table in ("recommendations", "judgements"):
            db.execute(
                f"UPDATE {table} SET review_status = CASE id % 9 WHEN 0 THEN 'flagged' "
                "ELSE 'verified' END, reviewer = 'ann', "
                "reviewed_at = '2026-01-05T10:00:00+00:00' "
                "WHERE id % 3 = 0 AND document_id % 2 = 0"
            )
        db.conn.commit()
        db.execute("ANALYZE")
        count = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.close()
    print(f"  built {path.name}: {count} documents ({time.perf_counter() - started:.0f} s)")


def database(documents: int, rebuild: bool) -> Path:
    return cached_database(
        temp_path(f"hmip-review-documents-bench-{documents}.db"),
        lambda path: build(path, documents),
        lambda conn: document_count(conn) == documents,
        rebuild=rebuild,
    )


def floors(path: Path, runs: int) -> dict[str, list[float]]:
    def query():
        db = open_db(path, create=False)
        try:
            return document_progress(db)
        finally:
            db.close()

    times, rows = [], []
    for _ in range(runs):
        started = time.perf_counter()
        rows = query()
        times.append(time.perf_counter() - started)
    filtered = []
    for _ in range(runs):
        started = time.perf_counter()
        sorted((d for d in rows if matches(d, filter_word(rows))), key=_sort_key("establishment"))
        filtered.append(time.perf_counter() - started)
    return {"open": times, "filter": filtered}


def filter_word(rows) -> str:
    """What the bench types in the filter box: the start of the first document's name."""
    return rows[0].label.split()[0].casefold()[:6]


async def until(condition, limit: float = 30.0) -> None:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise TimeoutError("the screen did not update")
        await asyncio.sleep(0.0005)


async def drive(path: Path, documents: int, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"open": [], "filter": []}
    app = ReviewApp(db=path, reviewer="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: getattr(app.screen, "detail", None) is not None)
        await app.workers.wait_for_complete()
        await pilot.pause()
        queue = app.screen
        for _ in range(runs):

            def opened() -> bool:
                screen = app.screen
                return (
                    isinstance(screen, DocumentsScreen)
                    and screen.documents is not None
                    and screen.query_one(DocumentsTable).row_count == documents
                )

            started = time.perf_counter()
            app._driver.send_message(events.Key("g", "g"))
            await until(opened)
            app.screen._on_timer_update()  # draw the frame now rather than on the next tick
            times["open"].append(time.perf_counter() - started)
            screen = app.screen
            table = screen.query_one(DocumentsTable)
            typed = ""
            for letter in filter_word(screen.documents):
                typed += letter
                started = time.perf_counter()
                app._driver.send_message(events.Key(letter, letter))
                await until(lambda s=screen, t=typed: s.filtered_by == t)
                screen._on_timer_update()
                times["filter"].append(time.perf_counter() - started)
            assert table.row_count < documents
            await pilot.press("escape")
            await until(lambda: app.screen is queue)
            await pilot.pause()
    return times


def ms(values: list[float]) -> str:
    if not values:
        return "—"
    values = sorted(values)
    median = statistics.median(values) * 1000
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))] * 1000
    return f"{median:7.1f} ms (p95 {p95:6.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true", help="end with a summary line")
    args = parser.parse_args()
    path = database(args.documents, args.rebuild)
    floor = floors(path, args.runs)
    app = asyncio.run(drive(path, args.documents, args.runs))
    print(f"\n{args.documents} documents ({path.name})")
    print(f"  {'':30} {'app':>25}   floor (same run)")
    print(
        f"  {'open (g until every row shown)':30} {ms(app['open']):>25}   "
        f"{ms(floor['open'])}  open the database + document_progress"
    )
    print(
        f"  {'filter (one letter typed)':30} {ms(app['filter']):>25}   "
        f"{ms(floor['filter'])}  the filter and sort over the rows read"
    )
    if args.json:
        from bench.bench_summary import emit, ratio, target

        value = statistics.median(app["open"])
        floor_open = statistics.median(floor["open"])
        emit(
            "documents_screen",
            [
                target(
                    f"documents screen open at {args.documents:,} documents",
                    f"{value * 1000:,.0f} ms",
                    f"{floor_open * 1000:,.0f} ms (its store query)",
                    f"under {OPEN_LIMIT:g} s",
                    ratio(value, floor_open),
                    value < OPEN_LIMIT,
                ),
                target(
                    f"documents screen filter keystroke at {args.documents:,} documents",
                    f"{statistics.median(app['filter']) * 1000:.1f} ms",
                    f"{statistics.median(floor['filter']) * 1000:.1f} ms (filter and sort)",
                ),
            ],
        )


if __name__ == "__main__":
    main()
