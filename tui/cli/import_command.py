"""``hmip-review import PATH…``: parse documents and store them, one summary row per file."""

from __future__ import annotations

import contextlib
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store.errors import StoreError
from tui.cli.group import _db_option, _error, _new_table, _note, _open_store, db_path_of, this

if TYPE_CHECKING:
    from rich.table import Table

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")
_KIND_LABELS = {"action_plan": "plan", "irp_report": "IRP"}
_FILE_MIN = 8
# above this many files the summary has a row per kind and status, not per file
MANY_FILES = 40


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option(
    "--reparse",
    is_flag=True,
    help=(
        "Parse documents already imported again, in place: every reviewer edit, status "
        "and note is kept, and records the new parse no longer finds are kept, flagged."
    ),
)
def import_command(paths: tuple[Path, ...], db_path: str | None, reparse: bool) -> None:
    """Import action plans and IRP reports from files or folders.

    Folders are searched recursively for .txt, .docx and .pdf files. A file
    already imported with the same text and parser version is skipped. A bad
    file is reported on one line and skipped; the rest are imported, and the
    exit status is 1.
    """
    ok = run_import(db_path_of(db_path), collect(paths), reparse=reparse)
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


def run_import(db_path: Path, files: list[Path], *, reparse: bool) -> bool:
    """Import ``files`` into ``db_path``, report each, return True if none failed.

    Files are read and parsed in worker processes when there are many of them
    and more than one core (``store.ingest.parse_pool``); each is stored here, in file
    order, in its own transaction, and the disk is synced once at the end
    (``store.ingest.importer.many_documents``).
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from store.ingest.importer import import_document
    from store.ingest.parse_pool import ParserCrashed
    from tui.cli.progress import DocumentsPerSecondColumn

    cli = this()
    ParseError = cli.ParseError  # noqa: N806
    err = cli._err_console()
    # A database that does not exist yet is made only once a file parses, so
    # that bad input leaves no new file behind.
    db = None
    results = []
    failed = 0
    # the parse workers start first, before this process opens the database or
    # runs the progress bar's thread, so that they can be forked cheaply and safely
    parsed_files = _parsed(files, cli)
    with contextlib.ExitStack() as stack:
        stack.callback(getattr(parsed_files, "close", lambda: None))  # stops the workers
        if db_path.exists():
            db = _store_for_import(stack, db_path)
        progress = stack.enter_context(
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                DocumentsPerSecondColumn(),
                TextColumn("{task.fields[name]}"),
                console=err,
                transient=True,
                disable=not err.is_terminal,
            )
        )
        task = progress.add_task("Importing", total=len(files), name="")
        interrupted = False
        try:
            for item, parsed, problem in parsed_files:
                progress.update(task, name=item.name)
                try:
                    if problem is not None:
                        raise problem
                    if db is None:
                        db = _store_for_import(stack, db_path)
                    results.append((item, import_document(db, parsed, item.name, reparse=reparse)))
                except (ParseError, StoreError, ParserCrashed) as exc:
                    failed += 1
                    _error(str(item), str(exc), err)
                except Exception as exc:  # a parser bug must not stop the other files
                    failed += 1
                    _error(str(item), f"internal error: {type(exc).__name__}: {exc}", err)
                progress.advance(task)
        except KeyboardInterrupt:  # Ctrl-C: the document being stored was rolled back
            interrupted = True
    if results:
        summary = _summary_table(results) if len(results) <= MANY_FILES else _totals(results)
        Console().print(summary)
    counts = Counter(result.status for _, result in results)
    parts = [f"{n} {status}" for status, n in counts.items()]
    if failed:
        parts.append(f"{failed} failed")
    if interrupted:
        left = len(files) - len(results) - failed
        _note(
            f"interrupted: {', '.join(parts) or 'nothing imported'}, {left} not imported → {db_path}; "
            "every document stored is whole: run the same import again for the rest",
            err,
        )
        sys.exit(130)
    _note(f"{', '.join(parts) or 'nothing to import'} → {db_path}", err)
    return failed == 0


def _store_for_import(stack: contextlib.ExitStack, db_path: Path):
    """The database, opened for this import and closed (after its final sync) at its end."""
    from store.ingest.importer import many_documents

    db = _open_store(db_path, create=True)
    stack.callback(db.close)
    stack.enter_context(many_documents(db))
    return db


def _parsed(files: list[Path], cli):
    """``(path, parsed, error)`` per file, in order: in worker processes when worthwhile.

    Tests replace the parser through ``tui.cli.group``; a replaced parser runs here,
    in this process, where the replacement is.
    """
    import extract
    import extract.formats.read
    import extract.truncated
    from store.ingest.parse_pool import parse_files

    real = (
        cli.parse_document is extract.parse_document
        and cli.read_document is extract.formats.read.read_document
        and cli.check_whole is extract.truncated.check_whole
    )
    if real:
        return parse_files(files)

    def parse_here(path: Path):
        parsed = cli.parse_document(cli.read_document(path))
        cli.check_whole(parsed)
        return parsed

    return parse_files(files, parse_here, workers=1)


def _totals(results) -> Table:
    """For an import of many files: one row per kind and status instead of one per file."""
    groups: dict[tuple[str, str], list[int]] = {}
    for _, result in results:
        s = result.summary
        key = (_KIND_LABELS.get(s.kind, s.kind), result.status)
        row = groups.setdefault(key, [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += s.records
        row[2] += s.actions
        row[3] += s.warnings
        row[4] += 1 if s.warnings else 0
    table = _new_table(f"Import summary: {len(results)} files")
    for name in (
        "kind",
        "status",
        "files",
        "records",
        "actions",
        "warnings",
        "files with warnings",
    ):
        table.add_column(name, justify="left" if name in ("kind", "status") else "right")
    for (kind, status), row in sorted(groups.items()):
        table.add_row(kind, status, *(f"{n:,}" for n in row))
    return table


def _summary_table(results) -> Table:
    from rich.console import Console

    from store.ingest.importer import UNCHANGED

    rows = []
    for path, result in results:
        s = result.summary
        rows.append(
            (
                _display_path(path),
                result.describe(),
                _KIND_LABELS.get(s.kind, s.kind),
                s.establishment or "",
                str(s.records),
                str(s.actions),
                str(s.warnings),
            )
        )
    names = ("file", "status", "kind", "establishment", "records", "actions", "warnings")
    widths = [max(len(name), *(len(row[i]) for row in rows)) for i, name in enumerate(names)]
    width, gaps = Console().width, 3 * (len(names) - 1)
    # a re-parse's status says what changed ('reparsed: 2 updated, 1 added'): it
    # wraps over lines rather than squeeze the other columns
    status_room = width - sum(widths[2:]) - _FILE_MIN - gaps
    widths[1] = max(len(UNCHANGED), min(widths[1], status_room))
    # every other column but the file keeps its full width; a long file name is
    # cut with an ellipsis rather than wrapped over several lines
    room = width - sum(widths[1:]) - gaps
    table = _new_table("Import summary")
    for i, name in enumerate(names):
        numeric = name in ("records", "actions", "warnings")
        table.add_column(
            name,
            justify="right" if numeric else "left",
            no_wrap=name != "status",
            overflow="fold" if name == "status" else "ellipsis",
            width=max(_FILE_MIN, min(widths[0], room)) if name == "file" else widths[i],
        )
    for row in rows:
        table.add_row(*row)
    return table


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else its name."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name
