"""Import throughput (documents/s) of 1,000 generated action plans, against an insert floor.

Run from the repo root::

    python bench/import_throughput.py                 # 1,000 plans, memory at 200 and 1,000
    python bench/import_throughput.py --plans 300     # a smaller run
    python bench/import_throughput.py --irps 250      # IRP reports too

The documents come from ``bench/gen_corpus.py`` (deterministic by ``--seed``)
and are streamed: each is generated, parsed (``extract.parse_document`` and
``check_whole``, as ``hmip-review import`` does) and stored with
``store.import_document`` into a fresh database, then dropped. A progress bar
on the terminal shows documents/s.

Figures, each beside its floor measured in the same run:

* import documents/s (parse cost included) against a bare ``executemany``
  insert of the same rows (documents, recommendations, actions, judgements,
  plain tables without indexes, one transaction) into a fresh SQLite file;
  the parse cost is excluded from the floor. Target: within 8x.
* peak memory (``ru_maxrss``) of the import at two sizes, each in its own
  process, against the same process's memory before the first document
  (the interpreter, the parser and the store imported): flat in N means the
  corpus is streamed, not held.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_corpus import generate  # noqa: E402

FLOOR_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, kind TEXT, establishment TEXT, title TEXT,
  inspection TEXT, submitted TEXT, published TEXT, source_name TEXT, sha256 TEXT, text TEXT,
  stated_counts TEXT, parser_version TEXT, imported_at TEXT);
CREATE TABLE recommendations (id INTEGER PRIMARY KEY, document_id INTEGER, position INTEGER,
  rec_no TEXT, section TEXT, heading TEXT, addressee TEXT, ref TEXT, repeated_ref TEXT,
  agreement TEXT, concern TEXT, recommendation TEXT, response TEXT, span_start INTEGER,
  span_end INTEGER, warnings TEXT, review_status TEXT);
CREATE TABLE actions (id INTEGER PRIMARY KEY, recommendation_id INTEGER, position INTEGER,
  text TEXT, owner TEXT, target TEXT, target_date TEXT, status TEXT);
CREATE TABLE judgements (id INTEGER PRIMARY KEY, document_id INTEGER, inspectorate TEXT,
  ref TEXT, theme TEXT, text TEXT, judgement TEXT, span_start INTEGER, span_end INTEGER,
  review_status TEXT);
"""


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from tui.progress import DocumentsPerSecondColumn

    err = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        DocumentsPerSecondColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def run_import(db_path: Path, plans: int, irps: int, seed: int, bar: bool) -> dict:
    """Stream the corpus through parse + import; return the counts and timings."""
    from extract import parse_document
    from extract.truncated import check_whole
    from store import import_document, open_db

    base_rss = maxrss_mb()
    db = open_db(db_path)
    docs = records = 0
    parse_s = 0.0
    started = time.perf_counter()
    progress = _progress(plans + irps) if bar else None
    try:
        if progress:
            progress.start()
            task = progress.add_task("Importing", total=plans + irps)
        for gen in generate(plans, irps, seed):
            t = time.perf_counter()
            parsed = parse_document(gen.text)
            check_whole(parsed)
            parse_s += time.perf_counter() - t
            result = import_document(db, parsed, gen.name)
            docs += 1
            records += result.summary.records
            if progress:
                progress.advance(task)
    finally:
        if progress:
            progress.stop()
        db.close()
    elapsed = time.perf_counter() - started
    return {
        "docs": docs,
        "records": records,
        "seconds": elapsed,
        "parse_seconds": parse_s,
        "rss_mb": maxrss_mb(),
        "base_rss_mb": base_rss,
    }


def floor_rows(plans: int, irps: int, seed: int) -> dict[str, list[tuple]]:
    """The rows the import stores, built from the parse (not timed)."""
    from extract import PARSER_VERSION, parse_document
    from store.importer import text_sha256

    rows: dict[str, list[tuple]] = {k: [] for k in ("documents", "recs", "actions", "judgements")}
    rec_id = action_id = judgement_id = 0
    for doc_id, gen in enumerate(generate(plans, irps, seed), start=1):
        p = parse_document(gen.text)
        counts = json.dumps(p.stated_counts) if p.stated_counts else None
        rows["documents"].append(
            (doc_id, p.kind, p.establishment, p.title, getattr(p, "inspection", None),
             getattr(p, "submitted", None), getattr(p, "published", None), gen.name,
             text_sha256(p.text), p.text, counts, PARSER_VERSION, "2026-01-01T00:00:00")
        )  # fmt: skip
        for r in getattr(p, "recommendations", []):
            rec_id += 1
            rows["recs"].append(
                (rec_id, doc_id, r.position, r.rec_no, r.section, r.heading, r.addressee, r.ref,
                 r.repeated_ref, r.agreement, r.concern, r.recommendation, r.response,
                 r.span_start, r.span_end, json.dumps(r.warnings), "unreviewed")
            )  # fmt: skip
            for a in r.actions:
                action_id += 1
                rows["actions"].append(
                    (action_id, rec_id, a.position, a.text, a.owner, a.target, a.target_date,
                     a.status)
                )  # fmt: skip
        for j in getattr(p, "judgements", []):
            judgement_id += 1
            rows["judgements"].append(
                (judgement_id, doc_id, j.inspectorate, j.ref, j.theme, j.text, j.judgement,
                 j.span_start, j.span_end, "unreviewed")
            )  # fmt: skip
    return rows


def run_floor(path: Path, rows: dict[str, list[tuple]]) -> float:
    """Seconds to insert ``rows`` with executemany into a fresh file, one transaction."""
    started = time.perf_counter()
    con = sqlite3.connect(path)
    con.executescript(FLOOR_SCHEMA)
    with con:
        con.executemany(f"INSERT INTO documents VALUES ({','.join('?' * 13)})", rows["documents"])
        con.executemany(f"INSERT INTO recommendations VALUES ({','.join('?' * 17)})", rows["recs"])
        con.executemany(f"INSERT INTO actions VALUES ({','.join('?' * 8)})", rows["actions"])
        con.executemany(f"INSERT INTO judgements VALUES ({','.join('?' * 10)})", rows["judgements"])
    con.close()
    return time.perf_counter() - started


def child(args) -> int:
    """One size, in its own process (so ru_maxrss is this import's peak)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = run_import(Path(tmp) / "import.db", args.plans, args.irps, args.seed, args.bar)
        if args.floor:
            rows = floor_rows(args.plans, args.irps, args.seed)
            out["floor_seconds"] = min(
                run_floor(Path(tmp) / f"floor{i}.db", rows) for i in range(3)
            )
    print(json.dumps(out))
    return 0


def measure(plans: int, irps: int, seed: int, *, floor: bool, bar: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", "--plans", str(plans), "--irps", str(irps)]
    cmd += ["--seed", str(seed)] + (["--floor"] if floor else []) + (["--bar"] if bar else [])
    done = subprocess.run(cmd, stdout=subprocess.PIPE, check=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--irps", type=int, default=0)
    parser.add_argument("--small", type=int, default=200, help="the smaller size for memory")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bar", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    small_irps = args.irps * args.small // max(args.plans, 1)
    small = measure(args.small, small_irps, args.seed, floor=False, bar=False)
    big = measure(args.plans, args.irps, args.seed, floor=True, bar=True)

    rate = big["docs"] / big["seconds"]
    floor_rate = big["docs"] / big["floor_seconds"]
    print(
        f"corpus: N={args.plans} plans + {args.irps} IRP reports (seed {args.seed}) = "
        f"{big['docs']} documents, {big['records']} records"
    )
    print(
        f"import (parse included):   {rate:8.1f} documents/s  ({big['seconds']:.2f} s, "
        f"{big['records'] / big['seconds']:.0f} records/s)"
    )
    store_s = big["seconds"] - big["parse_seconds"]
    print(
        f"  of which parse {big['parse_seconds']:.2f} s, generate + store {store_s:.2f} s "
        f"(store alone: {big['docs'] / store_s:.1f} documents/s, "
        f"{store_s / big['floor_seconds']:.1f}x the floor)"
    )
    print(
        f"floor (executemany, no parse): {floor_rate:8.1f} documents/s  "
        f"({big['floor_seconds']:.3f} s)"
    )
    ratio = big["seconds"] / big["floor_seconds"]
    verdict = "meets" if ratio <= 8 else "MISSES"
    print(f"ratio import / floor:      {ratio:8.1f}x  (target within 8x: {verdict})")
    for label, out in ((f"N={small['docs']}", small), (f"N={big['docs']}", big)):
        grown = out["rss_mb"] - out["base_rss_mb"]
        print(
            f"peak memory {label:>7}:       {out['rss_mb']:6.1f} MB  "
            f"(floor: {out['base_rss_mb']:.1f} MB before the first document; +{grown:.1f} MB)"
        )
    growth = (big["rss_mb"] - big["base_rss_mb"]) - (small["rss_mb"] - small["base_rss_mb"])
    print(
        f"memory growth {small['docs']} -> {big['docs']} documents: {growth:+.1f} MB "
        f"(flat in N: {'yes' if growth < 20 else 'NO'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
