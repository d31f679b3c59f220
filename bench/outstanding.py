"""How fast `hmip-review outstanding` and `hmip-review export` are on 30,000 records.

Run from the repo root::

    python bench/outstanding.py                 # build (or reuse) the database, print figures
    python bench/outstanding.py --records 5000  # a smaller database
    python bench/outstanding.py --rebuild       # build the database again
    python bench/outstanding.py --json          # ... ending with run_all.py's summary line

It builds a database of about ``--records`` records (recommendations plus
judgements) through the store API: the corpus documents (``../shared/corpus``,
or ``samples/`` when that is absent) are parsed once and imported again and
again under fictional establishment names with altered text (so every copy has
its own sha256), and a few extra copies of HMP Belmarsh's plan with later
publication dates, so that "the latest plan" has to be chosen. The database is
kept in the temporary folder and reused while its record count and schema
version match.

Each figure is printed beside its floor, measured in the same run:

* ``hmip-review outstanding belmarsh --format json`` as a subprocess (what a
  user waits for: the console script's code, also as ``python -m tui``, and
  with the project compiled on every run) against the same SQL run by
  ``python -c`` with the sqlite3 module (the Python start-up floor) and by the
  ``sqlite3`` command-line shell; beside them ``import click`` alone and a
  bare one-command click program running the same SQL (what click itself
  costs). The subprocesses take turns, round by round, and read compiled
  modules from a bytecode cache in a temporary folder, as an installed tool
  does, except in the "no bytecode cache" line (``python_env``).
* ``store.reports.outstanding()`` in process against the bare query.
* ``export`` to .sqlite, .csv and .json against a bare backup-API copy.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from bench.cached_database import cached_database, record_count, temp_path  # noqa: E402
from extract import parse_document  # noqa: E402
from extract.formats.read import read_document  # noqa: E402
from store import import_document, open_db  # noqa: E402
from store.ingest.importer import many_documents  # noqa: E402
from store.reports.export import export_database  # noqa: E402
from store.reports.outstanding import _ACTIONS_SQL, find_establishment, outstanding, plans_of  # noqa: E402

AS_OF = date(2022, 6, 30)
QUERY = "belmarsh"
SYLLABLES = ("ash", "brook", "carr", "dun", "elm", "fen", "gar", "hol", "kes", "lark", "mor",
             "pen", "ravens", "salt", "thorn", "wick")  # fmt: skip
ENDINGS = ("ford", "dale", "moor", "field", "ton", "by", "wood", "ham")


def fictional_names(count: int) -> list[str]:
    """``count`` distinct made-up prison names, the same every run."""
    names = [f"HMP {a.title()}{b}" for a in SYLLABLES for b in ENDINGS]
    names += [f"HMP {a.title()} {b.title()}" for a in SYLLABLES for b in SYLLABLES if a != b]
    return names[:count]


def source_documents():
    folder = SHARED / "corpus" if (SHARED / "corpus").is_dir() else ROOT / "samples"
    docs = []
    for path in sorted(folder.glob("*.txt")):
        docs.append(parse_document(read_document(path)))
    return folder, docs


def build(path: Path, target: int) -> None:
    folder, docs = source_documents()
    print(f"building {path} from {len(docs)} documents in {folder} …", flush=True)
    started = time.perf_counter()
    db = open_db(path)
    try:
        with many_documents(db):  # as hmip-review import does: the disk synced once, at the end
            # The real documents as they are, then Belmarsh's plan again, published later.
            for i, doc in enumerate(docs):
                import_document(db, doc, f"original-{i}.txt")
            belmarsh = [
                d for d in docs if d.kind == "action_plan" and d.establishment == "HMP Belmarsh"
            ]
            for n, year in enumerate((2023, 2024, 2025)):
                for doc in belmarsh:
                    copy = dataclasses.replace(
                        doc,
                        text=f"{doc.text}\n[bench: Belmarsh {year}]\n",
                        published=f"{year}-03-01",
                    )
                    import_document(db, copy, f"belmarsh-{year}-{n}.txt")
            names = fictional_names(400)
            copy_no = 0
            while record_count(db) < target:
                for doc in docs:
                    name = names[copy_no % len(names)]
                    year = 2015 + (copy_no // len(names)) % 10
                    copy = dataclasses.replace(
                        doc,
                        text=f"{doc.text}\n[bench copy {copy_no}]\n",
                        establishment=name,
                        published=f"{year}-{1 + copy_no % 12:02d}-15" if doc.published else None,
                    )
                    import_document(db, copy, f"copy-{copy_no}.txt")
                    copy_no += 1
        db.execute("ANALYZE")
        n = record_count(db)
        docs_n = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        db.close()
    print(f"built: {n} records in {docs_n} documents, {time.perf_counter() - started:.0f} s")


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


def ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:7.1f} ms (min {min(times) * 1000:6.1f})"


def equivalent_sql(db_path: Path) -> str:
    """The lookup's SQL with its parameters written in, for the plain-sqlite3 floors."""
    db = open_db(db_path, create=False)
    try:
        plan = plans_of(db, find_establishment(db, QUERY))[0]
    finally:
        db.close()
    return (
        _ACTIONS_SQL.replace(":document_id", str(plan.document_id))
        .replace(":as_of", f"'{AS_OF.isoformat()}'")
        .replace(":overdue_only", "0")
        .strip()
        + ";"
    )


# What the ``hmip-review`` console script runs (pip writes exactly this wrapper).
CONSOLE_SCRIPT = "import re, sys; from tui.cli import main; sys.exit(main())"


COMPILING = (
    "  the same, no bytecode cache"
    if not any((ROOT / package / "__pycache__").is_dir() for package in ("tui", "store"))
    else "  the same, the checkout's __pycache__"
)


BARE_CLICK = """
import json, sqlite3, sys, click
@click.command()
@click.argument("db")
@click.argument("sql")
def main(db, sql):
    click.echo(json.dumps(sqlite3.connect(db).execute(sql).fetchall(), indent=2))
main()
"""


def python_env(cache: Path | None) -> dict[str, str]:
    """The environment for a timed Python subprocess.

    With ``cache``, every module is compiled once into that folder and read from
    it afterwards (the first run fills it), as an installed tool's modules are
    (pip compiles a package it installs; Python compiles an editable one on its
    first run) and as the standard library the floor imports always is. Without,
    no bytecode is written: where the checkout has no ``__pycache__`` (as here,
    where ``PYTHONDONTWRITEBYTECODE=1`` is set), the project's modules are
    compiled from source on every run.
    """
    env = dict(os.environ)
    env.pop("PYTHONPYCACHEPREFIX", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def interleaved(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict:
    """Run each command once per round, ``runs`` rounds, so that load from other
    programs falls on all of them alike; the times of each, by label."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, (cmd, env) in commands.items():
            started = time.perf_counter()
            _quiet(cmd, env)
            times[label].append(time.perf_counter() - started)
    return times


def bench_outstanding(db_path: Path, runs: int) -> dict[str, list[float]]:
    print(f"\noutstanding {QUERY!r} --as-of {AS_OF} --format json ({runs} runs each, interleaved)")
    args = ["outstanding", QUERY, "--as-of", AS_OF.isoformat(), "--format", "json",
            "--db", str(db_path)]  # fmt: skip
    script = [sys.executable, "-c", CONSOLE_SCRIPT, *args]
    module = [sys.executable, "-m", "tui", *args]
    sql = equivalent_sql(db_path)
    code = f"import sqlite3; c = sqlite3.connect({str(db_path)!r}); c.execute({sql!r}).fetchall()"
    floor = [sys.executable, "-c", code]
    # the least a click program can do: one command, the same SQL, its rows as JSON
    bare_click = [sys.executable, "-c", BARE_CLICK, str(db_path), sql]
    with tempfile.TemporaryDirectory() as cache:
        cached, compiling = python_env(Path(cache)), python_env(None)
        out = subprocess.run(script, cwd=ROOT, env=cached, capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
        count = out.count('"action_id"')
        _quiet(floor, cached)  # compiles nothing of ours, but alike
        commands = {
            "hmip-review outstanding (console script)": (script, cached),
            "  the same, python -m tui": (module, cached),
            COMPILING: (script, compiling),
            "floor: python -c sqlite3, same SQL": (floor, cached),
            "  python -c 'import click'": ([sys.executable, "-c", "import click"], cached),
            "  a bare click command, same SQL, JSON": (bare_click, cached),
        }
        shell = shutil.which("sqlite3")
        if shell:
            commands["floor: sqlite3 shell, same SQL"] = ([shell, str(db_path), sql], cached)
        figures = list(interleaved(commands, runs).items())

    db = open_db(db_path, create=False)
    conn = sqlite3.connect(db_path)
    try:
        figures.append(("store.reports.outstanding() in process", timed(lambda: outstanding(db, QUERY, as_of=AS_OF), runs * 4)))  # fmt: skip
        figures.append(("floor: the bare query in process", timed(lambda: conn.execute(sql).fetchall(), runs * 4)))  # fmt: skip
    finally:
        db.close()
        conn.close()
    print(f"  ({count} actions in the answer)")
    for label, times in figures:
        print(f"  {label:<42} {ms(times)}")
    base = statistics.median(dict(figures)["floor: python -c sqlite3, same SQL"])
    for label in (
        "hmip-review outstanding (console script)",
        COMPILING,
        "  a bare click command, same SQL, JSON",
    ):
        ratio = statistics.median(dict(figures)[label]) / base
        print(f"  {label.strip()} / python floor: {ratio:.2f}x   target: within 3x")
    return dict(figures)


def bench_export(db_path: Path, runs: int) -> dict[str, list[float]]:
    print(f"\nexport ({runs} runs each; database {db_path.stat().st_size / 1e6:.0f} MB)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def bare_backup():
            target = tmp / "bare.sqlite"
            target.unlink(missing_ok=True)
            src, dst = sqlite3.connect(db_path), sqlite3.connect(target)
            src.backup(dst)
            dst.close()
            src.close()

        def export(name: str, **kw):
            def run():
                export_database(db_path, tmp / name, force=True, **kw)

            return run

        figures = [("floor: bare backup-API copy", timed(bare_backup, runs))]
        figures.append(("export .sqlite", timed(export("x.sqlite"), runs)))
        figures.append(("export .sqlite --only-verified", timed(export("v.sqlite", only_verified=True), runs)))  # fmt: skip
        figures.append(("export .csv", timed(export("x.csv"), runs)))
        figures.append(("export .json", timed(export("x.json"), runs)))
    floor = statistics.median(figures[0][1])
    for label, times in figures:
        print(f"  {label:<40} {ms(times)}  {statistics.median(times) / floor:5.1f}x floor")
    return dict(figures)


def summary(records: int, lookup: dict[str, list[float]], export: dict[str, list[float]]) -> None:
    """The figures above as the summary line ``run_all.py`` reads."""
    from bench.bench_summary import emit, target

    def median_ms(times: list[float]) -> float:
        return statistics.median(times) * 1000

    floor = median_ms(lookup["floor: python -c sqlite3, same SQL"])
    floor_text = f"{floor:.1f} ms (python -c sqlite3, same SQL)"
    # The target is the console script as installed (its modules compiled once);
    # the run that compiles them every time is reported beside it, without one.
    targets = []
    for label, name, goal in (
        ("hmip-review outstanding (console script)", "the console script", "within 3x"),
        (COMPILING, COMPILING.strip().replace("the same", "the console script"), None),
    ):
        value = median_ms(lookup[label])
        targets.append(
            target(
                f"outstanding at {records:,} records: {name}",
                f"{value:.1f} ms",
                floor_text,
                goal,
                f"{value / floor:.2f}x",
                value / floor <= 3 if goal else None,
            )
        )
    value = median_ms(lookup["store.reports.outstanding() in process"])
    bare = median_ms(lookup["floor: the bare query in process"])
    targets.append(
        target(
            "outstanding in process (store.reports.outstanding())",
            f"{value:.1f} ms",
            f"{bare:.1f} ms (the bare query)",
            None,
            f"{value / bare:.1f}x",
        )
    )
    backup = median_ms(export["floor: bare backup-API copy"])
    for label, times in export.items():
        if label.startswith("export"):
            value = median_ms(times)
            targets.append(
                target(
                    label,
                    f"{value:,.0f} ms",
                    f"{backup:,.0f} ms (backup-API copy)",
                    None,
                    f"{value / backup:.1f}x",
                )
            )
    emit("outstanding", targets)


def _quiet(cmd: list[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )


def database(records: int, path: Path | None = None, rebuild: bool = False) -> Path:
    """The database of at least ``records`` records (bench/merge.py measures on it too)."""
    return cached_database(
        path or temp_path(f"hmip-review-bench-{records}.db"),
        lambda built: build(built, records),
        lambda conn: record_count(conn) >= records,
        rebuild=rebuild,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--db", type=Path, default=None, help="where to build/reuse the database")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="end with a summary line (run_all.py)")
    args = parser.parse_args()
    db_path = database(args.records, args.db, args.rebuild)
    lookup = bench_outstanding(db_path, args.runs)
    export = bench_export(db_path, max(1, args.runs // 2))
    if args.json:
        conn = sqlite3.connect(db_path)
        try:
            n = record_count(conn)
        finally:
            conn.close()
        summary(n, lookup, export)


if __name__ == "__main__":
    main()
