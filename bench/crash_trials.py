"""Kill hmip-review with SIGKILL at random moments and check that nothing is half-written.

Run from the repo root::

    python bench/crash_trials.py                       # 50 import trials, 50 change trials
    python bench/crash_trials.py --trials 200 --change-trials 200   # the long run (~6 min)
    python bench/crash_trials.py --trials 50 --change-trials 0 --seed 7
    python bench/crash_trials.py --json                # ... ending with run_all.py's summary line

**Import trials.** A folder of documents (``samples/``, ``../shared/corpus``
and the test fixtures' variant documents, copied to a temporary folder) is
imported by ``hmip-review import`` in a subprocess, which is killed with
SIGKILL after a random delay between zero and a little more than a clean
import takes. Then the database is opened and checked: ``PRAGMA
integrity_check`` and ``foreign_key_check`` must pass, and every document in
it must be whole — its records (recommendations or judgements) and actions
exactly as many as a clean parse of its text gives. A trial continues from the
database the last one left (so the kill falls on documents half-way through
the folder), a fresh database every ``--fresh-every`` trials (so it falls on
creating and migrating the file too), and every third trial imports with
``--reparse`` (so it falls in the middle of a re-parse merge).

**Change trials.** A subprocess applies review changes in a loop through
``store.review.changes`` (a status with a note, a note, a new action) and prints one
line per change once it has returned, that is once it is committed; it is
killed after a random delay. Every change it acknowledged must be in the
database: its ``edits`` rows with the values it wrote, its action present, and
each record's note the one its latest committed edit says.

The code under trial (``extract/``, ``store/``, ``tui/``) is copied to the
temporary folder first and every process runs that copy, so the expected
counts and the imports come from the same parser even if the working tree
changes during the run.

It prints the trials run, the partial documents and the lost changes found
(both must be 0) and exits 1 if any were found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SOURCES = (
    REPO / "samples",
    CORPUS,
    REPO / "tests" / "fixtures" / "variants",
    REPO / "tests" / "fixtures" / "irp_variants",
)
REVIEWER = "crash-trial"
PACKAGES = ("extract", "store", "tui")
_CODE: Path | None = None  # the frozen copy the processes run, once ``freeze_code`` made it


def freeze_code(work: Path) -> Path:
    """Copy the packages under trial into ``work/code``; every process from now on runs it."""
    global _CODE
    code = work / "code"
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, code / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    _CODE = code
    return code


def _python(*args: object) -> list[str]:
    return [sys.executable, *(str(a) for a in args)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("HMIP_REVIEW_DB", None)
    if _CODE is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_CODE), env.get("PYTHONPATH")]))
    return env


def _cwd() -> Path:
    return _CODE or REPO


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Expected:
    """What a clean import stores for one document."""

    name: str
    records: int
    actions: int


def gather(sources=SOURCES, into: Path | None = None) -> Path:
    """Copy the ``.txt`` documents of ``sources`` into one folder; return it."""
    folder = into or Path(tempfile.mkdtemp(prefix="hmip-crash-docs-"))
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        if not Path(source).is_dir():
            continue
        for path in sorted(Path(source).glob("*.txt")):
            if path.name.lower() != "readme.txt":
                shutil.copyfile(path, folder / f"{Path(source).name}-{path.name}")
    return folder


def expected_documents(folder: Path) -> dict[str, Expected]:
    """sha256 of each document's text → its clean parse's counts (files that fail are left out).

    Parsed in a subprocess running the code under trial.
    """
    done = subprocess.run(
        _python(Path(__file__).resolve(), "--expected", folder),
        capture_output=True,
        text=True,
        check=True,
        cwd=_cwd(),
        env=_env(),
    )
    return {sha: Expected(*values) for sha, values in json.loads(done.stdout).items()}


def _print_expected(folder: str) -> None:
    from extract import ParseError, parse_document
    from extract.formats.read import read_document
    from extract.truncated import check_whole
    from store.ingest.importer import text_sha256

    out = {}
    for path in sorted(Path(folder).glob("*.txt")):
        try:
            parsed = parse_document(read_document(path))
            check_whole(parsed)
        except ParseError:
            continue
        if parsed.kind == "action_plan":
            records = len(parsed.recommendations)
            actions = sum(len(r.actions) for r in parsed.recommendations)
        else:
            records, actions = len(parsed.judgements), 0
        out[text_sha256(parsed.text)] = (path.name, records, actions)
    print(json.dumps(out))


# --------------------------------------------------------------------------- checking


@dataclass
class Check:
    """What one look at a database after a kill found."""

    integrity: str = "ok"
    documents: int = 0
    partial: list[str] = field(default_factory=list)  # documents not whole

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.partial


def check_database(db_path: Path, expected: dict[str, Expected]) -> Check:
    """Integrity, and every stored document whole (a missing database is fine: nothing began)."""
    check = Check()
    if not db_path.exists():
        return check
    conn = sqlite3.connect(db_path)  # a plain connection: recovers the WAL like any reader
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        check.integrity = "; ".join(str(r[0]) for r in rows)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            check.integrity += f"; {len(problems)} foreign key problems"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return check  # killed before the first migration committed: no schema, no data
        for doc_id, sha, kind in conn.execute("SELECT id, sha256, kind FROM documents"):
            check.documents += 1
            want = expected.get(sha)
            records = conn.execute(
                "SELECT (SELECT COUNT(*) FROM recommendations WHERE document_id = :d) "
                "+ (SELECT COUNT(*) FROM judgements WHERE document_id = :d)",
                {"d": doc_id},
            ).fetchone()[0]
            actions = conn.execute(
                "SELECT COUNT(*) FROM actions a JOIN recommendations r "
                "ON r.id = a.recommendation_id WHERE r.document_id = ?",
                [doc_id],
            ).fetchone()[0]
            if want is None:
                check.partial.append(f"document {doc_id} ({kind}): not one of the folder's")
            elif (records, actions) != (want.records, want.actions):
                check.partial.append(
                    f"{want.name}: {records} records and {actions} actions, "
                    f"a clean parse gives {want.records} and {want.actions}"
                )
    finally:
        conn.close()
    return check


# --------------------------------------------------------------------------- processes


def hmip_review(*args: object) -> list[str]:
    """The command line of ``hmip-review ARGS`` run by this Python."""
    return _python("-m", "tui", *args)


def run_killed(command: list[str], delay: float, *, collect: bool = False):
    """Start ``command``, SIGKILL it after ``delay`` seconds (unless it ended first).

    Returns (killed, exit status, complete stdout lines when ``collect``).
    """
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE if collect else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=_cwd(),
        env=_env(),
        text=True,
    )
    lines: list[str] = []
    reader = None
    if collect:

        def read() -> None:
            for line in process.stdout:
                if line.endswith("\n"):  # a line cut by the kill was never acknowledged
                    lines.append(line.rstrip("\n"))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
    try:
        process.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        process.kill()  # SIGKILL
        process.wait()
        killed = True
    if reader is not None:
        reader.join(timeout=10)
    return killed, process.returncode, lines


def clean_import_seconds(folder: Path, work: Path) -> float:
    """How long a clean import of ``folder`` into a new database takes."""
    db = work / "timing.db"
    start = time.perf_counter()
    subprocess.run(
        hmip_review("import", folder, "--db", db),
        capture_output=True,
        check=False,
        cwd=_cwd(),
        env=_env(),
    )
    took = time.perf_counter() - start
    for path in work.glob("timing.db*"):
        path.unlink()
    return took


@dataclass
class ImportTrials:
    trials: int = 0
    killed: int = 0
    partial: int = 0  # documents found not whole, over all trials
    bad_integrity: int = 0
    found: list[int] = field(default_factory=list)  # documents in the database after each kill
    failures: list[str] = field(default_factory=list)


def import_trials(
    folder: Path,
    work: Path,
    trials: int,
    *,
    seed: int = 0,
    fresh_every: int = 4,
    delays: list[float] | None = None,
) -> ImportTrials:
    """Run ``trials`` killed imports of ``folder`` (``delays`` as fractions of a clean import)."""
    rng = random.Random(seed)
    expected = expected_documents(folder)
    span = clean_import_seconds(folder, work) * 1.1
    db = work / "crash.db"
    result = ImportTrials()
    for trial in range(trials):
        if trial % fresh_every == 0:
            for path in work.glob("crash.db*"):
                path.unlink()
        reparse = trial % 3 == 2 and db.exists()
        fraction = delays[trial % len(delays)] if delays else rng.random()
        command = hmip_review("import", folder, "--db", db, *(["--reparse"] if reparse else []))
        killed, status, _ = run_killed(command, fraction * span)
        result.trials += 1
        result.killed += killed
        check = check_database(db, expected)
        result.partial += len(check.partial)
        if killed:
            result.found.append(check.documents)
        result.bad_integrity += check.integrity != "ok"
        if not check.ok:
            result.failures.append(
                f"trial {trial} (killed after {fraction * span:.3f}s, reparse={reparse}): "
                f"{check.integrity}; {check.partial}"
            )
        if not killed and status not in (0, 1):
            result.failures.append(f"trial {trial}: import ended with status {status}")
    return result


# --------------------------------------------------------------------------- review changes


def change_worker(db_path: str, start: int) -> None:
    """Apply review changes in a loop, printing one line per committed change (the child)."""
    from store import open_db
    from store.domain import RECOMMENDATION
    from store.review import changes

    db = open_db(db_path, create=False)
    ids = [r[0] for r in db.execute("SELECT id FROM recommendations ORDER BY id")]
    statuses = ("verified", "flagged", "rejected", "unreviewed")
    i = start
    while True:
        rec = ids[i % len(ids)]
        kind = i % 3
        if kind == 0:
            status = statuses[(i // 3) % len(statuses)]
            done = changes.set_status(db, REVIEWER, (RECOMMENDATION, rec), status, note=f"s{i}")
        elif kind == 1:
            done = changes.update_recommendation(db, REVIEWER, rec, note=f"n{i}")
        else:
            done = changes.add_action(db, REVIEWER, rec, owner=f"Owner {i}", target="March 2030")
        print(json.dumps({"change": done.change_id, "kind": kind, "rec": rec, "i": i}), flush=True)
        i += 1


def changes_database(folder: Path, db: Path) -> None:
    """A database holding ``folder``'s documents, for the change trials."""
    subprocess.run(
        hmip_review("import", folder, "--db", db),
        capture_output=True,
        check=False,
        cwd=_cwd(),
        env=_env(),
    )


@dataclass
class ChangeTrials:
    trials: int = 0
    acknowledged: int = 0
    lost: int = 0
    failures: list[str] = field(default_factory=list)


def check_changes(db_path: Path, acks: list[dict]) -> list[str]:
    """Every acknowledged change present; each record's note as its latest edit says."""
    conn = sqlite3.connect(db_path)
    problems = []
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity: {integrity}")
        for ack in acks:
            rows = conn.execute(
                "SELECT table_name, row_id, field, new FROM edits WHERE change_id = ?",
                [ack["change"]],
            ).fetchall()
            if not rows:
                problems.append(f"change {ack['change']} (step {ack['i']}) is missing")
                continue
            if (
                ack["kind"] == 1
                and ("recommendations", ack["rec"], "note", f'"n{ack["i"]}"') not in rows
            ):
                problems.append(f"change {ack['change']}: note n{ack['i']} not in its edits")
            if ack["kind"] == 2:
                found = conn.execute(
                    "SELECT COUNT(*) FROM actions WHERE recommendation_id = ? AND owner = ?",
                    [ack["rec"], f"Owner {ack['i']}"],
                ).fetchone()[0]
                if found != 1:
                    problems.append(f"change {ack['change']}: action Owner {ack['i']} missing")
        for rec in {a["rec"] for a in acks}:
            latest = conn.execute(
                "SELECT new FROM edits WHERE table_name = 'recommendations' AND row_id = ? "
                "AND field = 'note' ORDER BY id DESC LIMIT 1",
                [rec],
            ).fetchone()
            note = conn.execute("SELECT note FROM recommendations WHERE id = ?", [rec]).fetchone()
            if latest and json.loads(latest[0]) != note[0]:
                problems.append(
                    f"recommendation {rec}: note {note[0]!r}, its trail says {latest[0]}"
                )
    finally:
        conn.close()
    return problems


def change_trials(
    folder: Path, work: Path, trials: int, *, seed: int = 0, longest: float = 1.5
) -> ChangeTrials:
    """Run ``trials`` killed change loops on one database; check each one's acknowledgements."""
    rng = random.Random(seed + 1)
    db = work / "changes.db"
    for path in work.glob("changes.db*"):
        path.unlink()
    changes_database(folder, db)
    result = ChangeTrials()
    start = 0
    for trial in range(trials):
        command = _python(Path(__file__).resolve(), "--change-worker", db, "--start", start)
        # at least the start-up time (~0.3 s), so that most trials kill mid-change
        delay = 0.3 + rng.random() * longest
        _, _, lines = run_killed(command, delay, collect=True)
        acks = [json.loads(line) for line in lines if line.startswith("{")]
        start += len(acks) + 1
        result.trials += 1
        result.acknowledged += len(acks)
        problems = check_changes(db, acks)
        result.lost += len(problems)
        result.failures.extend(f"trial {trial}: {p}" for p in problems)
    return result


# --------------------------------------------------------------------------- main


def summary(imports: ImportTrials, changes: ChangeTrials, documents: int) -> None:
    """The counts above as the summary line ``run_all.py`` reads."""
    from bench.bench_summary import emit, target

    emit(
        "crash_trials",
        [
            target(
                f"SIGKILL mid-import ({imports.killed} of {imports.trials} killed mid-import)",
                f"{imports.partial} partial documents, {imports.bad_integrity} integrity failures",
                f"{documents} documents per import",
                "0 partial, 0 failures",
                f"{len(imports.failures)} problems",
                not imports.failures,
            ),
            target(
                f"SIGKILL mid-change ({changes.trials} trials)",
                f"{changes.lost} lost of {changes.acknowledged:,} acknowledged changes",
                None,
                "0 lost",
                f"{len(changes.failures)} problems",
                not changes.failures,
            ),
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50, help="killed imports (default 50)")
    parser.add_argument(
        "--change-trials", type=int, default=50, help="killed change loops (default 50)"
    )
    parser.add_argument("--json", action="store_true", help="end with a summary line (run_all.py)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fresh-every", type=int, default=4)
    parser.add_argument("--change-worker", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--expected", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.change_worker:
        change_worker(args.change_worker, args.start)
        return 0
    if args.expected:
        _print_expected(args.expected)
        return 0

    work = Path(tempfile.mkdtemp(prefix="hmip-crash-"))
    try:
        freeze_code(work)
        folder = gather(into=work / "docs")
        documents = len(expected_documents(folder))
        print(f"documents: {documents} in {folder}", flush=True)
        started = time.perf_counter()
        imports = import_trials(
            folder, work, args.trials, seed=args.seed, fresh_every=args.fresh_every
        )
        print(
            f"import trials: {imports.trials} run, {imports.killed} killed mid-import, "
            f"partial documents left: {imports.partial}, integrity failures: "
            f"{imports.bad_integrity} ({time.perf_counter() - started:.0f}s)",
            flush=True,
        )
        print(
            f"  documents whole in the database after a kill: {min(imports.found, default=0)}"
            f" to {max(imports.found, default=0)} of {documents}",
            flush=True,
        )
        started = time.perf_counter()
        changes = change_trials(folder, work, args.change_trials, seed=args.seed)
        print(
            f"change trials: {changes.trials} run, {changes.acknowledged} changes acknowledged, "
            f"lost: {changes.lost} ({time.perf_counter() - started:.0f}s)",
            flush=True,
        )
        for failure in imports.failures + changes.failures:
            print(f"  {failure}")
        if args.json:
            summary(imports, changes, documents)
        return 1 if imports.failures or changes.failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
