"""Import throughput (documents/s) of 1,000 generated action plans, against an insert floor.

Run from the repo root::

    python bench/import_throughput.py                 # 1,000 plans, memory at 200 and 1,000
    python bench/import_throughput.py --plans 300     # a smaller run
    python bench/import_throughput.py --irps 250      # IRP reports too
    python bench/import_throughput.py --json          # ... ending with run_all.py's summary line

The documents come from ``bench/gen_corpus.py`` (deterministic by ``--seed``),
written to a temporary folder one at a time (not timed). The timed import is
``hmip-review import``'s own pipeline (``store.ingest.pipeline.import_files``) on
those files, in this process: reading, parsing (in worker processes when there
is more than one core, ``store/ingest/parse_pool.py``), storing each document in
its own transaction, linking. What the command adds around it (its progress
bar and summary table) is not timed.

Figures, each beside its floor measured in the same run:

* import documents/s (parse included) against ``executemany`` of the same
  rows (built by the importer's own row functions, every column it writes)
  into a fresh database made by hmip-review (its schema and indexes; made
  before the clock starts), one transaction, no parse. Target: within 8x. The
  same rows into bare tables without an index or constraint are printed too.
* reading + parsing alone on one core, for the breakdown.
* peak memory (``ru_maxrss``) of the import at two sizes, each in its own
  process, against the same process's memory before the first document:
  flat in N means the corpus is streamed, not held. The parse workers' peak is
  printed beside it.
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

from bench.gen_corpus import generate  # noqa: E402
from store.ingest.parse_pool import worker_count  # noqa: E402


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def write_corpus(folder: Path, plans: int, irps: int, seed: int) -> list[Path]:
    """The generated documents as files (streamed to disk, one at a time)."""
    folder.mkdir()
    files = []
    for gen in generate(plans, irps, seed):
        path = folder / gen.name
        path.write_text(gen.text, encoding="utf-8")
        files.append(path)
    return files


def run_import(db_path: Path, files: list[Path]) -> dict:
    """``hmip-review import``'s pipeline on ``files``, in this process; timings."""
    from extract import parse_document  # noqa: F401  (imported before the baseline)
    from store import open_db  # noqa: F401
    from store.ingest.pipeline import import_files

    base_rss = maxrss_mb()
    started = time.perf_counter()
    report = import_files(db_path, files)
    elapsed = time.perf_counter() - started
    assert report.ok, "some generated documents failed to import"
    con = sqlite3.connect(db_path)
    docs, records = con.execute(
        "SELECT (SELECT count(*) FROM documents), "
        "(SELECT count(*) FROM recommendations) + (SELECT count(*) FROM judgements)"
    ).fetchone()
    con.close()
    return {
        "docs": docs,
        "records": records,
        "seconds": elapsed,
        "rss_mb": maxrss_mb(),
        "base_rss_mb": base_rss,
    }


def parse_and_peak(path: Path) -> float:
    """In a parse worker: parse one file, then the worker's peak memory so far (MB)."""
    from store.ingest.parse_pool import parse_file

    parse_file(path)
    return maxrss_mb()


def parse_in_workers(files: list[Path]) -> tuple[float, float]:
    """Reading + parsing alone in the import's worker processes: seconds, a worker's peak MB."""
    from store.ingest.parse_pool import parse_files

    started = time.perf_counter()
    peaks = [peak for _, peak, error in parse_files(files, parse_and_peak) if error is None]
    return time.perf_counter() - started, max(peaks, default=0.0)


def parse_seconds(files: list[Path]) -> float:
    """Reading and parsing alone, one file after another in this process."""
    from store.ingest.parse_pool import parse_file

    started = time.perf_counter()
    for path in files:
        parse_file(path)
    return time.perf_counter() - started


def floor_rows(files: list[Path]) -> dict[str, list[tuple]]:
    """The rows the import stores for ``files``, built as the importer builds them (not timed).

    The same row functions as ``store.ingest.importer`` (every column it writes), with
    the ids given here, so the floor inserts exactly what the import inserts.
    """
    from extract.formats.read import read_document
    from store.ingest.importer import (
        _document_row,
        _judgement_row,
        _recommendation_row,
        text_sha256,
    )
    from store.ingest.parse_pool import parse_file
    from store.ingest.rows import action_values

    rows: dict[str, list[dict]] = {k: [] for k in ("documents", "recommendations", "actions",
                                                   "judgements")}  # fmt: skip
    rec_id = 0
    for doc_id, path in enumerate(files, start=1):
        p = parse_file(path)
        assert p.text == read_document(path)
        doc = _document_row(p, path.name, "bench") | {"sha256": text_sha256(p.text), "id": doc_id}
        rows["documents"].append(doc)
        for r in getattr(p, "recommendations", []):
            rec_id += 1
            rows["recommendations"].append(_recommendation_row(r, doc_id) | {"id": rec_id})
            for a in r.actions:
                rows["actions"].append(
                    action_values(a) | {"recommendation_id": rec_id, "position": a.position}
                )
        for j in getattr(p, "judgements", []):
            rows["judgements"].append(_judgement_row(j, doc_id))
    return {k: v for k, v in rows.items() if v}


def run_floor(path: Path, rows: dict[str, list[dict]], *, schema: bool) -> float:
    """Seconds to insert ``rows`` with executemany into a fresh file, one transaction.

    ``schema``: into the database hmip-review makes (its tables, indexes,
    constraints, WAL; made before the clock starts), else into bare tables of
    the same columns with no index or constraint.
    """
    if schema:
        from store import open_db

        open_db(path).close()
    con = sqlite3.connect(path)
    if not schema:
        for table, table_rows in rows.items():
            con.execute(f"CREATE TABLE {table} ({', '.join(table_rows[0])})")
        con.commit()
    statements = []
    for table, table_rows in rows.items():
        columns = list(table_rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        statements.append((sql, [tuple(row[c] for c in columns) for row in table_rows]))
    started = time.perf_counter()
    with con:
        for sql, values in statements:
            con.executemany(sql, values)
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def child(args) -> int:
    """One size, in its own process (so ru_maxrss is this import's peak)."""
    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(Path(tmp) / "corpus", args.plans, args.irps, args.seed)
        out = run_import(Path(tmp) / "import.db", files)
        out["pool_parse_seconds"], out["workers_rss_mb"] = parse_in_workers(files)
        if args.floor:
            out["parse_seconds"] = parse_seconds(files)
            rows = floor_rows(files)
            for name, schema in (("floor_seconds", True), ("bare_floor_seconds", False)):
                out[name] = min(
                    run_floor(Path(tmp) / f"{name}{i}.db", rows, schema=schema) for i in range(3)
                )
    print(json.dumps(out))
    return 0


def measure(plans: int, irps: int, seed: int, *, floor: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", "--plans", str(plans), "--irps", str(irps)]
    cmd += ["--seed", str(seed)] + (["--floor"] if floor else [])
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
    parser.add_argument("--json", action="store_true", help="end with a summary line (run_all.py)")
    args = parser.parse_args()
    if args.child:
        return child(args)

    small_irps = args.irps * args.small // max(args.plans, 1)
    small = measure(args.small, small_irps, args.seed, floor=False)
    big = measure(args.plans, args.irps, args.seed, floor=True)

    docs, seconds = big["docs"], big["seconds"]
    print(
        f"corpus: N={args.plans} plans + {args.irps} IRP reports (seed {args.seed}) = "
        f"{docs} documents, {big['records']} records; {worker_count()} cores"
    )
    print(
        f"import (hmip-review import's pipeline, parse included): {docs / seconds:7.1f} "
        f"documents/s  ({seconds:.2f} s, {big['records'] / seconds:.0f} records/s)"
    )
    print(
        f"  reading + parsing alone, one core: {big['parse_seconds']:.2f} s "
        f"({docs / big['parse_seconds']:.1f} documents/s); in the import's workers: "
        f"{big['pool_parse_seconds']:.2f} s"
    )
    print(
        f"floor: executemany of the same rows into hmip-review's schema: "
        f"{docs / big['floor_seconds']:7.1f} documents/s  ({big['floor_seconds']:.3f} s)"
    )
    ratio = seconds / big["floor_seconds"]
    verdict = "meets" if ratio <= 8 else "MISSES"
    print(f"ratio import / floor: {ratio:5.1f}x  (target within 8x: {verdict})")
    bare = big["bare_floor_seconds"]
    print(
        f"  (the same rows into bare tables, no index or constraint: {docs / bare:.1f} "
        f"documents/s, {bare:.3f} s; import / that: {seconds / bare:.1f}x)"
    )
    for label, out in ((f"N={small['docs']}", small), (f"N={big['docs']}", big)):
        grown = out["rss_mb"] - out["base_rss_mb"]
        print(
            f"peak memory {label:>7}: {out['rss_mb']:6.1f} MB  (floor: {out['base_rss_mb']:.1f} MB "
            f"before the first document; +{grown:.1f} MB); a parse worker's peak: "
            f"{out['workers_rss_mb']:.1f} MB"
        )
    growth = (big["rss_mb"] - big["base_rss_mb"]) - (small["rss_mb"] - small["base_rss_mb"])
    print(
        f"memory growth {small['docs']} -> {big['docs']} documents: {growth:+.1f} MB "
        f"(flat in N: {'yes' if growth < 20 else 'NO'})"
    )
    if args.json:
        summary(args, small, big)
    return 0


def summary(args, small: dict, big: dict) -> None:
    """The figures above as the summary line ``run_all.py`` reads."""
    from bench.bench_summary import emit, target

    docs, seconds, floor = big["docs"], big["seconds"], big["floor_seconds"]
    ratio = seconds / floor
    grown = {n: out["rss_mb"] - out["base_rss_mb"] for n, out in ((small["docs"], small),
                                                                  (docs, big))}  # fmt: skip
    growth = grown[docs] - grown[small["docs"]]
    emit(
        "import_throughput",
        [
            target(
                f"import, parse included ({docs:,} documents, {big['records']:,} records)",
                f"{docs / seconds:,.1f} documents/s ({seconds:.2f} s)",
                f"{docs / floor:,.1f} documents/s (executemany of the same rows)",
                "within 8x",
                f"{ratio:.1f}x",
                ratio <= 8,
            ),
            target(
                "import peak memory (ru_maxrss)",
                f"+{grown[docs]:.1f} MB at N={docs:,}; +{grown[small['docs']]:.1f} MB at "
                f"N={small['docs']:,}",
                f"{big['base_rss_mb']:.1f} MB before the first document",
                "flat in N",
                f"{growth:+.1f} MB for {docs / max(small['docs'], 1):.0f}x the documents",
                growth < 20,
            ),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
