"""``hmip-review import PATH…``: parse documents and store them, one summary row per file.

The import itself is ``store.ingest.pipeline``; this module finds the files,
and shows the import: the progress bar, one line per bad file, the summary
table, the closing line and the exit status.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.ingest.parse_pool import DEFAULT_MEMORY, DEFAULT_SECONDS
from tui.cli.collaborators import Collaborators, pass_collaborators
from tui.cli.options import db_option, db_path_of
from tui.cli.output import err_console, error, note

if TYPE_CHECKING:
    from rich.console import Console

    from store.ingest.pipeline import FileOutcome, ImportReport, ImportRun

DOCUMENT_SUFFIXES = (".txt", ".docx", ".odt", ".pdf")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--reparse",
    is_flag=True,
    help=(
        "Parse documents already imported again, in place: every reviewer edit, status "
        "and note is kept, and records the new parse no longer finds are kept, flagged."
    ),
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help=(
        "Stop reading a file that takes longer than this (0: no time limit): it is "
        "reported on one line and the others go on. On Linux each file may also use at "
        f"most {DEFAULT_MEMORY // 1024**3} GiB of memory."
    ),
)
@pass_collaborators
def import_command(
    app: Collaborators,
    paths: tuple[Path, ...],
    db_path: str | None,
    reparse: bool,
    timeout: float,
) -> None:
    """Import action plans and IRP reports from files or folders.

    Folders are searched recursively for .txt, .docx, .odt and .pdf files. A file
    already imported with the same text and parser version is skipped. An
    action plan whose table cannot be read is stored with no records, to be
    marked by hand in the review app. A bad file, or one that takes longer
    than --timeout to read, is reported on one line and skipped; the rest are
    imported, and the exit status is 1.
    """
    ok = run_import(
        db_path_of(db_path), collect(paths), reparse=reparse, parse=app.parse, timeout=timeout
    )
    sys.exit(0 if ok else 1)


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files to import, in order: each file as given, each folder's documents sorted.

    A path that does not exist is kept, so that reading it reports it.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    (
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and p.suffix.lower() in DOCUMENT_SUFFIXES
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    ),
                    key=lambda p: _natural_key(p.relative_to(path).as_posix()),
                )
            )
        else:
            files.append(path)
    return files


def _natural_key(name: str) -> list:
    """Sort 'plan_2' before 'plan_10', ignoring case."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t.lower()) for t in re.split(r"(\d+)", name)]


def run_import(
    db_path: Path,
    files: list[Path],
    *,
    reparse: bool,
    parse: Callable[[Path], object] | None = None,
    timeout: float | None = DEFAULT_SECONDS,
) -> bool:
    """Import ``files`` into ``db_path``, showing it; True if none failed.

    ``parse``: None for the importer's own, run in worker processes, each
    file stopped after ``timeout`` seconds (None or 0: never) and, on Linux,
    at ``DEFAULT_MEMORY``; else a function run in this process, with no limit.
    Exits 1 with one line if the database cannot be opened, and 130 on Ctrl-C.
    """
    from rich.console import Console

    from store.errors import StoreError
    from store.ingest.parse_pool import Limits
    from store.ingest.pipeline import ImportRun
    from tui.cli.import_summary import same_text_notes, summary_table

    err = err_console()
    if parse is None:
        how = {"limits": Limits(seconds=timeout or None, memory=DEFAULT_MEMORY)}
    else:
        how = {"parse": parse, "workers": 1, "limits": None}
    try:
        # the parse workers start as the run is entered: before the database is
        # opened and before the progress bar starts its thread (see
        # store.ingest.pipeline)
        with ImportRun(db_path, files, reparse=reparse, **how) as run:
            report = _store_showing_progress(run, err)
    except StoreError as exc:  # the database cannot be opened or made
        note(f"error: {exc}", err)
        sys.exit(1)
    if report.results:
        Console().print(summary_table(report.results))
        for line in same_text_notes(report.results):
            note(f"note: {line}", err)
    parts = [f"{n} {status}" for status, n in report.statuses().items()]
    if report.failed:
        parts.append(f"{report.failed} failed")
    if report.interrupted:
        note(
            f"interrupted: {', '.join(parts) or 'nothing imported'}, {report.not_imported} "
            f"not imported → {db_path}; "
            "every document stored is whole: run the same import again for the rest",
            err,
        )
        sys.exit(130)
    note(f"{', '.join(parts) or 'nothing to import'} → {db_path}", err)
    return report.failed == 0


def no_records_note(unread: str) -> str:
    """What the import says of a plan stored without records, after its file's name."""
    return (
        f"stored with no records ({' '.join(unread.split())}): open it in the review app "
        "and mark them by hand (n on a selection)"
    )


def _store_showing_progress(run: ImportRun, err: Console) -> ImportReport:
    """``run.store_all()`` under a progress bar (on a terminal), one line per bad file."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from tui.cli.progress import DocumentsPerSecondColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        DocumentsPerSecondColumn(),
        TextColumn("{task.fields[name]}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Importing", total=len(run.files), name="")

        def done(outcome: FileOutcome) -> None:
            if outcome.error is not None:
                error(str(outcome.path), outcome.error, err)
            elif outcome.unread is not None:
                note(f"warning: {outcome.path}: {no_records_note(outcome.unread)}", err)
            progress.advance(task)

        return run.store_all(starting=lambda path: progress.update(task, name=path.name), done=done)
