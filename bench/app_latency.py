"""How fast the review app opens and answers a key, at 1,000 and 30,000 records.

Run from the repo root::

    python bench/app_latency.py                  # build (or reuse) both databases, print figures
    python bench/app_latency.py --rebuild        # build them again
    python bench/app_latency.py --sizes 1000     # only the small one
    python bench/app_latency.py --json           # ... ending with run_all.py's summary line

The databases are built through the store API: the samples (``samples/``) and
the corpus (``../shared/corpus``) are parsed once and imported again and again
under numbered establishment names, with the text altered so that every copy
has its own sha256. They are kept in the temporary folder and reused while
their record count and schema version match.

The app is driven with the Pilot (``ReviewApp.run_test``), as the tests drive
it. Each figure is printed beside a floor measured in the same run: the store
calls that the same screen update needs, run bare in this thread.

* open: from starting the app until the first record's detail and source text
  are on the screen; floor: opening the database and running the first
  screen's queries.
* j: from pressing j until the next record's detail is shown; floor: the
  detail queries of one record.
* j across a page: the same when j has to read the next page of the queue;
  floor: one page query.
* v: from pressing v until the status is saved, the row redrawn and the next
  record's detail shown; floor: the write and the queries that follow it.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TEXTUAL_ANIMATION", "none")

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

from bench.cached_database import cached_database, record_count, temp_path  # noqa: E402
from extract import parse_document  # noqa: E402
from extract.formats.read import read_document  # noqa: E402
from store import import_document, open_db  # noqa: E402
from store.ingest.importer import many_documents  # noqa: E402
from store.review import changes as ch  # noqa: E402
from store.review.queue import QueueQuery, next_unreviewed, queue_page, queue_rows  # noqa: E402
from store.review.records import document_progress, document_text, record_detail  # noqa: E402
from tui.app import ReviewApp  # noqa: E402
from tui.widgets.source_pane import SourcePane  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PAGE = 200


# --- the databases ---------------------------------------------------------------------


def source_documents() -> list:
    paths = sorted((ROOT / "samples").glob("*.txt"))
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*.txt"))
    return [parse_document(read_document(p)) for p in paths]


def build(path: Path, target: int, docs: list) -> None:
    started = time.perf_counter()
    db = open_db(path)
    try:
        with many_documents(db):  # as hmip-review import does: the disk synced once, at the end
            copy = 0
            while record_count(db) < target:
                for doc in docs:
                    name = f"{doc.establishment or 'HMP Unknown'} {copy // len(docs) + 1:03d}"
                    altered = dataclasses.replace(
                        doc, text=f"{doc.text}\n[bench copy {copy}]\n", establishment=name
                    )
                    import_document(db, altered, f"copy-{copy}.txt")
                    copy += 1
                    if record_count(db) >= target:
                        break
        db.execute("ANALYZE")
        records = record_count(db)
        documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.close()
    print(
        f"  built {path.name}: {records} records in {documents} documents "
        f"({time.perf_counter() - started:.0f} s)",
        flush=True,
    )


def database(target: int, rebuild: bool, docs_cache: list) -> Path:
    """``docs_cache``: the source documents, parsed at the first build and kept for the next."""

    def built(path: Path) -> None:
        if not docs_cache:
            docs_cache.extend(source_documents())
        build(path, target, docs_cache)

    return cached_database(
        temp_path(f"hmip-review-app-bench-{target}.db"),
        built,
        lambda conn: record_count(conn) >= target,
        rebuild=rebuild,
    )


def fresh_copy(path: Path) -> Path:
    """A copy to review in, so that every run starts from an unreviewed database."""
    copy = path.with_name(path.stem + "-run.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    src = open_db(path)
    try:
        src.execute(f"VACUUM INTO '{copy}'")
    finally:
        src.close()
    return copy


# --- floors: the store calls run bare ------------------------------------------------------


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


def floors(path: Path, runs: int) -> dict[str, list[float]]:
    query = QueueQuery()

    def first_screen():
        db = open_db(path, create=False)
        try:
            page = queue_page(db, query, start=next_unreviewed(db, query, None), limit=PAGE)
            row = page.rows[0]
            detail = record_detail(db, *row.ref)
            document_text(db, row.document_id)
            document_progress(db, row.document_id)
            return detail
        finally:
            db.close()

    db = open_db(path, create=False)
    rows = queue_page(db, query, limit=PAGE).rows
    db.close()
    cycle = iter(range(10**9))

    def one_detail():
        row = rows[next(cycle) % len(rows)]
        db = open_db(path, create=False)
        try:
            record_detail(db, *row.ref)
            document_progress(db, row.document_id)
        finally:
            db.close()

    def one_page():
        db = open_db(path, create=False)
        try:
            queue_page(db, query, after=rows[-1].key, limit=PAGE)
        finally:
            db.close()

    def one_write():
        row = rows[next(cycle) % len(rows)]
        db = open_db(path, create=False)
        try:
            result = ch.set_status(db, "bench", row.ref, "verified")
            queue_rows(db, result.records, {row.ref: row.key})  # as the app: the row keeps its key
            document_progress(db, row.document_id)
            record_detail(db, *row.ref)
        finally:
            db.close()

    result = {
        "open": timed(first_screen, runs),
        "j": timed(one_detail, runs * 5),
        "page": timed(one_page, runs),
        "v": timed(one_write, runs * 5),
    }
    db = open_db(path, create=False)
    db.execute("UPDATE recommendations SET review_status = 'unreviewed' WHERE reviewer = 'bench'")
    db.execute("DELETE FROM edits WHERE reviewer = 'bench'")
    db.conn.commit()
    db.close()
    return result


# --- the app, driven with the Pilot ----------------------------------------------------------


class Empty(App[None]):
    """The floor of opening: a Textual app with nothing in it."""


def shown(app) -> bool:
    """The current record's detail and its source text are on the screen."""
    screen = app.screen
    row = getattr(screen, "current", None)
    detail = getattr(screen, "detail", None)
    if row is None or detail is None or detail.ref != row.ref:
        return False
    return screen.query_one(SourcePane).document_id == detail.record.get("document_id")


async def until(condition, limit: float = 10.0) -> None:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise TimeoutError("the screen did not update")
        await asyncio.sleep(0.0005)


async def key(app, name: str, condition) -> float:
    """Seconds from a key press until ``condition`` holds and the screen is drawn.

    The key goes in through the app's driver as a terminal's would (the Pilot's
    ``press`` also waits for the CPU to go idle, which would be counted here).
    """
    started = time.perf_counter()
    app._driver.send_message(events.Key(name, name if len(name) == 1 else None))
    await until(condition)
    app.screen._on_timer_update()  # draw the frame now rather than on the next tick
    return time.perf_counter() - started


async def open_empty() -> float:
    started = time.perf_counter()
    async with Empty().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


async def drive(path: Path, presses: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"open": [], "j": [], "page": [], "v": [], "saved": []}
    started = time.perf_counter()
    app = ReviewApp(db=path, reviewer="bench", page_size=PAGE)
    async with app.run_test(size=(120, 40)):
        await until(lambda: shown(app))
        app.screen._on_timer_update()
        times["open"].append(time.perf_counter() - started)
        screen = app.screen
        for _ in range(presses):
            before = screen.current.ref
            times["j"].append(
                await key(app, "j", lambda b=before: shown(app) and screen.current.ref != b)
            )
            await asyncio.sleep(0.02)
        # to the last row of a page read so far, then across it: as many times as the
        # queue has pages for (up to 8)
        pages = screen.page.total // PAGE if screen.page else 0
        for n in range(1, max(2, min(9, pages))):
            table = screen.table
            table.move_cursor(row=n * PAGE - 1)
            await until(lambda: shown(app))
            await asyncio.sleep(0.05)
            last = screen.current.ref
            times["page"].append(
                await key(app, "j", lambda last=last: shown(app) and screen.current.ref != last)
            )
            await asyncio.sleep(0.05)

        def saved(before, title) -> bool:
            writing = any(w.group == "write" and w.is_running for w in app.workers)
            return (
                not writing
                and shown(app)
                and screen.current.ref != before
                and screen.sub_title != title
            )

        for _ in range(presses):
            before, title = screen.current.ref, screen.sub_title
            started = time.perf_counter()
            times["v"].append(
                await key(app, "v", lambda b=before: shown(app) and screen.current.ref != b)
            )
            await until(lambda b=before, t=title: saved(b, t))
            times["saved"].append(time.perf_counter() - started)
            await asyncio.sleep(0.02)
    return times


def ms(values: list[float]) -> str:
    if not values:
        return "—"
    values = sorted(values)
    median = statistics.median(values) * 1000
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))] * 1000
    return f"{median:7.1f} ms (p95 {p95:6.1f})"


ROWS = [
    ("open", "open (first record shown)", "open", "empty app + first-screen queries"),
    ("j", "j (next record shown)", "j", "one record's queries"),
    ("page", "j across a page boundary", "page", "one page query"),
    ("v", "v (next record shown)", "j", "one record's queries"),
    ("saved", "v (saved, row redrawn)", "v", "the write and its queries"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 30000])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true", help="end with a summary line (run_all.py)")
    args = parser.parse_args()
    docs: list = []
    measured = []
    for size in args.sizes:
        path = database(size, args.rebuild, docs)
        run = fresh_copy(path)
        db = open_db(run)
        records = record_count(db)
        db.close()
        print(f"\n{records} records ({run.name})")
        floor = floors(run, 5)
        empty = [asyncio.run(open_empty()) for _ in range(3)]
        app = asyncio.run(drive(run, args.presses))
        app["open"] += [asyncio.run(drive(run, 0))["open"][0] for _ in range(2)]
        floor["open"] = [e + f for e, f in zip(empty, floor["open"], strict=False)]
        print(f"  {'':27} {'app':>25}   floor (same run)")
        for key_, label, floor_key, floor_label in ROWS:
            print(f"  {label:27} {ms(app[key_]):>25}   {ms(floor[floor_key])}  {floor_label}")
        measured.append((records, app, floor))
    if args.json:
        summary(measured)


# The targets: the app opens in under 1.5 s; a key press in the queue
# answers in under 50 ms, and within 2x of the same press at 1k records.
OPEN_LIMIT = 1.5
KEY_LIMIT = 0.050
KEY_GROWTH = 2.0


def summary(measured: list[tuple[int, dict, dict]]) -> None:
    """The figures above as the summary line ``run_all.py`` reads: open at every size;
    each key at the largest size, against its floor and the same key at the smallest."""
    from bench.bench_summary import emit, target

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    measured = sorted(measured, key=lambda m: m[0])
    small_records, small, _ = measured[0]
    records, app, floor = measured[-1]
    targets = []
    for n, opened, opened_floor in measured:
        value = median(opened["open"])
        targets.append(
            target(
                f"review app open at {n:,} records",
                f"{value * 1000:,.0f} ms",
                f"{median(opened_floor['open']) * 1000:,.0f} ms (empty app + first-screen queries)",
                f"under {OPEN_LIMIT} s",
                f"{value:.2f} s",
                value < OPEN_LIMIT,
            )
        )
    compared = len(measured) > 1
    for key_, label, floor_key, floor_label in ROWS[1:]:
        value, before = median(app[key_]), median(small[key_])
        growth = value / before
        met = value < KEY_LIMIT and (growth <= KEY_GROWTH or not compared)
        targets.append(
            target(
                f"{label} at {records:,} records",
                f"{value * 1000:.1f} ms",
                f"{median(floor[floor_key]) * 1000:.1f} ms ({floor_label})",
                f"under 50 ms and within 2x of {small_records:,} records"
                if compared
                else "under 50 ms",
                f"{growth:.2f}x of {before * 1000:.1f} ms"
                if compared
                else f"{value * 1000:.1f} ms",
                met,
            )
        )
    emit("app_latency", targets)


if __name__ == "__main__":
    main()
