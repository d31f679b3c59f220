"""How fast the queue's ``w`` filter reads a page at 30,000 records.

Run from the repo root::

    python bench/warnings_filter.py                 # reuse (or build) app_latency's database
    python bench/warnings_filter.py --size 1000
    python bench/warnings_filter.py --json          # ... ending with the summary line

It uses ``bench/app_latency.py``'s database (samples and corpus copied to the size,
each IRP copy with its two document warnings naming records), in the temporary
folder. A page is read as the review app's worker reads it: a new connection, the
first page of the queue (``store.review.queue.queue_page``), closed.

* w page: the first page of the queue filtered to the records with a warning of
  their own or a document warning naming them (``QueueQuery(warnings_only=True)``);
  floor: the first page of the unfiltered queue, in the same run.
* named set: the one query that finds every record a document warning names
  (``store.reports.documents.named_records_sql``), bare, which the filtered page
  runs once (before, the rule was run record by record, in every query of the page).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import app_latency  # noqa: E402
from bench.bench_summary import emit, ratio, target  # noqa: E402
from store import open_db  # noqa: E402
from store.reports.documents import named_records_sql  # noqa: E402
from store.review.queue import QueueQuery, queue_page  # noqa: E402

# The figure: the w filter was about 20 ms a page before it matched document
# warnings; the goal set here: within 3x of the unfiltered page.
GOAL = 3.0


def page(path: Path, query: QueueQuery) -> int:
    db = open_db(path, create=False)
    try:
        return queue_page(db, query, limit=app_latency.PAGE).total
    finally:
        db.close()


def named(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return len(conn.execute(named_records_sql()).fetchall())
    finally:
        conn.close()


def timed(func, runs: int) -> float:
    func()  # warm the cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = app_latency.database(args.size, args.rebuild, [])
    warned = QueueQuery(warnings_only=True)
    # interleaved, so that other work on the machine weighs on both alike
    w_times, floor_times, named_times = [], [], []
    for _ in range(3):
        w_times.append(timed(lambda: page(path, warned), args.runs // 3 or 1))
        floor_times.append(timed(lambda: page(path, QueueQuery()), args.runs // 3 or 1))
        named_times.append(timed(lambda: named(path), args.runs // 3 or 1))
    w_ms, floor_ms, named_ms = (statistics.median(t) for t in (w_times, floor_times, named_times))
    total = page(path, warned)
    print(f"w filter at {args.size:,} records ({total:,} records match), median of {args.runs}:")
    print(f"  w page      {w_ms:7.1f} ms   floor (unfiltered page) {floor_ms:6.1f} ms "
          f"  {ratio(w_ms, floor_ms)}")  # fmt: skip
    print(f"  named set   {named_ms:7.1f} ms   ({named(path):,} records named)")
    if args.json:
        result = w_ms / floor_ms if floor_ms else float("inf")
        emit(
            "warnings_filter",
            [
                target(
                    f"w filter page at {args.size:,} records",
                    f"{w_ms:.1f} ms",
                    f"{floor_ms:.1f} ms (unfiltered page)",
                    f"within {GOAL:.0f}x of the unfiltered page",
                    ratio(w_ms, floor_ms),
                    result <= GOAL,
                ),
                target("w filter: records named by document warnings", f"{named_ms:.1f} ms"),
            ],
        )


if __name__ == "__main__":
    main()
